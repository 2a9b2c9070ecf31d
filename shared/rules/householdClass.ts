// Household classes for grid workers' visits (issue 12): 重点户 or 普通户, with the reasons a household is 重点 derived
// from the data, and the visit period a date falls in.
//
// Decisions where the docs are silent:
// - A household is 重点户 when any of these holds on the date; the reasons are listed in this order:
//   安置帮教 (a member is an open 刑满释放人员 entry), 严重精神障碍 (a member is an open patient entry),
//   低保 (an open 低保 entry, or the 户标签 低保五保户), 独居老人 (exactly one 在册 member, aged ≥ elderlyAloneAge —
//   default 60, the 老年人权益保障法 age — on the date), 重病重残 / 空巢老人 / 留守儿童 (the household's tags), and
//   重点关注 (a member marked 重点关注 on the register). Everything else is 普通户.
// - The visit cycle is calendar-aligned: a cycle of n months (1, 2, 3, 4, 6 or 12) cuts the year into periods of n
//   months from January. A household is visited for a period when a visit that stands (not 作废) is dated in it; it is
//   due by the period's last day. The class is taken on the date asked about (a household that became 重点 mid-quarter
//   is due by the end of this month).
import { addMonths, formatDate, lastDayOfMonth } from './dates';
import type { RuleSettings } from './ruleSettings';

export const HOUSEHOLD_CLASSES = ['重点户', '普通户'] as const;
export type HouseholdClass = (typeof HOUSEHOLD_CLASSES)[number];

export const KEY_REASONS = ['安置帮教', '严重精神障碍', '低保', '独居老人', '重病重残', '空巢老人', '留守儿童', '重点关注'] as const;
export type KeyReason = (typeof KEY_REASONS)[number];

/** householdTagTable codes that make a household 重点 and the reason they give. */
const TAG_REASONS: Readonly<Record<string, KeyReason>> = { '01': '低保', '02': '重病重残', '04': '空巢老人', '05': '留守儿童' };

export interface HouseholdMemberFacts {
  birthDate: string;
  /** 在册 | 迁出 | 死亡 */
  status: string;
  released: boolean;
  patient: boolean;
  keyConcern: boolean;
}

export interface HouseholdFacts {
  members: readonly HouseholdMemberFacts[];
  /** An open 低保 entry (在保). */
  lowIncome: boolean;
  /** householdTagTable codes. */
  tags: readonly string[];
}

/** Full years of age on `date` (a 29 February birthday counts on 1 March in a common year). */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

export function classifyHousehold(facts: HouseholdFacts, date: string, rules: Pick<RuleSettings, 'elderlyAloneAge'>): { cls: HouseholdClass; reasons: KeyReason[] } {
  const present = facts.members.filter((m) => m.status === '在册');
  const found = new Set<KeyReason>();
  if (present.some((m) => m.released)) found.add('安置帮教');
  if (present.some((m) => m.patient)) found.add('严重精神障碍');
  if (facts.lowIncome) found.add('低保');
  if (present.length === 1 && ageOn(present[0]!.birthDate, date) >= rules.elderlyAloneAge) found.add('独居老人');
  for (const tag of facts.tags) {
    const reason = TAG_REASONS[tag];
    if (reason) found.add(reason);
  }
  if (present.some((m) => m.keyConcern)) found.add('重点关注');
  const reasons = KEY_REASONS.filter((r) => found.has(r));
  return { cls: reasons.length ? '重点户' : '普通户', reasons };
}

export function cycleMonths(cls: HouseholdClass, rules: Pick<RuleSettings, 'householdVisitMonths'>): number {
  return cls === '重点户' ? rules.householdVisitMonths.key : rules.householdVisitMonths.general;
}

/** The visit period of an n-month cycle that `date` falls in: its first and last day. */
export function visitPeriod(date: string, months: number): { from: string; to: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const startMonth = Math.floor((month - 1) / months) * months + 1;
  const from = formatDate(year, startMonth, 1);
  const to = lastDayOfMonth(addMonths(from, months - 1).slice(0, 7));
  return { from, to };
}

/** Whether a period of this cycle ends in the month (YYYY-MM): the months a household of the class is assessed in. */
export function periodEndsIn(month: string, months: number): boolean {
  return Number(month.slice(5, 7)) % months === 0;
}

/**
 * A household's visit state on `date`: visited when its last visit (on or before the date) lies in the current
 * period; otherwise due by the period's end.
 */
export function visitDue(lastVisit: string | null, date: string, months: number): { visited: boolean; dueDate: string; period: { from: string; to: string } } {
  const period = visitPeriod(date, months);
  const visited = lastVisit !== null && lastVisit >= period.from && lastVisit <= date;
  return { visited, dueDate: period.to, period };
}
