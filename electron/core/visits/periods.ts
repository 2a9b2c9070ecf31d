// 周巡查、月考核、年评比: visit.assessment for a week, a month (T6) or a year, and its xlsx. The figures are the pure
// rules' (shared/rules/workerFigures.ts for the month, workerPeriods.ts for the week and the year) over facts read
// set-wise here.
//
// Decisions where the docs are silent:
// - A week or year not yet begun (its first day after today) is refused, as report months are.
// - The year's months are those from the town's first reportable month (as report.trend's) up to the current month;
//   a year with none of them is refused. Each month's scores are exactly that month's T6 (the class of each household
//   taken at that month's end), so the year never disagrees with the month's table.
import { sql } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { AssessmentOut } from '../../../shared/contract/visits';
import { addDays, addMonths, lastDayOfMonth } from '../../../shared/rules/dates';
import { t6Figures, type HouseholdVisitFacts } from '../../../shared/rules/workerFigures';
import { isoWeekNumber, weekFigures, weekOf, yearFigures, type MonthScores, type WeekEventFacts, type WeekVisitFacts } from '../../../shared/rules/workerPeriods';
import type { ServiceContext } from '../context';
import { rows } from '../db/query';
import { event, record } from '../db/schema';
import { validationError } from '../errors';
import { firstReportMonth } from '../reports/figures';
import { getRules } from '../rules/service';
import { requireTown } from '../town/service';
import { eventFacts, gridRefs, householdInfos, visitDates, workerFacts } from './facts';
import { assessment } from './service';

const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** 2026年第49周（11月30日—12月6日）. */
export function weekLabel(from: string, to: string): string {
  const n = isoWeekNumber(from);
  return `${n.year}年第${n.week}周（${md(from)}—${md(to)}）`;
}

export function weekAssessment(ctx: ServiceContext, date: string): Extract<AssessmentOut, { period: 'week' }> {
  const town = requireTown(ctx);
  const rules = getRules(ctx);
  const week = weekOf(date);
  if (week.from > ctx.today()) {
    throw validationError(`考核周（${week.from} 起）还没有到（今天是 ${ctx.today()}）`, [{ path: ['week'], message: '尚未到来' }]);
  }
  // The periods overlapping the week begin at most the longest cycle before it.
  const longest = Math.max(rules.householdVisitMonths.key, rules.householdVisitMonths.general);
  const visits = visitDates(ctx, addMonths(week.from, -longest), week.to);
  const households: HouseholdVisitFacts[] = householdInfos(ctx, week.to, undefined, false).map((h) => ({ id: h.id, gridId: h.gridId, cls: h.cls, visits: visits.get(h.id) ?? [] }));
  const written = rows(ctx.ledger.sqlite, sql<{ staffId: number; date: string; finding: number }>`select ${record.staffId} as staffId, ${record.date} as date,
      exists (select 1 from ${event} where ${event.sourceRecordId} = ${record.id} and ${event.voidedOn} is null and ${event.reportedOn} <= ${week.to}) as finding
    from ${record} where ${record.kind} = 'visit' and ${record.voidedOn} is null and ${record.staffId} is not null
      and ${record.date} >= ${week.from} and ${record.date} <= ${week.to}`);
  const weekVisits: WeekVisitFacts[] = written.map((v) => ({ staffId: v.staffId, date: v.date, finding: v.finding === 1 }));
  const events: WeekEventFacts[] = rows(ctx.ledger.sqlite, sql<WeekEventFacts>`select ${event.id} as id, ${event.reporterStaffId} as reporterStaffId, ${event.reportedOn} as reportedOn
    from ${event} where ${event.voidedOn} is null and ${event.reporterStaffId} is not null and ${event.reportedOn} >= ${week.from} and ${event.reportedOn} <= ${week.to}`);
  const f = weekFigures(date, { workers: workerFacts(ctx), grids: gridRefs(ctx), households, visits: weekVisits, events }, rules);
  return { period: 'week', week: date, from: f.from, to: f.to, weekNumber: weekLabel(f.from, f.to), townName: town.name, rows: f.rows, total: f.total };
}

export function yearAssessment(ctx: ServiceContext, year: string): Extract<AssessmentOut, { period: 'year' }> {
  const town = requireTown(ctx);
  const rules = getRules(ctx);
  const current = ctx.today().slice(0, 7);
  if (`${year}-01` > current) throw validationError(`考核年度 ${year} 年还没有到（今天是 ${ctx.today()}）`, [{ path: ['year'], message: '尚未到来' }]);
  const first = firstReportMonth(ctx, town.createdAt);
  const all = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const counted = all.filter((m) => m >= first && m <= current);
  if (counted.length === 0) {
    throw validationError(`考核年度 ${year} 年早于本乡镇开始建账的 ${first.slice(0, 4)}年${Number(first.slice(5, 7))}月，没有可评比的数据`, [{ path: ['year'], message: '早于建账' }]);
  }
  // The facts read once for the year: visit periods are calendar-aligned from January, so a period ending in the
  // year begins in it; an event whose deadline falls in January was reported at most a few months before.
  const yearEnd = lastDayOfMonth(counted[counted.length - 1]!);
  const visits = visitDates(ctx, `${year}-01-01`, yearEnd);
  const events = eventFacts(ctx, addDays(`${year}-01-01`, -120), yearEnd);
  const workers = workerFacts(ctx);
  const grids = gridRefs(ctx);
  const months: MonthScores[] = all.map((month) => {
    if (!counted.includes(month)) return { month, rows: null };
    const monthEnd = lastDayOfMonth(month);
    const households: HouseholdVisitFacts[] = householdInfos(ctx, monthEnd, undefined, false).map((h) => ({
      id: h.id, gridId: h.gridId, cls: h.cls, visits: (visits.get(h.id) ?? []).filter((d) => d <= monthEnd),
    }));
    const seen = events.filter((e) => e.reportedOn <= monthEnd).map((e) => ({ ...e, closedOn: e.closedOn !== null && e.closedOn <= monthEnd ? e.closedOn : null }));
    return { month, rows: t6Figures(month, { workers, grids, households, events: seen }, rules).rows };
  });
  const y = yearFigures(months, rules);
  return { period: 'year', year, townName: town.name, months: counted, grades: { ...rules.t6YearGrades, places: y.places }, rows: y.rows };
}

export function periodAssessment(ctx: ServiceContext, input: ChannelParsed<'visit.assessment'>): AssessmentOut {
  if (input.week !== undefined) return weekAssessment(ctx, input.week);
  if (input.year !== undefined) return yearAssessment(ctx, input.year);
  const { members: _members, ...figures } = assessment(ctx, input.month!);
  return { period: 'month', ...figures };
}
