import { describe, expect, it } from 'vitest';
import {
  inHospitalAsOf,
  isCompleteFollowUp,
  isStandardManaged,
  lowIncomeExit,
  lowIncomeIndicators,
  patientIndicators,
  patientLabels,
  rate,
  releasedIndicators,
  statusAsOf,
  totalLowIncome,
  totalPatients,
  totalReleased,
  type FollowUpFacts,
  type LowIncomeFacts,
  type PatientFacts,
  type ReleasedPersonFacts,
} from '../../shared/rules/indicators';
import { DEFAULT_RULES, mergeRules } from '../../shared/rules/ruleSettings';

// ---------------------------------------------------------------- builders

function released(over: Partial<ReleasedPersonFacts>): ReleasedPersonFacts {
  return {
    releaseDate: '2024-01-01',
    noticeReceivedDate: null,
    handoverDate: null,
    reportDate: '2024-01-05',
    placementDate: null,
    assessments: [],
    helpTeamSize: 0,
    helpRecordDates: [],
    statusHistory: [{ date: '2024-01-02', status: '在册帮教' }],
    ...over,
  };
}

function fu(date: string, cls: FollowUpFacts['class'], over: Partial<FollowUpFacts> = {}): FollowUpFacts {
  return {
    date,
    class: cls,
    risk: cls === '0' ? null : 0,
    medication: cls === '0' ? null : '1',
    hospitalization: cls === '0' ? null : '0',
    faceToFace: false,
    ...over,
  };
}

function patient(over: Partial<PatientFacts>): PatientFacts {
  return {
    registeredDate: '2020-01-01',
    diagnosis: '01',
    statusHistory: [],
    riskAtRegistration: null,
    priorIncidentCount: 0,
    incidentDates: [],
    guardianAgreementDate: null,
    followUps: [],
    ...over,
  };
}

function household(over: Partial<LowIncomeFacts>): LowIncomeFacts {
  return {
    area: '农村',
    class: 'A',
    confirmedDate: '2024-01-10',
    exitDate: null,
    coveredCount: 1,
    monthlyAmount: 500,
    supportType: null,
    reviews: [],
    ...over,
  };
}

// ---------------------------------------------------------------- common

describe('rate', () => {
  it('is a percentage with 2 decimals, rounded half-up', () => {
    expect(rate(2, 3)).toBe(66.67);
    expect(rate(1, 3)).toBe(33.33);
    expect(rate(1, 8)).toBe(12.5);
    expect(rate(1, 1600)).toBe(0.06);
    expect(rate(3, 3)).toBe(100);
    expect(rate(0, 5)).toBe(0);
  });

  it('is null, never NaN or Infinity, when the denominator is 0', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 0)).toBeNull();
    expect(rate(Number.NaN, 3)).toBeNull();
  });
});

describe('statusAsOf', () => {
  const history = [
    { date: '2026-01-10', status: '在册帮教' as const },
    { date: '2026-03-31', status: '脱管' as const },
    { date: '2026-03-31', status: '在册帮教' as const },
    { date: '2026-04-01', status: '死亡' as const },
  ];
  it('takes the latest change on or before the date; on the same date the later entry wins', () => {
    expect(statusAsOf(history, '2026-01-09')).toBeNull();
    expect(statusAsOf(history, '2026-01-10')).toBe('在册帮教');
    expect(statusAsOf(history, '2026-03-31')).toBe('在册帮教');
    expect(statusAsOf(history, '2026-04-30')).toBe('死亡');
    expect(statusAsOf([...history].reverse(), '2026-02-01')).toBe('在册帮教');
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => releasedIndicators([], '2026-13')).toThrow('统计月份');
    expect(() => patientIndicators([], '2026-3')).toThrow('统计月份');
  });
});

// ---------------------------------------------------------------- T1

