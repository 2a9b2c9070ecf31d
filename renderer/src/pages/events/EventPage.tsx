// An event's page: what was reported, where and by whom; the parties; the timeline of its steps; the three
// working-day limits; the next-step form offering exactly the steps the machine allows now (the others greyed with
// the machine's reason); attachments; 作废. Print gives the page as a 事件办理单.
import { ArrowLeftOutlined, DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Spin, Table, Tag, Timeline, Tooltip } from 'antd';
import { useState } from 'react';
import { FOUR_PLATFORMS, satisfactionTable } from '../../../../shared/codes/event';
import { EVENT_STATE_LABELS, type EventDetail, type EventState } from '../../../../shared/contract/events';
import { call, errorMessage } from '../../api';
import { applyProblems, codeOptions, DateField, todayString } from '../../components/fields';
import { PrintButton, usePrint } from '../../components/listTools';
import { useLoad } from '../../components/ledger/common';
import { useGridTree } from '../../gridData';
import { navigate } from '../../useRoute';
import { DeadlineText, stateColors } from './EventsPage';

type NextStep = EventDetail['next'][number];

const statusWords = { onTime: '按期', late: '逾期办理', open: '办理中', overdue: '已逾期' } as const;
const statusColors = { onTime: 'green', late: 'orange', open: 'blue', overdue: 'red' } as const;
const attachmentFilter = [{ name: '照片或文档', extensions: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'pdf', 'doc', 'docx', 'xls', 'xlsx'] }];

