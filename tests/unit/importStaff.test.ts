// Import of the town's 网格员花名册 (issue 8, item 1 for staff): the template, and files as towns
// write them — merged title rows, header variants, 职务 as label, code or short form, dates in every
// form, grids by code or name (several per person, or one row per grid), a problem on many rows.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { AppError } from '../../electron/core/errors';
import { importStaff } from '../../electron/core/importing/staff';
import { openLedger } from '../../electron/core/db/open';
import { cli } from '../helpers/cli';
import { openTempLedger, tempDir, type TempLedger } from '../helpers/tempLedger';
import { excelDate, makeId, seedGrids, withBadCheckDigit, writeXlsx, type Cell, type SeededGrids } from '../helpers/xlsxFixtures';

let t: TempLedger;
let seeded: SeededGrids;
beforeEach(() => {
  t = openTempLedger();
  seeded = seedGrids(t.ctx.ledger.sqlite);
});
afterEach(() => t.close());

const file = (name: string) => join(t.dir, name);
const run = (path: string, opts: { dryRun?: boolean; skipInvalid?: boolean; sheet?: string } = {}) =>
  importStaff(t.ctx, path, { dryRun: opts.dryRun ?? false, skipInvalid: opts.skipInvalid ?? false, sheet: opts.sheet });
const gridId = (code: string) => seeded.grids.find((g) => g.code === code)!.id;
const staffCount = () => (t.ctx.ledger.sqlite.prepare('select count(*) as n from staff').get() as { n: number }).n;

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the import to be refused');
}

async function staffNamed(name: string) {
  const r = await call(t.ctx, 'staff.list', { includeEnded: true });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.find((s) => s.name === name);
}

const ID = {
  zhang: makeId('19850101', 11), li: makeId('19860202', 12), wang: makeId('19870303', 13), zhao: makeId('19880404', 14),
  sun: makeId('19890505', 15), zhou: makeId('19900606', 16), wu: makeId('19910707', 17), zheng: makeId('19920808', 18),
  chen: makeId('19930909', 19), lin: makeId('19941010', 20), nameless: makeId('19951111', 21), old: makeId('19961212', 22),
};

/** A roster as a town keeps it: title rows merged above the header, its own header names. */
function townRoster(): Cell[][] {
  return [
    ['城关镇网格员花名册'],
    ['填报单位：城关镇综治中心', null, null, null, null, null, '填报日期：2026年11月'],
    ['序号', '姓名', '身份证号', '岗位', '所在网格', '联系电话', '上岗时间', '离任时间', '备注'],
    [1, '张三', ID.zhang, '专职网格员', '320121100201001', '13800000001', '2021.11.10'],
    [2, '李四', ID.li, '03', '第二网格', null, '2021年11月10日'],
    // 所在网格 merged over 李四 and 孙七 (rows 5–6).
    [3, '孙七', ID.sun, '网格指导员', null, null, '2021/11/10', '2022/1/1'],
    [4, '王五', ID.wang, '网格长', '东村第一网格、320121100202001', '0510-83211234', 44510],
    [5, '赵六', ID.zhao, '专职', '第二网格', null, excelDate('2021-11-10')],
    // 张三 again for a second grid: one row per grid served.
    [6, '张三', ID.zhang, '专职网格员', '320121100201002'],
    [7, '周八', ID.zhou, '网格大王', '320121100201001'],
    [8, '吴九', ID.wu, '专职网格员', '南村第九网格'],
    [9, '郑十', ID.zheng, '专职', '第一网格'],
    [10, '钱一', withBadCheckDigit(makeId('19700101', 23)), '专职', '320121100201001'],
    [11, '陈二', ID.chen, '专职', '320121100201001', null, '2021.13.45'],
    [12, '林三', ID.lin, '专职', '320121100201001', null, '2022-01-01', '2021-01-01'],
    [13, null, ID.nameless, '专职', '320121100201001'],
    [14, '黄四', ID.zhao, '兼职', '320121100201001'],
    [15, '老员', ID.old, '专职', '320121100201003'],
    ['制表人：某某'],
  ];
}

async function rosterFile() {
  return writeXlsx(file('花名册.xlsx'), [{ name: '网格员', rows: townRoster(), textColumns: [3], merges: ['A1:I1', 'A2:F2', 'E5:E6'] }]);
}

