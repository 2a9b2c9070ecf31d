// 更正 and 作废 of a record, from the record tables and the timeline: the 更正 form starts from the stored record and
// sends record.correct (the reason required); 作废 asks only the reason. Both are FormDialog descriptors, so the
// channel's own schema validates them and closing with typed input asks first.
import { Button, Space } from 'antd';
import { useState } from 'react';
import { followUpClassTable, hospitalizationTable, lockingTable, medicationTable, RECORD_METHODS, REVIEW_RESULTS } from '../../../../shared/codes/ledger';
import type { ChannelInput, ChannelOutput } from '../../../../shared/contract';
import { recordKindLabels, type RecordRow } from '../../../../shared/contract/records';
import { followUpClassForRisk } from '../../../../shared/rules/ledgerRules';
import { call, errorMessage } from '../../api';
import { FormDialog, type FieldDescriptor, type FormValues } from '../form/FormDialog';
import { followUpClassCheck, riskOptions } from './RecordDialog';
import { resolveStaff, useStaff } from './pickers';

const recordTitle = (r: RecordRow) => (r.kind === 'visit' && r.ledger === 'patient' && r.content.startsWith('以奖代补年审') ? '以奖代补年审' : recordKindLabels[r.kind]);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const reasonField = (label: string): FieldDescriptor => ({
  kind: 'textarea', name: 'reason', label, max: 200, rows: 2, required: `请填写${label}`, testId: 'revision-reason',
});

export function CorrectRecordDialog({ record: r, onCancel, onDone }: { record: RecordRow; onCancel: () => void; onDone: (r: RecordRow) => void }) {
  const staff = useStaff();
  const followUp = r.kind === 'followUp';
  const review = r.kind === 'review';
  const initialValues: FormValues = {
    date: r.date, method: r.method, staff: r.staffName, content: r.content, risk: r.risk ?? undefined, followUpClass: r.followUpClass ?? undefined,
    medication: r.medication ?? undefined, hospitalization: r.hospitalization ?? undefined, locking: r.locking ?? undefined, nextFollowUpOn: r.nextFollowUpOn ?? undefined,
    result: r.reviewResult ?? undefined, newAmount: r.newAmount ?? undefined,
  };
  const fields: FieldDescriptor[] = [
    { kind: 'date', name: 'date', label: '日期', required: '请选择日期', allowClear: false, span: 8 },
    { kind: 'choice', name: 'method', label: '方式', options: RECORD_METHODS.map((m) => ({ value: m, label: m })), as: 'buttons', required: '请选择方式', span: 16 },
    { kind: 'staff', name: 'staff', label: '经办人', path: ['staffName', 'staffId'], staff, span: 12 },
    ...(followUp
      ? ([
          {
            kind: 'code', name: 'followUpClass', label: '本次随访分类', table: followUpClassTable, as: 'buttons', required: true, span: 12,
            dependencies: ['risk'], check: followUpClassCheck,
          },
          { kind: 'choice', name: 'risk', label: '危险性评估', options: riskOptions(), optionLabelProp: 'title', disabled: (v) => v.followUpClass === '0', span: 12 },
          { kind: 'code', name: 'medication', label: '服药依从性', table: medicationTable, allowClear: false, span: 8 },
          { kind: 'code', name: 'hospitalization', label: '住院情况', table: hospitalizationTable, allowClear: false, span: 8 },
          { kind: 'code', name: 'locking', label: '关锁情况', table: lockingTable, span: 8 },
          { kind: 'date', name: 'nextFollowUpOn', label: '下次随访日期', span: 12, help: '留空则按更正后的日期和分类重新计算' },
        ] satisfies FieldDescriptor[])
      : []),
    ...(review
      ? ([
          { kind: 'choice', name: 'result', label: '复核结果', options: REVIEW_RESULTS.map((x) => ({ value: x, label: x })), as: 'buttons', span: 12, disabled: () => r.reviewResult === '停发' },
          { kind: 'number', name: 'newAmount', label: '调整后月保障金额', precision: 2, step: 10, suffix: '元', span: 12, show: (v) => v.result === '增发' || v.result === '减发' },
        ] satisfies FieldDescriptor[])
      : []),
    { kind: 'textarea', name: 'content', label: '内容', max: 2000 },
    reasonField('更正原因'),
  ];
  const toInput = (v: FormValues): ChannelInput<'record.correct'> => ({
    id: r.id, reason: str(v.reason), date: str(v.date), method: str(v.method), ...resolveStaff(str(v.staff), staff), content: str(v.content),
    ...(followUp
      ? {
          risk: v.followUpClass === '0' ? null : num(v.risk), followUpClass: str(v.followUpClass), medication: str(v.medication), hospitalization: str(v.hospitalization),
          locking: str(v.locking) || null, nextFollowUpOn: v.date === r.date && v.followUpClass === r.followUpClass ? str(v.nextFollowUpOn) || null : null,
        }
      : {}),
    ...(review ? { result: str(v.result), newAmount: v.result === '增发' || v.result === '减发' ? num(v.newAmount) : null } : {}),
  });
  return (
    <FormDialog
      title={`更正${recordTitle(r)}（${r.date}）`}
      intro="改正录错的内容，原来的内容和更正原因会保留在记录的历史中；待办和统计按更正后的内容重新计算。"
      fields={fields}
      initialValues={initialValues}
      channel="record.correct"
      toInput={toInput}
      onCancel={onCancel}
      onDone={onDone}
      onValuesChange={(changed, _all, form) => {
        // The class follows the 危险性 (3–5 不稳定, 1–2 基本稳定, 0 稳定); staff may then make it worse.
        if (followUp && typeof changed.risk === 'number' && form.getFieldValue('followUpClass') !== '0') form.setFieldValue('followUpClass', followUpClassForRisk(changed.risk));
      }}
      okText="保存更正"
      width={followUp ? 780 : 640}
      testIds={{ dialog: 'correct-dialog', ok: 'correct-ok', error: 'correct-error' }}
    />
  );
}

