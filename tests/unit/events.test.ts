// The event desk (issue 12): the flow with its refused transitions and their Chinese reasons, working-day deadlines
// around 国庆 2026 and a 调休 Saturday with the town's corrections winning, attachments' limits and bad input, and a
// failed write leaving the database as it was. Real SQLite files, through dispatch.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_COUNT } from '../../electron/core/events/attachments';
import { eventDeadlines } from '../../shared/rules/eventMachine';
import { addDays } from '../../shared/rules/dates';
import { addWorkdays, workdaysBetween } from '../../shared/rules/workdays';
import { indexedCounter } from '../../electron/core/events/calendar';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { fails, ok, twoVillageTown } from '../helpers/results';

let t: TempLedger;
let town: Awaited<ReturnType<typeof twoVillageTown>>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

beforeEach(async () => {
  t = openTempLedger({ today: '2026-11-23' });
  town = await twoVillageTown(t.ctx);
});
afterEach(() => t.close());

const report = (over: Record<string, unknown> = {}) =>
  ok(call(t.ctx, 'event.create', { source: '网格员巡查', category: 'D02', villageId: town.villageId, gridId: town.gridId, title: '排水沟堵塞引发邻里争执', reportedOn: '2026-11-02', parties: [{ name: '王某' }, { name: '李某', role: '对方当事人' }], ...over }));
