// The step forms of each ledger, as StepDialogs: 安置帮教 (衔接, 报到, 帮教协议, 分类评估, 安置, 重新犯罪,
// 状态变更, 修改通知书信息), 严重精神障碍患者 (状态变更, 监护责任书, 以奖代补年审, 肇事肇祸) and 低保 (退出).
// The today list opens the same forms as the detail pages.
import {
  handoverTable, labelOf, lowIncomeExitReasonTable, originalCrimeTable, placementTable, releasedClassTable, type PatientStatus, type ReleasedStatus,
} from '../../../../shared/codes';
import type { LowIncomeDetail, PatientDetail, ReleasedPersonDetail } from '../../../../shared/contract/ledgers';
import { allowedTransitions, patientAllowedTransitions } from '../../../../shared/rules/ledgerRules';
import { call } from '../../api';
import { todayString } from '../fields';
import { StepDialog, type StepValues } from './StepDialog';

export type ReleasedStep = 'handover' | 'report' | 'agreement' | 'assess' | 'place' | 'reoffend' | 'status' | 'edit';

export const releasedStepLabels: Record<ReleasedStep, string> = {
  handover: '衔接',
  report: '报到',
  agreement: '帮教协议',
  assess: '分类评估',
  place: '安置',
  reoffend: '重新犯罪',
  status: '状态变更',
  edit: '修改通知书信息',
};

const s = (v: unknown) => (typeof v === 'string' ? v : '');
const d = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** Status changes offered by the 状态变更 form: 在册 only through 衔接 when 待衔接, 重新犯罪 through its own form. */
export function releasedStatusOptions(from: ReleasedStatus): ReleasedStatus[] {
  return allowedTransitions[from].filter((to) => to !== '重新犯罪' && !(from === '待衔接' && to === '在册帮教'));
}