export function EventPage({ id }: { id: number }) {
  const { message } = App.useApp();
  const { value: e, error, reload, setValue } = useLoad(() => call('event.get', { id, date: todayString() }), [id]);
  const [stepping, setStepping] = useState<NextStep | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [viewing, setViewing] = useState<{ name: string; mime: string; base64: string } | null>(null);
  const { print } = usePrint();

  if (error) return <Alert type="error" showIcon title={error} action={<Button onClick={() => navigate('events')}>返回列表</Button>} />;
  if (!e) return <Spin />;

  const addFile = async () => {
    const path = await window.api.pickOpenFile(attachmentFilter);
    if (!path) return;
    try {
      await call('event.attachment.add', { eventId: e.id, path });
      message.success('附件已添加');
      reload();
    } catch (err) {
      message.error({ content: <span data-testid="attachment-error">{errorMessage(err)}</span> });
    }
  };
  const removeFile = async (attachmentId: number) => {
    try {
      await call('event.attachment.remove', { eventId: e.id, attachmentId });
      reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const openFile = async (attachmentId: number) => {
    try {
      const a = await call('event.attachment.get', { id: attachmentId });
      setViewing(a);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const available = e.next.filter((n) => n.available);
  const unavailable = e.next.filter((n) => !n.available && n.step !== 'return' && n.step !== 'supervise');

  return (
    <div data-testid="event-page">
      <div className="page-head">
        <h1 className="page-title">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('events')} className="no-print" aria-label="返回事件列表" />
          {e.title}
          <Tag color={e.voided ? 'default' : stateColors[e.state]} style={{ marginLeft: 12, verticalAlign: 'middle' }} data-testid="event-state">
            {e.voided ? '已作废' : e.stateLabel}
          </Tag>
        </h1>
        <Space className="no-print">
          <PrintButton onClick={() => void print()} />
          {!e.voided ? (
            <Button danger onClick={() => setVoiding(true)} data-testid="event-void">
              作废
            </Button>
          ) : null}
        </Space>
      </div>
      <div className="print-title">事件办理单（{e.number}）</div>
      {e.voided ? <Alert type="warning" showIcon title={`本事件已于 ${e.voided.on} 作废：${e.voided.reason}`} style={{ marginBottom: 12 }} /> : null}
      {e.deadlines.some((d) => d.calendarUnknown) ? (
        <Alert type="info" showIcon title="该年度的法定节假日尚未公布（或软件未收录），时限暂按周一至周五计算；可在「设置 → 节假日调整」中补充。" style={{ marginBottom: 12 }} />
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="事件编号">{e.number}</Descriptions.Item>
          <Descriptions.Item label="上报日期">{e.reportedOn}</Descriptions.Item>
          <Descriptions.Item label="事件来源">{e.sourceLabel}</Descriptions.Item>
          <Descriptions.Item label="事件类别">
            {e.categoryName}
            {e.categoryKind === 'dispute' ? <Tag style={{ marginLeft: 6 }}>矛盾纠纷</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label="村（社区）/网格">
            {e.village}
            {e.grid ? ` / ${e.grid}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="事发地点">
            {e.place}
            {e.lon !== null && e.lat !== null ? `（${e.lon.toFixed(6)}，${e.lat.toFixed(6)}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="上报人">{e.reporterName}</Descriptions.Item>
          <Descriptions.Item label="涉及人数">{e.involved} 人</Descriptions.Item>
          <Descriptions.Item label="承办单位">{e.assignee || '—'}</Descriptions.Item>
          <Descriptions.Item label="群众满意度">{e.satisfactionLabel || '—'}</Descriptions.Item>
          <Descriptions.Item label="督办">{e.supervised ? `${e.supervised} 次` : '—'}</Descriptions.Item>
          <Descriptions.Item label="来自走访">{e.sourceRecordId ? `走访记录 #${e.sourceRecordId}` : '—'}</Descriptions.Item>
          <Descriptions.Item label="事件描述" span={3}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{e.description || '—'}</div>
          </Descriptions.Item>
          <Descriptions.Item label="当事人" span={3}>
            {e.parties.length ? e.parties.map((p) => `${p.name}（${p.role}${p.phone ? `，${p.phone}` : ''}${p.residentId ? '，实有人口' : ''}）`).join('；') : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <div className="event-columns">
        <Card size="small" title="办理时限（工作日）" style={{ marginBottom: 12 }} data-testid="event-deadlines">
          <Table
            size="small"
            pagination={false}
            rowKey="kind"
            dataSource={e.deadlines}
            columns={[
              { title: '时限', dataIndex: 'label', width: 90 },
              { title: '起算', dataIndex: 'startOn', width: 100 },
              { title: '工作日', dataIndex: 'days', width: 64, align: 'right' },
              { title: '到期日', dataIndex: 'dueOn', width: 100 },
              { title: '办理日', dataIndex: 'doneOn', width: 100, render: (v: string | null) => v ?? '' },
              {
                title: '情况',
                dataIndex: 'status',
                render: (s: keyof typeof statusWords, d) => (
                  <Tag color={statusColors[s]}>
                    {statusWords[s]}
                    {d.daysLate ? ` ${d.daysLate} 个工作日` : ''}
                  </Tag>
                ),
              },
            ]}
          />
          {e.nextDue ? (
            <div className="muted" style={{ marginTop: 6 }}>
              当前：<DeadlineText d={e.nextDue} />
            </div>
          ) : null}
        </Card>

        <Card size="small" title="办理" className="no-print" style={{ marginBottom: 12 }} data-testid="event-next">
          {e.voided ? (
            <span className="muted">已作废的事件不能再办理。</span>
          ) : (
            <Space wrap>
              {available.map((n) => (
                <Button key={n.step} type={n.step === 'return' || n.step === 'supervise' ? 'default' : 'primary'} onClick={() => setStepping(n)} data-testid={`event-step-${n.step}`}>
                  {n.label}
                  {n.step === 'return' && n.to ? `（回到「${EVENT_STATE_LABELS[n.to as EventState]}」）` : ''}
                </Button>
              ))}
              {unavailable.map((n) => (
                <Tooltip key={n.step} title={n.reason}>
                  <Button disabled>{n.label}</Button>
                </Tooltip>
              ))}
            </Space>
          )}
        </Card>
      </div>

      <Card size="small" title="办理过程" style={{ marginBottom: 12 }} data-testid="event-timeline">
        <Timeline
          items={e.steps.map((s) => ({
            color: s.action === 'return' ? 'red' : s.action === 'supervise' ? 'orange' : 'blue',
            content: (
              <div>
                <b>{s.on}</b> {s.label}
                {s.assignee ? ` → ${s.assignee}` : ''}
                <span className="muted">（{s.byName}）</span>
                {s.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{s.note}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>

      <Card
        size="small"
        title={`附件（${e.attachments.length}）`}
        extra={!e.voided ? (
          <Button size="small" icon={<PaperClipOutlined />} onClick={() => void addFile()} className="no-print" data-testid="attachment-add">
            添加附件
          </Button>
        ) : null}
        data-testid="event-attachments"
      >
        {e.attachments.length === 0 ? <span className="muted">无</span> : null}
        <Space direction="vertical">
          {e.attachments.map((a) => (
            <Space key={a.id}>
              <PaperClipOutlined />
              <a onClick={() => void openFile(a.id)}>{a.name}</a>
              <span className="muted">{(a.size / 1024).toFixed(0)} KB</span>
              <Popconfirm title="删除这个附件？" okText="删除" cancelText="取消" onConfirm={() => void removeFile(a.id)}>
                <Button size="small" type="text" icon={<DeleteOutlined />} className="no-print" aria-label="删除附件" />
              </Popconfirm>
            </Space>
          ))}
        </Space>
      </Card>

      {stepping ? <StepModal event={e} step={stepping} onClose={() => setStepping(null)} onDone={(next) => { setStepping(null); setValue(next); }} /> : null}
      {voiding ? <VoidModal event={e} onClose={() => setVoiding(false)} onDone={(next) => { setVoiding(false); setValue(next); }} /> : null}
      <Modal open={!!viewing} title={viewing?.name} footer={null} onCancel={() => setViewing(null)} width={760}>
        {viewing && viewing.mime.startsWith('image/') ? (
          <img src={`data:${viewing.mime};base64,${viewing.base64}`} alt={viewing.name} style={{ maxWidth: '100%' }} />
        ) : viewing ? (
          <a href={`data:${viewing.mime};base64,${viewing.base64}`} download={viewing.name}>
            下载 {viewing.name}
          </a>
        ) : null}
      </Modal>
    </div>
  );
}

function StepModal({ event, step, onClose, onDone }: { event: EventDetail; step: NextStep; onClose: () => void; onDone: (e: EventDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ on: string; note?: string; assignee?: string; satisfaction?: string }>();
  const [busy, setBusy] = useState(false);
  const { tree } = useGridTree();
  const targets = [...FOUR_PLATFORMS, ...(tree?.villages.map((v) => v.name) ?? [])].map((v) => ({ value: v }));
  const submit = async (v: { on: string; note?: string; assignee?: string; satisfaction?: string }) => {
    setBusy(true);
    try {
      const next = await call('event.step', { id: event.id, step: step.step, on: v.on, note: v.note ?? '', ...(step.needs.assignee ? { assignee: v.assignee ?? '' } : {}), ...(step.needs.satisfaction && v.satisfaction ? { satisfaction: v.satisfaction } : {}) });
      message.success(`已${step.label}`);
      onDone(next);
    } catch (err) {
      applyProblems(form, err);
      message.error({ content: <span data-testid="step-error">{errorMessage(err)}</span> });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${step.label}：${event.number}`} onCancel={onClose} onOk={() => form.submit()} okText="确定" cancelText="取消" confirmLoading={busy} data-testid="step-modal">
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ on: todayString() }}>
        <Form.Item name="on" label="办理日期" rules={[{ required: true, message: '请填写办理日期' }]}>
          <DateField allowClear={false} />
        </Form.Item>
        {step.needs.assignee ? (
          <Form.Item name="assignee" label="承办单位（四个平台、部门或村）" rules={[{ required: true, message: '请选择或填写承办单位' }]}>
            <AutoComplete options={targets} placeholder="如：综治工作平台" data-testid="step-assignee" />
          </Form.Item>
        ) : null}
        {step.needs.satisfaction ? (
          <Form.Item name="satisfaction" label="群众满意度" rules={[{ required: true, message: '请选择群众满意度' }]}>
            <Select options={codeOptions(satisfactionTable)} placeholder="请选择" data-testid="step-satisfaction" />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={step.step === 'return' ? '退回原因' : step.step === 'supervise' ? '督办意见' : '办理意见'} rules={step.needs.note ? [{ required: true, message: step.step === 'return' ? '请填写退回原因' : '请填写督办意见' }] : []}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VoidModal({ event, onClose, onDone }: { event: EventDetail; onClose: () => void; onDone: (e: EventDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async (v: { reason: string }) => {
    try {
      onDone(await call('event.void', { id: event.id, on: todayString(), reason: v.reason }));
      message.success('事件已作废');
    } catch (err) {
      applyProblems(form, err);
      message.error(errorMessage(err));
    }
  };
  return (
    <Modal open title={`作废事件 ${event.number}`} onCancel={onClose} onOk={() => form.submit()} okText="作废" okButtonProps={{ danger: true }} cancelText="取消">
      <p className="muted">作废的事件不计入任何统计，仍保留在列表中（勾选显示已作废）。</p>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label="作废原因" rules={[{ required: true, message: '请填写作废原因' }]}>
          <Input maxLength={200} placeholder="如：重复上报" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
