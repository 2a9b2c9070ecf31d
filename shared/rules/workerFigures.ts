// T6 网格员履职考核表 (issue 12): a month's figures per grid worker, as a pure dated rule over plain facts.
//
// Decisions where the docs are silent (written here as T1–T3's are):
// - Who is assessed: staff whose role is 网格长, 专职网格员 or 兼职网格员, serving at least one grid open at month end,
//   and in post during the month (start date empty or ≤ month end, end date empty or ≥ the month's first day).
// - A worker's households are those of the grids they serve. A household served by two workers counts for both.
// - 应走访户 (due): households whose visit period (householdClass.ts: calendar-aligned, 重点户 monthly and 普通户
//   quarterly by default) ends in the month; the class is taken at month end. 已走访 (visited): those with a visit
//   that stands dated within that period and on or before month end — by any worker (a visit counts for the household,
//   not for whoever wrote it; the grid's workers share the duty).
// - 重点户走访率 = 重点户 visited ÷ 重点户 due; 走访率 = visited ÷ due.
// - 上报事件 (reported): events that stand with this worker as reporter, reported in the month.
// - 按期办结 (closedInTime): of this worker's events whose 办结 deadline (reportedOn + the event desk's three limits
//   together — 受理 + 分流 + 办结 working days, wholeCycleDays: the worker answers for the whole cycle —, counted from the day after, with the town's calendar corrections) falls in the month (closeDue), those closed on or
//   before the deadline. An event counts as closed on its first step into 办结 (closed) or later (rated).
// - 得分 (score, 0–100, one decimal): each part's ratio times its weight (rule settings t6Weights), summed and divided
//   by the sum of the weights of the parts that apply, times 100. Parts: 走访率, 重点户走访率, 事件上报
//   (min(1, reported ÷ t6ReportTarget)), 按期办结率. A part with a zero denominator (no household due, no event due to
//   close) does not apply and its weight is left out; 事件上报 always applies. No weight at all gives null.
import { rate } from './indicators';
import { cycleMonths, periodEndsIn, visitPeriod, type HouseholdClass } from './householdClass';
import { firstDayOfMonth, lastDayOfMonth } from './dates';
import type { RuleSettings } from './ruleSettings';

export const ASSESSED_ROLES = ['01', '02', '03'] as const;
/** One collator for the rows' order (localeCompare with a locale builds one per call). */
const ZH = new Intl.Collator('zh');

export interface WorkerFacts {
  id: number;
  name: string;
  role: string;
  startDate: string | null;
  endDate: string | null;
  gridIds: readonly number[];
}

export interface GridRef {
  id: number;
  name: string;
  village: string;
  closedOn: string | null;
}

export interface HouseholdVisitFacts {
  id: number;
  gridId: number | null;
  cls: HouseholdClass;
  /** Dates of the visits that stand, any order. */
  visits: readonly string[];
}

export interface EventFacts {
  id: number;
  reporterStaffId: number | null;
  reportedOn: string;
  /** The date it was first closed (办结), or null. */
  closedOn: string | null;
  /** reportedOn + the close limit in working days. */
  closeDeadline: string;
}

export interface T6Row {
  staffId: number;
  worker: string;
  village: string;
  grids: string;
  households: number;
  due: number;
  visited: number;
  visitRate: number | null;
  keyDue: number;
  keyVisited: number;
  keyVisitRate: number | null;
  reported: number;
  closeDue: number;
  closedInTime: number;
  closedInTimeRate: number | null;
  score: number | null;
}

export interface T6Members {
  households: number[];
  due: number[];
  visited: number[];
  keyDue: number[];
  keyVisited: number[];
  reported: number[];
  closeDue: number[];
  closedInTime: number[];
}

type Rules = Pick<RuleSettings, 'householdVisitMonths' | 't6Weights' | 't6ReportTarget'>;

export function t6Score(r: Pick<T6Row, 'due' | 'visited' | 'keyDue' | 'keyVisited' | 'reported' | 'closeDue' | 'closedInTime'>, rules: Rules): number | null {
  const w = rules.t6Weights;
  const parts: [number, number | null][] = [
    [w.visits, r.due > 0 ? r.visited / r.due : null],
    [w.keyVisits, r.keyDue > 0 ? r.keyVisited / r.keyDue : null],
    [w.reports, Math.min(1, r.reported / rules.t6ReportTarget)],
    [w.closedInTime, r.closeDue > 0 ? r.closedInTime / r.closeDue : null],
  ];
  const applying = parts.filter(([, ratio]) => ratio !== null) as [number, number][];
  const weight = applying.reduce((s, [wt]) => s + wt, 0);
  if (weight === 0) return null;
  const earned = applying.reduce((s, [wt, ratio]) => s + wt * ratio, 0);
  return Math.round((earned / weight) * 1000) / 10;
}

export function workerAssessed(w: WorkerFacts, month: string): boolean {
  const from = firstDayOfMonth(month);
  const to = lastDayOfMonth(month);
  return (ASSESSED_ROLES as readonly string[]).includes(w.role) && (w.startDate === null || w.startDate <= to) && (w.endDate === null || w.endDate >= from);
}

