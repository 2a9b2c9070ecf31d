// 更正 and 作废 of records (issue 8 item 3) and the domain checks staff trip on (item 4): due dates and a month's
// figures follow what stands, the history keeps what was, and the 随访 class may be worse than its 危险性, never better.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { patientDues } from '../../electron/core/ledgers/patient/dues';
import { lowIncomeDues } from '../../electron/core/ledgers/lowIncome/dues';
import { CRIMES, crimeChapter, labelOf, nativePlaceLabel, originalCrimeTable, resolveCode } from '../../shared/codes';
import { followUpClassForRisk, followUpClassRefusal, suggestedNextFollowUp } from '../../shared/rules/ledgerRules';
import { fails, followUp, makeTown, ok, patientEntry, review, type TestTown } from '../helpers/recordsTown';

let town: TestTown;
beforeEach(async () => {
  town = await makeTown();
});
afterEach(() => town.t.close());

const ctx = () => town.t.ctx;
const followUpDue = (id: number) => patientDues(ctx(), { entryIds: [id] }).find((d) => d.kind === '随访')?.dueDate;

async function lowIncomeHousehold(amount: number) {
  const h = town.household('L1', town.grids.east);
  const head = town.resident('低保甲', { gridId: town.grids.east, householdId: h, relation: '02' });
  return (await ok(call(ctx(), 'lowIncome.register', { householdId: h, memberIds: [head], confirmedOn: '2025-11-10', area: '城市', class: 'A', monthlyAmount: amount }))).id;
}

describe('更正 a record', () => {
  it('moving a 随访 moves the due item, keeps the history and shows it on the timeline', async () => {
    const who = town.resident('周患者', { gridId: town.grids.east });
    const p = await patientEntry(town, who, { registered: '2026-09-01' });
    const r = await ok(call(ctx(), 'record.add', followUp(p, '2026-10-01')));
    expect(followUpDue(p)).toBe(suggestedNextFollowUp('2026-10-01', '3'));

    const fixed = await ok(call(ctx(), 'record.correct', { id: r.id, reason: '日期录错', date: '2026-10-20', method: '家访', staffName: '赵医生', content: '' }));
    expect(fixed).toMatchObject({ date: '2026-10-20', nextFollowUpOn: suggestedNextFollowUp('2026-10-20', '3'), voidedOn: null });
    expect(followUpDue(p)).toBe(suggestedNextFollowUp('2026-10-20', '3'));

    const history = await ok(call(ctx(), 'record.history', { id: r.id }));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'correct', reason: '日期录错', byName: '本机用户' });
    expect(history[0]!.changes).toContainEqual({ field: '日期', before: '2026-10-01', after: '2026-10-20' });

    const timeline = await ok(call(ctx(), 'person.timeline', { residentId: who }));
    const event = timeline.events.find((e) => e.recordId === r.id)!;
    expect(event.date).toBe('2026-10-20');
    expect(event.corrections[0]).toMatchObject({ reason: '日期录错' });
    expect(event.corrections[0]!.what).toContain('日期：2026-10-01 → 2026-10-20');
  });

  it('a corrected 危险性 moves the patient’s 危险性; the class rule holds for corrections too', async () => {
    const p = await patientEntry(town, town.resident('吴患者', { gridId: town.grids.east }), { registered: '2026-09-01', risk: 1 });
    const r = await ok(call(ctx(), 'record.add', followUp(p, '2026-10-01', { risk: 2, followUpClass: '2' })));
    expect((await ok(call(ctx(), 'patient.get', { id: p }))).risk).toBe(2);
    await ok(call(ctx(), 'record.correct', { id: r.id, reason: '评估有误', date: '2026-10-01', method: '家访', staffName: '赵医生', content: '', risk: 4, followUpClass: '1' }));
    expect((await ok(call(ctx(), 'patient.get', { id: p }))).risk).toBe(4);
    const milder = await fails(call(ctx(), 'record.correct', { id: r.id, reason: '改', date: '2026-10-01', method: '家访', staffName: '赵医生', content: '', followUpClass: '3' }));
    expect(milder.code).toBe('VALIDATION');
    expect(milder.message).toContain('危险性为 4 级');
  });

  it('refuses no reason, no change, a future date, an unknown record — and writes nothing', async () => {
    const p = await patientEntry(town, town.resident('郑患者', { gridId: town.grids.east }), { registered: '2026-09-01' });
    const r = await ok(call(ctx(), 'record.add', followUp(p, '2026-10-01')));
    const before = [town.count('record'), town.count('revision')];
    const same = { id: r.id, date: '2026-10-01', method: '家访', staffName: '赵医生', content: '' };
    expect((await fails(call(ctx(), 'record.correct', { ...same, reason: '' }))).message).toMatch(/原因/);
    expect((await fails(call(ctx(), 'record.correct', { ...same, reason: '无' }))).message).toContain('没有改动');
    expect((await fails(call(ctx(), 'record.correct', { ...same, reason: '改', date: '2026-11-30' }))).message).toContain('晚于今天');
    expect((await fails(call(ctx(), 'record.correct', { ...same, reason: '改', date: '2026-08-01' }))).message).toContain('早于');
    expect((await fails(call(ctx(), 'record.correct', { ...same, id: 999_999, reason: '改' }))).code).toBe('NOT_FOUND');
    expect([town.count('record'), town.count('revision')]).toEqual(before);
  });
});

