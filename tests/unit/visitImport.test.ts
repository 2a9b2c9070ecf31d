// Import of a week's visits (走访登记表, issue 12 part 2): the template, a file with problems (bad date, unknown worker,
// unknown household, a person of another household), merged date and worker cells, the dry run, all or nothing,
// skip invalid, a second import of the same file, and the CLI with the `import residents` report shape.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { cli } from '../helpers/cli';
import { makeTown, ok, type TestTown } from '../helpers/recordsTown';
import { excelDate, writeXlsx, type Cell } from '../helpers/xlsxFixtures';

let town: TestTown;
let ids: { zhang: string; li: string };
beforeEach(async () => {
  town = await makeTown('2026-11-23');
  const h1 = town.household('H001', town.grids.east);
  town.resident('张一', { householdId: h1, relation: '02' });
  const h2 = town.household('H002', town.grids.willow);
  town.resident('李一', { householdId: h2, relation: '02' });
  const row = town.t.ctx.ledger.sqlite.prepare("select id_number as id from resident where name = ?");
  ids = { zhang: (row.get('张一') as { id: string }).id, li: (row.get('李一') as { id: string }).id };
});
afterEach(() => town.t.close());

const HEADER = ['走访日期', '网格员', '户号', '被走访人身份证号', '被走访人姓名', '走访方式', '发现情况'];
const file = (name: string) => join(town.t.dir, name);
const visits = () => town.count('record', "kind = 'visit'");
const preview = (path: string) => call(town.t.ctx, 'visit.import.preview', { path });
const run = (path: string, skipInvalid = false) => call(town.t.ctx, 'visit.import.run', { path, skipInvalid });

async function goodFile(): Promise<string> {
  return writeXlsx(file('good.xlsx'), [{
    name: '走访登记表',
    textColumns: [3, 4],
    rows: [
      ['城关镇网格员走访登记表（11月第3周）'],
      HEADER,
      [excelDate('2026-11-16'), '王芳', 'H001', '', '张一', '家访', '家中正常'],
      [null, null, 'H001', '', '', '电话', '电话回访，无异常'],
      ['2026.11.18', '李强', '', ids.li, '李一', '面谈', '反映路灯损坏'],
    ],
    merges: ['A1:G1', 'A3:A4', 'B3:B4'],
  }]);
}

async function badFile(): Promise<string> {
  const rows: Cell[][] = [
    HEADER,
    [excelDate('2026-11-16'), '王芳', 'H001', '', '', '', '正常'],
    ['2026-11-31', '王芳', 'H001', '', '', '', '日期错'],
    ['2026-11-17', '赵六', 'H001', '', '', '', '无此网格员'],
    ['2026-11-17', '王芳', 'H999', '', '', '', '无此户'],
    ['2026-11-17', '王芳', 'H001', ids.li, '', '', '此人不是该户成员'],
    ['2026-11-30', '王芳', 'H001', '', '', '', '未来日期'],
    ['2026-11-17', '王芳', '', '', '', '', '没有对象'],
    ['2026-11-17', '王芳', 'H001', '', '', '飞鸽', ''],
  ];
  return writeXlsx(file('bad.xlsx'), [{ name: 'Sheet1', textColumns: [3, 4], rows }]);
}