describe('T1 刑满释放人员 for one village', () => {
  const villageA: ReleasedPersonFacts[] = [
    // p1 重点, team, visited this month, placed → helped, placed
    released({
      assessments: [{ date: '2025-01-10', class: 'key' }],
      helpTeamSize: 3,
      helpRecordDates: ['2026-02-01', '2026-03-05'],
      placementDate: '2025-02-01',
    }),
    // p2 一般, last record 2025-12-31 + 3 months = 2026-03-31: exactly not overdue → helped; placed only in April
    released({
      assessments: [{ date: '2025-06-01', class: 'general' }],
      helpTeamSize: 2,
      helpRecordDates: ['2025-12-31', '2026-04-02'],
      placementDate: '2026-04-10',
    }),
    // p3 重点 as of March (宽松 only from April), visited but no 帮教小组 → not helped
    released({
      assessments: [
        { date: '2025-06-01', class: 'key' },
        { date: '2026-04-01', class: 'loose' },
      ],
      helpRecordDates: ['2026-03-01'],
    }),
    // p4 脱管, last record 2025-11-30 + 3 months = 2026-02-28 → overdue; no 报到 but 脱管 stops 报到逾期
    released({
      statusHistory: [
        { date: '2024-01-02', status: '在册帮教' },
        { date: '2026-02-10', status: '脱管' },
      ],
      helpTeamSize: 2,
      helpRecordDates: ['2025-11-30'],
      placementDate: '2024-06-01',
      reportDate: null,
    }),
    // p5 重新犯罪 this year
    released({
      statusHistory: [
        { date: '2024-01-02', status: '在册帮教' },
        { date: '2026-01-15', status: '重新犯罪' },
      ],
    }),
    // p6 重新犯罪 last year
    released({
      statusHistory: [
        { date: '2024-01-02', status: '在册帮教' },
        { date: '2025-12-20', status: '重新犯罪' },
      ],
    }),
    // p7 期满解除 this month
    released({
      statusHistory: [
        { date: '2021-03-01', status: '在册帮教' },
        { date: '2026-03-10', status: '期满解除' },
      ],
    }),
    // p8 notice this month, handed over this month, reported, visited → helped
    released({
      releaseDate: '2026-03-05',
      noticeReceivedDate: '2026-03-03',
      handoverDate: '2026-03-08',
      reportDate: '2026-03-09',
      statusHistory: [
        { date: '2026-03-03', status: '待衔接' },
        { date: '2026-03-08', status: '在册帮教' },
      ],
      helpTeamSize: 2,
      helpRecordDates: ['2026-03-12'],
    }),
    // p9 notice this month, not yet handed over, released in April
    released({
      releaseDate: '2026-04-02',
      noticeReceivedDate: '2026-03-28',
      reportDate: null,
      statusHistory: [{ date: '2026-03-28', status: '待衔接' }],
    }),
    // p10 notice last month, handed over this month, never reported: release 01-25 + 30 = 02-24 → 报到逾期
    released({
      releaseDate: '2026-01-25',
      noticeReceivedDate: '2026-02-20',
      handoverDate: '2026-03-02',
      reportDate: null,
      statusHistory: [
        { date: '2026-02-20', status: '待衔接' },
        { date: '2026-03-02', status: '在册帮教' },
      ],
      helpTeamSize: 1,
    }),
    // p11 still 待衔接, released 02-15, due to report 03-17 → 报到逾期
    released({
      releaseDate: '2026-02-15',
      noticeReceivedDate: '2026-02-01',
      reportDate: null,
      statusHistory: [{ date: '2026-02-01', status: '待衔接' }],
    }),
    // p12 only enters the ledger in April: nothing in March
    released({
      releaseDate: '2026-03-20',
      noticeReceivedDate: '2026-04-01',
      reportDate: null,
      statusHistory: [{ date: '2026-04-01', status: '待衔接' }],
    }),
  ];

  const a = releasedIndicators(villageA, '2026-03');

  it('counts the register, 重点 and 脱管 as of month end', () => {
    expect(a.registered).toBe(6);
    expect(a.keyClass).toBe(2);
    expect(a.lostContact).toBe(1);
  });

  it('衔接率 = 本月已衔接 ÷ 本月收到通知书', () => {
    expect(a.noticesReceived).toBe(2);
    expect(a.handedOver).toBe(1);
    expect(a.handoverRate).toBe(50);
  });

  it('安置率 = 已安置 ÷ 在册', () => {
    expect(a.placed).toBe(2);
    expect(a.placementRate).toBe(33.33);
  });

  it('帮教率 = 已落实帮教 (team and a record in the last cycle) ÷ 在册', () => {
    expect(a.helped).toBe(3);
    expect(a.helpRate).toBe(50);
  });

  it('重新犯罪率 = 本年重新犯罪 ÷ 在册', () => {
    expect(a.reoffended).toBe(1);
    expect(a.reoffendRate).toBe(16.67);
  });

  it('counts 本月期满解除 and 报到逾期', () => {
    expect(a.termEndedThisMonth).toBe(1);
    expect(a.reportOverdue).toBe(2);
  });

  it('judges 已落实帮教 at the month end, with month-end clamping', () => {
    const p = released({ assessments: [{ date: '2025-01-01', class: 'key' }], helpTeamSize: 1, helpRecordDates: ['2026-01-31'] });
    expect(releasedIndicators([p], '2026-02').helped).toBe(1); // due 2026-02-28 = month end
    expect(releasedIndicators([p], '2026-03').helped).toBe(0); // overdue since 2026-02-28
    const leap = released({ assessments: [{ date: '2023-01-01', class: 'key' }], helpTeamSize: 1, helpRecordDates: ['2024-01-31'] });
    expect(releasedIndicators([leap], '2024-02').helped).toBe(1); // due 2024-02-29
    const loose = released({ assessments: [{ date: '2023-01-01', class: 'loose' }], helpTeamSize: 1, helpRecordDates: ['2026-06-30'] });
    expect(releasedIndicators([loose], '2026-11').helped).toBe(1);
    expect(releasedIndicators([loose], '2026-12').helped).toBe(0); // due 2026-12-30, before the month end
    const yearEnd = released({ assessments: [{ date: '2023-01-01', class: 'key' }], helpTeamSize: 1, helpRecordDates: ['2026-12-31'] });
    expect(releasedIndicators([yearEnd], '2027-01').helped).toBe(1); // due 2027-01-31
    const unassessed = released({ helpTeamSize: 1, helpRecordDates: ['2026-01-15'] });
    // never assessed counts as 一般: due 04-15 (重点 would be overdue in March, 宽松 not in April)
    expect(releasedIndicators([unassessed], '2026-03').helped).toBe(1);
    expect(releasedIndicators([unassessed], '2026-04').helped).toBe(0);
  });

  it('counts 重新犯罪 by calendar year', () => {
    const p = released({
      statusHistory: [
        { date: '2024-01-02', status: '在册帮教' },
        { date: '2025-12-31', status: '重新犯罪' },
      ],
    });
    expect(releasedIndicators([p], '2025-12').reoffended).toBe(1);
    expect(releasedIndicators([p], '2026-01').reoffended).toBe(0);
  });

  it('gives null rates, never NaN, for an empty village', () => {
    const empty = releasedIndicators([], '2026-03');
    expect(empty.registered).toBe(0);
    expect(empty.handoverRate).toBeNull();
    expect(empty.placementRate).toBeNull();
    expect(empty.helpRate).toBeNull();
    expect(empty.reoffendRate).toBeNull();
  });

  it('合计 recomputes rates from the summed counts, never averages them', () => {
    const b = releasedIndicators(
      [released({ placementDate: '2025-01-01', helpTeamSize: 1, helpRecordDates: ['2026-03-01'] })],
      '2026-03',
    );
    expect(b.placementRate).toBe(100);
    expect(b.handoverRate).toBeNull();
    const total = totalReleased([a, b]);
    expect(total.registered).toBe(7);
    expect(total.placed).toBe(3);
    expect(total.placementRate).toBe(42.86); // 3 ÷ 7, not (33.33 + 100) ÷ 2
    expect(total.helped).toBe(4);
    expect(total.helpRate).toBe(57.14);
    expect(total.noticesReceived).toBe(2);
    expect(total.handoverRate).toBe(50);
    expect(total.reportOverdue).toBe(2);
    expect(totalReleased([]).placementRate).toBeNull();
  });

  it('follows the settings', () => {
    const rules = mergeRules({ reportDays: 60 });
    if (!rules.ok) throw new Error('bad rules');
    expect(releasedIndicators(villageA, '2026-03', rules.rules).reportOverdue).toBe(1); // p11 due 04-16 now
  });
});

