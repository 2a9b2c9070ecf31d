import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { cli } from '../helpers/cli';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { addHousehold } from '../helpers/people';
import { fails, ok } from '../helpers/results';

let t: TempLedger;
beforeEach(async () => {
  t = openTempLedger();
  await call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100000' });
});
afterEach(() => t.close());

const ID_A = '11010519491231002X';
const ID_B = '110105194912310038';

describe('villages', () => {
  it('creates a village under the town and guesses 村/社区 from the serial', async () => {
    const v = await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '柳河村' }));
    expect(v).toMatchObject({ code: '320121100201', type: '村' });
    const c = await ok(call(t.ctx, 'village.create', { code: '３２０１２１１００００１', name: '东关社区' }));
    expect(c).toMatchObject({ code: '320121100001', type: '社区' });
    expect((await ok(call(t.ctx, 'village.list', {}))).map((x) => x.name)).toEqual(['东关社区', '柳河村']);
  });

  it('refuses codes outside the town, duplicates, and code changes', async () => {
    expect((await fails(call(t.ctx, 'village.create', { code: '320121101201', name: '外镇村' }))).message).toContain('前9位');
    const v = await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '柳河村' }));
    expect((await fails(call(t.ctx, 'village.create', { code: '320121100201', name: '别的村' }))).message).toContain('已被「柳河村」使用');
    expect((await fails(call(t.ctx, 'village.create', { code: '320121100202', name: '柳河村' }))).code).toBe('CONFLICT');
    expect((await fails(call(t.ctx, 'village.update', { id: v.id, code: '320121100203', name: '柳河村' }))).message).toContain('不能修改');
    const renamed = await ok(call(t.ctx, 'village.update', { id: v.id, code: '320121100201', name: '柳河新村', type: '村' }));
    expect(renamed.name).toBe('柳河新村');
  });
});

