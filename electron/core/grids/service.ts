// 村/社区 and 网格: creating, renaming, moving and closing grids, and the tree with its counts and
// warnings. Grid codes follow domain.md Part 1: village code + serial (001–899 综合, 901–999 专属).
import type { ChannelParsed } from '../../../shared/contract';
import type { Grid, GridNode, GridTree, Village, VillageNode } from '../../../shared/contract/grid';
import { REQUIRED_STAFF_ROLES, labelOf, staffRoleTable } from '../../../shared/codes';
import { checkGridCode, checkVillageCode, guessVillageType } from '../../../shared/rules/regionCode';
import type { ServiceContext } from '../context';
import { conflict, notFound, validationError } from '../errors';
import { getRules } from '../rules/service';
import { requireTown } from '../town/service';
import { inWrite } from '../db/write';
import { statement } from '../db/statements';


interface GridRow {
  id: number;
  villageId: number;
  code: string;
  name: string;
  kind: string;
  description: string;
  closedOn: string | null;
  closeReason: string | null;
}

const GRID_COLUMNS = `id, village_id as villageId, code, name, kind, description, closed_on as closedOn, close_reason as closeReason`;

const now = () => new Date().toISOString();

export function listVillages(ctx: ServiceContext): Village[] {
  return statement(ctx.ledger.sqlite, 'select id, code, name, type from village order by code').all() as Village[];
}

function getVillage(ctx: ServiceContext, id: number): Village {
  const v = statement(ctx.ledger.sqlite, 'select id, code, name, type from village where id = ?').get(id) as Village | undefined;
  if (!v) throw notFound(`找不到编号为 ${id} 的村/社区`);
  return v;
}

export function getGrid(ctx: ServiceContext, id: number): Grid {
  const g = statement(ctx.ledger.sqlite, `select ${GRID_COLUMNS} from grid where id = ?`).get(id) as GridRow | undefined;
  if (!g) throw notFound(`找不到编号为 ${id} 的网格`);
  return g;
}

export function createVillage(ctx: ServiceContext, input: ChannelParsed<'village.create'>): Village {
  const town = requireTown(ctx);
  const check = checkVillageCode(input.code, town.code);
  if (!check.ok) throw validationError(`村/社区代码：${check.reason}`, [{ field: '村/社区代码', path: ['code'], message: check.reason }]);
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    const same = statement(db, 'select name from village where code = ?').get(check.code) as { name: string } | undefined;
    if (same) throw conflict(`村/社区代码 ${check.code} 已被「${same.name}」使用`);
    if (statement(db, 'select 1 from village where name = ?').get(input.name)) throw conflict(`已有名为「${input.name}」的村/社区`);
    const t = now();
    const r = statement(db, 'insert into village (code, name, type, created_at, updated_at) values (?, ?, ?, ?, ?)')
      .run(check.code, input.name, input.type ?? guessVillageType(check.code), t, t);
    return getVillage(ctx, Number(r.lastInsertRowid));
  });
}

/** Renames a village or corrects its type. Its code is fixed: grids' codes are built on it. */
export function updateVillage(ctx: ServiceContext, input: ChannelParsed<'village.update'>): Village {
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    const current = getVillage(ctx, input.id);
    if (input.code.trim() !== current.code) {
      throw validationError(`村/社区代码不能修改（其网格编码都以它开头）；如代码有误，请新建村/社区并把网格迁过去`);
    }
    const other = statement(db, 'select id from village where name = ? and id <> ?').get(input.name, input.id);
    if (other) throw conflict(`已有名为「${input.name}」的村/社区`);
    statement(db, 'update village set name = ?, type = ?, updated_at = ? where id = ?').run(input.name, input.type ?? current.type, now(), input.id);
    return getVillage(ctx, input.id);
  });
}

/** The next free serial in a village for a kind of grid; closed grids keep their codes. */
export function nextGridCode(ctx: ServiceContext, villageId: number, kind: string): string {
  const village = getVillage(ctx, villageId);
  const [lo, hi] = kind === '专属网格' ? [901, 999] : [1, 899];
  const used = new Set(
    (statement(ctx.ledger.sqlite, 'select code from grid where code like ?').all(`${village.code}%`) as { code: string }[]).map((r) =>
      Number(r.code.slice(12)),
    ),
  );
  for (let s = lo; s <= hi; s++) if (!used.has(s)) return village.code + String(s).padStart(3, '0');
  throw conflict(`「${village.name}」的${kind}编号已用完（${lo}–${hi}）`);
}

