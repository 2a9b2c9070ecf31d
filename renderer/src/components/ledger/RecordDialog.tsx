// The record forms: 帮教记录, 随访记录 (with the structured items of the 随访服务记录表 and the suggested
// 下次随访日期), 走访记录 for a resident or a household, and the 低保 复核. One FormDialog, the fields by kind,
// validated by record.add's own schema.
import { Alert, Form, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  followUpClassTable, hospitalizationTable, lockingTable, lowIncomeExitReasonTable, medicationTable, RECORD_METHODS, REVIEW_RESULTS, RISK_LEVEL_HINTS,
  RISK_LEVELS, type RiskLevel,
} from '../../../../shared/codes/ledger';
import type { ChannelOutput } from '../../../../shared/contract';
import type { RecordInput } from '../../../../shared/contract/records';
import { call } from '../../api';
import { labelOf } from '../../../../shared/codes/table';
import { followUpClassForRisk, followUpClassRefusal } from '../../../../shared/rules/ledgerRules';
import type { FollowUpClass } from '../../../../shared/codes/ledger';
import { todayString } from '../fields';
import { FormDialog, type FieldDescriptor, type FormValues } from '../form/FormDialog';
import { riskHex, yuan } from './common';
import { resolveStaff, useStaff } from './pickers';

export type RecordTarget =
  | { kind: 'help'; releasedPersonId: number; subject: string; purpose?: string }
  | { kind: 'followUp'; patientId: number; subject: string; lastRisk?: number | null; purpose?: string }
  | { kind: 'visit'; residentId?: number | null; householdId?: number | null; subject: string; householdSubject?: string }
  | { kind: 'review'; lowIncomeId: number; subject: string; currentAmount: number; purpose?: string };

export type RecordResult = ChannelOutput<'record.add'>;

const titles = { help: '帮教记录', followUp: '随访记录', visit: '走访记录', review: '低保复核' } as const;
const contentLabels = { help: '帮教内容', followUp: '随访情况', visit: '走访情况', review: '复核情况' } as const;

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

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const changesAmount = (v: FormValues) => v.result === '增发' || v.result === '减发';

/** The 本次随访分类 check both record forms share: never milder than the 危险性 allows. */
export function followUpClassCheck(v: FormValues): string | null {
  const risk = num(v.risk);
  const cls = str(v.followUpClass);
  return risk === null || !cls ? null : followUpClassRefusal(risk, cls as FollowUpClass);
}

/** The 随访服务记录表 items of a 随访. */
function followUpFields(latest: string | null): FieldDescriptor[] {
  return [
    {
      kind: 'code', name: 'followUpClass', label: '本次随访分类', table: followUpClassTable, as: 'buttons', required: true, span: 12,
      // Proposed from the 危险性 (see onValuesChange); worse is allowed, milder is refused here and by the core.
      dependencies: ['risk'], check: followUpClassCheck, help: (v) => (typeof v.risk === 'number' && v.followUpClass !== '0' ? `按危险性 ${v.risk} 级建议：${labelOf(followUpClassTable, followUpClassForRisk(v.risk))}（可评得更重，不能更轻）` : undefined),
      testId: 'follow-up-class',
    },
    {
      kind: 'choice',
      name: 'risk',
      label: '危险性评估',
      options: riskOptions(),
      optionLabelProp: 'title',
      required: '请选择危险性评估等级',
      disabled: (v) => v.followUpClass === '0',
      help: (v) => (v.followUpClass === '0' ? '未访到时不评估危险性，患者的危险性保持不变。' : typeof v.risk === 'number' ? `${v.risk} 级：${RISK_LEVEL_HINTS[v.risk as RiskLevel]}` : undefined),
      testId: 'risk-select',
    },
    { kind: 'code', name: 'medication', label: '服药依从性', table: medicationTable, allowClear: false, required: true, span: 8 },
    { kind: 'code', name: 'hospitalization', label: '住院情况', table: hospitalizationTable, allowClear: false, required: true, span: 8 },
    { kind: 'code', name: 'locking', label: '关锁情况', table: lockingTable, span: 8 },
    { kind: 'date', name: 'nextFollowUpOn', label: '下次随访日期', span: 12, help: latest ? `按本次分类，最晚 ${latest}；可提前，不能推后` : '按本次随访日期和分类自动填写' },
  ];
}

/** The 复核 result, with the new amount or the exit reason it needs. */
function reviewFields(currentAmount: number): FieldDescriptor[] {
  return [
    { kind: 'choice', name: 'result', label: '复核结果', options: REVIEW_RESULTS.map((r) => ({ value: r, label: r })), as: 'buttons', required: true, span: 12 },
    {
      kind: 'number', name: 'newAmount', label: '调整后月保障金额', precision: 2, step: 10, suffix: '元', required: true, span: 12,
      show: changesAmount, help: `现为 ${yuan(currentAmount)} 元`,
    },
    { kind: 'code', name: 'exitReason', label: '退出原因', table: lowIncomeExitReasonTable, required: true, span: 12, show: (v) => v.result === '停发' },
    {
      kind: 'note',
      name: 'exitWarning',
      show: (v) => v.result === '停发',
      render: () => <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="停发后此户退出低保（停保），不再出现在在保名单和复核待办中。" />,
    },
  ];
}