describe('作废 a record', () => {
  it('a voided 随访 no longer counts: the due item falls back and the 危险性 returns to what stands', async () => {
    const who = town.resident('冯患者', { gridId: town.grids.east });
    const p = await patientEntry(town, who, { registered: '2026-09-01', risk: 1 });
    const first = await ok(call(ctx(), 'record.add', followUp(p, '2026-09-10', { risk: 1, followUpClass: '2' })));
    const wrong = await ok(call(ctx(), 'record.add', followUp(p, '2026-11-01', { risk: 3, followUpClass: '1' })));
    expect(followUpDue(p)).toBe(suggestedNextFollowUp('2026-11-01', '1'));
    expect((await ok(call(ctx(), 'patient.get', { id: p }))).risk).toBe(3);

    const voided = await ok(call(ctx(), 'record.void', { id: wrong.id, reason: '录入了别人的随访' }));
    expect(voided).toMatchObject({ voidedOn: '2026-11-23', voidReason: '录入了别人的随访' });
    expect(followUpDue(p)).toBe(first.nextFollowUpOn);
    expect(await ok(call(ctx(), 'patient.get', { id: p }))).toMatchObject({ risk: 1, riskAssessedOn: '2026-09-10', lastFollowUpOn: '2026-09-10' });
    // Lists leave it out unless asked; the timeline strikes it through with the reason; the row stays.
    expect((await ok(call(ctx(), 'record.list', { ledger: 'patient', entryId: p }))).map((r) => r.id)).toEqual([first.id]);
    expect((await ok(call(ctx(), 'record.list', { ledger: 'patient', entryId: p, includeVoided: true }))).map((r) => r.id)).toContain(wrong.id);
    const event = (await ok(call(ctx(), 'person.timeline', { residentId: who }))).events.find((e) => e.recordId === wrong.id)!;
    expect(event.voided).toEqual({ on: '2026-11-23', reason: '录入了别人的随访' });
    expect(town.count('record', `id = ${wrong.id}`)).toBe(1);

    // Voiding the only one left goes back to the registration's 危险性.
    await ok(call(ctx(), 'record.void', { id: first.id, reason: '重复' }));
    expect(await ok(call(ctx(), 'patient.get', { id: p }))).toMatchObject({ risk: 1, riskAssessedOn: '2026-09-01' });

    expect((await fails(call(ctx(), 'record.void', { id: wrong.id, reason: '再作废' }))).code).toBe('CONFLICT');
    expect((await fails(call(ctx(), 'record.correct', { id: wrong.id, reason: '改', date: '2026-11-02', method: '家访', staffName: '赵医生', content: '' }))).message).toContain('已于');
    expect((await fails(call(ctx(), 'record.void', { id: first.id, reason: '' }))).code).toBe('VALIDATION');
  });

  it('a voided 增发 复核 puts the amount back and leaves the month’s figures; its 复核 is due again', async () => {
    const li = await lowIncomeHousehold(500);
    const wrong = await ok(call(ctx(), 'record.add', review(li, '2026-10-12', '增发', { newAmount: 600 })));
    expect((await ok(call(ctx(), 'lowIncome.get', { id: li }))).monthlyAmount).toBe(600);
    const month = async (m: string) => (await ok(call(ctx(), 'indicators.month', { month: m }))).t3.total;
    expect(await month('2026-10')).toMatchObject({ increasedHouseholds: 1 });
    expect(await month('2026-11')).toMatchObject({ totalAmount: 600 });
    const dueBefore = lowIncomeDues(ctx(), { entryIds: [li] }).map((d) => d.dueDate);

    await ok(call(ctx(), 'record.void', { id: wrong.id, reason: '复核录错户' }));
    expect((await ok(call(ctx(), 'lowIncome.get', { id: li }))).monthlyAmount).toBe(500);
    expect(await month('2026-10')).toMatchObject({ increasedHouseholds: 0 });
    expect(await month('2026-11')).toMatchObject({ totalAmount: 500 });
    expect(lowIncomeDues(ctx(), { entryIds: [li] }).map((d) => d.dueDate)).not.toEqual(dueBefore);
    expect((await ok(call(ctx(), 'lowIncome.get', { id: li }))).lastReviewOn).toBeNull();
  });

  it('a corrected 增发 is measured against the amount before it, and a 停发 cannot be voided', async () => {
    const li = await lowIncomeHousehold(500);
    const r = await ok(call(ctx(), 'record.add', review(li, '2026-10-12', '增发', { newAmount: 600 })));
    const base = { id: r.id, reason: '金额录错', date: '2026-10-12', method: '家访', staffName: '王芳', content: '入户核查' };
    await ok(call(ctx(), 'record.correct', { ...base, newAmount: 550 }));
    expect((await ok(call(ctx(), 'lowIncome.get', { id: li }))).monthlyAmount).toBe(550);
    expect((await fails(call(ctx(), 'record.correct', { ...base, newAmount: 450 }))).message).toContain('应高于现在的 500 元');
    const stop = await ok(call(ctx(), 'record.add', review(li, '2026-11-01', '停发', { exitReason: '死亡' })));
    expect((await fails(call(ctx(), 'record.void', { id: stop.id, reason: '错' }))).code).toBe('CONFLICT');
    expect((await fails(call(ctx(), 'record.correct', { ...base, id: stop.id, date: '2026-11-01', result: '不变' }))).code).toBe('CONFLICT');
  });
});