export function ReleasedStepDialog({ step, entry, presetStatus, onCancel, onDone }: {
  step: ReleasedStep;
  entry: ReleasedPersonDetail;
  presetStatus?: ReleasedStatus;
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
        <StepDialog
          {...common}
          title={`衔接：${entry.name}`}
          intro={entry.noticeReceivedOn ? `释放通知书收到日期 ${entry.noticeReceivedOn}，释放日期 ${entry.releaseDate}。衔接后转为「在册帮教」。` : `释放日期 ${entry.releaseDate}。衔接后转为「在册帮教」。`}
          fields={[
            { type: 'date', name: 'date', label: '衔接日期', required: true },
            { type: 'code', name: 'code', label: '衔接情况', table: handoverTable, required: true },
          ]}
          initialValues={{ date: today, code: entry.handoverCode ?? undefined }}
          submit={(v) => call('released.handover', { id, date: s(v.date), code: s(v.code) })}
          testId="step-handover"
        />
      );
    case 'report':
      return (
        <StepDialog
          {...common}
          title={`报到：${entry.name}`}
          intro={`${who}于 ${entry.releaseDate} 释放，应在释放后按时到司法所报到。`}
          fields={[{ type: 'date', name: 'date', label: '报到日期', required: true }]}
          initialValues={{ date: entry.reportedOn ?? today }}
          submit={(v) => call('released.report', { id, date: s(v.date) })}
          testId="step-report"
        />
      );
    case 'agreement':
      return (
        <StepDialog
          {...common}
          title={`帮教协议：${entry.name}`}
          fields={[{ type: 'date', name: 'date', label: '帮教协议签订日期', required: true }]}
          initialValues={{ date: entry.agreementSignedOn ?? today }}
          submit={(v) => call('released.agreement', { id, date: s(v.date) })}
          testId="step-agreement"
        />
      );
    case 'assess':
      return (
        <StepDialog
          {...common}
          title={`分类评估：${entry.name}`}
          intro={`现为「${labelOf(releasedClassTable, entry.class)}」帮教${entry.classAssessedOn ? `，上次评估 ${entry.classAssessedOn}` : ''}。重点每月走访，一般每 3 个月，宽松每 6 个月（以规则设置为准）。`}
          fields={[
            { type: 'date', name: 'date', label: '评估日期', required: true },
            { type: 'code', name: 'class', label: '帮教分类', table: releasedClassTable, required: true, radio: true },
            { type: 'textarea', name: 'reason', label: '评估理由', required: true, max: 200, placeholder: '例如：就业稳定，家庭关系和睦，表现良好' },
          ]}
          initialValues={{ date: today, class: entry.class }}
          submit={(v) => call('released.assess', { id, date: s(v.date), class: s(v.class), reason: s(v.reason) })}
          testId="step-assess"
        />
      );
    case 'place':
      return (
        <StepDialog
          {...common}
          title={`安置：${entry.name}`}
          intro="已安置的填写安置情况和日期；尚未安置的只填写未安置原因。"
          fields={[
            { type: 'code', name: 'code', label: '安置情况', table: placementTable },
            { type: 'date', name: 'date', label: '安置日期' },
            { type: 'text', name: 'unplacedReason', label: '未安置原因', max: 200 },
          ]}
          initialValues={{ code: entry.placementCode ?? undefined, date: entry.placedOn ?? undefined, unplacedReason: entry.unplacedReason }}
          submit={(v) => call('released.place', { id, code: d(v.code), date: d(v.date), unplacedReason: s(v.unplacedReason) })}
          testId="step-place"
        />
      );
    case 'reoffend':
      return (
        <StepDialog
          {...common}
          title={`重新犯罪：${entry.name}`}
          intro="登记后帮教结束，状态变为「重新犯罪」，此后不再产生待办。"
          fields={[
            { type: 'date', name: 'date', label: '重新犯罪日期', required: true },
            { type: 'text', name: 'crime', label: '罪名', required: true, max: 60 },
          ]}
          initialValues={{ date: today }}
          submit={(v) => call('released.reoffend', { id, date: s(v.date), crime: s(v.crime) })}
          okText="确认登记"
          danger
          testId="step-reoffend"
        />
      );
    case 'status': {
      const options = releasedStatusOptions(entry.status as ReleasedStatus);
      return (
        <StepDialog
          {...common}
          title={`状态变更：${entry.name}`}
          intro={`现为「${entry.status}」（自 ${entry.statusSince}）。帮教期满日为 ${entry.termEnd}，期满后可办理「期满解除」。`}
          fields={[
            { type: 'select', name: 'to', label: '变更为', required: true, radio: true, options: options.map((o) => ({ value: o, label: o })) },
            { type: 'date', name: 'date', label: '变更日期', required: true },
            { type: 'textarea', name: 'reason', label: '变更原因', required: true, max: 200 },
          ]}
          initialValues={{
            to: presetStatus ?? (options.length === 1 ? options[0] : undefined),
            date: presetStatus === '期满解除' && entry.termEnd > today ? entry.termEnd : today,
            reason: presetStatus === '期满解除' ? '帮教期满' : undefined,
          }}
          submit={(v) => call('released.changeStatus', { id, to: s(v.to), date: s(v.date), reason: s(v.reason) })}
          testId="step-status"
        />
      );
    }
    case 'edit':
      return (
        <StepDialog
          {...common}
          title={`修改通知书信息：${entry.name}`}
          width={620}
          fields={[
            { type: 'date', name: 'noticeReceivedOn', label: '通知书收到日期' },
            { type: 'text', name: 'prison', label: '服刑场所', max: 60 },
            { type: 'code', name: 'crime', label: '原罪名', table: originalCrimeTable },
            { type: 'text', name: 'sentence', label: '原判刑期', max: 30, placeholder: '例如：3年6个月' },
            { type: 'date', name: 'releaseDate', label: '释放日期', required: true },
            { type: 'check', name: 'recidivist', label: '累犯' },
            { type: 'check', name: 'endedInCorrection', label: '刑期在社区矫正中结束（帮教期按社区矫正计算）' },
            { type: 'textarea', name: 'note', label: '备注', max: 500 },
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
          submit={(v: StepValues) =>
            call('released.update', {
              id,
              noticeReceivedOn: d(v.noticeReceivedOn),
              prison: s(v.prison),
              crime: d(v.crime),
              sentence: s(v.sentence),
              releaseDate: s(v.releaseDate),
              recidivist: Boolean(v.recidivist),
              endedInCorrection: Boolean(v.endedInCorrection),
              note: s(v.note),
            })
          }
          testId="step-edit"
        />
      );
  }
}

export type PatientStep = 'status' | 'awardAgreement' | 'awardReview' | 'incident';

export function PatientStepDialog({ step, entry, onCancel, onDone }: {
  step: PatientStep;
  entry: PatientDetail;
  onCancel: () => void;
  onDone: (e: PatientDetail) => void;
}) {
  const id = entry.id;
  const today = todayString();
  const common = { onCancel, onDone };
  switch (step) {
    case 'status': {
      const options = patientAllowedTransitions[entry.status as PatientStatus] ?? [];
      return (
        <StepDialog
          {...common}
          title={`管理状态变更：${entry.name}`}
          intro={`现为「${entry.status}」（自 ${entry.statusSince}）。`}
          fields={[
            { type: 'select', name: 'to', label: '变更为', required: true, radio: true, options: options.map((o) => ({ value: o, label: o })) },
            { type: 'date', name: 'date', label: '变更日期', required: true },
            { type: 'textarea', name: 'reason', label: '变更原因', required: true, max: 200 },
          ]}
          initialValues={{ date: today }}
          submit={(v) => call('patient.changeStatus', { id, to: s(v.to), date: s(v.date), reason: s(v.reason) })}
          testId="step-patient-status"
        />
      );
    }
    case 'awardAgreement':
      return (
        <StepDialog
          {...common}
          title={`以奖代补：签订监护责任书（${entry.name}）`}
          intro={entry.guardianName ? `监护人：${entry.guardianName}${entry.guardianPhone ? `，${entry.guardianPhone}` : ''}` : '尚未登记监护人，请先在「修改」中填写监护人。'}
          fields={[{ type: 'date', name: 'date', label: '签订日期', required: true }]}
          initialValues={{ date: today }}
          submit={(v) => call('patient.awardAgreement', { id, date: s(v.date) })}
          testId="step-award-agreement"
        />
      );
    case 'awardReview':
      return (
        <StepDialog
          {...common}
          title={`以奖代补年审：${entry.name}`}
          intro={`监护责任书签订于 ${entry.awardAgreementSignedOn ?? '（未签订）'}${entry.lastAwardReviewOn ? `，上次年审 ${entry.lastAwardReviewOn}` : ''}。`}
          fields={[
            { type: 'date', name: 'date', label: '年审日期', required: true },
            { type: 'textarea', name: 'content', label: '年审情况', max: 500, placeholder: '例如：监护责任落实，患者病情稳定，同意发放本年度以奖代补' },
          ]}
          initialValues={{ date: today }}
          submit={(v) => call('patient.awardReview', { id, date: s(v.date), content: s(v.content) })}
          testId="step-award-review"
        />
      );
    case 'incident':
      return (
        <StepDialog
          {...common}
          title={`登记肇事肇祸：${entry.name}`}
          intro="登记后患者即为以奖代补对象。"
          fields={[
            { type: 'date', name: 'date', label: '肇事肇祸日期', required: true },
            { type: 'textarea', name: 'content', label: '经过', required: true, max: 500 },
          ]}
          initialValues={{ date: today }}
          submit={(v) => call('patient.incident', { id, date: s(v.date), content: s(v.content) })}
          okText="确认登记"
          danger
          testId="step-incident"
        />
      );
  }
}

export function LowIncomeExitDialog({ entry, onCancel, onDone }: { entry: LowIncomeDetail; onCancel: () => void; onDone: (e: LowIncomeDetail) => void }) {
  return (
    <StepDialog
      onCancel={onCancel}
      onDone={onDone}
      title={`退出低保：${entry.headName ?? ''}户（户号 ${entry.householdNumber}）`}
      intro="不经复核直接退出（例如死亡、迁出、本人申请）。退出后此户不再计入在保，记录保留。"
      fields={[
        { type: 'date', name: 'date', label: '退出日期', required: true },
        { type: 'code', name: 'reason', label: '退出原因', table: lowIncomeExitReasonTable, required: true },
        { type: 'text', name: 'note', label: '说明', max: 200 },
      ]}
      initialValues={{ date: todayString() }}
      submit={(v) => call('lowIncome.exit', { id: entry.id, date: s(v.date), reason: s(v.reason), note: s(v.note) })}
      okText="确认退出"
      danger
      testId="step-exit"
    />
  );
}
