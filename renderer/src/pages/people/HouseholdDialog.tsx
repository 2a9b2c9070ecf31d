// 新建户 / 修改户: 户号 (optional, assigned when empty), grid, address, tags.
import { Alert, Col, Form, Input, Modal, Row } from 'antd';
import { useState } from 'react';
import { householdTagTable } from '../../../../shared/codes';
import type { GridTree } from '../../../../shared/contract/grid';
import type { Household } from '../../../../shared/contract/people';
import { call, errorMessage } from '../../api';
import { applyProblems, CodeSelect } from '../../components/fields';
import { GridSelect } from '../../gridData';

interface Values {
  number?: string;
  gridId?: number | null;
  address?: string;
  note?: string;
  tags?: string[];
}

export function HouseholdDialog({ tree, household, defaults, onCancel, onDone }: {
  tree: GridTree | null;
  household?: Household | null;
  defaults?: Values;
  onCancel: () => void;
  onDone: (h: Household, created: boolean) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const gridId = Form.useWatch('gridId', form);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const input = { number: v.number?.trim() || undefined, gridId: v.gridId ?? null, address: v.address ?? '', note: v.note ?? '', tags: v.tags ?? [] };
    try {
      const h = household ? await call('household.update', { id: household.id, ...input }) : await call('household.create', input);
      onDone(h, !household);
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err, { number: ['户号'], gridId: ['网格'], address: ['住址'], note: ['备注'], tags: ['户标签'] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={household ? `修改户 ${household.number}` : '新建户'} onCancel={onCancel} onOk={submit} okText="保存" confirmLoading={saving} width={640} mask={{ closable: false }} zIndex={1100}>
      <Form
        form={form}
        layout="vertical"
       
        data-testid="household-form"
        initialValues={household ? { number: household.number, gridId: household.gridId, address: household.address, note: household.note, tags: household.tags } : { tags: [], ...defaults }}
      >
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item label="户号" name="number" extra={household ? undefined : '不填则自动编号'}>
              <Input maxLength={30} className="mono" autoFocus />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item label="所属网格" name="gridId" extra={gridId ? undefined : '未选网格的户列入「无网格住户」'}>
              <GridSelect tree={tree} placeholder="请选择网格" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="住址" name="address" rules={[{ required: true, whitespace: true, message: '请填写住址' }]}>
              <Input maxLength={120} placeholder="例如：东关村三组 12 号" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="户标签（可多选）" name="tags">
              <CodeSelect table={householdTagTable} mode="multiple" placeholder="无" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="备注" name="note">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="dialog-error" /> : null}
    </Modal>
  );
}
