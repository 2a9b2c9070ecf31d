// A file's 网格 as a grid of the town: the 15-digit code, the grid's name, or 村名+网格名. Used by
// every import that places people or staff in grids.
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../context';
import { grid, village } from '../db/schema';
import { toHalfWidth } from './columns';

export type GridRow = Pick<typeof grid.$inferSelect, 'id' | 'code' | 'name' | 'closedOn'> & { village: string };

/** How the file's column names the grid: by code, by name, or either. */
export type GridRefKind = 'code' | 'name' | 'any';

const gridKey = (s: string) => toHalfWidth(s).replace(/[\s/\\\-—_·|>＞]+/g, '');

/**
 * Loads the town's grids once; `find` gives the open grid a cell names, or a Chinese reason why not
 * (a string) — not found, ambiguous name, closed, a code column holding something else.
 */
export function gridLookup(ctx: ServiceContext): { find(text: string, kind: GridRefKind): GridRow | string; grids: GridRow[] } {
  const grids: GridRow[] = ctx.ledger.db
    .select({ id: grid.id, code: grid.code, name: grid.name, village: village.name, closedOn: grid.closedOn })
    .from(grid)
    .innerJoin(village, eq(village.id, grid.villageId))
    .all();
  const byCode = new Map(grids.map((g) => [g.code, g]));
  const byName = new Map<string, GridRow[]>();
  for (const g of grids) {
    for (const key of new Set([gridKey(g.name), gridKey(g.village + g.name)])) {
      const list = byName.get(key) ?? [];
      list.push(g);
      byName.set(key, list);
    }
  }
  const find = (text: string, kind: GridRefKind): GridRow | string => {
    const isCode = /^\d{15}$/.test(text);
    if (kind === 'code' && !isCode) return `网格编码「${text}」应为15位数字（12位村/社区代码 + 3位网格序号）`;
    let found: GridRow;
    if (isCode && kind !== 'name') {
      const g = byCode.get(text);
      if (!g) return `网格编码「${text}」不存在，请先在「网格」页面建立该网格，或核对编码`;
      found = g;
    } else {
      const list = byName.get(gridKey(text)) ?? [];
      if (list.length === 0) return `网格「${text}」不存在，请先在「网格」页面建立该网格，或改填15位网格编码`;
      if (list.length > 1) return `有多个网格叫「${text}」（${list.map((g) => g.village).join('、')}），请改填15位网格编码，或写成「村名+网格名」`;
      found = list[0]!;
    }
    if (found.closedOn) return `网格「${found.name}」已于 ${found.closedOn} 撤销，不能再导入到该网格`;
    return found;
  };
  return { find, grids };
}
