// 走访记录 (民情日志): every grid worker's visits, newest first, filtered by worker, village, grid, month and the
// household's class; export and print; 登记走访; a finding turned into an event.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import type { Town } from '../../../../shared/contract/town';
import type { VisitRow } from '../../../../shared/contract/visits';
import { HOUSEHOLD_CLASSES, type HouseholdClass } from '../../../../shared/rules/householdClass';
import { call, errorMessage } from '../../api';
import { hashWith, useHashParams } from '../../components/ledger/common';
import { staffLabel, useStaff } from '../../components/ledger/pickers';
import { ExportButton, PrintButton, usePrint } from '../../components/listTools';
import { GridSelect, useGridTree, VillageSelect } from '../../gridData';
import { navigate } from '../../useRoute';
import { reportEventFromVisit, VisitDialog } from './VisitDialog';

const PAGE = 50;

export function VisitsPage({ town }: { town: Town }) {
  const { message } = App.useApp();
  const params = useHashParams();
  const { tree } = useGridTree();
  const staff = useStaff();
  const [staffId, setStaffId] = useState<number | undefined>(() => (params.get('staff') ? Number(params.get('staff')) : undefined));
  const [villageId, setVillageId] = useState<number | undefined>();
  const [gridId, setGridId] = useState<number | undefined>();
  const [month, setMonth] = useState<string | undefined>(() => params.get('month') ?? undefined);
  const [householdClass, setHouseholdClass] = useState<HouseholdClass | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ rows: VisitRow[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const filter = { staffId, villageId, gridId, month, householdClass };

  const load = useCallback(async (all = false) => {
    try {
      setData(await call('visit.list', { staffId, villageId, gridId, month, householdClass, offset: all ? 0 : (page - 1) * PAGE, limit: all ? 1000 : PAGE }));
      setError(null);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  }, [staffId, villageId, gridId, month, householdClass, page]);
  useEffect(() => {
    void load();
  }, [load]);
  // The printout holds every visit of the filter (up to 1,000; export for more), not only this screen's page.
  const { printing, print } = usePrint(() => load(true));

  const columns: ColumnsType<VisitRow> = [
    { title: '序号', width: 56, align: 'right', render: (_v, _r, i) => (printing ? i + 1 : (page - 1) * PAGE + i + 1) },
    { title: '走访日期', dataIndex: 'date', width: 104 },
    {
      title: '网格员', dataIndex: 'staffName', width: 90,
      render: (v: string, r) => (r.staffId ? <a onClick={() => navigate(hashWith('worker', { id: r.staffId }))}>{v}</a> : v),
    },
    { title: '村（社区）', dataIndex: 'village', width: 110 },
    { title: '网格', dataIndex: 'grid', width: 120 },
    { title: '户号', dataIndex: 'householdNumber', width: 120, render: (v: string | null) => <span className="mono">{v ?? ''}</span> },
    { title: '户主/被走访人', dataIndex: 'headName', width: 110 },
    { title: '方式', dataIndex: 'method', width: 64 },
    { title: '发现情况', dataIndex: 'content' },
    {
      title: '事件', width: 96, className: 'no-print',
      render: (_: unknown, r) => (r.eventIds.length ? <Tag color="orange">已上报 {r.eventIds.length} 件</Tag> : (
        <Button size="small" type="link" onClick={() => reportEventFromVisit(r)} data-testid="visit-to-event">转为事件</Button>
      )),
    },
  ];

  return (
    <div data-testid="visits-page">
      <div className="page-head">
        <h1 className="page-title">走访记录</h1>
        <Space className="no-print">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="new-visit">
            登记走访
          </Button>
          <ExportButton defaultName={`${town.name}走访记录${month ?? ''}.xlsx`} run={(path, jobId) => call('visit.export', { ...filter, path }, { jobId })} testId="visits-export" />
          <PrintButton onClick={() => void print()} />
        </Space>
      </div>
      <div className="filter-bar no-print">
        <Select<number>
          allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部网格员" value={staffId} style={{ width: 220 }}
          options={staff.map((s) => ({ value: s.id, label: staffLabel(s) }))}
          onChange={(v) => { setStaffId(v ?? undefined); setPage(1); }}
          data-testid="visits-filter-staff"
        />
        <VillageSelect tree={tree} value={villageId} onChange={(v) => { setVillageId(v ?? undefined); setGridId(undefined); setPage(1); }} style={{ width: 160 }} />
        <GridSelect tree={tree} villageId={villageId} value={gridId} onChange={(v) => { setGridId(v ?? undefined); setPage(1); }} style={{ width: 200 }} />
        <DatePicker picker="month" placeholder="全部月份" value={month ? dayjs(`${month}-01`) : null} onChange={(d) => { setMonth(d ? d.format('YYYY-MM') : undefined); setPage(1); }} data-testid="visits-filter-month" />
        <Select<HouseholdClass>
          allowClear placeholder="全部住户" value={householdClass} style={{ width: 120 }}
          options={HOUSEHOLD_CLASSES.map((c) => ({ value: c, label: c }))}
          onChange={(v) => { setHouseholdClass(v ?? undefined); setPage(1); }}
        />
        <span className="filter-count" data-testid="visits-count">共 {data?.total ?? 0} 条</span>
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="visits-error" /> : null}
      <div className="print-title">{town.name}网格员走访记录{month ? `（${month.slice(0, 4)}年${Number(month.slice(5))}月）` : ''}</div>
      <Table<VisitRow>
        size="small"
        bordered
        rowKey="id"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={data === null && !error}
        pagination={printing ? false : { current: page, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, hideOnSinglePage: true, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        locale={{ emptyText: '没有符合条件的走访记录' }}
        data-testid="visits-table"
      />
      {adding ? (
        <VisitDialog
          target={{ staffId }}
          onCancel={() => setAdding(false)}
          onDone={(v) => {
            setAdding(false);
            void message.success(`已登记 ${v.date} 对户号 ${v.householdNumber ?? ''} 的走访`);
            void load();
          }}
        />
      ) : null}
    </div>
  );
}
