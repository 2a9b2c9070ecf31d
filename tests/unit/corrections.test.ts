// 更正 and 作废 of records (issue 8 item 3) and the domain checks staff trip on (item 4): due dates and a month's
// figures follow what stands, the history keeps what was, and the 随访 class may be worse than its 危险性, never better.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { patientDues } from '../../electron/core/ledgers/patient/dues';
import { lowIncomeDues } from '../../electron/core/ledgers/lowIncome/dues';
import areas from 'china-area-data/data.json' with { type: 'json' };
import { CRIMES, crimeChapter, labelOf, nativePlaceLabel, originalCrimeTable, resolveCode } from '../../shared/codes';
import { awardReviewDue, followUpClassForRisk, followUpClassRefusal, suggestedNextFollowUp } from '../../shared/rules/ledgerRules';
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
  it('turns a region code into its place, down to the county, and keeps text as written', () => {
    expect(nativePlaceLabel('320102')).toBe('江苏省南京市玄武区');
    expect(nativePlaceLabel('3201')).toBe('江苏省南京市');
    expect(nativePlaceLabel('32')).toBe('江苏省');
    expect(nativePlaceLabel('410102000000')).toBe('河南省郑州市中原区'); // a 12-digit village code: its county
    expect(nativePlaceLabel('110105')).toBe('北京市朝阳区'); // 市辖区 is no place
    expect(nativePlaceLabel('500229')).toBe('重庆市城口县'); // nor is 县
    expect(nativePlaceLabel('441900101')).toBe('广东省东莞市石碣镇'); // a city without counties: its towns
    expect(nativePlaceLabel('320121')).toBe('江苏省南京市'); // 江宁县, since merged: the levels still known
    expect(nativePlaceLabel('江苏南京')).toBe('江苏南京');
    expect(nativePlaceLabel(' 320102 ')).toBe('江苏省南京市玄武区');
    expect(nativePlaceLabel('')).toBe('');
    expect(nativePlaceLabel(null)).toBe('');
    expect(nativePlaceLabel('990101')).toBe('990101'); // no such province: what was stored
    expect(nativePlaceLabel('3')).toBe('3');
    expect(nativePlaceLabel('3201021234567')).toBe('3201021234567'); // 13 digits is no region code
  });

  it('gives every county of the table a name with no digits, and the same name when asked again', () => {
    const counties = Object.entries(areas as Record<string, Record<string, string>>)
      .filter(([parent]) => /^\d{4}00$/.test(parent) && !parent.endsWith('0000'))
      .flatMap(([, children]) => Object.keys(children).filter((c) => c.length === 6));
    expect(counties.length).toBeGreaterThan(2800);
    for (const code of counties) {
      const label = nativePlaceLabel(code);
      expect(label, code).not.toMatch(/\d/);
      expect(label.startsWith(nativePlaceLabel(code.slice(0, 2))), code).toBe(true);
      expect(nativePlaceLabel(code)).toBe(label);
    }
  });
});

