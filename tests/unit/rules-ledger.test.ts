import { describe, expect, it } from 'vitest';
import {
  COVERED_DIAGNOSES,
  PATIENT_STATUSES,
  RELEASED_CLASS_TO_GB,
  RELEASED_STATUSES,
  diagnosisTable,
  followUpClassTable,
  handoverTable,
  isCoveredDiagnosis,
  lowIncomeClassTable,
  medicationTable,
  originalCrimeTable,
  placementTable,
  recordMethodTable,
  releasedClassTable,
  reviewResultTable,
  riskLevelFromGbCode,
  riskLevelTable,
  riskLevelToGbCode,
} from '../../shared/codes/ledger';
import { labelOf, resolveCode } from '../../shared/codes/table';
import {
  addPeriod,
  allowedTransitions,
  awardEligible,
  awardReviewDue,
  checkPatientTransition,
  checkTransition,
  dueState,
  firstVisitDue,
  followUpDue,
  handoverDue,
  lowIncomeReviewDue,
  patientAllowedTransitions,
  publicityEnd,
  reassessDue,
  releasedTermEnd,
  reportDue,
  suggestedNextFollowUp,
  visitDue,
} from '../../shared/rules/ledgerRules';
import {
  DEFAULT_RULES,
  mergeRules,
  readSetting,
  ruleSettingsSchema,
  settingLabels,
  settingPaths,
  type RuleSettings,
} from '../../shared/rules/ruleSettings';

function rulesWith(overrides: Parameters<typeof mergeRules>[0]): RuleSettings {
  const merged = mergeRules(overrides);
  if (!merged.ok) throw new Error(merged.error.message);
  return merged.rules;
}

describe('ledger code tables', () => {
  it('stores the standard codes and reads labels and aliases back', () => {
    expect(originalCrimeTable.entries.filter((e) => e.code.length === 2)).toHaveLength(10); // the chapters; the crimes follow
    expect(labelOf(originalCrimeTable, '05')).toBe('侵犯财产罪');
    expect(resolveCode(handoverTable, '人员自返')).toBe('06');
    expect(resolveCode(handoverTable, '99')).toBe('99');
    expect(resolveCode(placementTable, '7')).toBe('07');
    expect(resolveCode(releasedClassTable, '重点帮教对象')).toBe('key');
    expect(resolveCode(medicationTable, '规律服药')).toBe('1');
    expect(resolveCode(followUpClassTable, '未访到')).toBe('0');
    expect(resolveCode(reviewResultTable, '停保')).toBe('停发');
    expect(resolveCode(lowIncomeClassTable, 'C类')).toBe('C');
    expect(resolveCode(recordMethodTable, '入户')).toBe('家访');
  });

  it('keeps 01–06 as the six covered diagnoses and 07, 08, 99 outside them', () => {
    expect(diagnosisTable.entries.map((e) => e.code)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '99']);
    expect([...COVERED_DIAGNOSES]).toEqual(['01', '02', '03', '04', '05', '06']);
    expect(isCoveredDiagnosis('06')).toBe(true);
    expect(isCoveredDiagnosis('07')).toBe(false);
    expect(isCoveredDiagnosis('99')).toBe(false);
    expect(isCoveredDiagnosis(null)).toBe(false);
  });

  it('stores 危险性 as 0–5 and maps to GB/T 31000-style 01–06 for exports', () => {
    expect(riskLevelTable.entries.map((e) => e.code)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(riskLevelToGbCode(0)).toBe('01');
    expect(riskLevelToGbCode(5)).toBe('06');
    expect(riskLevelFromGbCode('04')).toBe(3);
    expect(riskLevelFromGbCode('07')).toBeNull();
    expect(riskLevelFromGbCode('3')).toBeNull();
  });

  it('maps 帮教 classes to the binary GB/T 31000 危险性评估类型', () => {
    expect(RELEASED_CLASS_TO_GB).toEqual({ key: '01', general: '02', loose: '02' });
  });
});

