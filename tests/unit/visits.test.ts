// Grid workers' visits (issue 12, part 2): the household class rule with its reasons, the calendar-aligned visit
// cycles, visit.add's checks, the list's filters, the households due, a worker's page, the CLI.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { DEFAULT_RULES } from '../../shared/rules/ruleSettings';
import { ageOn, classifyHousehold, periodEndsIn, visitDue, visitPeriod, type HouseholdMemberFacts } from '../../shared/rules/householdClass';
import { cli } from '../helpers/cli';
import { fails, makeTown, ok, patientEntry, releasedPerson, type TestTown } from '../helpers/recordsTown';

const member = (birthDate: string, extra: Partial<HouseholdMemberFacts> = {}): HouseholdMemberFacts => ({
  birthDate, status: '在册', released: false, patient: false, keyConcern: false, ...extra,
});

describe('household class rule', () => {
  const rules = DEFAULT_RULES;
  it('a household with nothing special is 普通户', () => {
    expect(classifyHousehold({ members: [member('1980-01-01'), member('2010-01-01')], lowIncome: false, tags: [] }, '2026-11-01', rules)).toEqual({ cls: '普通户', reasons: [] });
  });
  it('names every reason, in a fixed order', () => {
    const r = classifyHousehold(
      { members: [member('1980-01-01', { patient: true }), member('1982-01-01', { released: true, keyConcern: true })], lowIncome: true, tags: ['05', '03'] },
      '2026-11-01',
      rules,
    );
    expect(r).toEqual({ cls: '重点户', reasons: ['安置帮教', '严重精神障碍', '低保', '留守儿童', '重点关注'] });
  });
  it('独居老人: exactly one 在册 member aged 60 or more on the date (birthday counts)', () => {
    const alone = (birth: string, on: string, others: HouseholdMemberFacts[] = []) => classifyHousehold({ members: [member(birth), ...others], lowIncome: false, tags: [] }, on, rules).reasons;
    expect(alone('1966-11-01', '2026-11-01')).toEqual(['独居老人']);
    expect(alone('1966-11-02', '2026-11-01')).toEqual([]);
    // A spouse who has died no longer lives there.
    expect(alone('1950-01-01', '2026-11-01', [member('1951-01-01', { status: '死亡' })])).toEqual(['独居老人']);
    expect(alone('1950-01-01', '2026-11-01', [member('1951-01-01')])).toEqual([]);
    expect(classifyHousehold({ members: [member('1961-05-05')], lowIncome: false, tags: [] }, '2026-11-01', { elderlyAloneAge: 70 }).reasons).toEqual([]);
  });
  it('a member who has left does not make the household 重点', () => {
    expect(classifyHousehold({ members: [member('1980-01-01', { released: true, status: '迁出' }), member('1990-01-01')], lowIncome: false, tags: [] }, '2026-11-01', rules).cls).toBe('普通户');
  });
  it('the 户标签 低保五保户 counts as 低保', () => {
    expect(classifyHousehold({ members: [], lowIncome: false, tags: ['01'] }, '2026-11-01', rules).reasons).toEqual(['低保']);
  });
  it('ageOn counts full years', () => {
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26);
  });
});