describe('监护责任书 and 以奖代补年审: 更正 and 作废', () => {
  const awardDue = (id: number) => patientDues(ctx(), { entryIds: [id] }).find((d) => d.kind === '以奖代补年审')?.dueDate ?? null;
  const signedIn = async (month: string) => (await ok(call(ctx(), 'indicators.month', { month }))).t2.total.awardSigned;

  async function signed() {
    const who = town.resident('奖补患者', { gridId: town.grids.east });
    const id = await patientEntry(town, who, { registered: '2026-01-10', risk: 3 });
    await ok(call(ctx(), 'patient.awardAgreement', { id, date: '2026-02-01' }));
    return { id, who };
  }

  it('a corrected signing date moves the 年审 due date and the month it counts from; a voided one counts nowhere', async () => {
    const { id, who } = await signed();
    expect(awardDue(id)).toBe(awardReviewDue('2026-02-01'));
    expect(await signedIn('2026-02')).toBe(1);

    const fixed = await ok(call(ctx(), 'patient.correctStep', { id, step: 'awardAgreement', date: '2026-03-05', reason: '以责任书落款日期为准' }));
    expect(fixed.awardAgreementSignedOn).toBe('2026-03-05');
    expect(awardDue(id)).toBe(awardReviewDue('2026-03-05'));
    expect(await signedIn('2026-02')).toBe(0);
    expect(await signedIn('2026-03')).toBe(1);

    await ok(call(ctx(), 'patient.voidStep', { id, step: 'awardAgreement', reason: '监护人未实际签订' }));
    expect((await ok(call(ctx(), 'patient.get', { id }))).awardAgreementSignedOn).toBeNull();
    expect(awardDue(id)).toBeNull();
    expect(await signedIn('2026-11')).toBe(0);

    const titles = (await ok(call(ctx(), 'person.timeline', { residentId: who }))).events.map((e) => `${e.title}|${e.detail}`);
    expect(titles.some((t) => t.startsWith('更正监护责任书|监护责任书签订日期：2026-02-01 → 2026-03-05') && t.includes('以责任书落款日期为准'))).toBe(true);
    expect(titles.some((t) => t.startsWith('作废监护责任书|') && t.includes('监护人未实际签订'))).toBe(true);
  });

  it('refuses a date before 建档, in the future or after a 年审, no change, no agreement, a void under a standing 年审 — and writes nothing', async () => {
    const { id } = await signed();
    await ok(call(ctx(), 'patient.awardReview', { id, date: '2026-06-01', content: '合格' }));
    const before = [town.count('revision'), town.count('patient', `id = ${id} and award_agreement_signed_on = '2026-02-01'`)];
    const correct = (date: string, reason = '改') => fails(call(ctx(), 'patient.correctStep', { id, step: 'awardAgreement', date, reason }));
    expect((await correct('2026-01-01')).message).toContain('早于建档日期');
    expect((await correct('2026-11-30')).message).toContain('晚于今天');
    expect((await correct('2026-07-01')).message).toContain('已登记的以奖代补年审日期');
    expect((await correct('2026-02-01')).message).toContain('没有改动');
    expect((await correct('2026-03-01', '')).code).toBe('VALIDATION');
    const underReview = await fails(call(ctx(), 'patient.voidStep', { id, step: 'awardAgreement', reason: '录错' }));
    expect(underReview.code).toBe('CONFLICT');
    expect(underReview.message).toContain('请先作废年审记录');
    const unsigned = await patientEntry(town, town.resident('未签患者', { gridId: town.grids.east }), { registered: '2026-01-10', risk: 3 });
    expect((await fails(call(ctx(), 'patient.voidStep', { id: unsigned, step: 'awardAgreement', reason: '录错' }))).message).toContain('尚未签订监护责任书');
    expect((await fails(call(ctx(), 'patient.correctStep', { id: unsigned, step: 'awardAgreement', date: '2026-03-01', reason: '改' }))).code).toBe('CONFLICT');
    expect([town.count('revision'), town.count('patient', `id = ${id} and award_agreement_signed_on = '2026-02-01'`)]).toEqual(before);
  });

  it('a corrected or voided 年审 record moves the last 年审 and the next one due', async () => {
    const { id } = await signed();
    await ok(call(ctx(), 'patient.awardReview', { id, date: '2026-06-01', content: '合格' }));
    const reviewId = (ctx().ledger.sqlite.prepare(`select id from record where ledger = 'patient' and entry_id = ? and content like '以奖代补年审%'`).get(id) as { id: number }).id;
    expect(awardDue(id)).toBe(awardReviewDue('2026-06-01'));

    await ok(call(ctx(), 'record.correct', { id: reviewId, reason: '日期录错', date: '2026-07-01', staffName: '赵医生' }));
    expect((await ok(call(ctx(), 'patient.get', { id }))).lastAwardReviewOn).toBe('2026-07-01');
    expect(awardDue(id)).toBe(awardReviewDue('2026-07-01'));
    const early = await fails(call(ctx(), 'record.correct', { id: reviewId, reason: '改', date: '2026-01-20', staffName: '赵医生' }));
    expect(early.message).toContain('早于监护责任书签订日期');
    // Its words may change; it stays a 年审.
    const worded = await ok(call(ctx(), 'record.correct', { id: reviewId, reason: '补记', content: '监护到位', staffName: '赵医生' }));
    expect(worded.content.startsWith('以奖代补年审')).toBe(true);

    await ok(call(ctx(), 'record.void', { id: reviewId, reason: '未实际年审' }));
    expect((await ok(call(ctx(), 'patient.get', { id }))).lastAwardReviewOn).toBeNull();
    expect(awardDue(id)).toBe(awardReviewDue('2026-02-01'));
    // With the 年审 voided the agreement may go too.
    await ok(call(ctx(), 'patient.voidStep', { id, step: 'awardAgreement', reason: '未签订' }));
  });
});

