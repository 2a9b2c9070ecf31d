// 低保户: the list (#/lowIncome) — 城市/农村, 分类, 月保障金额, 保障人数, next 复核 — with the register form,
// export and print; #/lowIncome?id=N opens the household's detail page.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { LowIncomeRow } from '../../../../shared/contract/lowIncome';
import type { Town } from '../../../../shared/contract/town';
import { lowIncomeMachine } from '../../../../shared/rules/ledgerMachines';
import { isOpenIn } from '../../../../shared/rules/stateMachine';
import { call } from '../../api';
import { BatchCardButton, PostingButton } from '../../components/ledger/cardButtons';
import { ExportButton, PrintButton, usePrint } from '../../components/listTools';
import { DueText, maskId, openEntry, PlaceCell, StatusTag, useHashParams, useLoad, yuan } from '../../components/ledger/common';
import { LedgerFilterBar, LedgerTable, useDebounced, type ListFilterState } from '../../components/ledger/detailParts';
import { LowIncomeFormDialog } from '../../components/ledger/LowIncomeFormDialog';
import { useGridTree } from '../../gridData';
import { LowIncomeDetailView } from './LowIncomeDetail';

/** The statuses of households no longer 在保 (the filter offers them beside 在保 and 全部). */
const CLOSED: readonly string[] = lowIncomeMachine.states.filter((s) => !isOpenIn(lowIncomeMachine, s));

export function LowIncomePage({ town }: { town: Town }) {
  const params = useHashParams();
  const id = Number(params.get('id') ?? '');
  if (Number.isInteger(id) && id > 0) return <LowIncomeDetailView key={id} id={id} town={town} />;
  return <LowIncomeList town={town} />;
}

function LowIncomeList({ town }: { town: Town }) {
  const { tree } = useGridTree();
  const [f, setF] = useState<ListFilterState>({ query: '', status: '' });
  const [area, setArea] = useState<string | undefined>();
  const query = useDebounced(f.query);
  const filter = useMemo(() => ({ query: query.trim(), villageId: f.villageId, gridId: f.gridId, status: f.status || undefined }), [query, f.villageId, f.gridId, f.status]);
  const { value, error, loading } = useLoad(() => call('lowIncome.list', filter), [filter]);
  const rows = useMemo(() => (value ?? []).filter((r) => !area || r.area === area), [value, area]);
  const [registering, setRegistering] = useState(false);
  const { printing, print } = usePrint();
  // Only households still 在保 count towards the persons and the money.
  const covered = rows.filter((r) => isOpenIn(lowIncomeMachine, r.status));
  const totals = { persons: covered.reduce((n, r) => n + r.coveredCount, 0), amount: covered.reduce((n, r) => n + r.monthlyAmount, 0) };

  const columns: ColumnsType<LowIncomeRow> = [
    { title: '序号', width: 50, align: 'right', render: (_v, _r, i) => i + 1 },
    {
      title: '户主',
      dataIndex: 'headName',
      width: 72,
      render: (n: string | null, r) => (
        <a onClick={() => openEntry('lowIncome', r.id)} data-testid="row-name">
          {n ?? `户号 ${r.householdNumber}`}
        </a>
      ),
    },
    { title: '户主身份号码', dataIndex: 'headIdNumber', width: 160, render: (v: string | null) => <span className="id-cell">{printing ? v : maskId(v)}</span> },
    { title: '村·网格', width: 104, render: (_: unknown, r) => <PlaceCell p={r} /> },
    { title: '城乡', dataIndex: 'area', width: 48 },
    { title: '分类', dataIndex: 'class', width: 48, align: 'center', render: (c: string) => <Tag color={c === 'C' ? 'orange' : 'blue'}>{c}</Tag> },
    { title: '保障人数', dataIndex: 'coveredCount', width: 52, align: 'right' },
    { title: '月保障金(元)', dataIndex: 'monthlyAmount', width: 88, align: 'right', render: (v: number) => yuan(v) },
    { title: '特困', dataIndex: 'extremePoverty', width: 48, render: (v: string | null) => v ?? '' },
    { title: '低保证号', dataIndex: 'certificateNumber', width: 96 },
    { title: '确认日期', dataIndex: 'confirmedOn', width: 92, className: 'nowrap' },
    { title: '状态', dataIndex: 'status', width: 60, render: (s: string) => <StatusTag status={s} /> },
    { title: '下次复核', dataIndex: 'nextDue', render: (d: LowIncomeRow['nextDue']) => <DueText due={d} showKind={false} stacked /> },
  ];

  return (
    <div data-testid="low-income-page">
      <div className="page-head">
        <h1 className="page-title">低保户</h1>
        <Space className="no-print">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="low-income-register">
            登记低保户
          </Button>
          <ExportButton defaultName={`${town.name}低保户台账.xlsx`} run={(path, jobId) => call('lowIncome.export', { ...filter, path }, { jobId })} />
          <BatchCardButton group="lowIncome" tree={tree} villageId={f.villageId} townName={town.name} />
          <PostingButton tree={tree} villageId={f.villageId} townName={town.name} />
          <PrintButton onClick={() => void print()} disabled={!rows.length} />
        </Space>
      </div>
      <LedgerFilterBar
        tree={tree}
        value={f}
        onChange={setF}
        statuses={CLOSED}
        openLabel="在保"
        placeholder="户主、户号、身份证号或低保证号"
        count={
          <>
            共 {rows.length} 户{!CLOSED.includes(f.status) ? `，保障 ${totals.persons} 人，月保障金 ${yuan(totals.amount)} 元` : ''}
          </>
        }
      >
        <Select
          allowClear
          value={area}
          onChange={(v) => setArea(v ?? undefined)}
          placeholder="城市和农村"
          style={{ width: 120 }}
          options={[
            { value: '城市', label: '城市低保' },
            { value: '农村', label: '农村低保' },
          ]}
        />
      </LedgerFilterBar>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <LedgerTable<LowIncomeRow>
        printTitle={`${town.name}低保户台账`}
        columns={columns}
        rows={rows}
        loading={loading}
        printing={printing}
        width={1080}
        unit="户"
        emptyText={f.status || f.query ? '没有符合条件的低保户' : '台账中还没有低保户，可点击「登记低保户」'}
        testId="low-income-table"
      />
      {registering ? (
        <LowIncomeFormDialog
          onCancel={() => setRegistering(false)}
          onDone={(e) => {
            setRegistering(false);
            openEntry('lowIncome', e.id);
          }}
        />
      ) : null}
    </div>
  );
}
