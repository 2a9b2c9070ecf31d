// 安置帮教: the 刑满释放人员 list (#/released) with filters, status tags and the next due item, the register form,
// the 台账 export and print; #/released?id=N opens the detail page.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { labelOf, originalCrimeTable, releasedClassTable } from '../../../../shared/codes';
import { releasedMachine } from '../../../../shared/rules/ledgerMachines';
import type { ReleasedPersonRow } from '../../../../shared/contract/released';
import type { Town } from '../../../../shared/contract/town';
import { call } from '../../api';
import { BatchCardButton } from '../../components/ledger/cardButtons';
import { ExportButton, PrintButton, usePrint } from '../../components/listTools';
import { classColors, DueText, maskId, openEntry, PlaceCell, StatusTag, useHashParams, useLoad } from '../../components/ledger/common';
import { LedgerFilterBar, LedgerTable, useDebounced, type ListFilterState } from '../../components/ledger/detailParts';
import { ReleasedRegisterDialog } from '../../components/ledger/ReleasedRegisterDialog';
import { useGridTree } from '../../gridData';
import { ReleasedDetail } from './ReleasedDetail';

export function ReleasedPage({ town }: { town: Town }) {
  const params = useHashParams();
  const id = Number(params.get('id') ?? '');
  if (Number.isInteger(id) && id > 0) return <ReleasedDetail key={id} id={id} town={town} />;
  return <ReleasedList town={town} />;
}

function ReleasedList({ town }: { town: Town }) {
  const { tree } = useGridTree();
  const [f, setF] = useState<ListFilterState>({ query: '', status: '' });
  const query = useDebounced(f.query);
  const filter = useMemo(() => ({ query: query.trim(), villageId: f.villageId, gridId: f.gridId, status: f.status || undefined }), [query, f.villageId, f.gridId, f.status]);
  const { value: rows, error, loading } = useLoad(() => call('released.list', filter), [filter]);
  const [registering, setRegistering] = useState(false);
  const { printing, print } = usePrint();

  const columns: ColumnsType<ReleasedPersonRow> = [
    { title: '序号', width: 50, align: 'right', render: (_v, _r, i) => i + 1 },
    {
      title: '姓名',
      dataIndex: 'name',
      width: 72,
      render: (n: string, r) => (
        <a onClick={() => openEntry('released', r.id)} data-testid="row-name">
          {n}
        </a>
      ),
    },
    { title: '公民身份号码', dataIndex: 'idNumber', width: 160, render: (v: string) => <span className="id-cell">{printing ? v : maskId(v)}</span> },
    { title: '村·网格', width: 104, render: (_: unknown, r) => <PlaceCell p={r} /> },
    { title: '原罪名', dataIndex: 'crime', width: 100, render: (c: string | null) => labelOf(originalCrimeTable, c) },
    { title: '释放日期', dataIndex: 'releaseDate', width: 92, className: 'nowrap' },
    { title: '帮教期满', dataIndex: 'termEnd', width: 92, className: 'nowrap' },
    { title: '分类', dataIndex: 'class', width: 52, render: (c: string) => <Tag color={classColors[c]}>{labelOf(releasedClassTable, c)}</Tag> },
    { title: '状态', dataIndex: 'status', width: 84, render: (s: string) => <StatusTag status={s} /> },
    {
      title: '衔接 · 报到',
      width: 72,
      render: (_: unknown, r) => (
        <span title={`衔接：${r.handoverOn ?? '未'}；报到：${r.reportedOn ?? '未'}`}>
          {r.handoverOn ? '已衔接' : <span style={{ color: '#d46b08' }}>未衔接</span>}
          <br />
          {r.reportedOn ? '已报到' : <span style={{ color: '#d46b08' }}>未报到</span>}
        </span>
      ),
    },
    { title: '小组', dataIndex: 'teamSize', width: 50, align: 'right', render: (n: number) => (n ? n : <span style={{ color: '#cf1322' }}>0</span>) },
    { title: '下一待办', dataIndex: 'nextDue', render: (d: ReleasedPersonRow['nextDue']) => <DueText due={d} stacked /> },
  ];

  return (
    <div data-testid="released-page">
      <div className="page-head">
        <h1 className="page-title">安置帮教 · 刑满释放人员</h1>
        <Space className="no-print">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="released-register">
            登记刑满释放人员
          </Button>
          <ExportButton defaultName={`${town.name}刑满释放人员台账.xlsx`} run={(path, jobId) => call('released.export', { ...filter, path }, { jobId })} />
          <BatchCardButton group="released" tree={tree} villageId={f.villageId} townName={town.name} />
          <PrintButton onClick={() => void print()} disabled={!rows?.length} />
        </Space>
      </div>
      <LedgerFilterBar tree={tree} value={f} onChange={setF} statuses={releasedMachine.states} openLabel="在册（未结束）" count={`共 ${rows?.length ?? 0} 人`} />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <LedgerTable<ReleasedPersonRow>
        printTitle={`${town.name}刑满释放人员台账`}
        columns={columns}
        rows={rows ?? []}
        loading={loading}
        printing={printing}
        width={1080}
        unit="人"
        emptyText={f.status || f.query ? '没有符合条件的人员' : '台账中还没有人员，可点击「登记刑满释放人员」'}
        testId="released-table"
      />
      {registering ? (
        <ReleasedRegisterDialog
          onCancel={() => setRegistering(false)}
          onDone={(e) => {
            setRegistering(false);
            openEntry('released', e.id);
          }}
        />
      ) : null}
    </div>
  );
}