describe('rule settings', () => {
  it('the defaults are valid and carry the Part 1 values', () => {
    expect(ruleSettingsSchema.safeParse(DEFAULT_RULES).success).toBe(true);
    expect(DEFAULT_RULES).toMatchObject({
      releasedTermYears: 5,
      releasedTermYearsAfterCorrection: 3,
      handoverDays: 7,
      reportDays: 30,
      firstVisitDays: 7,
      visitCycleMonths: { key: 1, general: 3, loose: 6 },
      reassessMonths: 6,
      followUpFirstDays: 14,
      followUpCycle: {
        stable: { amount: 3, unit: 'months' },
        basicallyStable: { amount: 14, unit: 'days' },
        unstable: { amount: 14, unit: 'days' },
        notReached: { amount: 14, unit: 'days' },
      },
      followUpMaxGapMonths: 3,
      awardReviewMonths: 12,
      lowIncomeReviewMonths: { A: 12, B: 12, C: 6 },
      upcomingDays: 7,
      publicityDays: 7,
    });
  });

  it('has a Chinese label and a unit for every setting, and no label without a setting', () => {
    const leaves: string[] = [];
    for (const [key, value] of Object.entries(DEFAULT_RULES)) {
      const isPeriod = typeof value === 'object' && 'unit' in value;
      if (typeof value === 'object' && !isPeriod) for (const sub of Object.keys(value)) leaves.push(`${key}.${sub}`);
      else leaves.push(key);
    }
    expect([...settingPaths].sort()).toEqual(leaves.sort());
    for (const path of settingPaths) {
      expect(settingLabels[path].label).toMatch(/[\u4e00-\u9fa5]/);
      expect(settingLabels[path].unit.length).toBeGreaterThan(0);
    }
    expect(readSetting(DEFAULT_RULES, 'visitCycleMonths.loose')).toBe(6);
    expect(readSetting(DEFAULT_RULES, 'followUpCycle.stable')).toEqual({ amount: 3, unit: 'months' });
  });

  it('allows only 3 or 5 years after 社区矫正 and 12/6/3/1 months for 低保复核', () => {
    expect(mergeRules({ releasedTermYearsAfterCorrection: 5 }).ok).toBe(true);
    const four = mergeRules({ releasedTermYearsAfterCorrection: 4 as 3 });
    expect(four.ok).toBe(false);
    if (!four.ok) expect(four.error.issues[0]?.message).toContain('3 年或 5 年');
    expect(mergeRules({ lowIncomeReviewMonths: { C: 3 } }).ok).toBe(true);
    const two = mergeRules({ lowIncomeReviewMonths: { C: 2 as 1 } });
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.error.issues[0]?.message).toContain('12、6、3 或 1');
    expect(mergeRules({ handoverDays: 0 }).ok).toBe(false);
    expect(mergeRules({ handoverDays: 1.5 }).ok).toBe(false);
    expect(mergeRules({ followUpCycle: { stable: { amount: 400, unit: 'days' } } }).ok).toBe(false);
    expect(mergeRules({ followUpCycle: { stable: { amount: 13, unit: 'months' } } }).ok).toBe(false);
  });

  it('lays stored changes over the defaults, one nested value at a time', () => {
    const rules = rulesWith({ visitCycleMonths: { key: 2 }, reportDays: 10 });
    expect(rules.visitCycleMonths).toEqual({ key: 2, general: 3, loose: 6 });
    expect(rules.reportDays).toBe(10);
    expect(rules.handoverDays).toBe(7);
    expect(rulesWith(null)).toEqual(DEFAULT_RULES);
    expect(rulesWith({})).toEqual(DEFAULT_RULES);
  });
});

describe('帮教期 and 期满日', () => {
  it('ends 5 years after release, clamping to the month end', () => {
    expect(releasedTermEnd('2021-02-28', false)).toBe('2026-02-28');
    expect(releasedTermEnd('2024-02-29', false)).toBe('2029-02-28');
    expect(releasedTermEnd('2020-02-29', false)).toBe('2025-02-28');
    expect(releasedTermEnd('2023-12-31', false)).toBe('2028-12-31');
  });

  it('ends 3 years after 社区矫正, or 5 when the town sets it', () => {
    expect(releasedTermEnd('2024-02-29', true)).toBe('2027-02-28');
    expect(releasedTermEnd('2021-02-28', true)).toBe('2024-02-28');
    expect(releasedTermEnd('2024-02-29', true, rulesWith({ releasedTermYearsAfterCorrection: 5 }))).toBe('2029-02-28');
  });
});

