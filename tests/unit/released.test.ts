// 刑满释放人员 (安置帮教) ledger through its channels, against a real SQLite file: the whole life of a released person,
// every refused transition, date-order refusals, the list's filters and the 台账 export read back.
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELEASED_STATUSES, type ReleasedStatus } from '../../shared/codes/ledger';
import { allowedTransitions } from '../../shared/rules/ledgerRules';
import { checkDigit } from '../../shared/rules/idNumber';
import { call } from '../../electron/core/dispatch';
import { addPerson } from '../helpers/people';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { fails, ok } from '../helpers/results';

let t: TempLedger;
let villageA: number;
let villageB: number;
let gridA: number;
let gridB: number;
let seq = 0;


function addResident(name: string, opts: { gridId?: number | null; phone?: string; birth?: string } = {}) {
  seq++;
  const birth = opts.birth ?? '1990-01-01';
  const first17 = `320121${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const idNumber = first17 + checkDigit(first17);
  const id = addPerson(t.ctx, { idNumber, name, gridId: opts.gridId === undefined ? gridA : opts.gridId, phone: opts.phone ?? '', currentAddress: `柳河村${seq}号` });
  return { id, idNumber };
}

function addHelpRecord(entryId: number, date: string) {
  t.ctx.ledger.sqlite
    .prepare(`insert into record (kind, ledger, entry_id, date, method, staff_name, content, created_at) values ('help', 'released', ?, ?, '家访', '李司法', '谈心谈话', ?)`)
    .run(entryId, date, new Date().toISOString());
}

const count = (sql: string, ...params: unknown[]) => (t.ctx.ledger.sqlite.prepare(sql).get(...params) as { n: number }).n;

beforeEach(async () => {
  seq = 0;
  t = openTempLedger();
  await ok(call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100000' }));
  villageA = (await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '柳河村' }))).id;
  villageB = (await ok(call(t.ctx, 'village.create', { code: '320121100001', name: '东关社区' }))).id;
  gridA = (await ok(call(t.ctx, 'grid.create', { villageId: villageA, kind: '综合网格', name: '柳河第一网格' }))).id;
  gridB = (await ok(call(t.ctx, 'grid.create', { villageId: villageB, kind: '综合网格', name: '东关第一网格' }))).id;
});
afterEach(() => t.close());

/** Registered directly with the 衔接 done: 在册帮教 from the 衔接 date. */
async function registerDirect(residentId: number, releaseDate: string, handoverOn: string, over: Record<string, unknown> = {}) {
  return ok(call(t.ctx, 'released.register', { residentId, releaseDate, handoverOn, handoverCode: '06', prison: '南京监狱', ...over }));
}

describe('the life of a released person', () => {
  it('goes from a notice through 衔接, 报到, 小组, 帮教记录, 分类 to 期满解除, with every due item moving', async () => {
    const zhang = addResident('张三');

    // 释放通知书 received 2026-10-20 for a release on 2026-11-05 → 待衔接, 待登记衔接 due 7 days after the notice.
    const reg = await ok(
      call(t.ctx, 'released.register', {
        residentId: zhang.id,
        noticeReceivedOn: '2026-10-20',
        prison: '江苏省南京监狱',
        crime: '侵犯财产罪',
        sentence: '3年6个月',
        releaseDate: '2026-11-05',
      }),
    );
    expect(reg).toMatchObject({ status: '待衔接', statusSince: '2026-10-20', crime: '05', termEnd: '2031-11-05', class: 'general', villageName: '柳河村' });
    expect(reg.statusChanges).toEqual([expect.objectContaining({ fromStatus: null, toStatus: '待衔接', date: '2026-10-20' })]);
    expect(reg.dues.map((d) => [d.kind, d.dueDate, d.state, d.daysLate])).toEqual([
      ['待登记衔接', '2026-10-27', '逾期', 27],
      ['报到逾期', '2026-12-05', null, -12],
    ]);
    expect(reg.nextDue).toMatchObject({ kind: '待登记衔接', state: '逾期' });

    // One open entry per resident.
    const dup = await fails(call(t.ctx, 'released.register', { residentId: zhang.id, releaseDate: '2026-11-05' }));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toContain('不能重复登记');

    // 衔接 → 在册帮教; the 待登记衔接 item is gone, 分类复评 counts from the 衔接.
    const h = await ok(call(t.ctx, 'released.handover', { id: reg.id, date: '2026-11-05', code: '司法所接回' }));
    expect(h).toMatchObject({ status: '在册帮教', statusSince: '2026-11-05', handoverOn: '2026-11-05', handoverCode: '03' });
    expect(h.statusChanges.map((s) => `${s.fromStatus}→${s.toStatus}@${s.date}`)).toEqual(['null→待衔接@2026-10-20', '待衔接→在册帮教@2026-11-05']);
    expect(h.dues.map((d) => d.kind)).not.toContain('待登记衔接');
    expect(h.dues.find((d) => d.kind === '分类复评')?.dueDate).toBe('2027-05-05');
    expect(h.dues.find((d) => d.kind === '期满待解除')?.dueDate).toBe('2031-11-05');
    expect((await fails(call(t.ctx, 'released.handover', { id: reg.id, date: '2026-11-06', code: '03' }))).message).toContain('已于2026-11-05办理衔接');

    // 报到 → 报到逾期 gone, 首次走访 due 7 days after it (overdue on 2026-11-23).
    const rep = await ok(call(t.ctx, 'released.report', { id: reg.id, date: '2026-11-06' }));
    expect(rep.reportedOn).toBe('2026-11-06');
    expect(rep.dues.map((d) => d.kind)).not.toContain('报到逾期');
    expect(rep.dues.find((d) => d.kind === '首次走访')).toMatchObject({ dueDate: '2026-11-13', state: '逾期', daysLate: 10 });
    expect(rep.nextDue).toMatchObject({ kind: '首次走访', dueDate: '2026-11-13' });

    // 帮教小组 and 帮教协议.
    const team = await ok(
      call(t.ctx, 'released.team', {
        id: reg.id,
        members: [
          { name: '李司法', role: '组长', phone: '025-12345678' },
          { name: '王网格', role: '网格员' },
        ],
      }),
    );
    expect(team.teamSize).toBe(2);
    expect(team.team.map((m) => [m.name, m.role])).toEqual([
      ['李司法', '01'],
      ['王网格', '03'],
    ]);
    const agreed = await ok(call(t.ctx, 'released.agreement', { id: reg.id, date: '2026-11-08' }));
    expect(agreed.agreementSignedOn).toBe('2026-11-08');

    // The first 帮教记录 clears 首次走访 and starts the 帮教走访 cycle (一般: 3 months).
    addHelpRecord(reg.id, '2026-11-10');
    const afterVisit = await ok(call(t.ctx, 'released.get', { id: reg.id }));
    expect(afterVisit.lastHelpOn).toBe('2026-11-10');
    expect(afterVisit.dues.map((d) => d.kind)).not.toContain('首次走访');
    expect(afterVisit.dues.find((d) => d.kind === '帮教走访')?.dueDate).toBe('2027-02-10');

    // 分类 to 重点: the visit cycle shrinks to a month and 分类复评 counts from the assessment.
    const assessed = await ok(call(t.ctx, 'released.assess', { id: reg.id, date: '2026-11-20', class: '重点', reason: '涉毒，家庭关系紧张' }));
    expect(assessed).toMatchObject({ class: 'key', classAssessedOn: '2026-11-20' });
    expect(assessed.assessments.map((a) => [a.date, a.class])).toEqual([
      ['2026-10-20', 'general'],
      ['2026-11-20', 'key'],
    ]);
    expect(assessed.dues.find((d) => d.kind === '帮教走访')?.dueDate).toBe('2026-12-10');
    expect(assessed.dues.find((d) => d.kind === '分类复评')?.dueDate).toBe('2027-05-20');
    expect(assessed.nextDue).toMatchObject({ kind: '帮教走访', dueDate: '2026-12-10', state: null });

    // 安置.
    const placed = await ok(call(t.ctx, 'released.place', { id: reg.id, code: '公益性岗位安置', date: '2026-11-15' }));
    expect(placed).toMatchObject({ placed: true, placementCode: '02', placedOn: '2026-11-15', unplacedReason: '' });

    // 期满解除 is refused before the 期满日.
    const early = await fails(call(t.ctx, 'released.changeStatus', { id: reg.id, to: '期满解除', date: '2026-11-23', reason: '期满' }));
    expect(early.code).toBe('VALIDATION');
    expect(early.message).toContain('尚未期满');
    expect((await ok(call(t.ctx, 'released.get', { id: reg.id }))).status).toBe('在册帮教');
  });

  it('accepts 期满解除 on the 期满日, not the day before, and then closes the entry', async () => {
    const li = addResident('李四');
    const e = await registerDirect(li.id, '2021-11-23', '2021-11-25');
    expect(e).toMatchObject({ status: '在册帮教', termEnd: '2026-11-23' });
    expect(e.statusChanges).toHaveLength(1);
    expect(e.dues.find((d) => d.kind === '期满待解除')).toMatchObject({ dueDate: '2026-11-23', state: '今日到期', daysLate: 0 });

    const dayBefore = await fails(call(t.ctx, 'released.changeStatus', { id: e.id, to: '期满解除', date: '2026-11-22', reason: '帮教期满' }));
    expect(dayBefore.code).toBe('VALIDATION');
    expect(dayBefore.message).toContain('期满日为2026年11月23日');

    const ended = await ok(call(t.ctx, 'released.changeStatus', { id: e.id, to: '期满解除', date: '2026-11-23', reason: '帮教期满' }));
    expect(ended).toMatchObject({ status: '期满解除', statusSince: '2026-11-23', nextDue: null, dues: [] });
    expect(ended.statusChanges.at(-1)).toMatchObject({ fromStatus: '在册帮教', toStatus: '期满解除', reason: '帮教期满' });

    // Closed: not in the default list, in 全部; no more steps.
    expect((await ok(call(t.ctx, 'released.list', {}))).map((r) => r.id)).not.toContain(e.id);
    expect((await ok(call(t.ctx, 'released.list', { status: '全部' }))).map((r) => r.id)).toContain(e.id);
    expect((await fails(call(t.ctx, 'released.report', { id: e.id, date: '2026-11-23' }))).code).toBe('CONFLICT');
    expect((await fails(call(t.ctx, 'released.team', { id: e.id, members: [] }))).message).toContain('帮教已结束');
    const again = await fails(call(t.ctx, 'released.changeStatus', { id: e.id, to: '在册帮教', date: '2026-11-23', reason: '误操作' }));
    expect(again).toMatchObject({ code: 'CONFLICT' });
    expect(again.message).toContain('已结束帮教');

    // A closed entry frees the resident for a new one (e.g. after a new sentence).
    const next = await registerDirect(li.id, '2026-11-01', '2026-11-02');
    expect(next.id).not.toBe(e.id);
    expect(count('select count(*) as n from released_person where resident_id = ?', li.id)).toBe(2);
  });

  it('goes 脱管 and back, and 期满解除 needs the person found first', async () => {
    const w = addResident('王五');
    const e = await registerDirect(w.id, '2020-06-01', '2020-06-03');
    const lost = await ok(call(t.ctx, 'released.changeStatus', { id: e.id, to: '脱管', date: '2026-10-01', reason: '电话停机，家属称外出务工' }));
    expect(lost).toMatchObject({ status: '脱管', statusSince: '2026-10-01' });
    // 脱管 stops 报到逾期 but keeps 期满待解除 (the 期满日 2025-06-01 is past).
    expect(lost.dues.map((d) => d.kind)).toEqual(['分类复评', '期满待解除']);

    const notFound = await fails(call(t.ctx, 'released.changeStatus', { id: e.id, to: '期满解除', date: '2026-11-01', reason: '期满' }));
    expect(notFound.code).toBe('CONFLICT');
    expect(notFound.message).toContain('须先恢复为「在册帮教」');

    const tooEarly = await fails(call(t.ctx, 'released.changeStatus', { id: e.id, to: '在册帮教', date: '2026-09-30', reason: '已找到' }));
    expect(tooEarly.code).toBe('VALIDATION');
    expect(tooEarly.message).toContain('早于当前状态「脱管」的开始日期');

    const back = await ok(call(t.ctx, 'released.changeStatus', { id: e.id, to: '在册帮教', date: '2026-11-01', reason: '已返乡，恢复帮教' }));
    expect(back.status).toBe('在册帮教');
    const done = await ok(call(t.ctx, 'released.changeStatus', { id: e.id, to: '期满解除', date: '2026-11-02', reason: '帮教期满' }));
    expect(done.statusChanges.map((s) => s.toStatus)).toEqual(['在册帮教', '脱管', '在册帮教', '期满解除']);
  });

  it('records 重新犯罪 with its date and 罪名, and closes the entry', async () => {
    const z = addResident('赵六');
    const e = await registerDirect(z.id, '2025-03-01', '2025-03-02');
    const before = await fails(call(t.ctx, 'released.reoffend', { id: e.id, date: '2025-02-28', crime: '盗窃罪' }));
    expect(before.message).toContain('重新犯罪日期（2025-02-28）早于释放日期（2025-03-01）');
    const r = await ok(call(t.ctx, 'released.reoffend', { id: e.id, date: '2026-08-15', crime: '盗窃罪' }));
    expect(r).toMatchObject({ status: '重新犯罪', statusSince: '2026-08-15', reoffendOn: '2026-08-15', reoffendCrime: '盗窃罪', dues: [] });
    expect(r.statusChanges.at(-1)?.reason).toContain('盗窃罪');
    expect((await fails(call(t.ctx, 'released.reoffend', { id: e.id, date: '2026-09-01', crime: '诈骗罪' }))).message).toContain('帮教已结束');
  });

  it('records 死亡 and 迁出 from 待衔接 and from the register', async () => {
    const a = addResident('甲');
    const b = addResident('乙');
    const pending = await ok(call(t.ctx, 'released.register', { residentId: a.id, noticeReceivedOn: '2026-11-01', releaseDate: '2026-11-20' }));
    const dead = await ok(call(t.ctx, 'released.changeStatus', { id: pending.id, to: '死亡', date: '2026-11-21', reason: '病故' }));
    expect(dead).toMatchObject({ status: '死亡', dues: [] });
    const onReg = await registerDirect(b.id, '2026-01-01', '2026-01-02');
    const moved = await ok(call(t.ctx, 'released.changeStatus', { id: onReg.id, to: '迁出', date: '2026-11-01', reason: '户籍迁往外县' }));
    expect(moved).toMatchObject({ status: '迁出', nextDue: null });
  });
});

describe('refused transitions', () => {
  /** One entry in each status, released long enough ago for 期满解除 to be possible. */
  async function entryIn(status: ReleasedStatus): Promise<number> {
    const p = addResident(`对象${status}`);
    if (status === '待衔接') return (await ok(call(t.ctx, 'released.register', { residentId: p.id, releaseDate: '2021-01-10' }))).id;
    const e = await registerDirect(p.id, '2021-01-10', '2021-01-12');
    if (status === '在册帮教') return e.id;
    if (status === '重新犯罪') await ok(call(t.ctx, 'released.reoffend', { id: e.id, date: '2022-01-01', crime: '诈骗罪' }));
    else await ok(call(t.ctx, 'released.changeStatus', { id: e.id, to: status, date: '2026-02-01', reason: '测试' }));
    return e.id;
  }

  it('refuses every transition the rules do not allow, with a Chinese reason, and changes nothing', async () => {
    for (const from of RELEASED_STATUSES) {
      const id = await entryIn(from);
      const historyBefore = count("select count(*) as n from status_change where ledger = 'released' and entry_id = ?", id);
      for (const to of RELEASED_STATUSES) {
        if (allowedTransitions[from].includes(to) && to !== '重新犯罪' && !(from === '待衔接' && to === '在册帮教')) continue;
        const err = await fails(call(t.ctx, 'released.changeStatus', { id, to, date: '2026-11-20', reason: '测试' }));
        expect(err.code, `${from} → ${to}`).toMatch(/^(CONFLICT|VALIDATION)$/);
        expect(err.message, `${from} → ${to}`).toMatch(/[\u4e00-\u9fff]/);
        if (from === to) expect(err.message).toContain('无需变更');
        else if (allowedTransitions[from].length === 0) expect(err.message).toContain('已结束帮教');
      }
      expect((await ok(call(t.ctx, 'released.get', { id }))).status).toBe(from);
      expect(count("select count(*) as n from status_change where ledger = 'released' and entry_id = ?", id)).toBe(historyBefore);
    }
  });

  it('sends 衔接 and 重新犯罪 to their own steps, which need the 衔接情况 and the 罪名', async () => {
    const pending = await entryIn('待衔接');
    const toRegister = await fails(call(t.ctx, 'released.changeStatus', { id: pending, to: '在册帮教', date: '2026-11-20', reason: 'x' }));
    expect(toRegister).toMatchObject({ code: 'VALIDATION' });
    expect(toRegister.message).toContain('衔接');
    const reoffendPending = await fails(call(t.ctx, 'released.reoffend', { id: pending, date: '2026-11-20', crime: '盗窃罪' }));
    expect(reoffendPending).toMatchObject({ code: 'CONFLICT' });
    expect(reoffendPending.message).toContain('请先办理衔接');
    const onRegister = await entryIn('在册帮教');
    expect((await fails(call(t.ctx, 'released.changeStatus', { id: onRegister, to: '重新犯罪', date: '2026-11-20', reason: 'x' }))).message).toContain('罪名');
    expect((await fails(call(t.ctx, 'released.changeStatus', { id: onRegister, to: '在逃', date: '2026-11-20', reason: 'x' }))).message).toContain('不在代码表中');
    expect((await fails(call(t.ctx, 'released.changeStatus', { id: 9999, to: '脱管', date: '2026-11-20', reason: 'x' }))).code).toBe('NOT_FOUND');
  });
});

describe('dates out of order are refused with the fields named', () => {
  it('at registration', async () => {
    const p = addResident('孙七', { birth: '1990-05-05' });
    const cases: [Record<string, unknown>, string][] = [
      [{ releaseDate: '2026-12-01' }, '释放日期（2026-12-01）晚于今天'],
      [{ noticeReceivedOn: '2026-11-24', releaseDate: '2026-12-01' }, '通知书收到日期 2026-11-24 晚于今天'],
      [{ noticeReceivedOn: '2026-11-01', releaseDate: '2027-11-02' }, '一年以后'],
      [{ noticeReceivedOn: '2026-11-01', releaseDate: '2026-11-05', handoverOn: '2026-10-30', handoverCode: '03' }, '衔接日期（2026-10-30）早于通知书收到日期（2026-11-01）'],
      [{ releaseDate: '2026-11-05', handoverOn: '2026-11-04', handoverCode: '03' }, '衔接日期（2026-11-04）早于释放日期（2026-11-05）'],
      [{ releaseDate: '2026-11-05', handoverOn: '2026-11-06' }, '请同时选择衔接情况'],
      [{ releaseDate: '2026-11-05', handoverCode: '03' }, '请同时填写衔接日期'],
      [{ releaseDate: '1989-01-01' }, '释放日期（1989-01-01）早于出生日期（1990-05-05）'],
      [{ releaseDate: '2026-02-30' }, '释放日期不是有效日期'],
      [{}, '请填写释放日期'],
    ];
    for (const [input, message] of cases) {
      const err = await fails(call(t.ctx, 'released.register', { residentId: p.id, ...input }));
      expect(err.code, message).toBe('VALIDATION');
      expect(err.message).toContain(message);
    }
    // Nothing half-written.
    expect(count('select count(*) as n from released_person')).toBe(0);
    expect(count('select count(*) as n from status_change')).toBe(0);
    expect(count('select count(*) as n from released_assessment')).toBe(0);

    // A notice for a release next month is fine: the person is 待衔接 until released and handed over.
    const future = await ok(call(t.ctx, 'released.register', { residentId: p.id, noticeReceivedOn: '2026-11-20', releaseDate: '2026-12-20' }));
    expect(future).toMatchObject({ status: '待衔接', termEnd: '2031-12-20' });
  });

  it('for every later step', async () => {
    const p = addResident('周八');
    const e = await registerDirect(p.id, '2026-06-10', '2026-06-12');
    const refused: [string, Record<string, unknown>, string][] = [
      ['released.report', { date: '2026-06-09' }, '报到日期（2026-06-09）早于释放日期（2026-06-10）'],
      ['released.report', { date: '2026-11-24' }, '报到日期 2026-11-24 晚于今天'],
      ['released.agreement', { date: '2026-06-01' }, '帮教协议签订日期（2026-06-01）早于释放日期'],
      ['released.assess', { date: '2026-06-09', class: '重点', reason: '涉毒' }, '评估日期（2026-06-09）早于释放日期'],
      ['released.assess', { date: '2026-06-11', class: '重点', reason: '涉毒' }, '评估日期（2026-06-11）早于上次分类评估日期（2026-06-12）'],
      ['released.assess', { date: '2026-07-01', class: '严管', reason: '涉毒' }, '不在代码表中'],
      ['released.assess', { date: '2026-07-01', class: '重点', reason: ' ' }, '请填写评估理由'],
      ['released.place', { code: '02', date: '2026-06-01' }, '安置日期（2026-06-01）早于释放日期'],
      ['released.place', { code: '02' }, '请填写安置日期'],
      ['released.place', { date: '2026-07-01' }, '请同时选择安置情况'],
      ['released.place', {}, '请选择安置情况，或填写未安置原因'],
      ['released.changeStatus', { to: '脱管', date: '2026-11-24', reason: '失联' }, '变更日期 2026-11-24 晚于今天'],
      ['released.changeStatus', { to: '脱管', date: '2026-06-11', reason: '失联' }, '变更日期（2026-06-11）早于当前状态「在册帮教」的开始日期（2026-06-12）'],
      ['released.reoffend', { date: '2026-06-11', crime: '盗窃罪' }, '早于当前状态「在册帮教」的开始日期'],
      ['released.team', { members: [{ residentId: p.id, name: '周八', role: '家庭成员' }] }, '帮教对象本人'],
      ['released.team', { members: [{ name: '李司法', role: '组长', fromDate: '2026-12-01' }] }, '加入日期'],
      ['released.team', { members: [{ name: '李司法', role: '队长' }] }, '不在代码表中'],
    ];
    for (const [channel, input, message] of refused) {
      const err = await fails(call(t.ctx, channel as 'released.report', { id: e.id, ...input }));
      expect(err.message, `${channel} ${JSON.stringify(input)}`).toContain(message);
    }
    const after = await ok(call(t.ctx, 'released.get', { id: e.id }));
    expect(after).toMatchObject({ reportedOn: null, agreementSignedOn: null, placementCode: null, status: '在册帮教', teamSize: 0 });
    expect(after.assessments).toHaveLength(1);

    // Not placed, with the reason; then placed, which clears the reason.
    expect(await ok(call(t.ctx, 'released.place', { id: e.id, unplacedReason: '年老体弱，无劳动能力' }))).toMatchObject({ placed: false, unplacedReason: '年老体弱，无劳动能力' });
  });

  it('when the notice facts are corrected', async () => {
    const p = addResident('吴九');
    const e = await ok(call(t.ctx, 'released.register', { residentId: p.id, noticeReceivedOn: '2026-10-01', releaseDate: '2026-10-20', prison: '甲监狱' }));
    await ok(call(t.ctx, 'released.handover', { id: e.id, date: '2026-10-10', code: '01' }));
    await ok(call(t.ctx, 'released.report', { id: e.id, date: '2026-10-21' }));
    const base = { id: e.id, prison: '乙监狱', releaseDate: '2026-10-20', noticeReceivedOn: '2026-10-01' };

    expect((await fails(call(t.ctx, 'released.update', { ...base, releaseDate: '2026-10-22' }))).message).toContain('报到日期（2026-10-21）早于释放日期（2026-10-22）');
    expect((await fails(call(t.ctx, 'released.update', { ...base, noticeReceivedOn: '2026-10-11' }))).message).toContain('衔接日期（2026-10-10）早于通知书收到日期');

    // A corrected notice date moves the registration's 待衔接 and class with it.
    const fixed = await ok(call(t.ctx, 'released.update', { ...base, noticeReceivedOn: '2026-09-28', crime: '06', recidivist: true }));
    expect(fixed).toMatchObject({ prison: '乙监狱', noticeReceivedOn: '2026-09-28', crime: '06', recidivist: true, status: '在册帮教' });
    expect(fixed.statusChanges[0]).toMatchObject({ toStatus: '待衔接', date: '2026-09-28' });
    expect(fixed.assessments[0]?.date).toBe('2026-09-28');

    // 社区矫正 shortens the 帮教期 to 3 years: the 期满日 follows.
    const corrected = await ok(call(t.ctx, 'released.update', { ...base, endedInCorrection: true }));
    expect(corrected.termEnd).toBe('2029-10-20');
  });

  it('refuses a correction that would put a recorded 期满解除 before the 期满日', async () => {
    const p = addResident('郑十');
    const e = await registerDirect(p.id, '2021-03-01', '2021-03-02');
    await ok(call(t.ctx, 'released.changeStatus', { id: e.id, to: '期满解除', date: '2026-03-01', reason: '帮教期满' }));
    const err = await fails(call(t.ctx, 'released.update', { id: e.id, releaseDate: '2021-03-02', prison: '南京监狱' }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('期满日为2026-03-02');
    expect((await ok(call(t.ctx, 'released.get', { id: e.id }))).releaseDate).toBe('2021-03-01');
  });

  it('refuses a resident who has left or does not exist', async () => {
    const gone = addResident('钱十一');
    t.ctx.ledger.sqlite.prepare("update resident set status = '迁出', left_on = '2026-01-01' where id = ?").run(gone.id);
    const err = await fails(call(t.ctx, 'released.register', { residentId: gone.id, releaseDate: '2026-01-01' }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('已迁出');
    expect((await fails(call(t.ctx, 'released.register', { residentId: 4242, releaseDate: '2026-01-01' }))).code).toBe('NOT_FOUND');
  });
});

describe('list', () => {
  it('filters by name, pinyin initials, ID digits, village, grid and status', async () => {
    const zs = addResident('张三', { phone: '13800001111' });
    const ls = addResident('李四', { gridId: gridB });
    const zw = addResident('赵五', { gridId: null });
    const a = await registerDirect(zs.id, '2026-01-01', '2026-01-02');
    const b = await registerDirect(ls.id, '2026-02-01', '2026-02-02');
    const c = await registerDirect(zw.id, '2026-03-01', '2026-03-02');
    await ok(call(t.ctx, 'released.changeStatus', { id: b.id, to: '脱管', date: '2026-10-01', reason: '失联' }));
    await ok(call(t.ctx, 'released.changeStatus', { id: c.id, to: '迁出', date: '2026-10-01', reason: '迁往外地' }));

    const ids = async (filter: Record<string, unknown>) => (await ok(call(t.ctx, 'released.list', filter))).map((r) => r.id);
    expect(await ids({})).toEqual([b.id, a.id]); // open only; 东关社区 (…001) before 柳河村 (…201)
    expect(await ids({ status: '全部' })).toEqual([b.id, a.id, c.id]); // the one without a grid last
    expect(await ids({ status: '脱管' })).toEqual([b.id]);
    expect(await ids({ query: '张' })).toEqual([a.id]);
    expect(await ids({ query: 'ZS' })).toEqual([a.id]);
    expect(await ids({ query: 'zhang' })).toEqual([a.id]);
    expect(await ids({ query: zs.idNumber.slice(-6) })).toEqual([a.id]);
    expect(await ids({ query: '００００１１１１' })).toEqual([a.id]);
    expect(await ids({ villageId: villageB })).toEqual([b.id]);
    expect(await ids({ gridId: gridA })).toEqual([a.id]);
    expect(await ids({ query: '不存在' })).toEqual([]);
    expect((await fails(call(t.ctx, 'released.list', { status: '乱写' }))).message).toContain('帮教状态「乱写」不在代码表中');

    const [rowB] = await ok(call(t.ctx, 'released.list', { status: '脱管' }));
    expect(rowB).toMatchObject({ name: '李四', villageName: '东关社区', gridName: '东关第一网格', status: '脱管', statusSince: '2026-10-01', placed: false, teamSize: 0 });
    expect(rowB?.nextDue).toMatchObject({ kind: '分类复评', dueDate: '2026-08-02', state: '逾期', daysLate: 113 });
  });
});

describe('export', () => {
  it('writes the 刑满释放人员台账 with labels, full ID numbers, 期满日, 帮教小组 and the last 帮教记录', async () => {
    const zs = addResident('张三');
    const ls = addResident('李四', { gridId: gridB });
    const a = await ok(
      call(t.ctx, 'released.register', {
        residentId: zs.id,
        noticeReceivedOn: '2024-02-01',
        prison: '江苏省南京监狱',
        crime: '05',
        sentence: '3年',
        releaseDate: '2024-02-29',
        recidivist: true,
        handoverOn: '2024-02-29',
        handoverCode: '03',
        class: '重点',
      }),
    );
    await ok(call(t.ctx, 'released.report', { id: a.id, date: '2024-03-01' }));
    await ok(call(t.ctx, 'released.place', { id: a.id, code: '07', date: '2024-05-01' }));
    await ok(call(t.ctx, 'released.team', { id: a.id, members: [{ name: '李司法', role: '组长' }, { name: '王网格', role: '网格员' }] }));
    addHelpRecord(a.id, '2026-10-31');
    addHelpRecord(a.id, '2026-09-30');
    const b = await registerDirect(ls.id, '2025-01-01', '2025-01-03');
    await ok(call(t.ctx, 'released.reoffend', { id: b.id, date: '2026-05-01', crime: '诈骗罪' }));

    mkdirSync(join(t.dir, '导出'));
    const path = join(t.dir, '导出', '台账.xlsx');
    const res = await ok(call(t.ctx, 'released.export', { path, status: '全部' }));
    expect(res).toEqual({ path, rows: 2 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('城关镇刑满释放人员台账');
    // The full column set prints on A3 landscape at 100 % (never shrunk to ~5 pt); the 打印 sheet is the one-page-wide layout.
    expect(ws.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', scale: 100 });
    expect(wb.getWorksheet('打印')?.pageSetup).toMatchObject({ paperSize: 8, orientation: 'landscape', scale: 100, printTitlesRow: '1:3' });
    const header = (ws.getRow(3).values as unknown[]).slice(1) as string[];
    for (const h of ['公民身份号码', '是否累犯', '原罪名', '原判刑期', '服刑场所', '释放日期', '帮教期满日', '危险性评估类型', '衔接日期', '衔接情况', '安置日期', '安置情况', '未安置原因', '帮教小组', '最近帮教记录', '是否重新犯罪', '重新犯罪罪名']) {
      expect(header).toContain(h);
    }
    const rowOf = (n: number) => Object.fromEntries(header.map((h, i) => [h, ws.getRow(n).getCell(i + 1).value]));
    const rows = [rowOf(4), rowOf(5)];
    const zhang = rows.find((r) => r['姓名'] === '张三')!;
    expect(zhang).toMatchObject({
      公民身份号码: zs.idNumber,
      性别: '男',
      '村（社区）': '柳河村',
      是否累犯: '是',
      原罪名: '侵犯财产罪',
      释放日期: '2024-02-29',
      帮教期满日: '2029-02-28',
      危险性评估类型: '重点帮教人员',
      帮教分类: '重点',
      衔接情况: '司法所接回',
      安置情况: '自主创业',
      帮教小组: '李司法（组长）、王网格（网格员）',
      最近帮教记录: '2026-10-31',
      帮教状态: '在册帮教',
      是否重新犯罪: '否',
    });
    expect(ws.getRow(4).getCell(header.indexOf('公民身份号码') + 1).numFmt).toBe('@');
    const li = rows.find((r) => r['姓名'] === '李四')!;
    expect(li).toMatchObject({ 帮教状态: '重新犯罪', 是否重新犯罪: '是', 重新犯罪日期: '2026-05-01', 重新犯罪罪名: '诈骗罪', '村（社区）': '东关社区' });

    // The default scope leaves the closed entry out.
    const open = await ok(call(t.ctx, 'released.export', { path: join(t.dir, 'open.xlsx') }));
    expect(open.rows).toBe(1);
  });
});
