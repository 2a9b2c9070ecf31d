// 登记刑满释放人员: from a 释放通知书 (starts 待衔接, due 待登记衔接) or directly with the 衔接 already done.
// The 帮教期满日 is computed from the 释放日期 and the town's rules while typing, never typed.
import { Descriptions, Segmented, Select } from 'antd';
import { CRIME_CHAPTERS, CRIMES, handoverTable, releasedClassTable } from '../../../../shared/codes';
import type { ReleasedPersonDetail } from '../../../../shared/contract/released';
import { isValidDate } from '../../../../shared/rules/dates';
import { releasedStatusAtRegistration } from '../../../../shared/rules/ledgerMachines';
import { handoverDue, releasedTermEnd, reportDue } from '../../../../shared/rules/ledgerRules';
import type { RuleSettings } from '../../../../shared/rules/ruleSettings';
import { todayString } from '../fields';
import { FormDialog, type FieldDescriptor, type FormValues } from '../form/FormDialog';
import { useRules } from './common';
import { type PickedResident } from './pickers';
import { newResident } from '../../pages/people/inlineCreate';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const orNull = (v: unknown) => (typeof v === 'string' && v ? v : null);
const fromNotice = (v: FormValues) => v.mode !== 'direct';

/** 期满日, 报到期限 and the 衔接 deadline (or the status after registering), as the rules give them. */
function Computed({ v, rules }: { v: FormValues; rules: RuleSettings | null }) {
  const release = str(v.releaseDate);
  const okRelease = isValidDate(release);
  const termEnd = okRelease && rules ? releasedTermEnd(release, Boolean(v.endedInCorrection), rules) : null;
  const notice = str(v.noticeReceivedOn);
  const items = [
    { key: 'term', label: '帮教期满日（自动计算）', children: termEnd ? <b data-testid="computed-term-end">{termEnd}</b> : <span className="muted">填写释放日期后计算</span> },
    { key: 'report', label: '报到期限', children: okRelease && rules ? reportDue(release, rules) : '' },
    ...(fromNotice(v)
      ? [{ key: 'handover', label: '登记衔接期限', children: notice && rules ? handoverDue(notice, rules) : '' }]
      : [{ key: 'status', label: '登记后状态', children: releasedStatusAtRegistration(Boolean(v.handoverOn)) }]),
  ];
  return <Descriptions size="small" bordered column={3} items={items} style={{ marginBottom: 12 }} />;
}

const CHAPTER_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The 刑法's crimes grouped under their chapters, searchable by name; a whole chapter stays choosable (older ledgers). */
export const crimeOptions = CRIME_CHAPTERS.map(([chapter, heading], i) => ({
  label: `第${CHAPTER_NUMBERS[i]}章 ${heading}`,
  title: heading,
  options: [
    { value: chapter, label: `${heading}（本章，未细分罪名）` },
    ...CRIMES.filter((c) => c.chapter === chapter).map((c) => ({ value: c.code, label: c.label })),
  ],
}));

export function CrimePicker({ value, onChange, id }: { value?: string | null; onChange?: (v: string | null) => void; id?: string }) {
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={crimeOptions}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      placeholder="输入罪名搜索，如 盗窃"
      popupMatchSelectWidth={360}
      data-testid="crime-picker"
    />
  );
}

export function ReleasedRegisterDialog({ resident, onCancel, onDone }: {
  resident?: PickedResident | null;
  onCancel: () => void;
  onDone: (e: ReleasedPersonDetail) => void;
}) {
  const rules = useRules();
  const fields: FieldDescriptor[] = [
    { kind: 'person', name: 'residentId', label: '人员', initial: resident, create: newResident, required: '请选择在册人员；不在册的点「新登记人员」', span: 14 },
    {
      kind: 'custom',
      name: 'mode',
      label: '登记方式',
      path: [],
      span: 10,
      render: () => (
        <Segmented
          options={[
            { value: 'notice', label: '按释放通知书' },
            { value: 'direct', label: '直接登记' },
          ]}
          data-testid="register-mode"
        />
      ),
    },
    { kind: 'date', name: 'noticeReceivedOn', label: '通知书收到日期', required: true, span: 8, show: fromNotice },
    { kind: 'text', name: 'prison', label: '服刑场所', max: 60, placeholder: '例如：江苏省南京监狱', span: (v) => (fromNotice(v) ? 16 : 24) },
    { kind: 'custom', name: 'crime', label: '原罪名', span: 8, render: () => <CrimePicker /> },
    { kind: 'text', name: 'sentence', label: '原判刑期', max: 30, placeholder: '例如：3年6个月', span: 8 },
    { kind: 'date', name: 'releaseDate', label: '释放日期', required: true, span: 8 },
    { kind: 'check', name: 'recidivist', label: '累犯', span: 8 },
    { kind: 'check', name: 'endedInCorrection', label: '刑期在社区矫正中结束（帮教期按社区矫正计算）', span: 16 },
    { kind: 'date', name: 'handoverOn', label: '衔接日期', placeholder: '未衔接不填', span: 8, show: (v) => !fromNotice(v) },
    {
      kind: 'code', name: 'handoverCode', label: '衔接情况', table: handoverTable, span: 16, show: (v) => !fromNotice(v),
      required: (v) => (v.handoverOn ? '填写了衔接日期，请选择衔接情况' : false), dependencies: ['handoverOn'],
    },
    { kind: 'code', name: 'class', label: '帮教分类', table: releasedClassTable, as: 'buttons' },
    { kind: 'text', name: 'note', label: '备注', max: 500 },
  ];

  return (
    <FormDialog
      title="登记刑满释放人员"
      fields={fields}
      initialValues={{ residentId: resident?.id, mode: 'notice', class: 'general', recidivist: false, endedInCorrection: false, noticeReceivedOn: todayString() }}
      channel="released.register"
      toInput={(v) => ({
        residentId: typeof v.residentId === 'number' ? v.residentId : 0,
        noticeReceivedOn: fromNotice(v) ? orNull(v.noticeReceivedOn) : null,
        prison: str(v.prison),
        crime: orNull(v.crime),
        sentence: str(v.sentence),
        releaseDate: str(v.releaseDate),
        recidivist: Boolean(v.recidivist),
        endedInCorrection: Boolean(v.endedInCorrection),
        handoverOn: fromNotice(v) ? null : orNull(v.handoverOn),
        handoverCode: fromNotice(v) ? null : orNull(v.handoverCode),
        class: str(v.class) || 'general',
        note: str(v.note),
      })}
      footer={(v) => <Computed v={v} rules={rules} />}
      onValuesChange={(changed, all, form) => {
        // 衔接日期 defaults to the notice's date, else the release date, until the user types one.
        if (('releaseDate' in changed || 'noticeReceivedOn' in changed || 'mode' in changed) && !form.isFieldTouched('handoverOn') && !fromNotice(all)) {
          const d = orNull(all.releaseDate);
          if (d) form.setFieldValue('handoverOn', d);
        }
      }}
      onCancel={onCancel}
      onDone={onDone}
      okText="登记"
      width={800}
      testIds={{ dialog: 'released-register', form: 'released-register-form', ok: 'register-ok', error: 'register-error' }}
    />
  );
}