// ---------------------------------------------------------------- T2

describe('T2 严重精神障碍患者 for one village', () => {
  const village: PatientFacts[] = [
    // pa: quarterly, stable, regular medication, met in person → everything
    patient({
      followUps: [
        fu('2025-12-10', '3'),
        fu('2026-03-05', '3', { faceToFace: true }),
        fu('2026-06-01', '3', { risk: 1, faceToFace: true }),
      ],
    }),
    // pb: gap 01-20 → 05-10 is over 3 months; 间断服药; 危险性 4; signed agreement
    patient({
      registeredDate: '2019-05-01',
      diagnosis: '02',
      guardianAgreementDate: '2026-02-01',
      followUps: [fu('2026-01-20', '2', { risk: 3, medication: '2' }), fu('2026-05-10', '1', { risk: 4, medication: '2' })],
    }),
    // pc: in hospital since April; 肇事肇祸 before registration and one this month
    patient({
      registeredDate: '2021-01-01',
      statusHistory: [{ date: '2026-04-01', status: '住院' }],
      priorIncidentCount: 1,
      incidentDates: ['2026-06-12'],
      followUps: [
        fu('2026-02-15', '2', { risk: 2, medication: '3' }),
        fu('2026-04-10', '1', { risk: null, medication: null, hospitalization: '1' }),
      ],
    }),
    // pd: 失访 — on the register, never reached this year
    patient({
      registeredDate: '2022-01-01',
      diagnosis: '03',
      statusHistory: [{ date: '2024-05-01', status: '失访' }],
      riskAtRegistration: 0,
      followUps: [fu('2026-03-01', '0')],
    }),
    // pe: diagnosis 07 is outside the six — not counted at all
    patient({ diagnosis: '07', incidentDates: ['2026-06-05'], followUps: [fu('2026-06-01', '3')] }),
    // pf: died this month after an incident this month
    patient({ statusHistory: [{ date: '2026-06-10', status: '死亡' }], incidentDates: ['2026-06-03'] }),
    // pg: registered this month, no diagnosis recorded yet, no follow-up
    patient({ registeredDate: '2026-06-20', diagnosis: null }),
    // ph: moved away
    patient({ statusHistory: [{ date: '2026-02-01', status: '迁出' }], followUps: [fu('2026-01-15', '3')] }),
    // pi: registered 03-15, first follow-up 06-20 (> 06-15) → not 规范; 医嘱勿需服药
    patient({ registeredDate: '2026-03-15', followUps: [fu('2026-06-20', '3', { medication: '4' })] }),
    // pj: registered after the month
    patient({ registeredDate: '2026-07-02' }),
  ];

  const t = patientIndicators(village, '2026-06');

  it('在册 excludes the dead, the moved, diagnoses outside the six and later registrations', () => {
    expect(t.registered).toBe(6);
  });

  it('管理率 = 年在管 ÷ 在册 (a complete follow-up since 1 Jan)', () => {
    expect(t.managed).toBe(4);
    expect(t.managementRate).toBe(66.67);
  });

  it('规范管理率 = 规范管理 ÷ 在册', () => {
    expect(t.standard).toBe(2);
    expect(t.standardRate).toBe(33.33);
  });

  it('服药率 and 规律服药率 over 在册, the label naming the denominator', () => {
    expect(t.onMedication).toBe(3);
    expect(t.medicationRate).toBe(50);
    expect(t.regularMedication).toBe(1);
    expect(t.regularMedicationRate).toBe(16.67);
    expect(patientLabels.medicationRate).toBe('服药率（分母：在册患者）');
  });

  it('稳定率 = 稳定 ÷ 居家患者 (年在管 minus those in hospital)', () => {
    expect(t.atHome).toBe(3);
    expect(t.stable).toBe(2);
    expect(t.stableRate).toBe(66.67);
  });

  it('distributes the latest 危险性 over 0–5级', () => {
    expect([t.risk0, t.risk1, t.risk2, t.risk3, t.risk4, t.risk5]).toEqual([2, 1, 1, 0, 1, 0]);
  });

  it('counts 以奖代补 对象 and the signed ones, and 本月肇事肇祸 persons', () => {
    expect(t.awardTargets).toBe(2);
    expect(t.awardSigned).toBe(1);
    expect(t.incidentsThisMonth).toBe(2);
  });

  it('computes 面访率 over 在册', () => {
    expect(t.faceToFace).toBe(1);
    expect(t.faceToFaceRate).toBe(16.67);
  });

  it('gives null rates for an empty village and a 0 居家 denominator', () => {
    const empty = patientIndicators([], '2026-06');
    expect(empty.managementRate).toBeNull();
    expect(empty.stableRate).toBeNull();
    const onlyInHospital = patientIndicators([village[2]!], '2026-06');
    expect(onlyInHospital.atHome).toBe(0);
    expect(onlyInHospital.stableRate).toBeNull();
    expect(onlyInHospital.managementRate).toBe(100);
  });

  it('合计 recomputes rates from the summed counts', () => {
    const other = patientIndicators([patient({ followUps: [fu('2026-05-01', '3')] })], '2026-06');
    expect(other.stableRate).toBe(100);
    const total = totalPatients([t, other]);
    expect(total.registered).toBe(7);
    expect(total.atHome).toBe(4);
    expect(total.stable).toBe(3);
    expect(total.stableRate).toBe(75); // 3 ÷ 4, not (66.67 + 100) ÷ 2
    expect(total.managementRate).toBe(71.43);
    expect(total.risk0).toBe(3);
  });

  it('treats a 未访到 attempt as no follow-up', () => {
    expect(isCompleteFollowUp(fu('2026-01-01', '0'))).toBe(false);
    expect(isCompleteFollowUp(fu('2026-01-01', '3', { risk: null, hospitalization: '0' }))).toBe(false);
    expect(isCompleteFollowUp(fu('2026-01-01', '1', { risk: null, hospitalization: '1' }))).toBe(true);
  });

  it('starts 年在管 again on 1 January', () => {
    const p = patient({ followUps: [fu('2025-12-31', '3')] });
    expect(patientIndicators([p], '2025-12').managed).toBe(1);
    expect(patientIndicators([p], '2026-01').managed).toBe(0);
  });
});

