// The 报表 page's T5 and T6 charts (shared/reports/charts.ts): 排查 vs 化解 over the months, 化解率 by village (a village
// without disputes has no bar, not a zero), and T6's workers' 走访率, the top and bottom five.
import { describe, expect, it } from 'vitest';
import type { ReportFigures, T5Row, TrendPoint } from '../../shared/contract/reports';
import { CHART_GROUPS, resolvedRateChart, trendChart, villageBars, villageChart, workerVisitRateChart } from '../../shared/reports/charts';

type Axis = { data: string[] };
type Series = { name: string; data: unknown[] };
const t5 = (village: string, found: number, resolved: number, resolvedRate: number | null): T5Row => ({
  village, found, resolved, resolvedRate, byCategory: [], acceptJudged: 0, acceptOnTime: 0, acceptRate: null, closeJudged: 0, closeOnTime: 0, closeRate: null, rated: 0, satisfied: 0, satisfiedRate: null,
});
// Only the month and T5 are read by these charts.
const figures = {
  month: '2026-11',
  t5: { rows: [t5('东关社区', 4, 3, 75), t5('柳河村', 0, 0, null), t5('石桥村', 2, 2, 100)], total: t5('合计', 6, 5, 83.33) },
} as unknown as ReportFigures;
const point = (month: string, disputesFound: number, disputesResolved: number): TrendPoint => ({
  month, released: 0, releasedKey: 0, outOfContact: 0, reportOverdue: 0, patients: 0, patientsStable: 0, highRisk: 0, lowIncomeHouseholds: 0, lowIncomePersons: 0,
  residents: 0, households: 0, disputesFound, disputesResolved,
});

describe('T5 charts', () => {
  it('排查 and 化解 over the months of the trend', () => {
    expect(CHART_GROUPS.dispute.trend).toEqual(['disputesFound', 'disputesResolved']);
    const o = trendChart([point('2026-10', 3, 1), point('2026-11', 6, 5)], 'dispute', 'Body') as { title: { text: string }; xAxis: Axis; series: Series[] };
    expect(o.title.text).toBe('矛盾纠纷排查化解近2个月');
    expect(o.xAxis.data).toEqual(['26年10月', '26年11月']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([['排查矛盾纠纷', [3, 6]], ['化解', [1, 5]]]);
  });

  it('排查 and 化解 by village, no 合计 bar', () => {
    expect(villageBars(figures, 'dispute')).toEqual({ villages: ['东关社区', '柳河村', '石桥村'], series: [{ name: '排查', data: [4, 0, 2] }, { name: '化解', data: [3, 0, 2] }] });
    const o = villageChart(figures, 'dispute', 'Body') as { title: { text: string }; xAxis: Axis };
    expect(o.title.text).toBe('矛盾纠纷排查化解（按村/社区）');
    expect(o.xAxis.data).not.toContain('合计');
  });

  it('化解率 by village in %: a village with no dispute has no bar', () => {
    const o = resolvedRateChart(figures, 'Body') as { title: { text: string }; xAxis: Axis; yAxis: { max: number }; series: Series[] };
    expect(o.title.text).toBe('11月矛盾纠纷化解率（按村/社区）');
    expect(o.xAxis.data).toEqual(['东关社区', '柳河村', '石桥村']);
    expect(o.series[0]!.data).toEqual([75, '-', 100]);
    expect(o.yAxis.max).toBe(100);
    const empty = resolvedRateChart({ ...figures, t5: { ...figures.t5, rows: [] } }, 'Body') as { series: Series[] };
    expect(empty.series[0]!.data).toEqual([]);
  });
});

describe('T6 chart', () => {
  const w = (worker: string, visitRate: number | null) => ({ worker, grids: `${worker}网格`, visitRate });
  it('all workers with a rate, highest first, when there are few', () => {
    const o = workerVisitRateChart([w('甲', 50), w('乙', null), w('丙', 100)], '2026-11', 'Body') as { title: { text: string }; yAxis: Axis; series: { data: { value: number }[] }[] };
    expect(o.title.text).toBe('11月网格员走访率');
    expect(o.yAxis.data).toEqual(['丙', '甲']);
    expect(o.series[0]!.data.map((d) => d.value)).toEqual([100, 50]);
  });
  it('the top and bottom five of many', () => {
    const rows = Array.from({ length: 12 }, (_, i) => w(`员${String(i).padStart(2, '0')}`, i * 5));
    const o = workerVisitRateChart(rows, '2026-11', 'Body') as { title: { text: string }; yAxis: Axis; series: { data: { value: number; itemStyle: { color: string } }[] }[] };
    expect(o.title.text).toBe('11月网格员走访率（前 5 名与后 5 名）');
    expect(o.series[0]!.data.map((d) => d.value)).toEqual([55, 50, 45, 40, 35, 20, 15, 10, 5, 0]);
    expect(o.series[0]!.data[5]!.itemStyle.color).not.toBe(o.series[0]!.data[0]!.itemStyle.color);
    expect((workerVisitRateChart([], '2026-11', 'Body') as { yAxis: Axis }).yAxis.data).toEqual([]);
  });
});
