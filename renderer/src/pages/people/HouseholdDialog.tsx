// 新建户 / 修改户: 户号 (optional, assigned when empty), grid, address, tags.
import { householdTagTable } from '../../../../shared/codes';
import type { GridTree } from '../../../../shared/contract/grid';
import type { Household } from '../../../../shared/contract/people';
import { FormDialog, type FieldDescriptor, type FormValues } from '../../components/form/FormDialog';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function HouseholdDialog({ tree, household, defaults, onCancel, onDone }: {
  tree: GridTree | null;
  household?: Household | null;
  defaults?: { address?: string; gridId?: number | null };
  onCancel: () => void;
  onDone: (h: Household, created: boolean) => void;
}) {
  const fields: FieldDescriptor[] = [
    { kind: 'text', name: 'number', label: '户号', max: 30, mono: true, autoFocus: true, span: 10, help: household ? undefined : '不填则自动编号' },
    { kind: 'grid', name: 'gridId', label: '所属网格', tree, span: 14, help: (v) => (v.gridId ? undefined : '未选网格的户列入「无网格住户」') },
    { kind: 'text', name: 'address', label: '住址', required: true, max: 120, placeholder: '例如：东关村三组 12 号' },
    { kind: 'code', name: 'tags', label: '户标签（可多选）', table: householdTagTable, multiple: true, placeholder: '无' },
    { kind: 'text', name: 'note', label: '备注', max: 200 },
  ];
  const toInput = (v: FormValues) => ({
    number: str(v.number).trim() || undefined,
    gridId: typeof v.gridId === 'number' ? v.gridId : null,
    address: str(v.address),
    note: str(v.note),
    tags: Array.isArray(v.tags) ? (v.tags as string[]) : [],
  });
  return (
    <FormDialog
      title={household ? `修改户 ${household.number}` : '新建户'}
      fields={fields}
      initialValues={household ? { number: household.number, gridId: household.gridId, address: household.address, note: household.note, tags: household.tags } : { tags: [], ...defaults }}
      channel={household ? 'household.update' : 'household.create'}
      toInput={(v) => (household ? { id: household.id, ...toInput(v) } : toInput(v))}
      onCancel={onCancel}
      onDone={(h) => onDone(h, !household)}
      width={640}
      zIndex={1100}
      requiredMark
      testIds={{ dialog: 'household-dialog', form: 'household-form', ok: 'household-ok', error: 'dialog-error' }}
    />
  );
}
