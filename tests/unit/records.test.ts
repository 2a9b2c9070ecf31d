import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { dueList } from '../../electron/core/records/due';
import { releasedDues } from '../../electron/core/ledgers/released/dues';
import { patientDues } from '../../electron/core/ledgers/patient/dues';
import { lowIncomeDues } from '../../electron/core/ledgers/lowIncome/dues';
import { fails, followUp, help, makeTown, ok, patientEntry, releasedPerson, review, type TestTown } from '../helpers/recordsTown';

let town: TestTown;
beforeEach(async () => {
  town = await makeTown();
});
afterEach(() => town.t.close());

const ctx = () => town.t.ctx;

describe('帮教记录', () => {
  it('clears 首次走访 and moves 帮教走访 by the class cycle', async () => {
    const a = town.resident('张三', { gridId: town.grids.willow });
    const keyPerson = await releasedPerson(town, a, { release: '2026-06-01', report: '2026-06-05', cls: 'key' });
    const b = town.resident('钱五', { gridId: town.grids.willow });
    const loosePerson = await releasedPerson(town, b, { release: '2026-06-01', report: '2026-06-05', cls: 'loose' });
    expect(releasedDues(ctx(), { entryIds: [keyPerson] }).map((d) => [d.kind, d.dueDate])).toContainEqual(['首次走访', '2026-06-12']);

    const r = await ok(call(ctx(), 'record.add', help(keyPerson, '2026-11-10', { staffId: town.staff.li, staffName: '' })));
    expect(r).toMatchObject({ kind: 'help', ledger: 'released', entryId: keyPerson, residentId: a, staffId: town.staff.li, staffName: '李强', date: '2026-11-10' });
    const after = releasedDues(ctx(), { entryIds: [keyPerson] });
    expect(after.map((d) => d.kind)).not.toContain('首次走访');
    expect(after.find((d) => d.kind === '帮教走访')?.dueDate).toBe('2026-12-10'); // 重点: every month
    // The next item of the entry is the earliest one: 分类复评 six months after the 衔接.
    expect(r.nextDue).toEqual({ kind: '分类复评', dueDate: '2026-12-01' });

    await ok(call(ctx(), 'record.add', help(loosePerson, '2026-11-10')));
    expect(releasedDues(ctx(), { entryIds: [loosePerson] }).find((d) => d.kind === '帮教走访')?.dueDate).toBe('2027-05-10'); // 宽松: 6 months
  });

  it('refuses a closed entry, a date before the release, a future date, unknown or missing staff — and writes nothing', async () => {
    const a = town.resident('张三');
    const id = await releasedPerson(town, a, { release: '2026-06-01', report: '2026-06-05' });
    const before = town.count('record');
    expect((await fails(call(ctx(), 'record.add', help(id, '2026-11-24')))).message).toContain('晚于今天');
    const early = await fails(call(ctx(), 'record.add', help(id, '2026-05-31')));
    expect(early.message).toContain('早于张三的释放日期（2026-06-01）');
    expect((await fails(call(ctx(), 'record.add', help(id, '2026-11-01', { staffId: 999 })))).message).toContain('找不到编号为 999 的网格员');
    expect((await fails(call(ctx(), 'record.add', help(id, '2026-11-01', { staffName: '' })))).message).toContain('请选择经办人或填写经办人姓名');
    expect((await fails(call(ctx(), 'record.add', help(id, '2026-11-01', { content: '' })))).message).toContain('帮教内容');
    expect((await fails(call(ctx(), 'record.add', help(9999, '2026-11-01')))).code).toBe('NOT_FOUND');
    await ok(call(ctx(), 'released.changeStatus', { id, to: '死亡', date: '2026-10-01', reason: '病故' }));
    const closed = await fails(call(ctx(), 'record.add', help(id, '2026-11-01')));
    expect(closed.code).toBe('CONFLICT');
    expect(closed.message).toContain('2026-10-01「死亡」');
    expect(town.count('record')).toBe(before);
  });
});

