// 月报: the month's county package in one click. Pick a month, see its headline figures and state, generate the
// package into a folder (progress, cancel; the month is then frozen), mark it sent, reopen it with a reason, see
// every month's state, and check a package against its manifest (校验).
import { CheckCircleOutlined, CloudUploadOutlined, FolderOpenOutlined, SafetyCertificateOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Modal, Progress, Space, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { MONTH_STATE_LABELS, type MonthState, type PackageResult, type VerifyResult } from '../../../../shared/contract/monthPackage';
import type { Town } from '../../../../shared/contract/town';
import { HEADLINE_LABELS, headlineOf } from '../../../../shared/reports/headline';
import { call, errorMessage, isCancelled } from '../../api';
import { FormDialog } from '../../components/form/FormDialog';
import { useLoad, yuan } from '../../components/ledger/common';
import { progressPercent, useJob } from '../../jobs';

const STATE_COLORS: Record<MonthState, string> = { open: 'default', frozen: 'blue', sent: 'green', reopened: 'orange' };
const EVENT_LABELS = { frozen: '生成并冻结', reopened: '重新打开', sent: '标记已报送' } as const;
const SEND_WAYS = ['县综治信息平台上传', 'U 盘报送', '纸质报送', '电子邮件', '其他'];
const monthText = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
const sizeText = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
const timeText = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

export function StateTag({ state }: { state: MonthState }) {
  return (
    <Tag color={STATE_COLORS[state]} data-testid="month-state">
      {MONTH_STATE_LABELS[state]}
    </Tag>
  );
}

export function MonthPackagePage({ town }: { town: Town }) {
  // The month just ended is the one the county asks for.
  const [month, setMonth] = useState(() => dayjs().subtract(1, 'month').format('YYYY-MM'));
  const detail = useLoad(() => call('month.get', { month }), [month]);
  const figures = useLoad(() => call('report.figures', { month }), [month]);
  const months = useLoad(() => call('month.list', {}), []);
  const job = useJob();
  const { modal, message } = App.useApp();
  const [made, setMade] = useState<PackageResult | null>(null);
  const [dialog, setDialog] = useState<'sent' | 'reopen' | null>(null);
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const d = detail.value;
  const state: MonthState = d?.state ?? 'open';
  const frozen = state === 'frozen' || state === 'sent';
  const headline = d?.headline && frozen ? d.headline : figures.value ? headlineOf(figures.value) : null;
  // While staff look at a month still to generate, a job worker gets its libraries ready, so 生成 starts at once.
  useEffect(() => {
    if (!frozen) void call('month.prepare', {}).catch(() => undefined);
  }, [frozen]);

  const reload = () => {
    detail.reload();
    figures.reload();
    months.reload();
  };

  const generate = async () => {
    const dir = await window.api.pickFolder();
    if (!dir) return;
    try {
      const r = await job.run('package', (jobId) => call('month.package', { month, dir, zip: true }, { jobId }));
      setMade(r);
      reload();
    } catch (err) {
      if (isCancelled(err)) {
        message.info('已取消，没有生成任何文件，本月也没有冻结');
        return;
      }
      modal.error({ title: '月报没有生成', content: errorMessage(err) });
    }
  };

  const verify = async () => {
    const path = await window.api.pickFolder();
    if (!path) return;
    try {
      setVerified(await call('month.verify', { path }));
    } catch (err) {
      modal.error({ title: '无法校验', content: errorMessage(err) });
    }
  };

  return (
    <div data-testid="package-page">
      <div className="page-head">
        <h1 className="page-title">月报</h1>
        <Space>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(v) => v && (setMonth(v.format('YYYY-MM')), setMade(null))}
            disabledDate={(v) => v.isAfter(dayjs(), 'month')}
            data-testid="package-month"
          />
          <Button icon={<SafetyCertificateOutlined />} onClick={() => void verify()} data-testid="package-verify">
            校验月报
          </Button>
        </Space>
      </div>
      {detail.error ? <Alert type="error" showIcon title={detail.error} style={{ marginBottom: 12 }} data-testid="package-error" /> : null}

      <Card
        title={
          <Space>
            <span>
              {town.name} {monthText(month)} 综治月报
            </span>
            <StateTag state={state} />
          </Space>
        }
        extra={
          <Space>
            <Button type="primary" icon={<FolderOpenOutlined />} onClick={() => void generate()} loading={job.running} disabled={!!detail.error} data-testid="package-generate">
              {frozen ? '再次导出（原样）' : '生成月报'}
            </Button>
            <Button icon={<CloudUploadOutlined />} onClick={() => setDialog('sent')} disabled={!frozen || state === 'sent'} data-testid="package-sent">
              标记已报送
            </Button>
            <Button icon={<UndoOutlined />} onClick={() => setDialog('reopen')} disabled={!frozen} data-testid="package-reopen">
              重新打开
            </Button>
          </Space>
        }
        style={{ marginBottom: 16 }}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {frozen
            ? `本月月报已于 ${timeText(d!.frozenAt)} 生成并冻结：页面和报表显示的是当时的数字，再次导出得到与报送时完全相同的文件。如需按现在的数据重新统计，请「重新打开」并写明原因。`
            : '生成月报会把 T1–T4 统计表（Excel 与 PDF）和 manifest.json（每个文件的 SHA-256）写入所选文件夹下的「镇名_年月_综治月报」文件夹及同名 .zip，并冻结本月的数字。'}
          {state === 'sent' ? ` 已于 ${d!.sentOn} 报送（${d!.sentHow}）。` : ''}
        </Typography.Paragraph>
        {headline ? (
          <div className="headline-grid" data-testid="package-headline">
            {HEADLINE_LABELS.map((h) => (
              <Statistic
                key={h.key}
                title={h.label}
                value={h.kind === 'rate' ? (headline[h.key] === null ? '—' : `${headline[h.key]}%`) : h.kind === 'money' ? yuan(headline[h.key]) : (headline[h.key] ?? 0)}
              />
            ))}
          </div>
        ) : null}
        {made ? (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="package-done"
            title={made.froze ? '月报已生成，本月已冻结' : '已按冻结时的文件原样导出'}
            description={
              <div>
                <div>
                  文件夹：<code style={{ wordBreak: 'break-all' }}>{made.dir}</code>
                </div>
                {made.zipPath ? (
                  <div>
                    压缩包：<code style={{ wordBreak: 'break-all' }}>{made.zipPath}</code>
                  </div>
                ) : null}
                <div className="muted">manifest.json 的 SHA-256：{made.manifestSha256}</div>
                <Button size="small" style={{ marginTop: 8 }} onClick={() => void window.api.showItem(made.dir)}>
                  打开所在文件夹
                </Button>
              </div>
            }
          />
        ) : null}
        {d && d.fileList.length ? (
          <Table
            size="small"
            style={{ marginTop: 16 }}
            rowKey="name"
            pagination={false}
            dataSource={d.fileList}
            data-testid="package-files"
            columns={[
              { title: '文件', dataIndex: 'name' },
              { title: '大小', dataIndex: 'size', width: 100, align: 'right', render: (n: number) => sizeText(n) },
              { title: 'SHA-256', dataIndex: 'sha256', width: 200, render: (s: string) => <code title={s}>{s.slice(0, 16)}…</code> },
            ]}
          />
        ) : null}
        {d && d.events.length ? (
          <Timeline
            style={{ marginTop: 16 }}
            items={d.events.map((e) => ({
              color: e.kind === 'reopened' ? 'orange' : e.kind === 'sent' ? 'green' : 'blue',
              content: `${timeText(e.at)} ${EVENT_LABELS[e.kind]}${e.reason ? `：${e.reason}` : ''}（${e.byName}）`,
            }))}
          />
        ) : null}
      </Card>

      <Card title="各月月报" size="small">
        <Table
          size="small"
          rowKey="month"
          loading={months.loading}
          dataSource={months.value ?? []}
          pagination={{ pageSize: 12, showSizeChanger: false }}
          data-testid="package-history"
          onRow={(r) => ({ onClick: () => (setMonth(r.month), setMade(null)), style: { cursor: 'pointer' } })}
          columns={[
            { title: '月份', dataIndex: 'month', width: 120, render: (m: string) => monthText(m) },
            { title: '状态', dataIndex: 'state', width: 140, render: (s: MonthState) => <StateTag state={s} /> },
            { title: '生成时间', dataIndex: 'frozenAt', width: 160, render: timeText },
            { title: '报送', key: 'sent', render: (_: unknown, r) => (r.sentOn ? `${r.sentOn} ${r.sentHow}` : '') },
            { title: '文件', dataIndex: 'files', width: 130, align: 'right', render: (n: number, r) => (n ? `${n} 个，${sizeText(r.bytes)}` : '') },
          ]}
        />
      </Card>

      {job.running ? (
        <Modal open title="正在生成月报" closable={false} mask={{ closable: false }} footer={<Button onClick={job.cancel} data-testid="package-cancel">取消</Button>} width={420}>
          <Progress percent={progressPercent(job.progress)} status="active" data-testid="package-progress" />
          <div className="muted">{job.progress ? `${job.progress.stage}（${job.progress.done} / ${job.progress.total}）` : '正在准备…'}</div>
        </Modal>
      ) : null}

      {dialog === 'sent' ? (
        <FormDialog
          title={`${monthText(month)}月报标记为已报送`}
          fields={[
            { name: 'sentOn', label: '报送日期', kind: 'date', required: true },
            { name: 'how', label: '报送方式', kind: 'choice', options: SEND_WAYS.map((w) => ({ value: w, label: w })), as: 'select', required: true },
          ]}
          initialValues={{ sentOn: dayjs().format('YYYY-MM-DD'), how: SEND_WAYS[0] }}
          channel="month.markSent"
          toInput={(v) => ({ month, sentOn: String(v.sentOn ?? ''), how: String(v.how ?? '') })}
          onCancel={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            message.success('已标记为已报送');
            reload();
          }}
          testIds={{ dialog: 'sent-dialog', ok: 'sent-ok' }}
        />
      ) : null}
      {dialog === 'reopen' ? (
        <FormDialog
          title={`重新打开${monthText(month)}的月报`}
          intro="重新打开后，本月的报表按现在的数据重新统计，下次生成月报时重新冻结。原来的文件和本次操作都会记录在本月的历史中。"
          fields={[{ name: 'reason', label: '原因', kind: 'textarea', rows: 3, max: 200, required: '请写明重新打开的原因' }]}
          initialValues={{}}
          channel="month.reopen"
          toInput={(v) => ({ month, reason: String(v.reason ?? '') })}
          onCancel={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setMade(null);
            reload();
          }}
          okText="重新打开"
          danger
          testIds={{ dialog: 'reopen-dialog', ok: 'reopen-ok' }}
        />
      ) : null}
      {verified ? (
        <Modal open title="月报校验结果" onCancel={() => setVerified(null)} footer={<Button onClick={() => setVerified(null)} data-testid="verify-close">关闭</Button>} width={640}>
          <Alert
            type={verified.ok ? 'success' : 'error'}
            showIcon
            icon={verified.ok ? <CheckCircleOutlined /> : undefined}
            data-testid="verify-result"
            title={
              verified.ok
                ? `校验通过：${verified.town} ${monthText(verified.month ?? '')}的 ${verified.files.filter((f) => f.status === 'ok').length} 个文件与清单一致`
                : `校验未通过：${verified.files.filter((f) => f.status === 'changed' || f.status === 'missing').length} 个文件与清单不符`
            }
          />
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            {verified.files
              .filter((f) => f.status !== 'ok')
              .map((f) => (
                <Descriptions.Item key={f.name} label={{ changed: '已改动', missing: '缺少', extra: '清单外', ok: '' }[f.status]}>
                  {f.name}
                </Descriptions.Item>
              ))}
          </Descriptions>
        </Modal>
      ) : null}
    </div>
  );
}
