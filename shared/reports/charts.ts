// The charts a leader looks at first (issue 9 items 4 and 6), one definition each: pure builders from a month's
// figures (or the last months' trend) to an ECharts option. The 报表 page and the home page render them with echarts
// in the browser; the 月度工作报告 renders the same options to SVG in Node (electron/core/reports/chartSvg.ts).
//
// Decisions:
// - The font family is a parameter: the PDF names its logical family (`Body`, which pdfmake maps to the embedded
//   Noto Sans SC), the browser a CSS font stack.
// - No animation and no random colours, so the same figures give the same SVG bytes.
// - 合计 is never a bar beside the villages: it would dwarf them; the totals are in the tables.
import type { EChartsOption } from 'echarts';
import type { ReportFigures, TrendPoint } from '../contract/reports';

export const CHART_COLORS = ['#1677ff', '#fa8c16', '#52c41a', '#eb2f96', '#722ed1', '#13c2c2', '#8c8c8c'];

/** The key figures a trend line can show, with their Chinese names. */
export const TREND_SERIES = {
  released: { label: '在册帮教对象', unit: '人' },
  releasedKey: { label: '重点帮教对象', unit: '人' },
  outOfContact: { label: '脱管', unit: '人' },
  reportOverdue: { label: '报到逾期', unit: '人' },
  patients: { label: '在册患者', unit: '人' },
  patientsStable: { label: '病情稳定', unit: '人' },
  highRisk: { label: '3级以上风险', unit: '人' },
  lowIncomeHouseholds: { label: '低保户数', unit: '户' },
  lowIncomePersons: { label: '低保人数', unit: '人' },
  residents: { label: '实有人口', unit: '人' },
  households: { label: '户数', unit: '户' },
  disputesFound: { label: '排查矛盾纠纷', unit: '件' },
  disputesResolved: { label: '化解', unit: '件' },
} as const;
export type TrendKey = keyof typeof TREND_SERIES;

/** Which figures each chart group shows: one group per key-group section and table. */
export const CHART_GROUPS = {
  released: { title: '安置帮教', trend: ['released', 'releasedKey', 'outOfContact', 'reportOverdue'] },
  patient: { title: '严重精神障碍患者', trend: ['patients', 'patientsStable', 'highRisk'] },
  lowIncome: { title: '低保', trend: ['lowIncomeHouseholds', 'lowIncomePersons'] },
  grid: { title: '网格化服务管理', trend: ['residents', 'households'] },
  dispute: { title: '矛盾纠纷排查化解', trend: ['disputesFound', 'disputesResolved'] },
} as const satisfies Record<string, { title: string; trend: readonly TrendKey[] }>;
export type ChartGroup = keyof typeof CHART_GROUPS;

/** The trend point of one month's figures (report.trend gives one per month). */
export function trendPoint(f: ReportFigures): TrendPoint {
  const t1 = f.t1.total;
  const t2 = f.t2.total;
  const t3 = f.t3.total;
  const t4 = f.t4.total;
  const t5 = f.t5.total;
  return {
    month: f.month,
    released: t1.registered, releasedKey: t1.key, outOfContact: t1.outOfContact, reportOverdue: t1.reportOverdue,
    patients: t2.registered, patientsStable: t2.stable, highRisk: (t2.risk[3] ?? 0) + (t2.risk[4] ?? 0) + (t2.risk[5] ?? 0),
    lowIncomeHouseholds: t3.totalHouseholds, lowIncomePersons: t3.totalPersons,
    residents: t4.residents, households: t4.households,
    disputesFound: t5.found, disputesResolved: t5.resolved,
  };
}

/**
 * Value labels without ECharts' white text border: svg-to-pdfkit (pdfmake's SVG) ignores `paint-order`, so the
 * border would be painted over the text and hide it in the PDF.
 */
const labelText = (font: string, fontSize: number) => ({ fontFamily: font, fontSize, color: '#333333', textBorderWidth: 0 });

const monthLabel = (m: string) => `${m.slice(2, 4)}年${Number(m.slice(5, 7))}月`;

