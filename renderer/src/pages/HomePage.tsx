// 首页: the town at a glance — the counts of the grid tree and its warnings, the month's figures and 待办 as charts,
// and the town's record.
import { ApartmentOutlined, ImportOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { GridTree } from '../../../shared/contract/grid';
import type { Town } from '../../../shared/contract/town';
import { POPULATION_RULE } from '../../../shared/rules/population';
import { call } from '../api';
import { HomeDueCard } from '../components/ledger/HomeDueCard';
import { navigate } from '../useRoute';
import { HomeCharts } from './HomeCharts';

export function HomePage({ town }: { town: Town }) {
  const [tree, setTree] = useState<GridTree | null>(null);
  useEffect(() => {
    call('grid.tree', {}).then(setTree).catch(() => setTree(null));
  }, []);

  // grid.tree's totals follow the one counting rule (shared/rules/population.ts) the lists use too;
  // a raw table count would include people who left, so there is no other fallback.
  const counts = {
    villages: tree?.totals.villages ?? 0,
    grids: tree?.totals.grids ?? 0,
    households: tree?.totals.households ?? 0,
    residents: tree?.totals.residents ?? 0,
    staff: tree?.totals.staff ?? 0,
  };
  const apart = (n: number | undefined, unit: string) => (n ? `含未归入网格的 ${n.toLocaleString('zh-CN')} ${unit}` : undefined);
  const warn = (kind: string) => tree?.warnings.filter((w) => w.kind === kind).length ?? 0;
  const empty = counts.villages === 0 && counts.residents === 0;

  return (
    <div data-testid="home-page">
      <h1 className="page-title">{town.name}综治中心</h1>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {[
          { key: 'villages', title: '村/社区', value: counts.villages, suffix: '个', route: 'grids' },
          { key: 'grids', title: '网格', value: counts.grids, suffix: '个', route: 'grids' },
          { key: 'households', title: '户', value: counts.households, suffix: '户', route: 'people?view=households', rule: POPULATION_RULE.households, note: apart(tree?.unassigned.households, '户') },
          { key: 'residents', title: '实有人口', value: counts.residents, suffix: '人', route: 'people', rule: POPULATION_RULE.residents, note: apart(tree?.unassigned.residents, '人') },
          { key: 'staff', title: '网格员', value: counts.staff, suffix: '人', route: 'staff' },
        ].map((s) => (
          <Col key={s.key} flex="1 1 0">
            <Card size="small" hoverable onClick={() => navigate(s.route)} data-testid={`home-count-${s.key}`}>
              <Statistic title={s.rule ? <span title={s.rule}>{s.title}</span> : s.title} value={s.value} suffix={s.suffix} />
              {s.note ? <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`home-count-${s.key}-note`}>{s.note}</Typography.Text> : null}
            </Card>
          </Col>
        ))}
      </Row>
      <HomeDueCard />
      <HomeCharts />
      {tree && (warn('超规模') || warn('未配齐') || tree.unassigned.households) ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <Space wrap>
              <span>需要处理：</span>
              {warn('超规模') ? <Tag color="orange">超规模网格 {warn('超规模')} 个</Tag> : null}
              {warn('未配齐') ? <Tag color="gold">未配齐 1+3 的网格 {warn('未配齐')} 个</Tag> : null}
              {tree.unassigned.households ? <Tag color="red">无网格住户 {tree.unassigned.households} 户</Tag> : null}
              <Button size="small" type="link" onClick={() => navigate('grids')}>
                到网格管理查看
              </Button>
            </Space>
          }
        />
      ) : null}
      {empty ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="还没有村/社区和人员"
          description={
            <Space wrap>
              <span>可以先建立村/社区和网格，再登记或导入实有人口：</span>
              <Button size="small" icon={<ApartmentOutlined />} onClick={() => navigate('grids')}>
                网格管理
              </Button>
              <Button size="small" icon={<ImportOutlined />} onClick={() => navigate('import')}>
                从 Excel 导入
              </Button>
            </Space>
          }
        />
      ) : null}
      <Card
        title="本乡镇"
        extra={
          <Space>
            <Button size="small" type="link" icon={<UserOutlined />} onClick={() => navigate('people')}>
              实有人口
            </Button>
            <Button size="small" type="link" icon={<TeamOutlined />} onClick={() => navigate('staff')}>
              网格员
            </Button>
          </Space>
        }
      >
        <Descriptions
          column={2}
          bordered
          size="middle"
          items={[
            { key: 'name', label: '乡镇（街道）', children: town.name },
            { key: 'kind', label: '类别', children: town.kind },
            { key: 'code', label: '统计用区划代码', children: town.code },
            { key: 'county', label: '县级代码', children: town.code.slice(0, 6) },
            { key: 'created', label: '建档时间', children: new Date(town.createdAt).toLocaleString('zh-CN') },
            { key: 'updated', label: '最近修改', children: new Date(town.updatedAt).toLocaleString('zh-CN') },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          数据保存在本机数据库中，不联网也能使用。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
