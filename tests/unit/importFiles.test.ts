// Files an import must refuse with a clear Chinese message (never a crash), and the template:
// written, read back, and imported once filled in.
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { AppError } from '../../electron/core/errors';
import { importResidents, MAX_FILE_BYTES, TEMPLATE_SHEET, VALUES_SHEET, writeResidentTemplate } from '../../electron/core/importing';
import { TEMPLATE_FIELDS } from '../../electron/core/importing/columns';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { makeId, seedGrids, writeBigResidentFile, writeCorruptedCopy, writeOldXls, writeTruncatedCopy, writeXlsx } from '../helpers/xlsxFixtures';

let t: TempLedger;
beforeEach(() => {
  t = openTempLedger();
  seedGrids(t.ctx.ledger.sqlite);
});
afterEach(() => t.close());

const file = (name: string) => join(t.dir, name);
const count = (table: string) => (t.ctx.ledger.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

async function refusal(path: string, opts = { dryRun: false, skipInvalid: true }): Promise<AppError> {
  try {
    await importResidents(t.ctx, path, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected BAD_FILE');
}

async function goodFile(name = 'good.xlsx') {
  const rows = [['姓名', '公民身份号码']];
  for (let i = 0; i < 300; i++) rows.push([`人${i}`, makeId('19800101', i)]);
  return writeXlsx(file(name), [{ name: '人口', rows }]);
}

describe('bad files get BAD_FILE with a clear message and nothing is written', () => {
  it.each<[string, () => Promise<string> | string, string[]]>([
    ['a file that does not exist', () => file('missing.xlsx'), ['找不到文件']],
    ['a folder', () => { mkdirSync(file('folder.xlsx')); return file('folder.xlsx'); }, ['文件夹']],
    ['an empty (0 byte) file', () => { writeFileSync(file('empty.xlsx'), ''); return file('empty.xlsx'); }, ['空的', '0 字节']],
    ['a text file renamed to .xlsx', () => { writeFileSync(file('list.xlsx'), '姓名,公民身份号码\n张三,110105194912310021\n'); return file('list.xlsx'); }, ['文本或 CSV', '另存为']],
    ['an HTML table saved as .xls', () => { writeFileSync(file('web.xls'), '<html><table><tr><td>姓名</td></tr></table></html>'); return file('web.xls'); }, ['网页', '另存为']],
    ['an old Excel 97–2003 .xls', () => writeOldXls(file('old.xls')), ['旧版 Excel（.xls）', '另存为', '.xlsx']],
    ['a random binary file', () => { writeFileSync(file('rand.xlsx'), Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256 < 20 ? 0 : (i * 7919) % 256))); return file('rand.xlsx'); }, ['不是 Excel']],
    ['a broken zip (download cut off)', async () => writeTruncatedCopy(await goodFile(), file('cut.xlsx')), ['已损坏']],
    ['a zip whose sheet data is garbled', async () => writeCorruptedCopy(await goodFile(), file('garbled.xlsx')), ['损坏']],
    ['a big file garbled deep inside a sheet', async () => {
      const path = file('deep.xlsx');
      await writeBigResidentFile(path, 5000, { gridCodes: ['320121100201001'] });
      const bytes = readFileSync(path);
      const at = Math.floor(bytes.length / 2);
      for (let i = at; i < at + 200; i++) bytes[i] = (i * 31) & 0xff;
      writeFileSync(path, bytes);
      return path;
    }, ['内容已损坏', '重新保存']],
    ['a zip that is not a workbook', () => {
      // A stored (uncompressed) zip with one entry, "a.txt".
      const name = Buffer.from('a.txt');
      const data = Buffer.from('hello');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0); local.writeUInt32LE(5, 18); local.writeUInt32LE(5, 22); local.writeUInt16LE(name.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0); central.writeUInt32LE(5, 20); central.writeUInt32LE(5, 24); central.writeUInt16LE(name.length, 28);
      const cdOffset = 30 + name.length + data.length;
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10); end.writeUInt32LE(46 + name.length, 12); end.writeUInt32LE(cdOffset, 16);
      writeFileSync(file('other.xlsx'), Buffer.concat([local, name, data, central, name, end]));
      return file('other.xlsx');
    }, ['不是 Excel 工作簿']],
    ['a file over 50 MB', () => { writeFileSync(file('huge.xlsx'), 'PK'); truncateSync(file('huge.xlsx'), MAX_FILE_BYTES + 1); return file('huge.xlsx'); }, ['50 MB', '拆成']],
    ['an empty workbook', async () => writeXlsx(file('blank.xlsx'), [{ name: 'Sheet1', rows: [] }]), ['没有数据', '空的']],
    ['a workbook whose sheets are all empty', async () => writeXlsx(file('blank2.xlsx'), [{ name: 'Sheet1', rows: [] }, { name: 'Sheet2', rows: [] }]), ['所有工作表都是空的']],
    ['a sheet with no recognisable header', async () => writeXlsx(file('nohead.xlsx'), [{ name: '数据', rows: [['城关镇人口'], ['A', 'B', 'C'], ['张三', '110105194912310021', '男']] }]),
      ['没有找到表头', '「数据」', '公民身份号码', '姓名', '身份证号']],
    ['a header without the ID column', async () => writeXlsx(file('noid.xlsx'), [{ name: '人口', rows: [['姓名', '性别', '联系电话'], ['张三', '男', '139']] }]),
      ['第 1 行是表头', '缺少必需的列', '「公民身份号码」']],
    ['a header and no data rows', async () => writeXlsx(file('onlyhead.xlsx'), [{ name: '人口', rows: [['标题'], ['姓名', '公民身份号码', '民族'], []] }]), ['只有表头', '第 2 行']],
  ])('%s', async (_name, make, words) => {
    const path = await make();
    const err = await refusal(path);
    expect(err.code).toBe('BAD_FILE');
    for (const w of words) expect(err.message).toContain(w);
    expect(count('resident')).toBe(0);
  });

  it('refuses more than 300,000 rows before reading them all', async () => {
    const path = file('rows.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const ws = wb.addWorksheet('人口');
    ws.addRow(['姓名', '公民身份号码']).commit();
    const id = makeId('19800101', 1);
    for (let i = 0; i < 300_005; i++) ws.addRow(['甲', id]).commit();
    ws.commit();
    await wb.commit();
    const err = await refusal(path);
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toMatch(/约有 3\d\d,\d{3} 行，超过了一次导入的上限 300,000 行/);
    // 「约有」: refused from the sheet's stated size, not after checking 300,000 duplicate rows (the bench times it).
  });

  it('refuses through the channel with ok:false, not a crash', async () => {
    writeFileSync(file('x.xlsx'), 'not excel at all');
    const r = await call(t.ctx, 'import.residents.run', { path: file('x.xlsx'), skipInvalid: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'BAD_FILE' });
  });
});

