// 事件: the event desk's list (filters: state, overdue, category, village, grid, reporter, month; overdue rows in red;
// export and print), an event's own page (?id=…) and the 新建事件 form (?new=1). Every rule is the core's.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Input, Select, Space, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { EVENT_STATES, EVENT_STATE_LABELS, type EventRow, type EventState } from '../../../../shared/contract/events';
import type { Town } from '../../../../shared/contract/town';
import { call } from '../../api';
import { todayString } from '../../components/fields';
import { ExportButton, PrintButton, usePrint } from '../../components/listTools';
import { hashWith, useHashParams, useLoad } from '../../components/ledger/common';
import { staffLabel, useStaff } from '../../components/ledger/pickers';
import { GridSelect, useGridTree, VillageSelect } from '../../gridData';
import { navigate } from '../../useRoute';
import { EventForm } from './EventForm';
import { EventPage } from './EventPage';
import './events.css';

export const stateColors: Record<EventState, string> = {
  reported: 'orange', accepted: 'gold', dispatched: 'blue', handling: 'cyan', checking: 'geekblue', closed: 'green', rated: 'default',
};

export function DeadlineText({ d }: { d: EventRow['nextDue'] }) {
  if (!d) return null;
  const late = d.status === 'overdue';
  return (
    <span className={late ? 'event-late' : ''}>
      {d.label} {d.dueOn}
      {late ? `（逾期 ${d.daysLate} 个工作日）` : ''}
    </span>
  );
}

export function EventsPage({ town }: { town: Town }) {
  const params = useHashParams();
  const id = Number(params.get('id'));
  // ?new=1&record=ID: a finding of a 走访 turned into an event (the visit's page links here).
  const record = Number(params.get('record'));
  if (params.get('new')) return <EventForm sourceRecordId={record > 0 ? record : undefined} onDone={(eventId) => navigate(hashWith('events', { id: eventId }))} onCancel={() => navigate('events')} />;
  if (id > 0) return <EventPage id={id} />;
  return <EventList town={town} />;
}

