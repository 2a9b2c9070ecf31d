// A month's figures of T1–T3 (reports.md) per 村/社区 and in total: the facts of each ledger grouped by village,
// the pure formulas of shared/rules/indicators.ts, and the mapping to the contract's row shapes.
//
// Decisions where the docs are silent:
// - Rows are every village of the town in code order, villages without entries included (zero counts, rates null);
//   persons whose grid is not in any village go into a last row 未划分网格, present only when there are such persons.
// - 合计 is totalReleased/totalPatients/totalLowIncome over the village rows (counts summed, rates recomputed).
// - T1 releasedThisMonth is 本月期满解除 (termEndedThisMonth): the table's column of that name.
import { asc } from 'drizzle-orm';
import type { t1Row, t2Row, t3Row, MonthIndicators } from '../../../shared/contract/records';
import {
  lowIncomeIndicators, patientIndicators, releasedIndicators, totalLowIncome, totalPatients, totalReleased,
  type LowIncomeFacts, type LowIncomeIndicators, type PatientFacts, type PatientIndicators, type ReleasedIndicators,
  type ReleasedPersonFacts,
} from '../../../shared/rules/indicators';
import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { loadLowIncomeFacts } from '../ledgers/lowIncome/facts';
import { loadPatientFacts } from '../ledgers/patient/facts';
import { loadReleasedFacts } from '../ledgers/released/facts';
import { getRules } from '../rules/service';
import { village as villageTable } from '../db/schema';

export const NO_VILLAGE = '未划分网格';

type T1 = z.infer<typeof t1Row>;
type T2 = z.infer<typeof t2Row>;
type T3 = z.infer<typeof t3Row>;

export function toT1(village: string, r: ReleasedIndicators): T1 {
  return {
    village,
    registered: r.registered,
    key: r.keyClass,
    noticesThisMonth: r.noticesReceived,
    handedOverThisMonth: r.handedOver,
    handoverRate: r.handoverRate,
    placed: r.placed,
    placementRate: r.placementRate,
    helped: r.helped,
    helpRate: r.helpRate,
    reoffendThisYear: r.reoffended,
    reoffendRate: r.reoffendRate,
    outOfContact: r.lostContact,
    releasedThisMonth: r.termEndedThisMonth,
    reportOverdue: r.reportOverdue,
  };
}

export function toT2(village: string, p: PatientIndicators): T2 {
  return {
    village,
    registered: p.registered,
    managedThisYear: p.managed,
    managementRate: p.managementRate,
    standardManaged: p.standard,
    standardRate: p.standardRate,
    medicated: p.onMedication,
    medicationRate: p.medicationRate,
    regularMedicated: p.regularMedication,
    regularMedicationRate: p.regularMedicationRate,
    atHome: p.atHome,
    stable: p.stable,
    stableRate: p.stableRate,
    risk: [p.risk0, p.risk1, p.risk2, p.risk3, p.risk4, p.risk5],
    awardEligible: p.awardTargets,
    awardSigned: p.awardSigned,
    incidentsThisMonth: p.incidentsThisMonth,
  };
}

export function toT3(village: string, l: LowIncomeIndicators): T3 {
  return {
    village,
    urbanHouseholds: l.urbanHouseholds,
    urbanPersons: l.urbanPersons,
    urbanAmount: l.urbanAmount,
    ruralHouseholds: l.ruralHouseholds,
    ruralPersons: l.ruralPersons,
    ruralAmount: l.ruralAmount,
    newHouseholds: l.newHouseholds,
    newPersons: l.newPersons,
    stoppedHouseholds: l.stoppedHouseholds,
    stoppedPersons: l.stoppedPersons,
    increasedHouseholds: l.increasedHouseholds,
    decreasedHouseholds: l.decreasedHouseholds,
    extremeConcentrated: l.centralizedPersons,
    extremeDispersed: l.dispersedPersons,
    reviewDue: l.reviewDue,
    reviewed: l.reviewed,
    totalHouseholds: l.totalHouseholds,
    totalPersons: l.totalPersons,
    totalAmount: l.totalAmount,
  };
}

interface Grouped<F> {
  villageId: number | null;
  villageCode: string | null;
  facts: F;
}

/** Facts grouped by village id; null is the 未划分网格 group. */
function group<F>(rows: readonly Grouped<F>[], known: ReadonlySet<number>): Map<number | null, F[]> {
  const out = new Map<number | null, F[]>();
  for (const r of rows) {
    const key = r.villageId !== null && known.has(r.villageId) ? r.villageId : null;
    const list = out.get(key);
    if (list) list.push(r.facts);
    else out.set(key, [r.facts]);
  }
  return out;
}

/** What T1–T3 are computed from: month-independent, so a series of months loads it once. */
export interface IndicatorFacts {
  villages: { id: number; name: string }[];
  released: Map<number | null, ReleasedPersonFacts[]>;
  patients: Map<number | null, PatientFacts[]>;
  lowIncome: Map<number | null, LowIncomeFacts[]>;
  rules: ReturnType<typeof getRules>;
}

export function loadIndicatorFacts(ctx: ServiceContext): IndicatorFacts {
  const villages = ctx.ledger.db.select({ id: villageTable.id, name: villageTable.name }).from(villageTable).orderBy(asc(villageTable.code)).all();
  const known = new Set(villages.map((v) => v.id));
  return {
    villages,
    released: group<ReleasedPersonFacts>(loadReleasedFacts(ctx), known),
    patients: group<PatientFacts>(loadPatientFacts(ctx), known),
    lowIncome: group<LowIncomeFacts>(loadLowIncomeFacts(ctx), known),
    rules: getRules(ctx),
  };
}

export function indicatorsOf(facts: IndicatorFacts, month: string): MonthIndicators {
  const { villages, released, patients, lowIncome, rules } = facts;
  const rowsOf: { key: number | null; name: string }[] = villages.map((v) => ({ key: v.id, name: v.name }));
  if (released.has(null) || patients.has(null) || lowIncome.has(null)) rowsOf.push({ key: null, name: NO_VILLAGE });

  const r1 = rowsOf.map((v) => ({ name: v.name, x: releasedIndicators(released.get(v.key) ?? [], month, rules) }));
  const r2 = rowsOf.map((v) => ({ name: v.name, x: patientIndicators(patients.get(v.key) ?? [], month, rules) }));
  const r3 = rowsOf.map((v) => ({ name: v.name, x: lowIncomeIndicators(lowIncome.get(v.key) ?? [], month, rules) }));
  return {
    month,
    t1: { rows: r1.map((r) => toT1(r.name, r.x)), total: toT1('合计', totalReleased(r1.map((r) => r.x))) },
    t2: { rows: r2.map((r) => toT2(r.name, r.x)), total: toT2('合计', totalPatients(r2.map((r) => r.x))) },
    t3: { rows: r3.map((r) => toT3(r.name, r.x)), total: toT3('合计', totalLowIncome(r3.map((r) => r.x))) },
  };
}

export function monthIndicators(ctx: ServiceContext, month: string): MonthIndicators {
  return indicatorsOf(loadIndicatorFacts(ctx), month);
}
