// 低保户 ledger through the channels: registration with covered members, 公示, corrections, exit, 复核 dues,
// indicator facts, list and export. Households, residents and 复核 records are inserted with plain SQL.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { lowIncomeDues } from '../../electron/core/ledgers/lowIncome/dues';
import { loadLowIncomeFacts } from '../../electron/core/ledgers/lowIncome/facts';
import { checkDigit } from '../../shared/rules/idNumber';
import { lowIncomeIndicators } from '../../shared/rules/indicators';
import { addHousehold as addHouseholdVia, addPerson } from '../helpers/people';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { fails, ok, twoVillageTown } from '../helpers/results';

let t: TempLedger;
let villageId: number;
let gridId: number;
let otherVillageId: number;
let otherGridId: number;

beforeEach(async () => {
  t = openTempLedger();
  ({ villageId, gridId, otherVillageId, otherGridId } = await twoVillageTown(t.ctx));
});
afterEach(() => t.close());

const stamp = () => new Date().toISOString();
let serial = 0;

/** A household with its members: the first is the head (02 户主). Returns the household id and member ids. */
function addHousehold(names: string[], o: { grid?: number; statuses?: string[] } = {}): { id: number; members: number[]; number: string } {
  serial++;
  const { id, number } = addHouseholdVia(t.ctx, { number: `3201211002${String(serial).padStart(4, '0')}`, gridId: o.grid ?? gridId, address: `柳河村${serial}组`, tags: [] });
  const members = names.map((name, i) => {
    serial++;
    const birth = `19${String(40 + (serial % 50)).padStart(2, '0')}-07-1${serial % 10}`;
    const first17 = `320121${birth.replace(/-/g, '')}${String(serial % 1000).padStart(3, '0')}`;
    const status = (o.statuses?.[i] ?? '在册') as '在册' | '迁出' | '死亡';
    return addPerson(t.ctx, { idNumber: first17 + checkDigit(first17), name, householdId: id, relation: i === 0 ? '02' : '20', status, leftOn: '2026-01-01' });
  });
  return { id, members, number };
}

function addReview(entryId: number, date: string, result: string, newAmountYuan: number | null = null, apply = false) {
  const db = t.ctx.ledger.sqlite;
  db.prepare(
    `insert into record (kind, ledger, entry_id, household_id, date, method, review_result, new_amount_fen, created_at)
     values ('review', 'lowIncome', ?, (select household_id from low_income where id = ?), ?, '家访', ?, ?, ?)`,
  ).run(entryId, entryId, date, result, newAmountYuan === null ? null : Math.round(newAmountYuan * 100), stamp());
  if (apply && newAmountYuan !== null) db.prepare('update low_income set monthly_amount_fen = ? where id = ?').run(Math.round(newAmountYuan * 100), entryId);
}

const base = { confirmedOn: '2026-03-20', certificateNumber: 'DB2026001', area: '农村', class: 'A', monthlyAmount: 350.5 };
/** What an update may send: the 确认日期 is fixed once registered (an unknown key is refused). */
const { confirmedOn: _confirmedOn, ...editable } = base;

async function register(hh: { id: number; members: number[] }, over: Record<string, unknown> = {}) {
  return ok(call(t.ctx, 'lowIncome.register', { householdId: hh.id, memberIds: hh.members, ...base, ...over }));
}

const count = (sql: string) => (t.ctx.ledger.sqlite.prepare(sql).get() as { n: number }).n;

