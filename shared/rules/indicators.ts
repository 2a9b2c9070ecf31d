// The figures of tables T1, T2 and T3 (reports.md) for one group of persons — one 村/社区 — as of a reporting month,
// computed from plain facts, and the 合计 row. domain.md Part 1 gives the definitions; figures are as of the month's
// last day (期末) unless the column says 本月. Everything is computed from dated histories, so an old month can be
// regenerated exactly.
//
// Decisions where domain.md is silent:
// Common
// - rate(n, d) = n ÷ d as a percentage rounded half-up to 2 decimals (66.67); null when d is 0 (shown as "—").
// - 合计 adds the counts of the village rows and recomputes every rate from the sums; rates are never averaged.
// - A status history answers "status at date D" with its latest change dated ≤ D; on the same date the later entry wins.
// T1 刑满释放人员
// - 在册帮教对象 = status 在册帮教 or 脱管 at month end (a 脱管 person is still on the register; 脱管 is also shown apart).
// - 本月已衔接 = of the persons whose 通知书 arrived this month, those with a 衔接日期 by month end, so 衔接率 ≤ 100%.
//   A 衔接 without a 通知书 (人员自返) is not in the rate.
// - 已安置 = 在册 with an 安置日期 by month end.
// - 已落实帮教 = 在册, 帮教小组 not empty, and the 帮教走访 item not overdue at month end: last 帮教记录 + the class's
//   cycle ≥ month end. The class is the latest 分类 assessment by month end; a person never assessed counts as 一般.
//   The 帮教小组 size is the current one (the ledger does not date team changes).
// - 本年重新犯罪 = persons whose status changed to 重新犯罪 between 1 Jan and month end (the change's date counts);
//   重新犯罪率 divides it by 在册 even though those persons have left the register, as the formula says.
// - 报到逾期 = status 待衔接 or 在册帮教 at month end, no 报到 by month end, and month end past 释放日期 + 30 days.
// T2 严重精神障碍患者
// - 在册患者 = status 在管, 失访 or 住院 at month end, among the six covered diagnoses (a missing diagnosis counts;
//   07, 08 and 99 do not). A patient with no status change yet is 在管 from the registration date.
// - A complete follow-up is one that reached the patient (class ≠ 0 未访到) and carries a 危险性 or says 目前正在住院.
// - 年在管 = 在册 with a complete follow-up between 1 Jan and month end.
// - 规范管理 = 年在管, and counting only complete follow-ups of this year: the first within 3 months (followUpMaxGapMonths)
//   of 1 Jan or of the registration date if later; every two adjacent ones ≤ 3 months apart; and month end no more
//   than 3 months after the last one (otherwise one follow-up in January would be 规范 all year).
// - Currently in hospital: the newest of the status changes and the follow-ups' 住院情况 by month end decides
//   (on the same date the status change wins).
// - 服药 = 在册 and (in hospital, or the last complete follow-up says 规律服药 or 间断服药); denominator 在册患者
//   (the national paper's choice), labelled so. 规律服药 = the last complete follow-up says 规律服药; denominator 在册.
// - 居家患者 = 年在管 minus those currently in hospital; 稳定 = 居家 whose last complete follow-up is 稳定 and dated within
//   3 months (followUpMaxGapMonths) before month end.
// - 危险性 0–5级 = the latest recorded 危险性 (from follow-ups, else at registration) of each 在册 patient; a patient
//   never assessed is in no column.
// - 以奖代补 对象 = 在册 and awardEligible (last 危险性 ≥ 3, or any 肇事肇祸 incl. those before registration);
//   已签监护责任书 = of those, an agreement signed by month end.
// - 本月肇事肇祸 counts persons (the table's unit is 人), among all covered patients registered by month end whatever
//   their status now.
// - 面访 (not in T2, computed for the report) = 在册 with a completed face-to-face follow-up this year.
// T3 低保
// - A household is in 低保 from its 确认日期 until its exit: the exit date, or the first 停发 复核, whichever comes first.
//   户·人·保障金 are of the households in 低保 at month end.
// - 当月保障金: money starts the month after 确认, so a household confirmed this month adds 0; an amount changed by a
//   复核 also takes effect the month after that 复核 (the amount in force is the last one decided before the month).
// - 人 uses 保障人数 at month end (a 复核 may change it); 本月新增 uses it at 确认, 本月停保 just before the exit.
// - 增发户/减发户 counts households by the last 复核 of the month.
// - 特困供养 集中/分散 counts persons (保障人数) of households in 低保 at month end with that flag.
// - 本月应复核 = households in 低保 before the month and still in it at its start, whose next 复核 (from 确认 or the last
//   复核 before the month, by the class's cycle) falls on or before month end — overdue ones included — unless the
//   household left before that date without a 复核 this month. 已复核 = of those, a 复核 dated this month
//   (an early 复核 of a household not yet due is not counted).
// - Amounts are summed in 分 and returned in 元 with 2 decimals, so no 0.1 + 0.2 drift.
import {
  PATIENT_ON_REGISTER,
  RELEASED_ON_REGISTER,
  isCoveredDiagnosis,
  type ExtremePovertySupport,
  type FollowUpClass,
  type HospitalizationCode,
  type LowIncomeArea,
  type LowIncomeClass,
  type MedicationCode,
  type PatientStatus,
  type ReleasedClass,
  type ReleasedStatus,
  type ReviewResult,
} from '../codes/ledger';
import { addMonths, firstDayOfMonth, lastDayOfMonth } from './dates';
import { awardEligible, followUpGapMonths, lowIncomeReviewDue, reportDue, visitDue } from './ledgerRules';
import { DEFAULT_RULES, type RuleSettings } from './ruleSettings';

