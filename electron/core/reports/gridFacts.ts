// The facts of T4 (shared/rules/gridIndicators.ts) per village, read from the schema: grids with their closing date,
// staff with their dates and grids, households and residents placed in a grid (a resident without one takes their
// household's grid). Run on the caller's scoped connection, so a village user sees only their villages.
import { asc, sql } from 'drizzle-orm';
import type { GridFacts, HouseholdFacts, ResidentFacts, StaffFacts, VillageGridFacts } from '../../../shared/rules/gridIndicators';
import type { ServiceContext } from '../context';
import { keptWhileUnchanged } from '../db/kept';
import { rows } from '../db/query';
import { grid, household, resident, staff, staffGrid } from '../db/schema';

/** A village's facts with the ids of its staff and residents, position for position (the rules' facts carry none). */
export interface LoadedGridFacts extends VillageGridFacts {
  readonly staffIds: readonly number[];
  readonly residentIds: readonly number[];
}

/**
 * Facts keyed by village id; null holds households and residents in no grid (or a grid of no known village). They
 * do not depend on the month, so they are kept while nothing in the database has changed (db/kept.ts): the 报表
 * page's tables, its drill-downs and its charts ask for them again and again. The whole town's, shared by every
 * caller (each keeps its own villages' rows; tests/unit/scope.test.ts asks as the town first) and never changed.
 */
export function loadGridFacts(ctx: ServiceContext): ReadonlyMap<number | null, LoadedGridFacts> {
  return keptWhileUnchanged(ctx.ledger.sqlite, 'gridFacts', 'town', () => readGridFacts(ctx));
}

function readGridFacts(ctx: ServiceContext): Map<number | null, LoadedGridFacts> {
  const db = ctx.ledger.db;
  const grids = db.select({ id: grid.id, villageId: grid.villageId, kind: grid.kind, closedOn: grid.closedOn }).from(grid).orderBy(asc(grid.code)).all();
  const villageOfGrid = new Map(grids.map((g) => [g.id, g.villageId]));
  const out = new Map<number | null, { grids: GridFacts[]; staff: StaffFacts[]; households: HouseholdFacts[]; residents: ResidentFacts[]; staffIds: number[]; residentIds: number[] }>();
  const of = (villageId: number | null | undefined) => {
    const key = villageId ?? null;
    let f = out.get(key);
    if (!f) out.set(key, (f = { grids: [], staff: [], households: [], residents: [], staffIds: [], residentIds: [] }));
    return f;
  };
  for (const g of grids) of(g.villageId).grids.push({ id: g.id, kind: g.kind, closedOn: g.closedOn });

  const links = db.select({ staffId: staffGrid.staffId, gridId: staffGrid.gridId }).from(staffGrid).all();
  const gridsOfStaff = new Map<number, number[]>();
  for (const l of links) gridsOfStaff.set(l.staffId, [...(gridsOfStaff.get(l.staffId) ?? []), l.gridId]);
  const people = db.select({ id: staff.id, role: staff.role, startDate: staff.startDate, endDate: staff.endDate }).from(staff).all();
  for (const s of people) {
    const byVillage = new Map<number, number[]>();
    for (const gridId of gridsOfStaff.get(s.id) ?? []) {
      const v = villageOfGrid.get(gridId);
      if (v !== undefined) byVillage.set(v, [...(byVillage.get(v) ?? []), gridId]);
    }
    for (const [v, gridIds] of byVillage) {
      const f = of(v);
      f.staff.push({ role: s.role, startDate: s.startDate, endDate: s.endDate, gridIds });
      f.staffIds.push(s.id);
    }
  }

  type HouseholdRow = Pick<typeof household.$inferSelect, 'id' | 'gridId'>;
  const households = rows(ctx.ledger.sqlite, sql<HouseholdRow>`select ${household.id} as id, ${household.gridId} as gridId from ${household}`);
  for (const h of households) of(h.gridId === null ? null : villageOfGrid.get(h.gridId)).households.push(h);
  // 100,000 residents: one plain query with the household's grid joined in SQL, each row taken as it comes (the
  // query builder's mapping, or a second object per row, cost more than the rules themselves).
  const r = resident;
  const h = household;
  type ResidentRow = ResidentFacts & { id: number };
  for (const x of rows(
    ctx.ledger.sqlite,
    sql<ResidentRow>`select ${r.id} as id, ${r.householdId} as householdId, coalesce(${r.gridId}, ${h.gridId}) as gridId, ${r.residenceKind} as residenceKind,
        ${r.inflowDate} as inflowDate, ${r.status} as status, ${r.leftOn} as leftOn
      from ${r} left join ${h} on ${h.id} = ${r.householdId}`,
  )) {
    const f = of(x.gridId === null ? null : villageOfGrid.get(x.gridId));
    // The row itself is the fact (its id rides along unread by the rules).
    f.residents.push(x);
    f.residentIds.push(x.id);
  }
  return out;
}
