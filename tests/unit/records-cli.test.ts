import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { makeTown, type TestTown } from '../helpers/recordsTown';

let town: TestTown;
let db: string;
beforeEach(async () => {
  town = await makeTown();
  db = town.t.path;
});
afterEach(() => town.t.close());

const ledger = (channel: string, input: unknown, ...rest: string[]) => cli('ledger', channel, '--db', db, '--input', JSON.stringify(input), '--json', ...rest);

describe('cli ledger', () => {
  it('calls any channel with the UI’s validation and a pinned today, printing one JSON object', async () => {
    const resident = town.resident('张三', { gridId: town.grids.willow });
    const reg = await ledger('released.register', { residentId: resident, releaseDate: '2026-10-01', handoverOn: '2026-10-01', handoverCode: '人员自返' }, '--today', '2026-11-23');
    expect(reg.code).toBe(0);
    const entry = reg.json();
    expect(entry).toMatchObject({ residentId: resident, status: '在册帮教', handoverCode: '06' });
    expect(reg.stdout.trim().split('\n')).toHaveLength(1);

    const rec = await ledger('record.add', { kind: 'help', releasedPersonId: entry.id, date: '2026-11-10', method: '面谈', staffName: '李强', content: '谈话' }, '--today', '2026-11-23');
    expect(rec.code).toBe(0);
    expect(rec.json()).toMatchObject({ kind: 'help', date: '2026-11-10', nextDue: { kind: '报到逾期', dueDate: '2026-10-31' } });

    // --today pins the day the services compare with: the same record is "in the future" on 2026-11-01.
    const early = await ledger('record.add', { kind: 'help', releasedPersonId: entry.id, date: '2026-11-10', method: '面谈', staffName: '李强', content: '谈话' }, '--today', '2026-11-01');
    expect(early.code).toBe(1);
    expect(early.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(early.json().error.message).toContain('晚于今天（2026-11-01）');
    const invalid = await ledger('record.add', { kind: 'help', releasedPersonId: entry.id, date: '2026-11-10', method: '飞鸽传书', staffName: '李强', content: 'x' });
    expect(invalid.code).toBe(1);
    expect(invalid.json().error.message).toContain('记录方式「飞鸽传书」不在代码表中');
    expect((await ledger('record.list', { ledger: 'released' })).json()).toHaveLength(1);

    // The short forms: `ledger add patient` registers, `ledger record` adds a record.
    const other = town.resident('王五', { gridId: town.grids.willow });
    const add = await cli('ledger', 'add', 'patient', '--db', db, '--input', JSON.stringify({ residentId: other, registeredOn: '2026-11-01', diagnosis: '01', risk: 3, guardianName: '王父' }), '--json');
    expect(add.code).toBe(0);
    expect(add.json()).toMatchObject({ residentId: other, status: '在管', awardEligible: true });
    const follow = await cli('ledger', 'record', '--db', db, '--today', '2026-11-23', '--json', '--input',
      JSON.stringify({ kind: 'followUp', patientId: add.json().id, date: '2026-11-20', method: '家访', staffName: '赵医生', risk: 1, medication: '1', followUpClass: '2', hospitalization: '0' }));
    expect(follow.code).toBe(0);
    expect(follow.json()).toMatchObject({ kind: 'followUp', risk: 1, nextFollowUpOn: '2026-12-04' });
    expect((await cli('ledger', 'add', 'nobody', '--db', db)).stderr).toContain('released、patient 或 lowIncome');
  });

  it('refuses bad arguments with exit 2 and a Chinese usage message', async () => {
    const unknown = await ledger('released.fly', {});
    expect(unknown.code).toBe(2);
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(unknown.stderr).toContain('未知的操作名「released.fly」');
    expect(unknown.stderr).toContain('用法');
    const badJson = await cli('ledger', 'record.list', '--db', db, '--input', '{kind:', '--json');
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain('--input 不是有效的 JSON');
    expect((await cli('ledger', '--db', db)).code).toBe(2);
    expect((await cli('ledger', 'record.list', '--input', '{}')).stderr).toContain('--db');
    expect((await ledger('record.list', {}, '--today', '2026-02-30')).code).toBe(2);
  });
});

describe('cli due, indicators, checks', () => {
  beforeEach(async () => {
    const late = town.resident('钱二', { gridId: town.grids.willow });
    await ledger('released.register', { residentId: late, releaseDate: '2026-10-01', handoverOn: '2026-10-01', handoverCode: '06' }, '--today', '2026-11-23');
    const patient = town.resident('李四', { gridId: town.grids.east });
    await ledger('patient.register', { residentId: patient, registeredOn: '2026-11-09', diagnosis: '01', risk: 0, guardianName: '李父' }, '--today', '2026-11-23');
  });

  it('due prints the list for a date with the fields scripts need', async () => {
    const r = await cli('due', '--db', db, '--date', '2026-11-23', '--json');
    expect(r.code).toBe(0);
    const { items } = r.json();
    expect(items.map((i: { kind: string; name: string; daysLate: number }) => [i.kind, i.name, i.daysLate])).toEqual([
      ['报到逾期', '钱二', 23],
      ['随访', '李四', 0],
    ]);
    expect(items[0]).toMatchObject({ personId: expect.any(Number), idNumber: expect.stringMatching(/^320121/), village: '柳河村', grid: '柳河一网格', dueDate: '2026-10-31' });
    const filtered = await cli('due', '--db', db, '--date', '2026-11-23', '--kind', '随访', '--village', String(town.villages.east), '--json');
    expect(filtered.json().items.map((i: { name: string }) => i.name)).toEqual(['李四']);
    expect((await cli('due', '--db', db, '--today', '2026-11-23', '--json')).json().date).toBe('2026-11-23');
    const human = await cli('due', '--db', db, '--date', '2026-11-23');
    expect(human.stdout).toContain('逾期23天');
    const bad = await cli('due', '--db', db, '--kind', '吃饭', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind 应为');
    expect((await cli('due', '--db', db, '--date', '2026-13-01')).code).toBe(2);
    expect((await cli('due', '--db', db, '--village', 'abc')).code).toBe(2);
  });

  it('indicators prints T1–T3 per village and in total; checks prints the problems', async () => {
    const r = await cli('indicators', '--db', db, '--month', '2026-11', '--json');
    expect(r.code).toBe(0);
    const m = r.json();
    expect(m.t1.rows.map((x: { village: string }) => x.village)).toEqual(['东关社区', '柳河村', '石桥村']);
    expect(m.t1.total).toMatchObject({ village: '合计', registered: 1, reportOverdue: 1, placementRate: 0 });
    expect(m.t2.total).toMatchObject({ registered: 1, managementRate: 0 });
    expect(m.t3.total.totalHouseholds).toBe(0);
    expect((await cli('indicators', '--db', db, '--month', '2026-11')).stdout).toContain('合计');
    expect((await cli('indicators', '--db', db, '--month', '2026/11')).code).toBe(2);
    expect((await cli('indicators', '--db', db)).code).toBe(2);

    const c = await cli('checks', '--db', db, '--json');
    expect(c.code).toBe(0);
    expect(c.json().items.map((i: { kind: string; name: string }) => `${i.kind} ${i.name}`)).toEqual(['帮教小组为空 钱二']);
    expect((await cli('checks', '--db', db)).stdout).toContain('【帮教小组为空】');
  });
});

describe('cli correct and void', () => {
  it('corrects a record’s date and voids it, with the reason; refuses a missing reason with exit 2', async () => {
    const resident = town.resident('张三', { gridId: town.grids.willow });
    const entry = (await ledger('released.register', { residentId: resident, releaseDate: '2026-10-01', handoverOn: '2026-10-01', handoverCode: '06' })).json();
    const rec = (await ledger('record.add', { kind: 'help', releasedPersonId: entry.id, date: '2026-11-10', method: '面谈', staffName: '李强', content: '谈话' }, '--today', '2026-11-23')).json();
    const fixed = await cli('correct', 'record', String(rec.id), '--db', db, '--reason', '日期录错', '--date', '2026-11-12', '--today', '2026-11-23', '--json');
    expect(fixed.code).toBe(0);
    expect(fixed.json()).toMatchObject({ id: rec.id, date: '2026-11-12', content: '谈话' });
    const voided = await cli('void', 'record', String(rec.id), '--db', db, '--reason', '重复', '--today', '2026-11-23', '--json');
    expect(voided.json()).toMatchObject({ voidedOn: '2026-11-23', voidReason: '重复' });
    const step = await cli('void', 'released', String(entry.id), '--db', db, '--reason', '登记错人', '--json');
    expect(step.code).toBe(0);
    const noReason = await cli('void', 'record', String(rec.id), '--db', db, '--json');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    expect((await cli('void', 'household', '1', '--db', db, '--reason', '错')).code).toBe(2);
    const again = await cli('void', 'record', String(rec.id), '--db', db, '--reason', '再', '--json');
    expect(again.code).toBe(1);
    expect(again.json().error.code).toBe('CONFLICT');
  });

  it('corrects and voids a 监护责任书 and a 低保 exit with --step; refuses a step the ledger does not have', async () => {
    const who = town.resident('李患者', { gridId: town.grids.willow });
    const p = (await ledger('patient.register', { residentId: who, registeredOn: '2026-01-10', diagnosis: '01', risk: 3, guardianName: '李父', guardianPhone: '13800000000' })).json();
    await ledger('patient.awardAgreement', { id: p.id, date: '2026-02-01' }, '--today', '2026-11-23');
    const fixed = await cli('correct', 'patient', String(p.id), '--step', 'awardAgreement', '--date', '2026-02-03', '--reason', '日期录错', '--db', db, '--today', '2026-11-23', '--json');
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.json().awardAgreementSignedOn).toBe('2026-02-03');
    const voided = await cli('void', 'patient', String(p.id), '--step', 'awardAgreement', '--reason', '未签订', '--db', db, '--today', '2026-11-23', '--json');
    expect(voided.json().awardAgreementSignedOn).toBeNull();

    const h = town.household('C1', town.grids.willow);
    const head = town.resident('低保户主', { gridId: town.grids.willow, householdId: h, relation: '02' });
    const li = (await ledger('lowIncome.register', { householdId: h, memberIds: [head], confirmedOn: '2025-11-10', area: '城市', class: 'A', monthlyAmount: 500 })).json();
    await ledger('lowIncome.exit', { id: li.id, date: '2026-10-05', reason: '01', note: '' }, '--today', '2026-11-23');
    const moved = await cli('correct', 'lowIncome', String(li.id), '--step', 'exit', '--date', '2026-10-08', '--code', '05', '--note', '书面申请', '--reason', '以申请为准', '--db', db, '--today', '2026-11-23', '--json');
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.json()).toMatchObject({ exitOn: '2026-10-08', exitReason: '05', exitNote: '书面申请' });
    const back = await cli('void', 'lowIncome', String(li.id), '--step', 'exit', '--reason', '误办', '--db', db, '--today', '2026-11-23', '--json');
    expect(back.json()).toMatchObject({ status: '在保', exitOn: null });

    const wrong = await cli('void', 'lowIncome', String(li.id), '--step', 'report', '--reason', '错', '--db', db, '--json');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toContain('--step exit');
  });
});
