// Pieces of the three detail pages: the entry's due items (each with its 处理 button), the dated status history,
// the team list, and the list-page filter bar.
import { SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Input, Select, Table, Tag, type DescriptionsProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState, type ReactNode } from 'react';
import type { CodeTable } from '../../../../shared/codes/table';
import { labelOf, sexTable } from '../../../../shared/codes';
import type { GridTree } from '../../../../shared/contract/grid';
import type { EntryPerson, StepViewDto, TeamMemberRow } from '../../../../shared/contract/entry';
import type { LedgerName } from '../../../../shared/contract/records';
import { GridSelect, VillageSelect } from '../../gridData';
import { DueText, placeText, type DueLike } from './common';
import { dueActionLabels } from './DueAction';
import { dueSteps, stepState } from './stepViews';

/** The entry's due items; each 处理 button is enabled when the step that clears the item is available now. */
/** The 基本情况 card of a detail page. */
export function FactsCard({ items }: { items: DescriptionsProps['items'] }) {
  return (
    <Card size="small" className="entry-card" title="基本情况" data-testid="entry-facts">
      <Descriptions size="small" bordered column={2} items={items} />
    </Card>
  );
}

/** Who the entry is about, as the first lines of 基本情况. */
export function personFacts(e: EntryPerson): NonNullable<DescriptionsProps['items']> {
  return [
    { key: 'id', label: '公民身份号码', children: <span className="mono">{e.idNumber}</span> },
    { key: 'sex', label: '性别', children: `${labelOf(sexTable, e.sex)}　${e.birthDate} 出生` },
    { key: 'phone', label: '联系电话', children: e.phone },
    { key: 'grid', label: '村·网格', children: placeText(e) || <Tag color="red">无网格</Tag> },
    { key: 'addr', label: '现住址', span: 2, children: e.currentAddress },
  ];
}

export function EntryDues({ dues, steps, onAct, closedText }: { dues: DueLike[]; steps: readonly StepViewDto[]; onAct?: (kind: string) => void; closedText?: string }) {
  return (
    <Card size="small" className="entry-card" title="待办事项" data-testid="entry-dues">
      {dues.length === 0 ? (
        <span className="muted">{closedText ?? '目前没有待办事项'}</span>
      ) : (
        dues.map((d) => (
          <div className="due-line" key={`${d.kind}-${d.dueDate}`}>
            <span>
              <b style={{ marginRight: 6 }}>{d.kind}</b>
              <DueText due={d} showKind={false} />
            </span>
            {onAct ? (
              <Button
                size="small"
                type={d.state === '逾期' ? 'primary' : 'default'}
                disabled={dueSteps[d.kind] ? !stepState(steps, dueSteps[d.kind]!.step, dueSteps[d.kind]!.to).available : false}
                onClick={() => onAct(d.kind)}
                data-testid="entry-due-act"
              >
                {dueActionLabels[d.kind] ?? '处理'}
              </Button>
            ) : null}
          </div>
        ))
      )}
    </Card>
  );
}

type StatusChangeView = { id: number; fromStatus: string | null; toStatus: string; date: string; reason: string };

