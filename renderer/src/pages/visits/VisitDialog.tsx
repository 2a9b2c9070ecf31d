// 登记走访: a grid worker's visit to a household (or a person of it) — date, worker, method, what was found. Opened
// from the 走访 list, a worker's page, a household due in 今日待办, or a household's page (pass householdId).
import { recordMethodTable } from '../../../../shared/codes/ledger';
import type { VisitRow } from '../../../../shared/contract/visits';
import { todayString } from '../../components/fields';
import { FormDialog, type FieldDescriptor, type FormValues } from '../../components/form/FormDialog';
import { staffLabel, useStaff } from '../../components/ledger/pickers';
import { hashWith } from '../../components/ledger/common';
import { navigate } from '../../useRoute';

export interface VisitTarget {
  householdId?: number | null;
  /** How to show the household before any search: 户号 and 户主. */
  householdLabel?: string;
  staffId?: number | null;
}

export function VisitDialog({ target, onDone, onCancel }: { target: VisitTarget; onDone: (v: VisitRow) => void; onCancel: () => void }) {
  const staff = useStaff();
  const fields: FieldDescriptor[] = [
    {
      kind: 'household', name: 'householdId', label: '走访住户', required: '请选择走访的住户',
      known: target.householdId ? { id: target.householdId, label: target.householdLabel ?? `住户 ${target.householdId}` } : null, testId: 'visit-household',
    },
    { kind: 'date', name: 'date', label: '走访日期', required: '请选择走访日期', span: 12, testId: 'visit-date' },
    { kind: 'code', name: 'method', label: '走访方式', table: recordMethodTable, as: 'buttons', span: 12 },
    {
      kind: 'choice', name: 'staffId', label: '网格员', required: '请选择网格员',
      options: staff.filter((s) => !s.endDate || s.endDate >= todayString()).map((s) => ({ value: s.id, label: staffLabel(s) })), testId: 'visit-staff',
    },
    { kind: 'textarea', name: 'content', label: '发现情况', required: '请填写发现情况（没有问题时写「无异常」）', max: 2000, rows: 4, testId: 'visit-content',
      help: '五必访五必记：家庭成员变化、生产生活困难、矛盾纠纷、安全隐患、意见诉求，见到什么记什么' },
  ];
  const toInput = (v: FormValues) => ({
    householdId: (v.householdId as number | null) ?? null,
    date: v.date as string,
    method: (v.method as string) ?? '家访',
    staffId: v.staffId as number,
    content: (v.content as string) ?? '',
  });
  return (
    <FormDialog
      title="登记走访"
      fields={fields}
      initialValues={{ householdId: target.householdId ?? null, date: todayString(), method: '家访', staffId: target.staffId ?? undefined }}
      channel="visit.add"
      toInput={toInput}
      onDone={onDone}
      onCancel={onCancel}
      okText="保存走访"
      width={620}
      testIds={{ dialog: 'visit-dialog', form: 'visit-form', ok: 'visit-ok', error: 'visit-error' }}
    />
  );
}

/**
 * 转为事件: one click turns a visit's finding into an event — the event desk's 新建事件 form with the visit attached
 * (event.create's sourceRecordId), its place and finding filled from the visit.
 */
export function reportEventFromVisit(visit: VisitRow) {
  navigate(hashWith('events', { new: 1, record: visit.id }));
}
