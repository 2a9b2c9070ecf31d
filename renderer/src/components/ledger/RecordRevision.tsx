// 更正 and 作废 of a record, from the record tables and the timeline: the 更正 form starts from the stored record and
// sends record.correct (the reason required); 作废 asks only the reason. Both are FormDialog descriptors, so the
// channel's own schema validates them and closing with typed input asks first.
import { Button, Space } from 'antd';
import { useState } from 'react';
import { followUpClassTable, handoverTable, hospitalizationTable, lockingTable, lowIncomeExitReasonTable, medicationTable, placementTable, RECORD_METHODS, releasedClassTable, REVIEW_RESULTS } from '../../../../shared/codes/ledger';
import type { LowIncomeDetail } from '../../../../shared/contract/lowIncome';
import type { PatientDetail } from '../../../../shared/contract/patient';
import { releasedStepLabels, type ReleasedPersonDetail } from '../../../../shared/contract/released';
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

type StepFacts = Pick<ReleasedPersonDetail, 'id' | 'handoverOn' | 'handoverCode' | 'reportedOn' | 'agreementSignedOn' | 'placedOn' | 'placementCode' | 'unplacedReason'>;

/** The recorded 帮教 steps a 更正 may change (衔接, 报到, 帮教协议, 安置) and their dates. */
function recordedSteps(e: StepFacts) {
  const all = [
    { step: 'handover', date: e.handoverOn, code: e.handoverCode },
    { step: 'report', date: e.reportedOn, code: null },
    { step: 'agreement', date: e.agreementSignedOn, code: null },
    { step: 'place', date: e.placedOn, code: e.placementCode },
  ] as const;
  return all.filter((s) => s.date);
}

/** 更正 or 作废 of a recorded 帮教 step, with the reason. */
export function ReleasedStepRevisionDialog({ entry, mode, onCancel, onDone }: {
  entry: StepFacts;
  mode: 'correct' | 'void';
  onCancel: () => void;
  onDone: (e: ReleasedPersonDetail) => void;
}) {
  const steps = recordedSteps(entry);
  const first = steps[0];
  const stepOptions = steps.map((s) => ({ value: s.step, label: `${releasedStepLabels[s.step]}（${s.date}）` }));
  if (mode === 'void') {
    return (
      <FormDialog
        title="作废帮教步骤"
        intro="登记有误的衔接、报到、帮教协议或安置可以作废：视为尚未办理，相应待办重新出现；作废原因保留在历史中。衔接作废后回到待衔接，须其后未办理报到、协议、安置、帮教记录和分类评估。"
        fields={[{ kind: 'choice', name: 'step', label: '步骤', options: stepOptions, as: 'radio', required: '请选择要作废的步骤' }, reasonField('作废原因')]}
        initialValues={{ step: first?.step }}
        channel="released.voidStep"
        toInput={(v) => ({ id: entry.id, step: str(v.step) as 'report', reason: str(v.reason) })}
        onCancel={onCancel}
        onDone={onDone}
        okText="作废"
        danger
        testIds={{ dialog: 'void-step-dialog', ok: 'void-step-ok' }}
      />
    );
  }
  const codeOf = (step: unknown) => steps.find((s) => s.step === step)?.code ?? undefined;
  return (
    <FormDialog
      title="更正帮教步骤"
      intro="改正录错的日期（衔接、安置也可改正其情况），原来的内容和更正原因保留在历史中；报到不能早于衔接。"
      fields={[
        { kind: 'choice', name: 'step', label: '步骤', options: stepOptions, as: 'radio', required: '请选择要更正的步骤' },
        { kind: 'date', name: 'date', label: '日期', required: '请选择日期', allowClear: false, span: 12 },
        { kind: 'code', name: 'code', label: '衔接情况', table: handoverTable, span: 12, show: (v) => v.step === 'handover' },
        { kind: 'code', name: 'placement', label: '安置情况', path: ['code'], table: placementTable, span: 12, show: (v) => v.step === 'place' },
        reasonField('更正原因'),
      ]}
      initialValues={{ step: first?.step, date: first?.date ?? undefined, code: entry.handoverCode ?? undefined, placement: entry.placementCode ?? undefined }}
      onValuesChange={(changed, _all, form) => {
        if ('step' in changed) form.setFieldValue('date', steps.find((s) => s.step === changed.step)?.date ?? undefined);
      }}
      channel="released.correctStep"
      toInput={(v) => ({
        id: entry.id, step: str(v.step) as 'report', date: str(v.date), reason: str(v.reason),
        code: v.step === 'handover' ? str(v.code) || codeOf('handover') : v.step === 'place' ? str(v.placement) || codeOf('place') : undefined,
      })}
      onCancel={onCancel}
      onDone={onDone}
      okText="保存更正"
      testIds={{ dialog: 'correct-step-dialog', ok: 'correct-step-ok' }}
    />
  );
}