// ---------------------------------------------------------------- common

/** n ÷ d as a percentage with 2 decimals (2 ÷ 3 → 66.67); null when d is 0, never NaN. */
export function rate(numerator: number, denominator: number): number | null {
  if (!(denominator > 0) || !Number.isFinite(numerator)) return null;
  return Math.round((numerator * 10000) / denominator) / 100;
}

export interface StatusChange<S extends string> {
  date: string;
  status: S;
}

/** The status in force on a date: the latest change dated on or before it; null before the first change. */
export function statusAsOf<S extends string>(history: readonly StatusChange<S>[], date: string): S | null {
  let found: StatusChange<S> | null = null;
  for (const change of history) {
    if (change.date <= date && (found === null || change.date >= found.date)) found = change;
  }
  return found?.status ?? null;
}

interface MonthSpan {
  start: string;
  end: string;
  yearStart: string;
}

function monthSpan(month: string): MonthSpan {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`不是有效的统计月份：${month}（应为 YYYY-MM）`);
  return { start: firstDayOfMonth(month), end: lastDayOfMonth(month), yearStart: `${month.slice(0, 4)}-01-01` };
}

function within(date: string | null | undefined, from: string, to: string): boolean {
  return date !== null && date !== undefined && date >= from && date <= to;
}

function latest<T extends { date: string }>(items: readonly T[], onOrBefore: string): T | null {
  let found: T | null = null;
  for (const item of items) if (item.date <= onOrBefore && (found === null || item.date >= found.date)) found = item;
  return found;
}

function sumKeys<K extends string>(rows: readonly Readonly<Record<K, number>>[], keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of keys) out[key] = rows.reduce<number>((s, r) => s + r[key], 0);
  return out;
}

const toFen = (yuan: number): number => Math.round(yuan * 100);
const toYuan = (fen: number): number => fen / 100;

// ---------------------------------------------------------------- T1 刑满释放人员

export interface ReleasedPersonFacts {
  releaseDate: string;
  /** 释放通知书 收到日期. */
  noticeReceivedDate: string | null;
  handoverDate: string | null;
  reportDate: string | null;
  placementDate: string | null;
  /** 分类 assessments (first and every 复评). */
  assessments: readonly { date: string; class: ReleasedClass }[];
  /** Members of the 帮教小组 now. */
  helpTeamSize: number;
  helpRecordDates: readonly string[];
  statusHistory: readonly StatusChange<ReleasedStatus>[];
}

export const RELEASED_COUNT_KEYS = [
  'registered',
  'keyClass',
  'noticesReceived',
  'handedOver',
  'placed',
  'helped',
  'reoffended',
  'lostContact',
  'termEndedThisMonth',
  'reportOverdue',
] as const;
export type ReleasedCounts = Record<(typeof RELEASED_COUNT_KEYS)[number], number>;
export interface ReleasedIndicators extends ReleasedCounts {
  handoverRate: number | null;
  placementRate: number | null;
  helpRate: number | null;
  reoffendRate: number | null;
}