describe('规范管理 (follow-ups this year ≤ 3 months apart)', () => {
  it('needs the first follow-up within 3 months of 1 January', () => {
    expect(isStandardManaged(patient({ followUps: [fu('2026-04-01', '3')] }), '2026-04')).toBe(true);
    expect(isStandardManaged(patient({ followUps: [fu('2026-04-02', '3')] }), '2026-04')).toBe(false);
  });

  it('or within 3 months of a registration later in the year', () => {
    const p = patient({ registeredDate: '2026-05-31', followUps: [fu('2026-08-31', '3')] });
    expect(isStandardManaged(p, '2026-09')).toBe(true);
    const late = patient({ registeredDate: '2026-05-31', followUps: [fu('2026-09-01', '3')] });
    expect(isStandardManaged(late, '2026-09')).toBe(false);
  });

  it('needs every adjacent pair within 3 months, clamped at month ends', () => {
    const ok = patient({ followUps: [fu('2026-02-28', '3'), fu('2026-05-28', '3'), fu('2026-08-28', '3'), fu('2026-11-28', '3')] });
    expect(isStandardManaged(ok, '2026-12')).toBe(true);
    const clamped = patient({ followUps: [fu('2026-03-31', '3'), fu('2026-06-30', '3'), fu('2026-09-30', '3'), fu('2026-12-30', '3')] });
    expect(isStandardManaged(clamped, '2026-12')).toBe(true);
    const gap = patient({ followUps: [fu('2026-03-31', '3'), fu('2026-07-01', '3')] });
    expect(isStandardManaged(gap, '2026-07')).toBe(false);
  });

  it('stops being 规范 once month end is more than 3 months after the last follow-up', () => {
    const p = patient({ followUps: [fu('2026-01-15', '3'), fu('2026-04-15', '3'), fu('2026-07-15', '3'), fu('2026-09-30', '3')] });
    expect(isStandardManaged(p, '2026-11')).toBe(true);
    expect(isStandardManaged(p, '2026-12')).toBe(false); // 09-30 + 3 months = 12-30 < 12-31
  });

  it('ignores 未访到 attempts and follow-ups after the month', () => {
    const p = patient({ followUps: [fu('2026-02-01', '3'), fu('2026-04-20', '0'), fu('2026-05-20', '3')] });
    expect(isStandardManaged(p, '2026-05')).toBe(false);
    expect(isStandardManaged(patient({ followUps: [fu('2026-07-01', '3')] }), '2026-06')).toBe(false);
  });
});

