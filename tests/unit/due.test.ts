import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { fails, followUp, makeTown, ok, patientEntry, releasedPerson, type TestTown } from '../helpers/recordsTown';

let town: TestTown;
const ids: Record<string, number> = {};
const D = '2026-11-23';

/**
 * One item of every kind around D = 2026-11-23:
 *   P2 随访 2026-10-30 (24 late) · R2 报到逾期 2026-10-31 (23) · R1 待登记衔接 2026-11-17 (6) · P1 随访 2026-11-23 (today)
 *   L1 低保复核 2026-11-25 (−2) · R3 首次走访 2026-11-27 (−4) · P3 以奖代补年审 2026-11-30 (−7, the last day of the window);
 *   R3 分类复评 2026-12-01 (−8) is outside the window; R4 (released 2021-11-20, 一般) 帮教走访 2026-11-01 (22),
 *   期满待解除 2026-11-20 (3), 分类复评 2026-11-21 (2).
 */
beforeEach(async () => {
  town = await makeTown(D);
  const ctx = town.t.ctx;
  const { east, willow } = town.grids;
  ids.r1 = town.resident('赵一', { gridId: east });
  ids.R1 = (
    await ok(call(ctx, 'released.register', { residentId: ids.r1, noticeReceivedOn: '2026-11-10', releaseDate: '2026-12-05', prison: '苏州监狱', sentence: '2年' }))
  ).id;
  ids.r2 = town.resident('钱二', { gridId: willow });
  ids.R2 = await releasedPerson(town, ids.r2, { release: '2026-10-01' });
  ids.r3 = town.resident('孙三', { gridId: willow });
  ids.R3 = await releasedPerson(town, ids.r3, { release: '2026-06-01', report: '2026-11-20' });
  ids.r4 = town.resident('冯八', { gridId: east });
  ids.R4 = await releasedPerson(town, ids.r4, { release: '2021-11-20', report: '2021-11-25' });
  await ok(call(ctx, 'record.add', { kind: 'help', releasedPersonId: ids.R4, date: '2026-08-01', method: '家访', staffName: '王芳', content: '走访' }));
  await ok(call(ctx, 'released.assess', { id: ids.R4, date: '2026-05-21', class: '一般', reason: '半年复评' }));
  ids.p1 = town.resident('李四', { gridId: east });
  ids.P1 = await patientEntry(town, ids.p1, { registered: '2026-11-09' });
  ids.p2 = town.resident('周五', { gridId: willow });
  ids.P2 = await patientEntry(town, ids.p2, { registered: '2026-10-01' });
  await ok(call(ctx, 'record.add', followUp(ids.P2, '2026-10-16', { followUpClass: '基本稳定' })));
  await ok(call(ctx, 'patient.team', { id: ids.P2, members: [{ staffId: town.staff.wang, name: '王芳', role: '网格员' }] }));
  ids.p3 = town.resident('吴六', { gridId: willow });
  ids.guardian = town.resident('吴父', { gridId: willow });
  ids.P3 = await patientEntry(town, ids.p3, { registered: '2025-01-01', risk: 3, guardian: ids.guardian });
  await ok(call(ctx, 'patient.awardAgreement', { id: ids.P3, date: '2025-11-30' }));
  await ok(call(ctx, 'record.add', followUp(ids.P3, '2026-11-20', { risk: 3, followUpClass: '1' })));
  const h = town.household('H1', east);
  ids.l1 = town.resident('郑七', { gridId: east, householdId: h, relation: '02' });
  ids.L1 = (await ok(call(ctx, 'lowIncome.register', { householdId: h, confirmedOn: '2025-11-25', certificateNumber: 'D1', area: '城市', class: 'A', memberIds: [ids.l1], monthlyAmount: 300 })))
    .id;
});
afterEach(() => town.t.close());

const list = (filter: Record<string, unknown> = {}) => ok(call(town.t.ctx, 'due.list', { date: D, ...filter }));
const brief = (items: { kind: string; name: string; daysLate: number }[]) => items.map((i) => `${i.kind} ${i.name} ${i.daysLate}`);