/** Column names of T1, in Chinese. */
export const releasedLabels: Readonly<Record<keyof ReleasedIndicators, string>> = {
  registered: '在册帮教对象',
  keyClass: '其中重点帮教',
  noticesReceived: '本月收到通知书',
  handedOver: '本月已衔接',
  handoverRate: '衔接率',
  placed: '已安置',
  placementRate: '安置率',
  helped: '已落实帮教',
  helpRate: '帮教率',
  reoffended: '本年重新犯罪人数',
  reoffendRate: '重新犯罪率',
  lostContact: '脱管',
  termEndedThisMonth: '本月期满解除',
  reportOverdue: '报到逾期',
};

function withReleasedRates(c: ReleasedCounts): ReleasedIndicators {
  return {
    ...c,
    handoverRate: rate(c.handedOver, c.noticesReceived),
    placementRate: rate(c.placed, c.registered),
    helpRate: rate(c.helped, c.registered),
    reoffendRate: rate(c.reoffended, c.registered),
  };
}

export function releasedClassAsOf(person: Pick<ReleasedPersonFacts, 'assessments'>, date: string): ReleasedClass {
  return latest(person.assessments, date)?.class ?? 'general';
}

/** The members of every T1 count: positions in `persons`, in their order. Each count is the size of its set. */
export type ReleasedMembers = Record<(typeof RELEASED_COUNT_KEYS)[number], number[]>;

export function releasedMembers(persons: readonly ReleasedPersonFacts[], month: string, rules: RuleSettings = DEFAULT_RULES): ReleasedMembers {
  const { start, end, yearStart } = monthSpan(month);
  const m = Object.fromEntries(RELEASED_COUNT_KEYS.map((k) => [k, []])) as unknown as ReleasedMembers;
  persons.forEach((p, i) => {
    const status = statusAsOf(p.statusHistory, end);
    const onRegister = status !== null && RELEASED_ON_REGISTER.includes(status);
    const cls = releasedClassAsOf(p, end);

    if (within(p.noticeReceivedDate, start, end)) {
      m.noticesReceived.push(i);
      if (p.handoverDate !== null && p.handoverDate <= end) m.handedOver.push(i);
    }
    if (p.statusHistory.some((s) => s.status === '重新犯罪' && within(s.date, yearStart, end))) m.reoffended.push(i);
    if (p.statusHistory.some((s) => s.status === '期满解除' && within(s.date, start, end))) m.termEndedThisMonth.push(i);
    if (
      (status === '待衔接' || status === '在册帮教') &&
      (p.reportDate === null || p.reportDate > end) &&
      end > reportDue(p.releaseDate, rules)
    ) {
      m.reportOverdue.push(i);
    }
    if (!onRegister) return;

    m.registered.push(i);
    if (cls === 'key') m.keyClass.push(i);
    if (status === '脱管') m.lostContact.push(i);
    if (p.placementDate !== null && p.placementDate <= end) m.placed.push(i);
    const lastRecord = p.helpRecordDates.filter((d) => d <= end).reduce<string | null>((a, d) => (a === null || d > a ? d : a), null);
    if (p.helpTeamSize > 0 && lastRecord !== null && visitDue(lastRecord, cls, rules) >= end) m.helped.push(i);
  });
  return m;
}

function countsOf<K extends string>(members: Readonly<Record<K, readonly number[]>>, keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, members[k].length])) as Record<K, number>;
}

export function releasedIndicators(persons: readonly ReleasedPersonFacts[], month: string, rules: RuleSettings = DEFAULT_RULES): ReleasedIndicators {
  return withReleasedRates(countsOf(releasedMembers(persons, month, rules), RELEASED_COUNT_KEYS));
}

/** The 合计 row: counts summed, rates recomputed from the sums. */
export function totalReleased(rows: readonly ReleasedIndicators[]): ReleasedIndicators {
  return withReleasedRates(sumKeys(rows, RELEASED_COUNT_KEYS));
}

// ---------------------------------------------------------------- T2 严重精神障碍患者

