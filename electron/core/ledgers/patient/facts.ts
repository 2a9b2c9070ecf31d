// The plain facts of every patient entry, shaped for patientIndicators (shared/rules/indicators.ts), grouped
// by the village of the resident's grid. Three queries in all (entries, status changes, records).
//
// Decisions:
// - Every entry is loaded, whatever its status: the indicators decide from the dated status history.
// - riskAtRegistration: registered_risk, kept apart from patient.risk (which follows each 随访), so months before the
//   first assessed 随访 are exact. Rows written before that column existed fall back to the current value.
// - A 随访 is 面访 when its method is 面谈 or 家访. A 随访 without a valid class counts as 未访到.
import {
  HOSPITALIZATION_CODES,
  MEDICATION_CODES,
  type HospitalizationCode,
  type MedicationCode,
  type PatientStatus,
} from '../../../../shared/codes/ledger';
import type { FollowUpFacts, PatientFacts } from '../../../../shared/rules/indicators';
import type { ServiceContext } from '../../context';
import { followUpClassOf } from './dues';
import { and, isNull, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { grid, patient, record, resident, statusChange, village } from '../../db/schema';

const asCode = <T extends string>(codes: readonly T[], v: string | null): T | null => ((codes as readonly string[]).includes(v ?? '') ? (v as T) : null);

export function loadPatientFacts(ctx: ServiceContext): { entryId: number; villageId: number | null; villageCode: string | null; facts: PatientFacts }[] {
  const db = ctx.ledger.db;
  const e = patient;
  const entries = db
    .select({
      id: e.id, villageId: village.id, villageCode: village.code, registeredOn: e.registeredOn, diagnosis: e.diagnosis,
      risk: sql<number>`coalesce(${e.registeredRisk}, ${e.risk})`, priorIncidentCount: e.priorIncidentCount, signedOn: e.awardAgreementSignedOn,
    })
    .from(e)
    .innerJoin(resident, eq(resident.id, e.residentId))
    .leftJoin(grid, eq(grid.id, resident.gridId))
    .leftJoin(village, eq(village.id, grid.villageId))
    // A voided entry (registered by mistake) counts in no month.
    .where(isNull(e.voidedOn))
    .orderBy(asc(e.id))
    .all();

  const history = new Map<number, { date: string; status: PatientStatus }[]>();
  const sc = statusChange;
  for (const s of db
    .select({ entryId: sc.entryId, status: sc.toStatus, date: sc.date })
    .from(sc)
    // A voided change (recorded by mistake) is in no month.
    .where(and(eq(sc.ledger, 'patient'), isNull(sc.voidedOn)))
    .orderBy(asc(sc.date), asc(sc.id))
    .all()) {
    const list = history.get(s.entryId) ?? [];
    list.push({ date: s.date, status: s.status as PatientStatus });
    history.set(s.entryId, list);
  }

  const followUps = new Map<number, FollowUpFacts[]>();
  const incidents = new Map<number, string[]>();
  const x = record;
  const records = db
    .select({
      entryId: x.entryId, kind: x.kind, date: x.date, method: x.method, risk: x.risk, medication: x.medication, followUpClass: x.followUpClass,
      hospitalization: x.hospitalization,
    })
    .from(x)
    .where(and(eq(x.ledger, 'patient'), inArray(x.kind, ['followUp', 'incident']), isNull(x.voidedOn), isNotNull(x.entryId)))
    .orderBy(asc(x.date), asc(x.id))
    .all() as (Pick<typeof record.$inferSelect, 'kind' | 'date' | 'method' | 'risk' | 'medication' | 'followUpClass' | 'hospitalization'> & {
    entryId: number; // not null: the query asks for it
  })[];
  for (const r of records) {
    if (r.kind === 'incident') {
      const list = incidents.get(r.entryId) ?? [];
      list.push(r.date);
      incidents.set(r.entryId, list);
      continue;
    }
    const list = followUps.get(r.entryId) ?? [];
    list.push({
      date: r.date,
      class: followUpClassOf(r.followUpClass),
      risk: r.risk,
      medication: asCode<MedicationCode>(MEDICATION_CODES, r.medication),
      hospitalization: asCode<HospitalizationCode>(HOSPITALIZATION_CODES, r.hospitalization),
      faceToFace: r.method === '面谈' || r.method === '家访',
    });
    followUps.set(r.entryId, list);
  }

  return entries.map((e) => ({
    entryId: e.id,
    villageId: e.villageId,
    villageCode: e.villageCode,
    facts: {
      registeredDate: e.registeredOn,
      diagnosis: e.diagnosis,
      statusHistory: history.get(e.id) ?? [],
      riskAtRegistration: e.risk,
      priorIncidentCount: e.priorIncidentCount,
      incidentDates: incidents.get(e.id) ?? [],
      guardianAgreementDate: e.signedOn,
      followUps: followUps.get(e.id) ?? [],
    },
  }));
}
