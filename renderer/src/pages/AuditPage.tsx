// 审计日志 (administrators only): who did what and when — views of key-group persons, every change with
// its fields before and after, exports, prints, settings — filtered by user, person, kind and dates,
// exported as xlsx, and the hash chain checked on request.
import { CheckCircleOutlined, ReloadOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditFieldLabel, type AuditAction, type AuditEntryView, type AuditFilter, type AuditVerifyResult } from '../../../shared/contract/audit';
import { call, errorMessage } from '../api';
import { DateField } from '../components/fields';
import { ExportButton } from '../components/listTools';
import { useLoad } from '../components/ledger/common';

const PAGE_SIZE = 50;

const ACTION_COLORS: Partial<Record<AuditAction, string>> = {
  view: 'blue', create: 'green', update: 'gold', close: 'volcano', import: 'cyan', export: 'purple', print: 'purple', package: 'geekblue', settings: 'magenta',
  login: 'default', login_failed: 'red', user: 'orange',
};

/**
 * Whether this caller may open the audit log: the admin-only channel itself answers, asked again on
 * every switch of database (`generation`); once accounts land, the session's role can answer instead.
 */
export function useMayAudit(generation: number): boolean {
  const [may, setMay] = useState(false);
  useEffect(() => {
    let live = true;
    // Any refusal or failure hides it: only an answer shows the page.
    call('audit.list', { limit: 1 }).then(
      () => live && setMay(true),
      () => live && setMay(false),
    );
    return () => {
      live = false;
    };
  }, [generation]);
  return may;
}

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : String(v));

/** An entry's changes (field: before → after), its file or its list's size. */
function Detail({ e }: { e: AuditEntryView }) {
  const changes = Array.isArray(e.detail['changes']) ? (e.detail['changes'] as { kind: string; id: unknown; field: string; before: unknown; after: unknown }[]) : [];
  const file = typeof e.detail['file'] === 'string' ? e.detail['file'] : null;
  const count = typeof e.detail['count'] === 'number' ? e.detail['count'] : null;
  if (!changes.length && !file && count === null) return <span className="muted">—</span>;
  return (
    <div className="audit-detail">
      {changes.slice(0, 4).map((c, i) => (
        <div key={i}>
          {auditFieldLabel(c.field)}：<span className="muted">{show(c.before)}</span> → <b>{show(c.after)}</b>
        </div>
      ))}
      {changes.length > 4 ? <div className="muted">另有 {changes.length - 4} 项改动（导出可见全部）</div> : null}
      {file ? <div>文件：{file}</div> : null}
      {count !== null ? <div>条数：{count}</div> : null}
    </div>
  );
}

/** Picks a person by name, pinyin or ID number (the people search), for the person filter. */
function PersonPicker({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const seq = useRef(0);
  const search = (q: string) => {
    const mine = ++seq.current;
    if (!q.trim()) return setOptions([]);
    call('person.search', { query: q.trim(), status: '全部', limit: 20 }).then(
      (r) => mine === seq.current && setOptions(r.rows.map((p) => ({ value: p.id, label: `${p.name}（${p.idNumber.slice(0, 6)}…${p.idNumber.slice(-4)}）` }))),
      () => setOptions([]),
    );
  };
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      placeholder="人员：姓名、拼音或身份证号"
      style={{ width: 220 }}
      value={value}
      options={options}
      onChange={(v) => onChange(v ?? undefined)}
      notFoundContent={null}
      data-testid="audit-person"
    />
  );
}

