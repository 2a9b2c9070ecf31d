// 登记刑满释放人员: from a 释放通知书 (starts 待衔接, due 待登记衔接) or directly with the 衔接 already done.
// The 帮教期满日 is computed from the 释放日期 and the town's rules while typing, never typed.
import { Alert, Checkbox, Col, Descriptions, Form, Input, Modal, Radio, Row, Segmented } from 'antd';
import { useState } from 'react';
import { handoverTable, originalCrimeTable, releasedClassTable } from '../../../../shared/codes';
import type { ReleasedPersonDetail } from '../../../../shared/contract/ledgers';
import { handoverDue, releasedTermEnd, reportDue } from '../../../../shared/rules/ledgerRules';
import { isValidDate } from '../../../../shared/rules/dates';
import { call, errorMessage } from '../../api';
import { applyProblems, CodeSelect, DateField, todayString } from '../fields';
import { useRules } from './common';
import { ResidentPicker, type PickedResident } from './pickers';

interface Values {
  residentId?: number | null;
  noticeReceivedOn?: string | null;
  prison?: string;
  crime?: string | null;
  sentence?: string;
  releaseDate?: string | null;
  recidivist?: boolean;
  endedInCorrection?: boolean;
  handoverOn?: string | null;
  handoverCode?: string | null;
  class?: string;
  note?: string;
}

export function ReleasedRegisterDialog({ resident, onCancel, onDone }: {
  resident?: PickedResident | null;
  onCancel: () => void;
  onDone: (e: ReleasedPersonDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const rules = useRules();
  const [mode, setMode] = useState<'notice' | 'direct'>('notice');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const release = Form.useWatch('releaseDate', form);
  const notice = Form.useWatch('noticeReceivedOn', form);
  const corrected = Form.useWatch('endedInCorrection', form);
  const handoverOn = Form.useWatch('handoverOn', form);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const e = await call('released.register', {
        residentId: v.residentId ?? 0,
        noticeReceivedOn: mode === 'notice' ? (v.noticeReceivedOn ?? null) : null,
        prison: v.prison ?? '',
        crime: v.crime ?? null,
        sentence: v.sentence ?? '',
        releaseDate: v.releaseDate ?? '',
        recidivist: Boolean(v.recidivist),
        endedInCorrection: Boolean(v.endedInCorrection),
        handoverOn: mode === 'direct' ? (v.handoverOn ?? null) : null,
        handoverCode: mode === 'direct' ? (v.handoverCode ?? null) : null,
        class: v.class ?? 'general',
        note: v.note ?? '',
      });
      onDone(e);
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err, {
        residentId: ['人员'],
        noticeReceivedOn: ['通知书收到日期'],
        prison: ['服刑场所'],
        crime: ['原罪名'],
        sentence: ['原判刑期'],
        releaseDate: ['释放日期'],
        handoverOn: ['衔接日期'],
        handoverCode: ['衔接情况'],
        class: ['帮教分类'],
      });
    } finally {
      setSaving(false);
    }
  };

  const okRelease = release && isValidDate(release);
  const termEnd = okRelease && rules ? releasedTermEnd(release, Boolean(corrected), rules) : null;
  const computed = [
    { key: 'term', label: '帮教期满日（自动计算）', children: termEnd ? <b data-testid="computed-term-end">{termEnd}</b> : <span className="muted">填写释放日期后计算</span> },
    { key: 'report', label: '报到期限', children: okRelease && rules ? reportDue(release, rules) : '' },
    ...(mode === 'notice'
      ? [{ key: 'handover', label: '登记衔接期限', children: notice && rules ? handoverDue(notice, rules) : '' }]
      : [{ key: 'status', label: '登记后状态', children: handoverOn ? '在册帮教' : '待衔接' }]),
  ];

  return (
    <Modal
      open
      title="登记刑满释放人员"
      onCancel={onCancel}
      onOk={submit}
      okText="登记"
      okButtonProps={{ 'data-testid': 'register-ok' }}
      confirmLoading={saving}
      width={800}
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" className="dense-form" requiredMark="optional" initialValues={{ residentId: resident?.id, class: 'general', recidivist: false, endedInCorrection: false, noticeReceivedOn: todayString() }} data-testid="released-register-form">
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item label="人员" name="residentId" rules={[{ required: true, message: '请选择在册人员（先在「实有人口」中登记）' }]}>
              <ResidentPicker initial={resident} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item label="登记方式">
              <Segmented
                value={mode}
                onChange={(m) => setMode(m as 'notice' | 'direct')}
                options={[
                  { value: 'notice', label: '按释放通知书' },
                  { value: 'direct', label: '直接登记' },
                ]}
                data-testid="register-mode"
              />
            </Form.Item>
          </Col>
          {mode === 'notice' ? (
            <Col span={8}>
              <Form.Item label="通知书收到日期" name="noticeReceivedOn" rules={[{ required: true, message: '请选择通知书收到日期' }]}>
                <DateField />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={mode === 'notice' ? 16 : 24}>
            <Form.Item label="服刑场所" name="prison">
              <Input maxLength={60} placeholder="例如：江苏省南京监狱" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="原罪名" name="crime">
              <CodeSelect table={originalCrimeTable} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="原判刑期" name="sentence">
              <Input maxLength={30} placeholder="例如：3年6个月" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="释放日期" name="releaseDate" rules={[{ required: true, message: '请选择释放日期' }]}>
              <DateField />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="recidivist" valuePropName="checked">
              <Checkbox>累犯</Checkbox>
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="endedInCorrection" valuePropName="checked">
              <Checkbox>刑期在社区矫正中结束（帮教期按社区矫正计算）</Checkbox>
            </Form.Item>
          </Col>
          {mode === 'direct' ? (
            <>
              <Col span={8}>
                <Form.Item label="衔接日期" name="handoverOn">
                  <DateField placeholder="未衔接不填" />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item
                  label="衔接情况"
                  name="handoverCode"
                  dependencies={['handoverOn']}
                  rules={[({ getFieldValue }) => ({ validator: (_r, v) => (getFieldValue('handoverOn') && !v ? Promise.reject(new Error('填写了衔接日期，请选择衔接情况')) : Promise.resolve()) })]}
                >
                  <CodeSelect table={handoverTable} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col span={24}>
            <Form.Item label="帮教分类" name="class">
              <Radio.Group optionType="button" options={releasedClassTable.entries.map((e) => ({ value: e.code, label: e.label }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="备注" name="note">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Descriptions size="small" bordered column={3} items={computed} style={{ marginBottom: 12 }} />
      {error ? <Alert type="error" showIcon title={error} data-testid="register-error" /> : null}
    </Modal>
  );
}