describe('register', () => {
  it('registers a household with its covered members, 公示 end, amount in 分 and the first 复核 due', async () => {
    const hh = addHousehold(['刘大山', '刘小明', '刘小红']);
    const e = await register(hh, { memberIds: [hh.members[0], hh.members[1]], publicityFrom: '2026-03-10', extremePoverty: '分散供养' });
    expect(e).toMatchObject({
      householdId: hh.id, householdNumber: hh.number, headName: '刘大山', villageName: '柳河村', gridName: '第一网格', confirmedOn: '2026-03-20',
      certificateNumber: 'DB2026001', area: '农村', class: 'A', monthlyAmount: 350.5, coveredCount: 2, extremePoverty: '分散', status: '在保',
      publicityFrom: '2026-03-10', publicityTo: '2026-03-16', lastReviewOn: null, exitOn: null,
    });
    expect(e.members.map((m) => [m.name, m.covered])).toEqual([['刘大山', true], ['刘小明', true], ['刘小红', false]]);
    expect(count('select monthly_amount_fen as n from low_income')).toBe(35050);
    expect(e.statusChanges).toEqual([expect.objectContaining({ fromStatus: null, toStatus: '在保', date: '2026-03-20' })]);
    expect(e.dues).toEqual([{ kind: '低保复核', dueDate: '2027-03-20', state: null, daysLate: -117 }]);
    const due = lowIncomeDues(t.ctx, { entryIds: [e.id] });
    expect(due).toEqual([{ kind: '低保复核', ledger: 'lowIncome', entryId: e.id, residentId: hh.members[0], householdId: hh.id, dueDate: '2027-03-20' }]);
  });

  it('refuses members of another household or who left, 公示 not over by 确认, a second open entry, writing nothing', async () => {
    const hh = addHousehold(['陈一', '陈二'], { statuses: ['在册', '死亡'] });
    const other = addHousehold(['周一']);
    const wrong = await fails(call(t.ctx, 'lowIncome.register', { householdId: hh.id, ...base, memberIds: [hh.members[0], other.members[0]] }));
    expect(wrong.code).toBe('CONFLICT');
    expect(wrong.message).toContain(`周一`);
    expect(wrong.message).toContain(`不是本户（户号 ${hh.number}）的成员`);
    expect((await fails(call(t.ctx, 'lowIncome.register', { householdId: hh.id, ...base, memberIds: hh.members }))).message).toContain('陈二');
    const late = await fails(call(t.ctx, 'lowIncome.register', { householdId: hh.id, ...base, memberIds: [hh.members[0]], publicityFrom: '2026-03-15' }));
    expect(late.message).toContain('公示期为 2026-03-15 至 2026-03-21（7 天），确认日期（2026-03-20）应在公示期满之后');
    expect((await fails(call(t.ctx, 'lowIncome.register', { householdId: hh.id, ...base, memberIds: [] }))).message).toContain('请至少选择一名保障对象');
    expect((await fails(call(t.ctx, 'lowIncome.register', { householdId: hh.id, ...base, memberIds: [hh.members[0]], confirmedOn: '2026-12-01' }))).message).toContain('晚于今天');
    expect((await fails(call(t.ctx, 'lowIncome.register', { householdId: hh.id, ...base, memberIds: [hh.members[0]], monthlyAmount: 12.345 }))).message).toContain('最多两位小数');
    expect((await fails(call(t.ctx, 'lowIncome.register', { householdId: hh.id, ...base, memberIds: [hh.members[0]], class: 'D' }))).message).toContain('低保分类「D」不在代码表中');
    expect(count('select count(*) as n from low_income')).toBe(0);
    expect(count('select count(*) as n from low_income_member')).toBe(0);

    // The 公示 may end on the 确认 day itself.
    await register({ id: hh.id, members: [hh.members[0]!] }, { publicityFrom: '2026-03-14' });
    const again = await fails(call(t.ctx, 'lowIncome.register', { householdId: hh.id, ...base, certificateNumber: 'X', memberIds: [hh.members[0]] }));
    expect(again).toMatchObject({ code: 'CONFLICT' });
    expect(again.message).toContain('不能重复登记');
    const sameCert = await fails(call(t.ctx, 'lowIncome.register', { householdId: other.id, ...base, memberIds: other.members }));
    expect(sameCert.message).toContain('低保证号 DB2026001 已由户号');
  });
});

