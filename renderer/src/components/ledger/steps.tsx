// The step forms of each ledger, as FormDialogs: 安置帮教 (衔接, 报到, 帮教协议, 分类评估, 安置, 重新犯罪,
// 状态变更, 修改通知书信息), 严重精神障碍患者 (状态变更, 监护责任书, 以奖代补年审, 肇事肇祸) and 低保 (退出).
// The today list opens the same forms as the detail pages. The statuses offered come from the entry's steps.
import { handoverTable, labelOf, lowIncomeExitReasonTable, placementTable, releasedClassTable } from '../../../../shared/codes';
import { CrimePicker } from './ReleasedRegisterDialog';
import type { LowIncomeDetail } from '../../../../shared/contract/lowIncome';
import type { PatientDetail } from '../../../../shared/contract/patient';
import type { ReleasedPersonDetail } from '../../../../shared/contract/released';
import type { StepViewDto } from '../../../../shared/contract/entry';
import type { PatientStep, ReleasedStep } from '../../../../shared/rules/ledgerMachines';
import { todayString } from '../fields';
import { FormDialog, type ChoiceOption, type FieldDescriptor, type FormValues } from '../form/FormDialog';

export type { PatientStep, ReleasedStep };

const s = (v: unknown) => (typeof v === 'string' ? v : '');
const d = (v: unknown) => (typeof v === 'string' && v ? v : null);

const date = (label: string, name = 'date'): FieldDescriptor => ({ kind: 'date', name, label, required: true });
const reasonField = (label: string, max = 200): FieldDescriptor => ({ kind: 'textarea', name: 'reason', label, required: true, max });

/** The 状态变更 targets of the entry's steps; those not available now are shown disabled, with why. */
function statusField(steps: readonly StepViewDto[]): FieldDescriptor {
  const targets = steps.filter((v) => v.step === 'changeStatus' && v.to);
  const options: ChoiceOption[] = targets.map((v) => ({ value: v.to!, label: v.label, disabled: !v.available, title: v.reason ?? undefined }));
  return {
    kind: 'choice',
    name: 'to',
    label: '变更为',
    required: true,
    as: 'radio',
    options,
    help: (values) => targets.find((v) => v.to === values.to && !v.available)?.reason ?? undefined,
  };
}

/**
 * 衔接日期 defaults to the release date, or the notice's when it came after the release (a 衔接 is never before the
 * notice); never a day after today (a release still ahead: the notice's date, else today).
 */
export function handoverDefault(e: Pick<ReleasedPersonDetail, 'releaseDate' | 'noticeReceivedOn'>, today: string): string {
  const base = e.noticeReceivedOn && e.noticeReceivedOn > e.releaseDate ? e.noticeReceivedOn : e.releaseDate;
  return base <= today ? base : (e.noticeReceivedOn && e.noticeReceivedOn <= today ? e.noticeReceivedOn : today);
}

