// Due dates, status changes and eligibility of the key-group ledgers (domain.md Part 1 "刑满释放人员", "严重精神障碍患者",
// "低保", "Records and due dates"). Dates are 'YYYY-MM-DD'; every rule value comes from RuleSettings.
//
// Decisions where domain.md is silent:
// - A follow-up's next date, by class, is also capped at followUpMaxGapMonths after it, so a town that lengthens the
//   稳定 cycle still never goes more than the maximum gap between two follow-ups.
// - 待衔接 may also end in 死亡 or 迁出 (a person who dies before the hand-over, or whose 户籍 turns out to be elsewhere);
//   otherwise the 待登记衔接 item would stay overdue for ever.
// - 期满解除 only from 在册帮教: a 脱管 person is first found again (脱管 → 在册帮教), then released.
// - 期满解除, 重新犯罪, 死亡 and 迁出 are final for a 帮教 record; a returning person gets a new record. A mistake is
//   corrected by withdrawing the wrong change (the ledger's business), not by a transition.
// - Patients: 迁出 → 在管 is allowed (迁回: patients often come back from work elsewhere); only 死亡 is final.
// - dueState's 即将到期 window is (D, D + upcomingDays]; upcomingDays = 0 turns it off.
import type { FollowUpClass, LowIncomeClass, PatientStatus, ReleasedClass, ReleasedStatus } from '../codes/ledger';
import { addDays, addMonths, addYears, chineseDate, daysBetween } from './dates';
import { DEFAULT_RULES, type Period, type RuleSettings } from './ruleSettings';

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

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export const allowedTransitions: Readonly<Record<ReleasedStatus, readonly ReleasedStatus[]>> = {
  待衔接: ['在册帮教', '死亡', '迁出'],
  在册帮教: ['脱管', '期满解除', '重新犯罪', '死亡', '迁出'],
  脱管: ['在册帮教', '重新犯罪', '死亡', '迁出'],
  期满解除: [],
  重新犯罪: [],
  死亡: [],
  迁出: [],
};

/**
 * Whether a 帮教对象 may go from one status to another. 期满解除 needs the date of the change and the 期满日:
 * it is allowed only on or after the 期满日.
 */
export function checkTransition(from: ReleasedStatus, to: ReleasedStatus, when?: { date: string; termEnd: string | null }): TransitionCheck {
  if (from === to) return { ok: false, reason: `状态已是「${from}」，无需变更` };
  if (!allowedTransitions[from].includes(to)) {
    if (allowedTransitions[from].length === 0) return { ok: false, reason: `「${from}」已结束帮教，不能再变更为「${to}」` };
    if (to === '期满解除' && from === '脱管') return { ok: false, reason: '脱管人员须先恢复为「在册帮教」，才能办理期满解除' };
    if (from === '待衔接') return { ok: false, reason: `尚未衔接的人员不能直接变更为「${to}」，请先办理衔接` };
    return { ok: false, reason: `不能从「${from}」变更为「${to}」` };
  }
  if (to === '期满解除') {
    if (!when?.termEnd) return { ok: false, reason: '缺少期满日，不能办理期满解除' };
    if (when.date < when.termEnd) {
      return { ok: false, reason: `期满日为${chineseDate(when.termEnd)}，${chineseDate(when.date)}尚未期满，不能办理期满解除` };
    }
  }
  return { ok: true };
}

export const patientAllowedTransitions: Readonly<Record<PatientStatus, readonly PatientStatus[]>> = {
  在管: ['失访', '住院', '迁出', '死亡'],
  失访: ['在管', '住院', '迁出', '死亡'],
  住院: ['在管', '迁出', '死亡'],
  迁出: ['在管'],
  死亡: [],
};

export function checkPatientTransition(from: PatientStatus, to: PatientStatus): TransitionCheck {
  if (from === to) return { ok: false, reason: `状态已是「${from}」，无需变更` };
  if (patientAllowedTransitions[from].includes(to)) return { ok: true };
  if (from === '死亡') return { ok: false, reason: `患者已死亡，不能变更为「${to}」` };
  if (from === '迁出') return { ok: false, reason: `已迁出的患者须先迁回（变更为「在管」），不能直接变更为「${to}」` };
  return { ok: false, reason: `不能从「${from}」变更为「${to}」` };
}