function base(title: string, font: string): EChartsOption {
  return {
    animation: false,
    color: CHART_COLORS,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: font, fontSize: 12 },
    title: { text: title, left: 'center', top: 4, textStyle: { fontFamily: font, fontSize: 14, fontWeight: 'bold' } },
    legend: { bottom: 2, textStyle: { fontFamily: font, fontSize: 11 } },
    grid: { left: 44, right: 16, top: 40, bottom: 56, containLabel: false },
    tooltip: { trigger: 'axis' },
  };
}

/** The key figures of a group over the months of the trend (oldest first). */
export function trendChart(points: TrendPoint[], group: ChartGroup, font: string): EChartsOption {
  const keys = CHART_GROUPS[group].trend as readonly TrendKey[];
  return {
    ...base(`${CHART_GROUPS[group].title}近${points.length}个月`, font),
    xAxis: { type: 'category', data: points.map((p) => monthLabel(p.month)), axisLabel: { fontFamily: font, fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: font, fontSize: 10 } },
    series: keys.map((k) => ({ type: 'line', name: TREND_SERIES[k].label, data: points.map((p) => p[k]), symbolSize: 5 })),
  };
}

type Bars = { villages: string[]; series: { name: string; data: number[] }[] };

function bars<R extends { village: string }>(rows: R[], series: [string, (r: R) => number][]): Bars {
  return { villages: rows.map((r) => r.village), series: series.map(([name, get]) => ({ name, data: rows.map(get) })) };
}

/** The figures of a group for each 村/社区 of the month, as bar series. */
export function villageBars(f: ReportFigures, group: ChartGroup): Bars {
  switch (group) {
    case 'released':
      return bars(f.t1.rows, [['在册帮教对象', (r) => r.registered], ['重点帮教对象', (r) => r.key], ['脱管', (r) => r.outOfContact]]);
    case 'patient':
      return bars(f.t2.rows, [['在册患者', (r) => r.registered], ['病情稳定', (r) => r.stable]]);
    case 'lowIncome':
      return bars(f.t3.rows, [['低保户数', (r) => r.totalHouseholds], ['低保人数', (r) => r.totalPersons]]);
    case 'grid':
      return bars(f.t4.rows, [['户数', (r) => r.households], ['实有人口', (r) => r.residents]]);
    case 'dispute':
      return bars(f.t5.rows, [['排查', (r) => r.found], ['化解', (r) => r.resolved]]);
  }
}

/** The figures of a group for each 村/社区 of the month (no 合计 bar). */
export function villageChart(f: ReportFigures, group: ChartGroup, font: string): EChartsOption {
  const b = villageBars(f, group);
  const few = b.villages.length <= 8;
  return {
    ...base(`${CHART_GROUPS[group].title}（按村/社区）`, font),
    xAxis: { type: 'category', data: b.villages, axisLabel: { fontFamily: font, fontSize: 10, interval: 0, rotate: few ? 0 : 30 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: font, fontSize: 10 } },
    series: b.series.map((s) => ({ type: 'bar', name: s.name, data: s.data, label: { show: few, position: 'top', ...labelText(font, 9) }, barMaxWidth: 28 })),
  };
}

export const RISK_LABELS = ['0级', '1级', '2级', '3级', '4级', '5级'] as const;

/** 在册患者 by 危险性评估 level (0–5) of the month. */
export function riskChart(f: ReportFigures, font: string): EChartsOption {
  const risk = f.t2.total.risk;
  return {
    ...base('在册患者危险性评估分级', font),
    legend: { show: false },
    xAxis: { type: 'category', data: [...RISK_LABELS], axisLabel: { fontFamily: font, fontSize: 10 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: font, fontSize: 10 } },
    series: [
      {
        type: 'bar',
        name: '在册患者',
        data: RISK_LABELS.map((_, level) => ({ value: risk[level] ?? 0, itemStyle: { color: level >= 3 ? '#f5222d' : level >= 1 ? '#fa8c16' : '#52c41a' } })),
        label: { show: true, position: 'top', ...labelText(font, 10) },
        barMaxWidth: 36,
      },
    ],
  };
}

