// The map's layers and points (issue 11). Everything is read on the caller's connection, so a 村级用户's
// scoped views (db/scope.ts) decide which villages, grids, boundaries and people come back.
//
// Decisions:
// - Grids on the map are the open ones; their households, residents and 1+3 gaps are the grid tree's own
//   figures (grids/service.ts), so the map and the tree never disagree.
// - A key-group person is one on an open entry (not voided) of 安置帮教 or 严重精神障碍患者, or a covered member
//   of a 在保 低保 household, still 在册; counted once per grid even when on two ledgers. They sit in their own
//   grid, or their household's when they have none (as the scope places them).
// - overdue = the 今日待办 items in state 逾期 today, placed as the due list places them.
// - A village's figures are the sums of its grids' (keyGroupPer1000 recomputed from the sums).
import { sql } from 'drizzle-orm';
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { BoundaryGeometry, KeyGroupKind, KeyGroupPoint, MapFigures } from '../../../shared/contract/map';
import { lowIncomeMachine, patientMachine, releasedMachine } from '../../../shared/rules/ledgerMachines';
import type { ServiceContext } from '../context';
import { rows } from '../db/query';
import { grid, gridBoundary, household, lowIncome, lowIncomeMember, patient, releasedPerson, resident, villageBoundary } from '../db/schema';
import { inWrite } from '../db/write';
import { notFound } from '../errors';
import { gridTree } from '../grids/service';
import { dueList } from '../records/due';
import { eq } from 'drizzle-orm';

const per1000 = (n: number, residents: number) => (residents > 0 ? Math.round((n * 1000 * 10) / residents) / 10 : 0);

/** Parsed boundaries by owner id; a row that does not parse (edited by hand) is treated as no boundary. */
export function loadBoundaries(ctx: ServiceContext): { villages: Map<number, BoundaryGeometry>; grids: Map<number, BoundaryGeometry> } {
  const parse = (text: string): BoundaryGeometry | null => {
    try {
      const g = JSON.parse(text) as BoundaryGeometry;
      return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates) ? g : null;
    } catch {
      return null;
    }
  };
  const villages = new Map<number, BoundaryGeometry>();
  for (const r of ctx.ledger.db.select().from(villageBoundary).all()) {
    const g = parse(r.geometry);
    if (g) villages.set(r.villageId, g);
  }
  const grids = new Map<number, BoundaryGeometry>();
  for (const r of ctx.ledger.db.select().from(gridBoundary).all()) {
    const g = parse(r.geometry);
    if (g) grids.set(r.gridId, g);
  }
  return { villages, grids };
}

interface KeyGroupRow {
  group: KeyGroupKind;
  entryId: number;
  residentId: number;
  name: string;
  gridId: number | null;
  lon: number | null;
  lat: number | null;
}

const open = (states: readonly string[]) => sql.join(states.map((s) => sql`${s}`), sql`, `);

/** Key-group persons with their grid and their household's point (null when the household has none). */
function keyGroupRows(ctx: ServiceContext, groups: readonly KeyGroupKind[]): KeyGroupRow[] {
  const r = resident;
  const h = household;
  const parts = [];
  if (groups.includes('released')) {
    parts.push(sql`select 'released' as "group", ${releasedPerson.id} as entryId, ${r.id} as residentId, ${r.name} as name,
        coalesce(${r.gridId}, ${h.gridId}) as gridId, ${h.lon} as lon, ${h.lat} as lat
      from ${releasedPerson} join ${r} on ${r.id} = ${releasedPerson.residentId} left join ${h} on ${h.id} = ${r.householdId}
      where ${releasedPerson.voidedOn} is null and ${releasedPerson.status} in (${open(releasedMachine.open)}) and ${r.status} = '在册'`);
  }
  if (groups.includes('patient')) {
    parts.push(sql`select 'patient' as "group", ${patient.id} as entryId, ${r.id} as residentId, ${r.name} as name,
        coalesce(${r.gridId}, ${h.gridId}) as gridId, ${h.lon} as lon, ${h.lat} as lat
      from ${patient} join ${r} on ${r.id} = ${patient.residentId} left join ${h} on ${h.id} = ${r.householdId}
      where ${patient.voidedOn} is null and ${patient.status} in (${open(patientMachine.open)}) and ${r.status} = '在册'`);
  }
  if (groups.includes('lowIncome')) {
    // A 低保 member is shown at the entry's household (where the 保障 is), in its grid.
    parts.push(sql`select 'lowIncome' as "group", ${lowIncome.id} as entryId, ${r.id} as residentId, ${r.name} as name,
        coalesce(${h.gridId}, ${r.gridId}) as gridId, ${h.lon} as lon, ${h.lat} as lat
      from ${lowIncome} join ${lowIncomeMember} on ${lowIncomeMember.lowIncomeId} = ${lowIncome.id}
        join ${r} on ${r.id} = ${lowIncomeMember.residentId} join ${h} on ${h.id} = ${lowIncome.householdId}
      where ${lowIncome.voidedOn} is null and ${lowIncome.status} in (${open(lowIncomeMachine.open)}) and ${r.status} = '在册'`);
  }
  if (!parts.length) return [];
  return rows(ctx.ledger.sqlite, sql<KeyGroupRow>`${sql.join(parts, sql` union all `)} order by 1, 2, 3`);
}