describe('本次随访分类 and 危险性 (domain.md Part 2 §3.3)', () => {
  it('proposes the class from the 危险性', () => {
    expect([0, 1, 2, 3, 4, 5].map(followUpClassForRisk)).toEqual(['3', '2', '2', '1', '1', '1']);
  });

  it('refuses a class milder than the 危险性 allows, accepts one as bad or worse', () => {
    expect(followUpClassRefusal(1, '3')).toContain('基本稳定');
    expect(followUpClassRefusal(3, '2')).toContain('不稳定');
    expect(followUpClassRefusal(4, '3')).toContain('不能评为「稳定」');
    expect(followUpClassRefusal(0, '3')).toBeNull();
    expect(followUpClassRefusal(0, '1')).toBeNull(); // worse than proposed: other signs
    expect(followUpClassRefusal(2, '1')).toBeNull();
    expect(followUpClassRefusal(5, '0')).toBeNull(); // 未访到 assessed nothing
  });

  it('the core refuses 稳定 for a 4级 patient with the reason on the class field, and writes nothing', async () => {
    const p = await patientEntry(town, town.resident('陈患者', { gridId: town.grids.east }), { registered: '2026-09-01' });
    const before = town.count('record');
    const e = await fails(call(ctx(), 'record.add', followUp(p, '2026-10-01', { risk: 4, followUpClass: '3' })));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('危险性为 4 级');
    expect((e as unknown as { problems?: { path: string[] }[] }).problems?.[0]?.path).toEqual(['followUpClass']);
    expect((await fails(call(ctx(), 'record.add', followUp(p, '2026-10-01', { risk: 1, followUpClass: '3' })))).message).toContain('基本稳定');
    expect(town.count('record')).toBe(before);
    await ok(call(ctx(), 'record.add', followUp(p, '2026-10-01', { risk: 4, followUpClass: '1' })));
    await ok(call(ctx(), 'record.add', followUp(p, '2026-10-05', { risk: 0, followUpClass: '2' })));
  });
});