describe('due dates of 安置帮教', () => {
  it('待登记衔接 = 通知书 + 7 days, across a year end', () => {
    expect(handoverDue('2026-03-10')).toBe('2026-03-17');
    expect(handoverDue('2026-12-28')).toBe('2027-01-04');
  });

  it('报到 = release + 30 days (calendar days, through February)', () => {
    expect(reportDue('2026-02-01')).toBe('2026-03-03');
    expect(reportDue('2024-02-01')).toBe('2024-03-02');
    expect(reportDue('2026-12-15')).toBe('2027-01-14');
    expect(reportDue('2026-02-01', rulesWith({ reportDays: 10 }))).toBe('2026-02-11');
  });

  it('首次走访 = 报到 + 7 days', () => {
    expect(firstVisitDue('2024-02-25')).toBe('2024-03-03');
    expect(firstVisitDue('2026-12-27')).toBe('2027-01-03');
  });

  it('帮教走访 = last record + the class cycle, keeping the day and clamping', () => {
    expect(visitDue('2026-01-31', 'key')).toBe('2026-02-28');
    expect(visitDue('2024-01-31', 'key')).toBe('2024-02-29');
    expect(visitDue('2026-12-31', 'key')).toBe('2027-01-31');
    expect(visitDue('2026-11-30', 'general')).toBe('2027-02-28');
    expect(visitDue('2023-08-31', 'loose')).toBe('2024-02-29');
    expect(visitDue('2026-03-15', 'loose')).toBe('2026-09-15');
    expect(visitDue('2026-03-15', 'general', rulesWith({ visitCycleMonths: { general: 2 } }))).toBe('2026-05-15');
  });

  it('分类复评 = last assessment + 6 months', () => {
    expect(reassessDue('2025-08-31')).toBe('2026-02-28');
    expect(reassessDue('2026-07-15')).toBe('2027-01-15');
  });
});

describe('随访 due dates', () => {
  it('first 随访 = registration + 14 days', () => {
    expect(followUpDue('2026-12-20')).toBe('2027-01-03');
    expect(followUpDue('2024-02-20', null)).toBe('2024-03-05');
  });

  it('then by the last 随访 class: 稳定 3 months, others 2 weeks', () => {
    expect(followUpDue('2020-01-01', { date: '2026-11-30', class: '3' })).toBe('2027-02-28');
    expect(followUpDue('2020-01-01', { date: '2026-12-25', class: '2' })).toBe('2027-01-08');
    expect(followUpDue('2020-01-01', { date: '2026-12-25', class: '1' })).toBe('2027-01-08');
    expect(followUpDue('2020-01-01', { date: '2024-02-20', class: '0' })).toBe('2024-03-05');
    expect(suggestedNextFollowUp('2025-11-30', '3')).toBe('2026-02-28');
  });

  it('never more than the maximum gap after the last one, whatever the class cycle says', () => {
    const longer = rulesWith({ followUpCycle: { stable: { amount: 6, unit: 'months' } } });
    expect(followUpDue('2020-01-01', { date: '2026-05-31', class: '3' }, longer)).toBe('2026-08-31');
    const days = rulesWith({ followUpCycle: { unstable: { amount: 120, unit: 'days' } } });
    expect(suggestedNextFollowUp('2026-01-01', '1', days)).toBe('2026-04-01');
    const monthly = rulesWith({ followUpCycle: { basicallyStable: { amount: 1, unit: 'months' } } });
    expect(suggestedNextFollowUp('2026-01-31', '2', monthly)).toBe('2026-02-28');
  });

  it('adds a period in days or months', () => {
    expect(addPeriod('2026-01-31', { amount: 1, unit: 'months' })).toBe('2026-02-28');
    expect(addPeriod('2026-01-31', { amount: 30, unit: 'days' })).toBe('2026-03-02');
  });
});