describe('staff import of a town roster', () => {
  it('a dry run names every problem by sheet, row and column, and what would be created or updated', async () => {
    // 张三 is already registered: he is updated, matched by ID number.
    const existing = await call(t.ctx, 'staff.create', { name: '张三', idNumber: ID.zhang, role: '03', gridIds: [gridId('320121100202001')], phone: '13900000000', note: '老备注' });
    expect(existing.ok).toBe(true);
    const r = await run(await rosterFile(), { dryRun: true });
    expect(r.dryRun).toBe(true);
    expect(r.sheet).toBe('网格员');
    expect(r.totalRows).toBe(15);
    const at = (row: number) => r.problems.filter((p) => p.row === row).map((p) => `${p.column} ${p.message}`);
    expect(at(10)).toEqual([expect.stringMatching(/^D（岗位） 职务「网格大王」不在代码表中/)]);
    expect(at(11)).toEqual([expect.stringMatching(/^E（所在网格） 网格「南村第九网格」不存在/)]);
    expect(at(12)).toEqual([expect.stringMatching(/^E（所在网格） 有多个网格叫「第一网格」（东村、西村）/)]);
    expect(at(13)).toEqual([expect.stringMatching(/^C（身份证号） .*校验位/)]);
    expect(at(14)).toEqual([expect.stringMatching(/^G（上岗时间） 任职日期「2021\.13\.45」不是有效日期/)]);
    expect(at(15)).toEqual([expect.stringMatching(/^H（离任时间） 离任日期 2021-01-01 早于任职日期 2022-01-01/)]);
    expect(at(16)).toEqual([expect.stringMatching(/^B（姓名） 缺少姓名/)]);
    expect(at(8)).toEqual([expect.stringMatching(/^C（身份证号） .*与第 17 行重复，但姓名或职务不同/)]);
    expect(at(17)).toEqual([expect.stringMatching(/与第 8 行重复/)]);
    expect(at(18)).toEqual([expect.stringMatching(/^E（所在网格） 网格「老网格」已于 2025-01-01 撤销/)]);
    expect(r.problems.every((p) => p.sheet === '网格员')).toBe(true);
    expect(r.problems).toHaveLength(10);
    // 张三 (update, two grids), 李四, 孙七, 王五 (new).
    expect({ added: r.added, updated: r.updated, skipped: r.skipped }).toEqual({ added: 3, updated: 1, skipped: 10 });
    const action = (row: number) => r.preview.find((p) => p.row === row)?.action;
    expect([4, 5, 6, 7, 8].map(action)).toEqual(['更新', '新增', '新增', '新增', '跳过']);
    expect(r.preview.find((p) => p.row === 4)).toMatchObject({ name: '张三', idNumber: ID.zhang, grid: '东村 第一网格、东村 第二网格', household: '专职网格员' });
    expect(r.preview.find((p) => p.row === 6)?.grid, 'the merged grid cell reaches 孙七').toBe('东村 第二网格');
    expect(r.columns.map((c) => c.field)).toEqual([null, '姓名', '公民身份号码', '职务', '所在网格', '联系电话', '任职日期', '离任日期', '备注']);
    expect(staffCount()).toBe(1);
  });

  it('all or nothing: with problems nothing is written; skipping writes the good rows, with every date form read', async () => {
    await call(t.ctx, 'staff.create', { name: '张三', idNumber: ID.zhang, role: '03', gridIds: [gridId('320121100202001')], phone: '13900000000', note: '老备注' });
    const path = await rosterFile();
    const refused = await rejection(run(path));
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toContain('没有导入任何数据');
    expect(staffCount()).toBe(1);
    expect((await staffNamed('张三'))!.role).toBe('03');

    const r = await run(path, { skipInvalid: true });
    expect({ added: r.added, updated: r.updated }).toEqual({ added: 3, updated: 1 });
    expect(staffCount()).toBe(4);
    const zhang = (await staffNamed('张三'))!;
    expect(zhang).toMatchObject({ role: '02', phone: '13800000001', startDate: '2021-11-10', endDate: null, note: '老备注' });
    expect(zhang.grids.map((g) => g.code)).toEqual(['320121100201001', '320121100201002']);
    expect(await staffNamed('李四')).toMatchObject({ role: '03', startDate: '2021-11-10', grids: [expect.objectContaining({ code: '320121100201002' })] });
    expect(await staffNamed('孙七')).toMatchObject({ role: '04', startDate: '2021-11-10', endDate: '2022-01-01', grids: [expect.objectContaining({ code: '320121100201002' })] });
    const wang = (await staffNamed('王五'))!;
    expect(wang).toMatchObject({ role: '01', phone: '0510-83211234', startDate: '2021-11-10' });
    expect(wang.grids.map((g) => g.code)).toEqual(['320121100201001', '320121100202001']);
    expect(await staffNamed('赵六')).toBeUndefined();
    expect(await staffNamed('黄四')).toBeUndefined();

    // The same file again: everyone is an update, nothing is added twice.
    const again = await run(path, { skipInvalid: true });
    expect({ added: again.added, updated: again.updated }).toEqual({ added: 0, updated: 4 });
    expect(staffCount()).toBe(4);
  });

  it('through the channels: preview and run as long jobs, the run refused with its report', async () => {
    const path = await rosterFile();
    const preview = await call(t.ctx, 'import.staff.preview', { path });
    expect(preview.ok && preview.value.added).toBe(4);
    const strict = await call(t.ctx, 'import.staff.run', { path });
    expect(strict.ok).toBe(false);
    expect(!strict.ok && strict.error.code).toBe('VALIDATION');
    expect(staffCount()).toBe(0);
    const skip = await call(t.ctx, 'import.staff.run', { path, skipInvalid: true });
    expect(skip.ok && skip.value.added).toBe(4);
    const wrongSheet = await call(t.ctx, 'import.staff.preview', { path, sheet: '别的表' });
    expect(!wrongSheet.ok && wrongSheet.error.message).toContain('没有名为「别的表」的工作表');
  });

  it('a cancel before writing leaves everything as it was', async () => {
    const path = await rosterFile();
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(importStaff({ ...t.ctx, signal: controller.signal }, path, { dryRun: false, skipInvalid: true }));
    expect(err.code).toBe('CANCELLED');
    expect(staffCount()).toBe(0);
  });

  it('refuses a file without the needed columns, or with a header and no staff', async () => {
    const noRole = await writeXlsx(file('norole.xlsx'), [{ name: '名单', rows: [['姓名', '身份证号', '所在网格'], ['张三', ID.zhang, '第二网格']] }]);
    const err = await rejection(run(noRole, { dryRun: true }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain('缺少必需的列：「职务」');
    const empty = await writeXlsx(file('empty.xlsx'), [{ name: '名单', rows: [['姓名', '身份证号', '职务', '网格']] }]);
    expect((await rejection(run(empty, { dryRun: true }))).message).toContain('只有表头');
    const residents = await writeXlsx(file('people.xlsx'), [{ name: '人口', rows: [['城关镇人口'], ['户主姓名', '住址']] }]);
    expect((await rejection(run(residents, { dryRun: true }))).message).toContain('没有找到网格员花名册的表头行');
  });
});

describe('the staff template', () => {
  it('has the header, an explanation row and a 取值说明 sheet with the roles; filled in, it imports', async () => {
    const path = file('网格员模板.xlsx');
    const r = await call(t.ctx, 'import.staff.template', { path });
    expect(r.ok).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['网格员花名册', '取值说明']);
    const ws = wb.getWorksheet('网格员花名册')!;
    expect(ws.getRow(1).values).toEqual([undefined, '*姓名', '*公民身份号码', '联系电话', '*职务', '*所在网格', '任职日期', '离任日期', '备注']);
    expect(String(ws.getCell('B2').value)).toContain('必填');
    const values = wb.getWorksheet('取值说明')!;
    const roles = [];
    for (let i = 2; i <= 7; i++) roles.push(`${values.getCell(`B${i}`).value} ${values.getCell(`C${i}`).value}`);
    expect(roles).toEqual(['01 网格长', '02 专职网格员', '03 兼职网格员', '04 网格指导员', '05 网格党小组长', '99 其他']);

    ws.getRow(3).values = ['张三', ID.zhang, '13800000001', '专职网格员', '320121100201001', '2021-11-10'];
    ws.getRow(4).values = ['李四', ID.li, '', '05', '东村第二网格'];
    await wb.xlsx.writeFile(path);
    const imported = await run(path);
    expect(imported.problems).toEqual([]);
    expect(imported.added).toBe(2);
    expect(await staffNamed('李四')).toMatchObject({ role: '05', grids: [expect.objectContaining({ code: '320121100201002' })] });
  });
});

describe('cli import staff', () => {
  it('--dry-run --json prints the same shape as import residents; --sheet chooses; template --kind staff', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'town.db');
      const ledger = openLedger(db);
      seedGrids(ledger.sqlite);
      ledger.close();
      const path = await writeXlsx(join(dir, 'roster.xlsx'), [
        { name: '说明页', rows: [['本表为城关镇网格员']] },
        { name: '名单', rows: townRoster(), textColumns: [3], merges: ['A1:I1', 'E5:E6'] },
      ]);
      const dry = await cli('import', 'staff', path, '--db', db, '--dry-run', '--json');
      expect(dry.code).toBe(0);
      const body = dry.json();
      expect(Object.keys(body).sort()).toEqual(['added', 'columns', 'dryRun', 'householdsAdded', 'preview', 'problems', 'sheet', 'sheets', 'skipped', 'totalRows', 'updated', 'warnings']);
      expect(body).toMatchObject({ dryRun: true, sheet: '名单', added: 4, updated: 0 });
      expect(body.problems[0]).toEqual({ sheet: '名单', row: 8, column: 'C（身份证号）', field: '公民身份号码', message: expect.any(String) });
      const chosen = await cli('import', 'staff', path, '--db', db, '--sheet', '说明页', '--json');
      expect(chosen.code).toBe(1);
      expect(chosen.json().error.message).toContain('没有找到网格员花名册的表头行');
      const skip = await cli('import', 'staff', path, '--db', db, '--skip-invalid');
      expect(skip.code).toBe(0);
      expect(skip.stdout).toContain('已新增 4 人');
      expect(skip.stdout).not.toContain('户');
      const tpl = await cli('import', 'template', join(dir, 't.xlsx'), '--kind', 'staff', '--json');
      expect(tpl.code).toBe(0);
      const wrong = await cli('import', 'template', join(dir, 't.xlsx'), '--kind', 'cats');
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('--kind 应为');
    } finally {
      cleanup();
    }
  });
});
