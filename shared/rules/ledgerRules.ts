// Due dates, status changes and eligibility of the key-group ledgers (domain.md Part 1 "刑满释放人员", "严重精神障碍患者",
// "低保", "Records and due dates"). Dates are 'YYYY-MM-DD'; every rule value comes from RuleSettings.
//
// Decisions where domain.md is silent:
// - A follow-up's next date, by class, is also capped at followUpMaxGapMonths after it, so a town that lengthens the
//   稳定 cycle still never goes more than the maximum gap between two follow-ups.
// - (status changes, defined in ledgerMachines.ts:) 待衔接 may also end in 死亡 or 迁出 (a person who dies before the hand-over, or whose 户籍 turns out to be elsewhere);
//   otherwise the 待登记衔接 item would stay overdue for ever.
// - 期满解除 only from 在册帮教: a 脱管 person is first found again (脱管 → 在册帮教), then released.
// - 期满解除, 重新犯罪, 死亡 and 迁出 are final for a 帮教 record; a returning person gets a new record. A mistake is
//   corrected by withdrawing the wrong change (the ledger's business), not by a transition.
// - Patients: 迁出 → 在管 is allowed (迁回: patients often come back from work elsewhere); only 死亡 is final.
// - dueState's 即将到期 window is (D, D + upcomingDays]; upcomingDays = 0 turns it off.
import type { FollowUpClass, LowIncomeClass, PatientStatus, ReleasedClass, ReleasedStatus } from '../codes/ledger';
import { addDays, addMonths, addYears, daysBetween } from './dates';
import { patientMachine, releasedMachine } from './ledgerMachines';
import { DEFAULT_RULES, type Period, type RuleSettings } from './ruleSettings';
import { checkChange, transitionTable, type StateMachine } from './stateMachine';

export function addPeriod(date: string, period: Period): string {
  return period.unit === 'days' ? addDays(date, period.amount) : addMonths(date, period.amount);
}

function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}

// ---------------------------------------------------------------- 刑满释放人员

/** 期满日 = 释放日期 + 5 years (3 or 5 after 社区矫正), clamped to the month's last day. */
export function releasedTermEnd(releaseDate: string, endedInCommunityCorrection: boolean, rules: RuleSettings = DEFAULT_RULES): string {
  return addYears(releaseDate, endedInCommunityCorrection ? rules.releasedTermYearsAfterCorrection : rules.releasedTermYears);
}

/** 待登记衔接: the person is registered within N days of receiving the 释放通知书. */
export function handoverDue(noticeDate: string, rules: RuleSettings = DEFAULT_RULES): string {
  return addDays(noticeDate, rules.handoverDays);
}

/** 报到逾期 after this date, until 报到 is recorded or the person is marked 脱管. */
export function reportDue(releaseDate: string, rules: RuleSettings = DEFAULT_RULES): string {
  return addDays(releaseDate, rules.reportDays);
}

/** 首次走访, until the first 帮教记录. */
export function firstVisitDue(reportDate: string, rules: RuleSettings = DEFAULT_RULES): string {
  return addDays(reportDate, rules.firstVisitDays);
}

/** 帮教走访 = last 帮教记录 + the class's cycle. */
export function visitDue(lastVisitDate: string, cls: ReleasedClass, rules: RuleSettings = DEFAULT_RULES): string {
  return addMonths(lastVisitDate, rules.visitCycleMonths[cls]);
}

/** 分类复评 = last assessment + 6 months. */
export function reassessDue(lastAssessmentDate: string, rules: RuleSettings = DEFAULT_RULES): string {
  return addMonths(lastAssessmentDate, rules.reassessMonths);
}

// ---------------------------------------------------------------- 严重精神障碍患者

const FOLLOW_UP_CYCLE_KEY = {
  '0': 'notReached',
  '1': 'unstable',
  '2': 'basicallyStable',
  '3': 'stable',
} as const satisfies Record<FollowUpClass, keyof RuleSettings['followUpCycle']>;

/**
 * The longest allowed gap between two 随访, in months: the maximum-gap setting, and no longer than
 * "at least N a year" allows (4 a year → 3 months).
 */
export function followUpGapMonths(rules: RuleSettings = DEFAULT_RULES): number {
  return Math.max(1, Math.min(rules.followUpMaxGapMonths, Math.floor(12 / rules.followUpMinPerYear)));
}

/** 下次随访日期 from a follow-up's date and class, never more than the maximum gap after it. */
export function suggestedNextFollowUp(date: string, cls: FollowUpClass, rules: RuleSettings = DEFAULT_RULES): string {
  const byClass = addPeriod(date, rules.followUpCycle[FOLLOW_UP_CYCLE_KEY[cls]]);
  return earlier(byClass, addMonths(date, followUpGapMonths(rules)));
}

/**
 * 本次随访分类 from 危险性 (domain.md Part 2 §3.3): 3–5 级 → 不稳定, 1–2 级 → 基本稳定, 0 级 → 稳定. Other signs
 * (服药, 病情, 社会功能) may make a class worse than this, never better.
 */
export function followUpClassForRisk(risk: number): Exclude<FollowUpClass, '0'> {
  if (risk >= 3) return '1';
  if (risk >= 1) return '2';
  return '3';
}

/** How mild each reached class is: 稳定 the mildest. */
const FOLLOW_UP_MILDNESS: Record<Exclude<FollowUpClass, '0'>, number> = { '1': 0, '2': 1, '3': 2 };
const FOLLOW_UP_CLASS_WORDS: Record<Exclude<FollowUpClass, '0'>, string> = { '1': '不稳定', '2': '基本稳定', '3': '稳定' };

