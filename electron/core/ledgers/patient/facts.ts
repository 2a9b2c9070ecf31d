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
import { statement } from '../../db/statements';

interface EntryRaw {
  id: number;
  villageId: number | null;
  villageCode: string | null;
  registeredOn: string;
  diagnosis: string | null;
  risk: number;
  priorIncidentCount: number;
  signedOn: string | null;
}

interface RecordRaw {
  entryId: number;
  kind: string;
  date: string;
  method: string;
  risk: number | null;
  medication: string | null;
  followUpClass: string | null;
  hospitalization: string | null;
}

const asCode = <T extends string>(codes: readonly T[], v: string | null): T | null => ((codes as readonly string[]).includes(v ?? '') ? (v as T) : null);

export function loadPatientFacts(ctx: ServiceContext): { villageId: number | null; villageCode: string | null; facts: PatientFacts }[] {
  const db = ctx.ledger.sqlite;
  const entries = statement(db,
      `select e.id, v.id as villageId, v.code as villageCode, e.registered_on as registeredOn, e.diagnosis, coalesce(e.registered_risk, e.risk) as risk,
         e.prior_incident_count as priorIncidentCount, e.award_agreement_signed_on as signedOn
       from patient e join resident r on r.id = e.resident_id
       left join grid g on g.id = r.grid_id left join village v on v.id = g.village_id
       order by e.id`,
    )
    .all() as EntryRaw[];

  const history = new Map<number, { date: string; status: PatientStatus }[]>();
  for (const s of statement(db, `select entry_id as entryId, to_status as status, date from status_change where ledger = 'patient' order by date, id`)
    .all() as { entryId: number; status: PatientStatus; date: string }[]) {
    const list = history.get(s.entryId) ?? [];
    list.push({ date: s.date, status: s.status });
    history.set(s.entryId, list);
  }

  const followUps = new Map<number, FollowUpFacts[]>();
  const incidents = new Map<number, string[]>();
  for (const r of statement(db,
      `select entry_id as entryId, kind, date, method, risk, medication, follow_up_class as followUpClass, hospitalization
       from record where ledger = 'patient' and kind in ('followUp', 'incident') and entry_id is not null order by date, id`,
    )
    .all() as RecordRaw[]) {
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
