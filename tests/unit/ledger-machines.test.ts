// The three ledger state machines of shared/rules/ledgerMachines.ts: every status change allowed or refused with its
// reason, the services refusing exactly what the machines refuse (with the machine's reason as a typed error), the
// detail DTOs listing the steps available now and why the others are not, and validation problems carrying the
// input path of their field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOW_INCOME_STATUSES, PATIENT_STATUSES, RELEASED_STATUSES, type PatientStatus, type ReleasedStatus } from '../../shared/codes/ledger';
import type { StepViewDto } from '../../shared/contract/entry';
import { lowIncomeMachine, patientMachine, releasedMachine, type PatientFacts, type ReleasedFacts } from '../../shared/rules/ledgerMachines';
import { checkDigit } from '../../shared/rules/idNumber';
import { checkChange, checkStep, stepViews, transitionTable } from '../../shared/rules/stateMachine';
import { call } from '../../electron/core/dispatch';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { fails, ok, twoVillageTown } from '../helpers/results';

const releasedFacts = (status: ReleasedStatus, over: Partial<ReleasedFacts> = {}): ReleasedFacts => ({
  status, statusSince: '2026-01-01', name: '张三', idNumber: '320121199001010011', handoverOn: null, handoverCode: null,
  termEnd: '2026-01-01', date: '2026-11-23', ...over,
});

const patientFacts = (status: PatientStatus, over: Partial<PatientFacts> = {}): PatientFacts => ({
  status, statusSince: '2026-01-01', name: '李四', idNumber: '320121199001010038', risk: 3, awardRiskThreshold: 3, awardEligible: true,
  guardianName: '李父', awardAgreementSignedOn: '2026-02-01', date: null, ...over,
});

describe('帮教 state machine', () => {
  // Written out by hand from domain.md Part 1, so that a changed definition fails here. [from, to, step that makes it]
  const allowed: [ReleasedStatus, ReleasedStatus, string][] = [
    ['待衔接', '在册帮教', 'handover'], ['待衔接', '死亡', 'changeStatus'], ['待衔接', '迁出', 'changeStatus'],
    ['在册帮教', '脱管', 'changeStatus'], ['在册帮教', '期满解除', 'changeStatus'], ['在册帮教', '重新犯罪', 'reoffend'],
    ['在册帮教', '死亡', 'changeStatus'], ['在册帮教', '迁出', 'changeStatus'],
    ['脱管', '在册帮教', 'changeStatus'], ['脱管', '重新犯罪', 'reoffend'], ['脱管', '死亡', 'changeStatus'], ['脱管', '迁出', 'changeStatus'],
  ];
  const refusedBecause = (from: ReleasedStatus, to: ReleasedStatus): string => {
    if (from === to) return `状态已是「${from}」，无需变更`;
    if (['期满解除', '重新犯罪', '死亡', '迁出'].includes(from)) return `「${from}」已结束帮教，不能再变更为「${to}」`;
    if (from === '脱管' && to === '期满解除') return '脱管人员须先恢复为「在册帮教」，才能办理期满解除';
    if (from === '待衔接') return `尚未衔接的人员不能直接变更为「${to}」，请先办理衔接`;
    return `不能从「${from}」变更为「${to}」`;
  };

  it('allows exactly the listed changes, each through its own step', () => {
    for (const from of RELEASED_STATUSES) {
      for (const to of RELEASED_STATUSES) {
        const made = allowed.find(([f, t]) => f === from && t === to);
        const facts = releasedFacts(from);
        if (made) {
          expect(checkChange(releasedMachine, facts, to, made[2] as 'changeStatus'), `${from} → ${to}`).toEqual({ ok: true });
        } else {
          expect(checkChange(releasedMachine, facts, to, 'changeStatus'), `${from} → ${to}`).toEqual({ ok: false, kind: 'state', reason: refusedBecause(from, to) });
        }
      }
    }
    expect(transitionTable(releasedMachine)['期满解除']).toEqual([]);
  });

  it('sends 衔接 and 重新犯罪 to their own steps, and 期满解除 waits for the 期满日', () => {
    expect(checkChange(releasedMachine, releasedFacts('待衔接'), '在册帮教', 'changeStatus')).toEqual({
      ok: false, kind: 'input', path: ['to'], reason: '尚未衔接的人员请通过「衔接」登记衔接日期和衔接情况',
    });
    expect(checkChange(releasedMachine, releasedFacts('在册帮教'), '重新犯罪', 'changeStatus')).toMatchObject({ ok: false, kind: 'input', reason: expect.stringContaining('罪名') });
    const early = checkChange(releasedMachine, releasedFacts('在册帮教', { termEnd: '2026-11-24' }), '期满解除', 'changeStatus');
    expect(early).toEqual({ ok: false, kind: 'input', path: ['date'], reason: '期满日为2026年11月24日，2026年11月23日尚未期满，不能办理期满解除' });
    expect(checkChange(releasedMachine, releasedFacts('在册帮教', { termEnd: '2026-11-23' }), '期满解除', 'changeStatus')).toEqual({ ok: true });
  });

  it('refuses the other steps once 帮教 has ended, and a second 衔接', () => {
    for (const step of ['handover', 'report', 'agreement', 'assess', 'place', 'reoffend', 'team', 'help'] as const) {
      for (const status of RELEASED_STATUSES) {
        const check = checkStep(releasedMachine, step, releasedFacts(status));
        if (['待衔接', '在册帮教', '脱管'].includes(status)) expect(check.ok || step === 'reoffend', `${step} in ${status}`).toBe(true);
        else expect(check).toMatchObject({ ok: false, kind: 'state', reason: expect.stringMatching(new RegExp(`^张三（320121199001010011）已于2026-01-01「${status}」，帮教已结束，不能再`)) });
      }
    }
    expect(checkStep(releasedMachine, 'handover', releasedFacts('在册帮教', { handoverOn: '2026-02-01', handoverCode: '03' }))).toMatchObject({
      ok: false, reason: '张三（320121199001010011）已于2026-02-01办理衔接（司法所接回），无需重复办理',
    });
    expect(checkStep(releasedMachine, 'edit', releasedFacts('死亡')).ok).toBe(true);
  });
});

