// The record forms: 帮教记录, 随访记录 (with the structured items of the 随访服务记录表 and the suggested
// 下次随访日期), 走访记录 for a resident or a household, and the 低保 复核. One dialog, the fields by kind.
import { Alert, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  followUpClassTable, hospitalizationTable, lockingTable, lowIncomeExitReasonTable, medicationTable, RECORD_METHODS, RISK_LEVEL_HINTS,
  RISK_LEVELS, type RiskLevel,
} from '../../../../shared/codes/ledger';
import type { ChannelOutput } from '../../../../shared/contract';
import type { RecordInput } from '../../../../shared/contract/records';
import { call, errorMessage } from '../../api';
import { applyProblems, CodeSelect, DateField, todayString } from '../fields';
import { riskHex, yuan } from './common';
import { resolveStaff, StaffNameInput, useStaff } from './pickers';

export type RecordTarget =
  | { kind: 'help'; releasedPersonId: number; subject: string; purpose?: string }
  | { kind: 'followUp'; patientId: number; subject: string; lastRisk?: number | null; purpose?: string }
  | { kind: 'visit'; residentId?: number | null; householdId?: number | null; subject: string; householdSubject?: string }
  | { kind: 'review'; lowIncomeId: number; subject: string; currentAmount: number; purpose?: string };

export type RecordResult = ChannelOutput<'record.add'>;

const titles = { help: '帮教记录', followUp: '随访记录', visit: '走访记录', review: '低保复核' } as const;

interface Values {
  date: string;
  method: string;
  staff?: string;
  content?: string;
  risk?: number;
  medication?: string;
  followUpClass?: string;
  hospitalization?: string;
  locking?: string | null;
  nextFollowUpOn?: string | null;
  result?: string;
  newAmount?: number | null;
  exitReason?: string | null;
  visitTarget?: 'resident' | 'household';
}

export function riskOptions() {
  return RISK_LEVELS.map((r) => ({
    value: r,
    label: (
      <span>
        <span style={{ color: riskHex[r], fontWeight: 600, marginRight: 6 }}>{r} 级</span>
        <span className="muted" style={{ fontSize: 12 }}>
          {RISK_LEVEL_HINTS[r]}
        </span>
      </span>
    ),
    title: `${r} 级：${RISK_LEVEL_HINTS[r]}`,
  }));
}