describe('the today list between asks (kept while nothing changed)', () => {
  it('follows a write through dispatch, a commit by another connection and a rolled-back transaction', async () => {
    const a = town.resident('孙七', { gridId: town.grids.willow });
    const entry = await releasedPerson(town, a, { release: '2026-11-01', report: '2026-11-05', cls: 'key' });
    const kinds = async () => (await ok(call(ctx(), 'due.list', { date: '2026-11-23' }))).items.filter((i) => i.entryId === entry && i.ledger === 'released').map((i) => i.kind).sort();
    // The core's own call too: through dispatch, due.list records the view (an audit write of its own).
    const direct = () => dueList(ctx(), { date: '2026-11-23' }).items.filter((i) => i.entryId === entry && i.ledger === 'released').map((i) => i.kind).sort();
    const before = await kinds();
    expect(before).toContain('首次走访');
    expect(await kinds()).toEqual(before);
    expect(direct()).toEqual(before);
    // Kept: the same items again, even after due.list recorded its view in the audit log (that changes no due date).
    const first = dueList(ctx(), { date: '2026-11-23' }).items[0];
    await ok(call(ctx(), 'due.list', { date: '2026-11-23' }));
    expect(dueList(ctx(), { date: '2026-11-23' }).items[0]).toBe(first);

    // Another connection (a second window, the job worker, the CLI) commits: the list follows, both ways.
    const other = new Database(town.t.path);
    other.prepare('update released_person set voided_on = ? where id = ?').run('2026-11-22', entry);
    expect(direct()).toEqual([]);
    other.prepare('update released_person set voided_on = null where id = ?').run(entry);
    other.close();
    expect(direct()).toEqual(before);

    // A transaction that is rolled back: what it saw inside is not what stays.
    const db = ctx().ledger.sqlite;
    expect(() =>
      db.transaction(() => {
        db.prepare('update released_person set voided_on = ? where id = ?').run('2026-11-22', entry);
        expect(dueList(ctx(), { date: '2026-11-23' }).items.some((i) => i.entryId === entry && i.ledger === 'released')).toBe(false);
        throw new Error('undo');
      })(),
    ).toThrow('undo');
    expect(direct()).toEqual(before);

    // This connection writes: the visit clears 首次走访.
    await ok(call(ctx(), 'record.add', help(entry, '2026-11-20')));
    expect(await kinds()).not.toContain('首次走访');
  });
});