describe('以奖代补', () => {
  it('is for 危险性 ≥ 3 at the last assessment or any 肇事肇祸 history', () => {
    expect(awardEligible({ lastRisk: 3, incidentCount: 0 })).toBe(true);
    expect(awardEligible({ lastRisk: 5, incidentCount: 0 })).toBe(true);
    expect(awardEligible({ lastRisk: 2, incidentCount: 0 })).toBe(false);
    expect(awardEligible({ lastRisk: 0, incidentCount: 1 })).toBe(true);
    expect(awardEligible({ lastRisk: null, incidentCount: 2 })).toBe(true);
    expect(awardEligible({ lastRisk: null, incidentCount: 0 })).toBe(false);
    expect(awardEligible({ lastRisk: 3, incidentCount: 0 }, rulesWith({ awardRiskThreshold: 4 }))).toBe(false);
  });

  it('年审 = agreement or last review + 12 months', () => {
    expect(awardReviewDue('2024-02-29')).toBe('2025-02-28');
    expect(awardReviewDue('2026-12-31')).toBe('2027-12-31');
  });
});

describe('低保', () => {
  it('复核 = 确认 or last 复核 + the class cycle', () => {
    expect(lowIncomeReviewDue('2024-02-29', 'A')).toBe('2025-02-28');
    expect(lowIncomeReviewDue('2025-03-10', 'B')).toBe('2026-03-10');
    expect(lowIncomeReviewDue('2025-08-31', 'C')).toBe('2026-02-28');
    expect(lowIncomeReviewDue('2026-10-31', 'C')).toBe('2027-04-30');
    expect(lowIncomeReviewDue('2026-12-31', 'C', rulesWith({ lowIncomeReviewMonths: { C: 1 } }))).toBe('2027-01-31');
    expect(lowIncomeReviewDue('2026-11-30', 'A', rulesWith({ lowIncomeReviewMonths: { A: 3 } }))).toBe('2027-02-28');
  });

  it('公示 of 7 days posted on the 1st ends on the 7th', () => {
    expect(publicityEnd('2026-03-01')).toBe('2026-03-07');
    expect(publicityEnd('2026-12-28')).toBe('2027-01-03');
  });
});

describe('dueState for a chosen date', () => {
  it('is 逾期 with the days late when the date is past the due date', () => {
    expect(dueState('2026-03-10', '2026-03-11')).toEqual({ state: '逾期', daysLate: 1, daysLeft: 0 });
    expect(dueState('2026-12-31', '2027-01-02')).toEqual({ state: '逾期', daysLate: 2, daysLeft: 0 });
    expect(dueState('2024-02-28', '2024-03-01')).toEqual({ state: '逾期', daysLate: 2, daysLeft: 0 });
  });

  it('is 今日到期 on the due date', () => {
    expect(dueState('2026-03-10', '2026-03-10')).toEqual({ state: '今日到期', daysLate: 0, daysLeft: 0 });
  });

  it('is 即将到期 within the next 7 days, and nothing beyond', () => {
    expect(dueState('2026-03-11', '2026-03-10').state).toBe('即将到期');
    expect(dueState('2026-03-17', '2026-03-10')).toEqual({ state: '即将到期', daysLate: 0, daysLeft: 7 });
    expect(dueState('2026-03-18', '2026-03-10')).toEqual({ state: null, daysLate: 0, daysLeft: 8 });
    expect(dueState('2027-01-03', '2026-12-28').state).toBe('即将到期');
  });

  it('follows the upcoming window setting', () => {
    expect(dueState('2026-03-11', '2026-03-10', rulesWith({ upcomingDays: 0 })).state).toBeNull();
    expect(dueState('2026-03-24', '2026-03-10', rulesWith({ upcomingDays: 14 })).state).toBe('即将到期');
  });
});