describe('due.list', () => {
  it('lists every kind due on the date, most late first, with state, days late and the person’s place', async () => {
    const { items, counts } = await list();
    expect(brief(items)).toEqual([
      '随访 周五 24',
      '报到逾期 钱二 23',
      '帮教走访 冯八 22',
      '待登记衔接 赵一 6',
      '期满待解除 冯八 3',
      '分类复评 冯八 2',
      '随访 李四 0',
      '低保复核 郑七 -2',
      '首次走访 孙三 -4',
      '以奖代补年审 吴六 -7',
      // H1 is a 重点户 (低保) not visited in November (issue 12).
      '住户走访 户号 H1 -7',
    ]);
    expect(items.map((i) => i.state)).toEqual(['逾期', '逾期', '逾期', '逾期', '逾期', '逾期', '今日到期', '即将到期', '即将到期', '即将到期', '即将到期']);
    expect(new Set(items.map((i) => i.kind)).size).toBe(10); // every kind
    expect(items.filter((i) => i.name === '孙三').map((i) => i.kind)).toEqual(['首次走访']); // R3's 分类复评 is D + 8
    expect(items[1]).toMatchObject({
      ledger: 'released', entryId: ids.R2, personId: ids.r2, name: '钱二', village: '柳河村', grid: '柳河一网格', dueDate: '2026-10-31', staffIds: [town.staff.li],
    });
    expect(items[1]!.idNumber).toMatch(/^320121\d{11}[\dX]$/);
    expect(items.find((i) => i.kind === '低保复核')).toMatchObject({ ledger: 'lowIncome', entryId: ids.L1, personId: ids.l1, village: '东关社区', householdId: expect.any(Number) });
    // The team member (王芳) and the grid's staff (李强) both see P2's item.
    expect(items[0]!.staffIds).toEqual([town.staff.wang, town.staff.li].sort((a, b) => a - b));
    expect(counts['随访']).toEqual({ overdue: 1, today: 1, upcoming: 0 });
    expect(counts['报到逾期']).toEqual({ overdue: 1, today: 0, upcoming: 0 });
    expect(counts['以奖代补年审']).toEqual({ overdue: 0, today: 0, upcoming: 1 });
    expect(counts['期满待解除']).toEqual({ overdue: 1, today: 0, upcoming: 0 });
    expect(counts['帮教走访']).toEqual({ overdue: 1, today: 0, upcoming: 0 });
  });

  it('filters by village, grid, kind and staff; counts follow the place filters but not the kind', async () => {
    expect(brief((await list({ villageId: town.villages.east })).items)).toEqual([
      '帮教走访 冯八 22', '待登记衔接 赵一 6', '期满待解除 冯八 3', '分类复评 冯八 2', '随访 李四 0', '低保复核 郑七 -2', '住户走访 户号 H1 -7',
    ]);
    expect((await list({ villageId: town.villages.empty })).items).toEqual([]);
    expect(brief((await list({ gridId: town.grids.willow })).items)).toEqual(['随访 周五 24', '报到逾期 钱二 23', '首次走访 孙三 -4', '以奖代补年审 吴六 -7']);
    const followUps = await list({ kind: '随访' });
    expect(brief(followUps.items)).toEqual(['随访 周五 24', '随访 李四 0']);
    expect(followUps.counts['报到逾期']!.overdue).toBe(1);
    const wang = await list({ staffId: town.staff.wang });
    expect(brief(wang.items)).toEqual(['随访 周五 24', '帮教走访 冯八 22', '待登记衔接 赵一 6', '期满待解除 冯八 3', '分类复评 冯八 2', '随访 李四 0', '低保复核 郑七 -2', '住户走访 户号 H1 -7']);
    expect(wang.counts['报到逾期']!.overdue).toBe(0);
    expect((await fails(call(town.t.ctx, 'due.list', { date: '2026-02-30' }))).message).toContain('日期');
    expect((await fails(call(town.t.ctx, 'due.list', { date: D, kind: '吃饭' }))).code).toBe('VALIDATION');
  });

  it('works for any date: states move with D, and the window follows the setting', async () => {
    const later = await list({ date: '2026-11-30' });
    expect(later.items.find((i) => i.kind === '以奖代补年审')).toMatchObject({ state: '今日到期', daysLate: 0 });
    expect(later.items.find((i) => i.kind === '分类复评' && i.name === '孙三')).toMatchObject({ state: '即将到期', daysLate: -1 });
    expect(later.items.find((i) => i.kind === '首次走访')).toMatchObject({ state: '逾期', daysLate: 3 });
    const earlier = await list({ date: '2026-10-25' });
    expect(brief(earlier.items)).toEqual(['随访 周五 -5', '报到逾期 钱二 -6', '住户走访 户号 H1 -6', '帮教走访 冯八 -7']);
    await ok(call(town.t.ctx, 'rules.set', { changes: { upcomingDays: 0 } }));
    expect((await list()).items.map((i) => i.state)).not.toContain('即将到期');
  });

  it('drops an item once the record that clears it is entered', async () => {
    await ok(call(town.t.ctx, 'record.add', { kind: 'help', releasedPersonId: ids.R3, date: '2026-11-22', method: '家访', staffName: '李强', content: '首次走访' }));
    expect((await list()).items.map((i) => i.kind)).not.toContain('首次走访');
  });
});

describe('due.export', () => {
  it('writes the list as an xlsx in the same order', async () => {
    const path = join(town.t.dir, '待办.xlsx');
    const r = await ok(call(town.t.ctx, 'due.export', { date: D, path }));
    expect(r).toEqual({ path, rows: 11 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('待办事项')!;
    expect(ws.getCell('A1').value).toBe('城关镇重点人群待办事项清单');
    expect(String(ws.getCell('A2').value)).toContain('2026年11月23日');
    expect(ws.getRow(4).values).toEqual(expect.arrayContaining(['随访', '逾期', '2026-10-30', 24, '周五', '柳河村']));
    expect(ws.getCell('H4').value).toMatch(/^320121/);
    expect(ws.getRow(13).values).toEqual(expect.arrayContaining(['以奖代补年审', '即将到期', 0]));
  });
});