describe('grids', () => {
  let villageA: number;
  let villageB: number;
  beforeEach(async () => {
    villageA = (await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '柳河村' }))).id;
    villageB = (await ok(call(t.ctx, 'village.create', { code: '320121100001', name: '东关社区' }))).id;
  });

  it('numbers 综合网格 from 001 and 专属网格 from 901', async () => {
    const g1 = await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '第一网格' }));
    const g2 = await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '第二网格' }));
    const s1 = await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '专属网格', name: '柳河小学' }));
    expect([g1.code, g2.code, s1.code]).toEqual(['320121100201001', '320121100201002', '320121100201901']);
    expect((await fails(call(t.ctx, 'grid.create', { villageId: villageA, kind: '专属网格', name: 'x', code: '320121100201005' }))).message).toContain('901–999');
    expect((await fails(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '第一网格' }))).code).toBe('CONFLICT');
    expect((await fails(call(t.ctx, 'grid.create', { villageId: villageA, kind: '网格', name: '第九网格' }))).message).toContain('网格类型');
  });

  it('moves a grid to another village with a code that follows the rules', async () => {
    await ok(call(t.ctx, 'grid.create', { villageId: villageB, kind: '综合网格', name: '第一网格' }));
    const g = await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '北片网格' }));
    const moved = await ok(call(t.ctx, 'grid.move', { id: g.id, villageId: villageB }));
    expect(moved).toMatchObject({ villageId: villageB, code: '320121100001002' });
    expect((await fails(call(t.ctx, 'grid.move', { id: g.id, villageId: villageB }))).message).toContain('无需迁移');
  });

  it('refuses to close a grid that still has households, and says so', async () => {
    const g = await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '第一网格' }));
    const h = addHousehold(t.ctx, { number: 'H1', gridId: g.id, address: '柳河村1组', tags: [] });
    const err = await fails(call(t.ctx, 'grid.close', { id: g.id, date: '2026-11-01', reason: '合并' }));
    expect(err.message).toContain('还有 1 户');
    expect(err.message).toContain('先把他们调整到其他网格');
    await ok(call(t.ctx, 'household.update', { id: h.id, gridId: null, address: '柳河村1组', tags: [] }));
    const closed = await ok(call(t.ctx, 'grid.close', { id: g.id, date: '2026-11-01', reason: '合并' }));
    expect(closed.closedOn).toBe('2026-11-01');
    expect((await fails(call(t.ctx, 'grid.close', { id: g.id, date: '2026-11-02', reason: '再撤' }))).message).toContain('已于 2026-11-01 撤销');
    // Its serial stays used: a new grid takes the next one.
    const next = await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '新一网格' }));
    expect(next.code).toBe('320121100201002');
  });

  it('builds the tree with counts and warnings (1+3 staffing, over-size, households without a grid)', async () => {
    const g = await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '第一网格' }));
    for (let i = 0; i < 501; i++) addHousehold(t.ctx, { number: `H${i}`, gridId: g.id, address: '', tags: [] });
    addHousehold(t.ctx, { number: 'LOOSE', gridId: null, address: '', tags: [] });
    for (const role of ['01', '02', '03']) {
      await ok(call(t.ctx, 'staff.create', { name: `员${role}`, role, gridIds: [g.id], phone: '13800000000' }));
    }
    const tree = await ok(call(t.ctx, 'grid.tree', {}));
    const node = tree.villages.find((v) => v.id === villageA)!.grids[0]!;
    expect(node.counts).toEqual({ households: 501, residents: 0, staff: 3 });
    expect(node.missingRoles).toEqual(['04']);
    expect(node.warnings.join()).toContain('超规模');
    expect(node.warnings.join()).toContain('缺网格指导员');
    expect(tree.unassigned.households).toBe(1);
    expect(tree.warnings.map((w) => w.kind).sort()).toEqual(['无网格住户', '未配齐', '超规模']);
    expect(tree.villages.find((v) => v.id === villageB)!.warnings).toContain('尚未划分网格');
    // The limits are town settings.
    await ok(call(t.ctx, 'rules.set', { changes: { gridMaxHouseholds: 600 } }));
    const relaxed = await ok(call(t.ctx, 'grid.tree', {}));
    expect(relaxed.villages.find((v) => v.id === villageA)!.grids[0]!.warnings.join()).not.toContain('超规模');
    // The town's 户 counts the household without a grid too (shared/rules/population.ts).
    expect(tree.totals).toMatchObject({ villages: 2, grids: 1, households: 501 + 1, staff: 3 });
  });
});

