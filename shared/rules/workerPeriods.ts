// 周巡查、月考核、年评比 (issue 12): grid workers are assessed weekly, monthly and yearly. The month is T6
// (workerFigures.ts); this file adds the week and the year, as pure dated rules over plain facts (facts dated after the
// period are not seen).
//
// Decisions where the docs are silent (written here as T1–T6's are):
// - 周 is the ISO week, Monday to Sunday; any day of it names it (weekOf).
// - Who is looked at in a week: T6's roles, in post on some day of the week, serving at least one grid open at the
//   week's end (Sunday). A worker's households are those of those grids; a household's class is taken on the Sunday.
// - 本周应走访 (due): a household still owed a visit, as of the Monday, for a visit period that overlaps the week — a
//   重点户 (monthly by default) is due in every week of its month until it is visited, a 普通户 (quarterly) in every week
//   of its quarter until it is visited; a period that begins within the week is owed from its first day (so in the
//   week of a month's turn every 重点户 is due for the new month). A household visited earlier in its period is not due
//   that week. 本周已走访 (visited): of those, the ones with a visit that stands dated in the week within a period it
//   was owed for, by any worker (as in T6). 走访率 = visited ÷ due; 重点户 likewise.
// - 走访次数 (visits): the visits this worker wrote (record.staff_id) dated in the week, whoever's household. 发现问题
//   (findings): those of them that an event came of (an event that stands with the visit as its source, reported by the
//   Sunday). 上报事件 (reported): events that stand with this worker as reporter, reported in the week.
// - The week has no score: 周巡查 checks progress within the month or quarter (the month's T6 scores it); a score
//   made of a week's share of a quarter's visits would punish the quarter's first weeks.
// - 年评比: each worker's 12 monthly T6 scores (null for a month not yet come, before the town's first month, or when
//   they were not assessed or had no score); 年度平均分 = the mean of the months with a score, one decimal; no such
//   month gives no average, no rank and no grade.
// - 排名: among the town's workers with an average, highest first; equal averages share a rank (1, 1, 3).
// - 等级 (rule settings t6YearGrades): 不合格 below passScore; 优秀 for ranks within the top excellentShare % of the
//   ranked workers (places = ⌊n × share ÷ 100⌋, so the share is never exceeded except by a tie on the last place,
//   which all tied workers take) whose average also reaches excellentMinScore (and passScore); everyone else 合格.
import { addDays, formatDate, isValidDate } from './dates';
import { cycleMonths, visitPeriod, type HouseholdClass } from './householdClass';
import { rate } from './indicators';
import type { RuleSettings } from './ruleSettings';
import { ASSESSED_ROLES, type GridRef, type HouseholdVisitFacts, type WorkerFacts } from './workerFigures';

const ZH = new Intl.Collator('zh');

