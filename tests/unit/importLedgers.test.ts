// The key-group ledgers' own Excel files (安置帮教, 严重精神障碍患者, 低保户) imported through dispatch: files
// written the way towns keep them (a merged title row, messy headers, Chinese labels for codes, dates in every
// form, a person not yet in 实有人口, a duplicate, rows with problems), read back from real xlsx files.
// The dry run names every problem and changes nothing; a strict run with problems writes nothing; a skipping run
// writes the good rows; and the due dates afterwards are the ones the rules give.
import { dataDump, orderedRows, tableList } from '../helpers/dump';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProblem, LedgerImportReport } from '../../shared/contract/importing';
import { call } from '../../electron/core/dispatch';
import type { Sqlite } from '../../electron/core/db/open';
import { cli } from '../helpers/cli';
import { addHousehold, addPerson } from '../helpers/people';
import { ok } from '../helpers/results';
import { openLedger } from '../../electron/core/db/open';
import type { LedgerColumn } from '../../electron/core/importing/ledgers/columns';
import { readCell } from '../../electron/core/importing/ledgers/pipeline';
import { releasedClassColumnTable } from '../../electron/core/importing/ledgers/released';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { excelDate, makeId, seedGrids, withBadCheckDigit } from '../helpers/xlsxFixtures';

let t: TempLedger;
beforeEach(() => {
  t = openTempLedger({ today: '2026-11-23' });
  seedGrids(t.ctx.ledger.sqlite);
});
afterEach(() => t.close());

type Cell = string | number | Date | null;