export function ReleasedStepDialog({ step, entry, presetStatus, onCancel, onDone }: {
  step: Exclude<ReleasedStep, 'team' | 'help'>;
  entry: ReleasedPersonDetail;
  presetStatus?: string;
  onCancel: () => void;
  onDone: (e: ReleasedPersonDetail) => void;
}) {
  const id = entry.id;
  const today = todayString();
  const who = `${entry.name}（${entry.idNumber}）`;
  const common = { onCancel, onDone };
  switch (step) {
    case 'handover':
      return (
        <FormDialog
          {...common}
          title={`衔接：${entry.name}`}
          intro={entry.noticeReceivedOn ? `释放通知书收到日期 ${entry.noticeReceivedOn}，释放日期 ${entry.releaseDate}。衔接后转为「在册帮教」。` : `释放日期 ${entry.releaseDate}。衔接后转为「在册帮教」。`}
          fields={[date('衔接日期'), { kind: 'code', name: 'code', label: '衔接情况', table: handoverTable, required: true }]}
          initialValues={{ date: handoverDefault(entry, today), code: entry.handoverCode ?? undefined }}
          channel="released.handover"
          toInput={(v) => ({ id, date: s(v.date), code: s(v.code) })}
          testIds={{ dialog: 'step-handover' }}
        />
      );
    case 'report':
      return (
        <FormDialog
          {...common}
          title={`报到：${entry.name}`}
          intro={`${who}于 ${entry.releaseDate} 释放，应在释放后按时到司法所报到。`}
          fields={[date('报到日期')]}
          initialValues={{ date: entry.reportedOn ?? today }}
          channel="released.report"
          toInput={(v) => ({ id, date: s(v.date) })}
          testIds={{ dialog: 'step-report' }}
        />
      );
    case 'agreement':
      return (
        <FormDialog
          {...common}
          title={`帮教协议：${entry.name}`}
          fields={[date('帮教协议签订日期')]}
          initialValues={{ date: entry.agreementSignedOn ?? today }}
          channel="released.agreement"
          toInput={(v) => ({ id, date: s(v.date) })}
          testIds={{ dialog: 'step-agreement' }}
        />
      );
    case 'assess':
      return (
        <FormDialog
          {...common}
          title={`分类评估：${entry.name}`}
          intro={`现为「${labelOf(releasedClassTable, entry.class)}」帮教${entry.classAssessedOn ? `，上次评估 ${entry.classAssessedOn}` : ''}。重点每月走访，一般每 3 个月，宽松每 6 个月（以规则设置为准）。`}
          fields={[
            date('评估日期'),
            { kind: 'code', name: 'class', label: '帮教分类', table: releasedClassTable, required: true, as: 'radio' },
            { ...reasonField('评估理由'), placeholder: '例如：就业稳定，家庭关系和睦，表现良好' },
          ]}
          initialValues={{ date: today, class: entry.class }}
          channel="released.assess"
          toInput={(v) => ({ id, date: s(v.date), class: s(v.class), reason: s(v.reason) })}
          testIds={{ dialog: 'step-assess' }}
        />
      );
    case 'place':
      return (
        <FormDialog
          {...common}
          title={`安置：${entry.name}`}
          intro="已安置的填写安置情况和日期；尚未安置的只填写未安置原因。"
          fields={[
            { kind: 'code', name: 'code', label: '安置情况', table: placementTable },
            { kind: 'date', name: 'date', label: '安置日期' },
            { kind: 'text', name: 'unplacedReason', label: '未安置原因', max: 200 },
          ]}
          initialValues={{ code: entry.placementCode ?? undefined, date: entry.placedOn ?? undefined, unplacedReason: entry.unplacedReason }}
          channel="released.place"
          toInput={(v) => ({ id, code: d(v.code), date: d(v.date), unplacedReason: s(v.unplacedReason) })}
          testIds={{ dialog: 'step-place' }}
        />
      );
    case 'reoffend':
      return (
        <FormDialog
          {...common}
          title={`重新犯罪：${entry.name}`}
          intro="登记后帮教结束，状态变为「重新犯罪」，此后不再产生待办。"
          fields={[date('重新犯罪日期'), { kind: 'text', name: 'crime', label: '罪名', required: true, max: 60 }]}
          initialValues={{ date: today }}
          channel="released.reoffend"
          toInput={(v) => ({ id, date: s(v.date), crime: s(v.crime) })}
          okText="确认登记"
          danger
          testIds={{ dialog: 'step-reoffend' }}
        />
      );
    case 'changeStatus': {
      const open = entry.steps.filter((v) => v.step === 'changeStatus' && v.available);
      return (
        <FormDialog
          {...common}
          title={`状态变更：${entry.name}`}
          intro={`现为「${entry.status}」（自 ${entry.statusSince}）。帮教期满日为 ${entry.termEnd}，期满后可办理「期满解除」。`}
          fields={[statusField(entry.steps), date('变更日期'), reasonField('变更原因')]}
          initialValues={{
            to: presetStatus ?? (open.length === 1 ? open[0]!.to : undefined),
            date: presetStatus === '期满解除' && entry.termEnd > today ? entry.termEnd : today,
            reason: presetStatus === '期满解除' ? '帮教期满' : undefined,
          }}
          channel="released.changeStatus"
          toInput={(v) => ({ id, to: s(v.to), date: s(v.date), reason: s(v.reason) })}
          testIds={{ dialog: 'step-status' }}
        />
      );
    }
    case 'edit':
      return (
        <FormDialog
          {...common}
          title={`修改通知书信息：${entry.name}`}
          width={620}
          fields={[
            { kind: 'date', name: 'noticeReceivedOn', label: '通知书收到日期' },
            { kind: 'text', name: 'prison', label: '服刑场所', max: 60 },
            { kind: 'custom', name: 'crime', label: '原罪名', render: () => <CrimePicker /> },
            { kind: 'text', name: 'sentence', label: '原判刑期', max: 30, placeholder: '例如：3年6个月' },
            date('释放日期', 'releaseDate'),
            { kind: 'check', name: 'recidivist', label: '累犯' },
            { kind: 'check', name: 'endedInCorrection', label: '刑期在社区矫正中结束（帮教期按社区矫正计算）' },
            { kind: 'textarea', name: 'note', label: '备注', max: 500 },
          ]}
          initialValues={{
            noticeReceivedOn: entry.noticeReceivedOn ?? undefined,
            prison: entry.prison,
            crime: entry.crime ?? undefined,
            sentence: entry.sentence,
            releaseDate: entry.releaseDate,
            recidivist: entry.recidivist,
            endedInCorrection: entry.endedInCorrection,
            note: entry.note,
          }}
          channel="released.update"
          toInput={(v: FormValues) => ({
            id,
            noticeReceivedOn: d(v.noticeReceivedOn),
            prison: s(v.prison),
            crime: d(v.crime),
            sentence: s(v.sentence),
            releaseDate: s(v.releaseDate),
            recidivist: Boolean(v.recidivist),
            endedInCorrection: Boolean(v.endedInCorrection),
            note: s(v.note),
          })}
          testIds={{ dialog: 'step-edit' }}
        />
      );
  }
}