describe('visit import', () => {
  it('the template has the header, an explanation row and a 取值说明 sheet, and imports as nothing', async () => {
    const path = file('template.xlsx');
    await ok(call(town.t.ctx, 'visit.template', { path }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['走访登记表', '取值说明']);
    const head = wb.worksheets[0]!.getRow(1).values as unknown[];
    expect(head).toContain('*走访日期');
    expect(head).toContain('*发现情况');
    expect(String(wb.worksheets[0]!.getCell('A2').value)).toContain('必填');
    expect(JSON.stringify(wb.worksheets[1]!.getSheetValues())).toContain('家访');
    const r = await call(town.t.ctx, 'visit.import.preview', { path });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toContain('只有表头');
  });

  it('merged date and worker cells fill the rows below; dry run writes nothing; the run adds all', async () => {
    const path = await goodFile();
    const dry = await ok(preview(path));
    expect(dry).toMatchObject({ dryRun: true, sheet: '走访登记表', totalRows: 3, added: 3, skipped: 0, problems: [] });
    expect(visits()).toBe(0);
    const done = await ok(run(path));
    expect(done).toMatchObject({ dryRun: false, added: 3 });
    const list = await ok(call(town.t.ctx, 'visit.list', {}));
    expect(list.rows.map((v) => [v.date, v.staffName, v.householdNumber, v.method])).toEqual([
      ['2026-11-18', '李强', 'H002', '面谈'],
      ['2026-11-16', '王芳', 'H001', '电话'],
      ['2026-11-16', '王芳', 'H001', '家访'],
    ]);
    // The same file again: nothing twice.
    const again = await ok(run(path));
    expect(again).toMatchObject({ added: 0, skipped: 3, problems: [] });
    expect(visits()).toBe(3);
  });

  it('a file with problems names sheet, row, column and reason, and is refused whole', async () => {
    const path = await badFile();
    const dry = await ok(preview(path));
    const at = (row: number) => dry.problems.filter((p) => p.row === row).map((p) => `${p.column} ${p.message}`);
    expect(dry.totalRows).toBe(8);
    expect(at(3)).toEqual([expect.stringMatching(/^A（走访日期） 走访日期「2026-11-31」不是有效日期/)]);
    expect(at(4)).toEqual([expect.stringMatching(/^B（网格员） 找不到名为「赵六」的网格员/)]);
    expect(at(5)).toEqual(['C（户号） 找不到户号为「H999」的住户']);
    expect(at(6)).toEqual([expect.stringContaining('李一不是户号「H001」的成员')]);
    expect(at(7)).toEqual([expect.stringContaining('晚于今天')]);
    expect(at(8)).toEqual([expect.stringContaining('请填写户号或被走访人身份证号')]);
    expect(at(9)).toHaveLength(2);
    expect(dry.problems.every((p) => p.sheet === 'Sheet1')).toBe(true);
    const refused = await run(path);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error.message).toContain('没有导入任何数据');
    expect(visits()).toBe(0);
    const skipped = await ok(run(path, true));
    expect(skipped).toMatchObject({ added: 1, skipped: 7 });
    expect(visits()).toBe(1);
  });

  it('a worker named by two staff must be written by ID number', async () => {
    await ok(call(town.t.ctx, 'staff.create', { name: '王芳', role: '03', gridIds: [town.grids.willow], phone: '13900000009', idNumber: '110101199003070011' }));
    const path = await writeXlsx(file('twins.xlsx'), [{
      name: '走访', textColumns: [2, 3],
      rows: [HEADER, ['2026-11-17', '王芳', 'H001', '', '', '', '正常'], ['2026-11-17', '110101199003070011', 'H002', '', '', '', '正常']],
    }]);
    const dry = await ok(preview(path));
    expect(dry.problems.map((p) => [p.row, p.message])).toEqual([[2, '有 2 位网格员都叫「王芳」，请改写该网格员的公民身份号码']]);
    expect(dry.added).toBe(1);
  });

  it('a file without the needed columns is refused with what is missing', async () => {
    const path = await writeXlsx(file('nohead.xlsx'), [{ name: 'S', rows: [['走访日期', '网格员', '发现情况'], ['2026-11-17', '王芳', '正常']] }]);
    const r = await preview(path);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toContain('「户号」或「被走访人身份证号」');
  });

  it('CLI: visit import --dry-run and --skip-invalid give the import report as JSON', async () => {
    const path = await badFile();
    const dry = await cli('visit', 'import', path, '--db', town.t.path, '--dry-run', '--today', '2026-11-23', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json()).toMatchObject({ dryRun: true, totalRows: 8, added: 1, skipped: 7 });
    const refused = await cli('visit', 'import', path, '--db', town.t.path, '--today', '2026-11-23', '--json');
    expect(refused.code).not.toBe(0);
    const done = await cli('visit', 'import', path, '--db', town.t.path, '--skip-invalid', '--today', '2026-11-23', '--json');
    expect(done.code, done.stderr).toBe(0);
    expect(done.json()).toMatchObject({ dryRun: false, added: 1 });
    expect(visits()).toBe(1);
  });
});