describe('随访记录', () => {
  it('updates the patient’s 危险性 when newest, defaults the next date from the rule, and moves the 随访 due', async () => {
    const p = await patientEntry(town, town.resident('孙六'), { registered: '2026-10-01', risk: 1 });
    expect(patientDues(ctx(), { entryIds: [p] })[0]).toMatchObject({ kind: '随访', dueDate: '2026-10-15' });

    const r = await ok(call(ctx(), 'record.add', followUp(p, '2026-11-20', { risk: 3, followUpClass: '不稳定', medication: '规律服药' })));
    expect(r).toMatchObject({ kind: 'followUp', ledger: 'patient', risk: 3, followUpClass: '1', medication: '1', nextFollowUpOn: '2026-12-04' });
    expect(r.nextDue).toEqual({ kind: '随访', dueDate: '2026-12-04' });
    let detail = await ok(call(ctx(), 'patient.get', { id: p }));
    expect(detail).toMatchObject({ risk: 3, riskAssessedOn: '2026-11-20', awardEligible: true });

    // A follow-up entered late for an earlier date does not overwrite the newer assessment.
    await ok(call(ctx(), 'record.add', followUp(p, '2026-11-01', { risk: 0, followUpClass: '2' })));
    detail = await ok(call(ctx(), 'patient.get', { id: p }));
    expect(detail).toMatchObject({ risk: 3, riskAssessedOn: '2026-11-20' });

    // 未访到 assessed nothing: no 危险性 stored, the patient keeps 3; the next 随访 within 14 days.
    const missed = await ok(call(ctx(), 'record.add', followUp(p, '2026-11-22', { risk: 5, followUpClass: '未访到' })));
    expect(missed).toMatchObject({ risk: null, nextFollowUpOn: '2026-12-06' });
    expect((await ok(call(ctx(), 'patient.get', { id: p }))).risk).toBe(3);
    expect(patientDues(ctx(), { entryIds: [p] }).find((d) => d.kind === '随访')?.dueDate).toBe('2026-12-06');
  });

  it('accepts an earlier next date, refuses a later one than the rule allows, and suggests the date', async () => {
    const p = await patientEntry(town, town.resident('孙六'), { registered: '2026-10-01' });
    const late = await fails(call(ctx(), 'record.add', followUp(p, '2026-11-20', { nextFollowUpOn: '2027-02-21' })));
    expect(late.message).toContain('晚于规则允许的最晚日期（2027-02-20）');
    expect(late.message).toContain('稳定');
    expect((await fails(call(ctx(), 'record.add', followUp(p, '2026-11-20', { nextFollowUpOn: '2026-11-20' })))).message).toContain('应晚于本次随访日期');
    expect((await fails(call(ctx(), 'record.add', followUp(p, '2026-11-20', { risk: 6 })))).message).toContain('0–5');
    expect((await fails(call(ctx(), 'record.add', followUp(p, '2026-09-30')))).message).toContain('早于孙六的建档日期（2026-10-01）');
    expect(town.count('record')).toBe(0);

    const early = await ok(call(ctx(), 'record.add', followUp(p, '2026-11-20', { nextFollowUpOn: '2026-12-15' })));
    expect(early.nextFollowUpOn).toBe('2026-12-15');
    expect(early.nextDue).toEqual({ kind: '随访', dueDate: '2026-12-15' });

    expect(await ok(call(ctx(), 'record.suggestNextFollowUp', { date: '2026-11-20', followUpClass: '基本稳定' }))).toEqual({ date: '2026-12-04', latest: '2026-12-04' });
    expect(await ok(call(ctx(), 'record.suggestNextFollowUp', { date: '2026-11-30', followUpClass: '3' }))).toEqual({ date: '2027-02-28', latest: '2027-02-28' });
    await ok(call(ctx(), 'rules.set', { changes: { 'followUpCycle.stable': { amount: 2, unit: 'months' } } }));
    expect((await ok(call(ctx(), 'record.suggestNextFollowUp', { date: '2026-11-30', followUpClass: '3' }))).latest).toBe('2027-01-30');
  });

  it('refuses a follow-up of a patient who moved away', async () => {
    const p = await patientEntry(town, town.resident('孙六'), { registered: '2026-01-01' });
    await ok(call(ctx(), 'patient.changeStatus', { id: p, to: '迁出', date: '2026-06-01', reason: '外出务工落户' }));
    const e = await fails(call(ctx(), 'record.add', followUp(p, '2026-11-01')));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('迁出');
  });
});

describe('复核记录', () => {
  async function household() {
    const h = town.household('H001', town.grids.east);
    const head = town.resident('周七', { householdId: h, relation: '02' });
    const wife = town.resident('吴八', { householdId: h, relation: '10' });
    const li = await ok(
      call(ctx(), 'lowIncome.register', { householdId: h, confirmedOn: '2025-11-01', certificateNumber: 'DB001', area: '农村', class: 'A', memberIds: [head, wife], monthlyAmount: 500 }),
    );
    return { h, head, wife, id: li.id };
  }

  it('增发 changes the amount; 减发 must lower it; 增发 without an amount is refused', async () => {
    const { id, h } = await household();
    expect((await fails(call(ctx(), 'record.add', review(id, '2026-11-01', '增发')))).message).toContain('请填写调整后月保障金额');
    expect((await fails(call(ctx(), 'record.add', review(id, '2026-11-01', '减发', { newAmount: 700 })))).message).toContain('应低于现在的 500 元');
    expect((await fails(call(ctx(), 'record.add', review(id, '2025-10-31', '不变')))).message).toContain('早于周七户（户号 H001）的确认日期（2025-11-01）');
    const r = await ok(call(ctx(), 'record.add', review(id, '2026-11-01', '增发', { newAmount: 600.5 })));
    expect(r).toMatchObject({ kind: 'review', ledger: 'lowIncome', householdId: h, reviewResult: '增发', newAmount: 600.5 });
    expect(r.nextDue).toEqual({ kind: '低保复核', dueDate: '2027-11-01' });
    expect((await ok(call(ctx(), 'lowIncome.get', { id }))).monthlyAmount).toBe(600.5);
    // An older 复核 entered late does not change the amount in force.
    await ok(call(ctx(), 'record.add', review(id, '2026-05-01', '减发', { newAmount: 450 })));
    expect((await ok(call(ctx(), 'lowIncome.get', { id }))).monthlyAmount).toBe(600.5);
  });

  it('停发 closes the household with a reason and a status change; its 低保复核 disappears', async () => {
    const { id } = await household();
    const dueOn = async (date: string) => (await ok(call(ctx(), 'due.list', { date }))).items.filter((i) => i.kind === '低保复核');
    expect(await dueOn('2026-11-23')).toHaveLength(1); // due 2026-11-01, overdue
    expect((await fails(call(ctx(), 'record.add', review(id, '2026-11-20', '停发', { exitReason: '发财了' })))).message).toContain('不在代码表中');
    const r = await ok(call(ctx(), 'record.add', review(id, '2026-11-20', '停发', { exitReason: '收入超标', content: '儿子就业' })));
    expect(r.nextDue).toBeNull();
    const detail = await ok(call(ctx(), 'lowIncome.get', { id }));
    expect(detail).toMatchObject({ status: '停保', exitOn: '2026-11-20', exitReason: '01' });
    expect(detail.statusChanges.at(-1)).toMatchObject({ fromStatus: '在保', toStatus: '停保', date: '2026-11-20' });
    expect(detail.statusChanges.at(-1)!.reason).toContain('家庭收入超过保障标准');
    expect(lowIncomeDues(ctx(), { entryIds: [id] })).toEqual([]);
    expect(await dueOn('2026-11-23')).toHaveLength(0);
    const again = await fails(call(ctx(), 'record.add', review(id, '2026-11-21', '不变')));
    expect(again.code).toBe('CONFLICT');
  });

  it('停发 without a reason uses 99 其他', async () => {
    const { id } = await household();
    await ok(call(ctx(), 'record.add', review(id, '2026-11-20', '停发')));
    expect((await ok(call(ctx(), 'lowIncome.get', { id }))).exitReason).toBe('99');
  });
});