describe('update and exit', () => {
  it('corrects class, amount and members; refuses a new member who left but keeps one already covered', async () => {
    const hh = addHousehold(['黄父', '黄母', '黄子']);
    const e = await register(hh, { memberIds: [hh.members[0], hh.members[1]] });
    t.ctx.ledger.sqlite.prepare("update resident set status = '死亡' where id = ?").run(hh.members[1]);
    const u = await ok(call(t.ctx, 'lowIncome.update', { id: e.id, ...editable, class: 'C', monthlyAmount: 420, memberIds: [hh.members[0], hh.members[1], hh.members[2]] }));
    expect(u).toMatchObject({ class: 'C', monthlyAmount: 420, coveredCount: 3 });
    expect(u.dues[0]!.dueDate).toBe('2026-09-20'); // C: 6 months
    const fewer = await ok(call(t.ctx, 'lowIncome.update', { id: e.id, ...editable, memberIds: [hh.members[2]] }));
    expect(fewer.members.filter((m) => m.covered).map((m) => m.name)).toEqual(['黄子']);
    expect((await fails(call(t.ctx, 'lowIncome.update', { id: e.id, ...editable, memberIds: [hh.members[1]] }))).message).toContain('黄母');
    expect((await fails(call(t.ctx, 'lowIncome.update', { id: e.id, ...editable, memberIds: [hh.members[2]], publicityFrom: '2026-03-18' }))).message).toContain('公示期');
  });

  it('exits with a reason and date; refuses dates before 确认 or the last 复核, and a second exit', async () => {
    const hh = addHousehold(['罗一']);
    const e = await register(hh);
    addReview(e.id, '2026-06-01', '不变');
    expect((await fails(call(t.ctx, 'lowIncome.exit', { id: e.id, date: '2026-03-01', reason: '死亡' }))).message).toContain('退出日期（2026-03-01）早于确认日期（2026-03-20）');
    expect((await fails(call(t.ctx, 'lowIncome.exit', { id: e.id, date: '2026-05-01', reason: '死亡' }))).message).toContain('早于最近一次复核日期（2026-06-01）');
    expect((await fails(call(t.ctx, 'lowIncome.exit', { id: e.id, date: '2026-07-01', reason: '中彩票' }))).message).toContain('不在代码表中');
    const x = await ok(call(t.ctx, 'lowIncome.exit', { id: e.id, date: '2026-07-01', reason: '收入超标', note: '子女就业' }));
    expect(x).toMatchObject({ status: '停保', exitOn: '2026-07-01', exitReason: '01', exitNote: '子女就业', lastReviewOn: '2026-06-01', dues: [], nextDue: null });
    expect(x.statusChanges.at(-1)).toMatchObject({ fromStatus: '在保', toStatus: '停保', date: '2026-07-01', reason: '家庭收入超过保障标准：子女就业' });
    expect((await fails(call(t.ctx, 'lowIncome.exit', { id: e.id, date: '2026-08-01', reason: '01' }))).message).toContain('已于 2026-07-01 停保');
    expect((await fails(call(t.ctx, 'lowIncome.update', { id: e.id, ...editable, memberIds: hh.members }))).message).toContain('不能再修改');
    expect(lowIncomeDues(t.ctx)).toEqual([]);
    // The household may enter again as a new entry.
    const again = await register(hh, { confirmedOn: '2026-10-01', certificateNumber: 'DB2026099' });
    expect(again.id).not.toBe(e.id);
  });
});

describe('低保复核 due', () => {
  it('is 确认 or the last 复核 + 12 months for A and B, 6 for C, clamped on month ends, and follows the settings', async () => {
    const a = await register(addHousehold(['甲']), { class: 'A', confirmedOn: '2025-11-30', certificateNumber: 'A1' });
    const b = await register(addHousehold(['乙']), { class: 'B', confirmedOn: '2024-02-29', certificateNumber: 'B1' });
    const c = await register(addHousehold(['丙']), { class: 'C', confirmedOn: '2025-08-31', certificateNumber: 'C1' });
    const due = () => Object.fromEntries(lowIncomeDues(t.ctx).map((d) => [d.entryId, d.dueDate]));
    expect(due()).toEqual({ [a.id]: '2026-11-30', [b.id]: '2025-02-28', [c.id]: '2026-02-28' });

    addReview(c.id, '2026-03-31', '不变');
    addReview(c.id, '2026-01-15', '不变'); // older, entered later
    addReview(b.id, '2025-02-20', '增发', 500, true);
    expect(due()).toEqual({ [a.id]: '2026-11-30', [b.id]: '2026-02-20', [c.id]: '2026-09-30' });

    await ok(call(t.ctx, 'rules.set', { changes: { 'lowIncomeReviewMonths.C': 3, 'lowIncomeReviewMonths.A': 6 } }));
    expect(due()).toEqual({ [a.id]: '2026-05-30', [b.id]: '2026-02-20', [c.id]: '2026-06-30' });
    await ok(call(t.ctx, 'rules.reset', {}));
    expect(due()[c.id]).toBe('2026-09-30');

    const got = await ok(call(t.ctx, 'lowIncome.get', { id: c.id }));
    expect(got).toMatchObject({ lastReviewOn: '2026-03-31', nextDue: { kind: '低保复核', dueDate: '2026-09-30', state: '逾期', daysLate: 54 } });
    expect((await ok(call(t.ctx, 'lowIncome.get', { id: b.id }))).monthlyAmount).toBe(500);
  });
});

