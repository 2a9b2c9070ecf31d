// 打印档案卡 (one entry, or a ledger's list: the whole group or the filter's village) and the 低保公示表, each a PDF the
// core writes in its worker (report.card / report.posting).
import type { LedgerName } from '../../../../shared/contract/records';
import type { GridTree } from '../../../../shared/contract/grid';
import { call } from '../../api';
import { PdfButton } from '../PdfButton';
import { todayString } from '../fields';

const GROUP_NAMES: Record<LedgerName, string> = { released: '刑满释放人员', patient: '严重精神障碍患者', lowIncome: '低保户' };

export function CardButton({ group, entryId, name }: { group: LedgerName; entryId: number; name: string }) {
  return (
    <PdfButton
      label="打印档案卡"
      defaultName={`${name}档案卡.pdf`}
      testId="card-print"
      run={(path, jobId) => call('report.card', { group, entryId, path }, { jobId })}
    />
  );
}

const villageOf = (tree: GridTree | null, villageId: number | undefined) => (villageId === undefined ? null : tree?.villages.find((v) => v.id === villageId) ?? null);

/** The cards of everyone on the list's ledger, or of the village the filter names. */
export function BatchCardButton({ group, tree, villageId, townName, disabled }: { group: LedgerName; tree: GridTree | null; villageId?: number; townName: string; disabled?: boolean }) {
  const v = villageOf(tree, villageId);
  return (
    <PdfButton
      label={v ? `${v.name}档案卡` : '全部档案卡'}
      defaultName={`${townName}${v?.name ?? ''}${GROUP_NAMES[group]}档案卡.pdf`}
      testId="card-batch"
      disabled={disabled}
      done={(r: { pages: number }) => `共 ${r.pages} 张，`}
      run={(path, jobId) => call('report.card', { group, ...(v ? { village: v.code } : {}), path }, { jobId })}
    />
  );
}

/** 低保公示表 of the current month (公示期: the month's first working week), the filter's village or the whole town. */
export function PostingButton({ tree, villageId, townName }: { tree: GridTree | null; villageId?: number; townName: string }) {
  const v = villageOf(tree, villageId);
  const month = todayString().slice(0, 7);
  return (
    <PdfButton
      label="公示表"
      defaultName={`${townName}${v?.name ?? ''}低保公示表_${month}.pdf`}
      testId="posting-print"
      done={(r: { households: number; from: string; to: string }) => `共 ${r.households} 户，公示期 ${r.from} 至 ${r.to}，`}
      run={(path, jobId) => call('report.posting', { month, ...(v ? { village: v.code } : {}), path }, { jobId })}
    />
  );
}
