// Grid workers' visits on top of the record table (kind 'visit', ledger null): add, list, export, the households due,
// a worker's page and T6's figures.
//
// Decisions where the docs are silent:
// - visit.add needs a worker on file (staffId); the checks are record.add's 走访 checks (addVisit), so the two agree.
// - A visit's place is its household's grid (or the person's grid when they have no household).
// - visit.due lists households not visited in their current period: 逾期 never happens within a period (the period
//   ends on its due date), so the states are 今日到期 (the period's last day), 即将到期 (within upcomingDays) and
//   本期待访 (earlier in the period). A household in no grid has no worker and is left out.
// - The list's class filter takes each household's class on the month's last day (or today without a month).
// - Order: newest visit first, then newest record.
// - visit.add's worker and the caller's scope: a caller scoped to some villages may only name a worker who serves a
//   grid in one of them (a worker serving grids in two villages may be named by either village). A worker who is not
//   in the visited household's own grid is allowed: domain.md is silent, and a 网格长 or a neighbouring grid's worker
//   standing in is common. The refusal does not name the worker or their village (it lies outside the caller's view).
import { sql, type SQL } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { T6FiguresOut, VisitDueItem, VisitRow, WorkerPage } from '../../../shared/contract/visits';
import { daysBetween, firstDayOfMonth, lastDayOfMonth, addDays, addMonths } from '../../../shared/rules/dates';
import { cycleMonths, visitDue, visitPeriod } from '../../../shared/rules/householdClass';
import type { EntryDue } from '../ledgers/dueTypes';
import { t6Figures, type HouseholdVisitFacts } from '../../../shared/rules/workerFigures';
import type { ServiceContext } from '../context';
import { AppError, notFound } from '../errors';
import { villageIdsOf } from '../db/scope';
import { rows, row } from '../db/query';
import { inWrite } from '../db/write';
import { event, grid as gridTable, household, record, resident, staff, staffGrid, village } from '../db/schema';
import { addVisit } from '../records/records';
import { now } from '../ledgers/common';
import { getRules } from '../rules/service';
import { requireTown } from '../town/service';
import { eventFacts, gridRefs, householdInfos, lastVisits, visitDates, workerFacts } from './facts';

type VisitFilter = ChannelParsed<'visit.list'>;

type RawVisit = Omit<VisitRow, 'eventIds'> & { eventIds: string | null };

function visitQuery(where: SQL): SQL<RawVisit> {
  // The household: the one named, or the person's.
  return sql<RawVisit>`select v.id as id, v.date as date, v.method as method, v.staffId as staffId, v.staffName as staffName,
      v.hid as householdId, h.number as householdNumber, coalesce(h.address, '') as address, v.residentId as residentId, p.name as residentName,
      coalesce(p.name, (select hr.name from ${resident} hr where hr.household_id = v.hid and hr.relation in ('01', '02') limit 1)) as headName,
      g.village_id as villageId, vg.name as village, g.id as gridId, g.name as grid, v.content as content,
      (select group_concat(${event.id}) from ${event} where ${event.sourceRecordId} = v.id and ${event.voidedOn} is null) as eventIds
    from (select ${record.id} as id, ${record.date} as date, ${record.method} as method, ${record.staffId} as staffId, ${record.staffName} as staffName,
        ${record.residentId} as residentId, ${record.content} as content,
        coalesce(${record.householdId}, (select ${resident.householdId} from ${resident} where ${resident.id} = ${record.residentId})) as hid
      from ${record} where ${record.kind} = 'visit' and ${record.ledger} is null and ${record.voidedOn} is null) v
    left join ${household} h on h.id = v.hid
    left join ${resident} p on p.id = v.residentId
    left join ${gridTable} g on g.id = coalesce(h.grid_id, p.grid_id)
    left join ${village} vg on vg.id = g.village_id
    where ${where}`;
}

const toRow = (r: RawVisit): VisitRow => ({ ...r, eventIds: r.eventIds ? r.eventIds.split(',').map(Number) : [] });

/**
 * The visits matching a filter, as a condition on the record table itself (the list first finds a page of ids this
 * way, then reads their details: the place and names are looked up for 50 rows, not for 50,000).
 */
