// 村/社区 and 网格: creating, renaming, moving and closing grids, and the tree with its counts and
// warnings. Grid codes follow domain.md Part 1: village code + serial (001–899 综合, 901–999 专属).
import { and, asc, count, eq, gte, isNotNull, isNull, like, ne, or } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { Grid, GridNode, GridTree, Village, VillageNode } from '../../../shared/contract/grid';
import { REQUIRED_STAFF_ROLES, labelOf, staffRoleTable } from '../../../shared/codes';
import { COUNTED_STATUS } from '../../../shared/rules/population';
import { checkGridCode, checkVillageCode, guessVillageType } from '../../../shared/rules/regionCode';
import type { ServiceContext } from '../context';
import { conflict, notFound, validationError } from '../errors';
import { getRules } from '../rules/service';
import { requireTown } from '../town/service';
import { inWrite } from '../db/write';
import { grid, household, resident, staff, staffGrid, village } from '../db/schema';

/** The columns of a village and a grid as the contract shows them. */
const villageColumns = { id: village.id, code: village.code, name: village.name, type: village.type };
const gridColumns = {
  id: grid.id, villageId: grid.villageId, code: grid.code, name: grid.name, kind: grid.kind,
  description: grid.description, closedOn: grid.closedOn, closeReason: grid.closeReason,
};

const now = () => new Date().toISOString();

export function listVillages(ctx: ServiceContext): Village[] {
  return ctx.ledger.db.select(villageColumns).from(village).orderBy(asc(village.code)).all();
}

function getVillage(ctx: ServiceContext, id: number): Village {
  const v = ctx.ledger.db.select(villageColumns).from(village).where(eq(village.id, id)).get();
  if (!v) throw notFound(`找不到编号为 ${id} 的村/社区`);
  return v;
}

export function getGrid(ctx: ServiceContext, id: number): Grid {
  const g = ctx.ledger.db.select(gridColumns).from(grid).where(eq(grid.id, id)).get();
  if (!g) throw notFound(`找不到编号为 ${id} 的网格`);
  return g;
}

export function createVillage(ctx: ServiceContext, input: ChannelParsed<'village.create'>): Village {
  const town = requireTown(ctx);
  const check = checkVillageCode(input.code, town.code);
  if (!check.ok) throw validationError(`村/社区代码：${check.reason}`, [{ field: '村/社区代码', path: ['code'], message: check.reason }]);
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const same = db.select({ name: village.name }).from(village).where(eq(village.code, check.code)).get();
    if (same) throw conflict(`村/社区代码 ${check.code} 已被「${same.name}」使用`);
    if (db.select({ id: village.id }).from(village).where(eq(village.name, input.name)).get()) throw conflict(`已有名为「${input.name}」的村/社区`);
    const t = now();
    const { id } = db
      .insert(village)
      .values({ code: check.code, name: input.name, type: input.type ?? guessVillageType(check.code), createdAt: t, updatedAt: t })
      .returning({ id: village.id })
      .get();
    return getVillage(ctx, id);
  });
}

/** Renames a village or corrects its type. Its code is fixed: grids' codes are built on it. */
export function updateVillage(ctx: ServiceContext, input: ChannelParsed<'village.update'>): Village {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const current = getVillage(ctx, input.id);
    if (input.code.trim() !== current.code) {
      throw validationError(`村/社区代码不能修改（其网格编码都以它开头）；如代码有误，请新建村/社区并把网格迁过去`);
    }
    const other = db.select({ id: village.id }).from(village).where(and(eq(village.name, input.name), ne(village.id, input.id))).get();
    if (other) throw conflict(`已有名为「${input.name}」的村/社区`);
    db.update(village).set({ name: input.name, type: input.type ?? current.type, updatedAt: now() }).where(eq(village.id, input.id)).run();
    return getVillage(ctx, input.id);
  });
}

/** The next free serial in a village for a kind of grid; closed grids keep their codes. */
export function nextGridCode(ctx: ServiceContext, villageId: number, kind: string): string {
  const v = getVillage(ctx, villageId);
  const [lo, hi] = kind === '专属网格' ? [901, 999] : [1, 899];
  const used = new Set(
    ctx.ledger.db.select({ code: grid.code }).from(grid).where(like(grid.code, `${v.code}%`)).all().map((r) => Number(r.code.slice(12))),
  );
  for (let s = lo; s <= hi; s++) if (!used.has(s)) return v.code + String(s).padStart(3, '0');
  throw conflict(`「${v.name}」的${kind}编号已用完（${lo}–${hi}）`);
}

/** An open grid of that name in the village (other than `selfId`). */
function openGridNamed(ctx: ServiceContext, villageId: number, name: string, selfId?: number) {
  return ctx.ledger.db
    .select({ id: grid.id })
    .from(grid)
    .where(and(eq(grid.villageId, villageId), eq(grid.name, name), selfId === undefined ? undefined : ne(grid.id, selfId), isNull(grid.closedOn)))
    .get();
}

