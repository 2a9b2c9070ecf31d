import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { followUp, help, makeTown, ok, patientEntry, releasedPerson, review, type TestTown } from '../helpers/recordsTown';

let town: TestTown;
beforeEach(async () => {
  town = await makeTown();
});
afterEach(() => town.t.close());

const checks = () => ok(call(town.t.ctx, 'checks.list', {}));
const team = (id: number) => call(town.t.ctx, 'released.team', { id, members: [{ staffId: town.staff.wang, name: '王芳', role: '网格员' }] });

async function lowIncome(number: string, gridId: number | null, names: string[]) {
  const h = town.household(number, gridId);
  const members = names.map((n, i) => town.resident(n, { gridId, householdId: h, relation: i === 0 ? '02' : '20' }));
  const e = await ok(call(town.t.ctx, 'lowIncome.register', { householdId: h, confirmedOn: '2026-01-10', certificateNumber: number, area: '农村', class: 'B', memberIds: members, monthlyAmount: 300 }));
  return { id: e.id, members };
}

describe('checks.list', () => {
  it('is empty for a consistent town', async () => {
    const rel = await releasedPerson(town, town.resident('正常'), { release: '2026-01-01', report: '2026-01-03' });
    await ok(team(rel));
    await ok(call(town.t.ctx, 'record.add', help(rel, '2026-02-01')));
    const p = await patientEntry(town, town.resident('患者'), { registered: '2026-01-01', guardian: town.resident('监护人') });
    await ok(call(town.t.ctx, 'record.add', followUp(p, '2026-02-01')));
    const li = await lowIncome('H1', town.grids.east, ['户主', '妻子']);
    await ok(call(town.t.ctx, 'record.add', review(li.id, '2026-06-01', '不变')));
    expect(await checks()).toEqual([]);
  });

  it('finds ledger persons without a grid or in a closed grid', async () => {
    const a = town.resident('无网格', { gridId: null });
    const rel = await releasedPerson(town, a, { release: '2026-01-01', report: '2026-01-03' });
    await ok(team(rel));
    const b = town.resident('网格撤销', { gridId: town.grids.willow });
    const p = await patientEntry(town, b, { registered: '2026-01-01' });
    town.sql(`update grid set closed_on = '2026-10-01', close_reason = '合并' where id = ?`, town.grids.willow);
    const li = await lowIncome('H2', null, ['户主乙']);
    // A closed entry is not reported.
    const gone = await patientEntry(town, town.resident('已迁出', { gridId: null }), { registered: '2026-01-01' });
    await ok(call(town.t.ctx, 'patient.changeStatus', { id: gone, to: '迁出', date: '2026-05-01', reason: '迁走' }));

    const items = await checks();
    expect(items.map((i) => [i.kind, i.ledger, i.entryId, i.name])).toEqual([
      ['无网格', 'released', rel, '无网格'],
      ['无网格', 'patient', p, '网格撤销'],
      ['无网格', 'lowIncome', li.id, '户主乙'],
    ]);
    expect(items[0]!.message).toMatch(/^刑满释放人员无网格（320121\d{11}[\dX]）没有所属网格/);
    expect(items[1]!.message).toContain('所属网格「柳河一网格」已于 2026-10-01 撤销');
    expect(items[2]!.message).toContain('户号 H2');
  });

  it('finds 低保 households whose covered members left, patients whose guardian left, and empty 帮教小组', async () => {
    const partly = await lowIncome('H3', town.grids.east, ['户主丙', '儿子丙']);
    const all = await lowIncome('H4', town.grids.east, ['独居老人']);
    town.sql(`update resident set status = '迁出', left_on = '2026-08-01' where id = ?`, partly.members[1]);
    town.sql(`update resident set status = '死亡', left_on = '2026-09-09' where id = ?`, all.members[0]);
    const guardian = town.resident('监护人丁');
    const p = await patientEntry(town, town.resident('患者丁'), { registered: '2026-01-01', guardian });
    town.sql(`update resident set status = '死亡', left_on = '2026-10-10' where id = ?`, guardian);
    const lonely = await releasedPerson(town, town.resident('无小组'), { release: '2026-01-01', report: '2026-01-03' });
    // 待衔接: no team is expected yet.
    await releasedPerson(town, town.resident('待衔接'), { release: '2026-11-01', handover: null });

    const items = await checks();
    expect(items.map((i) => `${i.kind} ${i.name}`)).toEqual(['保障对象已离开 户主丙', '保障对象已离开 独居老人', '监护人已离开 患者丁', '帮教小组为空 无小组']);
    expect(items[0]!.message).toContain('儿子丙（2026-08-01 迁出）已离开，请复核保障人数');
    expect(items[1]!.message).toContain('已全部离开：独居老人（2026-09-09 死亡）');
    expect(items[1]!.message).toContain('请办理停保');
    expect(items[2]).toMatchObject({ ledger: 'patient', entryId: p });
    expect(items[2]!.message).toContain('监护人监护人丁已于 2026-10-10 死亡');
    expect(items[3]).toMatchObject({ ledger: 'released', entryId: lonely });
    await ok(team(lonely));
    expect((await checks()).map((i) => i.kind)).not.toContain('帮教小组为空');
  });

  it('finds dates out of order that are already stored', async () => {
    const a = town.resident('乱序甲');
    const rel = await releasedPerson(town, a, { release: '2026-03-01', report: '2026-03-05' });
    await ok(team(rel));
    const h = await ok(call(town.t.ctx, 'record.add', help(rel, '2026-03-10')));
    town.sql(`update released_person set reported_on = '2026-02-20', notice_received_on = '2026-02-10', handover_on = '2026-02-01' where id = ?`, rel);
    town.sql(`update record set date = '2026-02-25' where id = ?`, h.id);
    const p = await patientEntry(town, town.resident('乱序乙'), { registered: '2026-04-01' });
    const f = await ok(call(town.t.ctx, 'record.add', followUp(p, '2026-05-01')));
    town.sql(`update record set date = '2026-03-15' where id = ?`, f.id);
    town.sql(`update patient set first_onset_on = '2026-05-01' where id = ?`, p);
    const li = await lowIncome('H5', town.grids.east, ['乱序丙']);
    const rv = await ok(call(town.t.ctx, 'record.add', review(li.id, '2026-06-01', '不变')));
    town.sql(`update record set date = '2025-12-01' where id = ?`, rv.id);

    const messages = (await checks()).map((i) => `${i.kind}|${i.name}|${i.message}`);
    expect(messages).toHaveLength(6);
    expect(messages.every((m) => m.startsWith('日期顺序错误|'))).toBe(true);
    const text = messages.join('\n');
    expect(text).toContain('乱序甲（');
    expect(text).toContain('的报到日期（2026-02-20）早于释放日期（2026-03-01）');
    expect(text).toContain('的衔接日期（2026-02-01）早于通知书收到日期（2026-02-10）');
    expect(text).toContain('有 1 条帮教记录早于释放日期（2026-03-01），最早为 2026-02-25');
    expect(text).toContain('有 1 条随访记录早于建档日期（2026-04-01），最早为 2026-03-15');
    expect(text).toContain('的初次发病日期（2026-05-01）晚于建档日期（2026-04-01）');
    expect(text).toContain('低保户 乱序丙户（户号 H5）有 1 条复核记录早于确认日期（2026-01-10），最早为 2025-12-01');
  });
});