describe('低保退出: 更正 and 作废', () => {
  async function exited(date = '2026-10-05') {
    const h = town.household('L2', town.grids.east);
    const head = town.resident('退出户主', { gridId: town.grids.east, householdId: h, relation: '02' });
    const id = (await ok(call(ctx(), 'lowIncome.register', { householdId: h, memberIds: [head], confirmedOn: '2025-11-10', certificateNumber: '保退001', area: '城市', class: 'A', monthlyAmount: 500 }))).id;
    await ok(call(ctx(), 'lowIncome.exit', { id, date, reason: '01', note: '' }));
    return { id, h, head };
  }
  const t3 = async (month: string) => (await ok(call(ctx(), 'indicators.month', { month }))).t3.total;

  it('a corrected exit moves the month it is counted in and its status change; a voided one puts the household back 在保 with its 复核 due', async () => {
    const { id, head } = await exited();
    expect(await t3('2026-10')).toMatchObject({ stoppedHouseholds: 1 });
    expect(lowIncomeDues(ctx(), { entryIds: [id] })).toEqual([]);

    const fixed = await ok(call(ctx(), 'lowIncome.correctExit', { id, date: '2026-11-02', exitReason: '05', note: '本人书面申请', reason: '以申请书日期为准' }));
    expect(fixed).toMatchObject({ status: '停保', exitOn: '2026-11-02', exitReason: '05', exitNote: '本人书面申请' });
    expect(fixed.statusChanges.at(-1)).toMatchObject({ toStatus: '停保', date: '2026-11-02', reason: '本人申请退出：本人书面申请' });
    expect(await t3('2026-10')).toMatchObject({ stoppedHouseholds: 0, urbanHouseholds: 1 });
    expect(await t3('2026-11')).toMatchObject({ stoppedHouseholds: 1, urbanHouseholds: 0 });

    const back = await ok(call(ctx(), 'lowIncome.voidExit', { id, reason: '误办退出' }));
    expect(back).toMatchObject({ status: '在保', exitOn: null, exitReason: null });
    // The 停保 change is voided with it: kept in the database, out of the history.
    expect(back.statusChanges.map((s) => s.toStatus)).toEqual(['在保']);
    expect(town.count('status_change', `ledger = 'lowIncome' and entry_id = ${id} and to_status = '停保' and void_reason = '误办退出'`)).toBe(1);
    expect(await t3('2026-11')).toMatchObject({ stoppedHouseholds: 0, urbanHouseholds: 1 });
    expect(lowIncomeDues(ctx(), { entryIds: [id] })).toHaveLength(1);

    const titles = (await ok(call(ctx(), 'person.timeline', { residentId: head }))).events.map((e) => `${e.title}|${e.detail}`);
    expect(titles.some((t) => t.startsWith('更正低保退出|退出日期：2026-10-05 → 2026-11-02') && t.includes('以申请书日期为准'))).toBe(true);
    expect(titles.some((t) => t.startsWith('作废低保退出|') && t.includes('误办退出'))).toBe(true);
    expect(titles.some((t) => t.startsWith('退出低保'))).toBe(false);
  });

  it('refuses what would make the history inconsistent — and writes nothing', async () => {
    const { id, h, head } = await exited();
    const counts = () => [town.count('revision'), town.count('status_change'), town.count('low_income', `id = ${id} and exit_on = '2026-10-05' and status = '停保'`)];
    const before = counts();
    const correct = (date: string, reason = '改') => fails(call(ctx(), 'lowIncome.correctExit', { id, date, reason }));
    expect((await correct('2025-11-01')).message).toContain('早于确认日期');
    expect((await correct('2026-11-30')).message).toContain('晚于今天');
    expect((await correct('2026-10-05')).message).toContain('没有改动');
    expect((await correct('2026-10-06', '')).code).toBe('VALIDATION');
    expect((await fails(call(ctx(), 'lowIncome.correctExit', { id, date: '2026-10-06', exitReason: '77', reason: '改' }))).code).toBe('VALIDATION');
    expect(counts()).toEqual(before);

    // Entered again since: the old exit stands.
    const again = (await ok(call(ctx(), 'lowIncome.register', { householdId: h, memberIds: [head], confirmedOn: '2026-11-01', area: '城市', class: 'A', monthlyAmount: 450 }))).id;
    const reentered = await fails(call(ctx(), 'lowIncome.voidExit', { id, reason: '误办' }));
    expect(reentered.code).toBe('CONFLICT');
    expect(reentered.message).toContain('重新纳入低保');
    // Still 在保: nothing to correct or void.
    expect((await fails(call(ctx(), 'lowIncome.voidExit', { id: again, reason: '误办' }))).message).toContain('仍在保');
    expect((await fails(call(ctx(), 'lowIncome.correctExit', { id: again, date: '2026-11-05', reason: '改' }))).message).toContain('仍在保');

    // An exit by a 停发 复核 goes with that record, not here.
    const stopped = await lowIncomeHousehold(300);
    await ok(call(ctx(), 'record.add', review(stopped, '2026-11-01', '停发', { exitReason: '死亡' })));
    expect((await fails(call(ctx(), 'lowIncome.voidExit', { id: stopped, reason: '错' }))).message).toContain('复核停发');
    expect((await fails(call(ctx(), 'lowIncome.correctExit', { id: stopped, date: '2026-11-05', reason: '改' }))).message).toContain('复核停发');
  });
});