/** One household's state for the month: whether it is due and visited. */
export function householdMonth(h: HouseholdVisitFacts, month: string, rules: Rules): { due: boolean; visited: boolean } {
  const months = cycleMonths(h.cls, rules);
  if (!periodEndsIn(month, months)) return { due: false, visited: false };
  const { from } = visitPeriod(lastDayOfMonth(month), months);
  const to = lastDayOfMonth(month);
  return { due: true, visited: h.visits.some((d) => d >= from && d <= to) };
}

export function t6Figures(
  month: string,
  facts: { workers: readonly WorkerFacts[]; grids: readonly GridRef[]; households: readonly HouseholdVisitFacts[]; events: readonly EventFacts[] },
  rules: Rules,
): { rows: (T6Row & { members: T6Members })[]; total: T6Row } {
  const monthEnd = lastDayOfMonth(month);
  const gridById = new Map(facts.grids.map((g) => [g.id, g]));
  const byGrid = new Map<number, HouseholdVisitFacts[]>();
  for (const h of facts.households) {
    if (h.gridId === null) continue;
    const list = byGrid.get(h.gridId) ?? [];
    list.push(h);
    byGrid.set(h.gridId, list);
  }
  // The assessment window of each class for the month (null: not due this month), worked out once.
  const windowOf = (cls: HouseholdClass) => {
    const months = cycleMonths(cls, rules);
    return periodEndsIn(month, months) ? { from: visitPeriod(monthEnd, months).from, to: monthEnd } : null;
  };
  const windows = { 重点户: windowOf('重点户'), 普通户: windowOf('普通户') };
  const state = new Map(
    facts.households.map((h) => {
      const w = windows[h.cls];
      return [h.id, w ? { due: true, visited: h.visits.some((d) => d >= w.from && d <= w.to) } : { due: false, visited: false }];
    }),
  );
  const cls = new Map(facts.households.map((h) => [h.id, h.cls]));
  const rows = facts.workers
    .filter((w) => workerAssessed(w, month))
    .map((w) => ({ w, grids: w.gridIds.map((id) => gridById.get(id)).filter((g): g is GridRef => g !== undefined && (g.closedOn === null || g.closedOn > monthEnd)) }))
    .filter(({ grids }) => grids.length > 0)
    .map(({ w, grids }) => {
      const households = grids.flatMap((g) => byGrid.get(g.id) ?? []).map((h) => h.id);
      const due = households.filter((id) => state.get(id)!.due);
      const visited = due.filter((id) => state.get(id)!.visited);
      const keyDue = due.filter((id) => cls.get(id) === '重点户');
      const keyVisited = visited.filter((id) => cls.get(id) === '重点户');
      const mine = facts.events.filter((e) => e.reporterStaffId === w.id);
      const reported = mine.filter((e) => e.reportedOn.slice(0, 7) === month).map((e) => e.id);
      const closeDueEvents = mine.filter((e) => e.closeDeadline.slice(0, 7) === month);
      const closedInTime = closeDueEvents.filter((e) => e.closedOn !== null && e.closedOn <= e.closeDeadline).map((e) => e.id);
      const members: T6Members = { households, due, visited, keyDue, keyVisited, reported, closeDue: closeDueEvents.map((e) => e.id), closedInTime };
      const counts = {
        households: households.length, due: due.length, visited: visited.length, keyDue: keyDue.length, keyVisited: keyVisited.length,
        reported: reported.length, closeDue: closeDueEvents.length, closedInTime: closedInTime.length,
      };
      const villages = [...new Set(grids.map((g) => g.village))];
      return {
        staffId: w.id,
        worker: w.name,
        village: villages.join('、'),
        grids: grids.map((g) => g.name).join('、'),
        ...counts,
        visitRate: rate(counts.visited, counts.due),
        keyVisitRate: rate(counts.keyVisited, counts.keyDue),
        closedInTimeRate: rate(counts.closedInTime, counts.closeDue),
        score: t6Score(counts, rules),
        members,
      };
    })
    .sort((a, b) => ZH.compare(a.village, b.village) || ZH.compare(a.grids, b.grids) || a.staffId - b.staffId);
  const sum = (k: keyof T6Members) => rows.reduce((s, r) => s + r.members[k].length, 0);
  // 合计 counts each worker's share (a household served by two workers counts twice, as in their rows).
  const totals = {
    households: sum('households'), due: sum('due'), visited: sum('visited'), keyDue: sum('keyDue'), keyVisited: sum('keyVisited'),
    reported: sum('reported'), closeDue: sum('closeDue'), closedInTime: sum('closedInTime'),
  };
  const scores = rows.map((r) => r.score).filter((s): s is number => s !== null);
  return {
    rows,
    total: {
      staffId: 0,
      worker: '合计',
      village: '',
      grids: '',
      ...totals,
      visitRate: rate(totals.visited, totals.due),
      keyVisitRate: rate(totals.keyVisited, totals.keyDue),
      closedInTimeRate: rate(totals.closedInTime, totals.closeDue),
      // 合计's score is the workers' average (a score is not a sum).
      score: scores.length ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10 : null,
    },
  };
}

/** The assessment's deadline for closing a reported event: the event desk's three limits together (rule settings). */
export const wholeCycleDays = (rules: { eventAcceptDays: number; eventRouteDays: number; eventCloseDays: number }): number =>
  rules.eventAcceptDays + rules.eventRouteDays + rules.eventCloseDays;