const emptyFigures = (): MapFigures => ({ households: 0, residents: 0, keyGroup: 0, keyGroupPer1000: 0, overdue: 0, staffingGap: 0 });

export function mapLayers(ctx: ServiceContext): ChannelOutput<'map.layers'> {
  const tree = gridTree(ctx, { includeClosed: false });
  const bounds = loadBoundaries(ctx);
  const keyPeople = new Map<number, Set<number>>();
  for (const k of keyGroupRows(ctx, ['released', 'patient', 'lowIncome'])) {
    if (k.gridId === null) continue;
    const set = keyPeople.get(k.gridId) ?? new Set<number>();
    set.add(k.residentId);
    keyPeople.set(k.gridId, set);
  }
  const overdue = new Map<number, number>();
  for (const item of dueList(ctx, { date: ctx.today() }).items) {
    if (item.state === '逾期' && item.gridId !== null) overdue.set(item.gridId, (overdue.get(item.gridId) ?? 0) + 1);
  }
  const villages: ChannelOutput<'map.layers'>['villages'] = [];
  const grids: ChannelOutput<'map.layers'>['grids'] = [];
  for (const v of tree.villages) {
    const sum = emptyFigures();
    for (const g of v.grids) {
      const keyGroup = keyPeople.get(g.id)?.size ?? 0;
      const figures: MapFigures = {
        households: g.counts.households,
        residents: g.counts.residents,
        keyGroup,
        keyGroupPer1000: per1000(keyGroup, g.counts.residents),
        overdue: overdue.get(g.id) ?? 0,
        staffingGap: g.missingRoles.length,
      };
      sum.households += figures.households;
      sum.residents += figures.residents;
      sum.keyGroup += figures.keyGroup;
      sum.overdue += figures.overdue;
      sum.staffingGap += figures.staffingGap;
      grids.push({ id: g.id, villageId: v.id, code: g.code, name: g.name, geometry: bounds.grids.get(g.id) ?? null, figures });
    }
    sum.keyGroupPer1000 = per1000(sum.keyGroup, sum.residents);
    villages.push({ id: v.id, code: v.code, name: v.name, geometry: bounds.villages.get(v.id) ?? null, figures: sum });
  }
  return { villages, grids };
}

/** 张三丰 → 张*丰, 张三 → 张*: a point's label is seen by anyone standing at the screen. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function keyGroupPoints(ctx: ServiceContext, input: ChannelParsed<'map.points'>): ChannelOutput<'map.points'> {
  const groups = input.groups?.length ? input.groups : (['released', 'patient', 'lowIncome'] as const);
  const gridNames = new Map(ctx.ledger.db.select({ id: grid.id, name: grid.name }).from(grid).all().map((g) => [g.id, g.name]));
  const points: KeyGroupPoint[] = [];
  let withoutPoint = 0;
  for (const k of keyGroupRows(ctx, groups)) {
    if (k.lon === null || k.lat === null) {
      withoutPoint++;
      continue;
    }
    points.push({ group: k.group, entryId: k.entryId, residentId: k.residentId, name: maskName(k.name), gridId: k.gridId, gridName: k.gridId === null ? null : (gridNames.get(k.gridId) ?? null), lon: k.lon, lat: k.lat });
  }
  return { points, withoutPoint };
}

export function householdPoints(ctx: ServiceContext, input: ChannelParsed<'map.households'>): ChannelOutput<'map.households'> {
  const h = household;
  type Row = { householdId: number; number: string; address: string; gridId: number | null; residents: number; lon: number | null; lat: number | null };
  const list = rows(
    ctx.ledger.sqlite,
    sql<Row>`select ${h.id} as householdId, ${h.number} as number, ${h.address} as address, ${h.gridId} as gridId, ${h.lon} as lon, ${h.lat} as lat,
        (select count(*) from ${resident} where ${resident.householdId} = ${h.id} and ${resident.status} = '在册') as residents
      from ${h} ${input.gridId === undefined ? sql`` : sql`where ${h.gridId} = ${input.gridId}`} order by ${h.id}`,
  );
  const points: ChannelOutput<'map.households'>['points'] = [];
  let withoutPoint = 0;
  for (const r of list) {
    if (r.lon === null || r.lat === null) withoutPoint++;
    else points.push({ ...r, lon: r.lon, lat: r.lat });
  }
  return { points, withoutPoint };
}

export function setHouseholdPoint(ctx: ServiceContext, input: ChannelParsed<'household.setPoint'>): ChannelOutput<'household.setPoint'> {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const found = db.select({ id: household.id }).from(household).where(eq(household.id, input.householdId)).get();
    if (!found) throw notFound(`找不到编号为 ${input.householdId} 的户`);
    db.update(household)
      .set({ lon: input.point?.lon ?? null, lat: input.point?.lat ?? null, updatedAt: new Date().toISOString() })
      .where(eq(household.id, input.householdId))
      .run();
    return { householdId: input.householdId, point: input.point };
  });
}
