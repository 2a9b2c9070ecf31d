// 网格员 and the other grid staff: who serves which grids, in which role, from when to when.
import type { ChannelParsed } from '../../../shared/contract';
import type { StaffMember } from '../../../shared/contract/grid';
import type { ServiceContext } from '../context';
import { conflict, notFound, validationError } from '../errors';
import { inWrite } from '../db/write';
import { statement } from '../db/statements';

interface StaffRow {
  id: number;
  name: string;
  idNumber: string | null;
  phone: string;
  role: string;
  startDate: string | null;
  endDate: string | null;
  note: string;
}

const STAFF_COLUMNS = `s.id, s.name, s.id_number as idNumber, s.phone, s.role, s.start_date as startDate, s.end_date as endDate, s.note`;

function gridsOf(ctx: ServiceContext, staffIds: number[]): Map<number, StaffMember['grids']> {
  const out = new Map<number, StaffMember['grids']>();
  if (!staffIds.length) return out;
  const rows = statement(ctx.ledger.sqlite, 
      `select sg.staff_id as staffId, g.id, g.code, g.name, v.name as villageName
       from staff_grid sg join grid g on g.id = sg.grid_id join village v on v.id = g.village_id
       where sg.staff_id in (select value from json_each(?)) order by g.code`,
    )
    .all(JSON.stringify(staffIds)) as ({ staffId: number } & StaffMember['grids'][number])[];
  for (const { staffId, ...g } of rows) {
    const list = out.get(staffId) ?? [];
    list.push(g);
    out.set(staffId, list);
  }
  return out;
}

export function getStaff(ctx: ServiceContext, id: number): StaffMember {
  const row = statement(ctx.ledger.sqlite, `select ${STAFF_COLUMNS} from staff s where s.id = ?`).get(id) as StaffRow | undefined;
  if (!row) throw notFound(`找不到编号为 ${id} 的网格员`);
  return { ...row, grids: gridsOf(ctx, [id]).get(id) ?? [] };
}

export function listStaff(ctx: ServiceContext, input: ChannelParsed<'staff.list'>): StaffMember[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!input.includeEnded) {
    where.push('(s.end_date is null or s.end_date >= ?)');
    params.push(ctx.today());
  }
  if (input.gridId) {
    where.push('s.id in (select staff_id from staff_grid where grid_id = ?)');
    params.push(input.gridId);
  }
  if (input.villageId) {
    where.push('s.id in (select sg.staff_id from staff_grid sg join grid g on g.id = sg.grid_id where g.village_id = ?)');
    params.push(input.villageId);
  }
  const rows = statement(ctx.ledger.sqlite, 
      `select ${STAFF_COLUMNS}, (select min(g.code) from staff_grid sg join grid g on g.id = sg.grid_id where sg.staff_id = s.id) as firstGrid
       from staff s ${where.length ? 'where ' + where.join(' and ') : ''} order by firstGrid, s.role, s.name`,
    )
    .all(...params) as (StaffRow & { firstGrid: string | null })[];
  const grids = gridsOf(ctx, rows.map((r) => r.id));
  return rows.map(({ firstGrid: _f, ...r }) => ({ ...r, grids: grids.get(r.id) ?? [] }));
}

function checkStaffInput(ctx: ServiceContext, input: ChannelParsed<'staff.create'>, selfId: number | null) {
  if (input.startDate && input.endDate && input.endDate < input.startDate) {
    throw validationError(`离任日期 ${input.endDate} 早于任职日期 ${input.startDate}`, [{ field: '离任日期', path: ['endDate'], message: '离任日期早于任职日期' }]);
  }
  if (input.idNumber) {
    const other = statement(ctx.ledger.sqlite, 'select id, name from staff where id_number = ? and id is not ?').get(input.idNumber, selfId) as
      | { id: number; name: string }
      | undefined;
    if (other) throw conflict(`公民身份号码 ${input.idNumber} 已登记为网格员「${other.name}」`);
  }
  for (const gridId of new Set(input.gridIds)) {
    const g = statement(ctx.ledger.sqlite, 'select name, closed_on as closedOn from grid where id = ?').get(gridId) as { name: string; closedOn: string | null } | undefined;
    if (!g) throw notFound(`找不到编号为 ${gridId} 的网格`);
    if (g.closedOn) throw conflict(`网格「${g.name}」已撤销，不能再安排网格员`);
  }
}

function saveGrids(ctx: ServiceContext, staffId: number, gridIds: number[]) {
  const db = ctx.ledger.sqlite;
  statement(db, 'delete from staff_grid where staff_id = ?').run(staffId);
  const insert = statement(db, 'insert into staff_grid (staff_id, grid_id) values (?, ?)');
  for (const g of new Set(gridIds)) insert.run(staffId, g);
}

export function createStaff(ctx: ServiceContext, input: ChannelParsed<'staff.create'>): StaffMember {
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    checkStaffInput(ctx, input, null);
    const t = new Date().toISOString();
    const r = statement(db, 
        `insert into staff (name, id_number, phone, role, start_date, end_date, note, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.name, input.idNumber ?? null, input.phone, input.role, input.startDate ?? null, input.endDate ?? null, input.note, t, t);
    const id = Number(r.lastInsertRowid);
    saveGrids(ctx, id, input.gridIds);
    return getStaff(ctx, id);
  });
}

export function updateStaff(ctx: ServiceContext, input: ChannelParsed<'staff.update'>): StaffMember {
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    getStaff(ctx, input.id);
    checkStaffInput(ctx, input, input.id);
    statement(db, 
      `update staff set name = ?, id_number = ?, phone = ?, role = ?, start_date = ?, end_date = ?, note = ?, updated_at = ? where id = ?`,
    ).run(input.name, input.idNumber ?? null, input.phone, input.role, input.startDate ?? null, input.endDate ?? null, input.note, new Date().toISOString(), input.id);
    saveGrids(ctx, input.id, input.gridIds);
    return getStaff(ctx, input.id);
  });
}