function filterSql(ctx: ServiceContext, f: Omit<VisitFilter, 'offset' | 'limit'>): SQL {
  const hid = sql`coalesce(${record.householdId}, (select r2.household_id from ${resident} r2 where r2.id = ${record.residentId}))`;
  const gridOf = sql`coalesce((select h2.grid_id from ${household} h2 where h2.id = ${hid}), (select r3.grid_id from ${resident} r3 where r3.id = ${record.residentId}))`;
  const parts: SQL[] = [sql`${record.kind} = 'visit'`, sql`${record.ledger} is null`, sql`${record.voidedOn} is null`];
  if (f.staffId !== undefined) parts.push(sql`${record.staffId} = ${f.staffId}`);
  if (f.month !== undefined) parts.push(sql`${record.date} >= ${firstDayOfMonth(f.month)} and ${record.date} <= ${lastDayOfMonth(f.month)}`);
  if (f.householdId !== undefined) parts.push(sql`${hid} = ${f.householdId}`);
  if (f.gridId !== undefined) parts.push(sql`${gridOf} = ${f.gridId}`);
  if (f.villageId !== undefined) parts.push(sql`${gridOf} in (select g2.id from ${gridTable} g2 where g2.village_id = ${f.villageId})`);
  if (f.householdClass !== undefined) {
    const on = f.month ? lastDayOfMonth(f.month) : ctx.today();
    const ids = householdInfos(ctx, on, undefined, false).filter((h) => h.cls === f.householdClass).map((h) => h.id);
    parts.push(sql`${hid} in (select value from json_each(${JSON.stringify(ids)}))`);
  }
  return sql.join(parts, sql` and `);
}