describe('in hospital at month end', () => {
  it('takes the newer of the status change and the follow-up 住院情况', () => {
    const discharged = patient({
      statusHistory: [{ date: '2026-04-01', status: '住院' }],
      followUps: [fu('2026-05-01', '3', { hospitalization: '2' })],
    });
    expect(inHospitalAsOf(discharged, '2026-05-31')).toBe(false);
    expect(inHospitalAsOf(discharged, '2026-04-30')).toBe(true);
    const backHome = patient({
      statusHistory: [{ date: '2026-03-20', status: '在管' }],
      followUps: [fu('2026-03-01', '1', { hospitalization: '1' })],
    });
    expect(inHospitalAsOf(backHome, '2026-03-31')).toBe(false);
    expect(inHospitalAsOf(backHome, '2026-03-10')).toBe(true);
    expect(inHospitalAsOf(patient({}), '2026-03-31')).toBe(false);
  });
});

// ---------------------------------------------------------------- T3

describe('T3 低保 for one village', () => {
  const village: LowIncomeFacts[] = [
    // h1 城市 A, due 2026-03-10 and reviewed that day
    household({ area: '城市', confirmedDate: '2025-03-10', coveredCount: 2, monthlyAmount: 800, reviews: [{ date: '2026-03-10', result: '不变' }] }),
    // h2 城市 C, 减发 this month (takes effect in April), not due until June, 分散供养
    household({
      area: '城市',
      class: 'C',
      confirmedDate: '2025-06-15',
      coveredCount: 3,
      monthlyAmount: 1200,
      supportType: '分散',
      reviews: [
        { date: '2025-12-15', result: '增发', newAmount: 1500 },
        { date: '2026-03-05', result: '减发', newAmount: 1000, newCoveredCount: 2 },
      ],
    }),
    // h3 农村, confirmed this month: counted, money from April
    household({ class: 'B', confirmedDate: '2026-03-12', coveredCount: 4, monthlyAmount: 900.5 }),
    // h4 农村 C, overdue since January, 停发 this month
    household({
      class: 'C',
      confirmedDate: '2025-01-20',
      coveredCount: 1,
      monthlyAmount: 600.25,
      reviews: [
        { date: '2025-07-20', result: '不变' },
        { date: '2026-03-18', result: '停发' },
      ],
    }),
    // h5 农村 A, 集中供养, amount raised last November
    household({
      confirmedDate: '2024-11-30',
      coveredCount: 2,
      monthlyAmount: 700.1,
      supportType: '集中',
      reviews: [{ date: '2025-11-30', result: '增发', newAmount: 750.3 }],
    }),
    // h6 农村 C, due 03-01, left 03-02 (death) without a 复核
    household({ class: 'C', confirmedDate: '2025-09-01', coveredCount: 3, exitDate: '2026-03-02' }),
    // h7 城市 B, overdue since January, 增发 on 03-25 (effective April)
    household({
      area: '城市',
      class: 'B',
      confirmedDate: '2025-01-31',
      coveredCount: 1,
      monthlyAmount: 850,
      reviews: [{ date: '2026-03-25', result: '增发', newAmount: 900 }],
    }),
    // h8 农村 C, left 03-05, not due until April
    household({ class: 'C', confirmedDate: '2025-10-20', coveredCount: 2, exitDate: '2026-03-05' }),
    // h9 left in February
    household({ area: '城市', confirmedDate: '2024-05-01', exitDate: '2026-02-10' }),
    // h10 confirmed in April
    household({ confirmedDate: '2026-04-02' }),
    // h11 C, due 03-20 but left 03-10 without a 复核 → not 应复核
    household({ class: 'C', confirmedDate: '2025-09-20', coveredCount: 1, exitDate: '2026-03-10' }),
  ];

  const t = lowIncomeIndicators(village, '2026-03');

  it('counts 城市/农村 户·人·当月保障金 at month end', () => {
    expect([t.urbanHouseholds, t.urbanPersons, t.urbanAmount]).toEqual([3, 5, 3150]);
    expect([t.ruralHouseholds, t.ruralPersons, t.ruralAmount]).toEqual([2, 6, 750.3]);
  });

  it('counts 本月新增 and 本月停保', () => {
    expect([t.newHouseholds, t.newPersons]).toEqual([1, 4]);
    expect([t.stoppedHouseholds, t.stoppedPersons]).toEqual([4, 7]);
  });

  it('counts 增发户 and 减发户', () => {
    expect(t.increasedHouseholds).toBe(1);
    expect(t.decreasedHouseholds).toBe(1);
  });

  it('counts 特困供养 persons by form', () => {
    expect(t.centralizedPersons).toBe(2);
    expect(t.dispersedPersons).toBe(2);
  });

  it('counts 本月应复核 (overdue ones included) and 已复核', () => {
    expect(t.reviewDue).toBe(4);
    expect(t.reviewed).toBe(3);
  });

  it('adds 城市 and 农村 into 合计 without float drift', () => {
    expect([t.totalHouseholds, t.totalPersons, t.totalAmount]).toEqual([5, 11, 3900.3]);
  });

  it('closes a household at its first 停发 复核 or its exit date', () => {
    expect(lowIncomeExit(village[3]!)).toBe('2026-03-18');
    expect(lowIncomeExit(village[5]!)).toBe('2026-03-02');
    expect(lowIncomeExit(village[0]!)).toBeNull();
  });

  it('pays the new amount from the month after the 复核', () => {
    const april = lowIncomeIndicators(village, '2026-04');
    expect(april.urbanAmount).toBe(800 + 1000 + 900);
    expect(april.ruralAmount).toBe(900.5 + 750.3);
    expect(april.newHouseholds).toBe(1);
  });

  it('finds a 复核 due at a month end after a leap day', () => {
    const h = household({ class: 'A', confirmedDate: '2024-02-29' });
    expect(lowIncomeIndicators([h], '2025-02').reviewDue).toBe(1);
    expect(lowIncomeIndicators([h], '2025-01').reviewDue).toBe(0);
    const c = household({ class: 'C', confirmedDate: '2025-08-31', reviews: [{ date: '2026-02-27', result: '不变' }] });
    expect(lowIncomeIndicators([c], '2026-02')).toMatchObject({ reviewDue: 1, reviewed: 1 });
  });

  it('合计 sums amounts in 分', () => {
    const a = lowIncomeIndicators([household({ confirmedDate: '2025-01-01', monthlyAmount: 0.1 })], '2026-03');
    const b = lowIncomeIndicators([household({ confirmedDate: '2025-01-01', monthlyAmount: 0.2 })], '2026-03');
    const total = totalLowIncome([a, b, t]);
    expect(total.ruralAmount).toBe(750.6);
    expect(total.totalAmount).toBe(3900.6);
    expect(total.ruralHouseholds).toBe(4);
    expect(total.totalHouseholds).toBe(7);
    expect(total.reviewDue).toBe(t.reviewDue + a.reviewDue + b.reviewDue);
    expect(totalLowIncome([]).totalAmount).toBe(0);
  });

  it('uses the class cycle setting', () => {
    const rules = mergeRules({ lowIncomeReviewMonths: { A: 1 } });
    if (!rules.ok) throw new Error('bad rules');
    const h = household({ class: 'A', confirmedDate: '2026-01-31' });
    expect(lowIncomeIndicators([h], '2026-02', rules.rules).reviewDue).toBe(1);
    expect(lowIncomeIndicators([h], '2026-02', DEFAULT_RULES).reviewDue).toBe(0);
  });
});
