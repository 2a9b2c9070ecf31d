// The figures a leader looks at first, taken from a month's T1–T4 figures: the 月报 page shows them and the
// package's manifest.json records them.
import type { Headline } from '../contract/monthPackage';
import type { ReportFigures } from '../contract/reports';

/** The row T4 adds for people in no grid; not a village. */
export const NO_GRID_ROW = '未划分网格';

export function headlineOf(f: ReportFigures): Headline {
  const risk = f.t2.total.risk;
  return {
    villages: f.t4.rows.filter((r) => r.village !== NO_GRID_ROW).length,
    grids: f.t4.total.openGrids,
    staffingRate: f.t4.total.staffingRate,
    households: f.t4.total.households,
    residents: f.t4.total.residents,
    released: f.t1.total.registered,
    releasedOutOfContact: f.t1.total.outOfContact,
    patients: f.t2.total.registered,
    patientsAtRisk3Plus: (risk[3] ?? 0) + (risk[4] ?? 0) + (risk[5] ?? 0),
    lowIncomeHouseholds: f.t3.total.totalHouseholds,
    lowIncomePersons: f.t3.total.totalPersons,
    lowIncomeAmount: f.t3.total.totalAmount,
  };
}

export const HEADLINE_LABELS: { key: keyof Headline; label: string; kind: 'count' | 'rate' | 'money' }[] = [
  { key: 'villages', label: '村（社区）', kind: 'count' },
  { key: 'grids', label: '网格', kind: 'count' },
  { key: 'staffingRate', label: '1+3 配齐率', kind: 'rate' },
  { key: 'households', label: '户数', kind: 'count' },
  { key: 'residents', label: '实有人口', kind: 'count' },
  { key: 'released', label: '在册帮教对象', kind: 'count' },
  { key: 'releasedOutOfContact', label: '脱管', kind: 'count' },
  { key: 'patients', label: '在册患者', kind: 'count' },
  { key: 'patientsAtRisk3Plus', label: '3 级以上风险', kind: 'count' },
  { key: 'lowIncomeHouseholds', label: '低保户', kind: 'count' },
  { key: 'lowIncomePersons', label: '低保人数', kind: 'count' },
  { key: 'lowIncomeAmount', label: '月保障金（元）', kind: 'money' },
];