export function createGrid(ctx: ServiceContext, input: ChannelParsed<'grid.create'>): Grid {
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    const village = getVillage(ctx, input.villageId);
    let code: string;
    if (input.code && input.code.trim()) {
      const check = checkGridCode(input.code, village.code, input.kind as '综合网格' | '专属网格');
      if (!check.ok) throw validationError(`网格编码：${check.reason}`, [{ field: '网格编码', path: ['code'], message: check.reason }]);
      code = check.code;
      const same = statement(db, 'select name from grid where code = ?').get(code) as { name: string } | undefined;
      if (same) throw conflict(`网格编码 ${code} 已被「${same.name}」使用`);
    } else {
      code = nextGridCode(ctx, village.id, input.kind);
    }
    const dup = statement(db, 'select 1 from grid where village_id = ? and name = ? and closed_on is null').get(village.id, input.name);
    if (dup) throw conflict(`「${village.name}」已有名为「${input.name}」的网格`);
    const t = now();
    const r = statement(db, 'insert into grid (village_id, code, name, kind, description, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)')
      .run(village.id, code, input.name, input.kind, input.description, t, t);
    return getGrid(ctx, Number(r.lastInsertRowid));
  });
}

export function updateGrid(ctx: ServiceContext, input: ChannelParsed<'grid.update'>): Grid {
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    const g = getGrid(ctx, input.id);
    const dup = statement(db, 'select 1 from grid where village_id = ? and name = ? and id <> ? and closed_on is null').get(g.villageId, input.name, g.id);
    if (dup) throw conflict(`该村/社区已有名为「${input.name}」的网格`);
    statement(db, 'update grid set name = ?, description = ?, updated_at = ? where id = ?').run(input.name, input.description, now(), g.id);
    return getGrid(ctx, g.id);
  });
}

/** Moving a grid gives it the target village's next serial of its kind: the code follows the rules. */
export function moveGrid(ctx: ServiceContext, input: ChannelParsed<'grid.move'>): Grid {
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    const g = getGrid(ctx, input.id);
    if (g.closedOn) throw conflict(`网格「${g.name}」已于 ${g.closedOn} 撤销，不能迁移`);
    if (g.villageId === input.villageId) throw validationError('网格已在该村/社区，无需迁移');
    const target = getVillage(ctx, input.villageId);
    const dup = statement(db, 'select 1 from grid where village_id = ? and name = ? and closed_on is null').get(target.id, g.name);
    if (dup) throw conflict(`「${target.name}」已有名为「${g.name}」的网格，请先改名再迁移`);
    const code = nextGridCode(ctx, target.id, g.kind);
    statement(db, 'update grid set village_id = ?, code = ?, updated_at = ? where id = ?').run(target.id, code, now(), g.id);
    return getGrid(ctx, g.id);
  });
}

export function closeGrid(ctx: ServiceContext, input: ChannelParsed<'grid.close'>): Grid {
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    const g = getGrid(ctx, input.id);
    if (g.closedOn) throw conflict(`网格「${g.name}」已于 ${g.closedOn} 撤销`);
    const households = (statement(db, 'select count(*) as n from household where grid_id = ?').get(g.id) as { n: number }).n;
    const residents = (statement(db, "select count(*) as n from resident where grid_id = ? and status = '在册'").get(g.id) as { n: number }).n;
    if (households > 0 || residents > 0) {
      throw conflict(`网格「${g.name}」还有 ${households} 户、${residents} 名在册人员，请先把他们调整到其他网格，再撤销该网格`);
    }
    statement(db, 'update grid set closed_on = ?, close_reason = ?, updated_at = ? where id = ?').run(input.date, input.reason, now(), g.id);
    // Staff no longer serve a closed grid.
    statement(db, 'delete from staff_grid where grid_id = ?').run(g.id);
    return getGrid(ctx, g.id);
  });
}

