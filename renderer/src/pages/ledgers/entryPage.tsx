// What the three key-group detail pages share around their own content: the entry and its records, loaded and
// reloaded together; the waiting and error states; and the dialogs each page opens the same way (a due item's form,
// the 帮教小组 / 关爱帮扶小组, the person page).
import { Alert, App, Button, Spin } from 'antd';
import { useCallback, useState } from 'react';
import type { CodeTable } from '../../../../shared/codes/table';
import type { TeamMemberRow } from '../../../../shared/contract/entry';
import type { LedgerName } from '../../../../shared/contract/records';
import { call } from '../../api';
import { useLoad } from '../../components/ledger/common';
import { DueAction } from '../../components/ledger/DueAction';
import { TeamEditor } from '../../components/ledger/TeamEditor';
import { useGridTree } from '../../gridData';
import { navigate } from '../../useRoute';
import { PersonDrawer } from '../people/PersonDrawer';

/** The team a page lets staff edit: its name (帮教小组 …), roles, and how it is saved. */
export interface TeamSetup {
  label: string;
  subject: string;
  team: TeamMemberRow[];
  roles: CodeTable;
  excludeResidentId: number;
  save: (members: Parameters<Parameters<typeof TeamEditor>[0]['save']>[0]) => Promise<unknown>;
}

export function useEntryPage<T>(ledger: LedgerName, id: number, load: () => Promise<T>) {
  const { message } = App.useApp();
  const { tree } = useGridTree();
  const entry = useLoad(load, [id]);
  const records = useLoad(() => call('record.list', { ledger, entryId: id }), [id]);
  const [due, setDue] = useState<string | null>(null);
  const [person, setPerson] = useState<number | null>(null);
  const [team, setTeam] = useState(false);
  const closeDue = useCallback(() => setDue(null), []);
  const { reload: reloadEntry } = entry;
  const { reload: reloadRecords } = records;
  const refresh = useCallback(() => {
    reloadEntry();
    reloadRecords();
  }, [reloadEntry, reloadRecords]);

  /** Until the entry is there: a spinner, or the error with the way back to the list. */
  const pending = entry.value ? null : entry.error ? (
    <Alert type="error" showIcon title={entry.error} action={<Button onClick={() => navigate(ledger)}>返回名单</Button>} />
  ) : (
    <Spin style={{ display: 'block', margin: '80px auto' }} />
  );

  const dialogs = (teamSetup?: TeamSetup) => (
    <>
      {team && teamSetup ? (
        <TeamEditor
          title={`${teamSetup.label}：${teamSetup.subject}`}
          team={teamSetup.team}
          roles={teamSetup.roles}
          excludeResidentId={teamSetup.excludeResidentId}
          save={teamSetup.save}
          onCancel={() => setTeam(false)}
          onDone={() => {
            setTeam(false);
            message.success(`已保存${teamSetup.label}`);
            reloadEntry();
          }}
        />
      ) : null}
      {due ? (
        <DueAction
          item={{ kind: due, ledger, entryId: id }}
          onClose={closeDue}
          onDone={() => {
            setDue(null);
            refresh();
          }}
        />
      ) : null}
      {person !== null ? <PersonDrawer id={person} tree={tree} onClose={() => setPerson(null)} onOpen={setPerson} onChanged={refresh} /> : null}
    </>
  );

  return { entry, records, refresh, pending, dialogs, openDue: setDue, openPerson: setPerson, openTeam: () => setTeam(true), message };
}
