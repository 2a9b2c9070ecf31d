// Excel import of residents: real-world files read right, every problem named with sheet, row and
// column, all or nothing, skip-invalid, updates, households and tags. Files are built by the tests.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { AppError } from '../../electron/core/errors';
import { importResidents } from '../../electron/core/importing';
import { fieldForHeader, matchHeader } from '../../electron/core/importing/columns';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { excelDate, makeId, seedGrids, to15, withBadCheckDigit, writeXlsx, type Cell, type SeededGrids } from '../helpers/xlsxFixtures';

let t: TempLedger;
let seeded: SeededGrids;
beforeEach(() => {
  t = openTempLedger();
  seeded = seedGrids(t.ctx.ledger.sqlite);
});
afterEach(() => t.close());

const file = (name: string) => join(t.dir, name);
const run = (path: string, opts: { dryRun?: boolean; skipInvalid?: boolean } = {}) =>
  importResidents(t.ctx, path, { dryRun: opts.dryRun ?? false, skipInvalid: opts.skipInvalid ?? false });
const count = (table: string) => (t.ctx.ledger.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
type Row = Record<string, string | number | null>;
const person = (idNumber: string) => t.ctx.ledger.sqlite.prepare('select * from resident where id_number = ?').get(idNumber) as Row | undefined;
const gridId = (code: string) => seeded.grids.find((g) => g.code === code)!.id;

const sexOf = (id: string) => (Number(id[16]) % 2 === 1 ? '男' : '女');

/** An ID whose check character is X. */
function idEndingInX(birth: string): string {
  for (let seq = 1; seq < 1000; seq++) {
    const id = makeId(birth, seq, '110105');
    if (id.endsWith('X')) return id;
  }
  throw new Error('none');
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the import to be refused');
}

function fileHash(path: string): string {
  const h = createHash('sha256');
  for (const p of [path, `${path}-wal`]) if (existsSync(p)) h.update(readFileSync(p));
  return h.digest('hex');
}

describe('header recognition', () => {
  it.each([
    ['身份证号', 'idNumber'], ['身份证号码', 'idNumber'], ['公民身份号码', 'idNumber'], ['证件号码', 'idNumber'],
    ['电话', 'phone'], ['联系电话', 'phone'], ['手机号码', 'phone'], ['手机', 'phone'],
    ['现住址', 'currentAddress'], ['现居住地址', 'currentAddress'], ['居住地址', 'currentAddress'],
    ['户籍地址', 'registeredAddress'], ['户籍地', 'registeredAddress'], ['户籍所在地', 'registeredAddress'],
    ['网格', 'grid'], ['所属网格', 'grid'], ['网格编码', 'gridCode'], ['网格名称', 'gridName'],
    ['性别', 'sex'], ['出生日期', 'birthDate'], ['出生年月', 'birthDate'], ['民族', 'ethnicity'],
    ['文化程度', 'education'], ['学历', 'education'], ['政治面貌', 'political'], ['婚姻状况', 'marital'],
    ['与户主关系', 'relation'], ['关系', 'relation'], ['户号', 'householdNumber'], ['户编号', 'householdNumber'],
    ['人员类别', 'residenceKind'], ['人口类型', 'residenceKind'], ['户籍类型', 'residenceKind'], ['户标签', 'householdTags'],
    // Normalization: full-width, spaces, line breaks, required marks, notes in brackets, "a/b".
    ['＊身份证号码\n（必填）', 'idNumber'], [' 姓　名 ', 'name'], ['*姓名', 'name'], ['联系电话/手机', 'phone'],
    ['出生日期(YYYY-MM-DD)', 'birthDate'], ['现住门（楼）详址', 'currentAddress'], ['文化程度（1984）', 'education'],
  ])('「%s」 is %s', (header, key) => {
    expect(fieldForHeader(header)?.key).toBe(key);
  });

  it('reads 证件号码 as the 居住证 number when another column is the ID, and asks for 1984 codes when the header says so', () => {
    const cols = matchHeader(['', '姓名', '身份证号', '证件号码', '文化程度(1984)'])!;
    expect(cols.map((c) => c.field)).toEqual(['name', 'idNumber', 'certificateNumber', 'education']);
    expect(cols[3]!.education1984).toBe(true);
    expect(matchHeader(['', '城关镇人口花名册'])).toBeNull();
    expect(matchHeader(['', '序号', '备注'])).toBeNull();
  });
});

describe('a messy but valid file', () => {
  it('is read with title rows, shuffled and variant headers, full-width text, x, 15-digit IDs, every date form, labels and codes', async () => {
    const idX = idEndingInX('19491231');
    const idWife = makeId('19850305', 24, '320102');
    const id15Source = makeId('19620701', 37, '320102');
    const id15Number = makeId('19580214', 51, '320102');
    const idSlash = makeId('20010305', 62, '320102');
    const idDigits = makeId('20010306', 73, '320102');
    const idNumberDate = makeId('19900101', 84, '320102');
    const idFloating = makeId('19920815', 95, '320102');
    const fullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const header = ['序号', '姓 名', '＊身份证号码\n（必填）', '性别', '出生\n日期', '民族', '学历', '政治面貌', '婚姻状况', '手机号码', '户籍地', '现居住地址', '户编号', '关系', '户标签', '所属网格', '人口类型', '登记日期', '流入原因', '是否重点关注', '备注'];
    const rows: Cell[][] = [
      ['东村实有人口花名册'],
      ['填报单位：东村村委会', null, null, null, null, null, null, null, null, null, null, '填报日期：2024年5月'],
      header,
      [1, '张　三', ` ${idX.toLowerCase()} `, sexOf(idX), excelDate('1949-12-31'), '汉族', '初中', '群众', '20', fullWidth('13912345678'), ' 东村1组 ', '东村1组8号', 'D001', '户主', '低保户、空巢老人户', '320121100201001', '户籍', null, null, '否', '无'],
      [2, '李  四', fullWidth(idWife), sexOf(idWife), '1985.3.5', '1', '71', '中共党员', '已婚', 13800000000, '东村1组', '东村1组8号', 'D001', '妻', null, '东村第一网格', '户籍', null, null, null, null],
      [],
      [3, '王五', to15(id15Source), sexOf(id15Source), '1962年7月1日', '回', '高中', '13', '丧偶', '0512-5551234', '东村2组', '东村2组1号', 'D002', '户主', '重病重残户,烈属军属户', '东村/第二网格', '户籍', null, null, null, null],
      [4, '赵六', Number(to15(id15Number)), sexOf(id15Number), '1958-2-14', '01', '90', '群众', '20', null, null, '东村2组1号', 'D002', '母亲', null, '320121100201002', null, null, null, null, null],
      [5, '阿依古丽 · 买买提', idSlash, sexOf(idSlash), '2001/03/05', '维吾尔族', '大学本科毕业', '共青团员', '未婚', null, '新疆', '东村3组', null, null, null, '320121100202001', '流动', '2024-3-5', '务工', '是', null],
      [6, '钱七', idDigits, sexOf(idDigits), '20010306', '汉族', '大专', '群众', '10', { formula: '"139"&"00001111"', result: '13900001111' }, { richText: [{ text: '东村' }, { text: '3组' }] }, 'A&B <楼> "5"号', null, null, null, null, '户籍', null, null, null, null],
      [7, '孙八', idNumberDate, sexOf(idNumberDate), 19900101, '汉族', null, null, null, null, null, null, null, null, null, null, '流动人口', '2023年12月1日', '经商', 'N', null],
      [8, '周九', idFloating, sexOf(idFloating), 1992.08, '汉', '初中毕业', '群众', '已婚', null, null, null, null, null, null, '第二网格', '户籍', excelDate('2024-01-02'), null, null, null],
      [],
      ['制表人：李会计'],
    ];
    const path = await writeXlsx(file('messy.xlsx'), [{ name: '2024年人口台账', rows }]);

    const preview = await run(path, { dryRun: true });
    expect(preview.problems).toEqual([]);
    expect(preview).toMatchObject({ dryRun: true, sheet: '2024年人口台账', totalRows: 8, added: 8, updated: 0, skipped: 0, householdsAdded: 2 });
    expect(count('resident')).toBe(0);
    expect(preview.columns.find((c) => c.column === 'C')).toEqual({ column: 'C', header: '＊身份证号码 （必填）', field: '公民身份号码' });
    expect(preview.columns.find((c) => c.column === 'A')?.field).toBeNull();
    expect(preview.preview[0]).toMatchObject({ row: 4, action: '新增', idNumber: idX, name: '张三', household: 'D001', grid: '东村 第一网格' });

    const report = await run(path);
    expect(report).toMatchObject({ dryRun: false, added: 8, updated: 0, skipped: 0, householdsAdded: 2, problems: [] });
    expect(count('resident')).toBe(8);

    const zhang = person(idX)!;
    expect(zhang).toMatchObject({
      name: '张三', sex: sexOf(idX) === '男' ? '1' : '2', birth_date: '1949-12-31', ethnicity: '01', education: '70', political: '13', marital: '20',
      phone: '13912345678', registered_address: '东村1组', current_address: '东村1组8号', relation: '02',
      residence_kind: '1', key_concern: 0, grid_id: gridId('320121100201001'), status: '在册', name_pinyin: 'zhangsan', name_initials: 'zs',
    });
    const wife = person(idWife)!;
    expect(wife).toMatchObject({ name: '李四', sex: '2', birth_date: '1985-03-05', ethnicity: '01', education: '71', political: '01', marital: '20', phone: '13800000000', relation: '12', grid_id: gridId('320121100201001') });
    expect(wife.household_id).toBe(zhang.household_id);

    const upgraded = person(makeId('19620701', 37, '320102'))!;
    expect(upgraded).toMatchObject({ name: '王五', sex: '1', birth_date: '1962-07-01', ethnicity: '03', education: '60', marital: '30', phone: '0512-5551234', grid_id: gridId('320121100201002') });
    expect(person(id15Number)).toMatchObject({ name: '赵六', birth_date: '1958-02-14', education: '90', relation: '52', residence_kind: '1' });
    expect(person(id15Number)!.household_id).toBe(upgraded.household_id);
    expect(person(idSlash)).toMatchObject({
      name: '阿依古丽·买买提', birth_date: '2001-03-05', ethnicity: '05', education: '21', political: '03', marital: '10',
      residence_kind: '2', inflow_date: '2024-03-05', inflow_reason: '01', key_concern: 1, household_id: null, grid_id: gridId('320121100202001'),
    });
    // A formula's result, rich text runs joined, XML entities decoded.
    expect(person(idDigits)).toMatchObject({ birth_date: '2001-03-06', education: '30', grid_id: null, phone: '13900001111', registered_address: '东村3组', current_address: 'A&B <楼> "5"号' });
    expect(person(idNumberDate)).toMatchObject({ birth_date: '1990-01-01', residence_kind: '2', inflow_date: '2023-12-01', inflow_reason: '03', key_concern: 0 });
    // "第二网格" is unique (东村 only); the number 1992.08 (Excel's reading of "1992.08") as 出生年月 matches the ID.
    expect(person(idFloating)).toMatchObject({ ethnicity: '01', education: '71', grid_id: gridId('320121100201002'), inflow_date: '2024-01-02' });

    const households = t.ctx.ledger.sqlite.prepare('select number, grid_id as gridId, address from household order by number').all();
    expect(households).toEqual([
      { number: 'D001', gridId: gridId('320121100201001'), address: '东村1组8号' },
      { number: 'D002', gridId: gridId('320121100201002'), address: '东村2组1号' },
    ]);
    const tags = t.ctx.ledger.sqlite.prepare('select h.number, t.tag from household_tag t join household h on h.id = t.household_id order by 1, 2').all();
    expect(tags).toEqual([
      { number: 'D001', tag: '01' }, { number: 'D001', tag: '04' },
      { number: 'D002', tag: '02' }, { number: 'D002', tag: '06' },
    ]);
  });

  it('reads 1984 education codes when the header or the file says so, and points at the 1984 table otherwise', async () => {
    const header = ['姓名', '公民身份号码', '文化程度(1984)'];
    const a = makeId('19700101', 11);
    const b = makeId('19700102', 13);
    const c = makeId('19700103', 15);
    const byHeader = await writeXlsx(file('e84.xlsx'), [{ name: '人口', rows: [header, ['甲', a, '72'], ['乙', b, 50], ['丙', c, '文盲或半文盲']] }]);
    expect((await run(byHeader)).added).toBe(3);
    expect([person(a)!.education, person(b)!.education, person(c)!.education]).toEqual(['71', '47', '90']);

    const d = makeId('19700104', 17);
    const byTitle = await writeXlsx(file('e84title.xlsx'), [{ name: '人口', rows: [['学历按 GB/T 4658-1984 代码填写'], ['姓名', '公民身份号码', '学历'], ['丁', d, '42']] }]);
    expect((await run(byTitle)).added).toBe(1);
    expect(person(d)!.education).toBe('47');

    const e = makeId('19700105', 19);
    const plain = await writeXlsx(file('e06.xlsx'), [{ name: '人口', rows: [['姓名', '公民身份号码', '文化程度'], ['戊', e, '72']] }]);
    const preview = await run(plain, { dryRun: true });
    expect(preview.problems).toHaveLength(1);
    expect(preview.problems[0]).toMatchObject({ row: 2, column: 'C（文化程度）', field: '文化程度' });
    expect(preview.problems[0]!.message).toContain('文化程度(1984)');
  });

  it('reads a multi-sheet workbook written by exceljs every time (exceljs #3064: workbook.xml stored last)', async () => {
    const id = makeId('19800303', 31);
    const path = await writeXlsx(file('three.xlsx'), [
      { name: '封面', rows: [['东村'], ['2024年']] },
      { name: '人口', rows: [['姓名', '公民身份号码'], ['甲', id]] },
      { name: '备注', rows: [['无']] },
    ]);
    for (let i = 0; i < 15; i++) {
      const report = await run(path, { dryRun: true });
      expect(report).toMatchObject({ sheet: '人口', added: 1, problems: [] });
    }
  });

  it('reads Excel dates of a workbook in the 1904 date system', async () => {
    const id = makeId('19861123', 41);
    const path = await writeXlsx(file('1904.xlsx'), [{ name: '人口', rows: [['姓名', '公民身份号码', '出生日期', '登记日期'], ['甲', id, excelDate('1986-11-23'), excelDate('2024-02-29')]] }], { date1904: true });
    const report = await run(path);
    expect(report.problems).toEqual([]);
    expect(person(id)).toMatchObject({ birth_date: '1986-11-23', inflow_date: '2024-02-29' });
  });

  it('picks the sheet named like 人口 over the first one, and skips sheets without a header', async () => {
    const a = makeId('19800101', 21);
    const b = makeId('19800102', 23);
    const path = await writeXlsx(file('sheets.xlsx'), [
      { name: '填表说明', rows: [['请按要求填写'], ['不要改动表头']] },
      { name: 'Sheet1', rows: [['姓名', '公民身份号码'], ['甲', a]] },
      { name: '人口信息', rows: [['姓名', '公民身份号码'], ['乙', b]] },
    ]);
    const report = await run(path);
    expect(report.sheet).toBe('人口信息');
    expect(person(b)).toBeDefined();
    expect(person(a)).toBeUndefined();

    const second = await writeXlsx(file('second.xlsx'), [
      { name: '封面', rows: [['2024年实有人口'], ['东村']] },
      { name: 'Sheet2', rows: [['序号', '身份证号', '姓名'], [1, a, '甲']] },
    ]);
    expect((await run(second)).sheet).toBe('Sheet2');
    expect(person(a)?.name).toBe('甲');
  });
});

// ───── Problems ─────

const PROBLEM_HEADER = ['姓名', '公民身份号码', '性别', '出生日期', '民族', '网格编码', '网格名称', '登记日期', '户号', '户标签', '联系电话'];
const good1 = makeId('19800101', 101);
const good2 = makeId('19800202', 202);
const goodRow = (name: string, id: string): Cell[] => [name, id, null, null, '汉族', '320121100201001', null, null, null, null, null];

/** A file: title row, header, a good row, the bad row(s) at rows 4 (and 5), a good row last. */
async function problemFile(name: string, bad: Cell[][]): Promise<string> {
  return writeXlsx(file(`${name}.xlsx`), [
    { name: '居民', rows: [['东村居民信息表'], PROBLEM_HEADER, goodRow('好甲', good1), ...bad, goodRow('好乙', good2)] },
  ]);
}
const badRow = (patch: Partial<Record<(typeof PROBLEM_HEADER)[number], Cell>>, id = makeId('19750615', 305)): Cell[] => {
  const row: Cell[] = ['坏丙', id, null, null, '汉族', '320121100201001', null, null, null, null, null];
  for (const [k, v] of Object.entries(patch)) row[PROBLEM_HEADER.indexOf(k)] = v;
  return row;
};

describe('every kind of problem names sheet, row, column and reason', () => {
  const idFemale = makeId('19750615', 306);
  it.each<[string, Cell[][], { column: string; field: string; message: string }]>([
    ['bad check digit', [badRow({ 公民身份号码: withBadCheckDigit(makeId('19750615', 305)) })], { column: 'B（公民身份号码）', field: '公民身份号码', message: '校验位错误' }],
    ['ID with lost digits (stored as a number)', [badRow({ 公民身份号码: 320102197506153000 })], { column: 'B（公民身份号码）', field: '公民身份号码', message: '存成了数字' }],
    ['ID of wrong length', [badRow({ 公民身份号码: '3201021975061' })], { column: 'B（公民身份号码）', field: '公民身份号码', message: '应为18位' }],
    ['sex contradicting the ID', [badRow({ 性别: '男' }, idFemale)], { column: 'C（性别）', field: '性别', message: '性别「男」与公民身份号码不符（号码显示为女）' }],
    ['birth date contradicting the ID', [badRow({ 出生日期: '1975-06-16' })], { column: 'D（出生日期）', field: '出生日期', message: '出生日期 1975-06-16 与公民身份号码不符' }],
    ['unknown code value', [badRow({ 民族: '火星族' })], { column: 'E（民族）', field: '民族', message: '民族「火星族」不在代码表中' }],
    ['unknown sex value', [badRow({ 性别: '不详细' })], { column: 'C（性别）', field: '性别', message: '性别「不详细」不在代码表中' }],
    ['missing name', [badRow({ 姓名: '  ' })], { column: 'A（姓名）', field: '姓名', message: '缺少姓名' }],
    ['missing ID', [badRow({ 公民身份号码: null })], { column: 'B（公民身份号码）', field: '公民身份号码', message: '缺少公民身份号码' }],
    ['unknown grid code', [badRow({ 网格编码: '320121100201999' })], { column: 'F（网格编码）', field: '网格编码', message: '网格编码「320121100201999」不存在' }],
    ['grid code of wrong length', [badRow({ 网格编码: '3201211002' })], { column: 'F（网格编码）', field: '网格编码', message: '应为15位数字' }],
    ['unknown grid name', [badRow({ 网格编码: null, 网格名称: '南山网格' })], { column: 'G（网格名称）', field: '网格名称', message: '网格「南山网格」不存在' }],
    ['ambiguous grid name', [badRow({ 网格编码: null, 网格名称: '第一网格' })], { column: 'G（网格名称）', field: '网格名称', message: '有多个网格叫「第一网格」（东村、西村）' }],
    ['closed grid', [badRow({ 网格编码: '320121100201003' })], { column: 'F（网格编码）', field: '网格编码', message: '已于 2025-01-01 撤销' }],
    ['bad date', [badRow({ 登记日期: '2019-02-30' })], { column: 'H（登记日期）', field: '登记日期', message: '登记日期「2019-02-30」不是有效日期' }],
    ['bad birth date text', [badRow({ 出生日期: '七五年' })], { column: 'D（出生日期）', field: '出生日期', message: '出生日期「七五年」不是有效日期' }],
    ['unknown household tag', [badRow({ 户号: 'H1', 户标签: '富裕户' })], { column: 'J（户标签）', field: '户标签', message: '户标签「富裕户」不在代码表中' }],
    ['bad phone', [badRow({ 联系电话: '打不通' })], { column: 'K（联系电话）', field: '联系电话', message: '联系电话只能包含数字' }],
    ['name too long', [badRow({ 姓名: '名'.repeat(31) })], { column: 'A（姓名）', field: '姓名', message: '姓名不超过30个字' }],
  ])('%s', async (name, bad, expected) => {
    const path = await problemFile(name.replace(/\W+/g, '-'), bad);
    const report = await run(path, { dryRun: true });
    expect(report.problems).toHaveLength(1);
    const [p] = report.problems;
    expect(p).toMatchObject({ sheet: '居民', row: 4, column: expected.column, field: expected.field });
    expect(p!.message).toContain(expected.message);
    expect(report).toMatchObject({ totalRows: 3, added: 2, skipped: 1, updated: 0 });
    expect(report.preview.map((r) => r.action)).toEqual(['新增', '跳过', '新增']);
    expect(count('resident')).toBe(0);
  });

  it('a duplicate ID in the file names both rows and skips both', async () => {
    const dup = makeId('19660606', 77);
    const path = await problemFile('dup', [badRow({ 姓名: '重甲' }, dup), badRow({ 姓名: '重乙' }, to15(dup))]);
    const report = await run(path, { dryRun: true });
    expect(report.problems).toHaveLength(2);
    expect(report.problems[0]).toMatchObject({ sheet: '居民', row: 4, column: 'B（公民身份号码）', field: '公民身份号码' });
    expect(report.problems[0]!.message).toContain(`${dup} 与第 5 行重复`);
    expect(report.problems[1]).toMatchObject({ row: 5, column: 'B（公民身份号码）' });
    expect(report.problems[1]!.message).toContain('与第 4 行重复');
    expect(report).toMatchObject({ added: 2, skipped: 2, totalRows: 4 });
  });

  it('reports every problem of a row, not just the first', async () => {
    const path = await problemFile('several', [badRow({ 性别: '男', 民族: '火星族', 登记日期: '明天' }, makeId('19750615', 306))]);
    const report = await run(path, { dryRun: true });
    expect(report.problems.map((p) => p.column)).toEqual(['C（性别）', 'E（民族）', 'H（登记日期）']);
    expect(report.skipped).toBe(1);
  });
});

describe('all or nothing', () => {
  async function mixedFile() {
    return problemFile('mixed', [badRow({ 民族: '火星族' }), badRow({ 公民身份号码: withBadCheckDigit(makeId('19750616', 11)) })]);
  }

  it('refuses the whole file when any row has a problem: nothing written, the file byte-unchanged', async () => {
    const path = await mixedFile();
    const before = fileHash(t.path);
    const err = await rejection(run(path));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('没有导入任何数据');
    expect(err.problems?.map((p) => [p.row, p.column])).toEqual([[4, 'E（民族）'], [5, 'B（公民身份号码）']]);
    expect(err.toInfo()).toMatchObject({ added: 0, updated: 0, skipped: 4 });
    expect(count('resident')).toBe(0);
    expect(count('household')).toBe(0);
    expect(fileHash(t.path)).toBe(before);
  });

  it('says so when another program is writing the database, and writes nothing', async () => {
    const path = await problemFile('busy', []);
    const other = new Database(t.path);
    other.exec('begin immediate');
    try {
      const err = await rejection(run(path));
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toContain('数据库未改动');
    } finally {
      other.exec('rollback');
      other.close();
    }
    expect(count('resident')).toBe(0);
    expect((await run(path)).added).toBe(2);
  });

  it('with skipInvalid writes the good rows and counts the skipped ones', async () => {
    const path = await mixedFile();
    const report = await run(path, { skipInvalid: true });
    expect(report).toMatchObject({ added: 2, updated: 0, skipped: 2, totalRows: 4 });
    expect(report.problems).toHaveLength(2);
    expect(count('resident')).toBe(2);
    expect(person(good1)?.name).toBe('好甲');
    expect(person(good2)?.name).toBe('好乙');
  });

  it('goes through the channels: preview lists problems, run refuses with them, run with skipInvalid imports', async () => {
    const path = await mixedFile();
    const preview = await call(t.ctx, 'import.residents.preview', { path });
    expect(preview.ok && preview.value).toMatchObject({ dryRun: true, added: 2, skipped: 2 });
    const refused = await call(t.ctx, 'import.residents.run', { path });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.problems?.[0]).toMatchObject({ sheet: '居民', row: 4, column: 'E（民族）', field: '民族' });
    }
    expect(count('resident')).toBe(0);
    const done = await call(t.ctx, 'import.residents.run', { path, skipInvalid: true });
    expect(done.ok && done.value).toMatchObject({ dryRun: false, added: 2, skipped: 2 });
    expect(count('resident')).toBe(2);
    const bad = await call(t.ctx, 'import.residents.preview', { path: file('nope.xlsx') });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'BAD_FILE' });
  });
});