export interface FollowUpFacts {
  date: string;
  class: FollowUpClass;
  /** 危险性 0–5; null when not assessed (e.g. 未访到). */
  risk: number | null;
  medication: MedicationCode | null;
  hospitalization: HospitalizationCode | null;
  /** Met the patient in person (门诊 or 家访), not by phone. */
  faceToFace: boolean;
}

export interface PatientFacts {
  registeredDate: string;
  /** 目前诊断类型 code; null when not recorded yet. */
  diagnosis: string | null;
  /** Empty means 在管 since registration. */
  statusHistory: readonly StatusChange<PatientStatus>[];
  /** 目前危险性评估等级 recorded at registration. */
  riskAtRegistration: number | null;
  /** 肇事肇祸次数 before registration (个人信息补充表). */
  priorIncidentCount: number;
  /** Dates of 肇事肇祸 recorded since registration. */
  incidentDates: readonly string[];
  /** 监护责任书 signed on. */
  guardianAgreementDate: string | null;
  followUps: readonly FollowUpFacts[];
}

export const PATIENT_COUNT_KEYS = [
  'registered',
  'managed',
  'standard',
  'onMedication',
  'regularMedication',
  'atHome',
  'stable',
  'risk0',
  'risk1',
  'risk2',
  'risk3',
  'risk4',
  'risk5',
  'awardTargets',
  'awardSigned',
  'incidentsThisMonth',
  'faceToFace',
] as const;
export type PatientCounts = Record<(typeof PATIENT_COUNT_KEYS)[number], number>;
export interface PatientIndicators extends PatientCounts {
  managementRate: number | null;
  standardRate: number | null;
  medicationRate: number | null;
  regularMedicationRate: number | null;
  stableRate: number | null;
  faceToFaceRate: number | null;
}

/** Column names of T2, in Chinese; the 服药率 label names its denominator because sources differ. */
export const patientLabels: Readonly<Record<keyof PatientIndicators, string>> = {
  registered: '在册患者',
  managed: '年在管',
  managementRate: '管理率',
  standard: '规范管理',
  standardRate: '规范管理率',
  onMedication: '服药',
  medicationRate: '服药率（分母：在册患者）',
  regularMedication: '规律服药',
  regularMedicationRate: '规律服药率',
  atHome: '居家患者',
  stable: '稳定',
  stableRate: '稳定率',
  risk0: '0级',
  risk1: '1级',
  risk2: '2级',
  risk3: '3级',
  risk4: '4级',
  risk5: '5级',
  awardTargets: '以奖代补对象',
  awardSigned: '已签监护责任书',
  incidentsThisMonth: '本月肇事肇祸',
  faceToFace: '面访',
  faceToFaceRate: '面访率',
};

function withPatientRates(c: PatientCounts): PatientIndicators {
  return {
    ...c,
    managementRate: rate(c.managed, c.registered),
    standardRate: rate(c.standard, c.registered),
    medicationRate: rate(c.onMedication, c.registered),
    regularMedicationRate: rate(c.regularMedication, c.registered),
    stableRate: rate(c.stable, c.atHome),
    faceToFaceRate: rate(c.faceToFace, c.registered),
  };
}

/** A follow-up that reached the patient and assessed 危险性 (or found the patient in hospital). */
export function isCompleteFollowUp(f: FollowUpFacts): boolean {
  return f.class !== '0' && (f.risk !== null || f.hospitalization === '1');
}

export function patientStatusAsOf(p: Pick<PatientFacts, 'statusHistory' | 'registeredDate'>, date: string): PatientStatus | null {
  return statusAsOf(p.statusHistory, date) ?? (p.registeredDate <= date ? '在管' : null);
}

/** In hospital on a date: whichever is newer of the last status change and the last follow-up's 住院情况. */
export function inHospitalAsOf(p: Pick<PatientFacts, 'statusHistory' | 'followUps'>, date: string): boolean {
  const change = latest(p.statusHistory, date);
  const followUp = latest(
    p.followUps.filter((f) => f.hospitalization !== null),
    date,
  );
  if (change && (!followUp || change.date >= followUp.date)) return change.status === '住院';
  return followUp?.hospitalization === '1';
}

