// 报表 page: beside each table the charts a leader looks at first — the table's key figures over the last 12 months
// (report.trend) and by 村/社区 of the month; for T2 also the 危险性评估 levels. The same option builders as the
// 月度工作报告's charts (shared/reports/charts.ts).
import { Alert, Col, Row, Spin } from 'antd';
import { useMemo } from 'react';
import type { ReportFigures, ReportTableId } from '../../../../shared/contract/reports';
import { riskChart, trendChart, villageChart, type ChartGroup } from '../../../../shared/reports/charts';
import { call } from '../../api';
import { EChart, SCREEN_FONT } from '../../components/charts/EChart';
import { useLoad } from '../../components/ledger/common';

// T5 has no charts of its own yet.
const GROUP: Partial<Record<ReportTableId, ChartGroup>> = { T1: 'released', T2: 'patient', T3: 'lowIncome', T4: 'grid' };

/** T6 (a row per grid worker) has no village charts. */
export function ReportCharts({ table, month, figures }: { table: ReportTableId; month: string; figures: ReportFigures | null }) {
  if (table === 'T6') return null;
  return <VillageCharts table={table} month={month} figures={figures} />;
}

function VillageCharts({ table, month, figures }: { table: Exclude<ReportTableId, 'T6'>; month: string; figures: ReportFigures | null }) {
  const trend = useLoad(() => call('report.trend', { month, months: 12 }), [month]);
  const group = GROUP[table];
  const options = useMemo(() => {
    if (!figures || !group) return [];
    const list = [{ key: 'village', option: villageChart(figures, group, SCREEN_FONT) }];
    if (table === 'T2') list.push({ key: 'risk', option: riskChart(figures, SCREEN_FONT) });
    if (trend.value) list.unshift({ key: 'trend', option: trendChart(trend.value, group, SCREEN_FONT) });
    return list;
  }, [figures, trend.value, group, table]);

  if (!figures || !group) return null;
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