export function RecordDialog({ target, onCancel, onDone }: { target: RecordTarget; onCancel: () => void; onDone: (r: RecordResult) => void }) {
  const [form] = Form.useForm<Values>();
  const staff = useStaff();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [latest, setLatest] = useState<string | null>(null);
  const date = Form.useWatch('date', form);
  const cls = Form.useWatch('followUpClass', form);
  const result = Form.useWatch('result', form);
  const risk = Form.useWatch('risk', form);

  // 下次随访日期 follows the rule whenever the date or the class changes.
  useEffect(() => {
    if (target.kind !== 'followUp' || !date || cls === undefined || cls === null) return;
    let live = true;
    call('record.suggestNextFollowUp', { date, followUpClass: cls })
      .then((s) => {
        if (!live) return;
        setLatest(s.latest);
        form.setFieldValue('nextFollowUpOn', s.date);
      })
      .catch(() => live && setLatest(null));
    return () => {
      live = false;
    };
  }, [target.kind, date, cls, form]);

  const defaults: Values = {
    date: todayString(),
    method: target.kind === 'help' ? '面谈' : '家访',
    ...(target.kind === 'followUp' ? { followUpClass: '3', risk: target.lastRisk ?? 0, medication: '1', hospitalization: '0', locking: '1' } : {}),
    ...(target.kind === 'review' ? { result: '不变' } : {}),
    ...(target.kind === 'visit' ? { visitTarget: target.residentId ? 'resident' : 'household' } : {}),
  };

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const base = { date: v.date, method: v.method, ...resolveStaff(v.staff, staff), content: v.content ?? '' };
    let input: RecordInput;
    switch (target.kind) {
      case 'help':
        input = { kind: 'help', releasedPersonId: target.releasedPersonId, ...base };
        break;
      case 'followUp':
        input = {
          kind: 'followUp',
          patientId: target.patientId,
          ...base,
          risk: v.risk ?? 0,
          medication: v.medication ?? '',
          followUpClass: v.followUpClass ?? '',
          hospitalization: v.hospitalization ?? '',
          locking: v.locking ?? null,
          nextFollowUpOn: v.nextFollowUpOn ?? null,
        };
        break;
      case 'visit': {
        const toHousehold = v.visitTarget === 'household' || !target.residentId;
        input = { kind: 'visit', residentId: toHousehold ? null : target.residentId, householdId: toHousehold ? target.householdId : null, ...base };
        break;
      }
      case 'review':
        input = {
          kind: 'review',
          lowIncomeId: target.lowIncomeId,
          ...base,
          result: v.result ?? '',
          newAmount: v.result === '增发' || v.result === '减发' ? (v.newAmount ?? null) : null,
          exitReason: v.result === '停发' ? (v.exitReason ?? undefined) : undefined,
        };
        break;
    }
    setSaving(true);
    setError(null);
    try {
      onDone(await call('record.add', input));
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err, {
        date: ['记录日期', '帮教日期', '随访日期', '走访日期', '复核日期'],
        method: ['记录方式'],
        staff: ['经办人'],
        content: ['内容', '帮教内容', '走访情况'],
        risk: ['危险性评估等级'],
        medication: ['服药依从性'],
        followUpClass: ['本次随访分类'],
        hospitalization: ['住院情况'],
        locking: ['关锁情况'],
        nextFollowUpOn: ['下次随访日期'],
        result: ['复核结果'],
        newAmount: ['调整后月保障金额'],
        exitReason: ['退出原因'],
      });
    } finally {
      setSaving(false);
    }
  };

  const contentLabel = { help: '帮教内容', followUp: '随访情况', visit: '走访情况', review: '复核情况' }[target.kind];
  const contentRequired = target.kind === 'help' || target.kind === 'visit';
  const purpose = 'purpose' in target && target.purpose ? `（${target.purpose}）` : '';

  return (
    <Modal
      open
      title={`${titles[target.kind]}：${target.subject}${purpose}`}
      onCancel={onCancel}
      onOk={submit}
      okText="保存记录"
      okButtonProps={{ 'data-testid': 'record-ok' }}
      confirmLoading={saving}
      mask={{ closable: false }}
      width={target.kind === 'followUp' ? 780 : 640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={defaults} className="dense-form" requiredMark="optional" data-testid="record-form">
        <Row gutter={16}>
          {target.kind === 'visit' && target.residentId && target.householdId ? (
            <Col span={24}>
              <Form.Item label="走访对象" name="visitTarget">
                <Radio.Group
                  options={[
                    { value: 'resident', label: `本人（${target.subject}）` },
                    { value: 'household', label: `本户（${target.householdSubject ?? '所在户'}）` },
                  ]}
                />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={8}>
            <Form.Item label={target.kind === 'review' ? '复核日期' : '记录日期'} name="date" rules={[{ required: true, message: '请选择日期' }]}>
              <DateField allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="方式" name="method" rules={[{ required: true, message: '请选择方式' }]}>
              <Radio.Group optionType="button" options={RECORD_METHODS.map((m) => ({ value: m, label: m }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="经办人" name="staff" rules={[{ required: true, whitespace: true, message: '请选择经办人或填写姓名' }]}>
              <StaffNameInput staff={staff} />
            </Form.Item>
          </Col>

          {target.kind === 'followUp' ? (
            <>
              <Col span={12}>
                <Form.Item label="本次随访分类" name="followUpClass" rules={[{ required: true, message: '请选择本次随访分类' }]}>
                  <Radio.Group optionType="button" options={followUpClassTable.entries.map((e) => ({ value: e.code, label: e.label }))} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item
                  label="危险性评估"
                  name="risk"
                  rules={[{ required: true, message: '请选择危险性评估等级' }]}
                  extra={cls === '0' ? '未访到时不评估危险性，患者的危险性保持不变。' : risk !== undefined ? `${risk} 级：${RISK_LEVEL_HINTS[risk as RiskLevel]}` : undefined}
                >
                  <Select options={riskOptions()} disabled={cls === '0'} optionLabelProp="title" data-testid="risk-select" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="服药依从性" name="medication" rules={[{ required: true, message: '请选择服药依从性' }]}>
                  <CodeSelect table={medicationTable} allowClear={false} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="住院情况" name="hospitalization" rules={[{ required: true, message: '请选择住院情况' }]}>
                  <CodeSelect table={hospitalizationTable} allowClear={false} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="关锁情况" name="locking">
                  <CodeSelect table={lockingTable} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  label="下次随访日期"
                  name="nextFollowUpOn"
                  extra={latest ? `按本次分类，最晚 ${latest}；可提前，不能推后` : '按本次随访日期和分类自动填写'}
                >
                  <DateField />
                </Form.Item>
              </Col>
            </>
          ) : null}

          {target.kind === 'review' ? (
            <>
              <Col span={12}>
                <Form.Item label="复核结果" name="result" rules={[{ required: true, message: '请选择复核结果' }]}>
                  <Radio.Group optionType="button" options={['不变', '增发', '减发', '停发'].map((r) => ({ value: r, label: r }))} />
                </Form.Item>
              </Col>
              {result === '增发' || result === '减发' ? (
                <Col span={12}>
                  <Form.Item
                    label="调整后月保障金额"
                    name="newAmount"
                    rules={[{ required: true, message: '请填写调整后月保障金额' }]}
                    extra={`现为 ${yuan(target.currentAmount)} 元`}
                  >
                    <InputNumber min={0} precision={2} step={10} suffix="元" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ) : null}
              {result === '停发' ? (
                <>
                  <Col span={12}>
                    <Form.Item label="退出原因" name="exitReason" rules={[{ required: true, message: '请选择退出原因' }]}>
                      <CodeSelect table={lowIncomeExitReasonTable} />
                    </Form.Item>
                  </Col>
                  <Col span={24}>
                    <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="停发后此户退出低保（停保），不再出现在在保名单和复核待办中。" />
                  </Col>
                </>
              ) : null}
            </>
          ) : null}

          <Col span={24}>
            <Form.Item label={contentLabel} name="content" rules={contentRequired ? [{ required: true, whitespace: true, message: `请填写${contentLabel}` }] : []}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder={target.kind === 'help' ? '例如：了解就业和家庭情况，进行法治教育' : undefined} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {target.kind === 'followUp' && cls === '0' ? (
        <Typography.Paragraph type="secondary">「未访到」表示本次未见到患者，两周内须再次随访。</Typography.Paragraph>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} data-testid="record-error" /> : null}
    </Modal>
  );
}