/** The status history, newest first; `actions` adds the 更正/作废 links of a change (`latest`: the newest one). */
export function StatusHistory({ changes, actions }: { changes: StatusChangeView[]; actions?: (c: StatusChangeView, latest: boolean) => ReactNode }) {
  return (
    <Card size="small" className="entry-card" title="状态变更" data-testid="status-history">
      {changes.length === 0 ? (
        <span className="muted">无</span>
      ) : (
        <ul className="history-list">
          {[...changes].reverse().map((c) => (
            <li key={c.id}>
              <span className="h-date">{c.date}</span>
              <span>
                {c.fromStatus ? `${c.fromStatus} → ` : '登记为 '}
                <b>{c.toStatus}</b>
                {c.reason ? <span className="h-reason">　{c.reason}</span> : null}
              </span>
              {actions && c.fromStatus !== null ? actions(c, c.id === changes.at(-1)?.id) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function TeamCard({ title, team, roles, onEdit, disabled }: { title: string; team: TeamMemberRow[]; roles: CodeTable; onEdit?: () => void; disabled?: boolean }) {
  return (
    <Card
      size="small"
      className="entry-card"
      title={`${title}（${team.length} 人）`}
      extra={
        onEdit ? (
          <Button size="small" type="link" icon={<TeamOutlined />} onClick={onEdit} disabled={disabled} data-testid="team-edit">
            编辑小组
          </Button>
        ) : null
      }
      data-testid="team-card"
    >
      {team.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${title}还没有成员`} style={{ margin: '4px 0' }} />
      ) : (
        <ul className="history-list">
          {team.map((m) => (
            <li key={m.id}>
              <span style={{ minWidth: 56 }}>
                <b>{m.name}</b>
              </span>
              <Tag style={{ marginInlineEnd: 0 }}>{labelOf(roles, m.role)}</Tag>
              <span className="muted">{m.phone}</span>
              {m.staffId ? (
                <Tag color="blue" style={{ marginLeft: 'auto' }}>
                  网格员
                </Tag>
              ) : m.residentId ? (
                <Tag color="green" style={{ marginLeft: 'auto' }}>
                  居民
                </Tag>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

export interface ListFilterState {
  query: string;
  villageId?: number;
  gridId?: number;
  status: string;
}

/** Search, village, grid and status for a ledger list. Status '' means the entries still on the ledger. */
export function LedgerFilterBar({ tree, value, onChange, statuses, openLabel, count, placeholder, children }: {
  tree: GridTree | null;
  value: ListFilterState;
  onChange: (v: ListFilterState) => void;
  statuses: readonly string[];
  openLabel: string;
  count: ReactNode;
  placeholder?: string;
  children?: ReactNode;
}) {
  return (
    <div className="filter-bar no-print">
      <Input
        prefix={<SearchOutlined />}
        allowClear
        value={value.query}
        onChange={(e) => onChange({ ...value, query: e.target.value })}
        placeholder={placeholder ?? '姓名、拼音、身份证号或电话'}
        style={{ width: 260 }}
        maxLength={40}
        data-testid="ledger-search"
      />
      <VillageSelect tree={tree} value={value.villageId} onChange={(v) => onChange({ ...value, villageId: v ?? undefined, gridId: undefined })} style={{ width: 140 }} />
      <GridSelect tree={tree} villageId={value.villageId} value={value.gridId} onChange={(v) => onChange({ ...value, gridId: v ?? undefined })} style={{ width: 190 }} />
      <Select<string>
        value={value.status}
        onChange={(s) => onChange({ ...value, status: s })}
        style={{ width: 168 }}
        options={[{ value: '', label: openLabel }, ...statuses.map((s) => ({ value: s, label: s })), { value: '全部', label: '全部（含已结束）' }]}
        data-testid="ledger-status-filter"
      />
      {children}
      <span className="filter-count" data-testid="ledger-count">
        {count}
      </span>
    </div>
  );
}

export function ledgerTitle(ledger: LedgerName): string {
  return { released: '刑满释放人员（安置帮教）', patient: '严重精神障碍患者', lowIncome: '低保户' }[ledger];
}

/**
 * The list table of a ledger page: 50 a page on screen, every row and no scrolling when printing,
 * with the page's print title above it.
 */
export function LedgerTable<R extends { id: number }>({ printTitle, columns, rows, loading, printing, width, unit, emptyText, testId }: {
  printTitle: string;
  columns: ColumnsType<R>;
  rows: R[];
  loading: boolean;
  printing: boolean;
  width: number;
  /** 人 or 户, for the page total. */
  unit: string;
  emptyText: string;
  testId: string;
}) {
  return (
    <>
      <div className="print-title">{printTitle}</div>
      <Table<R>
        className="ledger-list"
        size="small"
        bordered
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        scroll={printing ? undefined : { x: width }}
        pagination={printing ? false : { pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} ${unit}` }}
        locale={{ emptyText }}
        data-testid={testId}
      />
    </>
  );
}