describe('患者 state machine', () => {
  const allowed: [PatientStatus, PatientStatus][] = [
    ['在管', '失访'], ['在管', '住院'], ['在管', '迁出'], ['在管', '死亡'],
    ['失访', '在管'], ['失访', '住院'], ['失访', '迁出'], ['失访', '死亡'],
    ['住院', '在管'], ['住院', '迁出'], ['住院', '死亡'],
    ['迁出', '在管'],
  ];
  const refusedBecause = (from: PatientStatus, to: PatientStatus): string => {
    if (from === to) return `状态已是「${from}」，无需变更`;
    if (from === '死亡') return `患者已死亡，不能变更为「${to}」`;
    if (from === '迁出') return `已迁出的患者须先迁回（变更为「在管」），不能直接变更为「${to}」`;
    return `不能从「${from}」变更为「${to}」`;
  };

  it('allows exactly the listed changes', () => {
    for (const from of PATIENT_STATUSES) {
      for (const to of PATIENT_STATUSES) {
        const check = checkChange(patientMachine, patientFacts(from), to, 'changeStatus');
        if (allowed.some(([f, t]) => f === from && t === to)) expect(check, `${from} → ${to}`).toEqual({ ok: true });
        else expect(check, `${from} → ${to}`).toEqual({ ok: false, kind: 'state', reason: refusedBecause(from, to) });
      }
    }
  });

  it('guards the 以奖代补 steps and 肇事肇祸 after the closing', () => {
    expect(checkStep(patientMachine, 'awardAgreement', patientFacts('在管', { awardEligible: false, risk: 2 }))).toMatchObject({
      ok: false, reason: '李四不是以奖代补对象：目前危险性为 2 级（3 级及以上才符合），且没有肇事肇祸史，不能签订监护责任书',
    });
    expect(checkStep(patientMachine, 'awardAgreement', patientFacts('在管', { guardianName: '' }))).toMatchObject({ ok: false, reason: '李四尚未登记监护人，请先填写监护人，再签订监护责任书' });
    expect(checkStep(patientMachine, 'awardAgreement', patientFacts('在管')).ok).toBe(true);
    expect(checkStep(patientMachine, 'awardReview', patientFacts('在管', { awardAgreementSignedOn: null }))).toMatchObject({ ok: false, reason: '李四尚未签订监护责任书，不能办理以奖代补年审' });
    expect(checkStep(patientMachine, 'team', patientFacts('迁出'))).toMatchObject({ ok: false, reason: '李四已于 2026-01-01 迁出，不能调整关爱帮扶小组' });
    expect(checkStep(patientMachine, 'incident', patientFacts('死亡', { date: '2026-01-02' }))).toMatchObject({ ok: false, reason: '李四已于 2026-01-01 死亡，不能登记此后的肇事肇祸' });
    expect(checkStep(patientMachine, 'incident', patientFacts('死亡', { date: '2026-01-01' })).ok).toBe(true);
  });
});

