// 网格员 and the other grid staff: who serves which grids, in which role, from when to when.
// Queries are built from the drizzle schema (the pattern the other services move to): a renamed
// column fails the typecheck here, and the row types come from the schema, not from interfaces.
import { and, asc, eq, gte, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { StaffMember } from '../../../shared/contract/grid';
import type { ServiceContext } from '../context';
import { grid, staff, staffGrid, village } from '../db/schema';
import { inWrite } from '../db/write';
import { conflict, notFound, validationError } from '../errors';

/** The columns of a staff member as the contract shows them. */
const staffColumns = {
  id: staff.id, name: staff.name, idNumber: staff.idNumber, phone: staff.phone, role: staff.role,
  startDate: staff.startDate, endDate: staff.endDate, note: staff.note,
};

function gridsOf(ctx: ServiceContext, staffIds: number[]): Map<number, StaffMember['grids']> {
  const out = new Map<number, StaffMember['grids']>();
  if (!staffIds.length) return out;
  const rows = ctx.ledger.db
    .select({ staffId: staffGrid.staffId, id: grid.id, code: grid.code, name: grid.name, villageName: village.name })
    .from(staffGrid)
    .innerJoin(grid, eq(grid.id, staffGrid.gridId))
    .innerJoin(village, eq(village.id, grid.villageId))
    .where(inArray(staffGrid.staffId, staffIds))
    .orderBy(asc(grid.code))
    .all();
  for (const { staffId, ...g } of rows) {
    const list = out.get(staffId) ?? [];
    list.push(g);
    out.set(staffId, list);
  }
  return out;
}

export function getStaff(ctx: ServiceContext, id: number): StaffMember {
  const row = ctx.ledger.db.select(staffColumns).from(staff).where(eq(staff.id, id)).get();
  if (!row) throw notFound(`找不到编号为 ${id} 的网格员`);
  return { ...row, grids: gridsOf(ctx, [id]).get(id) ?? [] };
}

export function listStaff(ctx: ServiceContext, input: ChannelParsed<'staff.list'>): StaffMember[] {
  const db = ctx.ledger.db;
  const where: SQL[] = [];
  if (!input.includeEnded) where.push(or(isNull(staff.endDate), gte(staff.endDate, ctx.today()))!);
  if (input.gridId) where.push(inArray(staff.id, db.select({ id: staffGrid.staffId }).from(staffGrid).where(eq(staffGrid.gridId, input.gridId))));
  if (input.villageId) {
    where.push(
      inArray(staff.id, db.select({ id: staffGrid.staffId }).from(staffGrid).innerJoin(grid, eq(grid.id, staffGrid.gridId)).where(eq(grid.villageId, input.villageId))),
    );
  }
  // In 台账 order: by the first grid a member serves, then role and name.
  const firstGrid = sql<string | null>`(select min(${grid.code}) from ${staffGrid} join ${grid} on ${grid.id} = ${staffGrid.gridId} where ${staffGrid.staffId} = ${staff.id})`;
  const rows = db
    .select(staffColumns)
    .from(staff)
    .where(and(...where))
    .orderBy(firstGrid, asc(staff.role), asc(staff.name))
    .all();
  const grids = gridsOf(ctx, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, grids: grids.get(r.id) ?? [] }));
}

function checkStaffInput(ctx: ServiceContext, input: ChannelParsed<'staff.create'>, selfId: number | null) {
  const db = ctx.ledger.db;
  if (input.startDate && input.endDate && input.endDate < input.startDate) {
    throw validationError(`离任日期 ${input.endDate} 早于任职日期 ${input.startDate}`, [{ field: '离任日期', path: ['endDate'], message: '离任日期早于任职日期' }]);
  }
  if (input.idNumber) {
    const other = db
      .select({ id: staff.id, name: staff.name })
      .from(staff)
      .where(and(eq(staff.idNumber, input.idNumber), selfId === null ? undefined : ne(staff.id, selfId)))
      .get();
    if (other) throw conflict(`公民身份号码 ${input.idNumber} 已登记为网格员「${other.name}」`);
  }
  for (const gridId of new Set(input.gridIds)) {
    const g = db.select({ name: grid.name, closedOn: grid.closedOn }).from(grid).where(eq(grid.id, gridId)).get();
    if (!g) throw notFound(`找不到编号为 ${gridId} 的网格`);
    if (g.closedOn) throw conflict(`网格「${g.name}」已撤销，不能再安排网格员`);
  }
}

function saveGrids(ctx: ServiceContext, staffId: number, gridIds: number[]) {
  const db = ctx.ledger.db;
  db.delete(staffGrid).where(eq(staffGrid.staffId, staffId)).run();
  const rows = [...new Set(gridIds)].map((gridId) => ({ staffId, gridId }));
  if (rows.length) db.insert(staffGrid).values(rows).run();
}

function staffValues(input: ChannelParsed<'staff.create'>) {
  return {
    name: input.name, idNumber: input.idNumber ?? null, phone: input.phone, role: input.role,
    startDate: input.startDate ?? null, endDate: input.endDate ?? null, note: input.note,
  } satisfies Partial<typeof staff.$inferInsert>;
}

export function createStaff(ctx: ServiceContext, input: ChannelParsed<'staff.create'>): StaffMember {
  return inWrite(ctx, () => {
    checkStaffInput(ctx, input, null);
    const t = new Date().toISOString();
    const { id } = ctx.ledger.db.insert(staff).values({ ...staffValues(input), createdAt: t, updatedAt: t }).returning({ id: staff.id }).get();
    saveGrids(ctx, id, input.gridIds);
    return getStaff(ctx, id);
  });
}

export function updateStaff(ctx: ServiceContext, input: ChannelParsed<'staff.update'>): StaffMember {
  return inWrite(ctx, () => {
    getStaff(ctx, input.id);
    checkStaffInput(ctx, input, input.id);
    ctx.ledger.db.update(staff).set({ ...staffValues(input), updatedAt: new Date().toISOString() }).where(eq(staff.id, input.id)).run();
    saveGrids(ctx, input.id, input.gridIds);
    return getStaff(ctx, input.id);
  });
}
