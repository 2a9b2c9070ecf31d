// 报表 page: beside each table the charts a leader looks at first — the table's key figures over the last 12 months
// (report.trend) and by 村/社区 of the month; for T2 also the 危险性评估 levels, for T5 排查 and 化解 over the months and
// 化解率 by village, for T6 the grid workers' 走访率 (top and bottom). The same option builders as the 月度工作报告's
// charts (shared/reports/charts.ts).
import { Alert, Col, Row, Spin } from 'antd';
import { useMemo } from 'react';
import type { ReportFigures, ReportTableId } from '../../../../shared/contract/reports';
import type { T6FiguresOut } from '../../../../shared/contract/visits';
import { resolvedRateChart, riskChart, trendChart, villageChart, workerVisitRateChart, type ChartGroup } from '../../../../shared/reports/charts';
import { call } from '../../api';
import { EChart, SCREEN_FONT } from '../../components/charts/EChart';
import { useLoad } from '../../components/ledger/common';

const GROUP: Record<Exclude<ReportTableId, 'T6'>, ChartGroup> = { T1: 'released', T2: 'patient', T3: 'lowIncome', T4: 'grid', T5: 'dispute' };

/** T6 (a row per grid worker) has its workers' visit rates instead of village charts. */
export function ReportCharts({ table, month, figures, t6 }: { table: ReportTableId; month: string; figures: ReportFigures | null; t6?: T6FiguresOut | null }) {
  if (table === 'T6') return t6 ? <WorkerCharts t6={t6} /> : null;
  return <VillageCharts table={table} month={month} figures={figures} />;
}

function WorkerCharts({ t6 }: { t6: T6FiguresOut }) {
  const option = useMemo(() => workerVisitRateChart(t6.rows, t6.month, SCREEN_FONT), [t6]);
  if (!t6.rows.some((r) => r.visitRate !== null)) return null;
  return (
    <div className="report-charts no-print" data-testid="report-charts">
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <div className="report-chart-box">
            <EChart option={option} testId="report-chart-workers" />
          </div>
        </Col>
      </Row>
    </div>
  );
}

function VillageCharts({ table, month, figures }: { table: Exclude<ReportTableId, 'T6'>; month: string; figures: ReportFigures | null }) {
  const trend = useLoad(() => call('report.trend', { month, months: 12 }), [month]);
  const group = GROUP[table];
  const options = useMemo(() => {
    if (!figures) return [];
    const list = [{ key: 'village', option: villageChart(figures, group, SCREEN_FONT) }];
    if (table === 'T2') list.push({ key: 'risk', option: riskChart(figures, SCREEN_FONT) });
    if (table === 'T5') list.push({ key: 'resolvedRate', option: resolvedRateChart(figures, SCREEN_FONT) });
    if (trend.value) list.unshift({ key: 'trend', option: trendChart(trend.value, group, SCREEN_FONT) });
    return list;
  }, [figures, trend.value, group, table]);

  if (!figures) return null;
  return (
    <div className="report-charts no-print" data-testid="report-charts">
      {trend.error ? <Alert type="warning" showIcon title={`趋势图：${trend.error}`} style={{ marginBottom: 8 }} /> : null}
      <Row gutter={[12, 12]}>
        {trend.loading && !trend.value ? (
          <Col span={24}>
            <Spin />
          </Col>
        ) : null}
        {options.map((o) => (
          <Col key={o.key} xs={24} lg={options.length === 3 ? 8 : 12}>
            <div className="report-chart-box">
              <EChart option={o.option} testId={`report-chart-${o.key}`} />
            </div>
          </Col>
        ))}
      </Row>
    </div>
  );
}
