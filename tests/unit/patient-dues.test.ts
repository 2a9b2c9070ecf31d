// Due items (随访, 以奖代补年审) and indicator facts of the 严重精神障碍患者 ledger, on month ends and leap days.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { patientDues } from '../../electron/core/ledgers/patient/dues';
import { loadPatientFacts } from '../../electron/core/ledgers/patient/facts';
import { checkDigit } from '../../shared/rules/idNumber';
import { patientIndicators } from '../../shared/rules/indicators';
import { addPerson } from '../helpers/people';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { ok, twoVillageTown } from '../helpers/results';

let t: TempLedger;
let villageId: number;
let gridId: number;
let otherVillageId: number;
let otherGridId: number;

beforeEach(async () => {
  t = openTempLedger();
  ({ villageId, gridId, otherVillageId, otherGridId } = await twoVillageTown(t.ctx));
});
afterEach(() => t.close());

let serial = 0;
function addResident(o: { grid?: number; status?: string } = {}): number {
  serial++;
  const birth = `19${String(50 + (serial % 40)).padStart(2, '0')}-03-0${1 + (serial % 9)}`;
  const first17 = `320121${birth.replace(/-/g, '')}${String(serial % 1000).padStart(3, '0')}`;
  return addPerson(t.ctx, { idNumber: first17 + checkDigit(first17), name: `患者${serial}`, gridId: o.grid ?? gridId, status: (o.status ?? '在册') as '在册' | '迁出' | '死亡', leftOn: '2026-01-01' });
}

async function register(registeredOn: string, over: Record<string, unknown> = {}, grid = gridId) {
  return ok(call(t.ctx, 'patient.register', { residentId: addResident({ grid }), registeredOn, diagnosis: '01', risk: 0, guardianName: '监护人', ...over }));
}

