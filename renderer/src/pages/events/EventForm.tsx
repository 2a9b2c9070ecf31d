// 新建事件: source, category, place (village, grid, optional point), title and description, 涉及人数, the parties
// (residents picked from the register, or typed), the reporter, and files to attach. The core checks everything.
import { DeleteOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { eventSourceTable } from '../../../../shared/codes/event';
import { call, errorMessage } from '../../api';
import { applyProblems, CodeSelect, DateField, todayString } from '../../components/fields';
import { useLoad } from '../../components/ledger/common';
import { ResidentPicker, staffLabel, useStaff } from '../../components/ledger/pickers';
import { GridSelect, useGridTree, VillageSelect } from '../../gridData';

interface PartyRow {
  residentId?: number | null;
  name?: string;
  phone?: string;
  role?: string;
}

interface Values {
  source: string;
  category: string;
  villageId: number;
  gridId?: number | null;
  place?: string;
  title: string;
  description?: string;
  involved?: number;
  reportedOn: string;
  reporterStaffId?: number | null;
  reporterName?: string;
  lon?: number | null;
  lat?: number | null;
  parties?: PartyRow[];
}

const fileFilter = [{ name: '照片或文档', extensions: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'pdf', 'doc', 'docx', 'xls', 'xlsx'] }];

