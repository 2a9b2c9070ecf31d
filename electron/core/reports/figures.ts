// A month's figures of T1–T4 per 村/社区 and 合计: T1–T3 from the records domain's monthIndicators, T4 from the grid
// facts and shared/rules/gridIndicators.ts. Read on the caller's scoped connection.
//
// Decisions:
// - A month after today's month is refused: its figures would be a guess.
// - "Before the town existed": the first reportable month is the earliest of the month the town was set up in the app
//   and the month of the earliest dated event the ledgers hold (a status change or a record), so a town that entered
//   its history after set-up can still regenerate those months. Earlier months are refused. (Release dates are not
//   events of the town's work and do not count.)
// - A month with no data gives rows of zeros and rates "—"; villages without grids or people are rows all the same.
// - T4's rows are the villages in code order, then 未划分网格 when households or residents lie in no grid.
import { asc, eq, min } from 'drizzle-orm';
import type { ReportFigures, T4Row } from '../../../shared/contract/reports';
import { gridIndicators, totalGrids, type GridIndicators } from '../../../shared/rules/gridIndicators';
import type { ServiceContext } from '../context';
import { event, record, reportMonth, statusChange, village as villageTable } from '../db/schema';
import { validationError } from '../errors';
import { indicatorsOf, loadIndicatorFacts, monthIndicators, NO_VILLAGE } from '../records/indicators';
import { getRules } from '../rules/service';
import { requireTown } from '../town/service';
import { loadGridFacts } from './gridFacts';
import { loadT5Inputs, t5Month } from '../events/t5';

const monthText = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

/** The first month the town can report, or null when nothing dates it. */
export function firstReportMonth(ctx: ServiceContext, townCreatedAt: string): string {
  const db = ctx.ledger.db;
  const today = ctx.today();
  const candidates = [townCreatedAt.slice(0, 10) > today ? today : townCreatedAt.slice(0, 10)];
  const s = db.select({ d: min(statusChange.date) }).from(statusChange).get()?.d;
  const r = db.select({ d: min(record.date) }).from(record).get()?.d;
  // An event's report is the town's work too (T5).
  const e = db.select({ d: min(event.reportedOn) }).from(event).get()?.d;
  if (e) candidates.push(e);
  if (s) candidates.push(s);
  if (r) candidates.push(r);
  return candidates.sort()[0]!.slice(0, 7);
}

export function checkReportMonth(ctx: ServiceContext, month: string): { townName: string } {
  const town = requireTown(ctx);
  const current = ctx.today().slice(0, 7);
  if (month > current) {
    throw validationError(`统计月份 ${monthText(month)} 还没有到（今天是 ${ctx.today()}），不能生成报表`, [{ path: ['month'], message: `${monthText(month)} 尚未到来` }]);
  }
  const first = firstReportMonth(ctx, town.createdAt);
  if (month < first) {
    throw validationError(`统计月份 ${monthText(month)} 早于本乡镇开始建账的 ${monthText(first)}，没有可统计的数据`, [
      { path: ['month'], message: `早于 ${monthText(first)}` },
    ]);
  }
  return { townName: town.name };
}

export function toT4(village: string, g: GridIndicators): T4Row {
  return {
    village,
    comprehensiveGrids: g.comprehensiveGrids, dedicatedGrids: g.dedicatedGrids, oversizedGrids: g.oversizedGrids,
    gridLeaders: g.gridLeaders, fullTimeStaff: g.fullTimeStaff, partTimeStaff: g.partTimeStaff, instructors: g.instructors,
    fullyStaffedGrids: g.fullyStaffedGrids, openGrids: g.openGrids, staffingRate: g.staffingRate,
    households: g.households, residents: g.residents, registeredResidents: g.registeredResidents, floatingResidents: g.floatingResidents,
  };
}

type GridFacts = ReturnType<typeof loadGridFacts>;
interface GridInputs { villages: { id: number; name: string }[]; facts: GridFacts; rules: ReturnType<typeof getRules> }

function loadGridInputs(ctx: ServiceContext): GridInputs {
  const villages = ctx.ledger.db.select({ id: villageTable.id, name: villageTable.name }).from(villageTable).orderBy(asc(villageTable.code)).all();
  return { villages, facts: loadGridFacts(ctx), rules: getRules(ctx) };
}

function gridMonthOf({ villages, facts, rules }: GridInputs, month: string): { rows: T4Row[]; total: T4Row } {
  const empty = { grids: [], staff: [], households: [], residents: [] };
  const rows = villages.map((v) => ({ name: v.name, x: gridIndicators(facts.get(v.id) ?? empty, month, rules) }));
  const loose = facts.get(null);
  if (loose && (loose.households.length || loose.residents.length)) rows.push({ name: NO_VILLAGE, x: gridIndicators(loose, month, rules) });
  return { rows: rows.map((r) => toT4(r.name, r.x)), total: toT4('合计', totalGrids(rows.map((r) => r.x))) };
}

export function gridMonth(ctx: ServiceContext, month: string): { rows: T4Row[]; total: T4Row } {
  return gridMonthOf(loadGridInputs(ctx), month);
}

/** The month's figures as the data gives them now (the package computes these before it freezes a month). */
export function computeReportFigures(ctx: ServiceContext, month: string): ReportFigures {
  const { townName } = checkReportMonth(ctx, month);
  return { ...monthIndicators(ctx, month), townName, t4: gridMonth(ctx, month), t5: t5Month(loadT5Inputs(ctx), month) };
}

/**
 * The month's figures: for a frozen month (its package generated, not reopened) the figures kept then, so every
 * table, chart and form of that month says what was sent; otherwise computed. A village-scoped caller always gets
 * their villages computed, since the kept figures are the whole town's.
 */
export function reportFigures(ctx: ServiceContext, month: string): ReportFigures {
  checkReportMonth(ctx, month);
  return withT5(ctx, month, keptFigures(ctx, month)) ?? computeReportFigures(ctx, month);
}

/** A month frozen before T5 existed keeps its figures; T5 is computed for it. */
function withT5(ctx: ServiceContext, month: string, kept: ReportFigures | null): ReportFigures | null {
  if (!kept || kept.t5) return kept;
  return { ...kept, t5: t5Month(loadT5Inputs(ctx), month) };
}

function keptFigures(ctx: ServiceContext, month: string): ReportFigures | null {
  if (ctx.caller.villageScope !== null) return null;
  const kept = ctx.ledger.db.select({ state: reportMonth.state, figures: reportMonth.figures }).from(reportMonth).where(eq(reportMonth.month, month)).get();
  return kept && (kept.state === 'frozen' || kept.state === 'sent') ? (JSON.parse(kept.figures) as ReportFigures) : null;
}

/**
 * reportFigures of several months, the facts read once (the figures are pure, dated functions of them): what the
 * trend charts need, at the cost of one month's reads. Every month is checked as reportFigures checks it; a frozen
 * month gives its kept figures.
 */
export function reportFiguresSeries(ctx: ServiceContext, months: readonly string[]): ReportFigures[] {
  const towns = months.map((m) => checkReportMonth(ctx, m).townName);
  const facts = loadIndicatorFacts(ctx);
  const grid = loadGridInputs(ctx);
  const events = loadT5Inputs(ctx);
  return months.map((m, i) => withT5(ctx, m, keptFigures(ctx, m)) ?? { ...indicatorsOf(facts, m), townName: towns[i]!, t4: gridMonthOf(grid, m), t5: t5Month(events, m) });
}