export function gridTree(ctx: ServiceContext, input: { includeClosed: boolean }): GridTree {
  const town = requireTown(ctx);
  const db = ctx.ledger.sqlite;
  const villages = listVillages(ctx);
  const grids = statement(db, `select ${GRID_COLUMNS} from grid ${input.includeClosed ? '' : 'where closed_on is null'} order by code`).all() as GridRow[];
  const hh = new Map(
    (statement(db, 'select grid_id as g, count(*) as n from household where grid_id is not null group by grid_id').all() as { g: number; n: number }[]).map((r) => [r.g, r.n]),
  );
  const rs = new Map(
    (statement(db, "select grid_id as g, count(*) as n from resident where status = '在册' and grid_id is not null group by grid_id").all() as { g: number; n: number }[]).map((r) => [r.g, r.n]),
  );
  const today = ctx.today();
  // Over these a 综合网格 is flagged 超规模 (domain.md Part 1; town settings).
  const { gridMaxHouseholds, gridMaxResidents } = getRules(ctx);
  const staffRows = statement(db,
      `select sg.grid_id as g, s.id as s, s.role as role from staff_grid sg join staff s on s.id = sg.staff_id
       where s.end_date is null or s.end_date >= ?`,
    )
    .all(today) as { g: number; s: number; role: string }[];
  const staffByGrid = new Map<number, { ids: Set<number>; roles: Set<string> }>();
  for (const r of staffRows) {
    const e = staffByGrid.get(r.g) ?? { ids: new Set(), roles: new Set() };
    e.ids.add(r.s);
    e.roles.add(r.role);
    staffByGrid.set(r.g, e);
  }
  const warnings: GridTree['warnings'] = [];
  const nodesByVillage = new Map<number, GridNode[]>();
  for (const g of grids) {
    const staffOf = staffByGrid.get(g.id);
    const counts = { households: hh.get(g.id) ?? 0, residents: rs.get(g.id) ?? 0, staff: staffOf?.ids.size ?? 0 };
    const missingRoles = g.closedOn ? [] : REQUIRED_STAFF_ROLES.filter((r) => !staffOf?.roles.has(r));
    const w: string[] = [];
    if (!g.closedOn && g.kind === '综合网格' && (counts.households > gridMaxHouseholds || counts.residents > gridMaxResidents)) {
      const msg = `超规模：${counts.households} 户、${counts.residents} 人（上限 ${gridMaxHouseholds} 户或 ${gridMaxResidents} 人）`;
      w.push(msg);
      warnings.push({ kind: '超规模', message: `${g.name}（${g.code}）${msg}`, gridId: g.id });
    }
    if (missingRoles.length) {
      const msg = `未配齐1+3：缺${missingRoles.map((r) => labelOf(staffRoleTable, r)).join('、')}`;
      w.push(msg);
      warnings.push({ kind: '未配齐', message: `${g.name}（${g.code}）${msg}`, gridId: g.id });
    }
    if (g.closedOn) w.push(`已于 ${g.closedOn} 撤销`);
    const node: GridNode = { ...g, counts, missingRoles, warnings: w };
    const list = nodesByVillage.get(g.villageId) ?? [];
    list.push(node);
    nodesByVillage.set(g.villageId, list);
  }
  const villageNodes: VillageNode[] = villages.map((v) => {
    const gs = nodesByVillage.get(v.id) ?? [];
    const staffIds = new Set<number>();
    for (const g of gs) for (const id of staffByGrid.get(g.id)?.ids ?? []) staffIds.add(id);
    const counts = {
      grids: gs.filter((g) => !g.closedOn).length,
      households: gs.reduce((a, g) => a + g.counts.households, 0),
      residents: gs.reduce((a, g) => a + g.counts.residents, 0),
      staff: staffIds.size,
    };
    const vw: string[] = [];
    if (counts.grids === 0) vw.push('尚未划分网格');
    const flagged = gs.filter((g) => g.warnings.length && !g.closedOn).length;
    if (flagged) vw.push(`${flagged} 个网格有提醒`);
    return { ...v, counts, grids: gs, warnings: vw };
  });
  const unassignedHouseholds = (
    statement(db, 'select count(*) as n from household h left join grid g on g.id = h.grid_id where h.grid_id is null or g.closed_on is not null').get() as { n: number }
  ).n;
  const unassignedResidents = (
    statement(db, "select count(*) as n from resident r left join grid g on g.id = r.grid_id where r.status = '在册' and (r.grid_id is null or g.closed_on is not null)").get() as { n: number }
  ).n;
  if (unassignedHouseholds || unassignedResidents) {
    warnings.push({ kind: '无网格住户', message: `有 ${unassignedHouseholds} 户、${unassignedResidents} 名在册人员没有归入网格`, gridId: null });
  }
  const allStaff = new Set(staffRows.map((r) => r.s));
  return {
    town: { name: town.name, code: town.code },
    villages: villageNodes,
    totals: {
      villages: villages.length,
      grids: grids.filter((g) => !g.closedOn).length,
      households: villageNodes.reduce((a, v) => a + v.counts.households, 0),
      residents: villageNodes.reduce((a, v) => a + v.counts.residents, 0),
      staff: allStaff.size,
    },
    unassigned: { households: unassignedHouseholds, residents: unassignedResidents },
    warnings,
  };
}