type VoidChannel = 'record.void' | 'released.void' | 'patient.void' | 'lowIncome.void';

/** 作废: only the reason; what was voided stays, struck through, with it. */
export function VoidDialog<C extends VoidChannel>({ channel, id, what, onCancel, onDone }: {
  channel: C;
  id: number;
  what: string;
  onCancel: () => void;
  onDone: (r: ChannelOutput<C>) => void;
}) {
  const entry = channel !== 'record.void';
  return (
    <FormDialog
      title={`作废${what}`}
      intro={entry
        ? '登记有误时作废：此登记及其记录不再出现在名单、待办和统计中，但保留在数据库和人员时间线上，不能恢复。'
        : '录入有误时作废：此记录不再计入待办和统计，但保留在时间线上（划线显示作废原因），不能恢复。'}
      fields={[reasonField('作废原因')]}
      channel={channel}
      toInput={(v) => ({ id, reason: str(v.reason) }) as ChannelInput<C>}
      onCancel={onCancel}
      onDone={onDone}
      okText="作废"
      danger
      testIds={{ dialog: 'void-dialog', ok: 'void-ok', error: 'void-error' }}
    />
  );
}

/** The 更正 / 作废 links of one record; `record` may be only its id (the timeline), the rest is loaded on demand. */
export function RecordActions({ record, onChanged, what }: { record: RecordRow | { id: number }; what: string; onChanged: () => void }) {
  const [open, setOpen] = useState<'correct' | 'void' | null>(null);
  const [full, setFull] = useState<RecordRow | null>('kind' in record ? record : null);
  const [error, setError] = useState<string | null>(null);
  const correct = async () => {
    setError(null);
    try {
      if (!full) setFull(await call('record.get', { id: record.id }));
      setOpen('correct');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const done = () => {
    setOpen(null);
    setFull('kind' in record ? record : null);
    onChanged();
  };
  return (
    <Space size={0} className="no-print">
      <Button size="small" type="link" onClick={correct} data-testid={`record-correct-${record.id}`}>
        更正
      </Button>
      <Button size="small" type="link" danger onClick={() => setOpen('void')} data-testid={`record-void-${record.id}`}>
        作废
      </Button>
      {error ? <span className="muted">{error}</span> : null}
      {open === 'correct' && full ? <CorrectRecordDialog record={full} onCancel={() => setOpen(null)} onDone={done} /> : null}
      {open === 'void' ? <VoidDialog channel="record.void" id={record.id} what={what} onCancel={() => setOpen(null)} onDone={done} /> : null}
    </Space>
  );
}
