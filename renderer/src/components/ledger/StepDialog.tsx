// One small dialog for every ledger step (衔接, 报到, 协议, 分类评估, 安置, 重新犯罪, 状态变更, 年审, 退出 …):
// its fields are described, not hand-written, and a refusal from the core keeps what was typed and shows
// the core's message on the form and on the field it names.
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { CodeTable } from '../../../../shared/codes/table';
import { errorMessage } from '../../api';
import { applyProblems, CodeSelect, DateField } from '../fields';

export type StepField =
  | { type: 'date'; name: string; label: string; required?: boolean; extra?: ReactNode; placeholder?: string }
  | { type: 'code'; name: string; label: string; table: CodeTable; required?: boolean; radio?: boolean; extra?: ReactNode }
  | { type: 'select'; name: string; label: string; options: { value: string; label: string }[]; required?: boolean; radio?: boolean; extra?: ReactNode }
  | { type: 'text'; name: string; label: string; required?: boolean; max?: number; placeholder?: string; extra?: ReactNode }
  | { type: 'textarea'; name: string; label: string; required?: boolean; max?: number; placeholder?: string; extra?: ReactNode }
  | { type: 'number'; name: string; label: string; required?: boolean; min?: number; suffix?: string; extra?: ReactNode }
  | { type: 'check'; name: string; label: string; extra?: ReactNode };

export type StepValues = Record<string, unknown>;

export function StepDialog<T>({ title, intro, fields, initialValues, submit, onCancel, onDone, okText = '保存', danger, width = 520, testId }: {
  title: string;
  intro?: ReactNode;
  fields: StepField[];
  initialValues?: StepValues;
  submit: (values: StepValues) => Promise<T>;
  onCancel: () => void;
  onDone: (result: T) => void;
  okText?: string;
  danger?: boolean;
  width?: number;
  testId?: string;
}) {
  const [form] = Form.useForm<StepValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const onOk = async () => {
    let values: StepValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onDone(await submit(values));
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err, Object.fromEntries(fields.map((f) => [f.name, [f.label, f.label.replace(/（.*?）/g, '')]])));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      onOk={onOk}
      okText={okText}
      okButtonProps={{ danger, 'data-testid': 'step-ok' }}
      confirmLoading={saving}
      mask={{ closable: false }}
      width={width}
      destroyOnHidden
    >
      <div data-testid={testId ?? 'step-dialog'}>
        {intro ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {intro}
          </Typography.Paragraph>
        ) : null}
        <Form form={form} layout="vertical" initialValues={initialValues} className="dense-form" requiredMark="optional">
          {fields.map((f) => (
            <StepFieldItem key={f.name} field={f} />
          ))}
        </Form>
        {error ? <Alert type="error" showIcon title={error} data-testid="step-error" /> : null}
      </div>
    </Modal>
  );
}

function StepFieldItem({ field: f }: { field: StepField }) {
  const rules = 'required' in f && f.required ? [{ required: true, whitespace: true, message: `请填写${f.label.replace(/（.*?）/g, '')}` }] : [];
  switch (f.type) {
    case 'date':
      return (
        <Form.Item label={f.label} name={f.name} rules={f.required ? [{ required: true, message: `请选择${f.label}` }] : []} extra={f.extra}>
          <DateField placeholder={f.placeholder} />
        </Form.Item>
      );
    case 'code':
      return (
        <Form.Item label={f.label} name={f.name} rules={f.required ? [{ required: true, message: `请选择${f.label}` }] : []} extra={f.extra}>
          {f.radio ? (
            <Radio.Group options={f.table.entries.map((e) => ({ value: e.code, label: e.label }))} />
          ) : (
            <CodeSelect table={f.table} />
          )}
        </Form.Item>
      );
    case 'select':
      return (
        <Form.Item label={f.label} name={f.name} rules={f.required ? [{ required: true, message: `请选择${f.label}` }] : []} extra={f.extra}>
          {f.radio ? <Radio.Group options={f.options} /> : <Select options={f.options} placeholder={`请选择${f.label}`} allowClear />}
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item label={f.label} name={f.name} rules={rules} extra={f.extra}>
          <Input maxLength={f.max ?? 200} placeholder={f.placeholder} />
        </Form.Item>
      );
    case 'textarea':
      return (
        <Form.Item label={f.label} name={f.name} rules={rules} extra={f.extra}>
          <Input.TextArea rows={3} maxLength={f.max ?? 500} placeholder={f.placeholder} showCount />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item label={f.label} name={f.name} rules={f.required ? [{ required: true, message: `请填写${f.label}` }] : []} extra={f.extra}>
          <InputNumber min={f.min ?? 0} style={{ width: 200 }} suffix={f.suffix} />
        </Form.Item>
      );
    case 'check':
      return (
        <Form.Item name={f.name} valuePropName="checked" extra={f.extra}>
          <Checkbox>{f.label}</Checkbox>
        </Form.Item>
      );
  }
}