describe('updates and households', () => {
  it('updates an existing person (same ID, even as 15 digits): changed fields replaced, empty cells keep what is stored', async () => {
    const id = makeId('19550505', 33);
    const first = await writeXlsx(file('first.xlsx'), [{ name: '人口', rows: [
      ['姓名', '公民身份号码', '民族', '联系电话', '现住址', '户号', '与户主关系', '网格编码'],
      ['老王', id, '回族', '13900000001', '东村1组', 'A1', '户主', '320121100201001'],
    ] }]);
    await run(first);
    const before = person(id)!;
    const second = await writeXlsx(file('second.xlsx'), [{ name: '人口', rows: [
      ['姓名', '身份证号', '民族', '联系电话', '现住址', '户号', '网格编码'],
      ['王老五', to15(id), null, '13900000002', '东村2组', 'A2', null],
      ['新人', makeId('19900909', 45), '汉族', null, null, 'A1', null],
    ] }]);
    const preview = await run(second, { dryRun: true });
    expect(preview).toMatchObject({ added: 1, updated: 1, householdsAdded: 1 });
    expect(preview.preview.map((r) => r.action)).toEqual(['更新', '新增']);
    const report = await run(second);
    expect(report).toMatchObject({ added: 1, updated: 1, skipped: 0, householdsAdded: 1 });
    expect(count('resident')).toBe(2);
    const after = person(id)!;
    expect(after).toMatchObject({ id: before.id, name: '王老五', name_pinyin: 'wanglaowu', phone: '13900000002', current_address: '东村2组', ethnicity: '03', relation: '02', grid_id: before.grid_id, created_at: before.created_at });
    const a2 = t.ctx.ledger.sqlite.prepare("select id from household where number = 'A2'").get() as { id: number };
    expect(after.household_id).toBe(a2.id);
    // The new person joins the existing household A1 and takes its grid.
    expect(person(makeId('19900909', 45))).toMatchObject({ household_id: before.household_id, grid_id: gridId('320121100201001') });
    expect(count('household')).toBe(2);
  });
});