export function createGrid(ctx: ServiceContext, input: ChannelParsed<'grid.create'>): Grid {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const v = getVillage(ctx, input.villageId);
    let code: string;
    if (input.code && input.code.trim()) {
      const check = checkGridCode(input.code, v.code, input.kind as '综合网格' | '专属网格');
      if (!check.ok) throw validationError(`网格编码：${check.reason}`, [{ field: '网格编码', path: ['code'], message: check.reason }]);
      code = check.code;
      const same = db.select({ name: grid.name }).from(grid).where(eq(grid.code, code)).get();
      if (same) throw conflict(`网格编码 ${code} 已被「${same.name}」使用`);
    } else {
      code = nextGridCode(ctx, v.id, input.kind);
    }
    if (openGridNamed(ctx, v.id, input.name)) throw conflict(`「${v.name}」已有名为「${input.name}」的网格`);
    const t = now();
    const { id } = db
      .insert(grid)
      .values({ villageId: v.id, code, name: input.name, kind: input.kind, description: input.description, createdAt: t, updatedAt: t })
      .returning({ id: grid.id })
      .get();
    return getGrid(ctx, id);
  });
}

export function updateGrid(ctx: ServiceContext, input: ChannelParsed<'grid.update'>): Grid {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const g = getGrid(ctx, input.id);
    if (openGridNamed(ctx, g.villageId, input.name, g.id)) throw conflict(`该村/社区已有名为「${input.name}」的网格`);
    db.update(grid).set({ name: input.name, description: input.description, updatedAt: now() }).where(eq(grid.id, g.id)).run();
    return getGrid(ctx, g.id);
  });
}

/** Moving a grid gives it the target village's next serial of its kind: the code follows the rules. */
export function moveGrid(ctx: ServiceContext, input: ChannelParsed<'grid.move'>): Grid {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const g = getGrid(ctx, input.id);
    if (g.closedOn) throw conflict(`网格「${g.name}」已于 ${g.closedOn} 撤销，不能迁移`);
    if (g.villageId === input.villageId) throw validationError('网格已在该村/社区，无需迁移');
    const target = getVillage(ctx, input.villageId);
    if (openGridNamed(ctx, target.id, g.name)) throw conflict(`「${target.name}」已有名为「${g.name}」的网格，请先改名再迁移`);
    const code = nextGridCode(ctx, target.id, g.kind);
    db.update(grid).set({ villageId: target.id, code, updatedAt: now() }).where(eq(grid.id, g.id)).run();
    return getGrid(ctx, g.id);
  });
}

export function closeGrid(ctx: ServiceContext, input: ChannelParsed<'grid.close'>): Grid {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const g = getGrid(ctx, input.id);
    if (g.closedOn) throw conflict(`网格「${g.name}」已于 ${g.closedOn} 撤销`);
    const households = db.select({ n: count() }).from(household).where(eq(household.gridId, g.id)).get()!.n;
    const residents = db.select({ n: count() }).from(resident).where(and(eq(resident.gridId, g.id), eq(resident.status, COUNTED_STATUS))).get()!.n;
    if (households > 0 || residents > 0) {
      throw conflict(`网格「${g.name}」还有 ${households} 户、${residents} 名在册人员，请先把他们调整到其他网格，再撤销该网格`);
    }
    db.update(grid).set({ closedOn: input.date, closeReason: input.reason, updatedAt: now() }).where(eq(grid.id, g.id)).run();
    // Staff no longer serve a closed grid.
    db.delete(staffGrid).where(eq(staffGrid.gridId, g.id)).run();
    return getGrid(ctx, g.id);
  });
}

export function gridTree(ctx: ServiceContext, input: { includeClosed: boolean }): GridTree {
  const town = requireTown(ctx);
  const db = ctx.ledger.db;
  const villages = listVillages(ctx);
  const grids = db.select(gridColumns).from(grid).where(input.includeClosed ? undefined : isNull(grid.closedOn)).orderBy(asc(grid.code)).all();
  const hh = new Map(
    db.select({ g: household.gridId, n: count() }).from(household).where(isNotNull(household.gridId)).groupBy(household.gridId).all().map((r) => [r.g!, r.n]),
  );
  const rs = new Map(
    db
      .select({ g: resident.gridId, n: count() })
      .from(resident)
      .where(and(eq(resident.status, COUNTED_STATUS), isNotNull(resident.gridId)))
      .groupBy(resident.gridId)
      .all()
      .map((r) => [r.g!, r.n]),
  );
  const today = ctx.today();
  // Over these a 综合网格 is flagged 超规模 (domain.md Part 1; town settings).
  const { gridMaxHouseholds, gridMaxResidents } = getRules(ctx);
  const staffRows = db
    .select({ g: staffGrid.gridId, s: staff.id, role: staff.role })
    .from(staffGrid)
    .innerJoin(staff, eq(staff.id, staffGrid.staffId))
    .where(or(isNull(staff.endDate), gte(staff.endDate, today)))
    .all();
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
  const unassignedHouseholds = db
    .select({ n: count() })
    .from(household)
    .leftJoin(grid, eq(grid.id, household.gridId))
    .where(or(isNull(household.gridId), isNotNull(grid.closedOn)))
    .get()!.n;
  const unassignedResidents = db
    .select({ n: count() })
    .from(resident)
    .leftJoin(grid, eq(grid.id, resident.gridId))
    .where(and(eq(resident.status, COUNTED_STATUS), or(isNull(resident.gridId), isNotNull(grid.closedOn))))
    .get()!.n;
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
      // The town's 户 and 实有人口 count those not yet in a grid too (shared/rules/population.ts), so
      // they equal the people lists' totals: the open grids' counts plus `unassigned`.
      households: db.select({ n: count() }).from(household).get()!.n,
      residents: db.select({ n: count() }).from(resident).where(eq(resident.status, COUNTED_STATUS)).get()!.n,
      staff: allStaff.size,
    },
    unassigned: { households: unassignedHouseholds, residents: unassignedResidents },
    warnings,
  };
}