/** 规范管理 as of month end; see the decisions at the top. */
export function isStandardManaged(p: Pick<PatientFacts, 'registeredDate' | 'followUps'>, month: string, rules: RuleSettings = DEFAULT_RULES): boolean {
  const { end, yearStart } = monthSpan(month);
  const gap = followUpGapMonths(rules);
  const dates = p.followUps
    .filter((f) => isCompleteFollowUp(f) && within(f.date, yearStart, end))
    .map((f) => f.date)
    .sort();
  if (dates.length === 0) return false;
  let previous = p.registeredDate > yearStart ? p.registeredDate : yearStart;
  for (const d of dates) {
    if (d > addMonths(previous, gap)) return false;
    previous = d;
  }
  return end <= addMonths(previous, gap);
}

/** The members of every T2 count: positions in `patients`, in their order. Each count is the size of its set. */
export type PatientMembers = Record<(typeof PATIENT_COUNT_KEYS)[number], number[]>;

export function patientMembers(patients: readonly PatientFacts[], month: string, rules: RuleSettings = DEFAULT_RULES): PatientMembers {
  const { start, end, yearStart } = monthSpan(month);
  const m = Object.fromEntries(PATIENT_COUNT_KEYS.map((k) => [k, []])) as unknown as PatientMembers;
  const stableSince = addMonths(end, -rules.followUpMaxGapMonths);
  patients.forEach((p, i) => {
    if (p.diagnosis !== null && !isCoveredDiagnosis(p.diagnosis)) return;
    if (p.registeredDate > end) return;
    if (p.incidentDates.some((d) => within(d, start, end))) m.incidentsThisMonth.push(i);

    const status = patientStatusAsOf(p, end);
    if (status === null || !PATIENT_ON_REGISTER.includes(status)) return;
    m.registered.push(i);

    const complete = p.followUps.filter((f) => isCompleteFollowUp(f) && f.date <= end);
    const last = latest(complete, end);
    const thisYear = complete.filter((f) => f.date >= yearStart);
    const inHospital = inHospitalAsOf(p, end);
    const managed = thisYear.length > 0;

    if (managed) m.managed.push(i);
    if (managed && isStandardManaged(p, month, rules)) m.standard.push(i);
    if (inHospital || last?.medication === '1' || last?.medication === '2') m.onMedication.push(i);
    if (last?.medication === '1') m.regularMedication.push(i);
    if (managed && !inHospital) {
      m.atHome.push(i);
      if (last !== null && last.class === '3' && last.date >= stableSince) m.stable.push(i);
    }
    if (thisYear.some((f) => f.faceToFace)) m.faceToFace.push(i);

    const risk = patientRiskAsOf(p, end);
    if (risk !== null && Number.isInteger(risk) && risk >= 0 && risk <= 5) m[`risk${risk as 0 | 1 | 2 | 3 | 4 | 5}`].push(i);

    const incidents = p.priorIncidentCount + p.incidentDates.filter((d) => d <= end).length;
    if (awardEligible({ lastRisk: risk, incidentCount: incidents }, rules)) {
      m.awardTargets.push(i);
      if (p.guardianAgreementDate !== null && p.guardianAgreementDate <= end) m.awardSigned.push(i);
    }
  });
  return m;
}

/** The latest recorded 危险性 by a date: from the follow-ups that assessed it, else the one at registration. */
export function patientRiskAsOf(p: Pick<PatientFacts, 'followUps' | 'riskAtRegistration'>, date: string): number | null {
  const assessed = latest(
    p.followUps.filter((f) => f.risk !== null),
    date,
  );
  return assessed?.risk ?? p.riskAtRegistration;
}

export function patientIndicators(patients: readonly PatientFacts[], month: string, rules: RuleSettings = DEFAULT_RULES): PatientIndicators {
  return withPatientRates(countsOf(patientMembers(patients, month, rules), PATIENT_COUNT_KEYS));
}

export function totalPatients(rows: readonly PatientIndicators[]): PatientIndicators {
  return withPatientRates(sumKeys(rows, PATIENT_COUNT_KEYS));
}

// ---------------------------------------------------------------- T3 低保

export interface LowIncomeReviewFacts {
  date: string;
  result: ReviewResult;
  /** 月保障金额 decided by this 复核 (增发/减发). */
  newAmount?: number | null;
  /** 保障人数 after this 复核, when it changed. */
  newCoveredCount?: number | null;
}