describe('低保 state machine', () => {
  it('leaves 在保 by an exit or a 复核, and refuses everything once 停保', () => {
    const open = { status: '在保' as const, who: '王五户（户号 H1）', exitOn: null };
    const closed = { status: '停保' as const, who: '王五户（户号 H1）', exitOn: '2026-07-01' };
    expect(LOW_INCOME_STATUSES).toEqual(['在保', '停保']);
    expect(checkChange(lowIncomeMachine, open, '停保', 'exit')).toEqual({ ok: true });
    expect(checkChange(lowIncomeMachine, open, '停保', 'review')).toEqual({ ok: true });
    expect(checkChange(lowIncomeMachine, closed, '在保', 'exit')).toEqual({ ok: false, kind: 'state', reason: '不能从「停保」变更为「在保」' });
    for (const step of ['edit', 'review', 'exit'] as const) expect(checkStep(lowIncomeMachine, step, open).ok).toBe(true);
    expect(checkStep(lowIncomeMachine, 'edit', closed)).toMatchObject({ ok: false, reason: '王五户（户号 H1）已于 2026-07-01 停保，不能再修改' });
    expect(checkStep(lowIncomeMachine, 'exit', closed)).toMatchObject({ ok: false, reason: '王五户（户号 H1）已于 2026-07-01 停保' });
    expect(stepViews(lowIncomeMachine, closed).every((v) => !v.available)).toBe(true);
  });
});

// ---------------------------------------------------------------- through the services

let t: TempLedger;
let gridId: number;
let seq = 0;

async function resident(name: string, householdId?: number): Promise<number> {
  seq++;
  const first17 = `320121198501${String(10 + seq).padStart(2, '0')}${String(seq * 2 + 1).padStart(3, '0')}`;
  const p = await ok(call(t.ctx, 'person.create', { idNumber: first17 + checkDigit(first17), name, gridId, householdId: householdId ?? null, relation: householdId ? '02' : null }));
  return p.id;
}

const view = (steps: StepViewDto[], step: string, to: string | null = null) => steps.find((s) => s.step === step && s.to === to);

beforeEach(async () => {
  seq = 0;
  t = openTempLedger();
  ({ gridId } = await twoVillageTown(t.ctx));
});
afterEach(() => t.close());