describe('原罪名: the crime itself, under its chapter', () => {
  it('finds a crime by its name, with or without 罪, and keeps the chapter codes', () => {
    expect(resolveCode(originalCrimeTable, '盗窃')).toBe(resolveCode(originalCrimeTable, '盗窃罪'));
    const theft = resolveCode(originalCrimeTable, '盗窃')!;
    expect(labelOf(originalCrimeTable, theft)).toBe('盗窃罪');
    expect(crimeChapter(theft)).toBe('05');
    expect(crimeChapter(resolveCode(originalCrimeTable, '诈骗')!)).toBe('05');
    expect(crimeChapter(resolveCode(originalCrimeTable, '危险驾驶')!)).toBe('02');
    expect(resolveCode(originalCrimeTable, '偷越国（边）境罪')).not.toBeNull();
    expect(resolveCode(originalCrimeTable, '05')).toBe('05');
    expect(labelOf(originalCrimeTable, '05')).toBe('侵犯财产罪');
    expect(resolveCode(originalCrimeTable, '偷菜')).toBeNull();
    // Codes are unique and each crime lies under one of the ten chapters.
    expect(new Set(CRIMES.map((c) => c.code)).size).toBe(CRIMES.length);
    expect(CRIMES.every((c) => crimeChapter(c.code) === c.chapter)).toBe(true);
  });

  it('registers a person with the crime and shows its name', async () => {
    const theft = resolveCode(originalCrimeTable, '盗窃')!;
    const e = await ok(call(ctx(), 'released.register', { residentId: town.resident('孙释放', { gridId: town.grids.east }), releaseDate: '2026-06-01', crime: theft, handoverOn: '2026-06-02', handoverCode: '06' }));
    expect(e.crime).toBe(theft);
    expect((await fails(call(ctx(), 'released.register', { residentId: town.resident('钱释放', { gridId: town.grids.east }), releaseDate: '2026-06-01', crime: '9999' }))).code).toBe('VALIDATION');
  });
});

describe('作废 a ledger entry registered by mistake', () => {
  it('leaves lists, due items, checks and figures; stays in the database and on the timeline; the person can be registered again', async () => {
    const who = town.resident('误登记', { gridId: town.grids.east });
    const p = await patientEntry(town, who, { registered: '2026-09-01', risk: 2 });
    const fu = await ok(call(ctx(), 'record.add', followUp(p, '2026-10-01', { risk: 2, followUpClass: '2' })));
    const t2 = async () => (await ok(call(ctx(), 'indicators.month', { month: '2026-11' }))).t2.total.registered;
    const registeredBefore = await t2();
    expect((await ok(call(ctx(), 'due.list', { date: '2027-06-01' }))).items.some((d) => d.ledger === 'patient' && d.entryId === p)).toBe(true);

    await ok(call(ctx(), 'patient.void', { id: p, reason: '身份证号对应的不是患者本人' }));
    expect((await ok(call(ctx(), 'patient.list', { status: '全部' }))).map((x) => x.id)).not.toContain(p);
    expect((await ok(call(ctx(), 'due.list', { date: '2027-06-01' }))).items.some((d) => d.ledger === 'patient' && d.entryId === p)).toBe(false);
    expect(await t2()).toBe(registeredBefore - 1);
    expect(town.count('patient', `id = ${p} and voided_on = '2026-11-23'`)).toBe(1);
    // Its records are voided with it; the timeline tells the 作废 with the reason.
    expect(town.count('record', `id = ${fu.id} and voided_on is not null`)).toBe(1);
    const timeline = await ok(call(ctx(), 'person.timeline', { residentId: who }));
    expect(timeline.ledgers.map((l) => l.entryId)).not.toContain(p);
    expect(timeline.events.find((e) => e.kind === '作废')).toMatchObject({ voided: { on: '2026-11-23', reason: '身份证号对应的不是患者本人' } });

    // Nothing more is done on it; voiding again is refused; a new registration is possible.
    expect((await fails(call(ctx(), 'patient.changeStatus', { id: p, to: '失访', date: '2026-11-01', reason: '找不到' }))).message).toContain('作废');
    expect((await fails(call(ctx(), 'record.add', followUp(p, '2026-11-02')))).message).toContain('作废');
    expect((await fails(call(ctx(), 'patient.void', { id: p, reason: '再来' }))).code).toBe('CONFLICT');
    expect((await fails(call(ctx(), 'patient.void', { id: p, reason: '' }))).code).toBe('VALIDATION');
    await patientEntry(town, who, { registered: '2026-11-01', risk: 0 });
  });

  it('voids a 帮教 and a 低保 entry the same way', async () => {
    const rid = (await ok(call(ctx(), 'released.register', { residentId: town.resident('误帮教', { gridId: town.grids.east }), releaseDate: '2026-06-01', handoverOn: '2026-06-02', handoverCode: '06' }))).id;
    await ok(call(ctx(), 'released.void', { id: rid, reason: '重复登记' }));
    expect((await ok(call(ctx(), 'released.list', { status: '全部' }))).map((x) => x.id)).not.toContain(rid);
    expect((await fails(call(ctx(), 'released.report', { id: rid, date: '2026-06-05' }))).code).toBe('CONFLICT');
    const li = await lowIncomeHousehold(400);
    await ok(call(ctx(), 'lowIncome.void', { id: li, reason: '不是低保户' }));
    expect((await ok(call(ctx(), 'lowIncome.list', { status: '全部' }))).map((x) => x.id)).not.toContain(li);
    expect((await ok(call(ctx(), 'indicators.month', { month: '2026-11' }))).t3.total.totalHouseholds).toBe(0);
  });
});