describe('status changes: 更正 the date, 作废 the latest', () => {
  const month = async (m: string) => (await ok(call(ctx(), 'indicators.month', { month: m })));

  it('a 迁出 moved or voided moves the month the patient leaves the register; the 随访 falls due again', async () => {
    const who = town.resident('迁出患者', { gridId: town.grids.east });
    const id = await patientEntry(town, who, { registered: '2026-01-10', risk: 1 });
    const gone = await ok(call(ctx(), 'patient.changeStatus', { id, to: '迁出', date: '2026-09-01', reason: '迁往外省' }));
    const change = gone.statusChanges.at(-1)!;
    const registered = async (m: string) => (await month(m)).t2.total.registered;
    expect(await registered('2026-09')).toBe(0);
    expect(followUpDue(id)).toBeUndefined();

    const moved = await ok(call(ctx(), 'patient.correctStatus', { id, changeId: change.id, date: '2026-10-15', reason: '以迁出证明为准' }));
    expect(moved).toMatchObject({ status: '迁出', statusSince: '2026-10-15' });
    expect(await registered('2026-09')).toBe(1);
    expect(await registered('2026-10')).toBe(0);

    const back = await ok(call(ctx(), 'patient.voidStatus', { id, changeId: change.id, reason: '并未迁出' }));
    expect(back).toMatchObject({ status: '在管', statusSince: '2026-01-10' });
    expect(back.statusChanges.map((s) => s.toStatus)).toEqual(['在管']);
    expect(await registered('2026-11')).toBe(1);
    expect(followUpDue(id)).toBeDefined();
    expect(town.count('status_change', `id = ${change.id} and void_reason = '并未迁出'`)).toBe(1);

    const titles = (await ok(call(ctx(), 'person.timeline', { residentId: who }))).events.map((e) => `${e.title}|${e.detail}`);
    expect(titles.some((t) => t.startsWith('更正状态变更|状态变更：在管 → 迁出（2026-09-01） → 在管 → 迁出（2026-10-15）'))).toBe(true);
    expect(titles.some((t) => t.startsWith('作废状态变更|') && t.includes('并未迁出'))).toBe(true);
    expect(titles.some((t) => t.includes('迁往外省'))).toBe(false);
  });

  it('refuses the registration’s change, a date out of order, an earlier change, a reopening beside another open entry — and writes nothing', async () => {
    const who = town.resident('顺序患者', { gridId: town.grids.east });
    const id = await patientEntry(town, who, { registered: '2026-01-10', risk: 1 });
    await ok(call(ctx(), 'patient.changeStatus', { id, to: '失访', date: '2026-05-01', reason: '外出' }));
    const d = await ok(call(ctx(), 'patient.changeStatus', { id, to: '迁出', date: '2026-08-01', reason: '迁走' }));
    const [reg, lost, gone] = d.statusChanges;
    const before = [town.count('revision'), town.count('status_change', 'voided_on is null'), town.count('patient', `id = ${id} and status = '迁出' and status_since = '2026-08-01'`)];
    expect((await fails(call(ctx(), 'patient.correctStatus', { id, changeId: reg!.id, date: '2026-01-11', reason: '改' }))).message).toContain('登记时的状态');
    expect((await fails(call(ctx(), 'patient.correctStatus', { id, changeId: lost!.id, date: '2026-01-01', reason: '改' }))).message).toContain('早于之前的状态变更「在管」');
    expect((await fails(call(ctx(), 'patient.correctStatus', { id, changeId: lost!.id, date: '2026-09-01', reason: '改' }))).message).toContain('之后的状态变更「迁出」');
    expect((await fails(call(ctx(), 'patient.correctStatus', { id, changeId: gone!.id, date: '2026-11-30', reason: '改' }))).message).toContain('晚于今天');
    expect((await fails(call(ctx(), 'patient.correctStatus', { id, changeId: gone!.id, date: '2026-08-01', reason: '改' }))).message).toContain('没有改动');
    expect((await fails(call(ctx(), 'patient.voidStatus', { id, changeId: lost!.id, reason: '错' }))).message).toContain('只能作废最近一次状态变更');
    expect((await fails(call(ctx(), 'patient.voidStatus', { id, changeId: 999_999, reason: '错' }))).code).toBe('NOT_FOUND');
    // Registered again elsewhere since: the 迁出 stands.
    await patientEntry(town, who, { registered: '2026-09-01', risk: 0 });
    expect((await fails(call(ctx(), 'patient.voidStatus', { id, changeId: gone!.id, reason: '错' }))).message).toContain('在管记录');
    expect([town.count('revision'), town.count('status_change', 'voided_on is null') - 1, town.count('patient', `id = ${id} and status = '迁出' and status_since = '2026-08-01'`)]).toEqual(before);
  });

  it('a 脱管 moved or voided moves T1’s 脱管 count; 期满解除 stays on or after the 期满日; a 重新犯罪 voided leaves the entry', async () => {
    const who = town.resident('脱管人', { gridId: town.grids.east });
    const id = (await ok(call(ctx(), 'released.register', { residentId: who, releaseDate: '2026-06-01', handoverOn: '2026-06-10', handoverCode: '06' }))).id;
    const lost = (await ok(call(ctx(), 'released.changeStatus', { id, to: '脱管', date: '2026-09-05', reason: '失联' }))).statusChanges.at(-1)!;
    const lostIn = async (m: string) => (await month(m)).t1.total.outOfContact;
    expect(await lostIn('2026-09')).toBe(1);
    await ok(call(ctx(), 'released.correctStatus', { id, changeId: lost.id, date: '2026-10-03', reason: '以派出所记录为准' }));
    expect(await lostIn('2026-09')).toBe(0);
    expect(await lostIn('2026-10')).toBe(1);
    expect((await fails(call(ctx(), 'released.correctStatus', { id, changeId: lost.id, date: '2026-06-05', reason: '改' }))).message).toContain('之前的状态变更「在册帮教」');
    const back = await ok(call(ctx(), 'released.voidStatus', { id, changeId: lost.id, reason: '并未失联' }));
    expect(back).toMatchObject({ status: '在册帮教', statusSince: '2026-06-10' });
    expect(await lostIn('2026-10')).toBe(0);

    const re = (await ok(call(ctx(), 'released.reoffend', { id, date: '2026-10-20', crime: '盗窃' }))).statusChanges.at(-1)!;
    expect((await month('2026-10')).t1.total.reoffendThisYear).toBe(1);
    const moved = await ok(call(ctx(), 'released.correctStatus', { id, changeId: re.id, date: '2026-10-22', reason: '以判决书为准' }));
    expect(moved.reoffendOn).toBe('2026-10-22');
    const undone = await ok(call(ctx(), 'released.voidStatus', { id, changeId: re.id, reason: '抓错人' }));
    expect(undone).toMatchObject({ status: '在册帮教', reoffendOn: null, reoffendCrime: '' });
    expect((await month('2026-10')).t1.total.reoffendThisYear).toBe(0);
    // The 衔接's change goes through the step forms.
    const handover = undone.statusChanges.find((s) => s.fromStatus === '待衔接' || s.toStatus === '在册帮教')!;
    expect((await fails(call(ctx(), 'released.voidStatus', { id, changeId: handover.id, reason: '错' }))).code).toBe('CONFLICT');
  });
});