export function PatientStepDialog({ step, entry, onCancel, onDone }: {
  step: Extract<PatientStep, 'changeStatus' | 'awardAgreement' | 'awardReview' | 'incident'>;
  entry: PatientDetail;
  onCancel: () => void;
  onDone: (e: PatientDetail) => void;
}) {
  const id = entry.id;
  const today = todayString();
  const common = { onCancel, onDone };
  switch (step) {
    case 'changeStatus':
      return (
        <FormDialog
          {...common}
          title={`管理状态变更：${entry.name}`}
          intro={`现为「${entry.status}」（自 ${entry.statusSince}）。`}
          fields={[statusField(entry.steps), date('变更日期'), reasonField('变更原因')]}
          initialValues={{ date: today }}
          channel="patient.changeStatus"
          toInput={(v) => ({ id, to: s(v.to), date: s(v.date), reason: s(v.reason) })}
          testIds={{ dialog: 'step-patient-status' }}
        />
      );
    case 'awardAgreement':
      return (
        <FormDialog
          {...common}
          title={`以奖代补：签订监护责任书（${entry.name}）`}
          intro={entry.guardianName ? `监护人：${entry.guardianName}${entry.guardianPhone ? `，${entry.guardianPhone}` : ''}` : '尚未登记监护人，请先在「修改」中填写监护人。'}
          fields={[date('签订日期')]}
          initialValues={{ date: today }}
          channel="patient.awardAgreement"
          toInput={(v) => ({ id, date: s(v.date) })}
          testIds={{ dialog: 'step-award-agreement' }}
        />
      );
    case 'awardReview':
      return (
        <FormDialog
          {...common}
          title={`以奖代补年审：${entry.name}`}
          intro={`监护责任书签订于 ${entry.awardAgreementSignedOn ?? '（未签订）'}${entry.lastAwardReviewOn ? `，上次年审 ${entry.lastAwardReviewOn}` : ''}。`}
          fields={[date('年审日期'), { kind: 'textarea', name: 'content', label: '年审情况', max: 500, placeholder: '例如：监护责任落实，患者病情稳定，同意发放本年度以奖代补' }]}
          initialValues={{ date: today }}
          channel="patient.awardReview"
          toInput={(v) => ({ id, date: s(v.date), content: s(v.content) })}
          testIds={{ dialog: 'step-award-review' }}
        />
      );
    case 'incident':
      return (
        <FormDialog
          {...common}
          title={`登记肇事肇祸：${entry.name}`}
          intro="登记后患者即为以奖代补对象。"
          fields={[date('肇事肇祸日期'), { kind: 'textarea', name: 'content', label: '经过', required: true, max: 500 }]}
          initialValues={{ date: today }}
          channel="patient.incident"
          toInput={(v) => ({ id, date: s(v.date), content: s(v.content) })}
          okText="确认登记"
          danger
          testIds={{ dialog: 'step-incident' }}
        />
      );
  }
}

export function LowIncomeExitDialog({ entry, onCancel, onDone }: { entry: LowIncomeDetail; onCancel: () => void; onDone: (e: LowIncomeDetail) => void }) {
  return (
    <FormDialog
      onCancel={onCancel}
      onDone={onDone}
      title={`退出低保：${entry.headName ?? ''}户（户号 ${entry.householdNumber}）`}
      intro="不经复核直接退出（例如死亡、迁出、本人申请）。退出后此户不再计入在保，记录保留。"
      fields={[
        date('退出日期'),
        { kind: 'code', name: 'reason', label: '退出原因', table: lowIncomeExitReasonTable, required: true },
        { kind: 'text', name: 'note', label: '说明', max: 200 },
      ]}
      initialValues={{ date: todayString() }}
      channel="lowIncome.exit"
      toInput={(v) => ({ id: entry.id, date: s(v.date), reason: s(v.reason), note: s(v.note) })}
      okText="确认退出"
      danger
      testIds={{ dialog: 'step-exit' }}
    />
  );
}
