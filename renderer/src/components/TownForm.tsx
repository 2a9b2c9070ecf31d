// Town name + 12-digit 统计用区划代码, used by first-run setup and by 设置.
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import type { Town, TownInput } from '../../../shared/contract/town';
import { checkTownCode, townshipKind } from '../../../shared/rules/regionCode';
import { errorMessage } from '../api';
import { applyProblems } from './fields';

interface Props {
  initial?: TownInput;
  submitText: string;
  onSubmit: (input: TownInput) => Promise<Town>;
  onDone: (town: Town) => void;
}

export function TownForm({ initial, submitText, onSubmit, onDone }: Props) {
  const [form] = Form.useForm<TownInput>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const code = Form.useWatch('code', form) ?? '';
  const check = code ? checkTownCode(code) : null;

  const submit = async (values: TownInput) => {
    setSaving(true);
    setError(null);
    try {
      onDone(await onSubmit(values));
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark="optional">
      <Form.Item label="乡镇（街道）名称" name="name" rules={[{ required: true, message: '请填写乡镇名称' }]}>
        <Input placeholder="例如：城关镇" maxLength={30} autoFocus />
      </Form.Item>
      <Form.Item
        label="统计用区划代码（12位）"
        name="code"
        rules={[
          { required: true, message: '请填写统计用区划代码' },
          {
            validator: (_r, value: string) => {
              if (!value) return Promise.resolve();
              const c = checkTownCode(value);
              return c.ok ? Promise.resolve() : Promise.reject(new Error(c.reason));
            },
          },
        ]}
        extra={
          check && !check.ok
            ? undefined
            : check?.ok
            ? `识别为：${townshipKind(check.code)}，县级代码 ${check.code.slice(0, 6)}，乡镇代码 ${check.code.slice(6, 9)}`
            : '前6位为县级代码，7–9位为乡镇代码，末3位为 000。可在国家统计局公布的统计用区划代码中查到。'
        }
      >
        <Input placeholder="例如：320121100000" maxLength={14} inputMode="numeric" />
      </Form.Item>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="town-form-error" /> : null}
      <Button type="primary" htmlType="submit" loading={saving} block>
        {submitText}
      </Button>
    </Form>
  );
}