function EventList({ town }: { town: Town }) {
  const { tree } = useGridTree();
  const staff = useStaff();
  const categories = useLoad(() => call('eventCategory.list', { includeClosed: true }), []);
  const [state, setState] = useState<EventState | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [category, setCategory] = useState<string | undefined>();
  const [villageId, setVillageId] = useState<number | undefined>();
  const [gridId, setGridId] = useState<number | undefined>();
  const [staffId, setStaffId] = useState<number | undefined>();
  const [month, setMonth] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const { printing, print } = usePrint();
  const pageSize = 50;
  const filter = useMemo(
    () => ({ state, overdue: overdue || undefined, category, villageId, gridId, staffId, month, query: query.trim(), date: todayString() }),
    [state, overdue, category, villageId, gridId, staffId, month, query],
  );
  const { value, error, loading, reload } = useLoad(
    () => call('event.list', { ...filter, offset: printing ? 0 : (page - 1) * pageSize, limit: printing ? 1000 : pageSize }),
    [filter, page, printing],
  );
  const rows = value?.rows ?? [];

  const columns: ColumnsType<EventRow> = [
    {
      title: '事件编号',
      dataIndex: 'number',
      width: 130,
      render: (n: string, r) => (
        <a onClick={() => navigate(hashWith('events', { id: r.id }))} data-testid="event-link">
          {n}
        </a>
      ),
    },
    { title: '上报日期', dataIndex: 'reportedOn', width: 100 },
    { title: '标题', dataIndex: 'title', render: (t: string, r) => (r.voided ? <s title={`已作废：${r.voided.reason}`}>{t}</s> : t) },
    { title: '类别', dataIndex: 'categoryName', width: 120 },
    { title: '来源', dataIndex: 'sourceLabel', width: 90 },
    { title: '村（社区）', dataIndex: 'village', width: 100 },
    { title: '网格', dataIndex: 'grid', width: 110, render: (g: string | null) => g ?? '' },
    { title: '上报人', dataIndex: 'reporterName', width: 80 },
    {
      title: '状态',
      dataIndex: 'state',
      width: 84,
      render: (s: EventState, r) => (r.voided ? <Tag>已作废</Tag> : <Tag color={stateColors[s]}>{EVENT_STATE_LABELS[s]}</Tag>),
    },
    { title: '当前时限', width: 190, render: (_: unknown, r) => <DeadlineText d={r.nextDue} /> },
    { title: '满意度', dataIndex: 'satisfactionLabel', width: 80 },
  ];

  return (
    <div data-testid="events-page">
      <div className="page-head">
        <h1 className="page-title">事件（矛盾纠纷）</h1>
        <Space className="no-print">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('events?new=1')} data-testid="event-new">
            新建事件
          </Button>
          <Button icon={<ReloadOutlined />} onClick={reload}>
            刷新
          </Button>
          <ExportButton defaultName={`${town.name}事件登记表${todayString()}.xlsx`} run={(path, jobId) => call('event.export', { ...filter, path }, { jobId })} disabled={!rows.length} testId="event-export" />
          <PrintButton onClick={() => void print()} disabled={!rows.length} />
        </Space>
      </div>
      <div className="filter-bar no-print">
        <Input.Search allowClear placeholder="标题、编号、地点或当事人" style={{ width: 220 }} onSearch={(v) => { setQuery(v); setPage(1); }} data-testid="event-query" />
        <Select<EventState>
          allowClear
          placeholder="全部状态"
          value={state}
          onChange={(v) => { setState(v); setPage(1); }}
          options={EVENT_STATES.map((s) => ({ value: s, label: EVENT_STATE_LABELS[s] }))}
          style={{ width: 110 }}
          data-testid="event-state-filter"
        />
        <Select<string>
          allowClear
          placeholder="全部类别"
          value={category}
          onChange={(v) => { setCategory(v); setPage(1); }}
          options={(categories.value ?? []).map((c) => ({ value: c.code, label: c.name }))}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 150 }}
        />
        <VillageSelect tree={tree} value={villageId} onChange={(v) => { setVillageId(v ?? undefined); setGridId(undefined); setPage(1); }} style={{ width: 130 }} />
        <GridSelect tree={tree} villageId={villageId} value={gridId} onChange={(v) => { setGridId(v ?? undefined); setPage(1); }} style={{ width: 160 }} />
        <Select<number>
          allowClear
          placeholder="全部上报人"
          value={staffId}
          onChange={(v) => { setStaffId(v ?? undefined); setPage(1); }}
          showSearch={{ optionFilterProp: 'label' }}
          options={staff.map((s) => ({ value: s.id, label: staffLabel(s) }))}
          style={{ width: 180 }}
        />
        <DatePicker picker="month" placeholder="上报月份" value={month ? dayjs(`${month}-01`) : null} onChange={(d) => { setMonth(d ? d.format('YYYY-MM') : undefined); setPage(1); }} />
        <Space size={4}>
          <Switch checked={overdue} onChange={(v) => { setOverdue(v); setPage(1); }} data-testid="event-overdue-filter" />
          只看逾期
        </Space>
        <span className="filter-count" data-testid="event-total">
          {loading && !value ? '正在查询…' : `共 ${value?.total ?? 0} 件`}
        </span>
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <div className="print-title">
        {town.name}事件（矛盾纠纷）登记表（{todayString()}）
      </div>
      <Table<EventRow>
        size="small"
        bordered
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        rowClassName={(r) => (r.nextDue?.status === 'overdue' ? 'row-overdue' : '')}
        pagination={printing ? false : { current: page, pageSize, total: value?.total ?? 0, showSizeChanger: false, hideOnSinglePage: true, onChange: setPage, showTotal: (t) => `共 ${t} 件` }}
        locale={{ emptyText: '没有符合条件的事件' }}
        data-testid="event-table"
      />
      <div className="page-foot muted no-print">时限按工作日计算（节假日和调休以国家安排为准，可在「设置 → 节假日调整」中更正）。红色行：当前环节已超过时限。</div>
    </div>
  );
}