/** 更正/作废步骤 (安置帮教) and 作废登记 (every ledger) for an entry's page. */
export function EntryRevisionButtons(props: {
  ledger: 'released' | 'patient' | 'lowIncome';
  id: number;
  what: string;
  steps?: StepFacts;
  onChanged: (e: ReleasedPersonDetail) => void;
  onVoided: () => void;
}) {
  const [open, setOpen] = useState<'correct' | 'void' | 'entry' | null>(null);
  const recorded = props.steps ? recordedSteps(props.steps) : [];
  const channel = `${props.ledger}.void` as 'released.void';
  return (
    <>
      {props.steps ? (
        <>
          <Button size="small" onClick={() => setOpen('correct')} disabled={recorded.length === 0} data-testid="entry-correct-step">
            更正步骤
          </Button>
          <Button size="small" onClick={() => setOpen('void')} disabled={recorded.length === 0} data-testid="entry-void-step">
            作废步骤
          </Button>
        </>
      ) : null}
      <Button size="small" danger onClick={() => setOpen('entry')} data-testid="entry-void">
        作废登记
      </Button>
      {(open === 'correct' || open === 'void') && props.steps ? (
        <ReleasedStepRevisionDialog entry={props.steps} mode={open} onCancel={() => setOpen(null)} onDone={(e) => { setOpen(null); props.onChanged(e); }} />
      ) : null}
      {open === 'entry' ? (
        <VoidDialog channel={channel} id={props.id} what={`${props.what}的登记`} onCancel={() => setOpen(null)} onDone={() => { setOpen(null); props.onVoided(); }} />
      ) : null}
    </>
  );
}

/** 更正/作废 of the 监护责任书 (以奖代补) on the patient's page; a 年审 is a record, corrected in its table. */
export function PatientAwardRevisionButtons({ entry, onChanged }: { entry: Pick<PatientDetail, 'id' | 'name' | 'awardAgreementSignedOn'>; onChanged: (e: PatientDetail) => void }) {
  const [open, setOpen] = useState<'correct' | 'void' | null>(null);
  const done = (e: PatientDetail) => {
    setOpen(null);
    onChanged(e);
  };
  if (!entry.awardAgreementSignedOn) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen('correct')} data-testid="award-correct">
        更正监护责任书
      </Button>
      <Button size="small" danger onClick={() => setOpen('void')} data-testid="award-void">
        作废监护责任书
      </Button>
      {open === 'correct' ? (
        <FormDialog
          title={`更正监护责任书：${entry.name}`}
          intro={`现登记的签订日期为 ${entry.awardAgreementSignedOn}。改正后以奖代补年审的到期日随之重算；不能晚于已登记的年审。原日期和更正原因保留在历史中。`}
          fields={[{ kind: 'date', name: 'date', label: '签订日期', required: '请选择签订日期', allowClear: false }, reasonField('更正原因')]}
          initialValues={{ date: entry.awardAgreementSignedOn }}
          channel="patient.correctStep"
          toInput={(v) => ({ id: entry.id, step: 'awardAgreement', date: str(v.date), reason: str(v.reason) })}
          onCancel={() => setOpen(null)}
          onDone={done}
          okText="保存更正"
          testIds={{ dialog: 'award-correct-dialog', ok: 'award-correct-ok' }}
        />
      ) : null}
      {open === 'void' ? (
        <FormDialog
          title={`作废监护责任书：${entry.name}`}
          intro="误登记的监护责任书可以作废：视为尚未签订，不再计入已签监护责任书，也不再有年审待办。已有年审记录的，请先作废年审记录。"
          fields={[reasonField('作废原因')]}
          channel="patient.voidStep"
          toInput={(v) => ({ id: entry.id, step: 'awardAgreement', reason: str(v.reason) })}
          onCancel={() => setOpen(null)}
          onDone={done}
          okText="作废"
          danger
          testIds={{ dialog: 'award-void-dialog', ok: 'award-void-ok' }}
        />
      ) : null}
    </>
  );
}