describe('facts for the indicators', () => {
  it('give the T3 figures of a hand-made village', async () => {
    // H1 城市 A, 2 persons, 500 元, 复核 overdue since June.
    const h1 = addHousehold(['一户主', '一成员']);
    await register(h1, { area: '城市', class: 'A', confirmedOn: '2025-06-10', certificateNumber: 'H1', monthlyAmount: 500 });
    // H2 农村 C, 1 person, 300 元, 分散供养, due 2026-11-20 and reviewed on 11-18.
    const h2 = addHousehold(['二户主', '二成员']);
    const e2 = await register({ id: h2.id, members: [h2.members[0]!] }, { area: '农村', class: 'C', confirmedOn: '2026-05-20', certificateNumber: 'H2', monthlyAmount: 300, extremePoverty: '分散' });
    addReview(e2.id, '2026-11-18', '不变');
    // H3 城市 B, new this month, 3 persons, 集中供养: no money in the 确认 month.
    const h3 = addHousehold(['三户主', '三甲', '三乙']);
    await register(h3, { area: '城市', class: 'B', confirmedOn: '2026-11-05', certificateNumber: 'H3', monthlyAmount: 600, extremePoverty: '集中' });
    // H4 农村 B, left this month.
    const h4 = addHousehold(['四户主', '四成员']);
    const e4 = await register(h4, { area: '农村', class: 'B', confirmedOn: '2025-01-10', certificateNumber: 'H4', monthlyAmount: 400 });
    addReview(e4.id, '2026-01-08', '不变');
    await ok(call(t.ctx, 'lowIncome.exit', { id: e4.id, date: '2026-11-12', reason: '03' }));
    // H5 城市 A, 减发 in October to 200.25.
    const h5 = addHousehold(['五户主']);
    const e5 = await register(h5, { area: '城市', class: 'A', confirmedOn: '2026-03-01', certificateNumber: 'H5', monthlyAmount: 250.5 });
    addReview(e5.id, '2026-10-20', '减发', 200.25, true);
    // H6 in the other village.
    await register(addHousehold(['六户主'], { grid: otherGridId }), { certificateNumber: 'H6', confirmedOn: '2026-01-01' });

    const facts = loadLowIncomeFacts(t.ctx);
    expect(facts).toHaveLength(6);
    const f5 = facts.find((f) => f.facts.confirmedDate === '2026-03-01')!;
    expect(f5).toMatchObject({ villageId, villageCode: '320121100201' });
    // The amount at 确认 is kept apart from the current one, so months before the 减发 are exact.
    expect(f5.facts).toEqual({
      area: '城市', class: 'A', confirmedDate: '2026-03-01', exitDate: null, coveredCount: 1, monthlyAmount: 250.5, supportType: null,
      reviews: [{ date: '2026-10-20', result: '减发', newAmount: 200.25 }],
    });
    // The 减发 of 2026-10-20 pays from November: September and October still show the amount at 确认.
    expect(lowIncomeIndicators([f5.facts], '2026-09').urbanAmount).toBe(250.5);
    expect(lowIncomeIndicators([f5.facts], '2026-10').urbanAmount).toBe(250.5);
    expect(lowIncomeIndicators([f5.facts], '2026-11').urbanAmount).toBe(200.25);
    expect(facts.find((f) => f.facts.confirmedDate === '2025-01-10')!.facts.exitDate).toBe('2026-11-12');

    const x = lowIncomeIndicators(facts.filter((f) => f.villageId === villageId).map((f) => f.facts), '2026-11');
    expect(x).toEqual({
      urbanHouseholds: 3, urbanPersons: 6, urbanAmount: 700.25, ruralHouseholds: 1, ruralPersons: 1, ruralAmount: 300,
      newHouseholds: 1, newPersons: 3, stoppedHouseholds: 1, stoppedPersons: 2, increasedHouseholds: 0, decreasedHouseholds: 0,
      centralizedPersons: 3, dispersedPersons: 1, reviewDue: 2, reviewed: 1, totalHouseholds: 4, totalPersons: 7, totalAmount: 1000.25,
    });
    expect(lowIncomeIndicators(facts.filter((f) => f.villageId === otherVillageId).map((f) => f.facts), '2026-11')).toMatchObject({ ruralHouseholds: 1, ruralAmount: 350.5 });
  });
});