/** The ISO week (Monday–Sunday) a date falls in. */
export function weekOf(date: string): { from: string; to: string } {
  if (!isValidDate(date)) throw new Error(`not a date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 0 = Monday … 6 = Sunday.
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  const from = addDays(formatDate(y, m, d), -weekday);
  return { from, to: addDays(from, 6) };
}

/** The ISO week number and its year (a week belongs to the year of its Thursday): 第 n 周. */
export function isoWeekNumber(date: string): { year: number; week: number } {
  const thursday = addDays(weekOf(date).from, 3);
  const year = Number(thursday.slice(0, 4));
  const jan1 = Date.UTC(year, 0, 1);
  const t = Date.UTC(year, Number(thursday.slice(5, 7)) - 1, Number(thursday.slice(8, 10)));
  return { year, week: Math.floor((t - jan1) / 86_400_000 / 7) + 1 };
}

export function inPost(w: Pick<WorkerFacts, 'role' | 'startDate' | 'endDate'>, from: string, to: string): boolean {
  return (ASSESSED_ROLES as readonly string[]).includes(w.role) && (w.startDate === null || w.startDate <= to) && (w.endDate === null || w.endDate >= from);
}

type VisitRules = Pick<RuleSettings, 'householdVisitMonths'>;

/** For a cycle, the periods overlapping the week: from the period's first day, owed unless visited by `before`; visited within [from, to]. */
interface WeekWindow {
  periodFrom: string;
  before: string;
  from: string;
  to: string;
}

function weekWindows(months: number, week: { from: string; to: string }): WeekWindow[] {
  const periods = [visitPeriod(week.from, months), visitPeriod(week.to, months)].filter((p, i, all) => i === 0 || p.from !== all[0]!.from);
  const before = addDays(week.from, -1);
  return periods.map((p) => ({ periodFrom: p.from, before, from: p.from > week.from ? p.from : week.from, to: p.to < week.to ? p.to : week.to }));
}

function stateIn(visits: readonly string[], windows: readonly WeekWindow[]): { due: boolean; visited: boolean } {
  let due = false;
  let visited = false;
  for (const w of windows) {
    if (visits.some((d) => d >= w.periodFrom && d <= w.before)) continue;
    due = true;
    if (visits.some((d) => d >= w.from && d <= w.to)) visited = true;
  }
  return { due, visited };
}

/** One household's state in a week: due (owed a visit as of the Monday for a period overlapping the week) and visited. */
export function householdWeek(h: Pick<HouseholdVisitFacts, 'cls' | 'visits'>, week: { from: string; to: string }, rules: VisitRules): { due: boolean; visited: boolean } {
  return stateIn(h.visits, weekWindows(cycleMonths(h.cls, rules), week));
}

export interface WeekVisitFacts {
  staffId: number;
  date: string;
  /** An event that stands came of this visit, reported by the week's end. */
  finding: boolean;
}

export interface WeekEventFacts {
  id: number;
  reporterStaffId: number | null;
  reportedOn: string;
}

export interface WeekRow {
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
  visits: number;
  findings: number;
  reported: number;
}

export function weekFigures(
  date: string,
  facts: { workers: readonly WorkerFacts[]; grids: readonly GridRef[]; households: readonly HouseholdVisitFacts[]; visits: readonly WeekVisitFacts[]; events: readonly WeekEventFacts[] },
  rules: VisitRules,
): { from: string; to: string; rows: WeekRow[]; total: WeekRow } {
  const week = weekOf(date);
  const gridById = new Map(facts.grids.map((g) => [g.id, g]));
  const byGrid = new Map<number, HouseholdVisitFacts[]>();
  for (const h of facts.households) {
    if (h.gridId === null) continue;
    const list = byGrid.get(h.gridId);
    if (list) list.push(h);
    else byGrid.set(h.gridId, [h]);
  }
  // The windows of each class worked out once; visits after the Sunday are not seen (no window reaches past it).
  const windows = { 重点户: weekWindows(cycleMonths('重点户', rules), week), 普通户: weekWindows(cycleMonths('普通户', rules), week) };
  const state = new Map(facts.households.map((h) => [h.id, stateIn(h.visits, windows[h.cls])]));
  const cls = new Map<number, HouseholdClass>(facts.households.map((h) => [h.id, h.cls]));
  const inWeek = (d: string) => d >= week.from && d <= week.to;
  // Each worker's visits and reports in the week, grouped once.
  const visitsOf = new Map<number, { visits: number; findings: number }>();
  for (const v of facts.visits) {
    if (!inWeek(v.date)) continue;
    const c = visitsOf.get(v.staffId) ?? { visits: 0, findings: 0 };
    c.visits += 1;
    if (v.finding) c.findings += 1;
    visitsOf.set(v.staffId, c);
  }
  const reportsOf = new Map<number, number>();
  for (const e of facts.events) if (e.reporterStaffId !== null && inWeek(e.reportedOn)) reportsOf.set(e.reporterStaffId, (reportsOf.get(e.reporterStaffId) ?? 0) + 1);
  const rows = facts.workers
    .filter((w) => inPost(w, week.from, week.to))
    .map((w) => ({ w, grids: w.gridIds.map((id) => gridById.get(id)).filter((g): g is GridRef => g !== undefined && (g.closedOn === null || g.closedOn > week.to)) }))
    .filter(({ grids }) => grids.length > 0)
    .map(({ w, grids }): WeekRow => {
      const households = grids.flatMap((g) => byGrid.get(g.id) ?? []).map((h) => h.id);
      const due = households.filter((id) => state.get(id)!.due);
      const visited = due.filter((id) => state.get(id)!.visited);
      const keyDue = due.filter((id) => cls.get(id) === '重点户').length;
      const keyVisited = visited.filter((id) => cls.get(id) === '重点户').length;
      const mine = visitsOf.get(w.id) ?? { visits: 0, findings: 0 };
      return {
        staffId: w.id,
        worker: w.name,
        village: [...new Set(grids.map((g) => g.village))].join('、'),
        grids: grids.map((g) => g.name).join('、'),
        households: households.length,
        due: due.length,
        visited: visited.length,
        visitRate: rate(visited.length, due.length),
        keyDue,
        keyVisited,
        keyVisitRate: rate(keyVisited, keyDue),
        visits: mine.visits,
        findings: mine.findings,
        reported: reportsOf.get(w.id) ?? 0,
      };
    })
    .sort((a, b) => ZH.compare(a.village, b.village) || ZH.compare(a.grids, b.grids) || a.staffId - b.staffId);
  const sum = (k: 'households' | 'due' | 'visited' | 'keyDue' | 'keyVisited' | 'visits' | 'findings' | 'reported') => rows.reduce((s, r) => s + r[k], 0);
  const total: WeekRow = {
    staffId: 0, worker: '合计', village: '', grids: '',
    households: sum('households'), due: sum('due'), visited: sum('visited'), visitRate: rate(sum('visited'), sum('due')),
    keyDue: sum('keyDue'), keyVisited: sum('keyVisited'), keyVisitRate: rate(sum('keyVisited'), sum('keyDue')),
    visits: sum('visits'), findings: sum('findings'), reported: sum('reported'),
  };
  return { ...week, rows, total };
}

export const YEAR_GRADES = ['优秀', '合格', '不合格'] as const;
export type YearGrade = (typeof YEAR_GRADES)[number];

/** One month's T6 rows as the year needs them. */
export interface MonthScores {
  month: string;
  /** null: the month is not counted (not yet come, or before the town's first month). */
  rows: readonly { staffId: number; worker: string; village: string; grids: string; score: number | null }[] | null;
}

export interface YearRow {
  staffId: number;
  worker: string;
  village: string;
  grids: string;
  /** January to December. */
  scores: (number | null)[];
  scoredMonths: number;
  average: number | null;
  rank: number | null;
  grade: YearGrade | null;
}

export function yearFigures(months: readonly MonthScores[], rules: Pick<RuleSettings, 't6YearGrades'>): { rows: YearRow[]; places: number } {
  if (months.length !== 12) throw new Error('a year has 12 months');
  const byWorker = new Map<number, YearRow>();
  months.forEach((m, i) => {
    for (const r of m.rows ?? []) {
      const row = byWorker.get(r.staffId) ?? { staffId: r.staffId, worker: r.worker, village: r.village, grids: r.grids, scores: Array<number | null>(12).fill(null), scoredMonths: 0, average: null, rank: null, grade: null };
      // The latest month's name, village and grids.
      Object.assign(row, { worker: r.worker, village: r.village, grids: r.grids });
      row.scores[i] = r.score;
      byWorker.set(r.staffId, row);
    }
  });
  const rows = [...byWorker.values()];
  for (const r of rows) {
    const scored = r.scores.filter((s): s is number => s !== null);
    r.scoredMonths = scored.length;
    r.average = scored.length ? Math.round((scored.reduce((s, x) => s + x, 0) / scored.length) * 10) / 10 : null;
  }
  const ranked = rows.filter((r) => r.average !== null).sort((a, b) => b.average! - a.average!);
  ranked.forEach((r, i) => {
    r.rank = i > 0 && ranked[i - 1]!.average === r.average ? ranked[i - 1]!.rank : i + 1;
  });
  const g = rules.t6YearGrades;
  const places = Math.floor((ranked.length * g.excellentShare) / 100);
  for (const r of ranked) {
    const avg = r.average!;
    r.grade = avg < g.passScore ? '不合格' : r.rank! <= places && avg >= g.excellentMinScore ? '优秀' : '合格';
  }
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || ZH.compare(a.village, b.village) || ZH.compare(a.grids, b.grids) || a.staffId - b.staffId);
  return { rows, places };
}