export function RecordDialog({ target, onCancel, onDone }: { target: RecordTarget; onCancel: () => void; onDone: (r: RecordResult) => void }) {
  const [form] = Form.useForm<FormValues>();
  const staff = useStaff();
  const [latest, setLatest] = useState<string | null>(null);
  const date = Form.useWatch('date', form) as string | undefined;
  const cls = Form.useWatch('followUpClass', form) as string | undefined;

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

  const defaults: FormValues = {
    date: todayString(),
    method: target.kind === 'help' ? '面谈' : '家访',
    ...(target.kind === 'followUp' ? { followUpClass: followUpClassForRisk(target.lastRisk ?? 0), risk: target.lastRisk ?? 0, medication: '1', hospitalization: '0', locking: '1' } : {}),
    ...(target.kind === 'review' ? { result: '不变' } : {}),
    ...(target.kind === 'visit' ? { visitTarget: target.residentId ? 'resident' : 'household' } : {}),
  };

  const toInput = (v: FormValues): RecordInput => {
    const base = { date: str(v.date), method: str(v.method), ...resolveStaff(str(v.staff), staff), content: str(v.content) };
    switch (target.kind) {
      case 'help':
        return { kind: 'help', releasedPersonId: target.releasedPersonId, ...base };
      case 'followUp':
        return {
          kind: 'followUp', patientId: target.patientId, ...base, risk: num(v.risk) ?? 0, medication: str(v.medication), followUpClass: str(v.followUpClass),
          hospitalization: str(v.hospitalization), locking: str(v.locking) || null, nextFollowUpOn: str(v.nextFollowUpOn) || null,
        };
      case 'visit': {
        const toHousehold = v.visitTarget === 'household' || !target.residentId;
        return { kind: 'visit', residentId: toHousehold ? null : target.residentId, householdId: toHousehold ? target.householdId : null, ...base };
      }
      case 'review':
        return {
          kind: 'review', lowIncomeId: target.lowIncomeId, ...base, result: str(v.result),
          newAmount: changesAmount(v) ? num(v.newAmount) : null, exitReason: v.result === '停发' ? str(v.exitReason) || undefined : undefined,
        };
    }
  };

  const fields: FieldDescriptor[] = [
    ...(target.kind === 'visit' && target.residentId && target.householdId
      ? [{
          kind: 'choice', name: 'visitTarget', label: '走访对象', path: ['residentId', 'householdId'], as: 'radio',
          options: [{ value: 'resident', label: `本人（${target.subject}）` }, { value: 'household', label: `本户（${target.householdSubject ?? '所在户'}）` }],
        } satisfies FieldDescriptor]
      : []),
    { kind: 'date', name: 'date', label: target.kind === 'review' ? '复核日期' : '记录日期', required: '请选择日期', allowClear: false, span: 8 },
    { kind: 'choice', name: 'method', label: '方式', options: RECORD_METHODS.map((m) => ({ value: m, label: m })), as: 'buttons', required: '请选择方式', span: 16 },
    { kind: 'staff', name: 'staff', label: '经办人', path: ['staffName', 'staffId'], staff, required: '请选择经办人或填写姓名', span: 12 },
    ...(target.kind === 'followUp' ? followUpFields(latest) : []),
    ...(target.kind === 'review' ? reviewFields(target.currentAmount) : []),
    {
      kind: 'textarea', name: 'content', label: contentLabels[target.kind], max: 2000, required: target.kind === 'help' || target.kind === 'visit',
      placeholder: target.kind === 'help' ? '例如：了解就业和家庭情况，进行法治教育' : undefined,
    },
  ];
  const purpose = 'purpose' in target && target.purpose ? `（${target.purpose}）` : '';

  return (
    <FormDialog
      form={form}
      title={`${titles[target.kind]}：${target.subject}${purpose}`}
      fields={fields}
      initialValues={defaults}
      channel="record.add"
      toInput={toInput}
      onCancel={onCancel}
      onDone={onDone}
      onValuesChange={(changed, _all, f) => {
        // 本次随访分类 follows the 危险性 (3–5 不稳定, 1–2 基本稳定, 0 稳定); staff may then choose a worse one.
        if (target.kind === 'followUp' && typeof changed.risk === 'number' && f.getFieldValue('followUpClass') !== '0') f.setFieldValue('followUpClass', followUpClassForRisk(changed.risk));
      }}
      okText="保存记录"
      width={target.kind === 'followUp' ? 780 : 640}
      footer={(v) => (target.kind === 'followUp' && v.followUpClass === '0' ? <Typography.Paragraph type="secondary">「未访到」表示本次未见到患者，两周内须再次随访。</Typography.Paragraph> : null)}
      testIds={{ dialog: 'record-dialog', form: 'record-form', ok: 'record-ok', error: 'record-error' }}
    />
  );
}