describe('the services refuse what the machines refuse', () => {
  /** An entry in each status, released long ago enough for 期满解除. */
  async function releasedIn(status: ReleasedStatus): Promise<number> {
    const residentId = await resident(`对象${RELEASED_STATUSES.indexOf(status)}`);
    if (status === '待衔接') return (await ok(call(t.ctx, 'released.register', { residentId, releaseDate: '2021-01-10' }))).id;
    const e = await ok(call(t.ctx, 'released.register', { residentId, releaseDate: '2021-01-10', handoverOn: '2021-01-12', handoverCode: '06' }));
    if (status === '重新犯罪') await ok(call(t.ctx, 'released.reoffend', { id: e.id, date: '2022-01-01', crime: '诈骗罪' }));
    else if (status !== '在册帮教') await ok(call(t.ctx, 'released.changeStatus', { id: e.id, to: status, date: '2026-02-01', reason: '测试' }));
    return e.id;
  }

  it('released.changeStatus: the machine’s reason, CONFLICT for the state and VALIDATION on `to` for the wrong step', async () => {
    for (const from of RELEASED_STATUSES) {
      const id = await releasedIn(from);
      const entry = await ok(call(t.ctx, 'released.get', { id }));
      for (const to of RELEASED_STATUSES) {
        const facts = releasedFacts(from, { statusSince: entry.statusSince, name: entry.name, idNumber: entry.idNumber, termEnd: entry.termEnd, date: '2026-11-20' });
        const check = checkChange(releasedMachine, facts, to, 'changeStatus');
        if (check.ok) continue;
        const reply = await call(t.ctx, 'released.changeStatus', { id, to, date: '2026-11-20', reason: '测试' });
        expect(reply.ok, `${from} → ${to}`).toBe(false);
        if (reply.ok) continue;
        expect(reply.error.message, `${from} → ${to}`).toBe(check.reason);
        expect(reply.error.code).toBe(check.kind === 'state' ? 'CONFLICT' : 'VALIDATION');
        if (check.kind === 'input') expect(reply.error.problems).toEqual([{ path: check.path, message: check.reason }]);
      }
      expect((await ok(call(t.ctx, 'released.get', { id }))).status).toBe(from);
    }
  });

  it('patient.changeStatus and the 以奖代补 steps answer with the machine’s reason', async () => {
    const p = await ok(call(t.ctx, 'patient.register', { residentId: await resident('郑华'), registeredOn: '2026-01-10', diagnosis: '01', risk: 1 }));
    await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '迁出', date: '2026-03-01', reason: '外出' }));
    const moved = await ok(call(t.ctx, 'patient.get', { id: p.id }));
    const facts = patientFacts('迁出', { statusSince: moved.statusSince, name: moved.name, idNumber: moved.idNumber });
    for (const to of PATIENT_STATUSES) {
      const check = checkChange(patientMachine, facts, to, 'changeStatus');
      if (check.ok) continue;
      const err = await fails(call(t.ctx, 'patient.changeStatus', { id: p.id, to, date: '2026-04-01', reason: 'x' }));
      expect(err).toEqual({ code: 'CONFLICT', message: `郑华：${check.reason}` });
    }
    const fresh = await ok(call(t.ctx, 'patient.register', { residentId: await resident('何亮'), registeredOn: '2026-01-10', diagnosis: '01', risk: 2 }));
    const refused = checkStep(patientMachine, 'awardAgreement', patientFacts('在管', { name: '何亮', risk: 2, awardEligible: false }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(await fails(call(t.ctx, 'patient.awardAgreement', { id: fresh.id, date: '2026-03-01' }))).toEqual({ code: 'CONFLICT', message: refused.reason });
  });

  it('lowIncome.exit and the 复核 record are refused once 停保, with the machine’s reason', async () => {
    const h = await ok(call(t.ctx, 'household.create', { gridId, address: '柳河村1号', tags: [] }));
    const head = await resident('王五', h.id);
    const e = await ok(call(t.ctx, 'lowIncome.register', { householdId: h.id, confirmedOn: '2026-03-20', area: '农村', class: 'A', memberIds: [head], monthlyAmount: 600 }));
    await ok(call(t.ctx, 'lowIncome.exit', { id: e.id, date: '2026-07-01', reason: '05' }));
    const closed = { status: '停保' as const, who: `王五户（户号 ${h.number}）`, exitOn: '2026-07-01' };
    const exit = checkStep(lowIncomeMachine, 'exit', closed);
    const review = checkStep(lowIncomeMachine, 'review', closed);
    if (exit.ok || review.ok) throw new Error('a closed household should refuse both');
    expect(await fails(call(t.ctx, 'lowIncome.exit', { id: e.id, date: '2026-08-01', reason: '01' }))).toEqual({ code: 'CONFLICT', message: exit.reason });
    const record = { kind: 'review', lowIncomeId: e.id, date: '2026-08-01', method: '家访', staffName: '王芳', content: '', result: '不变' } as const;
    expect(await fails(call(t.ctx, 'record.add', record))).toEqual({ code: 'CONFLICT', message: review.reason });
  });
});