/** 更正/作废 of a 低保 exit (退出低保) on the household's page; an exit by a 停发 复核 goes with that record. */
export function LowIncomeExitRevisionButtons({ entry, onChanged }: {
  entry: Pick<LowIncomeDetail, 'id' | 'status' | 'exitOn' | 'exitReason' | 'exitNote'>;
  onChanged: (e: LowIncomeDetail) => void;
}) {
  const [open, setOpen] = useState<'correct' | 'void' | null>(null);
  const done = (e: LowIncomeDetail) => {
    setOpen(null);
    onChanged(e);
  };
  if (entry.status !== '停保' || !entry.exitOn) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen('correct')} data-testid="exit-correct">
        更正退出
      </Button>
      <Button size="small" danger onClick={() => setOpen('void')} data-testid="exit-void">
        作废退出
      </Button>
      {open === 'correct' ? (
        <FormDialog
          title="更正低保退出"
          intro="改正录错的退出日期、原因或说明；当月停保统计随之重算。原内容和更正原因保留在历史中。经复核停发而停保的，不能在此更正。"
          fields={[
            { kind: 'date', name: 'date', label: '退出日期', required: '请选择退出日期', allowClear: false, span: 12 },
            { kind: 'code', name: 'exitReason', label: '退出原因', table: lowIncomeExitReasonTable, required: true, span: 12 },
            { kind: 'text', name: 'note', label: '说明', max: 200 },
            reasonField('更正原因'),
          ]}
          initialValues={{ date: entry.exitOn, exitReason: entry.exitReason ?? undefined, note: entry.exitNote }}
          channel="lowIncome.correctExit"
          toInput={(v) => ({ id: entry.id, date: str(v.date), exitReason: str(v.exitReason), note: str(v.note), reason: str(v.reason) })}
          onCancel={() => setOpen(null)}
          onDone={done}
          okText="保存更正"
          testIds={{ dialog: 'exit-correct-dialog', ok: 'exit-correct-ok' }}
        />
      ) : null}
      {open === 'void' ? (
        <FormDialog
          title="作废低保退出"
          intro="误办的退出可以作废：此户恢复在保，复核待办重新出现；停保记录和作废原因保留在历史中。已重新纳入低保的，不能作废原来的退出。"
          fields={[reasonField('作废原因')]}
          channel="lowIncome.voidExit"
          toInput={(v) => ({ id: entry.id, reason: str(v.reason) })}
          onCancel={() => setOpen(null)}
          onDone={done}
          okText="作废"
          danger
          testIds={{ dialog: 'exit-void-dialog', ok: 'exit-void-ok' }}
        />
      ) : null}
    </>
  );
}

type ChangeFacts = { id: number; fromStatus: string | null; toStatus: string; date: string };