describe('期满解除 corrected', () => {
  it('stays on or after the 期满日, and writes nothing when refused', async () => {
    const id = (await ok(call(ctx(), 'released.register', { residentId: town.resident('期满人', { gridId: town.grids.east }), releaseDate: '2021-03-01', handoverOn: '2021-03-02', handoverCode: '06' }))).id;
    const termEnd = (await ok(call(ctx(), 'released.get', { id }))).termEnd;
    const ended = (await ok(call(ctx(), 'released.changeStatus', { id, to: '期满解除', date: termEnd, reason: '帮教期满' }))).statusChanges.at(-1)!;
    const before = [town.count('revision'), town.count('status_change', `id = ${ended.id} and date = '${termEnd}'`)];
    const early = await fails(call(ctx(), 'released.correctStatus', { id, changeId: ended.id, date: '2021-03-05', reason: '改' }));
    expect(early.message).toContain(`早于期满日（${termEnd}）`);
    expect([town.count('revision'), town.count('status_change', `id = ${ended.id} and date = '${termEnd}'`)]).toEqual(before);
  });
});

describe('衔接 voided back to 待衔接, 分类评估 corrected and voided', () => {
  async function fromNotice() {
    const who = town.resident('通知人', { gridId: town.grids.east });
    const id = (await ok(call(ctx(), 'released.register', { residentId: who, noticeReceivedOn: '2026-05-20', releaseDate: '2026-06-01' }))).id;
    await ok(call(ctx(), 'released.handover', { id, date: '2026-06-02', code: '06' }));
    return { id, who };
  }

  it('voids a 衔接 nothing rests on: 待衔接 again from the notice date, off T1; refuses one with a 报到 after it, and one that is the registration', async () => {
    const { id, who } = await fromNotice();
    const back = await ok(call(ctx(), 'released.voidStep', { id, step: 'handover', reason: '接回的不是本人' }));
    expect(back).toMatchObject({ status: '待衔接', statusSince: '2026-05-20', handoverOn: null, handoverCode: null });
    expect(back.statusChanges.map((s) => s.toStatus)).toEqual(['待衔接']);
    expect((await ok(call(ctx(), 'indicators.month', { month: '2026-06' }))).t1.total.registered).toBe(0);
    const titles = (await ok(call(ctx(), 'person.timeline', { residentId: who }))).events.map((e) => `${e.title}|${e.detail}`);
    expect(titles.some((t) => t.startsWith('作废衔接|') && t.includes('接回的不是本人'))).toBe(true);

    await ok(call(ctx(), 'released.handover', { id, date: '2026-06-03', code: '06' }));
    await ok(call(ctx(), 'released.report', { id, date: '2026-06-05' }));
    const before = [town.count('revision'), town.count('status_change', 'voided_on is null')];
    const refused = await fails(call(ctx(), 'released.voidStep', { id, step: 'handover', reason: '错' }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('已办理报到（2026-06-05）');
    expect([town.count('revision'), town.count('status_change', 'voided_on is null')]).toEqual(before);
    // Registered directly as handed over: the 衔接 is the registration.
    const direct = (await ok(call(ctx(), 'released.register', { residentId: town.resident('直接人', { gridId: town.grids.east }), releaseDate: '2026-06-01', handoverOn: '2026-06-02', handoverCode: '06' }))).id;
    expect((await fails(call(ctx(), 'released.voidStep', { id: direct, step: 'handover', reason: '错' }))).message).toContain('直接登记');
  });

  it('a corrected or voided 分类评估 moves the class the month counts; the registration’s keeps its date and stays', async () => {
    const { id } = await fromNotice();
    const key = async (m: string) => (await ok(call(ctx(), 'indicators.month', { month: m }))).t1.total.key;
    const assessed = await ok(call(ctx(), 'released.assess', { id, date: '2026-08-01', class: 'key', reason: '有再犯倾向' }));
    const [reg, later] = assessed.assessments;
    expect(await key('2026-08')).toBe(1);
    const fixed = await ok(call(ctx(), 'released.correctAssessment', { id, assessmentId: later!.id, date: '2026-09-10', class: 'key', reason: '评估会议日期' }));
    expect(fixed).toMatchObject({ class: 'key', classAssessedOn: '2026-09-10' });
    expect(await key('2026-08')).toBe(0);
    expect(await key('2026-09')).toBe(1);
    const voided = await ok(call(ctx(), 'released.voidAssessment', { id, assessmentId: later!.id, reason: '评估对象弄错' }));
    expect(voided).toMatchObject({ class: 'general', classAssessedOn: reg!.date });
    expect(voided.assessments.map((a) => a.id)).toEqual([reg!.id]);
    expect(await key('2026-09')).toBe(0);

    const before = [town.count('revision'), town.count('released_assessment', 'voided_on is null')];
    expect((await fails(call(ctx(), 'released.voidAssessment', { id, assessmentId: reg!.id, reason: '错' }))).message).toContain('登记时确定的分类');
    expect((await fails(call(ctx(), 'released.correctAssessment', { id, assessmentId: reg!.id, date: '2026-06-01', class: 'general', reason: '改' }))).message).toContain('只能更正分类');
    expect((await fails(call(ctx(), 'released.correctAssessment', { id, assessmentId: reg!.id, date: reg!.date, class: 'general', reason: '改' }))).message).toContain('没有改动');
    expect((await fails(call(ctx(), 'released.correctAssessment', { id, assessmentId: later!.id, date: '2026-09-10', class: 'key', reason: '改' }))).code).toBe('NOT_FOUND');
    expect([town.count('revision'), town.count('released_assessment', 'voided_on is null')]).toEqual(before);
    // The registration's class itself may be corrected.
    expect((await ok(call(ctx(), 'released.correctAssessment', { id, assessmentId: reg!.id, date: reg!.date, class: 'key', reason: '登记时选错' }))).class).toBe('key');
  });
});
