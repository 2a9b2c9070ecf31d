// Which columns of T1–T4 have a list of members (report.members): each count column's figure key
// (shared/reports/tables.ts) and the indicator rule's key whose member set it is. The screen makes exactly these cells
// clickable; rates and amounts have no list of their own (their numerator and denominator are count columns).
import type { ReportTableId } from '../contract/reports';
import type { GridMembers } from '../rules/gridIndicators';
import type { LowIncomeMembers, PatientMembers, ReleasedMembers } from '../rules/indicators';
import type { T6Members } from '../rules/workerFigures';
import type { TableColumn } from './tables';
import { T5_CATEGORIES } from '../rules/t5';

/** Each count column's figure key (shared/reports/tables.ts) → the rule's key. A count column missing here has no list. */
export const MEMBER_FIGURES = {
  T1: {
    registered: 'registered', key: 'keyClass', noticesThisMonth: 'noticesReceived', handedOverThisMonth: 'handedOver', placed: 'placed', helped: 'helped',
    reoffendThisYear: 'reoffended', outOfContact: 'lostContact', releasedThisMonth: 'termEndedThisMonth', reportOverdue: 'reportOverdue',
  },
  T2: {
    registered: 'registered', managedThisYear: 'managed', standardManaged: 'standard', medicated: 'onMedication', regularMedicated: 'regularMedication',
    atHome: 'atHome', stable: 'stable', 'risk.0': 'risk0', 'risk.1': 'risk1', 'risk.2': 'risk2', 'risk.3': 'risk3', 'risk.4': 'risk4', 'risk.5': 'risk5',
    awardEligible: 'awardTargets', awardSigned: 'awardSigned', incidentsThisMonth: 'incidentsThisMonth',
  },
  T3: {
    urbanHouseholds: 'urbanHouseholds', urbanPersons: 'urbanPersons', ruralHouseholds: 'ruralHouseholds', ruralPersons: 'ruralPersons',
    newHouseholds: 'newHouseholds', newPersons: 'newPersons', stoppedHouseholds: 'stoppedHouseholds', stoppedPersons: 'stoppedPersons',
    increasedHouseholds: 'increasedHouseholds', decreasedHouseholds: 'decreasedHouseholds', extremeConcentrated: 'centralizedPersons',
    extremeDispersed: 'dispersedPersons', reviewDue: 'reviewDue', reviewed: 'reviewed', totalHouseholds: 'totalHouseholds', totalPersons: 'totalPersons',
  },
  T4: {
    comprehensiveGrids: 'comprehensiveGrids', dedicatedGrids: 'dedicatedGrids', oversizedGrids: 'oversizedGrids', gridLeaders: 'gridLeaders',
    fullTimeStaff: 'fullTimeStaff', partTimeStaff: 'partTimeStaff', instructors: 'instructors', households: 'households', residents: 'residents',
    registeredResidents: 'registeredResidents', floatingResidents: 'floatingResidents',
  },
  T5: {
    found: 'found', resolved: 'resolved', acceptJudged: 'acceptJudged', acceptOnTime: 'acceptOnTime', closeJudged: 'closeJudged', closeOnTime: 'closeOnTime',
    rated: 'rated', satisfied: 'satisfied', ...Object.fromEntries(T5_CATEGORIES.map((_, i) => [`byCategory.${i}`, `byCategory.${i}`])),
  },
  T6: {
    households: 'households', due: 'due', visited: 'visited', keyDue: 'keyDue', keyVisited: 'keyVisited', reported: 'reported', closeDue: 'closeDue', closedInTime: 'closedInTime',
  },
} as const satisfies {
  T1: Record<string, keyof ReleasedMembers>;
  T2: Record<string, keyof PatientMembers>;
  T3: Record<string, keyof LowIncomeMembers>;
  T4: Record<string, keyof GridMembers>;
  /** byCategory.i: the i-th built-in dispute item's list. */
  T5: Record<string, string>;
  T6: Record<string, keyof T6Members>;
};

/** Whether a column of a table has a member list (the screen makes exactly these clickable). */
export function hasMembers(table: ReportTableId, column: TableColumn): boolean {
  return column.kind === 'count' && column.figure !== undefined && column.figure in MEMBER_FIGURES[table];
}