describe('the template', () => {
  it('has the header, an explanation row, text-formatted ID column and a 取值说明 sheet with every code column', async () => {
    // The folder must exist: a save dialog always gives one, and we do not create folders on a typo.
    mkdirSync(file('模板'));
    const path = file('模板/居民导入模板.xlsx');
    const r = await call(t.ctx, 'import.residents.template', { path });
    expect(r).toEqual({ ok: true, value: { path } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([TEMPLATE_SHEET, VALUES_SHEET]);
    const ws = wb.getWorksheet(TEMPLATE_SHEET)!;
    const header = TEMPLATE_FIELDS.map((_, i) => ws.getRow(1).getCell(i + 1).text);
    expect(header.slice(0, 4)).toEqual(['*公民身份号码', '*姓名', '曾用名', '性别']);
    for (const h of ['户号', '与户主关系', '户标签', '网格编码', '网格名称', '人员类别', '文化程度', '现住址', '户籍地址']) expect(header).toContain(h);
    expect(ws.getRow(2).getCell(1).text).toContain('18位');
    expect(ws.getRow(2).getCell(1).text).toContain('必填');
    expect(ws.getRow(2).getCell(header.indexOf('户标签') + 1).text).toContain('、');
    expect(ws.getColumn(1).numFmt).toBe('@');

    const values = wb.getWorksheet(VALUES_SHEET)!;
    const rows: string[][] = [];
    values.eachRow((row) => rows.push([1, 2, 3, 4].map((c) => row.getCell(c).text)));
    const codes = (column: string) => rows.filter((r) => r[0] === column).map((r) => `${r[1]} ${r[2]}`);
    expect(codes('性别')).toEqual(['0 未知的性别', '1 男', '2 女', '9 未说明的性别']);
    expect(codes('民族')).toHaveLength(58);
    expect(codes('民族')[0]).toBe('01 汉族');
    expect(codes('文化程度')).toContain('71 初中毕业');
    expect(codes('婚姻状况')).toContain('20 已婚');
    expect(codes('政治面貌')).toContain('13 群众');
    expect(codes('与户主关系')).toContain('02 户主');
    expect(codes('户标签')).toEqual(['01 低保五保户', '02 重病重残户', '03 易返贫致贫户', '04 空巢老人户', '05 留守儿童户', '06 烈属军属户']);
    expect(codes('人员类别')).toEqual(['1 户籍人口', '2 流动人口']);
    for (const column of ['流入原因', '办证类型', '住所类型', '是否重点关注人员']) expect(codes(column).length).toBeGreaterThan(1);
  });

  it('imports once filled in: the explanation row is skipped and labels become codes', async () => {
    const path = file('template.xlsx');
    await writeResidentTemplate(path, { dbPath: t.path });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet(TEMPLATE_SHEET)!;
    const col = (label: string) => TEMPLATE_FIELDS.findIndex((f) => f.label === label) + 1;
    const people = [
      { 公民身份号码: makeId('19700101', 11), 姓名: '户主甲', 民族: '汉族', 户号: 'T1', 与户主关系: '户主', 户标签: '空巢老人户、低保五保户', 网格编码: '320121100201001', 现住址: '东村5组' },
      { 公民身份号码: makeId('19720202', 22), 姓名: '配偶乙', 民族: '02', 户号: 'T1', 与户主关系: '配偶', 网格名称: '东村第二网格' },
      { 公民身份号码: makeId('20000303', 33), 姓名: '流动丙', 人员类别: '流动', 流入原因: '务工', 登记日期: '2024-05-01', 是否重点关注人员: '否' },
    ];
    people.forEach((p, i) => {
      for (const [label, value] of Object.entries(p)) ws.getRow(3 + i).getCell(col(label)).value = value;
    });
    await wb.xlsx.writeFile(path);

    const report = await importResidents(t.ctx, path, { dryRun: false, skipInvalid: false });
    expect(report).toMatchObject({ sheet: TEMPLATE_SHEET, totalRows: 3, added: 3, skipped: 0, householdsAdded: 1, problems: [] });
    const stored = t.ctx.ledger.sqlite.prepare('select name, ethnicity, relation, residence_kind as kind, inflow_reason as reason, inflow_date as inflow, household_id as hh, grid_id as grid from resident order by id').all() as Record<string, unknown>[];
    expect(stored.map((s) => [s.name, s.ethnicity, s.relation, s.kind, s.reason, s.inflow])).toEqual([
      ['户主甲', '01', '02', '1', null, null],
      ['配偶乙', '02', '10', '1', null, null],
      ['流动丙', null, null, '2', '01', '2024-05-01'],
    ]);
    expect(stored[0]!.hh).toBe(stored[1]!.hh);
    expect(stored[1]!.grid).not.toBe(stored[0]!.grid);
    const tags = t.ctx.ledger.sqlite.prepare('select tag from household_tag order by tag').pluck().all();
    expect(tags).toEqual(['01', '04']);
  });

  it('says so when the template cannot be written', async () => {
    writeFileSync(file('blocker'), 'a file where a folder should be');
    const r = await call(t.ctx, 'import.residents.template', { path: join(file('blocker'), 'x.xlsx') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('请换一个保存位置');
  });
});
