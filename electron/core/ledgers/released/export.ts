// 刑满释放人员台账 as xlsx: the base record and the data items of GB/T 31000 (domain.md Part 2 §1.4) in their order,
// codes written as their Chinese labels, full ID numbers as text, the computed 期满日, the 帮教小组 and the last 帮教记录.
import type { ChannelParsed } from '../../../../shared/contract';
import {
  RELEASED_CLASS_TO_GB,
  handoverTable,
  labelOf,
  originalCrimeTable,
  placementTable,
  releasedClassTable,
  riskAssessmentTypeTable,
  sexTable,
  type ReleasedClass,
} from '../../../../shared/codes';
import { helpTeamRoleTable } from '../../../../shared/codes/ledger';
import { chineseDate } from '../../../../shared/rules/dates';
import type { ServiceContext } from '../../context';
import { requireTown } from '../../town/service';
import { guardOf } from '../../files/safeOutput';
import { ledgerRow, pagesOf, writeLedgerWorkbook, type LedgerCell, type LedgerRow, type LedgerSource } from '../../xlsx/ledgerWorkbook';
import { RELEASED_LEDGER, type LedgerKeys } from '../../../../shared/reports/ledgers';
import { queryReleased, type ReleasedFullRow } from './service';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { grid, teamMember, village } from '../../db/schema';

const yesNo = (b: boolean) => (b ? '是' : '否');

function filterNote(ctx: ServiceContext, filter: Omit<ChannelParsed<'released.export'>, 'path'>): string {
  const parts: string[] = [];
  const status = filter.status?.trim() ?? '';
  parts.push(status === '' ? '范围：未结束帮教的人员' : status === '全部' ? '范围：全部人员' : `状态：${status}`);
  const db = ctx.ledger.db;
  if (filter.villageId !== undefined) {
    const v = db.select({ name: village.name }).from(village).where(eq(village.id, filter.villageId)).get();
    if (v) parts.push(`村（社区）：${v.name}`);
  }
  if (filter.gridId !== undefined) {
    const g = db.select({ name: grid.name }).from(grid).where(eq(grid.id, filter.gridId)).get();
    if (g) parts.push(`网格：${g.name}`);
  }
  if (filter.query) parts.push(`查询：${filter.query}`);
  return parts.join('　　');
}

/** The 台账 rows of a filter, in the list's order, with the subtitle that says what they are. */
export function releasedLedger(ctx: ServiceContext, input: Omit<ChannelParsed<'released.export'>, 'path'>): LedgerSource {
  const town = requireTown(ctx);
  const rows = queryReleased(ctx, input);
  const teams = new Map<number, string[]>();
  const t = teamMember;
  const members = ctx.ledger.db
    .select({ entryId: t.entryId, name: t.name, role: t.role })
    .from(t)
    .where(and(eq(t.ledger, 'released'), isNull(t.toDate)))
    .orderBy(asc(t.entryId), asc(t.role), asc(t.id))
    .all();
  for (const m of members) {
    const list = teams.get(m.entryId) ?? [];
    list.push(`${m.name}（${labelOf(helpTeamRoleTable, m.role)}）`);
    teams.set(m.entryId, list);
  }
  type Item = ReleasedFullRow & { index: number; team: string };
  const values: Record<LedgerKeys<typeof RELEASED_LEDGER>, (r: Item) => LedgerCell> = {
    index: (r) => r.index,
    village: (r) => r.villageName ?? '',
    grid: (r) => r.gridName ?? '',
    name: (r) => r.name,
    sex: (r) => labelOf(sexTable, r.sex),
    idNumber: (r) => r.idNumber,
    birthDate: (r) => r.birthDate,
    phone: (r) => r.phone,
    currentAddress: (r) => r.currentAddress,
    recidivist: (r) => yesNo(r.recidivist),
    crime: (r) => labelOf(originalCrimeTable, r.crime),
    sentence: (r) => r.sentence,
    prison: (r) => r.prison,
    releaseDate: (r) => r.releaseDate,
    endedInCorrection: (r) => yesNo(r.endedInCorrection),
    termEnd: (r) => r.termEnd,
    riskType: (r) => labelOf(riskAssessmentTypeTable, RELEASED_CLASS_TO_GB[r.class as ReleasedClass]),
    class: (r) => labelOf(releasedClassTable, r.class),
    classAssessedOn: (r) => r.classAssessedOn ?? '',
    noticeReceivedOn: (r) => r.noticeReceivedOn ?? '',
    handoverOn: (r) => r.handoverOn ?? '',
    handover: (r) => labelOf(handoverTable, r.handoverCode),
    reportedOn: (r) => r.reportedOn ?? '',
    agreementSignedOn: (r) => r.agreementSignedOn ?? '',
    placedOn: (r) => r.placedOn ?? '',
    placement: (r) => labelOf(placementTable, r.placementCode),
    unplacedReason: (r) => r.unplacedReason,
    team: (r) => r.team,
    lastHelpOn: (r) => r.lastHelpOn ?? '',
    status: (r) => r.status,
    statusSince: (r) => r.statusSince,
    reoffended: (r) => yesNo(r.reoffendOn !== null),
    reoffendOn: (r) => r.reoffendOn ?? '',
    reoffendCrime: (r) => r.reoffendCrime,
    note: (r) => r.note,
  };
  const items = rows.map((r, i): LedgerRow => ledgerRow(values, { ...r, index: i + 1, team: (teams.get(r.id) ?? []).join('、') }));
  return {
    townName: town.name,
    subtitle: `填报单位：${town.name}综治中心　　导出日期：${chineseDate(ctx.today())}　　${filterNote(ctx, input)}　　共 ${items.length} 人`,
    date: ctx.today(),
    total: items.length,
    pages: () => pagesOf(items),
  };
}

export async function exportReleased(ctx: ServiceContext, input: ChannelParsed<'released.export'>) {
  const n = await writeLedgerWorkbook(input.path, RELEASED_LEDGER, releasedLedger(ctx, input), guardOf(ctx));
  return { path: input.path, rows: n };
}
