// Every numeric rule of domain.md Part 1 as a town setting: its default, its allowed values and the Chinese label and
// unit staff see. The town may change any of them; "恢复默认" writes back the value from DEFAULT_RULES.
import { z } from 'zod';

/** A span that is either calendar days or calendar months ("+N months" clamps to the month's last day). */
export const periodSchema = z
  .object({
    amount: z.number({ error: '请填写整数' }).int('必须是整数').min(1, '至少为 1'),
    unit: z.enum(['days', 'months'], { error: '单位只能是天或月' }),
  })
  .refine((p) => (p.unit === 'days' ? p.amount <= 366 : p.amount <= 12), { message: '不能超过 366 天或 12 个月', path: ['amount'] });
export type Period = z.infer<typeof periodSchema>;
export const periodUnitLabels: Readonly<Record<Period['unit'], string>> = { days: '天', months: '个月' };

function whole(min: number, max: number) {
  return z.number({ error: '请填写整数' }).int('必须是整数').min(min, `不能小于 ${min}`).max(max, `不能大于 ${max}`);
}

const reviewMonths = z.union([z.literal(12), z.literal(6), z.literal(3), z.literal(1)], {
  error: '复核周期只能是 12、6、3 或 1 个月',
});

const visitMonths = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(6), z.literal(12)], {
  error: '走访周期只能是 1、2、3、4、6 或 12 个月',
});

export const ruleSettingsSchema = z.object({
  // 安置帮教
  releasedTermYears: whole(1, 10),
  releasedTermYearsAfterCorrection: z.union([z.literal(3), z.literal(5)], { error: '社区矫正期满后的帮教期只能是 3 年或 5 年' }),
  handoverDays: whole(1, 90),
  reportDays: whole(1, 180),
  firstVisitDays: whole(1, 90),
  visitCycleMonths: z.object({ key: whole(1, 12), general: whole(1, 12), loose: whole(1, 12) }),
  reassessMonths: whole(1, 24),
  // 严重精神障碍患者
  followUpFirstDays: whole(1, 90),
  followUpCycle: z.object({
    stable: periodSchema,
    basicallyStable: periodSchema,
    unstable: periodSchema,
    notReached: periodSchema,
  }),
  followUpMaxGapMonths: whole(1, 12),
  followUpMinPerYear: whole(1, 52),
  awardRiskThreshold: whole(1, 5),
  awardReviewMonths: whole(1, 24),
  // 低保
  publicityDays: whole(1, 30),
  lowIncomeReviewMonths: z.object({ A: reviewMonths, B: reviewMonths, C: reviewMonths }),
  // 待办
  upcomingDays: whole(0, 60),
  // 网格
  gridMaxHouseholds: whole(1, 100_000),
  gridMaxResidents: whole(1, 1_000_000),
  // 事件 (working days; shared/rules/eventMachine.ts says from when each counts)
  eventAcceptDays: whole(1, 30),
  eventRouteDays: whole(1, 30),
  eventCloseDays: whole(1, 90),
  // 网格员走访与考核 (issue 12): the visit cycle of each household class, in calendar months (a cycle of n months
  // splits the year into periods of n months: 1 = each month, 3 = each quarter); 独居老人 age; T6 weights.
  householdVisitMonths: z.object({ key: visitMonths, general: visitMonths }),
  elderlyAloneAge: whole(50, 100),
  t6Weights: z.object({ visits: whole(0, 100), keyVisits: whole(0, 100), reports: whole(0, 100), closedInTime: whole(0, 100) }),
  t6ReportTarget: whole(1, 100),
  // 年评比 (shared/rules/workerPeriods.ts): 优秀 for the top share (%) whose year's average reaches excellentMinScore,
  // 不合格 below passScore.
  t6YearGrades: z.object({ excellentShare: whole(0, 100), excellentMinScore: whole(0, 100), passScore: whole(0, 100) }),
});
export type RuleSettings = z.infer<typeof ruleSettingsSchema>;