export function EventForm({ onDone, onCancel, sourceRecordId }: { onDone: (id: number) => void; onCancel: () => void; sourceRecordId?: number }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { tree } = useGridTree();
  const staff = useStaff();
  const categories = useLoad(() => call('eventCategory.list', {}), []);
  const [files, setFiles] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const villageId = Form.useWatch('villageId', form);

  const pick = async () => {
    const path = await window.api.pickOpenFile(fileFilter);
    if (path) setFiles((f) => [...f, path]);
  };

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const e = await call('event.create', {
        source: v.source,
        category: v.category,
        villageId: v.villageId,
        gridId: v.gridId ?? null,
        place: v.place ?? '',
        title: v.title ?? '',
        description: v.description ?? '',
        involved: v.involved ?? 1,
        reportedOn: v.reportedOn,
        reporterStaffId: v.reporterStaffId ?? null,
        reporterName: v.reporterName ?? '',
        lon: v.lon ?? null,
        lat: v.lat ?? null,
        sourceRecordId: sourceRecordId ?? null,
        parties: (v.parties ?? []).map((p) => ({ ...(p.residentId ? { residentId: p.residentId } : {}), name: p.name ?? '', phone: p.phone ?? '', role: p.role ?? '' })),
        attachments: files,
      });
      message.success(`事件 ${e.number} 已上报`);
      onDone(e.id);
    } catch (err) {
      applyProblems(form, err);
      message.error({ content: <span data-testid="event-form-error">{errorMessage(err)}</span> });
    } finally {
      setBusy(false);
    }
  };

  const categoryOptions = [
    { label: '矛盾纠纷', options: (categories.value ?? []).filter((c) => c.kind === 'dispute').map((c) => ({ value: c.code, label: c.name })) },
    { label: '其他事件', options: (categories.value ?? []).filter((c) => c.kind === 'event').map((c) => ({ value: c.code, label: c.name })) },
  ];

  return (
    <div data-testid="event-form">
      <div className="page-head">
        <h1 className="page-title">新建事件</h1>
      </div>
      {sourceRecordId ? <Alert type="info" showIcon title={`由走访记录 #${sourceRecordId} 发现的问题生成事件`} style={{ marginBottom: 12, maxWidth: 980 }} data-testid="event-from-visit" /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ source: '01', reportedOn: todayString(), involved: 1, parties: [] }} style={{ maxWidth: 980 }}>
        <Card size="small" title="基本情况" style={{ marginBottom: 12 }}>
          <Space wrap size={16} align="start">
            <Form.Item name="source" label="事件来源" rules={[{ required: true, message: '请选择事件来源' }]} style={{ width: 160 }}>
              <CodeSelect table={eventSourceTable} allowClear={false} />
            </Form.Item>
            <Form.Item name="category" label="事件类别" rules={[{ required: true, message: '请选择事件类别' }]} style={{ width: 200 }}>
              <Select options={categoryOptions} showSearch={{ optionFilterProp: 'label' }} placeholder="请选择事件类别" data-testid="event-category" />
            </Form.Item>
            <Form.Item name="reportedOn" label="上报日期" rules={[{ required: true, message: '请填写上报日期' }]} style={{ width: 160 }}>
              <DateField allowClear={false} />
            </Form.Item>
            <Form.Item name="involved" label="涉及人数" style={{ width: 110 }}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Space>
          <Form.Item name="title" label="事件标题" rules={[{ required: true, message: '请填写事件标题' }]}>
            <Input maxLength={60} showCount placeholder="如：宅基地边界争议" />
          </Form.Item>
          <Form.Item name="description" label="事件描述">
            <Input.TextArea rows={3} maxLength={2000} placeholder="起因、经过、诉求" />
          </Form.Item>
        </Card>
        <Card size="small" title="发生地点与上报人" style={{ marginBottom: 12 }}>
          <Space wrap size={16} align="start">
            <Form.Item name="villageId" label="村（社区）" rules={[{ required: true, message: '请选择村（社区）' }]} style={{ width: 180 }}>
              <VillageSelect tree={tree} onChange={() => form.setFieldValue('gridId', null)} />
            </Form.Item>
            <Form.Item name="gridId" label="网格" style={{ width: 220 }}>
              <GridSelect tree={tree} villageId={villageId} />
            </Form.Item>
            <Form.Item name="place" label="事发地点" style={{ width: 260 }}>
              <Input maxLength={100} placeholder="如：柳河村 3 组 12 号门前" />
            </Form.Item>
            <Form.Item name="lon" label="经度（可选）" style={{ width: 130 }}>
              <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="lat" label="纬度（可选）" style={{ width: 130 }}>
              <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Space>
          <Space wrap size={16} align="start">
            <Form.Item name="reporterStaffId" label="上报网格员" style={{ width: 280 }}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="选择网格员" options={staff.map((s) => ({ value: s.id, label: staffLabel(s) }))} />
            </Form.Item>
            <Form.Item name="reporterName" label="上报人（非网格员时填写）" style={{ width: 220 }}>
              <Input maxLength={30} placeholder="来访群众、来电人" />
            </Form.Item>
          </Space>
        </Card>
        <Card size="small" title="当事人" style={{ marginBottom: 12 }}>
          <Form.List name="parties">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap data-testid={`party-${i}`} style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'residentId']} label={i === 0 ? '从实有人口中选择' : undefined} style={{ width: 240 }}>
                      <ResidentPicker placeholder="姓名、拼音首字母或身份证号" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} label={i === 0 ? '或填写姓名' : undefined} style={{ width: 140 }}>
                      <Input maxLength={30} placeholder="姓名" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'phone']} label={i === 0 ? '联系电话' : undefined} style={{ width: 160 }}>
                      <Input maxLength={40} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'role']} label={i === 0 ? '身份' : undefined} style={{ width: 130 }}>
                      <Select options={['当事人', '对方当事人', '反映人', '其他'].map((v) => ({ value: v, label: v }))} placeholder="当事人" allowClear />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} style={{ marginTop: i === 0 ? 30 : 0 }} aria-label="删除当事人" />
                  </Space>
                ))}
                <div>
                  <Button icon={<PlusOutlined />} onClick={() => add({ role: '当事人' })} data-testid="party-add">
                    添加当事人
                  </Button>
                </div>
              </>
            )}
          </Form.List>
        </Card>
        <Card size="small" title="附件（照片、文档，每个不超过 5 MB，最多 20 个）" style={{ marginBottom: 12 }}>
          <Space direction="vertical">
            {files.map((f, i) => (
              <Space key={`${f}-${i}`}>
                <PaperClipOutlined />
                <span>{f.split(/[\\/]/).pop()}</span>
                <Button size="small" type="link" onClick={() => setFiles((all) => all.filter((_, j) => j !== i))}>
                  移除
                </Button>
              </Space>
            ))}
            <Button icon={<PaperClipOutlined />} onClick={() => void pick()}>
              选择文件
            </Button>
          </Space>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="event-submit">
            上报
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </Space>
      </Form>
    </div>
  );
}