describe('visit cycles', () => {
  it('periods are calendar months and quarters', () => {
    expect(visitPeriod('2026-11-15', 1)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(visitPeriod('2026-11-15', 3)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(visitPeriod('2026-02-10', 6)).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(periodEndsIn('2026-12', 3)).toBe(true);
    expect(periodEndsIn('2026-11', 3)).toBe(false);
    expect(periodEndsIn('2026-11', 1)).toBe(true);
  });
  it('a 重点户 visited last month is due this month; one visited this month is not', () => {
    expect(visitDue('2026-10-31', '2026-11-05', 1)).toMatchObject({ visited: false, dueDate: '2026-11-30' });
    expect(visitDue('2026-11-01', '2026-11-05', 1)).toMatchObject({ visited: true });
  });
  it('a 普通户 visited in October is not due again until the next quarter', () => {
    expect(visitDue('2026-10-02', '2026-12-31', 3).visited).toBe(true);
    expect(visitDue('2026-10-02', '2027-01-01', 3)).toMatchObject({ visited: false, dueDate: '2027-03-31' });
    expect(visitDue(null, '2026-11-05', 3)).toMatchObject({ visited: false, dueDate: '2026-12-31' });
  });
});

describe('visits through the channels', () => {
  let town: TestTown;
  afterEach(() => town.t.close());

  async function setup() {
    town = await makeTown('2026-11-23');
    const plain = town.household('H001', town.grids.east);
    const headPlain = town.resident('张一', { householdId: plain, relation: '02' });
    town.resident('张二', { householdId: plain, relation: '20', birth: '2005-01-01' });
    const key = town.household('H002', town.grids.east);
    const headKey = town.resident('李一', { householdId: key, relation: '02' });
    await releasedPerson(town, headKey, { release: '2026-06-01', report: '2026-06-05' });
    const lonely = town.household('H003', town.grids.east);
    town.resident('赵老', { householdId: lonely, relation: '02', birth: '1950-03-03' });
    const sick = town.household('H004', town.grids.willow);
    const sickHead = town.resident('孙一', { householdId: sick, relation: '02' });
    await patientEntry(town, town.resident('孙二', { householdId: sick, relation: '20', birth: '1990-01-01' }), { registered: '2026-05-01' });
    return { plain, headPlain, key, headKey, lonely, sick, sickHead };
  }

  it('visit.add records a visit as a 走访 record, with its place and worker', async () => {
    const h = await setup();
    const v = await ok(call(town.t.ctx, 'visit.add', { householdId: h.key, date: '2026-11-20', staffId: town.staff.wang, content: '家中正常，已就业' }));
    expect(v).toMatchObject({ householdNumber: 'H002', headName: '李一', staffName: '王芳', village: '东关社区', grid: '东关一网格', method: '家访', eventIds: [] });
    const rec = await ok(call(town.t.ctx, 'record.get', { id: v.id }));
    expect(rec).toMatchObject({ kind: 'visit', ledger: null, householdId: h.key, staffId: town.staff.wang });
    // A person visited: their household is the place.
    const p = await ok(call(town.t.ctx, 'visit.add', { residentId: h.sickHead, date: '2026-11-21', staffId: town.staff.li, content: '病情稳定', method: '面谈' }));
    expect(p).toMatchObject({ householdId: h.sick, residentName: '孙一', village: '柳河村', method: '面谈' });
  });

  it('visit.add refuses bad input in Chinese and writes nothing', async () => {
    const h = await setup();
    const before = town.count('record');
    const e1 = await fails(call(town.t.ctx, 'visit.add', { date: '2026-11-20', staffId: town.staff.wang, content: '无对象' }));
    expect(e1.message).toContain('请选择走访的人员或住户');
    const e2 = await fails(call(town.t.ctx, 'visit.add', { householdId: h.plain, date: '2026-11-24', staffId: town.staff.wang, content: '未来' }));
    expect(e2.message).toContain('晚于今天');
    const e3 = await fails(call(town.t.ctx, 'visit.add', { householdId: h.plain, date: '2026-11-20', staffId: 9999, content: '无此人' }));
    expect(e3.message).toContain('找不到编号为 9999 的网格员');
    const e4 = await fails(call(town.t.ctx, 'visit.add', { householdId: h.plain, residentId: h.headKey, date: '2026-11-20', staffId: town.staff.wang, content: '错户' }));
    expect(e4.message).toContain('不是所选住户的成员');
    const e5 = await fails(call(town.t.ctx, 'visit.add', { householdId: h.plain, date: '2026-11-20', staffId: town.staff.wang, content: '' }));
    expect(e5.message).toContain('发现情况');
    const e6 = await fails(call(town.t.ctx, 'visit.add', { householdId: h.plain, date: '2026-13-01', staffId: town.staff.wang, content: '日期' }));
    expect(e6.code).toBe('VALIDATION');
    expect(town.count('record')).toBe(before);
  });

  it('visit.add refuses, for a village user, a worker from outside their villages', async () => {
    const h = await setup();
    // 东关社区's user: 王芳 serves 东关一网格, 李强 柳河一网格.
    const east = { ...town.t.ctx, caller: { userId: 'u-east', displayName: '东关社区', role: 'village' as const, villageScope: ['320121100001'] } };
    const before = town.count('record');
    const refused = await fails(call(east, 'visit.add', { householdId: h.plain, date: '2026-11-20', staffId: town.staff.li, content: '代他人登记' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('所选网格员不在您负责的村（社区）的网格中');
    // The refusal does not name the other village's worker.
    expect(refused.message).not.toContain('李强');
    expect(town.count('record')).toBe(before);
    // Their own worker is fine, and so is anyone for the town's own users.
    await ok(call(east, 'visit.add', { householdId: h.plain, date: '2026-11-20', staffId: town.staff.wang, content: '本村网格员' }));
    await ok(call(town.t.ctx, 'visit.add', { householdId: h.plain, date: '2026-11-21', staffId: town.staff.li, content: '镇里代登记' }));
    // A worker serving grids in both villages may be named by either.
    await ok(call(town.t.ctx, 'staff.update', { id: town.staff.li, name: '李强', role: '02', gridIds: [town.grids.willow, town.grids.east], phone: '13900000002' }));
    await ok(call(east, 'visit.add', { householdId: h.plain, date: '2026-11-22', staffId: town.staff.li, content: '两村都管' }));
    await ok(call(town.t.ctx, 'staff.update', { id: town.staff.li, name: '李强', role: '02', gridIds: [town.grids.willow], phone: '13900000002' }));
  });

  it('visit.list filters by worker, grid, village, month and class, newest first, with paging', async () => {
    const h = await setup();
    const add = (householdId: number, date: string, staffId: number) => ok(call(town.t.ctx, 'visit.add', { householdId, date, staffId, content: `${date} 走访` }));
    await add(h.plain, '2026-10-10', town.staff.wang);
    await add(h.key, '2026-11-02', town.staff.wang);
    await add(h.lonely, '2026-11-03', town.staff.wang);
    await add(h.sick, '2026-11-04', town.staff.li);
    const list = (f: Record<string, unknown>) => ok(call(town.t.ctx, 'visit.list', f));
    expect((await list({})).rows.map((r) => r.date)).toEqual(['2026-11-04', '2026-11-03', '2026-11-02', '2026-10-10']);
    expect((await list({ staffId: town.staff.li })).rows.map((r) => r.householdNumber)).toEqual(['H004']);
    expect((await list({ gridId: town.grids.east })).total).toBe(3);
    expect((await list({ villageId: town.villages.willow })).total).toBe(1);
    expect((await list({ month: '2026-10' })).rows.map((r) => r.householdNumber)).toEqual(['H001']);
    expect((await list({ householdClass: '重点户' })).rows.map((r) => r.householdNumber).sort()).toEqual(['H002', 'H003', 'H004']);
    expect((await list({ householdClass: '普通户' })).rows.map((r) => r.householdNumber)).toEqual(['H001']);
    const page = await list({ limit: 2, offset: 2 });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.date)).toEqual(['2026-11-02', '2026-10-10']);
    // A voided visit counts nowhere.
    const v = (await list({ staffId: town.staff.li })).rows[0]!;
    await ok(call(town.t.ctx, 'record.void', { id: v.id, reason: '录错' }));
    expect((await list({})).total).toBe(3);
  });

  it('visit.due lists households not visited in their period, with class and reasons, per worker and grid', async () => {
    const h = await setup();
    await ok(call(town.t.ctx, 'visit.add', { householdId: h.plain, date: '2026-10-10', staffId: town.staff.wang, content: '本季已访' }));
    await ok(call(town.t.ctx, 'visit.add', { householdId: h.key, date: '2026-10-31', staffId: town.staff.wang, content: '上月已访' }));
    const due = await ok(call(town.t.ctx, 'visit.due', { date: '2026-11-23' }));
    const byNumber = Object.fromEntries(due.items.map((i) => [i.number, i]));
    expect(Object.keys(byNumber).sort()).toEqual(['H002', 'H003', 'H004']);
    expect(byNumber.H002).toMatchObject({ cls: '重点户', reasons: ['安置帮教'], lastVisit: '2026-10-31', dueDate: '2026-11-30', state: '即将到期', staffIds: [town.staff.wang] });
    expect(byNumber.H003).toMatchObject({ reasons: ['独居老人'], lastVisit: null });
    expect(byNumber.H004!.reasons).toEqual(['严重精神障碍']);
    expect(due.counts).toEqual({ key: 3, general: 0, overdue: 0 });
    const li = await ok(call(town.t.ctx, 'visit.due', { date: '2026-11-23', staffId: town.staff.li }));
    expect(li.items.map((i) => i.number)).toEqual(['H004']);
    // On the quarter's last month the 普通户 not visited this quarter would be due; H001 was visited in October.
    const dec = await ok(call(town.t.ctx, 'visit.due', { date: '2026-12-01', householdClass: '普通户' }));
    expect(dec.items).toEqual([]);
    const jan = await ok(call(town.t.ctx, 'visit.due', { date: '2027-01-05', householdClass: '普通户' }));
    expect(jan.items.map((i) => [i.number, i.dueDate, i.state])).toEqual([['H001', '2027-03-31', '本期待访']]);
    // The cycle is a rule setting.
    await ok(call(town.t.ctx, 'rules.set', { changes: { 'householdVisitMonths.key': 3 } }));
    const quarterly = await ok(call(town.t.ctx, 'visit.due', { date: '2026-11-23', householdClass: '重点户' }));
    expect(quarterly.items.map((i) => i.number)).toEqual(['H003', 'H004']);
  });

  it('visit.householdClass and worker.get give a worker their grids, due households and month figures', async () => {
    const h = await setup();
    expect(await ok(call(town.t.ctx, 'visit.householdClass', { householdId: h.lonely, date: '2026-11-23' }))).toMatchObject({ cls: '重点户', reasons: ['独居老人'], visited: false, dueDate: '2026-11-30' });
    await ok(call(town.t.ctx, 'visit.add', { householdId: h.key, date: '2026-11-02', staffId: town.staff.wang, content: '正常' }));
    const page = await ok(call(town.t.ctx, 'worker.get', { staffId: town.staff.wang, date: '2026-11-23' }));
    expect(page.staff.name).toBe('王芳');
    expect(page.grids).toEqual([expect.objectContaining({ name: '东关一网格', households: 3, keyHouseholds: 2 })]);
    // 赵老's 重点户 by the month's end; 张一's 普通户, never visited, by the quarter's.
    expect(page.due.map((d) => [d.number, d.dueDate])).toEqual([['H003', '2026-11-30'], ['H001', '2026-12-31']]);
    expect(page.figures).toMatchObject({ households: 3, due: 2, visited: 1, keyDue: 2, keyVisited: 1, keyVisitRate: 50 });
    expect(page.recentVisits.map((v) => v.householdNumber)).toEqual(['H002']);
    expect((await fails(call(town.t.ctx, 'worker.get', { staffId: 777, date: '2026-11-23' }))).message).toContain('找不到编号为 777 的网格员');
    // A class follows the data at once: 张一 registered for 安置帮教 makes H001 a 重点户.
    expect((await ok(call(town.t.ctx, 'visit.householdClass', { householdId: h.plain, date: '2026-11-23' }))).cls).toBe('普通户');
    await releasedPerson(town, h.headPlain, { release: '2026-09-01', report: '2026-09-03' });
    expect(await ok(call(town.t.ctx, 'visit.householdClass', { householdId: h.plain, date: '2026-11-23' }))).toMatchObject({ cls: '重点户', reasons: ['安置帮教'] });
    expect((await ok(call(town.t.ctx, 'worker.get', { staffId: town.staff.wang, date: '2026-11-23' }))).grids[0]!.keyHouseholds).toBe(3);
  });

  it('visit.export writes the filtered list as xlsx', async () => {
    const h = await setup();
    await ok(call(town.t.ctx, 'visit.add', { householdId: h.key, date: '2026-11-02', staffId: town.staff.wang, content: '家中正常' }));
    await ok(call(town.t.ctx, 'visit.add', { householdId: h.sick, date: '2026-11-03', staffId: town.staff.li, content: '按时服药' }));
    const path = join(town.t.dir, 'visits.xlsx');
    const r = await ok(call(town.t.ctx, 'visit.export', { path, staffId: town.staff.li }));
    expect(r.rows).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toContain('按时服药');
    expect(text).not.toContain('家中正常');
  });

  it('CLI: visit add and visit list --worker --month --json', async () => {
    const h = await setup();
    const db = town.t.path;
    const added = await cli('visit', 'add', '--db', db, '--household', String(h.key), '--staff', String(town.staff.wang), '--date', '2026-11-20', '--content', '正常', '--today', '2026-11-23', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(added.json()).toMatchObject({ householdNumber: 'H002', staffName: '王芳' });
    const bad = await cli('visit', 'add', '--db', db, '--household', String(h.key), '--staff', String(town.staff.wang), '--date', '2026-11-30', '--content', '未来', '--today', '2026-11-23', '--json');
    expect(bad.code).not.toBe(0);
    const listed = await cli('visit', 'list', '--db', db, '--worker', String(town.staff.wang), '--month', '2026-11', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json()).toMatchObject({ total: 1, rows: [expect.objectContaining({ content: '正常' })] });
    const none = await cli('visit', 'list', '--db', db, '--month', '2026-10', '--json');
    expect(none.json().total).toBe(0);
  });
});