describe('走访记录 and the record list', () => {
  it('records a visit of a resident or a household and lists records newest first, by filter', async () => {
    const h = town.household('H009', town.grids.east);
    const a = town.resident('郑九', { householdId: h, relation: '02' });
    const other = town.resident('冯十');
    expect((await fails(call(ctx(), 'record.add', { kind: 'visit', date: '2026-11-01', method: '家访', staffName: '王芳', content: '了解情况' }))).message).toContain('请选择走访的人员或住户');
    expect((await fails(call(ctx(), 'record.add', { kind: 'visit', residentId: other, householdId: h, date: '2026-11-01', method: '家访', staffName: '王芳', content: 'x' }))).message).toContain('不是所选住户的成员');
    expect((await fails(call(ctx(), 'record.add', { kind: 'visit', householdId: 999, date: '2026-11-01', method: '家访', staffName: '王芳', content: 'x' }))).code).toBe('NOT_FOUND');
    const v1 = await ok(call(ctx(), 'record.add', { kind: 'visit', residentId: a, date: '2026-11-01', method: '入户', staffId: town.staff.wang, content: '了解情况' }));
    expect(v1).toMatchObject({ ledger: null, entryId: null, residentId: a, method: '家访', staffName: '王芳', nextDue: null });
    const v2 = await ok(call(ctx(), 'record.add', { kind: 'visit', householdId: h, date: '2026-11-05', method: '电话', staffName: '王芳', content: '电话回访' }));
    const p = await patientEntry(town, a, { registered: '2026-10-01' });
    const f = await ok(call(ctx(), 'record.add', followUp(p, '2026-11-03')));

    expect((await ok(call(ctx(), 'record.list', {}))).map((r) => r.id)).toEqual([v2.id, f.id, v1.id]);
    expect((await ok(call(ctx(), 'record.list', { residentId: a }))).map((r) => r.id)).toEqual([f.id, v1.id]);
    expect((await ok(call(ctx(), 'record.list', { householdId: h }))).map((r) => r.id)).toEqual([v2.id]);
    expect((await ok(call(ctx(), 'record.list', { kind: 'visit' }))).map((r) => r.id)).toEqual([v2.id, v1.id]);
    expect((await ok(call(ctx(), 'record.list', { ledger: 'patient', entryId: p }))).map((r) => r.id)).toEqual([f.id]);

    town.sql(`update resident set status = '迁出', left_on = '2026-11-10' where id = ?`, other);
    expect((await fails(call(ctx(), 'record.add', { kind: 'visit', residentId: other, date: '2026-11-12', method: '家访', staffName: '王芳', content: 'x' }))).message).toContain('已于 2026-11-10 迁出');
  });
});

