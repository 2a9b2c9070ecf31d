// The ledger entries a record or a due item refers to: whether they exist, are still open, and when they started.
// Shared by records, the today list, the timeline and the checks.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { PatientStatus, ReleasedStatus } from '../../../shared/codes/ledger';
import type { LedgerName } from '../../../shared/contract/records';
import { patientMachine, releasedMachine } from '../../../shared/rules/ledgerMachines';
import type { ServiceContext } from '../context';
import type { EntryDue } from '../ledgers/dueTypes';
import { lowIncomeDues } from '../ledgers/lowIncome/dues';
import { patientDues } from '../ledgers/patient/dues';
import { releasedDues } from '../ledgers/released/dues';
import { row } from '../db/query';
import { household, lowIncome, lowIncomeMember, patient, releasedPerson, resident } from '../db/schema';

/** 帮教 statuses still on the ledger: 待衔接, 在册帮教, 脱管 (releasedMachine). */
export const RELEASED_OPEN: readonly ReleasedStatus[] = releasedMachine.open;
/** Patients on our register: 在管, 失访, 住院 (迁出 and 死亡 are not ours to follow up). */
export const PATIENT_OPEN: readonly PatientStatus[] = patientMachine.open;
export const LOW_INCOME_OPEN = '在保';

export const ledgerWords: Readonly<Record<LedgerName, string>> = { released: '安置帮教', patient: '严重精神障碍患者管理', lowIncome: '低保' };

// Aliases for the queries below and those of checks.ts: e is the entry, r a resident, h the household, m a covered member.
export const releasedE = alias(releasedPerson, 'e');
export const patientE = alias(patient, 'e');
export const lowIncomeE = alias(lowIncome, 'e');
const r = alias(resident, 'r');
const h = alias(household, 'h');
const m = alias(lowIncomeMember, 'm');

type Resident = typeof resident.$inferSelect;

export type ReleasedEntry = Pick<typeof releasedPerson.$inferSelect, 'id' | 'residentId' | 'releaseDate' | 'statusSince' | 'voidedOn'> &
  Pick<Resident, 'name' | 'idNumber'> & { status: ReleasedStatus };

export type PatientEntry = Pick<typeof patient.$inferSelect, 'id' | 'residentId' | 'registeredOn' | 'statusSince' | 'riskAssessedOn' | 'voidedOn'> &
  Pick<Resident, 'name' | 'idNumber'> & { status: PatientStatus };

export type LowIncomeEntry = Pick<typeof lowIncome.$inferSelect, 'id' | 'householdId' | 'confirmedOn' | 'status' | 'exitOn' | 'monthlyAmountFen' | 'voidedOn'> & {
  householdNumber: (typeof household.$inferSelect)['number'];
  headName: Resident['name'] | null;
};

export function findReleased(ctx: ServiceContext, id: number): ReleasedEntry | undefined {
  const e = releasedE;
  return row(ctx.ledger.sqlite, sql<ReleasedEntry>`select ${e.id} as id, ${e.residentId} as residentId, ${r.name} as name, ${r.idNumber} as idNumber,
      ${e.releaseDate} as releaseDate, ${e.status} as status, ${e.statusSince} as statusSince, ${e.voidedOn} as voidedOn
    from ${releasedPerson} ${e} join ${resident} ${r} on ${r.id} = ${e.residentId} where ${e.id} = ${id}`);
}

export function findPatient(ctx: ServiceContext, id: number): PatientEntry | undefined {
  const e = patientE;
  return row(ctx.ledger.sqlite, sql<PatientEntry>`select ${e.id} as id, ${e.residentId} as residentId, ${r.name} as name, ${r.idNumber} as idNumber,
      ${e.registeredOn} as registeredOn, ${e.status} as status, ${e.statusSince} as statusSince, ${e.riskAssessedOn} as riskAssessedOn, ${e.voidedOn} as voidedOn
    from ${patient} ${e} join ${resident} ${r} on ${r.id} = ${e.residentId} where ${e.id} = ${id}`);
}

/** The household head's name (relation 02 户主), else the first covered member's; of the 低保 entry aliased lowIncomeE. */
export const HEAD_NAME = sql<string | null>`coalesce(
  (select ${r.name} from ${resident} ${r} where ${r.householdId} = ${lowIncomeE.householdId} and ${r.relation} = '02' order by ${r.status} = '在册' desc, ${r.id} limit 1),
  (select ${r.name} from ${lowIncomeMember} ${m} join ${resident} ${r} on ${r.id} = ${m.residentId} where ${m.lowIncomeId} = ${lowIncomeE.id} order by ${r.id} limit 1))`;

export function findLowIncome(ctx: ServiceContext, id: number): LowIncomeEntry | undefined {
  const e = lowIncomeE;
  return row(ctx.ledger.sqlite, sql<LowIncomeEntry>`select ${e.id} as id, ${e.householdId} as householdId, ${h.number} as householdNumber, ${HEAD_NAME} as headName,
      ${e.confirmedOn} as confirmedOn, ${e.status} as status, ${e.exitOn} as exitOn, ${e.monthlyAmountFen} as monthlyAmountFen, ${e.voidedOn} as voidedOn
    from ${lowIncome} ${e} join ${household} ${h} on ${h.id} = ${e.householdId} where ${e.id} = ${id}`);
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
