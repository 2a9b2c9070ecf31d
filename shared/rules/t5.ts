// T5 矛盾纠纷排查化解情况统计表 (issue 12): a month's figures per 村/社区, pure and dated — the same facts give the same
// figures, and steps dated after the month are not seen.
// Decisions:
// - The month's disputes (排查) are the events of a 矛盾纠纷 category (kind dispute: the GB/T 31000 items and the town's
//   own dispute categories) reported in the month. A voided event counts nowhere. The town's other events (kind
//   event) are not in T5.
// - 化解: of those, the ones whose state at the month's end (its steps up to that day replayed) is 已办结 or 已评价.
//   化解率 = 化解 ÷ 排查.
// - By category: the 排查 of each built-in dispute item; the town's own dispute categories count under 其他矛盾纠纷.
// - 按期受理率 = 按期受理 ÷ 应受理, where 应受理 are the month's disputes whose 受理 limit, at the month's end, was met
//   in time, met late or has passed; those still within their limit are left out (not yet due to be judged).
//   按期办结率 likewise with the 办结 limit (which only exists once an event is routed).
// - 满意率 = (满意 + 基本满意) ÷ 已评价, of the month's disputes rated by the month's end.
// - Rates are percentages with 2 decimals; a zero denominator gives null (shown —), as in T1–T4.
import { disputeCategoryTable } from '../codes/event';
import { lastDayOfMonth } from './dates';
import { eventDeadlines, type EventLimits, type StepFact, type WorkdayCounter } from './eventMachine';
import { rate } from './indicators';
import type { CalendarCorrections } from './workdays';

export interface T5EventFacts {
  id: number;
  villageId: number;
  category: string;
  /** The category's kind: only disputes count. */
  kind: 'dispute' | 'event';
  reportedOn: string;
  voidedOn: string | null;
  satisfaction: string | null;
  /** In order, the first being 上报. */
  steps: readonly StepFact[];
}

/** The built-in items in column order; other dispute codes go to D99. */
export const T5_CATEGORIES = disputeCategoryTable.entries.map((e) => e.code);

export interface T5Members {
  found: number[];
  resolved: number[];
  byCategory: number[][];
  acceptJudged: number[];
  acceptOnTime: number[];
  closeJudged: number[];
  closeOnTime: number[];
  rated: number[];
  satisfied: number[];
}

export interface T5Figures {
  found: number;
  resolved: number;
  resolvedRate: number | null;
  byCategory: number[];
  acceptJudged: number;
  acceptOnTime: number;
  acceptRate: number | null;
  closeJudged: number;
  closeOnTime: number;
  closeRate: number | null;
  rated: number;
  satisfied: number;
  satisfiedRate: number | null;
}

/** The events behind each figure of one row (the figures are their sizes). */
export function t5Members(events: readonly T5EventFacts[], month: string, limits: EventLimits, calendar: CalendarCorrections | WorkdayCounter): T5Members {
  const end = lastDayOfMonth(month);
  const m: T5Members = { found: [], resolved: [], byCategory: T5_CATEGORIES.map(() => []), acceptJudged: [], acceptOnTime: [], closeJudged: [], closeOnTime: [], rated: [], satisfied: [] };
  for (const e of events) {
    if (e.kind !== 'dispute' || e.voidedOn || e.reportedOn.slice(0, 7) !== month) continue;
    m.found.push(e.id);
    const index = T5_CATEGORIES.indexOf(e.category);
    m.byCategory[index >= 0 ? index : T5_CATEGORIES.length - 1]!.push(e.id);
    const seen = e.steps.filter((s) => s.on <= end);
    const state = seen.length ? seen[seen.length - 1]!.toState : 'reported';
    if (state === 'closed' || state === 'rated') m.resolved.push(e.id);
    for (const d of eventDeadlines(seen, limits, calendar, end)) {
      if (d.status === 'open') continue;
      if (d.kind === 'accept') {
        m.acceptJudged.push(e.id);
        if (d.status === 'onTime') m.acceptOnTime.push(e.id);
      } else if (d.kind === 'close') {
        m.closeJudged.push(e.id);
        if (d.status === 'onTime') m.closeOnTime.push(e.id);
      }
    }
    if (state === 'rated') {
      m.rated.push(e.id);
      if (e.satisfaction === '1' || e.satisfaction === '2') m.satisfied.push(e.id);
    }
  }
  return m;
}

export function t5Figures(m: T5Members): T5Figures {
  return {
    found: m.found.length,
    resolved: m.resolved.length,
    resolvedRate: rate(m.resolved.length, m.found.length),
    byCategory: m.byCategory.map((l) => l.length),
    acceptJudged: m.acceptJudged.length,
    acceptOnTime: m.acceptOnTime.length,
    acceptRate: rate(m.acceptOnTime.length, m.acceptJudged.length),
    closeJudged: m.closeJudged.length,
    closeOnTime: m.closeOnTime.length,
    closeRate: rate(m.closeOnTime.length, m.closeJudged.length),
    rated: m.rated.length,
    satisfied: m.satisfied.length,
    satisfiedRate: rate(m.satisfied.length, m.rated.length),
  };
}

/** 合计 from the village rows: counts summed, rates from the sums. */
export function t5Total(rows: readonly T5Figures[]): T5Figures {
  const sum = (k: keyof T5Figures) => rows.reduce((s, r) => s + (r[k] as number), 0);
  return {
    found: sum('found'),
    resolved: sum('resolved'),
    resolvedRate: rate(sum('resolved'), sum('found')),
    byCategory: T5_CATEGORIES.map((_, i) => rows.reduce((s, r) => s + r.byCategory[i]!, 0)),
    acceptJudged: sum('acceptJudged'),
    acceptOnTime: sum('acceptOnTime'),
    acceptRate: rate(sum('acceptOnTime'), sum('acceptJudged')),
    closeJudged: sum('closeJudged'),
    closeOnTime: sum('closeOnTime'),
    closeRate: rate(sum('closeOnTime'), sum('closeJudged')),
    rated: sum('rated'),
    satisfied: sum('satisfied'),
    satisfiedRate: rate(sum('satisfied'), sum('rated')),
  };
}