describe('person.timeline', () => {
  it('shows the person’s place in every ledger and one event list, newest first, with labels', async () => {
    const h = town.household('H100', town.grids.willow);
    const a = town.resident('陈一', { gridId: town.grids.willow, householdId: h, relation: '02' });
    const wife = town.resident('林二', { gridId: town.grids.willow, householdId: h, relation: '10' });
    const rel = await releasedPerson(town, a, { release: '2026-03-01', handover: '2026-03-02', report: '2026-03-05' });
    await ok(call(ctx(), 'released.team', { id: rel, members: [{ staffId: town.staff.li, name: '李强', role: '网格员', fromDate: '2026-03-06' }] }));
    await ok(call(ctx(), 'released.assess', { id: rel, date: '2026-09-01', class: '重点', reason: '近期情绪不稳' }));
    await ok(call(ctx(), 'record.add', help(rel, '2026-03-10')));
    const li = await ok(call(ctx(), 'lowIncome.register', { householdId: h, confirmedOn: '2026-01-15', certificateNumber: 'DB9', area: '农村', class: 'C', memberIds: [a, wife], monthlyAmount: 400 }));
    await ok(call(ctx(), 'record.add', review(li.id, '2026-07-15', '不变')));
    await ok(call(ctx(), 'record.add', { kind: 'visit', householdId: h, date: '2026-10-01', method: '家访', staffName: '王芳', content: '走访全家' }));
    const otherVisit = await ok(call(ctx(), 'record.add', { kind: 'visit', residentId: town.resident('无关'), date: '2026-10-02', method: '家访', staffName: '王芳', content: 'x' }));

    const tl = await ok(call(ctx(), 'person.timeline', { residentId: a }));
    expect(tl.ledgers.map((l) => [l.ledger, l.entryId, l.status])).toEqual([
      ['released', rel, '在册帮教'],
      ['lowIncome', li.id, '在保'],
    ]);
    expect(tl.ledgers[0]!.summary).toContain('帮教期至 2031-03-01');
    expect(tl.ledgers[0]!.summary).toContain('重点帮教');
    const dates = tl.events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const titles = tl.events.map((e) => `${e.date} ${e.title}`);
    expect(titles).toEqual(
      expect.arrayContaining([
        '2026-03-01 列入安置帮教台账',
        '2026-03-02 衔接',
        '2026-03-05 到司法所报到',
        '2026-03-06 李强（网格员）加入帮教小组',
        '2026-03-10 帮教记录（面谈）',
        '2026-09-01 分类评估：重点帮教',
        '2026-01-15 确认为低保户（保障对象）',
        '2026-07-15 低保复核：不变',
        '2026-10-01 走访记录（家访）：走访本户',
      ]),
    );
    expect(tl.events[0]).toMatchObject({ date: '2026-10-01', kind: '走访记录', ledger: null });
    expect(tl.events.some((e) => e.recordId === otherVisit.id)).toBe(false);
    const registration = tl.events.find((e) => e.kind === '登记')!;
    expect(registration.detail).toContain('原罪名：侵犯财产罪');
    expect(registration.detail).toContain('状态：在册帮教');

    // The 低保 member's own page shows the household's entry and 复核, not 陈一's 帮教.
    const wifeTl = await ok(call(ctx(), 'person.timeline', { residentId: wife }));
    expect(wifeTl.ledgers.map((l) => l.ledger)).toEqual(['lowIncome']);
    expect(wifeTl.events.map((e) => e.title)).toContain('低保复核：不变');
    expect(wifeTl.events.some((e) => e.ledger === 'released')).toBe(false);

    // Status changes and leaving show with dates and reasons.
    await ok(call(ctx(), 'released.changeStatus', { id: rel, to: '脱管', date: '2026-11-01', reason: '外出失联' }));
    const later = await ok(call(ctx(), 'person.timeline', { residentId: a }));
    expect(later.events[0]).toMatchObject({ date: '2026-11-01', kind: '状态变更', title: '状态变更：在册帮教 → 脱管', detail: '外出失联' });
    expect((await fails(call(ctx(), 'person.timeline', { residentId: 999 }))).code).toBe('NOT_FOUND');
  });
});

