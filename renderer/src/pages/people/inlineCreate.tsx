// Registering a 帮教对象, patient or 低保户 for someone not yet in 实有人口: the person (or household) form opens over
// the ledger form and what it makes is picked there — no trip to another page and back.
import type { Household } from '../../../../shared/contract/people';
import type { InlineCreate } from '../../components/form/FormDialog';
import type { PickedResident } from '../../components/ledger/pickers';
import { gridLabels, useGridTree } from '../../gridData';
import { HouseholdDialog } from './HouseholdDialog';
import { PersonDialog } from './PersonDialog';

function NewResident({ household, done }: { household?: Household | null; done: (p: PickedResident | null) => void }) {
  const { tree } = useGridTree();
  return (
    <PersonDialog
      tree={tree}
      person={null}
      household={household}
      onCancel={() => done(null)}
      onDone={(p) => {
        const place = p.gridId ? gridLabels(tree).get(p.gridId) : undefined;
        done({ id: p.id, name: p.name, idNumber: p.idNumber, phone: p.phone, householdId: p.householdId, place: place ?? '无网格' });
      }}
    />
  );
}

function NewHousehold({ done }: { done: (h: { id: number; label: string } | null) => void }) {
  const { tree } = useGridTree();
  return (
    <HouseholdDialog
      tree={tree}
      onCancel={() => done(null)}
      onDone={(h) => done({ id: h.id, label: `户号 ${h.number}　${h.address}　${h.members.length} 人` })}
    />
  );
}

/** 新登记人员 beside a resident picker. */
export const newResident: InlineCreate<PickedResident> = {
  label: '新登记人员',
  testId: 'new-resident-inline',
  dialog: (done) => <NewResident done={done} />,
};

/** 新建户 beside a household picker. */
export const newHousehold: InlineCreate<{ id: number; label: string }> = {
  label: '新建户',
  testId: 'new-household-inline',
  dialog: (done) => <NewHousehold done={done} />,
};

/** 添加成员 to a household being registered (its members are then listed again). */
export function NewMember({ household, done }: { household: Household; done: (p: PickedResident | null) => void }) {
  return <NewResident household={household} done={done} />;
}