describe('帮教对象 status changes', () => {
  it('allows the main path and the side exits of Part 1', () => {
    expect(checkTransition('待衔接', '在册帮教')).toEqual({ ok: true });
    expect(checkTransition('在册帮教', '脱管')).toEqual({ ok: true });
    expect(checkTransition('脱管', '在册帮教')).toEqual({ ok: true });
    for (const to of ['重新犯罪', '死亡', '迁出'] as const) {
      expect(checkTransition('在册帮教', to).ok).toBe(true);
      expect(checkTransition('脱管', to).ok).toBe(true);
    }
    expect(checkTransition('待衔接', '死亡').ok).toBe(true);
    expect(checkTransition('待衔接', '迁出').ok).toBe(true);
  });

  it('lists every status, and the final ones lead nowhere', () => {
    expect(Object.keys(allowedTransitions).sort()).toEqual([...RELEASED_STATUSES].sort());
    for (const s of ['期满解除', '重新犯罪', '死亡', '迁出'] as const) expect(allowedTransitions[s]).toEqual([]);
  });

  it('allows 期满解除 only on or after the 期满日', () => {
    const termEnd = releasedTermEnd('2024-02-29', false);
    expect(checkTransition('在册帮教', '期满解除', { date: '2029-02-28', termEnd })).toEqual({ ok: true });
    expect(checkTransition('在册帮教', '期满解除', { date: '2029-03-01', termEnd })).toEqual({ ok: true });
    const early = checkTransition('在册帮教', '期满解除', { date: '2029-02-27', termEnd });
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.reason).toBe('期满日为2029年2月28日，2029年2月27日尚未期满，不能办理期满解除');
    const unknown = checkTransition('在册帮教', '期满解除');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.reason).toContain('缺少期满日');
    expect(checkTransition('在册帮教', '期满解除', { date: '2030-01-01', termEnd: null }).ok).toBe(false);
  });

  it.each([
    ['待衔接', '脱管', '请先办理衔接'],
    ['待衔接', '期满解除', '请先办理衔接'],
    ['待衔接', '重新犯罪', '请先办理衔接'],
    ['脱管', '期满解除', '先恢复为「在册帮教」'],
    ['在册帮教', '待衔接', '不能从「在册帮教」变更为「待衔接」'],
    ['期满解除', '在册帮教', '已结束帮教'],
    ['重新犯罪', '在册帮教', '已结束帮教'],
    ['死亡', '迁出', '已结束帮教'],
    ['迁出', '在册帮教', '已结束帮教'],
    ['在册帮教', '在册帮教', '无需变更'],
  ] as const)('refuses %s → %s with a Chinese reason', (from, to, fragment) => {
    const r = checkTransition(from, to, { date: '2099-01-01', termEnd: '2000-01-01' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(fragment);
  });
});

describe('患者 status changes', () => {
  it('allows losing and finding, hospital stays, moving away and back, death', () => {
    expect(Object.keys(patientAllowedTransitions).sort()).toEqual([...PATIENT_STATUSES].sort());
    expect(checkPatientTransition('在管', '失访').ok).toBe(true);
    expect(checkPatientTransition('失访', '在管').ok).toBe(true);
    expect(checkPatientTransition('在管', '住院').ok).toBe(true);
    expect(checkPatientTransition('住院', '在管').ok).toBe(true);
    expect(checkPatientTransition('失访', '死亡').ok).toBe(true);
    expect(checkPatientTransition('迁出', '在管').ok).toBe(true);
  });

  it.each([
    ['死亡', '在管', '患者已死亡'],
    ['迁出', '住院', '先迁回'],
    ['住院', '失访', '不能从「住院」变更为「失访」'],
    ['在管', '在管', '无需变更'],
  ] as const)('refuses %s → %s', (from, to, fragment) => {
    const r = checkPatientTransition(from, to);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(fragment);
  });
});

describe('at least N follow-ups a year', () => {
  it('caps the gap between two 随访 at 12 months ÷ N as well as the maximum-gap setting', async () => {
    const { suggestedNextFollowUp, followUpGapMonths } = await import('../../shared/rules/ledgerRules');
    const { DEFAULT_RULES } = await import('../../shared/rules/ruleSettings');
    expect(followUpGapMonths(DEFAULT_RULES)).toBe(3);
    const sixAYear = { ...DEFAULT_RULES, followUpMinPerYear: 6 };
    expect(followUpGapMonths(sixAYear)).toBe(2);
    // A 稳定 follow-up on 2026-11-30 is next due 3 months later by class, but 6 a year means within 2 months.
    expect(suggestedNextFollowUp('2026-11-30', '3', DEFAULT_RULES)).toBe('2027-02-28');
    expect(suggestedNextFollowUp('2026-11-30', '3', sixAYear)).toBe('2027-01-30');
    expect(followUpGapMonths({ ...DEFAULT_RULES, followUpMinPerYear: 52 })).toBe(1);
  });
});