export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [verify, setVerify] = useState<{ result?: AuditVerifyResult; error?: string; running: boolean }>({ running: false });
  const { value, error, loading, reload } = useLoad(() => call('audit.list', { filter, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }), [filter, page]);
  const set = (patch: Partial<AuditFilter>) => {
    setPage(1);
    setFilter((f) => ({ ...f, ...patch }));
  };
  const users = useMemo(() => (value?.users ?? []).map((u) => ({ value: u.userId, label: u.userName })), [value?.users]);

  const runVerify = () => {
    setVerify({ running: true });
    call('audit.verify', {}).then(
      (result) => setVerify({ result, running: false }),
      (err) => setVerify({ error: errorMessage(err), running: false }),
    );
  };

  return (
    <div data-testid="audit-page">
      <div className="page-head">
        <h1 className="page-title">审计日志</h1>
        <Space>
          <Button icon={<SafetyCertificateOutlined />} onClick={runVerify} loading={verify.running} data-testid="audit-verify">
            校验
          </Button>
          <ExportButton defaultName="审计日志.xlsx" run={(path, jobId) => call('audit.export', { filter, path }, { jobId })} testId="audit-export" />
        </Space>
      </div>
      <p className="muted">
        记录每次登录、查看重点人群、新增修改注销（改动前后的内容）、导出打印、生成月报和设置修改。日志只能追加，不能修改或删除，至少保存六个月（本软件不删除任何条目）；「校验」逐条核对哈希链，条目被改动、删除或调换都会被发现。
      </p>
      {verify.result ? (
        verify.result.ok ? (
          <Alert
            type="success"
            showIcon
            icon={<CheckCircleOutlined />}
            style={{ marginBottom: 12 }}
            data-testid="audit-verify-result"
            title={`校验通过：共 ${verify.result.entries} 条，哈希链完整。`}
            description={verify.result.head ? `末条为第 ${verify.result.head.seq} 条，哈希 ${verify.result.head.hash.slice(0, 16)}……（可抄录留存，日后核对日志未被整体改写）` : undefined}
          />
        ) : (
          <Alert type="error" showIcon icon={<WarningOutlined />} style={{ marginBottom: 12 }} data-testid="audit-verify-result" title={`校验未通过：${verify.result.problem!.message}`} description="日志可能被人改动过。请保留此数据库文件，不要再操作，并联系技术人员和上级主管部门。" />
        )
      ) : null}
      {verify.error ? <Alert type="error" showIcon title={verify.error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select allowClear placeholder="用户" style={{ width: 160 }} options={users} value={filter.userId} onChange={(v) => set({ userId: v ?? undefined })} data-testid="audit-user" />
          <PersonPicker value={filter.residentId} onChange={(residentId) => set({ residentId })} />
          <Select
            allowClear
            placeholder="操作类型"
            style={{ width: 140 }}
            options={AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))}
            value={filter.action}
            onChange={(v) => set({ action: v ?? undefined })}
            data-testid="audit-action"
          />
          <DateField placeholder="起始日期" value={filter.from ?? null} onChange={(v) => set({ from: v ?? undefined })} style={{ width: 150 }} id="audit-from" />
          <span className="muted">至</span>
          <DateField placeholder="截止日期" value={filter.to ?? null} onChange={(v) => set({ to: v ?? undefined })} style={{ width: 150 }} id="audit-to" />
          <Button icon={<ReloadOutlined />} onClick={reload}>
            刷新
          </Button>
        </Space>
      </Card>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="audit-error" /> : null}
      <Table<AuditEntryView>
        size="small"
        rowKey="seq"
        loading={loading}
        dataSource={value?.items ?? []}
        data-testid="audit-table"
        pagination={{ current: page, pageSize: PAGE_SIZE, total: value?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 70 },
          { title: '时间', dataIndex: 'at', width: 160, render: (at: string) => new Date(at).toLocaleString('zh-CN', { hour12: false }) },
          { title: '用户', dataIndex: 'userName', width: 110 },
          { title: '类型', dataIndex: 'action', width: 90, render: (a: AuditAction, e) => <Tag color={ACTION_COLORS[a]}>{e.actionLabel}</Tag> },
          { title: '操作', dataIndex: 'summary', render: (s: string, e) => (e.residentName && !s.includes(e.residentName) ? `${s}（${e.residentName}）` : s) },
          { title: '改动 / 文件', key: 'detail', width: 360, render: (_: unknown, e) => <Detail e={e} /> },
        ]}
      />
    </div>
  );
}