describe('staff', () => {
  let gridId: number;
  beforeEach(async () => {
    const v = await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '柳河村' }));
    gridId = (await ok(call(t.ctx, 'grid.create', { villageId: v.id, kind: '综合网格', name: '第一网格' }))).id;
  });

  it('creates, edits and lists staff with their grids', async () => {
    const s = await ok(call(t.ctx, 'staff.create', { name: '王芳', idNumber: ID_A.toLowerCase(), phone: '13912345678', role: '专职网格员', gridIds: [gridId], startDate: '2024-01-01' }));
    expect(s).toMatchObject({ name: '王芳', idNumber: ID_A, role: '02', grids: [{ name: '第一网格', villageName: '柳河村' }] });
    const edited = await ok(call(t.ctx, 'staff.update', { id: s.id, name: '王芳', idNumber: ID_A, phone: '13912345678', role: '01', gridIds: [gridId], endDate: '2025-12-31' }));
    expect(edited.endDate).toBe('2025-12-31');
    expect(await ok(call(t.ctx, 'staff.list', {}))).toHaveLength(0); // ended before today (2026-11-23)
    expect(await ok(call(t.ctx, 'staff.list', { includeEnded: true, gridId }))).toHaveLength(1);
  });

  it('refuses a bad ID, a duplicate ID, no grid, and an end before the start', async () => {
    expect((await fails(call(t.ctx, 'staff.create', { name: '李四', idNumber: '110105194912310037', role: '01', gridIds: [gridId] }))).message).toContain('校验位');
    await ok(call(t.ctx, 'staff.create', { name: '李四', idNumber: ID_B, role: '01', gridIds: [gridId] }));
    expect((await fails(call(t.ctx, 'staff.create', { name: '李四二', idNumber: ID_B, role: '02', gridIds: [gridId] }))).message).toContain('已登记为网格员「李四」');
    expect((await fails(call(t.ctx, 'staff.create', { name: '赵六', role: '02', gridIds: [] }))).message).toContain('至少选择一个');
    expect((await fails(call(t.ctx, 'staff.create', { name: '赵六', role: '02', gridIds: [gridId], startDate: '2025-01-01', endDate: '2024-01-01' }))).message).toContain('早于任职日期');
    expect((await fails(call(t.ctx, 'staff.create', { name: '赵六', role: '队长', gridIds: [gridId] }))).message).toContain('网格职务「队长」不在代码表中');
    expect((await ok(call(t.ctx, 'staff.list', { includeEnded: true })))).toHaveLength(1);
  });

  it('exports the 花名册 as a printable xlsx with text ID numbers', async () => {
    await ok(call(t.ctx, 'staff.create', { name: '王芳', idNumber: ID_A, phone: '13912345678', role: '02', gridIds: [gridId], startDate: '2024-01-01' }));
    const path = join(t.dir, '花名册.xlsx');
    const r = await ok(call(t.ctx, 'staff.export', { path }));
    expect(r.rows).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('网格员花名册')!;
    expect(ws.getCell('A1').value).toBe('城关镇网格员花名册');
    expect(ws.getRow(3).values).toContain('公民身份号码');
    expect(ws.getCell('D4').value).toBe(ID_A);
    expect(ws.getCell('C4').value).toBe('女');
    expect(ws.getCell('F4').value).toBe('专职网格员');
    expect(ws.pageSetup.orientation).toBe('landscape');
    // Title, 填报单位 line and header repeat on every page; the print layout is the 打印 sheet (ledgerBooks.test.ts).
    expect(ws.pageSetup.printTitlesRow).toBe('1:3');
    expect(wb.getWorksheet('打印')?.pageSetup.paperSize).toBe(9); // A4
    const gridFile = join(t.dir, '网格.xlsx');
    expect((await ok(call(t.ctx, 'grid.export', { path: gridFile }))).rows).toBe(1);
  });
});

describe('cli grids', () => {
  it('prints the tree as JSON and refuses bad arguments', async () => {
    const v = await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '柳河村' }));
    await ok(call(t.ctx, 'grid.create', { villageId: v.id, kind: '综合网格', name: '第一网格' }));
    t.ctx.ledger.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const r = await cli('grids', '--db', t.path, '--json');
    expect(r.code).toBe(0);
    const tree = r.json();
    expect(tree.villages[0].grids[0]).toMatchObject({ code: '320121100201001', missingRoles: ['01', '02', '03', '04'] });
    expect((await cli('grids', '--db', t.path, 'extra')).code).toBe(2);
    const human = await cli('grids', '--db', t.path);
    expect(human.stdout).toContain('柳河村');
    const out = join(t.dir, 'x.xlsx');
    expect((await cli('export', 'staff', '--db', t.path, '--out', out, '--json')).json()).toEqual({ path: out, rows: 0 });
    expect((await cli('export', 'staff', '--db', t.path, '--out', 'x.csv')).code).toBe(2);
    expect((await cli('export', 'grids', '--db', t.path, '--out', join(t.dir, 'g.xlsx'), '--json')).json().rows).toBe(1);
    for (const kind of ['released', 'patients', 'low-income', 'population', 'households']) {
      const r = await cli('export', kind, '--db', t.path, '--out', join(t.dir, `${kind}.xlsx`), '--json');
      expect(r.code, kind).toBe(0);
      expect(r.json().rows, kind).toBe(0);
    }
    const due = await cli('export', 'due', '--db', t.path, '--out', join(t.dir, 'due.xlsx'), '--date', '2026-11-23', '--json');
    expect(due.json()).toMatchObject({ rows: 0 });
    expect((await cli('export', 'due', '--db', t.path, '--out', join(t.dir, 'due.xlsx'), '--date', '23/11/2026')).code).toBe(2);
    const bad = await cli('export', 'everything', '--db', t.path, '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('只能导出');
  });
});