export interface LowIncomeFacts {
  area: LowIncomeArea;
  class: LowIncomeClass;
  confirmedDate: string;
  /** Closing date recorded with a reason; a 停发 复核 closes the household too. */
  exitDate: string | null;
  /** 保障人数 at 确认. */
  coveredCount: number;
  /** 月保障金额 (元) at 确认. */
  monthlyAmount: number;
  supportType: ExtremePovertySupport | null;
  reviews: readonly LowIncomeReviewFacts[];
}

export const LOW_INCOME_COUNT_KEYS = [
  'urbanHouseholds',
  'urbanPersons',
  'urbanAmount',
  'ruralHouseholds',
  'ruralPersons',
  'ruralAmount',
  'newHouseholds',
  'newPersons',
  'stoppedHouseholds',
  'stoppedPersons',
  'increasedHouseholds',
  'decreasedHouseholds',
  'centralizedPersons',
  'dispersedPersons',
  'reviewDue',
  'reviewed',
  'totalHouseholds',
  'totalPersons',
  'totalAmount',
] as const;
export type LowIncomeIndicators = Record<(typeof LOW_INCOME_COUNT_KEYS)[number], number>;

export const lowIncomeLabels: Readonly<Record<keyof LowIncomeIndicators, string>> = {
  urbanHouseholds: '城市低保户数',
  urbanPersons: '城市低保人数',
  urbanAmount: '城市低保当月保障金',
  ruralHouseholds: '农村低保户数',
  ruralPersons: '农村低保人数',
  ruralAmount: '农村低保当月保障金',
  newHouseholds: '本月新增户数',
  newPersons: '本月新增人数',
  stoppedHouseholds: '本月停保户数',
  stoppedPersons: '本月停保人数',
  increasedHouseholds: '增发户',
  decreasedHouseholds: '减发户',
  centralizedPersons: '特困集中供养',
  dispersedPersons: '特困分散供养',
  reviewDue: '本月应复核',
  reviewed: '本月已复核',
  totalHouseholds: '合计户数',
  totalPersons: '合计人数',
  totalAmount: '合计保障金',
};

const AMOUNT_KEYS = new Set<string>(['urbanAmount', 'ruralAmount', 'totalAmount']);

/** The end of a household's time in 低保: the recorded exit or the first 停发 复核, whichever is earlier. */
export function lowIncomeExit(h: Pick<LowIncomeFacts, 'exitDate' | 'reviews'>): string | null {
  let exit = h.exitDate;
  for (const r of h.reviews) if (r.result === '停发' && (exit === null || r.date < exit)) exit = r.date;
  return exit;
}

function coveredAsOf(h: LowIncomeFacts, date: string): number {
  const changed = latest(
    h.reviews.filter((r) => r.result !== '停发' && r.newCoveredCount !== null && r.newCoveredCount !== undefined),
    date,
  );
  return changed?.newCoveredCount ?? h.coveredCount;
}

/** 月保障金额 paid for the month starting on monthStart: the last amount decided before it; 0 in the 确认 month. */
function amountForMonth(h: LowIncomeFacts, monthStart: string): number {
  if (h.confirmedDate >= monthStart) return 0;
  const before = h.reviews.filter((r) => r.date < monthStart && r.newAmount !== null && r.newAmount !== undefined);
  const decided = latest(before, monthStart);
  return decided?.newAmount ?? h.monthlyAmount;
}

export type LowIncomeMoneyKey = 'urbanAmount' | 'ruralAmount' | 'totalAmount';
export type LowIncomeCountKey = Exclude<(typeof LOW_INCOME_COUNT_KEYS)[number], LowIncomeMoneyKey>;
/** A household behind a T3 figure and what it adds: 1 to a 户 figure, its 保障人数 (at the figure's date) to a 人 one. */
export interface WeightedMember {
  index: number;
  weight: number;
}
/** The members of every T3 count (positions in `households`); each count is the sum of its members' weights. */
export type LowIncomeMembers = Record<LowIncomeCountKey, WeightedMember[]>;

export const LOW_INCOME_MEMBER_KEYS = LOW_INCOME_COUNT_KEYS.filter((k): k is LowIncomeCountKey => !AMOUNT_KEYS.has(k));

