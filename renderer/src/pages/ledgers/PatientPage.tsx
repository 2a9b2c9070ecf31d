// 严重精神障碍患者: the list (#/patient) with 危险性 colours, the 以奖代补 flag and the next 随访, the register
// form, export and print; #/patient?id=N opens the detail page.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { diagnosisTable, followUpClassTable, labelOf } from '../../../../shared/codes';
import { patientMachine } from '../../../../shared/rules/ledgerMachines';
import type { PatientRow } from '../../../../shared/contract/patient';
import type { Town } from '../../../../shared/contract/town';
import { call } from '../../api';
import { BatchCardButton } from '../../components/ledger/cardButtons';
import { ExportButton, PrintButton, usePrint } from '../../components/listTools';
import { DueText, maskId, openEntry, PlaceCell, RiskTag, StatusTag, useHashParams, useLoad } from '../../components/ledger/common';
import { LedgerFilterBar, LedgerTable, useDebounced, type ListFilterState } from '../../components/ledger/detailParts';
import { PatientFormDialog } from '../../components/ledger/PatientFormDialog';
import { useGridTree } from '../../gridData';
import { PatientDetailView } from './PatientDetail';

export function PatientPage({ town }: { town: Town }) {
  const params = useHashParams();
  const id = Number(params.get('id') ?? '');
  if (Number.isInteger(id) && id > 0) return <PatientDetailView key={id} id={id} town={town} />;
  return <PatientList town={town} />;
}

function PatientList({ town }: { town: Town }) {
  const { tree } = useGridTree();
  const [f, setF] = useState<ListFilterState>({ query: '', status: '' });
  const [awardOnly, setAwardOnly] = useState(false);
  const query = useDebounced(f.query);
  const filter = useMemo(() => ({ query: query.trim(), villageId: f.villageId, gridId: f.gridId, status: f.status || undefined }), [query, f.villageId, f.gridId, f.status]);
  const { value, error, loading } = useLoad(() => call('patient.list', filter), [filter]);
  const rows = useMemo(() => (value ?? []).filter((r) => !awardOnly || r.awardEligible), [value, awardOnly]);
  const [registering, setRegistering] = useState(false);
  const { printing, print } = usePrint();

  const columns: ColumnsType<PatientRow> = [
    { title: '序号', width: 50, align: 'right', render: (_v, _r, i) => i + 1 },
    {
      title: '姓名',
      dataIndex: 'name',
      width: 72,
      render: (n: string, r) => (
        <a onClick={() => openEntry('patient', r.id)} data-testid="row-name">
          {n}
        </a>
      ),
    },
    { title: '公民身份号码', dataIndex: 'idNumber', width: 160, render: (v: string) => <span className="id-cell">{printing ? v : maskId(v)}</span> },
    { title: '村·网格', width: 104, render: (_: unknown, r) => <PlaceCell p={r} /> },
    { title: '诊断', dataIndex: 'diagnosis', width: 112, render: (d: string) => labelOf(diagnosisTable, d) },
    { title: '危险性', dataIndex: 'risk', width: 64, render: (r: number) => <RiskTag risk={r} /> },
    {
      title: '以奖代补',
      width: 96,
      render: (_: unknown, r) =>
        r.awardEligible ? (
          <Tag color={r.awardAgreementSignedOn ? 'orange' : 'red'} data-testid="award-flag">
            {r.awardAgreementSignedOn ? '已签责任书' : '对象·未签'}
          </Tag>
        ) : (
          <span className="muted">否</span>
        ),
    },
    {
      title: '监护人',
      width: 76,
      render: (_: unknown, r) => (r.guardianName ? <span title={r.guardianPhone}>{r.guardianName}</span> : <span style={{ color: '#cf1322' }}>未登记</span>),
    },
    { title: '状态', dataIndex: 'status', width: 60, render: (s: string) => <StatusTag status={s} /> },
    {
      title: '最近随访',
      width: 100,
      className: 'nowrap',
      render: (_: unknown, r) =>
        r.lastFollowUpOn ? (
          <>
            {r.lastFollowUpOn}
            <br />
            {labelOf(followUpClassTable, r.lastFollowUpClass)}
          </>
        ) : (
          <span className="muted">无</span>
        ),
    },
    { title: '下一待办', dataIndex: 'nextDue', render: (d: PatientRow['nextDue']) => <DueText due={d} stacked /> },
  ];

  return (
    <div data-testid="patient-page">
      <div className="page-head">
        <h1 className="page-title">严重精神障碍患者</h1>
        <Space className="no-print">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="patient-register">
            登记患者
          </Button>
          <ExportButton defaultName={`${town.name}严重精神障碍患者台账.xlsx`} run={(path, jobId) => call('patient.export', { ...filter, path }, { jobId })} />
          <BatchCardButton group="patient" tree={tree} villageId={f.villageId} townName={town.name} />
          <PrintButton onClick={() => void print()} disabled={!rows.length} />
        </Space>
      </div>
      <LedgerFilterBar tree={tree} value={f} onChange={setF} statuses={patientMachine.states} openLabel="在册患者" count={`共 ${rows.length} 人`}>
        <Checkbox checked={awardOnly} onChange={(e) => setAwardOnly(e.target.checked)}>
          仅以奖代补对象
        </Checkbox>
      </LedgerFilterBar>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <LedgerTable<PatientRow>
        printTitle={`${town.name}严重精神障碍患者台账`}
        columns={columns}
        rows={rows}
        loading={loading}
        printing={printing}
        width={1080}
        unit="人"
        emptyText={f.status || f.query ? '没有符合条件的患者' : '台账中还没有患者，可点击「登记患者」'}
        testId="patient-table"
      />
      {registering ? (
        <PatientFormDialog
          onCancel={() => setRegistering(false)}
          onDone={(e) => {
            setRegistering(false);
            openEntry('patient', e.id);
          }}
        />
      ) : null}
    </div>
  );
}