describe('person.timeline of a patient', () => {
  it('shows 随访 with labels, 以奖代补, 肇事肇祸 and the person leaving', async () => {
    const guardian = town.resident('患者父');
    const a = town.resident('患者');
    const p = await patientEntry(town, a, { registered: '2026-01-10', risk: 3, guardian });
    await ok(call(ctx(), 'patient.team', { id: p, members: [{ staffId: town.staff.wang, name: '王芳', role: '精防医生', fromDate: '2026-01-10' }] }));
    await ok(call(ctx(), 'patient.awardAgreement', { id: p, date: '2026-02-01' }));
    await ok(call(ctx(), 'record.add', followUp(p, '2026-03-01', { risk: 2, followUpClass: '基本稳定', medication: '间断服药', hospitalization: '0', locking: '1' })));
    await ok(call(ctx(), 'patient.incident', { id: p, date: '2026-04-01', content: '与邻居冲突' }));
    await ok(call(ctx(), 'patient.awardReview', { id: p, date: '2026-10-01', content: '监护到位' }));
    await ok(call(ctx(), 'patient.team', { id: p, members: [] }));
    town.sql(`update resident set status = '死亡', left_on = '2026-11-20', left_reason = '病故' where id = ?`, a);

    const tl = await ok(call(ctx(), 'person.timeline', { residentId: a }));
    expect(tl.ledgers).toEqual([{ ledger: 'patient', entryId: p, status: '在管', since: '2026-01-10', summary: expect.stringContaining('诊断：精神分裂症') }]);
    expect(tl.events.map((e) => `${e.date} ${e.title}`)).toEqual([
      '2026-11-23 王芳（精防医生）退出关爱帮扶小组',
      '2026-11-20 人员死亡',
      '2026-10-01 以奖代补年审',
      '2026-04-01 肇事肇祸',
      '2026-03-01 随访记录（家访）',
      '2026-02-01 签订监护责任书（以奖代补）',
      '2026-01-10 王芳（精防医生）加入关爱帮扶小组',
      '2026-01-10 列入严重精神障碍患者台账',
    ]);
    const f = tl.events.find((e) => e.kind === '随访记录')!;
    expect(f.detail).toBe('本次随访分类：基本稳定；危险性 2 级；服药：间断服药；住院情况：期间未住院；关锁：无关锁；下次随访 2026-03-15；经办人：赵医生');
    expect(f.recordId).toEqual(expect.any(Number));
    expect(tl.events.find((e) => e.kind === '登记')!.detail).toContain('监护人：患者父（配偶）');
  });
});

describe('rules', () => {
  it('gets, sets (refusing invalid values, saving nothing) and resets', async () => {
    const initial = await ok(call(ctx(), 'rules.get', {}));
    expect(initial.changed).toEqual([]);
    expect(initial.rules.visitCycleMonths.key).toBe(1);
    const set = await ok(call(ctx(), 'rules.set', { changes: { 'visitCycleMonths.key': 2, upcomingDays: 10 } }));
    expect(set.rules.visitCycleMonths.key).toBe(2);
    expect(set.changed.sort()).toEqual(['upcomingDays', 'visitCycleMonths.key']);
    const bad = await fails(call(ctx(), 'rules.set', { changes: { upcomingDays: 3, 'lowIncomeReviewMonths.C': 5 } }));
    expect(bad.message).toContain('低保复核周期（C类）');
    expect((await fails(call(ctx(), 'rules.set', { changes: { noSuchRule: 1 } }))).message).toContain('noSuchRule');
    // Nothing of the refused change was saved, not even its valid part.
    expect((await ok(call(ctx(), 'rules.get', {}))).rules.upcomingDays).toBe(10);
    const one = await ok(call(ctx(), 'rules.reset', { paths: ['upcomingDays'] }));
    expect(one.changed).toEqual(['visitCycleMonths.key']);
    const all = await ok(call(ctx(), 'rules.reset', {}));
    expect(all.changed).toEqual([]);
    expect(all.rules).toEqual(all.defaults);
  });
});
