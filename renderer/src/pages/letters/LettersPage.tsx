// 文书打印: the four 责任书 / 协议书 of reports.md. Pick the kind, adapt its template (fields listed beside it,
// 恢复默认), pick who the letters are for (villages, 帮教对象, patients with a guardian, or 商户 typed in) and
// write them as one PDF or Word file — a batch gives one letter per target, each from a new page.
import { DeleteOutlined, FilePdfOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Input, Modal, Popconfirm, Progress, Segmented, Select, Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract';
import type { LetterTemplateView } from '../../../../shared/contract/letters';
import type { Town } from '../../../../shared/contract/town';
import { LETTER_KIND_INFO, LETTER_KINDS, type LetterKind } from '../../../../shared/letters/templates';
import { call, errorMessage, isCancelled } from '../../api';
import { useLoad } from '../../components/ledger/common';
import { PdfActions } from '../../components/pdfTools';
import { progressPercent, useJob } from '../../jobs';

interface Party {
  name: string;
  address: string;
  person: string;
  villageId: number | null;
}
const emptyParty = (): Party => ({ name: '', address: '', person: '', villageId: null });

function TemplateEditor({ template, onChanged }: { template: LetterTemplateView; onChanged: (t: LetterTemplateView) => void }) {
  const { message } = App.useApp();
  const [title, setTitle] = useState(template.title);
  const [body, setBody] = useState(template.body);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement | null>(null);
  useEffect(() => {
    setTitle(template.title);
    setBody(template.body);
    setError(null);
  }, [template]);
  const dirty = title !== template.title || body !== template.body;

  const insertField = (name: string) => {
    const el = bodyRef.current;
    const at = el ? el.selectionStart : body.length;
    setBody(body.slice(0, at) + `{${name}}` + body.slice(at));
  };
  const save = async () => {
    setSaving(true);
    try {
      const saved = await call('letter.template.save', { kind: template.kind, title, body });
      setError(null);
      onChanged(saved);
      message.success('模板已保存');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const reset = async () => {
    try {
      onChanged(await call('letter.template.reset', { kind: template.kind }));
      setError(null);
      message.success('已恢复默认模板');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          模板
          {template.edited ? <Tag color="blue" data-testid="template-edited">已修改</Tag> : <Tag data-testid="template-default">默认</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Popconfirm title="恢复默认模板？" description="本镇修改过的标题和正文将被默认文本替换。" okText="恢复默认" cancelText="取消" onConfirm={() => void reset()} disabled={!template.edited}>
            <Button disabled={!template.edited} data-testid="template-reset">
              恢复默认
            </Button>
          </Popconfirm>
          <Button type="primary" onClick={() => void save()} loading={saving} disabled={!dirty} data-testid="template-save">
            保存模板
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="template-error" /> : null}
      <div className="muted">标题</div>
      <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={60} data-testid="template-title" style={{ marginBottom: 8 }} />
      <div className="muted">正文</div>
      <Input.TextArea
        ref={(r) => {
          bodyRef.current = r?.resizableTextArea?.textArea ?? null;
        }}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        autoSize={{ minRows: 10, maxRows: 22 }}
        data-testid="template-body"
      />
      <div className="muted" style={{ marginTop: 8 }}>
        每行一段；以“一、二、三、”开头的是条款。可用的字段（点击插入到光标处）：
      </div>
      <Space size={[4, 4]} wrap style={{ marginTop: 4 }} data-testid="template-fields">
        {template.fields.map((f) => (
          <Tooltip key={f.name} title={f.hint}>
            <Tag style={{ cursor: 'pointer' }} onClick={() => insertField(f.name)}>{`{${f.name}}`}</Tag>
          </Tooltip>
        ))}
      </Space>
    </Card>
  );
}

export function LettersPage({ town }: { town: Town }) {
  const { modal } = App.useApp();
  const [kind, setKind] = useState<LetterKind>('grid');
  const templates = useLoad(() => call('letter.templates', {}), []);
  const villages = useLoad(() => call('village.list', {}), []);
  const released = useLoad(() => (kind === 'released' ? call('released.list', {}) : Promise.resolve([])), [kind]);
  const patients = useLoad(() => (kind === 'guardian' ? call('patient.list', {}) : Promise.resolve([])), [kind]);
  const [ids, setIds] = useState<number[]>([]);
  const [all, setAll] = useState(false);
  const [parties, setParties] = useState<Party[]>([emptyParty()]);
  const [date, setDate] = useState(() => dayjs());
  const job = useJob();

  useEffect(() => {
    setIds([]);
    setAll(false);
  }, [kind]);

  const template = templates.value?.find((t) => t.kind === kind) ?? null;
  const onTemplate = (t: LetterTemplateView) => templates.setValue((list) => (list ?? []).map((x) => (x.kind === t.kind ? t : x)));

  const options =
    kind === 'grid'
      ? (villages.value ?? []).map((v) => ({ value: v.id, label: `${v.name}（${v.code}）` }))
      : kind === 'released'
        ? (released.value ?? []).map((r) => ({ value: r.id, label: `${r.name}　${r.villageName ?? '无网格'}　${r.status}` }))
        : (patients.value ?? []).map((p) => ({ value: p.id, label: `${p.name}　${p.villageName ?? '无网格'}　监护人：${p.guardianName || '未登记'}`, disabled: !p.guardianName }));
  const allLabel = { grid: '全部村（社区）', released: '全部在册帮教对象', guardian: '全部登记了监护人的在册患者', frontage: '' }[kind];
  const ready = kind === 'frontage' ? parties.some((p) => p.name || p.address || p.person) : all || ids.length > 0;

  const write = async (format: 'pdf' | 'docx') => {
    const info = LETTER_KIND_INFO[kind];
    const name = `${town.name}${info.label}${date.format('YYYYMMDD')}.${format}`;
    const path = await window.api.pickSaveFile(name, [format === 'pdf' ? { name: 'PDF 文件', extensions: ['pdf'] } : { name: 'Word 文档', extensions: ['docx'] }]);
    if (!path) return;
    const input: ChannelInput<'letter.write'> = {
      kind,
      format,
      path,
      date: date.format('YYYY-MM-DD'),
      ...(kind === 'frontage'
        ? { parties: parties.filter((p) => p.name || p.address || p.person).map((p) => ({ name: p.name, address: p.address, person: p.person, villageId: p.villageId })) }
        : all
          ? { all: true }
          : { ids }),
    };
    try {
      const r = await job.run('letter', (jobId) => call('letter.write', input, { jobId }));
      modal.success({
        title: '文书已生成',
        content: (
          <div data-testid="letter-done">
            共 {r.letters} 份{r.pages !== null ? `，${r.pages} 页` : ''}，已保存到：
            <br />
            <code style={{ wordBreak: 'break-all' }}>{r.path}</code>
            {format === 'pdf' ? <PdfActions path={r.path} /> : null}
          </div>
        ),
      });
    } catch (err) {
      if (isCancelled(err)) return;
      modal.error({ title: '生成失败', content: <div data-testid="letter-error">{errorMessage(err)}</div> });
    }
  };

  return (
    <div data-testid="letters-page">
      <div className="page-head">
        <h1 className="page-title">文书打印</h1>
      </div>
      <Segmented<LetterKind>
        value={kind}
        onChange={setKind}
        options={LETTER_KINDS.map((k) => ({ value: k, label: LETTER_KIND_INFO[k].label }))}
        data-testid="letter-kind"
        style={{ marginBottom: 12 }}
      />
      {templates.error ? <Alert type="error" showIcon title={templates.error} style={{ marginBottom: 12 }} /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(320px, 2fr)', gap: 12, alignItems: 'start' }}>
        {template ? <TemplateEditor template={template} onChanged={onTemplate} /> : <Card size="small" loading />}
        <Card size="small" title="生成文书">
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {kind === 'frontage' ? (
              <div data-testid="letter-parties">
                {parties.map((p, i) => (
                  <Space key={i} wrap style={{ marginBottom: 6 }}>
                    <Input placeholder="商户名称" value={p.name} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} style={{ width: 140 }} data-testid={`party-name-${i}`} />
                    <Input placeholder="经营地址" value={p.address} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, address: e.target.value } : x)))} style={{ width: 160 }} data-testid={`party-address-${i}`} />
                    <Input placeholder="负责人" value={p.person} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, person: e.target.value } : x)))} style={{ width: 90 }} data-testid={`party-person-${i}`} />
                    <Select
                      placeholder="甲方：镇"
                      allowClear
                      value={p.villageId ?? undefined}
                      onChange={(v?: number) => setParties(parties.map((x, j) => (j === i ? { ...x, villageId: v ?? null } : x)))}
                      options={(villages.value ?? []).map((v) => ({ value: v.id, label: `甲方：${v.name}` }))}
                      style={{ width: 150 }}
                    />
                    <Button icon={<DeleteOutlined />} onClick={() => setParties(parties.length > 1 ? parties.filter((_, j) => j !== i) : [emptyParty()])} aria-label="删除此商户" />
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => setParties([...parties, emptyParty()])} data-testid="party-add">
                  添加商户
                </Button>
              </div>
            ) : (
              <>
                <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="letter-all">
                  {allLabel}
                </Checkbox>
                <Select
                  mode="multiple"
                  disabled={all}
                  value={ids}
                  onChange={setIds}
                  options={options}
                  optionFilterProp="label"
                  placeholder={{ grid: '选择村（社区）', released: '选择帮教对象', guardian: '选择患者' }[kind]}
                  style={{ width: '100%' }}
                  loading={villages.loading || released.loading || patients.loading}
                  data-testid="letter-targets"
                />
              </>
            )}
            <Space>
              签订日期
              <DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} data-testid="letter-date" />
            </Space>
            <Space>
              <Button type="primary" icon={<FilePdfOutlined />} disabled={!ready} onClick={() => void write('pdf')} loading={job.running} data-testid="letter-write-pdf">
                生成 PDF
              </Button>
              <Button icon={<FileWordOutlined />} disabled={!ready} onClick={() => void write('docx')} loading={job.running} data-testid="letter-write-docx">
                生成 Word
              </Button>
            </Space>
            <div className="muted">一次可生成多份：每个对象一份，依次排在同一个文件中，每份从新的一页开始。</div>
          </div>
        </Card>
      </div>
      {job.running ? (
        <Modal open title="正在生成文书" closable={false} mask={{ closable: false }} footer={<Button onClick={job.cancel}>取消</Button>} width={420}>
          <Progress percent={progressPercent(job.progress)} status="active" />
          <div className="muted">{job.progress ? job.progress.stage : '正在准备…'}</div>
        </Modal>
      ) : null}
    </div>
  );
}