/** 更正 (the date) of a status change, and 作废 of the latest, from the status history of a 帮教 or 患者 page. */
export function StatusChangeRevisionLinks<L extends 'released' | 'patient'>({ ledger, entryId, change, latest, onChanged }: {
  ledger: L;
  entryId: number;
  change: ChangeFacts;
  latest: boolean;
  onChanged: (e: ChannelOutput<`${L}.correctStatus`>) => void;
}) {
  const [open, setOpen] = useState<'correct' | 'void' | null>(null);
  const done = (e: ChannelOutput<`${L}.correctStatus`>) => {
    setOpen(null);
    onChanged(e);
  };
  const words = `${change.fromStatus ?? '登记'} → ${change.toStatus}（${change.date}）`;
  return (
    <Space size={0}>
      <Button size="small" type="link" onClick={() => setOpen('correct')} data-testid={`status-correct-${change.id}`}>
        更正
      </Button>
      {latest ? (
        <Button size="small" type="link" danger onClick={() => setOpen('void')} data-testid={`status-void-${change.id}`}>
          作废
        </Button>
      ) : null}
      {open === 'correct' ? (
        <FormDialog
          title="更正状态变更日期"
          intro={`${words}。日期须在前后两次状态变更之间；原日期和更正原因保留在历史中，当月统计随之重算。`}
          fields={[{ kind: 'date', name: 'date', label: '变更日期', required: '请选择变更日期', allowClear: false }, reasonField('更正原因')]}
          initialValues={{ date: change.date }}
          channel={`${ledger}.correctStatus` as 'patient.correctStatus'}
          toInput={(v) => ({ id: entryId, changeId: change.id, date: str(v.date), reason: str(v.reason) })}
          onCancel={() => setOpen(null)}
          onDone={done as (e: ChannelOutput<'patient.correctStatus'>) => void}
          okText="保存更正"
          testIds={{ dialog: 'status-correct-dialog', ok: 'status-correct-ok' }}
        />
      ) : null}
      {open === 'void' ? (
        <FormDialog
          title="作废状态变更"
          intro={`${words}。误登记的最近一次状态变更可以作废：恢复到之前的状态，当月统计随之重算；作废原因保留在历史中。`}
          fields={[reasonField('作废原因')]}
          channel={`${ledger}.voidStatus` as 'patient.voidStatus'}
          toInput={(v) => ({ id: entryId, changeId: change.id, reason: str(v.reason) })}
          onCancel={() => setOpen(null)}
          onDone={done as (e: ChannelOutput<'patient.voidStatus'>) => void}
          okText="作废"
          danger
          testIds={{ dialog: 'status-void-dialog', ok: 'status-void-ok' }}
        />
      ) : null}
    </Space>
  );
}

/** 更正 and 作废 of a 分类评估 on the 帮教 page; the registration's (`first`) keeps its date and cannot be voided. */
export function AssessmentRevisionLinks({ entryId, assessment, first, onChanged }: {
  entryId: number;
  assessment: ReleasedPersonDetail['assessments'][number];
  first: boolean;
  onChanged: (e: ReleasedPersonDetail) => void;
}) {
  const [open, setOpen] = useState<'correct' | 'void' | null>(null);
  const done = (e: ReleasedPersonDetail) => {
    setOpen(null);
    onChanged(e);
  };
  return (
    <Space size={0}>
      <Button size="small" type="link" onClick={() => setOpen('correct')} data-testid={`assessment-correct-${assessment.id}`}>
        更正
      </Button>
      {first ? null : (
        <Button size="small" type="link" danger onClick={() => setOpen('void')} data-testid={`assessment-void-${assessment.id}`}>
          作废
        </Button>
      )}
      {open === 'correct' ? (
        <FormDialog
          title="更正分类评估"
          intro={first ? '登记时确定的分类随登记日期，只能更正分类。' : '改正录错的评估日期或分类；帮教分类取最近一次评估，当月统计随之重算。'}
          fields={[
            { kind: 'date', name: 'date', label: '评估日期', required: '请选择评估日期', allowClear: false, span: 12, disabled: () => first },
            { kind: 'code', name: 'class', label: '帮教分类', table: releasedClassTable, required: true, as: 'radio', span: 12 },
            reasonField('更正原因'),
          ]}
          initialValues={{ date: assessment.date, class: assessment.class }}
          channel="released.correctAssessment"
          toInput={(v) => ({ id: entryId, assessmentId: assessment.id, date: str(v.date), class: str(v.class), reason: str(v.reason) })}
          onCancel={() => setOpen(null)}
          onDone={done}
          okText="保存更正"
          testIds={{ dialog: 'assessment-correct-dialog', ok: 'assessment-correct-ok' }}
        />
      ) : null}
      {open === 'void' ? (
        <FormDialog
          title="作废分类评估"
          intro="误登记的分类评估可以作废：帮教分类回到此前最近一次评估的分类；作废原因保留在历史中。"
          fields={[reasonField('作废原因')]}
          channel="released.voidAssessment"
          toInput={(v) => ({ id: entryId, assessmentId: assessment.id, reason: str(v.reason) })}
          onCancel={() => setOpen(null)}
          onDone={done}
          okText="作废"
          danger
          testIds={{ dialog: 'assessment-void-dialog', ok: 'assessment-void-ok' }}
        />
      ) : null}
    </Space>
  );
}
