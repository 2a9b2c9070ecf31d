import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { fails, followUp, makeTown, ok, patientEntry, releasedPerson, review, type TestTown } from '../helpers/recordsTown';

let town: TestTown;
afterEach(() => town.t.close());

const month = (m: string) => ok(call(town.t.ctx, 'indicators.month', { month: m }));

/**
 * A hand-made town for 2026-11 (today 2026-11-23):
 * 柳河村 — released: A (重点, 小组, 帮教记录 11-05, 安置), B (通知书 11-02, 衔接 11-05), C (脱管 10-01);
 *          patients: Pa (4 follow-ups ≤ 3 months apart, 稳定, 规律服药), Pb (危险性 4, 监护责任书, in hospital since the
 *          02-01 随访, 肇事肇祸 11-15); 低保: Ld (停发 11-15, 2 persons, 集中), Le (C 类, 复核 overdue since 03-01).
 * 东关社区 — released: D (重新犯罪 03-01), E (期满解除 11-10), F (待衔接, 报到 overdue); patients: Pc (registered 11-01, no
 *          follow-up), Pd (diagnosis 07, outside the six), Pe (死亡 06-01); 低保: La (城市, 增发 to 600 in October, 分散),
 *          Lb (城市 C, due 11-03, reviewed 11-05), Lc (农村, confirmed 11-08, 3 persons).
 * 石桥村 — no one: every count 0, every rate null.
 */
beforeEach(async () => {
  town = await makeTown('2026-11-23');
  const ctx = town.t.ctx;
  const { east, willow } = town.grids;
  const r = (name: string, gridId: number) => town.resident(name, { gridId });

  // ───── T1
  const A = await releasedPerson(town, r('甲', willow), { release: '2026-01-10', report: '2026-01-15', cls: 'key' });
  await ok(call(ctx, 'released.team', { id: A, members: [{ staffId: town.staff.li, name: '李强', role: '网格员' }] }));
  await ok(call(ctx, 'released.place', { id: A, code: '05', date: '2026-02-01' }));
  await ok(call(ctx, 'record.add', { kind: 'help', releasedPersonId: A, date: '2026-11-05', method: '家访', staffName: '李强', content: '走访' }));
  const B = (await ok(call(ctx, 'released.register', { residentId: r('乙', willow), noticeReceivedOn: '2026-11-02', releaseDate: '2026-11-10', prison: '监狱' }))).id;
  await ok(call(ctx, 'released.handover', { id: B, date: '2026-11-05', code: '03' }));
  const C = await releasedPerson(town, r('丙', willow), { release: '2025-06-01', report: '2025-06-03' });
  await ok(call(ctx, 'released.changeStatus', { id: C, to: '脱管', date: '2026-10-01', reason: '失联' }));
  const D = await releasedPerson(town, r('丁', east), { release: '2024-01-01', report: '2024-01-05' });
  await ok(call(ctx, 'released.reoffend', { id: D, date: '2026-03-01', crime: '盗窃罪' }));
  const E = await releasedPerson(town, r('戊', east), { release: '2021-11-01', report: '2021-11-03' });
  await ok(call(ctx, 'released.changeStatus', { id: E, to: '期满解除', date: '2026-11-10', reason: '帮教期满' }));
  await releasedPerson(town, r('己', east), { release: '2026-09-01', handover: null });

  // ───── T2
  const Pa = await patientEntry(town, r('患甲', willow), { registered: '2026-01-05', risk: 1 });
  for (const date of ['2026-03-01', '2026-05-25', '2026-08-20', '2026-11-10']) {
    await ok(call(ctx, 'record.add', followUp(Pa, date, { risk: 0, followUpClass: '3', medication: '1' })));
  }
  const guardian = r('监护人', willow);
  const Pb = await patientEntry(town, r('患乙', willow), { registered: '2025-06-01', risk: 4, guardian });
  await ok(call(ctx, 'patient.awardAgreement', { id: Pb, date: '2025-07-01' }));
  await ok(call(ctx, 'record.add', followUp(Pb, '2026-02-01', { risk: 4, followUpClass: '1', medication: '3', hospitalization: '1' })));
  await ok(call(ctx, 'patient.incident', { id: Pb, date: '2026-11-15', content: '砸坏邻居门窗' }));
  await patientEntry(town, r('患丙', east), { registered: '2026-11-01', risk: 0 });
  await patientEntry(town, r('患丁', east), { registered: '2025-01-01', diagnosis: '07', risk: 2 });
  const Pe = await patientEntry(town, r('患戊', east), { registered: '2025-03-01', risk: 2 });
  await ok(call(ctx, 'patient.changeStatus', { id: Pe, to: '死亡', date: '2026-06-01', reason: '病故' }));

  // ───── T3
  const lowIncome = async (gridId: number, number: string, persons: number, input: Record<string, unknown>) => {
    const h = town.household(number, gridId);
    const memberIds = Array.from({ length: persons }, (_, i) => town.resident(`${number}成员${i}`, { gridId, householdId: h, relation: i === 0 ? '02' : '20' }));
    return (await ok(call(ctx, 'lowIncome.register', { householdId: h, certificateNumber: number, memberIds, ...input }))).id;
  };
  const La = await lowIncome(east, 'La', 2, { confirmedOn: '2025-11-10', area: '城市', class: 'A', monthlyAmount: 500, extremePoverty: '分散' });
  await ok(call(ctx, 'record.add', review(La, '2026-10-12', '增发', { newAmount: 600 })));
  const Lb = await lowIncome(east, 'Lb', 1, { confirmedOn: '2026-05-03', area: '城市', class: 'C', monthlyAmount: 300 });
  await ok(call(ctx, 'record.add', review(Lb, '2026-11-05', '不变')));
  await lowIncome(east, 'Lc', 3, { confirmedOn: '2026-11-08', area: '农村', class: 'B', monthlyAmount: 400 });
  const Ld = await lowIncome(willow, 'Ld', 2, { confirmedOn: '2024-06-01', area: '农村', class: 'A', monthlyAmount: 350, extremePoverty: '集中' });
  await ok(call(ctx, 'record.add', review(Ld, '2026-11-15', '停发', { exitReason: '死亡' })));
  await lowIncome(willow, 'Le', 1, { confirmedOn: '2025-09-01', area: '农村', class: 'C', monthlyAmount: 200 });
});