function visitsByIds(ctx: ServiceContext, ids: readonly number[]): VisitRow[] {
  if (ids.length === 0) return [];
  const byId = new Map(rows(ctx.ledger.sqlite, visitQuery(sql`v.id in (select value from json_each(${JSON.stringify(ids)}))`)).map((r) => [r.id, toRow(r)]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

export function getVisit(ctx: ServiceContext, id: number): VisitRow {
  const [r] = visitsByIds(ctx, [id]);
  if (!r) throw notFound(`找不到编号为 ${id} 的走访记录`);
  return r;
}

export function listVisits(ctx: ServiceContext, f: VisitFilter): { rows: VisitRow[]; total: number } {
  const where = filterSql(ctx, f);
  const ids = rows(ctx.ledger.sqlite, sql<{ id: number }>`select ${record.id} as id from ${record} where ${where}
    order by ${record.date} desc, ${record.id} desc limit ${f.limit} offset ${f.offset}`).map((r) => r.id);
  const total = row(ctx.ledger.sqlite, sql<{ n: number }>`select count(*) as n from ${record} where ${where}`)!.n;
  return { rows: visitsByIds(ctx, ids), total };
}

/** Every visit matching the filter, for the export. */
export function allVisits(ctx: ServiceContext, f: Omit<VisitFilter, 'offset' | 'limit'>): VisitRow[] {
  const ids = rows(ctx.ledger.sqlite, sql<{ id: number }>`select ${record.id} as id from ${record} where ${filterSql(ctx, f)}
    order by ${record.date} desc, ${record.id} desc`).map((r) => r.id);
  const out: VisitRow[] = [];
  // In slices, so json_each's list stays small.
  for (let i = 0; i < ids.length; i += 5000) out.push(...visitsByIds(ctx, ids.slice(i, i + 5000)));
  return out;
}

export function addVisitRecord(ctx: ServiceContext, input: ChannelParsed<'visit.add'>): VisitRow {
  const id = inWrite(ctx, () => insertVisit(ctx, input));
  return getVisit(ctx, id);
}

/**
 * The workers a scoped caller may name (those serving a grid in one of the caller's villages); null for a caller who
 * sees the whole town.
 */
function workersInScope(ctx: ServiceContext): Set<number> | null {
  const scope = ctx.caller.villageScope;
  if (scope === null) return null;
  const villages = villageIdsOf(ctx.ledger.sqlite, scope);
  return new Set(rows(ctx.ledger.sqlite, sql<{ id: number }>`select distinct ${staffGrid.staffId} as id from ${staffGrid} join ${gridTable} on ${gridTable.id} = ${staffGrid.gridId}
    where ${gridTable.villageId} in (select value from json_each(${JSON.stringify(villages)}))`).map((r) => r.id));
}

export const WORKER_OUT_OF_SCOPE = '所选网格员不在您负责的村（社区）的网格中，不能以其名义登记走访。请选择本村（社区）的网格员。';

/** Checks and inserts one visit (inside the caller's transaction); the import (town users only) uses it row by row. */
export function insertVisit(ctx: ServiceContext, input: ChannelParsed<'visit.add'>): number {
  const allowed = workersInScope(ctx);
  if (allowed !== null && !allowed.has(input.staffId)) throw new AppError('FORBIDDEN', `${WORKER_OUT_OF_SCOPE}（网格员编号 ${input.staffId}）`);
  const r = addVisit(ctx, { kind: 'visit', householdId: input.householdId ?? null, residentId: input.residentId ?? null, date: input.date, method: input.method, staffId: input.staffId, staffName: '', content: input.content });
  const { id } = ctx.ledger.db
    .insert(record)
    .values({
      kind: 'visit', ledger: null, entryId: null, residentId: r.residentId, householdId: r.householdId, date: r.date, method: r.method,
      staffId: r.staff.staffId, staffName: r.staff.staffName, content: r.content, createdAt: now(),
    })
    .returning({ id: record.id })
    .get();
  return id;
}

/** The staff serving each grid, in post on `date`. */
function gridWorkers(ctx: ServiceContext, date: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const l of rows(ctx.ledger.sqlite, sql<{ gridId: number; staffId: number }>`select ${staffGrid.gridId} as gridId, ${staffGrid.staffId} as staffId
      from ${staffGrid} join ${staff} on ${staff.id} = ${staffGrid.staffId} where ${staff.endDate} is null or ${staff.endDate} >= ${date} order by ${staffGrid.staffId}`)) {
    const g = out.get(l.gridId) ?? [];
    g.push(l.staffId);
    out.set(l.gridId, g);
  }
  return out;
}

export function visitDueList(ctx: ServiceContext, f: ChannelParsed<'visit.due'>): { items: VisitDueItem[]; counts: { key: number; general: number; overdue: number } } {
  const rules = getRules(ctx);
  const grids = new Map(gridRefs(ctx).map((g) => [g.id, g]));
  const workers = gridWorkers(ctx, f.date);
  const last = lastVisits(ctx, f.date);
  const items: VisitDueItem[] = [];
  for (const h of householdInfos(ctx, f.date)) {
    if (h.gridId === null) continue;
    const g = grids.get(h.gridId);
    if (!g || (g.closedOn !== null && g.closedOn <= f.date)) continue;
    if (f.gridId !== undefined && h.gridId !== f.gridId) continue;
    if (f.villageId !== undefined && g.villageId !== f.villageId) continue;
    if (f.householdClass !== undefined && h.cls !== f.householdClass) continue;
    const staffIds = workers.get(h.gridId) ?? [];
    if (f.staffId !== undefined && !staffIds.includes(f.staffId)) continue;
    const lastVisit = last.get(h.id) ?? null;
    const d = visitDue(lastVisit, f.date, cycleMonths(h.cls, rules));
    if (d.visited) continue;
    const left = daysBetween(f.date, d.dueDate);
    const state = left === 0 ? '今日到期' : left <= rules.upcomingDays ? '即将到期' : '本期待访';
    items.push({
      householdId: h.id, number: h.number, address: h.address, headName: h.headName, villageId: g.villageId, village: g.village, gridId: g.id, grid: g.name,
      cls: h.cls, reasons: h.reasons, lastVisit, dueDate: d.dueDate, state, staffIds,
    });
  }
  items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || (a.cls === b.cls ? 0 : a.cls === '重点户' ? -1 : 1) || (a.gridId ?? 0) - (b.gridId ?? 0) || a.householdId - b.householdId);
  return {
    items,
    counts: { key: items.filter((i) => i.cls === '重点户').length, general: items.filter((i) => i.cls === '普通户').length, overdue: 0 },
  };
}

export function householdClassOf(ctx: ServiceContext, input: ChannelParsed<'visit.householdClass'>) {
  const [h] = householdInfos(ctx, input.date, [input.householdId]);
  if (!h) throw notFound(`找不到编号为 ${input.householdId} 的住户`);
  const rules = getRules(ctx);
  const lastVisit = lastVisits(ctx, input.date).get(h.id) ?? null;
  const d = visitDue(lastVisit, input.date, cycleMonths(h.cls, rules));
  return { householdId: h.id, cls: h.cls, reasons: h.reasons, lastVisit, dueDate: d.dueDate, visited: d.visited };
}

export function assessment(ctx: ServiceContext, month: string): T6FiguresOut & { members: Map<number, ReturnType<typeof t6Figures>['rows'][number]['members']> } {
  const town = requireTown(ctx);
  const rules = getRules(ctx);
  const monthEnd = lastDayOfMonth(month);
  const longest = Math.max(rules.householdVisitMonths.key, rules.householdVisitMonths.general);
  const from = addMonths(firstDayOfMonth(month), -(longest - 1));
  const visits = visitDates(ctx, from, monthEnd);
  const households: HouseholdVisitFacts[] = householdInfos(ctx, monthEnd, undefined, false).map((h) => ({ id: h.id, gridId: h.gridId, cls: h.cls, visits: visits.get(h.id) ?? [] }));
  // An event whose deadline falls in the month was reported at most a couple of months before it.
  const events = eventFacts(ctx, addDays(firstDayOfMonth(month), -120), monthEnd);
  const figures = t6Figures(month, { workers: workerFacts(ctx), grids: gridRefs(ctx), households, events }, rules);
  return {
    month,
    townName: town.name,
    rows: figures.rows.map(({ members: _members, ...r }) => r),
    total: figures.total,
    members: new Map(figures.rows.map((r) => [r.staffId, r.members])),
  };
}

export function workerPage(ctx: ServiceContext, input: ChannelParsed<'worker.get'>): WorkerPage {
  const s = row(ctx.ledger.sqlite, sql<WorkerPage['staff']>`select ${staff.id} as id, ${staff.name} as name, ${staff.role} as role, ${staff.phone} as phone,
    ${staff.startDate} as startDate, ${staff.endDate} as endDate from ${staff} where ${staff.id} = ${input.staffId}`);
  if (!s) throw notFound(`找不到编号为 ${input.staffId} 的网格员`);
  const gridIds = rows(ctx.ledger.sqlite, sql<{ gridId: number }>`select ${staffGrid.gridId} as gridId from ${staffGrid} where ${staffGrid.staffId} = ${s.id}`).map((g) => g.gridId);
  const infos = householdInfos(ctx, input.date).filter((h) => h.gridId !== null && gridIds.includes(h.gridId));
  const grids = gridRefs(ctx)
    .filter((g) => gridIds.includes(g.id))
    .map((g) => ({
      id: g.id, code: g.code, name: g.name, village: g.village,
      households: infos.filter((h) => h.gridId === g.id).length,
      keyHouseholds: infos.filter((h) => h.gridId === g.id && h.cls === '重点户').length,
    }));
  const month = input.date.slice(0, 7);
  const figures = assessment(ctx, month).rows.find((r) => r.staffId === s.id) ?? null;
  return {
    staff: s,
    grids,
    due: visitDueList(ctx, { date: input.date, staffId: s.id }).items,
    month,
    figures,
    recentVisits: listVisits(ctx, { staffId: s.id, offset: 0, limit: 20 }).rows,
  };
}

/**
 * 住户走访 for the today list (due.list): households in an open grid not visited in their period, due on the
 * period's last day. Only periods ending within the reminder window (upcomingDays) are read: the others have no
 * state on the date yet.
 */
export function householdVisitDues(ctx: ServiceContext, date: string): EntryDue[] {
  const rules = getRules(ctx);
  const horizon = addDays(date, rules.upcomingDays);
  const ending = (months: number) => visitPeriod(date, months).to <= horizon;
  if (!ending(rules.householdVisitMonths.key) && !ending(rules.householdVisitMonths.general)) return [];
  const open = new Set(gridRefs(ctx).filter((g) => g.closedOn === null || g.closedOn > date).map((g) => g.id));
  const last = lastVisits(ctx, date);
  const out: EntryDue[] = [];
  for (const h of householdInfos(ctx, date, undefined, false)) {
    if (h.gridId === null || !open.has(h.gridId)) continue;
    const months = cycleMonths(h.cls, rules);
    if (!ending(months)) continue;
    const d = visitDue(last.get(h.id) ?? null, date, months);
    if (!d.visited) out.push({ kind: '住户走访', ledger: null, entryId: h.id, residentId: null, householdId: h.id, dueDate: d.dueDate });
  }
  return out;
}
