// 首页, 网格管理 and the 实有人口 / 户 lists count by one rule (shared/rules/population.ts): 实有人口 is
// everyone 在册, with or without a grid; 户 every household. Those outside a grid are counted and
// shown apart, so the villages' counts plus `unassigned` make the town's totals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { addHousehold, addPerson } from '../helpers/people';
import { closeGrid, makeId, seedTown, type Town } from '../helpers/peopleFixtures';
import { ok } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

let t: TempLedger;
let town: Town;
beforeEach(() => {
  t = openTempLedger();
  town = seedTown(t.ctx);
  let seq = 100;
  const person = (name: string, where: { householdId?: number; gridId?: number | null }, status?: '迁出' | '死亡') =>
    addPerson(t.ctx, { idNumber: makeId('19800101', String((seq += 2) + 1)), name, relation: where.householdId ? '02' : undefined, ...where, status });
  const east = addHousehold(t.ctx, { gridId: town.grid1, address: '东村1号' });
  person('东户主', { householdId: east.id });
  person('东成员', { householdId: east.id });
  person('东迁出', { householdId: east.id }, '迁出');
  const west = addHousehold(t.ctx, { gridId: town.grid3, address: '西村1号' });
  person('西户主', { householdId: west.id });
  person('西死亡', { householdId: west.id }, '死亡');
  const noGrid = addHousehold(t.ctx, { gridId: null, address: '外来1号' });
  person('无格户主', { householdId: noGrid.id });
  person('单列人员', { gridId: town.grid2 });
  const later = addHousehold(t.ctx, { gridId: town.grid2, address: '东村2号' });
  person('撤格户主', { householdId: later.id });
  // Its grid is closed afterwards: the household is now outside any open grid.
  closeGrid(t.ctx, town.grid2);
});
afterEach(() => t.close());

const IN_REGISTER = ['东户主', '东成员', '西户主', '无格户主', '单列人员', '撤格户主'];

describe('one count of 实有人口 and 户', () => {
  it('gives the grid tree (首页, 网格管理) and the lists the same totals, those outside a grid included', async () => {
    const tree = await ok(call(t.ctx, 'grid.tree', {}));
    const people = await ok(call(t.ctx, 'person.search', { query: '' }));
    const households = await ok(call(t.ctx, 'household.find', { query: '', limit: 100 }));
    expect(people.rows.map((p) => p.name).sort()).toEqual([...IN_REGISTER].sort());
    expect(tree.totals.residents).toBe(people.total);
    expect(tree.totals.households).toBe(households.length);
    expect(tree.totals).toMatchObject({ residents: 6, households: 4 });
  });

  it('splits the totals into the open grids and those apart, without counting anyone twice', async () => {
    for (const includeClosed of [false, true]) {
      const tree = await ok(call(t.ctx, 'grid.tree', { includeClosed }));
      const openGrids = tree.villages.flatMap((v) => v.grids).filter((g) => !g.closedOn);
      expect(tree.unassigned, `includeClosed ${includeClosed}`).toEqual({ households: 2, residents: 3 });
      expect(openGrids.reduce((n, g) => n + g.counts.residents, 0) + tree.unassigned.residents).toBe(tree.totals.residents);
      expect(openGrids.reduce((n, g) => n + g.counts.households, 0) + tree.unassigned.households).toBe(tree.totals.households);
      expect(tree.totals).toMatchObject({ residents: 6, households: 4 });
    }
  });

  it('leaves out those who left or died, in every count', async () => {
    const left = await ok(call(t.ctx, 'person.search', { query: '', status: '全部' }));
    expect(left.total).toBe(8);
    const tree = await ok(call(t.ctx, 'grid.tree', {}));
    expect(tree.totals.residents).toBe(8 - 2);
    const east = tree.villages.find((v) => v.id === town.eastVillage)!;
    expect(east.counts.residents).toBe(2);
  });
});