describe('the detail DTO lists the steps available now and why not the others', () => {
  it('released.get: 衔接 first, then the steps of an entry on the register, then nothing but corrections', async () => {
    const residentId = await resident('张伟');
    const pending = await ok(call(t.ctx, 'released.register', { residentId, noticeReceivedOn: '2026-11-01', releaseDate: '2026-11-10' }));
    expect(view(pending.steps, 'handover')).toEqual({ step: 'handover', label: '衔接', to: null, available: true, reason: null });
    expect(view(pending.steps, 'reoffend')).toMatchObject({ available: false, reason: '尚未衔接的人员不能直接变更为「重新犯罪」，请先办理衔接' });
    expect(view(pending.steps, 'changeStatus', '在册帮教')).toMatchObject({ available: false, reason: '尚未衔接的人员请通过「衔接」登记衔接日期和衔接情况' });
    expect(view(pending.steps, 'changeStatus', '死亡')).toMatchObject({ available: true, label: '死亡' });
    expect(view(pending.steps, 'changeStatus', '待衔接')).toBeUndefined();
    expect(view(pending.steps, 'changeStatus')).toEqual({ step: 'changeStatus', label: '状态变更', to: null, available: true, reason: null });

    const on = await ok(call(t.ctx, 'released.handover', { id: pending.id, date: '2026-11-12', code: '03' }));
    expect(view(on.steps, 'handover')).toMatchObject({ available: false, reason: expect.stringContaining('已于2026-11-12办理衔接（司法所接回），无需重复办理') });
    expect(view(on.steps, 'report')?.available).toBe(true);
    // Today (2026-11-23) is before the 期满日 2031-11-10, and no step may be dated after today.
    expect(view(on.steps, 'changeStatus', '期满解除')).toMatchObject({ available: false, reason: '期满日为2031年11月10日，2026年11月23日尚未期满，不能办理期满解除' });

    const gone = await ok(call(t.ctx, 'released.changeStatus', { id: on.id, to: '迁出', date: '2026-11-20', reason: '户籍迁往外省' }));
    expect(gone.steps.filter((s) => s.available).map((s) => s.step)).toEqual(['edit']);
    expect(view(gone.steps, 'report')?.reason).toBe('张伟（' + gone.idNumber + '）已于2026-11-20「迁出」，帮教已结束，不能再登记报到');
    expect(view(gone.steps, 'changeStatus', '在册帮教')?.reason).toBe('「迁出」已结束帮教，不能再变更为「在册帮教」');
    expect(view(gone.steps, 'changeStatus')).toMatchObject({ label: '状态变更', available: false, reason: '「迁出」已结束帮教，不能再变更为「待衔接」' });
  });

  it('patient.get and lowIncome.get carry the same views', async () => {
    const p = await ok(call(t.ctx, 'patient.register', { residentId: await resident('李娜'), registeredOn: '2026-09-01', diagnosis: '01', risk: 1 }));
    expect(view(p.steps, 'awardAgreement')).toMatchObject({ available: false, reason: expect.stringContaining('不是以奖代补对象：目前危险性为 1 级') });
    expect(view(p.steps, 'awardReview')).toMatchObject({ available: false, reason: '李娜尚未签订监护责任书，不能办理以奖代补年审' });
    expect(view(p.steps, 'followUp')?.available).toBe(true);
    expect(view(p.steps, 'changeStatus', '失访')?.available).toBe(true);
    const dead = await ok(call(t.ctx, 'patient.changeStatus', { id: p.id, to: '死亡', date: '2026-10-01', reason: '病故' }));
    expect(dead.steps.filter((s) => s.step === 'changeStatus').every((s) => !s.available && s.reason?.startsWith('患者已死亡'))).toBe(true);
    // A 肇事肇祸 before the death may still be recorded.
    expect(view(dead.steps, 'incident')?.available).toBe(true);

    const h = await ok(call(t.ctx, 'household.create', { gridId, address: '柳河村2号', tags: [] }));
    const li = await ok(call(t.ctx, 'lowIncome.register', { householdId: h.id, confirmedOn: '2026-03-20', area: '农村', class: 'A', memberIds: [await resident('孙立', h.id)], monthlyAmount: 600 }));
    expect(li.steps.map((s) => [s.step, s.available])).toEqual([['review', true], ['edit', true], ['exit', true]]);
  });
});

describe('validation problems carry the input path', () => {
  it('from the contract’s schema and from the core’s own checks', async () => {
    const residentId = await resident('赵敏');
    const bad = await call(t.ctx, 'released.register', { residentId, releaseDate: '2026-02-30' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.problems).toEqual([expect.objectContaining({ path: ['releaseDate'], message: expect.stringContaining('释放日期不是有效日期') })]);

    const future = await call(t.ctx, 'released.register', { residentId, releaseDate: '2026-12-01' });
    if (future.ok) throw new Error('a release after today without a notice should be refused');
    expect(future.error.problems).toEqual([expect.objectContaining({ path: ['releaseDate'] })]);

    const e = await ok(call(t.ctx, 'released.register', { residentId, releaseDate: '2026-10-01', handoverOn: '2026-10-02', handoverCode: '06' }));
    const early = await call(t.ctx, 'released.report', { id: e.id, date: '2026-09-30' });
    if (early.ok) throw new Error('a 报到 before the release should be refused');
    expect(early.error.problems).toEqual([{ field: '报到日期', path: ['date'], message: '报到日期早于释放日期' }]);

    const record = await call(t.ctx, 'record.add', { kind: 'help', releasedPersonId: e.id, date: '2026-11-01', method: '面谈', staffName: '王芳', content: '' });
    if (record.ok) throw new Error('a 帮教记录 without content should be refused');
    expect(record.error.problems).toEqual([expect.objectContaining({ path: ['content'] })]);
  });

  it('for a rule setting, as the path of the setting inside the change', async () => {
    const refused = await call(t.ctx, 'rules.set', { changes: { handoverDays: 0, 'visitCycleMonths.key': 2 } });
    if (refused.ok) throw new Error('a 衔接 deadline of 0 days should be refused');
    expect(refused.error.problems).toEqual([expect.objectContaining({ path: ['changes', 'handoverDays'], message: expect.stringContaining('衔接') })]);
  });
});