const step = (id: number, s: string, on: string, extra: Record<string, unknown> = {}) => call(t.ctx, 'event.step', { id, step: s, on, ...extra });
const count = (table: string) => (t.ctx.ledger.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('the flow', () => {
  it('上报 → 受理 → 分流派遣 → 处置 → 核查 → 办结 → 评价, each step dated with its note and by whom', async () => {
    const e = await report();
    expect(e.number).toBe('SJ20261100001');
    expect(e.state).toBe('reported');
    expect(e.parties.map((p) => `${p.name}/${p.role}`)).toEqual(['王某/当事人', '李某/对方当事人']);
    await ok(step(e.id, 'accept', '2026-11-03', { note: '已受理' }));
    await ok(step(e.id, 'supervise', '2026-11-04', { note: '请尽快分流' }));
    await ok(step(e.id, 'dispatch', '2026-11-04', { assignee: '综治工作平台' }));
    await ok(step(e.id, 'handle', '2026-11-05', { note: '现场调解' }));
    await ok(step(e.id, 'check', '2026-11-06'));
    await ok(step(e.id, 'close', '2026-11-06'));
    const done = await ok(step(e.id, 'rate', '2026-11-09', { satisfaction: '满意' }));
    expect(done.state).toBe('rated');
    expect(done.stateLabel).toBe('已评价');
    expect(done.satisfaction).toBe('1');
    expect(done.assignee).toBe('综治工作平台');
    expect(done.supervised).toBe(1);
    expect(done.steps.map((s) => s.label)).toEqual(['上报', '受理', '督办', '分流派遣', '处置', '核查', '办结', '评价']);
    expect(done.steps.every((s) => s.byName === '本机用户')).toBe(true);
    expect(done.deadlines.map((d) => [d.kind, d.dueOn, d.status])).toEqual([
      ['accept', '2026-11-04', 'onTime'],
      ['dispatch', '2026-11-06', 'onTime'],
      ['close', '2026-11-11', 'onTime'],
    ]);
    expect(done.next.filter((n) => n.available)).toEqual([]);
  });

  it('refuses steps out of order with the machine’s Chinese reasons', async () => {
    const e = await report();
    expect((await fails(step(e.id, 'close', '2026-11-03'))).message).toBe('事件 SJ20261100001：事件当前为「已上报」，办结须在「已核查」时办理');
    expect((await fails(step(e.id, 'return', '2026-11-03', { note: '退回' }))).message).toContain('事件尚未受理，没有可退回的环节');
    await ok(step(e.id, 'accept', '2026-11-03'));
    const noAssignee = await fails(step(e.id, 'dispatch', '2026-11-04'));
    expect(noAssignee.code).toBe('VALIDATION');
    expect(noAssignee.message).toContain('请选择或填写承办单位');
    expect((await fails(step(e.id, 'accept', '2026-11-04'))).message).toContain('受理须在「已上报」时办理');
    expect((await fails(step(e.id, 'dispatch', '2026-11-01', { assignee: '某村' }))).message).toContain('早于上一步的日期');
    expect((await fails(step(e.id, 'dispatch', '2026-11-24', { assignee: '某村' }))).message).toContain('晚于今天');
    expect((await fails(step(e.id, 'supervise', '2026-11-04'))).message).toContain('请填写督办意见');
    // The page lists the same reasons.
    const page = await ok(call(t.ctx, 'event.get', { id: e.id }));
    expect(page.next.find((n) => n.step === 'close')).toMatchObject({ available: false, reason: '事件当前为「已受理」，办结须在「已核查」时办理' });
    expect(page.next.find((n) => n.step === 'dispatch')).toMatchObject({ available: true, needs: { assignee: true } });
  });

  it('退回 goes back one step with its reason, and restarts that step’s clock', async () => {
    const e = await report();
    await ok(step(e.id, 'accept', '2026-11-03'));
    await ok(step(e.id, 'dispatch', '2026-11-04', { assignee: '市场监管平台' }));
    expect((await fails(step(e.id, 'return', '2026-11-05'))).message).toContain('请填写退回原因');
    const back = await ok(step(e.id, 'return', '2026-11-05', { note: '不属本平台职责' }));
    expect(back.state).toBe('accepted');
    // 分流 counts again from the 退回 (Thursday 5th + 3 = Tuesday 10th); the 办结 clock is gone until a new 分流.
    expect(back.deadlines.map((d) => [d.kind, d.startOn, d.dueOn])).toEqual([
      ['accept', '2026-11-02', '2026-11-04'],
      ['dispatch', '2026-11-05', '2026-11-10'],
    ]);
    const rated = await ok(step(e.id, 'dispatch', '2026-11-05', { assignee: '综合执法平台' }));
    expect(rated.assignee).toBe('综合执法平台');
    await ok(step(e.id, 'handle', '2026-11-06'));
    await ok(step(e.id, 'check', '2026-11-06'));
    await ok(step(e.id, 'close', '2026-11-06'));
    expect((await fails(step(e.id, 'return', '2026-11-07', { note: 'x' }))).message).toContain('事件已办结，不能再退回');
    expect((await fails(step(e.id, 'rate', '2026-11-07'))).message).toContain('请选择群众满意度');
    expect((await fails(step(e.id, 'rate', '2026-11-07', { satisfaction: '非常好' }))).message).toContain('群众满意度「非常好」不在代码表中');
    await ok(step(e.id, 'rate', '2026-11-07', { satisfaction: '基本满意' }));
    expect((await fails(step(e.id, 'rate', '2026-11-08', { satisfaction: '满意' }))).message).toContain('事件已评价，不能重复评价');
  });

  it('a voided event takes no more steps and leaves the list', async () => {
    const e = await report();
    await ok(call(t.ctx, 'event.void', { id: e.id, on: '2026-11-03', reason: '重复上报' }));
    expect((await fails(step(e.id, 'accept', '2026-11-03'))).message).toContain('事件已于2026年11月3日作废');
    expect((await fails(call(t.ctx, 'event.void', { id: e.id, on: '2026-11-03', reason: '再作废' }))).code).toBe('CONFLICT');
    expect((await ok(call(t.ctx, 'event.list', {}))).total).toBe(0);
    expect((await ok(call(t.ctx, 'event.list', { includeVoided: true }))).rows[0]!.voided).toEqual({ on: '2026-11-03', reason: '重复上报' });
  });
});

describe('deadlines in working days', () => {
  it('an event reported on the last working day before 国庆 2026 is due after the holiday; the 调休 Saturday counts', async () => {
    const e = await report({ reportedOn: '2026-09-30' });
    // 受理: 2 working days after Wednesday 30 September = Friday 9 October (1–7 October off, 8th and 9th worked).
    expect(e.deadlines[0]).toMatchObject({ kind: 'accept', startOn: '2026-09-30', dueOn: '2026-10-09', status: 'overdue' });
    await ok(step(e.id, 'accept', '2026-10-09'));
    // 分流: 3 working days after Friday 9th = Saturday 10th (调休, worked), Monday 12th, Tuesday 13th.
    const d = await ok(step(e.id, 'dispatch', '2026-10-13', { assignee: '综治工作平台' }));
    expect(d.deadlines.map((x) => [x.kind, x.dueOn, x.status])).toEqual([
      ['accept', '2026-10-09', 'onTime'],
      ['dispatch', '2026-10-13', 'onTime'],
      ['close', '2026-10-20', 'overdue'],
    ]);
    // As of 21 October, the 办结 limit is one working day late.
    expect(d.deadlines[2]!.daysLate).toBe(24);
    const asOf = await ok(call(t.ctx, 'event.get', { id: e.id, date: '2026-10-21' }));
    expect(asOf.deadlines[2]).toMatchObject({ status: 'overdue', daysLate: 1 });
    expect(asOf.nextDue).toMatchObject({ kind: 'close', dueOn: '2026-10-20' });
  });

  it('the town’s corrections win: a day made a holiday pushes the due date, a Saturday made a workday pulls it', async () => {
    // Friday 6 November + 2 working days = Tuesday 10th.
    const plain = await report({ reportedOn: '2026-11-06' });
    expect(plain.deadlines[0]!.dueOn).toBe('2026-11-10');
    await ok(call(t.ctx, 'calendar.set', { date: '2026-11-09', workday: false, note: '镇里补休' }));
    expect((await ok(call(t.ctx, 'event.get', { id: plain.id }))).deadlines[0]!.dueOn).toBe('2026-11-11');
    await ok(call(t.ctx, 'calendar.set', { date: '2026-11-07', workday: true, note: '周六加班' }));
    expect((await ok(call(t.ctx, 'event.get', { id: plain.id }))).deadlines[0]!.dueOn).toBe('2026-11-10');
    expect(await ok(call(t.ctx, 'calendar.list', { year: 2026 }))).toEqual([
      { date: '2026-11-07', workday: true, note: '周六加班', national: false },
      { date: '2026-11-09', workday: false, note: '镇里补休', national: true },
    ]);
    await ok(call(t.ctx, 'calendar.clear', { date: '2026-11-07' }));
    await ok(call(t.ctx, 'calendar.clear', { date: '2026-11-09' }));
    expect((await ok(call(t.ctx, 'event.get', { id: plain.id }))).deadlines[0]!.dueOn).toBe('2026-11-10');
    expect(await ok(call(t.ctx, 'calendar.status', { date: '2026-11-23' }))).toMatchObject({ year: 2026, known: true, corrections: 0 });
    expect((await fails(call(t.ctx, 'calendar.set', { date: '2026-13-01', workday: true }))).message).toContain('日期不是有效日期');
  });

  it('the limits are rule settings', async () => {
    await ok(call(t.ctx, 'rules.set', { changes: { eventAcceptDays: 5 } }));
    const e = await report({ reportedOn: '2026-11-02' });
    expect(e.deadlines[0]!.dueOn).toBe('2026-11-09');
  });

  it('the overdue filter lists open events whose running limit is past due', async () => {
    const late = await report({ reportedOn: '2026-11-02', title: '逾期未受理' });
    const fresh = await report({ reportedOn: '2026-11-20', title: '刚上报' });
    const list = await ok(call(t.ctx, 'event.list', { overdue: true }));
    expect(list.rows.map((r) => r.id)).toEqual([late.id]);
    expect((await ok(call(t.ctx, 'event.list', {}))).rows.map((r) => r.id)).toEqual([fresh.id, late.id]);
  });

  it('the indexed working-day counter the lists use agrees with the day-by-day rule, inside and outside its range', () => {
    const own = new Map([['2026-10-10', false], ['2026-11-07', true]]);
    const fast = indexedCounter(own, '2026-09-15', '2026-11-15');
    for (let d = '2026-09-01'; d <= '2026-11-30'; d = addDays(d, 1)) {
      for (let n = 0; n <= 8; n++) expect(fast.add(d, n), `${d} + ${n}`).toBe(addWorkdays(d, n, own));
      expect(fast.between('2026-09-20', d), d).toBe(workdaysBetween('2026-09-20', d, own));
    }
  });

  it('今日待办 lists each open event’s running limit, overdue or soon due, and not a closed one', async () => {
    const late = await report({ reportedOn: '2026-11-02', title: '逾期未受理' });
    const routed = await report({ reportedOn: '2026-11-18', title: '待办结' });
    await ok(step(routed.id, 'accept', '2026-11-18'));
    await ok(step(routed.id, 'dispatch', '2026-11-19', { assignee: '便民服务平台' }));
    const done = await report({ reportedOn: '2026-11-02', title: '已办结' });
    for (const [s, on, extra] of [['accept', '2026-11-02'], ['dispatch', '2026-11-02', { assignee: '村' }], ['handle', '2026-11-03'], ['check', '2026-11-03'], ['close', '2026-11-03']] as const) {
      await ok(step(done.id, s, on, extra));
    }
    const due = await ok(call(t.ctx, 'due.list', { date: '2026-11-23' }));
    const events = due.items.filter((i) => i.ledger === 'event');
    expect(events.map((i) => [i.kind, i.name, i.dueDate, i.state, i.daysLate])).toEqual([
      ['事件受理', `${late.number} 逾期未受理`, '2026-11-04', '逾期', 19],
      // Dispatched Thursday 19th: 5 working days → Thursday 26th.
      ['事件办结', `${routed.number} 待办结`, '2026-11-26', '即将到期', -3],
    ]);
    expect(events[0]).toMatchObject({ villageId: town.villageId, gridId: town.gridId, entryId: late.id });
    expect(due.counts['事件受理']).toEqual({ overdue: 1, today: 0, upcoming: 0 });
    expect((await ok(call(t.ctx, 'due.list', { date: '2026-11-23', villageId: town.otherVillageId }))).items.filter((i) => i.ledger === 'event')).toEqual([]);
  });

  it('pure: steps after the as-of date are not seen', () => {
    const steps = [
      { action: 'report', toState: 'reported', on: '2026-11-02' },
      { action: 'accept', toState: 'accepted', on: '2026-11-10' },
    ];
    const limits = { eventAcceptDays: 2, eventRouteDays: 3, eventCloseDays: 5 };
    expect(eventDeadlines(steps, limits, new Map(), '2026-11-05').map((d) => d.status)).toEqual(['overdue']);
    expect(eventDeadlines(steps, limits, new Map(), '2026-11-10').map((d) => [d.status, d.daysLate])).toEqual([['late', 4], ['open', 0]]);
  });
});

describe('input and attachments', () => {
  it('refuses bad input with a Chinese message naming the field', async () => {
    const base = { source: '来电', category: 'D01', villageId: town.villageId, title: '家庭矛盾', reportedOn: '2026-11-02' };
    expect((await fails(call(t.ctx, 'event.create', { ...base, title: '' }))).message).toContain('请填写事件标题');
    expect((await fails(call(t.ctx, 'event.create', { ...base, source: '微信' }))).message).toContain('事件来源「微信」不在代码表中');
    expect((await fails(call(t.ctx, 'event.create', { ...base, category: 'X99' }))).message).toContain('事件类别「X99」不在类别表中');
    expect((await fails(call(t.ctx, 'event.create', { ...base, gridId: town.otherGridId }))).message).toContain('不属于所选的村（社区）');
    expect((await fails(call(t.ctx, 'event.create', { ...base, reportedOn: '2026-12-01' }))).message).toContain('晚于今天');
    expect((await fails(call(t.ctx, 'event.create', { ...base, parties: [{ phone: '123456' }] }))).message).toContain('请选择当事人或填写当事人姓名');
    expect((await fails(call(t.ctx, 'event.create', { ...base, involved: 0 }))).message).toContain('涉及人数至少为 1');
    expect((await fails(call(t.ctx, 'event.create', { ...base, parties: [{ residentId: 999 }] }))).message).toContain('第 1 位当事人：找不到编号为 999 的居民');
    expect(count('event')).toBe(0);
  });

  it('attachments: kind by magic bytes, 5 MB each, 20 per event; a bad one leaves nothing behind', async () => {
    const png = join(t.dir, '现场.png');
    writeFileSync(png, PNG);
    const fake = join(t.dir, '伪装.jpg');
    writeFileSync(fake, 'not really a jpeg');
    const big = join(t.dir, '大图.png');
    writeFileSync(big, Buffer.concat([PNG, Buffer.alloc(ATTACHMENT_MAX_BYTES)]));
    const empty = join(t.dir, '空.pdf');
    writeFileSync(empty, '');
    // One bad file refuses the whole report: no event, no party, no step, no file.
    const refused = await fails(call(t.ctx, 'event.create', { source: '来电', category: 'D01', villageId: town.villageId, title: '带附件', reportedOn: '2026-11-02', parties: [{ name: '甲' }], attachments: [png, fake] }));
    expect(refused.message).toContain('第 2 个附件「伪装.jpg」不是可接受的文件');
    for (const table of ['event', 'event_party', 'event_step', 'event_attachment']) expect(count(table)).toBe(0);
    const e = await report({ attachments: [png] });
    expect(e.attachments).toMatchObject([{ name: '现场.png', mime: 'image/png', size: PNG.length }]);
    expect((await fails(call(t.ctx, 'event.attachment.add', { eventId: e.id, path: big }))).message).toContain('每个附件不超过 5 MB');
    expect((await fails(call(t.ctx, 'event.attachment.add', { eventId: e.id, path: empty }))).message).toContain('是空文件');
    expect((await fails(call(t.ctx, 'event.attachment.add', { eventId: e.id, path: join(t.dir, '没有.png') }))).message).toContain('文件不存在');
    expect((await fails(call(t.ctx, 'event.attachment.add', { eventId: e.id, path: 'relative.png' }))).message).toContain('完整路径');
    for (let i = 1; i < ATTACHMENT_MAX_COUNT; i++) await ok(call(t.ctx, 'event.attachment.add', { eventId: e.id, path: png }));
    expect((await fails(call(t.ctx, 'event.attachment.add', { eventId: e.id, path: png }))).message).toContain('每个事件最多 20 个附件');
    const got = await ok(call(t.ctx, 'event.attachment.get', { id: e.attachments[0]!.id }));
    expect(Buffer.from(got.base64, 'base64').equals(PNG)).toBe(true);
    expect(await ok(call(t.ctx, 'event.attachment.remove', { eventId: e.id, attachmentId: got.id }))).toEqual({ removed: true });
    expect((await fails(call(t.ctx, 'event.attachment.remove', { eventId: e.id, attachmentId: got.id }))).code).toBe('NOT_FOUND');
  });

  it('a refused step changes nothing', async () => {
    const e = await report();
    const before = t.ctx.ledger.sqlite.prepare('select * from event').all();
    const steps = count('event_step');
    await fails(step(e.id, 'dispatch', '2026-11-03', { assignee: '某村' }));
    expect(t.ctx.ledger.sqlite.prepare('select * from event').all()).toEqual(before);
    expect(count('event_step')).toBe(steps);
  });

  it('a visit’s finding becomes an event that names the visit; another record kind is refused', async () => {
    const hh = await ok(call(t.ctx, 'household.create', { gridId: town.gridId, address: '柳河村8号', tags: [] }));
    const visit = await ok(call(t.ctx, 'record.add', { kind: 'visit', householdId: hh.id, date: '2026-11-01', method: '家访', staffName: '张三', content: '发现宅基地争议' }));
    const e = await report({ sourceRecordId: visit.id });
    expect(e.sourceRecordId).toBe(visit.id);
    expect((await fails(call(t.ctx, 'event.create', { source: '来电', category: 'D01', villageId: town.villageId, title: 'x', reportedOn: '2026-10-30', sourceRecordId: visit.id }))).message).toContain('早于走访日期');
  });
});

describe('categories and the export', () => {
  it('the town adds its own categories beside the built-in ones and closes them; built-in ones stay', async () => {
    const own = await ok(call(t.ctx, 'eventCategory.create', { name: '养犬扰民', kind: 'event' }));
    expect(own).toEqual({ code: 'T01', name: '养犬扰民', kind: 'event', builtIn: false, closedOn: null });
    expect((await fails(call(t.ctx, 'eventCategory.create', { name: '养犬扰民', kind: 'event' }))).code).toBe('CONFLICT');
    expect((await fails(call(t.ctx, 'eventCategory.create', { name: '邻里纠纷', kind: 'dispute' }))).message).toContain('已有名为「邻里纠纷」的事件类别（D02）');
    const e = await report({ category: '养犬扰民' });
    expect(e).toMatchObject({ category: 'T01', categoryName: '养犬扰民', categoryKind: 'event' });
    await ok(call(t.ctx, 'eventCategory.close', { code: 'T01', on: '2026-11-10' }));
    expect((await fails(call(t.ctx, 'eventCategory.close', { code: 'D02', on: '2026-11-10' }))).message).toContain('内置');
    expect((await fails(call(t.ctx, 'event.create', { source: '来电', category: 'T01', villageId: town.villageId, title: '又有犬吠', reportedOn: '2026-11-20' }))).message).toContain('已于2026年11月10日停用');
    const listed = await ok(call(t.ctx, 'eventCategory.list', {}));
    expect(listed.some((c) => c.code === 'T01')).toBe(false);
    expect(listed.filter((c) => c.kind === 'dispute')).toHaveLength(12);
  });

  it('exports the filtered list as xlsx', async () => {
    await report({ title: '第一件' });
    await report({ title: '第二件', villageId: town.otherVillageId, gridId: town.otherGridId });
    const path = join(t.dir, '事件.xlsx');
    expect(await ok(call(t.ctx, 'event.export', { path, villageId: town.villageId }))).toEqual({ path, rows: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0]!;
    const text: string[] = [];
    ws.eachRow((r) => text.push(r.values!.toString()));
    expect(text.join('\n')).toContain('第一件');
    expect(text.join('\n')).not.toContain('第二件');
  });
});