export const DEFAULT_RULES: RuleSettings = Object.freeze({
  releasedTermYears: 5,
  releasedTermYearsAfterCorrection: 3,
  handoverDays: 7,
  reportDays: 30,
  firstVisitDays: 7,
  visitCycleMonths: Object.freeze({ key: 1, general: 3, loose: 6 }),
  reassessMonths: 6,
  followUpFirstDays: 14,
  followUpCycle: Object.freeze({
    stable: Object.freeze({ amount: 3, unit: 'months' as const }),
    basicallyStable: Object.freeze({ amount: 14, unit: 'days' as const }),
    unstable: Object.freeze({ amount: 14, unit: 'days' as const }),
    notReached: Object.freeze({ amount: 14, unit: 'days' as const }),
  }),
  followUpMaxGapMonths: 3,
  followUpMinPerYear: 4,
  awardRiskThreshold: 3,
  awardReviewMonths: 12,
  publicityDays: 7,
  lowIncomeReviewMonths: Object.freeze({ A: 12 as const, B: 12 as const, C: 6 as const }),
  upcomingDays: 7,
  gridMaxHouseholds: 500,
  gridMaxResidents: 2500,
  eventAcceptDays: 2,
  eventRouteDays: 3,
  eventCloseDays: 5,
  householdVisitMonths: Object.freeze({ key: 1 as const, general: 3 as const }),
  elderlyAloneAge: 60,
  t6Weights: Object.freeze({ visits: 40, keyVisits: 30, reports: 10, closedInTime: 20 }),
  t6ReportTarget: 1,
  t6YearGrades: Object.freeze({ excellentShare: 20, excellentMinScore: 80, passScore: 60 }),
});

export interface SettingLabel {
  /** The settings page's section. */
  group: '安置帮教' | '严重精神障碍患者' | '低保' | '待办' | '网格' | '事件' | '网格员考核';
  label: string;
  /** 天/个月/年…; a period setting carries its own unit, shown as 天或个月. */
  unit: string;
  hint?: string;
}

