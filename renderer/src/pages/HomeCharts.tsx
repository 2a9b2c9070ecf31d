// 首页: the month's headline figures (在册帮教对象, 在册患者, 低保户数/人数 …) and today's 待办 by kind (逾期, 今日到期,
// 即将到期) as charts, from the same option builders as the 报表 page and the 月度工作报告 (shared/reports/charts.ts).
import { Card, Col, Row } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { headlineChart, overdueChart } from '../../../shared/reports/charts';
import { call } from '../api';
import { EChart, SCREEN_FONT } from '../components/charts/EChart';
import { todayString } from '../components/fields';
import { useLoad } from '../components/ledger/common';
import { navigate } from '../useRoute';

export function HomeCharts() {
  const month = dayjs().format('YYYY-MM');
  const figures = useLoad(() => call('report.figures', { month }), [month]);
  const due = useLoad(() => call('due.list', { date: todayString() }), []);
  const headline = useMemo(() => (figures.value ? headlineChart(figures.value, SCREEN_FONT) : null), [figures.value]);
  const overdue = useMemo(() => (due.value ? overdueChart(due.value.counts, SCREEN_FONT) : null), [due.value]);
  if (!headline && !overdue) return null;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="home-charts">
      {headline ? (
        <Col xs={24} lg={12}>
          <Card size="small" title="本月重点人群" extra={<a onClick={() => navigate('reports')}>统计报表</a>}>
            <EChart option={headline} height={240} testId="home-chart-headline" />
          </Card>
        </Col>
      ) : null}
      {overdue ? (
        <Col xs={24} lg={12}>
          <Card size="small" title="待办与逾期" extra={<a onClick={() => navigate('today')}>今日待办</a>}>
            <EChart option={overdue} height={240} testId="home-chart-due" />
          </Card>
        </Col>
      ) : null}
    </Row>
  );
}