describe('list and export', () => {
  it('lists 在保 households by default, filters by status, village and query', async () => {
    const a = await register(addHousehold(['宋江']), { certificateNumber: 'L1' });
    const b = await register(addHousehold(['宋清'], { grid: otherGridId }), { certificateNumber: 'L2' });
    const c = await register(addHousehold(['吴用']), { certificateNumber: 'L3' });
    await ok(call(t.ctx, 'lowIncome.exit', { id: c.id, date: '2026-06-01', reason: '99' }));
    const ids = async (f: Record<string, unknown>) => (await ok(call(t.ctx, 'lowIncome.list', f))).map((r) => r.id);
    expect(await ids({})).toEqual([b.id, a.id]); // 东关社区 (…001) sorts before 柳河村 (…201)
    expect(await ids({ status: '全部' })).toHaveLength(3);
    expect(await ids({ status: '停保' })).toEqual([c.id]);
    expect(await ids({ villageId })).toEqual([a.id]);
    expect(await ids({ gridId: otherGridId })).toEqual([b.id]);
    expect((await ids({ query: '宋' })).sort()).toEqual([a.id, b.id].sort());
    expect(await ids({ query: 'L2' })).toEqual([b.id]);
    expect((await fails(call(t.ctx, 'lowIncome.list', { status: '退出' }))).message).toContain('低保状态「退出」不在代码表中');
  });

  it('exports the 低保户台账 with the amount as a number cell', async () => {
    const hh = addHousehold(['秦明', '秦妻']);
    const e = await register(hh, { area: '城市', class: 'C', extremePoverty: '集中' });
    addReview(e.id, '2026-09-01', '不变');
    const path = join(t.dir, '低保户台账.xlsx');
    expect(await ok(call(t.ctx, 'lowIncome.export', { path }))).toEqual({ path, rows: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('低保户台账')!;
    expect(ws.getCell('A1').value).toBe('城关镇低保户台账');
    // The full column set prints on A3 at 100 %; the A4 print layout is the 打印 sheet.
    expect(ws.pageSetup.paperSize).toBe(8);
    expect(wb.getWorksheet('打印')?.pageSetup.paperSize).toBe(9);
    expect(String(ws.getCell('A2').value)).toContain('共 1 户 2 人，月保障金额合计 350.50 元');
    const header = (ws.getRow(3).values as unknown[]).slice(1) as string[];
    const data = ws.getRow(4);
    const cell = (h: string) => data.getCell(header.indexOf(h) + 1);
    expect(cell('村（社区）').value).toBe('柳河村');
    expect(cell('户号').value).toBe(hh.number);
    expect(cell('户主姓名').value).toBe('秦明');
    expect(cell('户主公民身份号码').value).toMatch(/^320121\d{11}[\dX]$/);
    expect(cell('城市/农村').value).toBe('城市');
    expect(cell('低保证号').value).toBe('DB2026001');
    expect(cell('保障人数').value).toBe(2);
    expect(cell('月保障金额（元）').value).toBe(350.5);
    expect(cell('月保障金额（元）').numFmt).toBe('0.00');
    expect(cell('分类').value).toBe('C类');
    expect(cell('特困供养').value).toBe('集中供养');
    expect(cell('确认日期').value).toBe('2026-03-20');
    expect(cell('最近复核日期').value).toBe('2026-09-01');
    expect(cell('下次复核日期').value).toBe('2027-03-01');
  });
});