function addFollowUp(
  patientId: number,
  date: string,
  cls: string,
  o: { risk?: number | null; medication?: string; hospitalization?: string; method?: string; next?: string | null; assess?: boolean } = {},
) {
  const db = t.ctx.ledger.sqlite;
  db.prepare(
    `insert into record (kind, ledger, entry_id, resident_id, date, method, risk, medication, follow_up_class, hospitalization, next_follow_up_on, created_at)
     values ('followUp', 'patient', ?, (select resident_id from patient where id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(patientId, patientId, date, o.method ?? '家访', o.risk === undefined ? 0 : o.risk, o.medication ?? '1', cls, o.hospitalization ?? '0', o.next ?? null, new Date().toISOString());
  if (o.assess && o.risk !== null && o.risk !== undefined) db.prepare('update patient set risk = ?, risk_assessed_on = ? where id = ?').run(o.risk, date, patientId);
}

const followUpDueOf = (id: number) => patientDues(t.ctx, { entryIds: [id] }).find((d) => d.kind === '随访')?.dueDate;

describe('随访 due', () => {
  it('is 建档 + 14 days before any 随访, then follows the last one by class', async () => {
    const p = await register('2025-11-01');
    expect(followUpDueOf(p.id)).toBe('2025-11-15');
    addFollowUp(p.id, '2025-11-30', '3');
    expect(followUpDueOf(p.id)).toBe('2026-02-28'); // 稳定: +3 months, clamped to February's end
    addFollowUp(p.id, '2025-11-20', '1'); // an older record entered later does not count as the last one
    expect(followUpDueOf(p.id)).toBe('2026-02-28');

    const b = await register('2025-11-01');
    addFollowUp(b.id, '2025-11-30', '2');
    expect(followUpDueOf(b.id)).toBe('2025-12-14'); // 基本稳定: +14 days
    const u = await register('2025-11-01');
    addFollowUp(u.id, '2025-12-25', '1');
    expect(followUpDueOf(u.id)).toBe('2026-01-08'); // 不稳定 over the year end
    const n = await register('2025-11-01');
    addFollowUp(n.id, '2025-12-31', '0', { risk: null });
    expect(followUpDueOf(n.id)).toBe('2026-01-14'); // 未访到
  });

  it('handles leap days', async () => {
    const a = await register('2023-10-01');
    addFollowUp(a.id, '2023-11-29', '3');
    expect(followUpDueOf(a.id)).toBe('2024-02-29');
    const b = await register('2023-10-01');
    addFollowUp(b.id, '2024-02-29', '3');
    expect(followUpDueOf(b.id)).toBe('2024-05-29');
    const c = await register('2023-10-01');
    addFollowUp(c.id, '2024-02-20', '2');
    expect(followUpDueOf(c.id)).toBe('2024-03-05');
    const d = await register('2022-10-01');
    addFollowUp(d.id, '2023-02-20', '2');
    expect(followUpDueOf(d.id)).toBe('2023-03-06');
  });

  it('takes an earlier planned 下次随访日期, never a later one', async () => {
    const p = await register('2025-11-01');
    addFollowUp(p.id, '2026-06-30', '3', { next: '2026-08-15' });
    expect(followUpDueOf(p.id)).toBe('2026-08-15');
    const q = await register('2025-11-01');
    addFollowUp(q.id, '2026-06-30', '3', { next: '2026-12-31' });
    expect(followUpDueOf(q.id)).toBe('2026-09-30');
  });

  it('follows changed rules but is never more than the maximum gap after the last 随访', async () => {
    const p = await register('2025-11-01');
    addFollowUp(p.id, '2025-11-30', '3');
    const b = await register('2025-11-01');
    addFollowUp(b.id, '2025-11-30', '2');
    await ok(call(t.ctx, 'rules.set', { changes: { 'followUpCycle.stable': { amount: 6, unit: 'months' }, 'followUpCycle.basicallyStable': { amount: 1, unit: 'months' } } }));
    expect(followUpDueOf(p.id)).toBe('2026-02-28');
    expect(followUpDueOf(b.id)).toBe('2025-12-30');
    await ok(call(t.ctx, 'rules.set', { changes: { followUpMaxGapMonths: 2 } }));
    expect(followUpDueOf(p.id)).toBe('2026-01-30');
  });

  it('exists only for entries still on the ledger whose resident is 在册', async () => {
    const lost = await register('2026-01-01');
    await ok(call(t.ctx, 'patient.changeStatus', { id: lost.id, to: '失访', date: '2026-03-01', reason: '外出' }));
    const inHospital = await register('2026-01-01');
    await ok(call(t.ctx, 'patient.changeStatus', { id: inHospital.id, to: '住院', date: '2026-03-01', reason: '住院' }));
    const moved = await register('2026-01-01');
    await ok(call(t.ctx, 'patient.changeStatus', { id: moved.id, to: '迁出', date: '2026-03-01', reason: '迁出' }));
    const dead = await register('2026-01-01');
    await ok(call(t.ctx, 'patient.changeStatus', { id: dead.id, to: '死亡', date: '2026-03-01', reason: '病故' }));
    const residentLeft = await register('2026-01-01');
    t.ctx.ledger.sqlite.prepare("update resident set status = '迁出' where id = ?").run(residentLeft.residentId);
    const all = patientDues(t.ctx);
    expect(all.map((d) => d.entryId).sort()).toEqual([lost.id, inHospital.id].sort());
    expect(all[0]).toMatchObject({ kind: '随访', ledger: 'patient', dueDate: '2026-01-15' });
    expect(all.find((d) => d.entryId === lost.id)?.residentId).toBe(lost.residentId);
    expect(patientDues(t.ctx, { entryIds: [] })).toEqual([]);
    expect(patientDues(t.ctx, { entryIds: [dead.id] })).toEqual([]);
  });
});

describe('以奖代补年审 due', () => {
  it('is the agreement or the last 年审 + 12 months, on leap days too', async () => {
    const p = await register('2024-01-10', { risk: 3 });
    await ok(call(t.ctx, 'patient.awardAgreement', { id: p.id, date: '2024-02-29' }));
    const award = () => patientDues(t.ctx, { entryIds: [p.id] }).find((d) => d.kind === '以奖代补年审')?.dueDate;
    expect(award()).toBe('2025-02-28');
    await ok(call(t.ctx, 'patient.awardReview', { id: p.id, date: '2025-03-31' }));
    expect(award()).toBe('2026-03-31');
    await ok(call(t.ctx, 'rules.set', { changes: { awardReviewMonths: 11 } }));
    expect(award()).toBe('2026-02-28');
  });
});

describe('bulk', () => {
  it('computes the dues of 500 patients with 8 follow-ups each in one pass', async () => {
    const db = t.ctx.ledger.sqlite;
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 500; i++) {
        const rid = addResident();
        const pid = Number(
          db.prepare(`insert into patient (resident_id, registered_on, diagnosis, risk, status, status_since, created_at, updated_at)
                      values (?, '2024-01-01', '01', ?, '在管', '2024-01-01', ?, ?)`).run(rid, i % 6, now, now).lastInsertRowid,
        );
        if (i % 2 === 0) db.prepare("update patient set award_agreement_signed_on = '2024-06-01' where id = ?").run(pid);
        for (let k = 0; k < 8; k++) addFollowUp(pid, `2025-${String(k + 1).padStart(2, '0')}-15`, k === 7 ? String(i % 4) : '3');
      }
    })();
    const dues = patientDues(t.ctx);
    expect(dues.filter((d) => d.kind === '随访')).toHaveLength(500);
    // risk ≥ 3 (i % 6 in 3..5) and signed (even i): i % 6 === 4 only → every 6th → 83 of 500.
    expect(dues.filter((d) => d.kind === '以奖代补年审')).toHaveLength(83);
    expect(dues.find((d) => d.entryId === 1 && d.kind === '随访')?.dueDate).toBe('2025-08-29'); // i = 0: 未访到 on 2025-08-15
  });
});

describe('facts for the indicators', () => {
  it('give the T2 figures of a hand-made village', async () => {
    // P1: 规范 (quarterly), 稳定, 规律服药, 面访 once.
    const p1 = await register('2025-06-01', { risk: 1 });
    addFollowUp(p1.id, '2026-01-20', '3', { method: '家访', assess: true });
    addFollowUp(p1.id, '2026-04-15', '3', { method: '面谈', assess: true });
    addFollowUp(p1.id, '2026-07-10', '3', { method: '电话', assess: true });
    addFollowUp(p1.id, '2026-10-05', '3', { method: '电话', assess: true });
    // P2: 危险性 3 from a 随访 by phone, 间断服药, an incident this month, the agreement signed.
    const p2 = await register('2026-03-01', { risk: 2 });
    addFollowUp(p2.id, '2026-08-01', '2', { risk: 3, medication: '2', method: '电话', assess: true });
    await ok(call(t.ctx, 'patient.incident', { id: p2.id, date: '2026-11-10', content: '砸坏邻居车窗' }));
    await ok(call(t.ctx, 'patient.awardAgreement', { id: p2.id, date: '2026-11-15' }));
    // P3: died in May: not on the register any more.
    const p3 = await register('2025-01-01');
    await ok(call(t.ctx, 'patient.changeStatus', { id: p3.id, to: '死亡', date: '2026-05-01', reason: '病故' }));
    // P4: 重度抑郁发作 is outside the six diagnoses.
    await register('2026-02-01', { diagnosis: '07' });
    // P5: in hospital since the last 随访, 危险性 4, 面谈.
    const p5 = await register('2026-01-05');
    addFollowUp(p5.id, '2026-09-01', '1', { risk: 4, medication: '3', hospitalization: '1', method: '面谈' });
    // P6 in the other village, never followed up.
    await register('2026-10-01', {}, otherGridId);

    const facts = loadPatientFacts(t.ctx);
    expect(facts).toHaveLength(6);
    const f2 = facts.find((f) => f.facts.registeredDate === '2026-03-01')!;
    expect(f2).toMatchObject({ villageId, villageCode: '320121100201' });
    expect(f2.facts).toMatchObject({
      // Registered at 2; the 随访 raised patient.risk to 3, but the registration value is kept for past months.
      diagnosis: '01', riskAtRegistration: 2, priorIncidentCount: 0, incidentDates: ['2026-11-10'], guardianAgreementDate: '2026-11-15',
      statusHistory: [{ date: '2026-03-01', status: '在管' }],
      followUps: [{ date: '2026-08-01', class: '2', risk: 3, medication: '2', hospitalization: '0', faceToFace: false }],
    });
    expect(facts.find((f) => f.facts.registeredDate === '2025-01-01')!.facts.statusHistory.map((s) => s.status)).toEqual(['在管', '死亡']);

    const a = patientIndicators(facts.filter((f) => f.villageId === villageId).map((f) => f.facts), '2026-11');
    expect(a).toMatchObject({
      registered: 3, managed: 3, standard: 1, onMedication: 3, regularMedication: 1, atHome: 2, stable: 1,
      risk0: 1, risk1: 0, risk2: 0, risk3: 1, risk4: 1, risk5: 0, awardTargets: 2, awardSigned: 1, incidentsThisMonth: 1, faceToFace: 2,
      managementRate: 100, standardRate: 33.33, medicationRate: 100, regularMedicationRate: 33.33, stableRate: 50, faceToFaceRate: 66.67,
    });
    const b = patientIndicators(facts.filter((f) => f.villageId === otherVillageId).map((f) => f.facts), '2026-11');
    expect(b).toMatchObject({ registered: 1, managed: 0, risk0: 1, managementRate: 0, stableRate: null });
  });
});
