// 网格员工作页: one worker's grids, the households due for a visit (重点户 monthly, 普通户 quarterly), this month's T6
// figures and their recent visits; a visit is recorded from a due household in one click.
import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Select, Space, Spin, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { labelOf, staffRoleTable } from '../../../../shared/codes';
import type { Town } from '../../../../shared/contract/town';
import type { VisitDueItem, VisitRow } from '../../../../shared/contract/visits';
import { rateText } from '../../../../shared/reports/tables';
import { call } from '../../api';
import { todayString } from '../../components/fields';
import { hashWith, useHashParams, useLoad } from '../../components/ledger/common';
import { staffLabel, useStaff } from '../../components/ledger/pickers';
import { PrintButton, usePrint } from '../../components/listTools';
import { navigate } from '../../useRoute';
import { VisitDialog, type VisitTarget } from './VisitDialog';

const stateColors = { 逾期: 'red', 今日到期: 'orange', 即将到期: 'blue', 本期待访: 'default' } as const;

export function WorkerPage({ town }: { town: Town }) {
  const { message } = App.useApp();
  const params = useHashParams();
  const staff = useStaff();
  const staffId = params.get('id') ? Number(params.get('id')) : undefined;
  const [tick, setTick] = useState(0);
  const date = todayString();
  const page = useLoad(() => (staffId ? call('worker.get', { staffId, date }) : Promise.resolve(null)), [staffId, tick]);
  const [visiting, setVisiting] = useState<VisitTarget | null>(null);
  const { print } = usePrint();
  const w = page.value;

  return (
    <div data-testid="worker-page">
      <div className="page-head">
        <h1 className="page-title">网格员工作页{w ? `：${w.staff.name}` : ''}</h1>
        <Space className="no-print">
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }} placeholder="选择网格员" value={staffId} style={{ width: 260 }}
            options={staff.map((s) => ({ value: s.id, label: staffLabel(s) }))}
            onChange={(v) => navigate(hashWith('worker', { id: v }))}
            data-testid="worker-choose"
          />
          <Button disabled={!w} onClick={() => navigate(hashWith('visits', { staff: staffId, month: date.slice(0, 7) }))}>本月走访记录</Button>
          <PrintButton onClick={() => void print()} disabled={!w} />
        </Space>
      </div>
      {page.error ? <Alert type="error" showIcon title={page.error} style={{ marginBottom: 12 }} /> : null}
      {!staffId ? <Empty description="请选择一位网格员" /> : page.loading && !w ? <Spin /> : w ? (
        <>
          <div className="print-title">{town.name}网格员工作页：{w.staff.name}</div>
          <Descriptions size="small" bordered column={4} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="姓名">{w.staff.name}</Descriptions.Item>
            <Descriptions.Item label="职务">{labelOf(staffRoleTable, w.staff.role)}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{w.staff.phone}</Descriptions.Item>
            <Descriptions.Item label="任职日期">{w.staff.startDate ?? ''}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={`本月履职情况（${w.month.slice(0, 4)}年${Number(w.month.slice(5))}月，T6 口径）`} style={{ marginBottom: 12 }} data-testid="worker-figures">
            {w.figures ? (
              <Row gutter={16}>
                <Col span={4}><Statistic title="负责住户" value={w.figures.households} suffix="户" /></Col>
                <Col span={4}><Statistic title="本月应走访 / 已走访" value={`${w.figures.due} / ${w.figures.visited}`} /></Col>
                <Col span={4}><Statistic title="重点户走访率" value={rateText(w.figures.keyVisitRate)} /></Col>
                <Col span={4}><Statistic title="上报事件" value={w.figures.reported} suffix="件" /></Col>
                <Col span={4}><Statistic title="按期办结" value={`${w.figures.closedInTime} / ${w.figures.closeDue}`} /></Col>
                <Col span={4}><Statistic title="得分" value={w.figures.score === null ? '—' : w.figures.score.toFixed(1)} /></Col>
              </Row>
            ) : <span className="muted">此人本月不在考核范围（非网格长/专职/兼职网格员，或未服务开放的网格）</span>}
          </Card>
          <Card size="small" title="负责网格" style={{ marginBottom: 12 }}>
            <Table size="small" bordered rowKey="id" pagination={false} dataSource={w.grids}
              columns={[
                { title: '村（社区）', dataIndex: 'village', width: 140 },
                { title: '网格编码', dataIndex: 'code', width: 170, render: (v: string) => <span className="mono">{v}</span> },
                { title: '网格名称', dataIndex: 'name' },
                { title: '住户', dataIndex: 'households', width: 90, align: 'right' },
                { title: '其中重点户', dataIndex: 'keyHouseholds', width: 110, align: 'right' },
              ]}
              data-testid="worker-grids"
            />
          </Card>
          <Card size="small" title={`待走访住户（${w.due.length} 户）`} style={{ marginBottom: 12 }}>
            <Table<VisitDueItem> size="small" bordered rowKey="householdId" dataSource={w.due} pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: '应访日期', dataIndex: 'dueDate', width: 104 },
                { title: '状态', dataIndex: 'state', width: 90, render: (s: VisitDueItem['state']) => <Tag color={stateColors[s]}>{s}</Tag> },
                { title: '类别', dataIndex: 'cls', width: 80, render: (c: string) => <Tag color={c === '重点户' ? 'red' : 'default'}>{c}</Tag> },
                { title: '重点原因', dataIndex: 'reasons', width: 160, render: (r: string[]) => r.join('、') },
                { title: '网格', dataIndex: 'grid', width: 120 },
                { title: '户号', dataIndex: 'number', width: 120, render: (v: string) => <span className="mono">{v}</span> },
                { title: '户主', dataIndex: 'headName', width: 90 },
                { title: '住址', dataIndex: 'address' },
                { title: '上次走访', dataIndex: 'lastVisit', width: 104 },
                {
                  title: '操作', width: 90, className: 'no-print',
                  render: (_: unknown, d) => (
                    <Button size="small" type="link" onClick={() => setVisiting({ householdId: d.householdId, householdLabel: `户号 ${d.number}　户主 ${d.headName}`, staffId })} data-testid="due-visit">
                      登记走访
                    </Button>
                  ),
                },
              ]}
              locale={{ emptyText: '本周期内负责的住户都已走访' }}
              data-testid="worker-due"
            />
          </Card>
          <Card size="small" title="最近走访">
            <Table<VisitRow> size="small" bordered rowKey="id" dataSource={w.recentVisits} pagination={false}
              columns={[
                { title: '走访日期', dataIndex: 'date', width: 104 },
                { title: '户号', dataIndex: 'householdNumber', width: 120 },
                { title: '户主/被走访人', dataIndex: 'headName', width: 110 },
                { title: '方式', dataIndex: 'method', width: 64 },
                { title: '发现情况', dataIndex: 'content' },
              ]}
              locale={{ emptyText: '还没有走访记录' }}
              data-testid="worker-visits"
            />
          </Card>
        </>
      ) : null}
      {visiting ? (
        <VisitDialog
          target={visiting}
          onCancel={() => setVisiting(null)}
          onDone={(v) => {
            setVisiting(null);
            void message.success(`已登记 ${v.date} 的走访`);
            setTick((t) => t + 1);
          }}
        />
      ) : null}
    </div>
  );
}
