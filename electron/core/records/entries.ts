// The ledger entries a record or a due item refers to: whether they exist, are still open, and when they started.
// Shared by records, the today list, the timeline and the checks.
import type { PatientStatus, ReleasedStatus } from '../../../shared/codes/ledger';
import type { LedgerName } from '../../../shared/contract/records';
import { patientMachine, releasedMachine } from '../../../shared/rules/ledgerMachines';
import type { ServiceContext } from '../context';
import type { EntryDue } from '../ledgers/dueTypes';
import { lowIncomeDues } from '../ledgers/lowIncome/dues';
import { patientDues } from '../ledgers/patient/dues';
import { releasedDues } from '../ledgers/released/dues';
import { statement } from '../db/statements';

/** 帮教 statuses still on the ledger: 待衔接, 在册帮教, 脱管 (releasedMachine). */
export const RELEASED_OPEN: readonly ReleasedStatus[] = releasedMachine.open;
/** Patients on our register: 在管, 失访, 住院 (迁出 and 死亡 are not ours to follow up). */
export const PATIENT_OPEN: readonly PatientStatus[] = patientMachine.open;
export const LOW_INCOME_OPEN = '在保';

export const ledgerWords: Readonly<Record<LedgerName, string>> = { released: '安置帮教', patient: '严重精神障碍患者管理', lowIncome: '低保' };

/** SQL list of quoted values, for the fixed status lists above (never user input). */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

export interface ReleasedEntry {
  id: number;
  residentId: number;
  name: string;
  idNumber: string;
  releaseDate: string;
  status: ReleasedStatus;
  statusSince: string;
}

export interface PatientEntry {
  id: number;
  residentId: number;
  name: string;
  idNumber: string;
  registeredOn: string;
  status: PatientStatus;
  statusSince: string;
  riskAssessedOn: string | null;
}

export interface LowIncomeEntry {
  id: number;
  householdId: number;
  householdNumber: string;
  headName: string | null;
  confirmedOn: string;
  status: string;
  exitOn: string | null;
  monthlyAmountFen: number;
}

export function findReleased(ctx: ServiceContext, id: number): ReleasedEntry | undefined {
  return statement(ctx.ledger.sqlite,
      `select e.id, e.resident_id as residentId, r.name, r.id_number as idNumber, e.release_date as releaseDate, e.status, e.status_since as statusSince
       from released_person e join resident r on r.id = e.resident_id where e.id = ?`,
    )
    .get(id) as ReleasedEntry | undefined;
}

export function findPatient(ctx: ServiceContext, id: number): PatientEntry | undefined {
  return statement(ctx.ledger.sqlite,
      `select e.id, e.resident_id as residentId, r.name, r.id_number as idNumber, e.registered_on as registeredOn, e.status,
         e.status_since as statusSince, e.risk_assessed_on as riskAssessedOn
       from patient e join resident r on r.id = e.resident_id where e.id = ?`,
    )
    .get(id) as PatientEntry | undefined;
}

/** The household head's name (relation 02 户主), else the first covered member's. */
export const HEAD_NAME_SQL = `coalesce(
  (select r.name from resident r where r.household_id = e.household_id and r.relation = '02' order by r.status = '在册' desc, r.id limit 1),
  (select r.name from low_income_member m join resident r on r.id = m.resident_id where m.low_income_id = e.id order by r.id limit 1))`;

export function findLowIncome(ctx: ServiceContext, id: number): LowIncomeEntry | undefined {
  return statement(ctx.ledger.sqlite,
      `select e.id, e.household_id as householdId, h.number as householdNumber, ${HEAD_NAME_SQL} as headName, e.confirmed_on as confirmedOn,
         e.status, e.exit_on as exitOn, e.monthly_amount_fen as monthlyAmountFen
       from low_income e join household h on h.id = e.household_id where e.id = ?`,
    )
    .get(id) as LowIncomeEntry | undefined;
}

/** How a 低保 household is named in messages: 户主 name and 户号. */
export function lowIncomeName(e: Pick<LowIncomeEntry, 'headName' | 'householdNumber'>): string {
  return e.headName ? `${e.headName}户（户号 ${e.householdNumber}）` : `户号 ${e.householdNumber}`;
}

/** The due items of one ledger, optionally of some entries only. */
export function ledgerDues(ctx: ServiceContext, ledger: LedgerName, entryIds?: number[]): EntryDue[] {
  const opts = entryIds ? { entryIds } : undefined;
  if (ledger === 'released') return releasedDues(ctx, opts);
  if (ledger === 'patient') return patientDues(ctx, opts);
  return lowIncomeDues(ctx, opts);
}

/** The earliest due item of an entry, or null when nothing is due any more. */
export function nextDueOf(ctx: ServiceContext, ledger: LedgerName, entryId: number): { kind: string; dueDate: string } | null {
  const dues = ledgerDues(ctx, ledger, [entryId]).filter((d) => d.entryId === entryId);
  let best: EntryDue | null = null;
  for (const d of dues) if (best === null || d.dueDate < best.dueDate) best = d;
  return best ? { kind: best.kind, dueDate: best.dueDate } : null;
}