/** The month's headline figures (home page). */
export function headlineChart(f: ReportFigures, font: string): EChartsOption {
  const p = trendPoint(f);
  const keys: TrendKey[] = ['released', 'releasedKey', 'outOfContact', 'patients', 'highRisk', 'lowIncomeHouseholds', 'lowIncomePersons'];
  return {
    ...base(`${Number(f.month.slice(5, 7))}月重点人群`, font),
    legend: { show: false },
    grid: { left: 92, right: 36, top: 36, bottom: 16 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: font, fontSize: 10 } },
    yAxis: { type: 'category', inverse: true, data: keys.map((k) => TREND_SERIES[k].label), axisLabel: { fontFamily: font, fontSize: 11 } },
    series: [{ type: 'bar', name: '人数', data: keys.map((k) => p[k]), label: { show: true, position: 'right', ...labelText(font, 10) }, barMaxWidth: 18 }],
  };
}

export type DueCountsByKind = Record<string, { overdue: number; today: number; upcoming: number }>;

/** 待办 by kind: 逾期, 今日到期, 即将到期 stacked (home page). Kinds with nothing due are left out. */
export function overdueChart(counts: DueCountsByKind, font: string): EChartsOption {
  const kinds = Object.keys(counts).filter((k) => counts[k]!.overdue + counts[k]!.today + counts[k]!.upcoming > 0);
  const series = [
    ['逾期', 'overdue', '#f5222d'],
    ['今日到期', 'today', '#fa8c16'],
    ['即将到期', 'upcoming', '#1677ff'],
  ] as const;
  return {
    ...base(kinds.length ? '待办与逾期' : '待办与逾期（暂无）', font),
    grid: { left: 92, right: 24, top: 36, bottom: 52 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: font, fontSize: 10 } },
    yAxis: { type: 'category', inverse: true, data: kinds, axisLabel: { fontFamily: font, fontSize: 11 } },
    series: series.map(([name, key, color]) => ({
      type: 'bar',
      name,
      stack: 'due',
      itemStyle: { color },
      data: kinds.map((k) => counts[k]![key]),
      barMaxWidth: 18,
    })),
  };
}

/** 化解率 (T5) of each 村/社区 of the month, in %; a village with no dispute has no bar (—), not a zero. */
export function resolvedRateChart(f: ReportFigures, font: string): EChartsOption {
  const rows = f.t5.rows;
  const few = rows.length <= 8;
  return {
    ...base(`${Number(f.month.slice(5, 7))}月矛盾纠纷化解率（按村/社区）`, font),
    legend: { show: false },
    xAxis: { type: 'category', data: rows.map((r) => r.village), axisLabel: { fontFamily: font, fontSize: 10, interval: 0, rotate: few ? 0 : 30 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontFamily: font, fontSize: 10, formatter: '{value}%' } },
    series: [
      {
        type: 'bar',
        name: '化解率',
        data: rows.map((r) => (r.resolvedRate === null ? '-' : r.resolvedRate)),
        label: { show: few, position: 'top', formatter: '{c}%', ...labelText(font, 9) },
        barMaxWidth: 28,
      },
    ],
  };
}

/** The rows a worker visit-rate chart needs (T6's rows). */
export interface WorkerRate {
  worker: string;
  grids: string;
  visitRate: number | null;
}

/**
 * T6: 走访率 of the grid workers with households due, the `n` highest and the `n` lowest (all of them when there are
 * no more than 2n), highest first. Workers with nothing due have no rate and no bar.
 */
export function workerVisitRateChart(rows: readonly WorkerRate[], month: string, font: string, n = 5): EChartsOption {
  const rated = rows.filter((r) => r.visitRate !== null).sort((a, b) => b.visitRate! - a.visitRate! || a.worker.localeCompare(b.worker, 'zh'));
  const shown = rated.length <= 2 * n ? rated : [...rated.slice(0, n), ...rated.slice(-n)];
  const cut = rated.length > 2 * n;
  return {
    ...base(`${Number(month.slice(5, 7))}月网格员走访率${cut ? `（前 ${n} 名与后 ${n} 名）` : ''}`, font),
    legend: { show: false },
    grid: { left: 92, right: 48, top: 36, bottom: 16 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontFamily: font, fontSize: 10, formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: shown.map((r) => r.worker), axisLabel: { fontFamily: font, fontSize: 11 } },
    series: [
      {
        type: 'bar',
        name: '走访率',
        data: shown.map((r, i) => ({ value: r.visitRate!, itemStyle: { color: cut && i >= n ? '#fa8c16' : '#1677ff' } })),
        label: { show: true, position: 'right', formatter: '{c}%', ...labelText(font, 10) },
        barMaxWidth: 18,
      },
    ],
  };
}