/**
 * Why a 随访 class is refused for its 危险性 (a class milder than the 危险性 allows), or null when it stands.
 * 未访到 assessed nothing and always stands.
 */
export function followUpClassRefusal(risk: number, cls: FollowUpClass): string | null {
  if (cls === '0') return null;
  const floor = followUpClassForRisk(risk);
  if (FOLLOW_UP_MILDNESS[cls] <= FOLLOW_UP_MILDNESS[floor]) return null;
  return `危险性为 ${risk} 级的患者，本次随访分类最轻为「${FOLLOW_UP_CLASS_WORDS[floor]}」，不能评为「${FOLLOW_UP_CLASS_WORDS[cls]}」（0 级为稳定，1–2 级为基本稳定，3–5 级为不稳定；其他情况可评得更重，不能更轻）`;
}

/** First 随访 = registration + 14 days; afterwards by the last 随访's class. */
export function followUpDue(
  registrationDate: string,
  lastFollowUp?: { date: string; class: FollowUpClass } | null,
  rules: RuleSettings = DEFAULT_RULES,
): string {
  if (!lastFollowUp) return addDays(registrationDate, rules.followUpFirstDays);
  return suggestedNextFollowUp(lastFollowUp.date, lastFollowUp.class, rules);
}

/** 以奖代补年审 = agreement signed (or last review) + 12 months. */
export function awardReviewDue(signedOrLastReview: string, rules: RuleSettings = DEFAULT_RULES): string {
  return addMonths(signedOrLastReview, rules.awardReviewMonths);
}

export interface AwardFacts {
  /** 危险性 at the last assessment; null when never assessed. */
  lastRisk: number | null;
  /** 肇事肇祸 events ever recorded (history before registration included). */
  incidentCount: number;
}

/** 以奖代补 对象: 危险性 ≥ 3 at the last assessment, or any 肇事肇祸 history. */
export function awardEligible(facts: AwardFacts, rules: RuleSettings = DEFAULT_RULES): boolean {
  return (facts.lastRisk !== null && facts.lastRisk >= rules.awardRiskThreshold) || facts.incidentCount > 0;
}

// ---------------------------------------------------------------- 低保

/** 低保复核 = 确认日期 (or last 复核) + the class's cycle. */
export function lowIncomeReviewDue(confirmedOrLastReview: string, cls: LowIncomeClass, rules: RuleSettings = DEFAULT_RULES): string {
  return addMonths(confirmedOrLastReview, rules.lowIncomeReviewMonths[cls]);
}

/** 公示 ends on this day (7 days counted from the first day of posting). */
export function publicityEnd(postedDate: string, rules: RuleSettings = DEFAULT_RULES): string {
  return addDays(postedDate, rules.publicityDays - 1);
}

// ---------------------------------------------------------------- due items

export type DueStateName = '逾期' | '今日到期' | '即将到期';

export interface DueState {
  state: DueStateName | null;
  /** D − due when 逾期, else 0. */
  daysLate: number;
  /** due − D when 即将到期 or later, else 0. */
  daysLeft: number;
}

/** For a chosen date D: 逾期 when D > due, 今日到期 when D = due, 即将到期 when due is within the next N days. */
export function dueState(dueDate: string, onDate: string, rules: RuleSettings = DEFAULT_RULES): DueState {
  const diff = daysBetween(dueDate, onDate);
  if (diff > 0) return { state: '逾期', daysLate: diff, daysLeft: 0 };
  if (diff === 0) return { state: '今日到期', daysLate: 0, daysLeft: 0 };
  return { state: -diff <= rules.upcomingDays ? '即将到期' : null, daysLate: 0, daysLeft: -diff };
}

// ---------------------------------------------------------------- status changes

// The transitions live in ledgerMachines.ts; these views of them are for callers that ask only "may A become B".

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export const allowedTransitions: Readonly<Record<ReleasedStatus, readonly ReleasedStatus[]>> = transitionTable(releasedMachine);
export const patientAllowedTransitions: Readonly<Record<PatientStatus, readonly PatientStatus[]>> = transitionTable(patientMachine);

/** May A become B by whichever step makes that change; checked as the machine checks it. */
function anyStep<S extends string, Step extends string, F extends { status: S }>(m: StateMachine<S, Step, F>, facts: F, to: S): TransitionCheck {
  const via = m.changes.find((c) => c.from.includes(facts.status) && c.to === to)?.via ?? m.changeStep;
  const check = via === undefined ? { ok: false as const, reason: m.refuseChange(facts.status, to) } : checkChange(m, facts, to, via);
  return check.ok ? { ok: true } : { ok: false, reason: check.reason };
}

/**
 * Whether a 帮教对象 may go from one status to another. 期满解除 needs the date of the change and the 期满日:
 * it is allowed only on or after the 期满日.
 */
export function checkTransition(from: ReleasedStatus, to: ReleasedStatus, when?: { date: string; termEnd: string | null }): TransitionCheck {
  const facts = { status: from, statusSince: '', name: '', idNumber: '', handoverOn: null, handoverCode: null, termEnd: when?.termEnd ?? null, date: when?.date ?? null };
  return anyStep(releasedMachine, facts, to);
}

export function checkPatientTransition(from: PatientStatus, to: PatientStatus): TransitionCheck {
  const facts = { status: from, statusSince: '', name: '', idNumber: '', risk: 0, awardRiskThreshold: 0, awardEligible: false, guardianName: '', awardAgreementSignedOn: null, date: null };
  return anyStep(patientMachine, facts, to);
}