export function lowIncomeMembers(households: readonly LowIncomeFacts[], month: string, rules: RuleSettings = DEFAULT_RULES): LowIncomeMembers {
  const { start, end } = monthSpan(month);
  const m = Object.fromEntries(LOW_INCOME_MEMBER_KEYS.map((k) => [k, []])) as unknown as LowIncomeMembers;
  const add = (key: LowIncomeCountKey, index: number, weight = 1) => m[key].push({ index, weight });
  households.forEach((h, i) => {
    const exit = lowIncomeExit(h);
    const reviewsThisMonth = h.reviews.filter((r) => within(r.date, start, end));

    if (within(h.confirmedDate, start, end)) {
      add('newHouseholds', i);
      add('newPersons', i, h.coveredCount);
    }
    if (exit !== null && within(exit, start, end) && h.confirmedDate <= exit) {
      add('stoppedHouseholds', i);
      add('stoppedPersons', i, coveredAsOf(h, exit));
    }
    const lastOfMonth = latest(reviewsThisMonth, end);
    if (lastOfMonth?.result === '增发') add('increasedHouseholds', i);
    if (lastOfMonth?.result === '减发') add('decreasedHouseholds', i);

    // 复核 due this month: in 低保 before the month and still at its start.
    if (h.confirmedDate < start && (exit === null || exit >= start)) {
      const lastReviewBefore = latest(
        h.reviews.filter((r) => r.date < start),
        start,
      );
      const due = lowIncomeReviewDue(lastReviewBefore?.date ?? h.confirmedDate, h.class, rules);
      const leftBeforeDue = exit !== null && exit < due;
      if (due <= end && (!leftBeforeDue || reviewsThisMonth.length > 0)) {
        add('reviewDue', i);
        if (reviewsThisMonth.length > 0) add('reviewed', i);
      }
    }

    const inAtEnd = h.confirmedDate <= end && (exit === null || exit > end);
    if (!inAtEnd) return;
    const persons = coveredAsOf(h, end);
    if (h.area === '城市') {
      add('urbanHouseholds', i);
      add('urbanPersons', i, persons);
    } else {
      add('ruralHouseholds', i);
      add('ruralPersons', i, persons);
    }
    add('totalHouseholds', i);
    add('totalPersons', i, persons);
    if (h.supportType === '集中') add('centralizedPersons', i, persons);
    if (h.supportType === '分散') add('dispersedPersons', i, persons);
  });
  return m;
}

export function lowIncomeIndicators(households: readonly LowIncomeFacts[], month: string, rules: RuleSettings = DEFAULT_RULES): LowIncomeIndicators {
  const { start } = monthSpan(month);
  const m = lowIncomeMembers(households, month, rules);
  // Keys in the table's order, as before the members existed.
  const c = Object.fromEntries(LOW_INCOME_COUNT_KEYS.map((k) => [k, 0])) as LowIncomeIndicators;
  for (const key of LOW_INCOME_MEMBER_KEYS) c[key] = m[key].reduce((s, x) => s + x.weight, 0);
  const fenOf = (members: readonly WeightedMember[]) => members.reduce((s, x) => s + toFen(amountForMonth(households[x.index]!, start)), 0);
  c.urbanAmount = toYuan(fenOf(m.urbanHouseholds));
  c.ruralAmount = toYuan(fenOf(m.ruralHouseholds));
  return withLowIncomeTotals(c);
}

function withLowIncomeTotals(c: LowIncomeIndicators): LowIncomeIndicators {
  return {
    ...c,
    totalHouseholds: c.urbanHouseholds + c.ruralHouseholds,
    totalPersons: c.urbanPersons + c.ruralPersons,
    totalAmount: toYuan(toFen(c.urbanAmount) + toFen(c.ruralAmount)),
  };
}

/** The 合计 row of T3: counts summed; amounts summed in 分. */
export function totalLowIncome(rows: readonly LowIncomeIndicators[]): LowIncomeIndicators {
  const c = {} as LowIncomeIndicators;
  for (const key of LOW_INCOME_COUNT_KEYS) {
    c[key] = AMOUNT_KEYS.has(key) ? toYuan(rows.reduce((s, r) => s + toFen(r[key]), 0)) : rows.reduce((s, r) => s + r[key], 0);
  }
  return withLowIncomeTotals(c);
}