/** A workbook as a town sends it: a title merged over the header, then the rows. */
async function townFile(name: string, sheet: string, title: string, rows: Cell[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  const width = Math.max(...rows.map((r) => r.length));
  ws.getCell(1, 1).value = title;
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(2, 1).value = '填报单位：城关镇综治中心';
  rows.forEach((cells, r) =>
    cells.forEach((v, c) => {
      if (v === null) return;
      const cell = ws.getCell(r + 3, c + 1);
      cell.value = v;
      if (v instanceof Date) cell.numFmt = 'yyyy"年"m"月"d"日"';
    }),
  );
  const path = join(t.dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

/** Every table's rows, to compare before and after. */
function dump(sqlite: Sqlite): string {
  return JSON.stringify(tableList(sqlite).map(({ name }) => [name, orderedRows(sqlite, name)]));
}

const problemsAt = (r: { problems: ImportProblem[] }) => r.problems.map((p) => `${p.row} ${p.column} ${p.message}`);

async function preview(kind: 'released' | 'patients' | 'lowIncome', path: string): Promise<LedgerImportReport> {
  return ok(call(t.ctx, `import.${kind}.preview`, { path }));
}

async function duesOf(ledger: 'released' | 'patient' | 'lowIncome', query: string): Promise<Record<string, string>> {
  const list = await ok(call(t.ctx, `${ledger}.list`, { query }));
  expect(list, `${query} on the ${ledger} ledger`).toHaveLength(1);
  const detail = await ok(call(t.ctx, `${ledger}.get`, { id: list[0]!.id }));
  return Object.fromEntries(detail.dues.map((d) => [d.kind, d.dueDate]));
}

// ───── 安置帮教 ─────

const ZHANG = makeId('19800101', 11);
const LI = makeId('19850505', 13);
const WANG = makeId('19750303', 15);
const ZHAO = makeId('19900101', 17);
const SUN = withBadCheckDigit(makeId('19910101', 19));
const ZHOU = makeId('19920202', 21);
const WU = makeId('19930303', 23);
const ZHENG = makeId('19940404', 25);

async function releasedFile() {
  return townFile('安置帮教台账.xlsx', '帮教对象', '东村刑满释放人员安置帮教工作台账（2026年）', [
    ['序号', '姓名', '身份证\n号码', '联系电话', '户号', '所属网格', '罪名', '刑期', '刑满释放\n日期', '衔接时间', '衔接方式', '报到时间', '帮教分类', '最近帮教日期', '管理状态', '脱管日期'],
    [1, '张三', ZHANG, '13800000001', null, null, '侵犯财产罪', '2年', '2026.03.10', '2026年3月12日', '司法所接回', '2026/03/20', '重点', 20261015, '在册', null],
    [2, '李四', LI, '13800000002', 'H-东村-0099', '东村第一网格', '05', '1年6个月', excelDate('2025-12-01'), null, null, null, '一般', null, null, null],
    [3, '王五', WANG, null, null, null, '妨害社会管理秩序罪', '3年', '2024.6.1', '2024.6.5', '自返', '20240610', '02', '2026.9.1', '脱管', '2026.10.1'],
    [4, '赵六', ZHAO, null, null, null, null, null, '2025.1.1', null, null, null, '一般', null, null, null],
    [5, '赵六', ZHAO, null, null, null, null, null, '2025.1.1', null, null, null, '一般', null, null, null],
    [6, '孙七', SUN, null, null, null, null, null, '2025.1.1', null, null, null, '一般', null, null, null],
    [7, '周八', ZHOU, null, null, null, null, null, '2026.5.1', '2026.4.1', '司法所接回', null, '一般', null, null, null],
    [8, '吴九', WU, null, null, null, null, null, '2026.5.1', null, null, null, '特别', null, null, null],
    [9, '郑十', ZHENG, null, null, null, null, null, '2026.13.01', null, null, null, '一般', null, null, null],
    ['制表人：李干事'],
  ]);
}

describe('import.released', () => {
  beforeEach(() => {
    addPerson(t.ctx, { idNumber: ZHANG, name: '张三', gridId: 1 });
  });

  it('dry run: every problem with sheet, row, column and reason; what would be created; nothing written', async () => {
    const path = await releasedFile();
    const before = dump(t.ctx.ledger.sqlite);
    const r = await preview('released', path);
    expect(dump(t.ctx.ledger.sqlite)).toBe(before);
    expect(r).toMatchObject({ dryRun: true, ledger: '刑满释放人员', sheet: '帮教对象', totalRows: 9, added: 3, skipped: 6, residentsMatched: 1, residentsAdded: 2, householdsAdded: 1, recordsAdded: 2 });
    expect(r.problems.every((p) => p.sheet === '帮教对象')).toBe(true);
    expect(problemsAt(r)).toEqual([
      expect.stringMatching(/^7 C（身份证 号码） 公民身份号码 .* 与第 8 行重复/),
      expect.stringMatching(/^8 C（身份证 号码） 公民身份号码 .* 与第 7 行重复/),
      expect.stringMatching(/^9 C（身份证 号码） .*校验位/),
      '10 J（衔接时间） 衔接日期（2026-04-01）早于释放日期（2026-05-01），请核对日期',
      expect.stringMatching(/^11 M（帮教分类） 帮教类别「特别」不在代码表中（可填写：重点、一般、宽松）/),
      expect.stringMatching(/^12 I（刑满释放 日期） 释放日期「2026.13.01」不是有效日期/),
    ]);
    expect(r.columns.find((c) => c.column === 'L')).toEqual({ column: 'L', header: '报到时间', field: '报到日期' });
    expect(r.preview.map((p) => `${p.row} ${p.action} ${p.name}`).slice(0, 4)).toEqual(['4 新增 张三', '5 新增 李四', '6 新增 王五', '7 跳过 赵六']);
  });

  it('strict run with problems writes nothing; skipping run writes the good rows with their history, and the dues are the rules\'', async () => {
    const path = await releasedFile();
    const before = dump(t.ctx.ledger.sqlite);
    const refused = await call(t.ctx, 'import.released.run', { path });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('VALIDATION');
    expect(refused.error.message).toContain('没有导入任何数据');
    expect(refused.error.problems).toHaveLength(6);
    expect(dump(t.ctx.ledger.sqlite)).toBe(before);

    const r = await ok(call(t.ctx, 'import.released.run', { path, skipInvalid: true }));
    expect(r).toMatchObject({ dryRun: false, added: 3, skipped: 6, residentsAdded: 2, recordsAdded: 2 });
    // 李四 was not in 实有人口: created in the file's household and grid.
    // 周八's entry was refused after his person was made: the entry's savepoint took the person back too.
    expect((await ok(call(t.ctx, 'person.search', { query: '周八' }))).total).toBe(0);
    expect((await ok(call(t.ctx, 'person.search', { query: '', status: '全部' }))).total).toBe(3);
    const li = await ok(call(t.ctx, 'person.search', { query: '李四' }));
    expect(li.rows).toMatchObject([{ idNumber: LI, householdNumber: 'H-东村-0099', gridName: '第一网格', villageName: '东村' }]);

    // 张三: 衔接 and 报到 done, 重点 class from the 衔接; last 帮教 2026-10-15 → monthly.
    expect(await duesOf('released', '张三')).toEqual({ 帮教走访: '2026-11-15', 分类复评: '2026-09-12', 期满待解除: '2031-03-10' });
    // 李四: released 2025-12-01, not handed over nor reported: 报到 was due 30 days after release.
    expect(await duesOf('released', '李四')).toEqual({ 报到逾期: '2025-12-31' });
    // 王五: 一般 (02), last 帮教 2026-09-01 → every 3 months; 脱管 since 2026-10-01, still on the register.
    expect(await duesOf('released', '王五')).toEqual({ 帮教走访: '2026-12-01', 分类复评: '2024-12-05', 期满待解除: '2029-06-01' });
    const wang = (await ok(call(t.ctx, 'released.list', { query: '王五' })))[0]!;
    const detail = await ok(call(t.ctx, 'released.get', { id: wang.id }));
    expect(detail).toMatchObject({ status: '脱管', statusSince: '2026-10-01', class: 'general', handoverCode: '06', reportedOn: '2024-06-10', crime: '06' });
    const records = await ok(call(t.ctx, 'record.list', { ledger: 'released', entryId: wang.id }));
    expect(records).toMatchObject([{ kind: 'help', date: '2026-09-01', staffName: '台账导入', content: expect.stringContaining('【导入】') }]);

    // The today list agrees: 张三's 帮教走访 is 8 days late on 2026-11-23.
    const today = await ok(call(t.ctx, 'due.list', { date: '2026-11-23' }));
    expect(today.items.find((i) => i.name === '张三' && i.kind === '帮教走访')).toMatchObject({ state: '逾期', daysLate: 8 });

    // The same file again: every good row is now already on the ledger, refused with the form's reason.
    const again = await preview('released', path);
    expect(again.added).toBe(0);
    expect(again.problems.find((p) => p.row === 4)?.message).toContain('已在刑满释放人员台账中');
  });

  it('a file with a problem on every row: each named, nothing written even when skipping', async () => {
    const path = await townFile('错误.xlsx', 'Sheet1', '台账', [
      ['姓名', '公民身份号码', '释放日期', '衔接日期', '衔接情况', '帮教类别'],
      ['甲', withBadCheckDigit(makeId('19800101', 31)), '2025-01-01', null, null, '一般'],
      ['乙', makeId('19800101', 33), '2030-01-01', null, null, '一般'],
      ['丙', makeId('19800101', 35), '2025-01-01', '2025-01-05', null, '一般'],
      ['', makeId('19800101', 37), '2025-01-01', null, null, '一般'],
      ['张叁', ZHANG, '2025-01-01', null, null, '一般'],
    ]);
    const before = dump(t.ctx.ledger.sqlite);
    const dataBefore = dataDump(t.ctx.ledger.sqlite);
    const r = await preview('released', path);
    expect(r).toMatchObject({ added: 0, skipped: 5, totalRows: 5 });
    expect(dump(t.ctx.ledger.sqlite)).toBe(before);
    expect(problemsAt(r)).toEqual([
      expect.stringMatching(/^4 B（公民身份号码） .*校验位/),
      expect.stringMatching(/^5 C（释放日期） 释放日期（2030-01-01）晚于今天/),
      '6 E（衔接情况） 填写了衔接日期，请同时选择衔接情况',
      '7 A（姓名） 缺少姓名（必填）',
      `8 A（姓名） 公民身份号码 ${ZHANG} 在实有人口中登记的姓名是「张三」，与本行的「张叁」不一致，请核对`,
    ]);
    const skipped = await ok(call(t.ctx, 'import.released.run', { path, skipInvalid: true }));
    expect(skipped).toMatchObject({ added: 0, skipped: 5 });
    // Only the audit log has the attempt (one entry, with its counts).
    expect(dataDump(t.ctx.ledger.sqlite)).toBe(dataBefore);
    expect(t.ctx.ledger.sqlite.prepare("select summary from audit_log where channel = 'import.released.run'").pluck().all()).toEqual(['导入安置帮教对象：错误.xlsx']);
  });

  it('a file without the ledger\'s columns is refused at once, naming them', async () => {
    const path = await townFile('人口.xlsx', '人口', '人口', [['姓名', '公民身份号码', '联系电话'], ['甲', ZHANG, '1']]);
    const r = await call(t.ctx, 'import.released.preview', { path });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'BAD_FILE', message: expect.stringContaining('缺少必需的列：「释放日期」') });
  });
});

// ───── 严重精神障碍患者 ─────

const PA = makeId('19700101', 41);
const PB = makeId('19710101', 43);
const PC = makeId('19720101', 45);
const PD = makeId('19730101', 47);
const PE = makeId('19740101', 49);
const PF = makeId('19750101', 51);
const PG = makeId('19760101', 53);
const PH = makeId('19770101', 55);
const GUARD = makeId('19450101', 57);

async function patientsFile() {
  return townFile('精神障碍患者.xlsx', '严重精神障碍患者', '城关镇严重精神障碍患者管理台账', [
    ['姓名', '公民身份号码', '现住址', '网格编码', '建档时间', '诊断', '危险性', '监护人', '监护人电话', '最近一次随访日期', '病情稳定情况', '服药依从性', '管理状态', '状态日期', '监护人身份证号'],
    ['患者甲', PA, '东村1组', '320121100201001', '2025.1.10', '精神分裂症', '0级', '甲父', '13900000001', '2026年11月1日', '稳定', '规律服药', '在管', null, GUARD.toLowerCase()],
    ['患者乙', PB, null, null, 20251201, '04', 3, null, null, excelDate('2026-11-10'), '不稳定', '间断服药', '住院', '2026.11.15'],
    ['患者丙', PC, '西村', '320121100202001', '2026-11-20', '双相情感障碍', '0', null, null, null, null, null, null, null],
    ['患者丁', PD, null, null, '2026.1.1', '精神分裂症', '2', null, null, '2026.10.1', null, '规律服药', null, null],
    ['患者戊', PE, null, null, '2026.1.1', '精神分裂症', '7级', null, null, null, null, null, null, null],
    ['患者己', PF, null, null, '2026.1.1', '抑郁症', '2', null, null, null, null, null, null, null],
    ['患者庚', PG, null, null, '2026.1.1', '精神分裂症', '2', null, null, null, null, null, '住院', null],
    ['患者辛', PH, null, null, '2026.1.1', '精神分裂症', '2', null, null, null, null, null, null, null],
    ['患者辛', PH, null, null, '2026.1.1', '精神分裂症', '2', null, null, null, null, null, null, null],
  ]);
}

describe('import.patients', () => {
  beforeEach(() => {
    addPerson(t.ctx, { idNumber: PB, name: '患者乙', gridId: 4 });
    guardianId = addPerson(t.ctx, { idNumber: GUARD, name: '甲父', phone: '13900000009' });
  });
  let guardianId: number;

  it('dry run names every problem; strict writes nothing; skipping imports the good rows with the 随访 dues of the rules', async () => {
    const path = await patientsFile();
    const before = dump(t.ctx.ledger.sqlite);
    const r = await preview('patients', path);
    expect(dump(t.ctx.ledger.sqlite)).toBe(before);
    expect(r).toMatchObject({ ledger: '严重精神障碍患者', totalRows: 9, added: 3, skipped: 6, residentsMatched: 1, residentsAdded: 2, recordsAdded: 2 });
    expect(problemsAt(r)).toEqual([
      '7 K（病情稳定情况） 填写了最近随访日期，请同时填写随访分类（稳定、基本稳定、不稳定或未访到）：下次随访日期按分类计算',
      expect.stringMatching(/^8 G（危险性） 危险性评估等级应为 0–5 级，不能是「7级」/),
      expect.stringMatching(/^9 F（诊断） 目前诊断类型「抑郁症」不在代码表中/),
      '10 N（状态日期） 管理状态为「住院」，请填写状态日期（住院的日期）',
      expect.stringMatching(/^11 B（公民身份号码） .*与第 12 行重复/),
      expect.stringMatching(/^12 B（公民身份号码） .*与第 11 行重复/),
    ]);
    const refused = await call(t.ctx, 'import.patients.run', { path });
    expect(refused.ok).toBe(false);
    expect(dump(t.ctx.ledger.sqlite)).toBe(before);

    const done = await ok(call(t.ctx, 'import.patients.run', { path, skipInvalid: true }));
    expect(done).toMatchObject({ added: 3, skipped: 6 });
    // 稳定 on 2026-11-01 → within 3 months; 不稳定 on 2026-11-10 → within 2 weeks; no 随访 yet → 建档 + 14 days.
    expect(await duesOf('patient', '患者甲')).toEqual({ 随访: '2027-02-01' });
    expect(await duesOf('patient', '患者乙')).toEqual({ 随访: '2026-11-24' });
    expect(await duesOf('patient', '患者丙')).toEqual({ 随访: '2026-12-04' });
    const b = (await ok(call(t.ctx, 'patient.list', { query: '患者乙' })))[0]!;
    expect(b).toMatchObject({ status: '住院', statusSince: '2026-11-15', diagnosis: '04', risk: 3, lastFollowUpOn: '2026-11-10', lastFollowUpClass: '1' });
    const records = await ok(call(t.ctx, 'record.list', { ledger: 'patient', entryId: b.id }));
    expect(records).toMatchObject([{ kind: 'followUp', medication: '2', hospitalization: '1', content: expect.stringContaining('【导入】') }]);
    // 甲父 is in 实有人口: linked, with his phone from there.
    const aEntry = (await ok(call(t.ctx, 'patient.list', { query: '患者甲' })))[0]!;
    expect(await ok(call(t.ctx, 'patient.get', { id: aEntry.id }))).toMatchObject({ guardianResidentId: guardianId, guardianName: '甲父', guardianPhone: '13900000009' });
    const a = await ok(call(t.ctx, 'person.search', { query: '患者甲' }));
    expect(a.rows).toMatchObject([{ gridName: '第一网格', villageName: '东村', currentAddress: '东村1组' }]);
  });
});

// ───── 低保户 ─────

const H1_HEAD = makeId('19600101', 61);
const H1_WIFE = makeId('19620202', 62);
const H2_HEAD = makeId('19550505', 63);
const H2_CHILD = makeId('19880808', 65);
const H3_HEAD = makeId('19500101', 67);
const H3_BAD = withBadCheckDigit(makeId('19520101', 69));
const H4_HEAD = makeId('19580101', 71);
const H4_WIFE = makeId('19590101', 72);
const H5_DUP = makeId('19650101', 73);

async function lowIncomeFile(existingNumber: string) {
  return townFile('低保.xlsx', '低保花名册', '城关镇低保对象花名册', [
    ['户号', '姓名', '身份证号', '与户主关系', '低保证号', '审批日期', '城乡类别', '分类', '户月保障金额', '是否享受', '最近复核日期', '网格'],
    ['DB-001', '钱一', H1_HEAD, '户主', 'NC2025001', '2025.12.1', '农村', 'C类', 650, '是', '2026.6.1', '320121100201001'],
    ['DB-001', '孙一', H1_WIFE, '配偶', null, null, null, null, null, '是', null, null],
    [existingNumber, '老周', H2_HEAD, '户主', 'CS2024009', '2024年3月15日', '城市', 'A', '800.50元', null, null, null],
    [existingNumber, '周小', H2_CHILD, '子', null, null, null, null, null, '否', null, null],
    ['DB-003', '冯三', H3_HEAD, '户主', 'NC2025003', '2025.1.1', '农村', 'B', 500, null, null, null],
    ['DB-003', '冯小', H3_BAD, '女', null, null, null, null, null, null, null, null],
    ['DB-004', '陈四', H4_HEAD, '户主', 'NC2025004', '2025.1.1', '农村', 'B', 500, null, null, null],
    ['DB-004', '褚四', H4_WIFE, '配偶', null, null, null, null, 450, null, null, null],
    ['DB-005', '卫五', H5_DUP, '户主', 'NC2025005', '2025.1.1', '农村', 'B', 500, null, null, null],
    ['DB-005', '卫五', H5_DUP, '户主', null, null, null, null, null, null, null, null],
  ]);
}

describe('merged cells in a ledger file', () => {
  it('a 户号 and 低保证号 merged over a family fill every member\'s row (the reading every import shares)', async () => {
    const head = makeId('19610101', 81);
    const wife = makeId('19630303', 82);
    const child = makeId('19900909', 83);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('低保花名册');
    ws.addRow(['户号', '姓名', '身份证号', '与户主关系', '低保证号', '审批日期', '城乡类别', '分类', '户月保障金额', '是否享受', '网格']);
    ws.addRow(['DB-101', '蒋一', head, '户主', 'NC2026101', '2026.1.5', '农村', 'B', 900, '是', '320121100201001']);
    ws.addRow([null, '沈一', wife, '配偶', null, null, null, null, null, '是', null]);
    ws.addRow([null, '蒋小', child, '子', null, null, null, null, null, '是', null]);
    ws.mergeCells('A2:A4');
    ws.mergeCells('E2:E4');
    const path = join(t.dir, '合并的低保.xlsx');
    await wb.xlsx.writeFile(path);
    const done = await ok(call(t.ctx, 'import.lowIncome.run', { path }));
    expect(done).toMatchObject({ added: 1, residentsAdded: 3, householdsAdded: 1, skipped: 0, problems: [] });
    const members = t.ctx.ledger.sqlite
      .prepare('select r.name, h.number from resident r join household h on h.id = r.household_id where r.id_number in (?, ?, ?) order by r.id')
      .all(head, wife, child);
    expect(members).toEqual([
      { name: '蒋一', number: 'DB-101' },
      { name: '沈一', number: 'DB-101' },
      { name: '蒋小', number: 'DB-101' },
    ]);
  });
});

describe('import.lowIncome', () => {
  let existing: { id: number; number: string };
  beforeEach(() => {
    existing = addHousehold(t.ctx, { gridId: 2, address: '东村二组' });
    addPerson(t.ctx, { idNumber: H2_HEAD, name: '老周', householdId: existing.id, relation: '02' });
    // In 实有人口 but in no household yet: the file places him in his 低保 household.
    addPerson(t.ctx, { idNumber: H1_HEAD, name: '钱一', phone: '13700000000' });
  });

  it('rows grouped into households; a bad row fails its household; dues from 确认 or the last 复核', async () => {
    const path = await lowIncomeFile(existing.number);
    const before = dump(t.ctx.ledger.sqlite);
    const r = await preview('lowIncome', path);
    expect(dump(t.ctx.ledger.sqlite)).toBe(before);
    expect(r).toMatchObject({ ledger: '低保户', totalRows: 10, added: 2, updated: 1, skipped: 6, residentsMatched: 2, residentsAdded: 2, householdsAdded: 1, recordsAdded: 1 });
    expect(problemsAt(r)).toEqual([
      '8  同一户的第 9 行有问题，本户没有导入',
      expect.stringMatching(/^9 C（身份证号） .*校验位/),
      '10  同一户的第 11 行有问题，本户没有导入',
      '11 I（户月保障金额） 同一户各行的值不一致：第 10 行为「500」，本行为「450」；一户只能有一个值，可只填在户主一行',
      expect.stringMatching(/^12 C（身份证号） .*与第 13 行重复/),
      expect.stringMatching(/^13 C（身份证号） .*与第 12 行重复/),
    ]);
    const refused = await call(t.ctx, 'import.lowIncome.run', { path });
    expect(refused.ok).toBe(false);
    expect(dump(t.ctx.ledger.sqlite)).toBe(before);

    await ok(call(t.ctx, 'import.lowIncome.run', { path, skipInvalid: true }));
    // C类, last 复核 2026-06-01 → every 6 months; A类 confirmed 2024-03-15, no 复核 → 12 months.
    expect(await duesOf('lowIncome', '钱一')).toEqual({ 低保复核: '2026-12-01' });
    expect(await duesOf('lowIncome', '老周')).toEqual({ 低保复核: '2025-03-15' });
    const list = await ok(call(t.ctx, 'lowIncome.list', {}));
    expect(list.map((h) => [h.householdNumber, h.headName, h.coveredCount, h.monthlyAmount, h.area, h.class]).sort()).toEqual(
      [
        ['DB-001', '钱一', 2, 650, '农村', 'C'],
        [existing.number, '老周', 1, 800.5, '城市', 'A'],
      ].sort(),
    );
    const qian = (await ok(call(t.ctx, 'person.search', { query: '钱一' }))).rows[0]!;
    expect(qian).toMatchObject({ householdNumber: 'DB-001', relation: '02', phone: '13700000000', gridName: '第一网格' });
    // The new child lives in the existing household, not covered.
    const home = await ok(call(t.ctx, 'household.get', { id: existing.id }));
    expect(home.members.map((m) => m.name).sort()).toEqual(['周小', '老周']);
  });
});

// ───── templates and the CLI ─────

describe('templates and the CLI', () => {
  it.each([
    ['released', 'released', '刑满释放人员'],
    ['patients', 'patients', '严重精神障碍患者'],
    ['low-income', 'lowIncome', '低保户'],
  ] as const)('import %s: the template has 取值说明 and reads back as header only; the CLI prints the report', async (kind, channel, sheet) => {
    const tpl = join(t.dir, `${kind}.xlsx`);
    await ok(call(t.ctx, `import.${channel}.template`, { path: tpl }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(tpl);
    expect(wb.worksheets.map((w) => w.name)).toEqual([sheet, '取值说明']);
    const values = wb.getWorksheet('取值说明')!;
    const listed = new Set<string>();
    values.eachRow((row) => listed.add(String(row.getCell(1).value)));
    const header = (wb.getWorksheet(sheet)!.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(header[0]).toBe('*公民身份号码');
    const dry = await call(t.ctx, `import.${channel}.preview`, { path: tpl });
    expect(dry.ok).toBe(false);
    if (!dry.ok) expect(dry.error.message).toContain('只有表头');
    if (kind === 'released') expect([...listed]).toEqual(expect.arrayContaining(['性别', '原罪名', '衔接情况', '帮教类别', '安置情况', '帮教状态', '是否累犯']));
    if (kind === 'patients') expect([...listed]).toEqual(expect.arrayContaining(['目前诊断类型', '危险性评估等级', '随访分类', '服药情况', '管理状态']));
    if (kind === 'low-income') expect([...listed]).toEqual(expect.arrayContaining(['低保类别', '分类', '特困供养', '是否保障对象']));

    // The CLI on a file made from the template's own headers.
    const file = join(t.dir, `${kind}-data.xlsx`);
    const ws = wb.getWorksheet(sheet)!;
    const col = (label: string) => header.findIndex((h) => h.replace('*', '') === label) + 1;
    const put = (row: number, label: string, v: string | number) => (ws.getCell(row, col(label)).value = v);
    const id = makeId('19810101', 81);
    put(3, '公民身份号码', id);
    put(3, '姓名', '模板人');
    if (kind === 'released') put(3, '释放日期', '2026.1.5');
    if (kind === 'patients') {
      put(3, '建档日期', '2026.1.5');
      put(3, '目前诊断类型', '精神分裂症');
      put(3, '危险性评估等级', '0级');
    }
    if (kind === 'low-income') {
      put(3, '确认日期', '2026.1.5');
      put(3, '低保类别', '农村');
      put(3, '分类', 'B');
      put(3, '月保障金额', 600);
    }
    await wb.xlsx.writeFile(file);
    // The CLI opens its own database file.
    const dbPath = join(t.dir, `${kind}.db`);
    const town = openLedger(dbPath);
    seedGrids(town.sqlite);
    town.close();
    const dryRun = await cli('import', kind, file, '--db', dbPath, '--dry-run', '--json');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.json()).toMatchObject({ dryRun: true, added: 1, residentsAdded: 1, skipped: 0, problems: [] });
    const run = await cli('import', kind, file, '--db', dbPath);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`导入完成：${sheet}台账`);
    // Run again, the one row is already on the ledger: refused, with the report's counts at the top level.
    if (kind === 'released') {
      const again = await cli('import', kind, file, '--db', dbPath, '--json');
      expect(again.code).toBe(1);
      expect(again.json()).toMatchObject({ ok: false, added: 0, skipped: 1, error: { code: 'VALIDATION' } });
    }
  });

  it('bad kinds and missing arguments are usage errors', async () => {
    const r = await cli('import', 'prisoners', 'x.xlsx', '--db', t.path);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('low-income（低保户）');
    const noDb = await cli('import', 'patients', 'x.xlsx');
    expect(noDb.code).toBe(2);
  });
});

describe('cancel', () => {
  it('a cancel while writing rolls everything back', async () => {
    const path = await releasedFile();
    const before = dump(t.ctx.ledger.sqlite);
    const controller = new AbortController();
    const stages: string[] = [];
    const ctx = {
      ...t.ctx,
      signal: controller.signal,
      progress: (_done: number, _total: number, stage: string) => {
        stages.push(stage);
        if (stage === '写入数据库') controller.abort();
      },
    };
    const r = await call(ctx, 'import.released.run', { path, skipInvalid: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'CANCELLED', message: expect.stringContaining('数据库未改动') });
    expect(stages).toContain('读取文件');
    expect(dump(t.ctx.ledger.sqlite)).toBe(before);
  });

  it('a dry run says it is checking, and can be cancelled too', async () => {
    const path = await releasedFile();
    const controller = new AbortController();
    const stages = new Set<string>();
    const ctx = { ...t.ctx, signal: controller.signal, progress: (_d: number, _t: number, stage: string) => void stages.add(stage) };
    expect((await call(ctx, 'import.released.preview', { path })).ok).toBe(true);
    expect([...stages]).toEqual(['读取文件', '检查数据']);
    controller.abort();
    const r = await call(ctx, 'import.released.preview', { path });
    expect(r.ok ? null : r.error.code).toBe('CANCELLED');
  });
});

describe('cells as towns write them', () => {
  const col = (kind: LedgerColumn['kind'], extra: Partial<LedgerColumn> = {}): LedgerColumn => ({ key: 'x', label: '某列', aliases: [], kind, explain: '', ...extra });

  it('dates in every form; a date that does not exist is refused with the forms it may take', () => {
    const date = col('date', { label: '释放日期' });
    for (const raw of ['2021.11.10', '2021年11月10日', '2021/11/10', '20211110', 20211110, '2021-11-10', excelDate('2021-11-10'), 44510, '２０２１．１１．１０']) {
      expect(readCell(date, raw, false), String(raw)).toEqual({ ok: true, value: '2021-11-10' });
    }
    expect(readCell(date, '2021.2.30', false)).toEqual({ ok: false, message: expect.stringContaining('释放日期「2021.2.30」不是有效日期（可写成 2021-11-10、2021.11.10') });
  });

  it('危险性 as 0–5, 3级, 三级; the ambiguous 01–06 and 6 are refused', () => {
    const risk = col('risk', { label: '危险性评估等级' });
    for (const [raw, level] of [[3, 3], ['3', 3], ['3级', 3], ['三级', 3], ['0级', 0], ['五', 5]] as const) expect(readCell(risk, raw, false), String(raw)).toEqual({ ok: true, value: level });
    expect(readCell(risk, '02', false)).toEqual({ ok: false, message: expect.stringContaining('有歧义') });
    expect(readCell(risk, '6级', false)).toEqual({ ok: false, message: '危险性评估等级应为 0–5 级，不能是「6级」' });
  });

  it('money, yes/no and codes by label, alias or code', () => {
    expect(readCell(col('money'), '1,250.50元', false)).toEqual({ ok: true, value: 1250.5 });
    expect(readCell(col('money'), '六百', false).ok).toBe(false);
    expect(readCell(col('yesno'), '√', false)).toEqual({ ok: true, value: true });
    expect(readCell(col('yesno'), '否', false)).toEqual({ ok: true, value: false });
    expect(readCell(col('yesno', { label: '是否累犯' }), '不详', false)).toEqual({ ok: false, message: '是否累犯应填「是」或「否」，不能是「不详」' });
    const cls = col('code', { table: releasedClassColumnTable });
    expect(['重点', '重点帮教对象', '01', '一般', '02', '宽松'].map((v) => readCell(cls, v, false))).toEqual(
      ['key', 'key', 'key', 'general', 'general', 'loose'].map((value) => ({ ok: true, value })),
    );
  });
});

describe('which sheet', () => {
  it('a hidden old sheet is passed over for the visible one; 是否重点帮教对象 gives the class', async () => {
    const wb = new ExcelJS.Workbook();
    const old = wb.addWorksheet('帮教对象（旧）');
    old.state = 'hidden';
    old.addRow(['姓名', '公民身份号码', '释放日期']);
    old.addRow(['旧人', makeId('19600101', 91), '2020.1.1']);
    const now = wb.addWorksheet('2026年');
    now.addRow(['姓名', '公民身份号码', '释放日期', '是否重点帮教对象']);
    now.addRow(['新人', makeId('19610101', 93), '2026.1.1', '是']);
    const path = join(t.dir, '两个表.xlsx');
    await wb.xlsx.writeFile(path);
    const r = await ok(call(t.ctx, 'import.released.run', { path }));
    expect(r).toMatchObject({ sheet: '2026年', added: 1 });
    expect((await ok(call(t.ctx, 'released.list', { query: '新人' })))[0]).toMatchObject({ class: 'key' });
  });
});

describe('the wrong kind of file', () => {
  it('a 帮教 file read as a 低保 file is refused at once, naming the missing columns', async () => {
    const path = await releasedFile();
    const r = await call(t.ctx, 'import.lowIncome.preview', { path });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'BAD_FILE', message: '工作表「帮教对象」第 3 行是表头，但缺少必需的列：「确认日期」、「低保类别」、「月保障金额」（低保户台账）。' });
  });
});