describe('帮教 steps: 更正, 作废, and 报到 not before 衔接', () => {
  async function released() {
    const id = (await ok(call(ctx(), 'released.register', { residentId: town.resident('步骤人', { gridId: town.grids.east }), releaseDate: '2026-06-01', handoverOn: '2026-06-10', handoverCode: '06' }))).id;
    return id;
  }

  it('refuses a 报到 before the 衔接 and a 衔接 after the 报到', async () => {
    const id = await released();
    const e = await fails(call(ctx(), 'released.report', { id, date: '2026-06-05' }));
    expect(e.message).toContain('报到日期（2026-06-05）早于衔接日期（2026-06-10）');
    await ok(call(ctx(), 'released.report', { id, date: '2026-06-12' }));
    expect((await fails(call(ctx(), 'released.correctStep', { id, step: 'handover', date: '2026-06-15', reason: '改' }))).message).toContain('早于衔接日期');
  });

  it('corrects a 报到 date (the 首次走访 follows) and voids it (报到逾期 comes back), with the history on the timeline', async () => {
    const id = await released();
    await ok(call(ctx(), 'released.report', { id, date: '2026-06-12' }));
    const dues = async () => (await ok(call(ctx(), 'released.get', { id }))).dues.map((d) => `${d.kind} ${d.dueDate}`);
    expect(await dues()).toContain('首次走访 2026-06-19');
    const fixed = await ok(call(ctx(), 'released.correctStep', { id, step: 'report', date: '2026-06-20', reason: '报到日期录错' }));
    expect(fixed.reportedOn).toBe('2026-06-20');
    expect(await dues()).toContain('首次走访 2026-06-27');
    await ok(call(ctx(), 'released.voidStep', { id, step: 'report', reason: '未实际报到' }));
    expect((await ok(call(ctx(), 'released.get', { id }))).reportedOn).toBeNull();
    expect((await dues()).some((d) => d.startsWith('报到逾期'))).toBe(true);
    const residentId = (await ok(call(ctx(), 'released.get', { id }))).residentId;
    const titles = (await ok(call(ctx(), 'person.timeline', { residentId }))).events.map((e) => `${e.title}|${e.detail}`);
    expect(titles.some((t) => t.startsWith('更正报到|报到日期：2026-06-12 → 2026-06-20'))).toBe(true);
    expect(titles.some((t) => t.startsWith('作废报到|') && t.includes('未实际报到'))).toBe(true);
    expect((await fails(call(ctx(), 'released.voidStep', { id, step: 'report', reason: '再' }))).message).toContain('尚未登记报到');
  });

  it('moves a 衔接 with its status change; refuses a 衔接 before the release', async () => {
    const id = await released();
    const fixed = await ok(call(ctx(), 'released.correctStep', { id, step: 'handover', date: '2026-06-03', reason: '以接回记录为准' }));
    expect(fixed).toMatchObject({ handoverOn: '2026-06-03', statusSince: '2026-06-03' });
    expect(fixed.statusChanges.map((s) => s.date)).toEqual(['2026-06-03']);
    expect((await fails(call(ctx(), 'released.correctStep', { id, step: 'handover', date: '2026-05-01', reason: '改' }))).message).toContain('早于释放日期');
    expect((await fails(call(ctx(), 'released.correctStep', { id, step: 'handover', date: '2026-06-03', reason: '改' }))).message).toContain('没有改动');
  });

  it('flags old data with a 报到 before the 衔接 in 数据检查', async () => {
    const id = await released();
    town.sql(`update released_person set reported_on = '2026-06-05' where id = ?`, id);
    const items = await ok(call(ctx(), 'checks.list', {}));
    expect(items.some((i) => i.kind === '日期顺序错误' && i.entryId === id && i.message.includes('早于衔接日期'))).toBe(true);
  });
});

describe('籍贯 shows a name, never the code', () => {
  it('turns a region code into its province and keeps text as written', () => {
    expect(nativePlaceLabel('320121')).toBe('江苏省');
    expect(nativePlaceLabel('410102000000')).toBe('河南省');
    expect(nativePlaceLabel('江苏南京')).toBe('江苏南京');
    expect(nativePlaceLabel('')).toBe('');
    expect(nativePlaceLabel('990101')).toBe('990101'); // no such province: what was stored
  });
});