/** One entry per leaf of RuleSettings, keyed by its dotted path. */
export const settingLabels = {
  releasedTermYears: { group: '安置帮教', label: '帮教期（刑满释放）', unit: '年', hint: '自释放日期起算' },
  releasedTermYearsAfterCorrection: { group: '安置帮教', label: '帮教期（社区矫正期满）', unit: '年', hint: '只能为 3 年或 5 年' },
  handoverDays: { group: '安置帮教', label: '收到释放通知书后登记衔接时限', unit: '天' },
  reportDays: { group: '安置帮教', label: '释放后报到时限', unit: '天' },
  firstVisitDays: { group: '安置帮教', label: '报到后首次走访时限', unit: '天' },
  'visitCycleMonths.key': { group: '安置帮教', label: '帮教走访周期（重点）', unit: '个月' },
  'visitCycleMonths.general': { group: '安置帮教', label: '帮教走访周期（一般）', unit: '个月' },
  'visitCycleMonths.loose': { group: '安置帮教', label: '帮教走访周期（宽松）', unit: '个月' },
  reassessMonths: { group: '安置帮教', label: '分类复评周期', unit: '个月' },
  followUpFirstDays: { group: '严重精神障碍患者', label: '建档后首次随访时限', unit: '天' },
  'followUpCycle.stable': { group: '严重精神障碍患者', label: '随访周期（稳定）', unit: '天或个月' },
  'followUpCycle.basicallyStable': { group: '严重精神障碍患者', label: '随访周期（基本稳定）', unit: '天或个月' },
  'followUpCycle.unstable': { group: '严重精神障碍患者', label: '随访周期（不稳定）', unit: '天或个月' },
  'followUpCycle.notReached': { group: '严重精神障碍患者', label: '随访周期（未访到）', unit: '天或个月' },
  followUpMaxGapMonths: { group: '严重精神障碍患者', label: '两次随访最长间隔', unit: '个月', hint: '也是规范管理的判定标准' },
  followUpMinPerYear: { group: '严重精神障碍患者', label: '每年至少随访', unit: '次', hint: '两次随访的间隔也不超过 12 个月 ÷ 此次数' },
  awardRiskThreshold: { group: '严重精神障碍患者', label: '以奖代补危险性等级下限', unit: '级', hint: '危险性达到此级或有肇事肇祸史即为以奖代补对象' },
  awardReviewMonths: { group: '严重精神障碍患者', label: '以奖代补年审周期', unit: '个月' },
  publicityDays: { group: '低保', label: '低保公示期', unit: '天' },
  'lowIncomeReviewMonths.A': { group: '低保', label: '低保复核周期（A类）', unit: '个月', hint: '可选 12、6、3、1 个月' },
  'lowIncomeReviewMonths.B': { group: '低保', label: '低保复核周期（B类）', unit: '个月', hint: '可选 12、6、3、1 个月' },
  'lowIncomeReviewMonths.C': { group: '低保', label: '低保复核周期（C类）', unit: '个月', hint: '可选 12、6、3、1 个月' },
  upcomingDays: { group: '待办', label: '即将到期提前提醒', unit: '天' },
  gridMaxHouseholds: { group: '网格', label: '综合网格户数上限（超出提醒）', unit: '户' },
  gridMaxResidents: { group: '网格', label: '综合网格人口上限（超出提醒）', unit: '人' },
  eventAcceptDays: { group: '事件', label: '事件受理时限', unit: '个工作日', hint: '自上报之日的次日起算' },
  eventRouteDays: { group: '事件', label: '事件分流时限', unit: '个工作日', hint: '自受理之日的次日起算' },
  eventCloseDays: { group: '事件', label: '事件办结时限', unit: '个工作日', hint: '自分流之日的次日起算' },
  'householdVisitMonths.key': { group: '网格员考核', label: '重点户走访周期', unit: '个月', hint: '可选 1、2、3、4、6、12 个月；按自然月划分周期（1 = 每月，3 = 每季度）' },
  'householdVisitMonths.general': { group: '网格员考核', label: '普通户走访周期', unit: '个月', hint: '可选 1、2、3、4、6、12 个月' },
  elderlyAloneAge: { group: '网格员考核', label: '独居老人年龄', unit: '周岁', hint: '户内唯一在册成员达到此年龄即为独居老人，列为重点户' },
  't6Weights.visits': { group: '网格员考核', label: '考核权重：住户走访率', unit: '分' },
  't6Weights.keyVisits': { group: '网格员考核', label: '考核权重：重点户走访率', unit: '分' },
  't6Weights.reports': { group: '网格员考核', label: '考核权重：事件上报', unit: '分' },
  't6Weights.closedInTime': { group: '网格员考核', label: '考核权重：按期办结率', unit: '分' },
  t6ReportTarget: { group: '网格员考核', label: '每月应上报事件数（满分）', unit: '件' },
  't6YearGrades.excellentShare': { group: '网格员考核', label: '年评比优秀比例（不超过）', unit: '%', hint: '按年度平均分排名，前此比例的网格员可评为优秀' },
  't6YearGrades.excellentMinScore': { group: '网格员考核', label: '年评比优秀最低平均分', unit: '分' },
  't6YearGrades.passScore': { group: '网格员考核', label: '年评比合格分数线', unit: '分', hint: '年度平均分低于此分为不合格' },
} as const satisfies Record<string, SettingLabel>;

export type SettingPath = keyof typeof settingLabels;
export const settingPaths = Object.keys(settingLabels) as SettingPath[];

export type SettingValue = number | Period;

/** The value at a dotted path, e.g. readSetting(rules, 'visitCycleMonths.key') → 1. */
export function readSetting(rules: RuleSettings, path: SettingPath): SettingValue {
  let value: unknown = rules;
  for (const part of path.split('.')) value = (value as Record<string, unknown>)[part];
  return value as SettingValue;
}

export type RuleOverrides = {
  [K in keyof RuleSettings]?: RuleSettings[K] extends number ? RuleSettings[K] : Partial<RuleSettings[K]>;
};

/**
 * The town's stored changes laid over the defaults. Only changed values are stored, so a setting added in a later
 * version simply takes its default. The result is validated; an invalid stored value is reported, not silently used.
 */
export function mergeRules(overrides: RuleOverrides | null | undefined): { ok: true; rules: RuleSettings } | { ok: false; error: z.ZodError } {
  const merged: Record<string, unknown> = {};
  for (const [key, base] of Object.entries(DEFAULT_RULES)) {
    const over = (overrides as Record<string, unknown> | null | undefined)?.[key];
    merged[key] =
      typeof base === 'object' && over !== null && typeof over === 'object'
        ? { ...base, ...(over as object) }
        : over === undefined
          ? base
          : over;
  }
  const parsed = ruleSettingsSchema.safeParse(merged);
  return parsed.success ? { ok: true, rules: parsed.data } : { ok: false, error: parsed.error };
}
