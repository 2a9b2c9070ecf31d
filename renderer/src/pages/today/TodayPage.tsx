// 今日待办: for a chosen date (default today) every due and overdue item of the three ledgers, most late first,
// filterable by village, grid, kind and staff, with the counts per kind; one click opens the form that clears it.
import { CalendarOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { DUE_KINDS, type DueItem, type DueKind } from '../../../../shared/contract/records';
import type { Town } from '../../../../shared/contract/town';
import { chineseDate } from '../../../../shared/rules/dates';
import { call } from '../../api';
import { DateField, todayString } from '../../components/fields';
import { ExportButton, PrintButton, usePrint } from '../../components/listTools';
import { DaysLate, dueColors, hashWith, LedgerTag, maskId, openEntry, useHashParams, useLoad } from '../../components/ledger/common';
import { DueAction, dueActionLabels } from '../../components/ledger/DueAction';
import { staffLabel, useStaff } from '../../components/ledger/pickers';
import { GridSelect, useGridTree, VillageSelect } from '../../gridData';
import { navigate } from '../../useRoute';
import { VisitDialog } from '../visits/VisitDialog';

const openEvent = (id: number) => navigate(hashWith('events', { id }));

type Counts = Record<string, { overdue: number; today: number; upcoming: number }>;

export function TodayPage({ town }: { town: Town }) {
  const params = useHashParams();
  const { tree } = useGridTree();
  const staff = useStaff();
  const [date, setDate] = useState(todayString());
  const [villageId, setVillageId] = useState<number | undefined>();
  const [gridId, setGridId] = useState<number | undefined>();
  const [staffId, setStaffId] = useState<number | undefined>();
  const [acting, setActing] = useState<DueItem | null>(null);
  const { printing, print } = usePrint();
  const kindParam = params.get('kind');
  const kind = kindParam && (DUE_KINDS as readonly string[]).includes(kindParam) ? (kindParam as DueKind) : undefined;
  const setKind = (k: DueKind | undefined) => navigate(hashWith('today', { kind: k }));

  const filter = useMemo(() => ({ date, villageId, gridId, kind, staffId }), [date, villageId, gridId, kind, staffId]);
  const { value, error, loading, reload } = useLoad(() => call('due.list', filter), [filter]);
  const items = value?.items ?? [];
  const counts: Counts = value?.counts ?? {};
  const totals = Object.values(counts).reduce((a, c) => ({ overdue: a.overdue + c.overdue, today: a.today + c.today, upcoming: a.upcoming + c.upcoming }), { overdue: 0, today: 0, upcoming: 0 });
  const isToday = date === todayString();
  const closeAction = useCallback(() => setActing(null), []);

  const columns: ColumnsType<DueItem> = [
    { title: '序号', width: 52, align: 'right', render: (_v, _r, i) => i + 1 },
    {
      title: '事项',
      dataIndex: 'kind',
      width: 118,
      render: (k: string, r) => (
        <Tag color={dueColors[r.state]} style={{ marginInlineEnd: 0 }}>
          {k}
        </Tag>
      ),
    },
    { title: '台账', dataIndex: 'ledger', width: 104, render: (l: DueItem['ledger']) => (l === 'event' ? <Tag color="purple">事件</Tag> : l ? <LedgerTag ledger={l} /> : <Tag>住户</Tag>) },
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (n: string, r) => (
        <a onClick={() => (r.ledger === 'event' ? openEvent(r.entryId) : r.ledger ? openEntry(r.ledger, r.entryId) : navigate(hashWith('worker', { id: r.staffIds[0] })))} data-testid="due-name">
          {n}
        </a>
      ),
    },
    { title: '公民身份号码', dataIndex: 'idNumber', width: 170, render: (v: string) => <span className="id-cell">{printing ? v : maskId(v)}</span> },
    { title: '村（社区）', dataIndex: 'village', width: 120, render: (v: string | null) => v ?? <Tag color="red">无网格</Tag> },
    { title: '网格', dataIndex: 'grid', width: 120, render: (v: string | null) => v ?? '' },
    { title: '到期日期', dataIndex: 'dueDate', width: 104 },
    { title: '逾期天数', dataIndex: 'daysLate', width: 84, align: 'right', render: (d: number) => <DaysLate days={d} /> },
    { title: '状态', dataIndex: 'state', width: 84, render: (s: DueItem['state']) => <span style={{ color: s === '逾期' ? '#cf1322' : s === '今日到期' ? '#d46b08' : '#1f5fae' }}>{s}</span> },
    {
      title: '处理',
      width: 108,
      className: 'no-print',
      render: (_: unknown, r) => (
        <Button size="small" type={r.state === '逾期' ? 'primary' : 'default'} onClick={() => (r.ledger === 'event' ? openEvent(r.entryId) : setActing(r))} data-testid="due-act">
          {r.ledger === 'event' ? '办理' : (dueActionLabels[r.kind] ?? '处理')}
        </Button>
      ),
    },
  ];

  const filterText = [
    villageId ? tree?.villages.find((v) => v.id === villageId)?.name : null,
    kind,
    staffId ? staff.find((s) => s.id === staffId)?.name : null,
  ].filter(Boolean).join('，');

  return (
    <div data-testid="today-page">
      <div className="page-head">
        <h1 className="page-title">今日待办</h1>
        <Space className="no-print">
          <Button icon={<ReloadOutlined />} onClick={reload}>
            刷新
          </Button>
          <ExportButton defaultName={`${town.name}待办事项${date}.xlsx`} run={(path, jobId) => call('due.export', { ...filter, path }, { jobId })} disabled={!items.length} />
          <PrintButton onClick={() => void print()} disabled={!items.length} />
        </Space>
      </div>
      <div className="filter-bar no-print">
        <Space.Compact>
          <Button icon={<CalendarOutlined />} disabled>
            日期
          </Button>
          <DateField value={date} onChange={(d) => setDate(d ?? todayString())} allowClear={false} style={{ width: 140 }} id="due-date" />
        </Space.Compact>
        {!isToday ? (
          <Button size="small" type="link" onClick={() => setDate(todayString())}>
            回到今天
          </Button>
        ) : null}
        <VillageSelect
          tree={tree}
          value={villageId}
          onChange={(v) => {
            setVillageId(v ?? undefined);
            setGridId(undefined);
          }}
          style={{ width: 140 }}
        />
        <GridSelect tree={tree} villageId={villageId} value={gridId} onChange={(v) => setGridId(v ?? undefined)} style={{ width: 190 }} />
        <Select<DueKind>
          allowClear
          value={kind}
          onChange={(k) => setKind(k ?? undefined)}
          placeholder="全部事项"
          style={{ width: 140 }}
          options={DUE_KINDS.map((k) => ({ value: k, label: k }))}
          data-testid="due-kind-filter"
        />
        <Select<number>
          allowClear
          value={staffId}
          onChange={(v) => setStaffId(v ?? undefined)}
          placeholder="全部网格员"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 220 }}
          options={staff.map((s) => ({ value: s.id, label: staffLabel(s) }))}
        />
        <span className="filter-count" data-testid="due-total">
          {loading && !value ? '正在查询…' : `共 ${items.length} 项`}
        </span>
      </div>

      <div className="due-kinds no-print" data-testid="due-counts">
        <div className={`due-kind-card${kind ? '' : ' active'}`} onClick={() => setKind(undefined)}>
          <div className="due-kind-name">全部事项</div>
          <DueCountLine c={totals} />
        </div>
        {DUE_KINDS.map((k) => {
          const c = counts[k] ?? { overdue: 0, today: 0, upcoming: 0 };
          const empty = c.overdue + c.today + c.upcoming === 0;
          return (
            <div key={k} className={`due-kind-card${kind === k ? ' active' : ''}${empty ? ' empty' : ''}`} onClick={() => setKind(kind === k ? undefined : k)} data-testid={`due-count-${k}`}>
              <div className="due-kind-name">{k}</div>
              <DueCountLine c={c} />
            </div>
          );
        })}
      </div>

      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <div className="print-title">
        {town.name}重点人群待办事项（截至{chineseDate(date)}）{filterText ? `（${filterText}）` : ''}
      </div>
      <Table<DueItem>
        size="small"
        bordered
        rowKey={(r) => `${r.ledger}-${r.entryId}-${r.kind}`}
        columns={columns}
        dataSource={items}
        loading={loading}
        rowClassName={(r) => (r.state === '逾期' ? 'row-overdue' : '')}
        pagination={printing ? false : { pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 项` }}
        locale={{ emptyText: kind ? `${chineseDate(date)}没有「${kind}」待办` : `${chineseDate(date)}没有到期或逾期的事项` }}
        data-testid="due-table"
      />
      <div className="page-foot muted no-print">逾期：到期日已过；今日：当天到期；即将：在提醒天数内到期。点击姓名打开台账，点击「处理」填写相应的记录或手续。</div>
      {acting && acting.ledger === null ? (
        // 住户走访: the visit form for that household.
        <VisitDialog
          target={{ householdId: acting.householdId, householdLabel: acting.name, staffId: staffId ?? acting.staffIds[0] ?? null }}
          onCancel={closeAction}
          onDone={() => {
            setActing(null);
            reload();
          }}
        />
      ) : acting && acting.ledger !== null && acting.ledger !== 'event' ? (
        <DueAction
          item={{ ...acting, ledger: acting.ledger }}
          onClose={closeAction}
          onDone={() => {
            setActing(null);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

function DueCountLine({ c }: { c: { overdue: number; today: number; upcoming: number } }) {
  return (
    <div className="due-kind-counts">
      <span className={c.overdue ? 'n-overdue' : 'n-zero'} title="逾期">
        逾期 <b>{c.overdue}</b>
      </span>
      <span className={c.today ? 'n-today' : 'n-zero'} title="今日到期">
        今日 <b>{c.today}</b>
      </span>
      <span className={c.upcoming ? 'n-upcoming' : 'n-zero'} title="即将到期">
        即将 <b>{c.upcoming}</b>
      </span>
    </div>
  );
}