describe('indicators.month', () => {
  it('gives T1 per village in code order, an empty village as zeros with null rates, and 合计 recomputed', async () => {
    const { t1 } = await month('2026-11');
    expect(t1.rows.map((r) => r.village)).toEqual(['东关社区', '柳河村', '石桥村']);
    const [east, willow, empty] = t1.rows;
    expect(willow).toEqual({
      village: '柳河村', registered: 3, key: 1, noticesThisMonth: 1, handedOverThisMonth: 1, handoverRate: 100, placed: 1, placementRate: 33.33,
      helped: 1, helpRate: 33.33, reoffendThisYear: 0, reoffendRate: 0, outOfContact: 1, releasedThisMonth: 0, reportOverdue: 0,
    });
    expect(east).toEqual({
      village: '东关社区', registered: 0, key: 0, noticesThisMonth: 0, handedOverThisMonth: 0, handoverRate: null, placed: 0, placementRate: null,
      helped: 0, helpRate: null, reoffendThisYear: 1, reoffendRate: null, outOfContact: 0, releasedThisMonth: 1, reportOverdue: 1,
    });
    expect(empty).toMatchObject({ registered: 0, handoverRate: null, placementRate: null, helpRate: null, reoffendRate: null });
    // 合计: rates from the summed counts — 1 reoffender over 3 on the register, never an average of the village rates.
    expect(t1.total).toMatchObject({ village: '合计', registered: 3, reoffendThisYear: 1, reoffendRate: 33.33, handoverRate: 100, releasedThisMonth: 1, reportOverdue: 1 });
  });

  it('gives T2 with the six diagnoses only, 居家 and 以奖代补', async () => {
    const { t2 } = await month('2026-11');
    const [east, willow, empty] = t2.rows;
    expect(willow).toEqual({
      village: '柳河村', registered: 2, managedThisYear: 2, managementRate: 100, standardManaged: 1, standardRate: 50, medicated: 2, medicationRate: 100,
      regularMedicated: 1, regularMedicationRate: 50, atHome: 1, stable: 1, stableRate: 100, risk: [1, 0, 0, 0, 1, 0], awardEligible: 1, awardSigned: 1,
      incidentsThisMonth: 1,
    });
    expect(east).toMatchObject({ registered: 1, managedThisYear: 0, managementRate: 0, atHome: 0, stableRate: null, risk: [1, 0, 0, 0, 0, 0] });
    expect(empty).toMatchObject({ registered: 0, managementRate: null, stableRate: null, risk: [0, 0, 0, 0, 0, 0] });
    expect(t2.total).toMatchObject({
      registered: 3, managedThisYear: 2, managementRate: 66.67, standardRate: 33.33, medicationRate: 66.67, stableRate: 100, risk: [2, 0, 0, 0, 1, 0], incidentsThisMonth: 1,
    });
  });

  it('gives T3 with amounts, new and stopped households, and 复核 due/done', async () => {
    const { t3 } = await month('2026-11');
    const [east, willow, empty] = t3.rows;
    expect(east).toEqual({
      village: '东关社区', urbanHouseholds: 2, urbanPersons: 3, urbanAmount: 900, ruralHouseholds: 1, ruralPersons: 3, ruralAmount: 0, newHouseholds: 1,
      newPersons: 3, stoppedHouseholds: 0, stoppedPersons: 0, increasedHouseholds: 0, decreasedHouseholds: 0, extremeConcentrated: 0, extremeDispersed: 2,
      reviewDue: 1, reviewed: 1, totalHouseholds: 3, totalPersons: 6, totalAmount: 900,
    });
    expect(willow).toMatchObject({ ruralHouseholds: 1, ruralPersons: 1, ruralAmount: 200, stoppedHouseholds: 1, stoppedPersons: 2, extremeConcentrated: 0, reviewDue: 2, reviewed: 1 });
    expect(empty).toMatchObject({ totalHouseholds: 0, totalAmount: 0 });
    expect(t3.total).toMatchObject({ village: '合计', totalHouseholds: 4, totalPersons: 7, totalAmount: 1100, reviewDue: 3, reviewed: 2, stoppedPersons: 2 });
    expect((await month('2026-10')).t3.rows[0]).toMatchObject({ increasedHouseholds: 1 });
  });

  it('adds a 未划分网格 row only when someone has no village, and refuses a bad month', async () => {
    expect((await month('2026-11')).t2.rows.map((r) => r.village)).not.toContain('未划分网格');
    await patientEntry(town, town.resident('无网格', { gridId: null }), { registered: '2026-11-02' });
    const { t1, t2 } = await month('2026-11');
    expect(t2.rows.map((r) => r.village)).toEqual(['东关社区', '柳河村', '石桥村', '未划分网格']);
    expect(t2.rows[3]).toMatchObject({ registered: 1 });
    expect(t2.total.registered).toBe(4);
    expect(t1.rows[3]).toMatchObject({ village: '未划分网格', registered: 0, helpRate: null });
    expect((await fails(call(town.t.ctx, 'indicators.month', { month: '2026-13' }))).message).toContain('YYYY-MM');
  });
});
