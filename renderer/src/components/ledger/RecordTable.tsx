// The records of an entry (or a person), newest first, with the structured items of their kind.
import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { followUpClassTable, hospitalizationTable, labelOf, lockingTable, medicationTable } from '../../../../shared/codes';
import { recordKindLabels, type RecordRow } from '../../../../shared/contract/records';
import { RiskTag, yuan } from './common';
import { RecordActions } from './RecordRevision';

const followUpColors: Record<string, string> = { '0': 'default', '1': 'red', '2': 'orange', '3': 'green' };
const reviewColors: Record<string, string> = { 不变: 'default', 增发: 'green', 减发: 'orange', 停发: 'red' };

export function recordTitle(r: RecordRow): string {
  if (r.kind === 'visit' && r.ledger === 'patient' && r.content.startsWith('以奖代补年审')) return '以奖代补年审';
  return recordKindLabels[r.kind];
}

export function RecordTable({ rows, kind, loading, printing, testId, onChanged }: {
  rows: RecordRow[];
  /** When all rows are of one kind, its columns are shown in full. */
  kind?: RecordRow['kind'];
  loading?: boolean;
  printing?: boolean;
  testId?: string;
  /** With it, each record has 更正 / 作废; called after either, to reload what the record fed. */
  onChanged?: () => void;
}) {
  const columns: ColumnsType<RecordRow> = [
    { title: '日期', dataIndex: 'date', width: 100 },
    ...(kind ? [] : [{ title: '类别', width: 96, render: (_: unknown, r: RecordRow) => recordTitle(r) }]),
    { title: '方式', dataIndex: 'method', width: 56 },
    { title: '经办人', dataIndex: 'staffName', width: 80 },
    ...(kind === 'followUp'
      ? [
          {
            title: '随访分类',
            width: 84,
            render: (_: unknown, r: RecordRow) => (r.followUpClass !== null ? <Tag color={followUpColors[r.followUpClass]}>{labelOf(followUpClassTable, r.followUpClass)}</Tag> : null),
          },
          { title: '危险性', width: 70, render: (_: unknown, r: RecordRow) => (r.followUpClass === '0' ? <span className="muted">—</span> : <RiskTag risk={r.risk} />) },
          { title: '服药', width: 110, render: (_: unknown, r: RecordRow) => labelOf(medicationTable, r.medication) },
          { title: '住院', width: 100, ellipsis: true, render: (_: unknown, r: RecordRow) => labelOf(hospitalizationTable, r.hospitalization) },
          { title: '关锁', width: 76, render: (_: unknown, r: RecordRow) => labelOf(lockingTable, r.locking) },
          { title: '下次随访', dataIndex: 'nextFollowUpOn', width: 100 },
        ]
      : []),
    ...(kind === 'review'
      ? [
          { title: '复核结果', width: 80, render: (_: unknown, r: RecordRow) => (r.reviewResult ? <Tag color={reviewColors[r.reviewResult]}>{r.reviewResult}</Tag> : null) },
          { title: '调整后金额(元)', width: 120, align: 'right' as const, render: (_: unknown, r: RecordRow) => (r.newAmount !== null ? yuan(r.newAmount) : '') },
        ]
      : []),
    { title: kind === 'followUp' ? '随访情况' : '内容', dataIndex: 'content', ellipsis: !printing },
    ...(onChanged && !printing
      ? [{ title: '操作', width: 104, render: (_: unknown, r: RecordRow) => <RecordActions record={r} what={`${recordTitle(r)}（${r.date}）`} onChanged={onChanged} /> }]
      : []),
  ];
  return (
    <Table<RecordRow>
      size="small"
      bordered
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={printing ? false : { pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
      locale={{ emptyText: '还没有记录' }}
      data-testid={testId ?? 'record-table'}
    />
  );
}
