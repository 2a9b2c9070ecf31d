// One click from a due item to the form that clears it: 帮教记录 for 首次走访/帮教走访, 随访记录 for 随访, 复核 for
// 低保复核, and the step forms for 待登记衔接 (衔接), 报到逾期 (报到), 分类复评 (分类评估), 期满待解除 (期满解除)
// and 以奖代补年审. The entry is read first, so the form knows its subject and current values.
import { App, Spin } from 'antd';
import { useEffect, useState } from 'react';
import type { LowIncomeDetail } from '../../../../shared/contract/lowIncome';
import type { PatientDetail } from '../../../../shared/contract/patient';
import type { ReleasedPersonDetail } from '../../../../shared/contract/released';
import type { DueKind, LedgerName } from '../../../../shared/contract/records';
import { call, errorMessage } from '../../api';
import { RecordDialog } from './RecordDialog';
import { PatientStepDialog, ReleasedStepDialog } from './steps';

export interface DueTarget {
  kind: DueKind | string;
  ledger: LedgerName;
  entryId: number;
}

/** What the button says for each kind. */
export const dueActionLabels: Record<string, string> = {
  待登记衔接: '登记衔接',
  报到逾期: '登记报到',
  首次走访: '帮教记录',
  帮教走访: '帮教记录',
  分类复评: '分类评估',
  期满待解除: '期满解除',
  随访: '随访记录',
  以奖代补年审: '年审',
  低保复核: '复核',
  住户走访: '登记走访',
};

type Loaded = { ledger: 'released'; e: ReleasedPersonDetail } | { ledger: 'patient'; e: PatientDetail } | { ledger: 'lowIncome'; e: LowIncomeDetail };

export function DueAction({ item, onClose, onDone }: { item: DueTarget; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let live = true;
    const load = async (): Promise<Loaded> => {
      if (item.ledger === 'released') return { ledger: 'released', e: await call('released.get', { id: item.entryId }) };
      if (item.ledger === 'patient') return { ledger: 'patient', e: await call('patient.get', { id: item.entryId }) };
      return { ledger: 'lowIncome', e: await call('lowIncome.get', { id: item.entryId }) };
    };
    load()
      .then((l) => live && setLoaded(l))
      .catch((err) => {
        if (!live) return;
        message.error(errorMessage(err));
        onClose();
      });
    return () => {
      live = false;
    };
  }, [item.ledger, item.entryId, message, onClose]);

  if (!loaded) return <Spin fullscreen />;
  const done = () => {
    message.success(`已保存：${item.kind}`);
    onDone();
  };

  if (loaded.ledger === 'released') {
    const e = loaded.e;
    switch (item.kind) {
      case '待登记衔接':
        return <ReleasedStepDialog step="handover" entry={e} onCancel={onClose} onDone={done} />;
      case '报到逾期':
        return <ReleasedStepDialog step="report" entry={e} onCancel={onClose} onDone={done} />;
      case '分类复评':
        return <ReleasedStepDialog step="assess" entry={e} onCancel={onClose} onDone={done} />;
      case '期满待解除':
        return <ReleasedStepDialog step="changeStatus" presetStatus="期满解除" entry={e} onCancel={onClose} onDone={done} />;
      default:
        return <RecordDialog target={{ kind: 'help', releasedPersonId: e.id, subject: e.name, purpose: item.kind }} onCancel={onClose} onDone={done} />;
    }
  }
  if (loaded.ledger === 'patient') {
    const e = loaded.e;
    if (item.kind === '以奖代补年审') return <PatientStepDialog step="awardReview" entry={e} onCancel={onClose} onDone={done} />;
    return <RecordDialog target={{ kind: 'followUp', patientId: e.id, subject: e.name, lastRisk: e.risk }} onCancel={onClose} onDone={done} />;
  }
  const e = loaded.e;
  return (
    <RecordDialog
      target={{ kind: 'review', lowIncomeId: e.id, subject: `${e.headName ?? ''}户（户号 ${e.householdNumber}）`, currentAmount: e.monthlyAmount }}
      onCancel={onClose}
      onDone={done}
    />
  );
}
