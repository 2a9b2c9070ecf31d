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
import { writeListWorkbook, type ListSheet } from '../../xlsx/listWorkbook';
import { queryReleased, type ReleasedFullRow } from './service';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { grid, teamMember, village } from '../../db/schema';

const yesNo = (b: boolean) => (b ? '是' : '否');

function filterNote(ctx: ServiceContext, filter: ChannelParsed<'released.export'>): string {
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

export async function exportReleased(ctx: ServiceContext, input: ChannelParsed<'released.export'>) {
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
  const items = rows.map((r, i) => ({ ...r, index: i + 1, team: (teams.get(r.id) ?? []).join('、') }));
  type Item = ReleasedFullRow & { index: number; team: string };
  const sheet: ListSheet<Item> = {
    name: '刑满释放人员台账',
    title: `${town.name}刑满释放人员台账`,
    subtitle: `填报单位：${town.name}综治中心　　导出日期：${chineseDate(ctx.today())}　　${filterNote(ctx, input)}　　共 ${items.length} 人`,
    columns: [
      { header: '序号', width: 6, value: (r) => r.index },
      { header: '村（社区）', width: 12, value: (r) => r.villageName ?? '' },
      { header: '网格', width: 12, value: (r) => r.gridName ?? '' },
      { header: '姓名', width: 9, value: (r) => r.name },
      { header: '性别', width: 5, value: (r) => labelOf(sexTable, r.sex) },
      { header: '公民身份号码', width: 21, value: (r) => r.idNumber, numFmt: '@' },
      { header: '出生日期', width: 11, value: (r) => r.birthDate },
      { header: '联系电话', width: 13, value: (r) => r.phone, numFmt: '@' },
      { header: '现住址', width: 22, value: (r) => r.currentAddress },
      { header: '是否累犯', width: 6, value: (r) => yesNo(r.recidivist) },
      { header: '原罪名', width: 16, value: (r) => labelOf(originalCrimeTable, r.crime) },
      { header: '原判刑期', width: 10, value: (r) => r.sentence },
      { header: '服刑场所', width: 16, value: (r) => r.prison },
      { header: '释放日期', width: 11, value: (r) => r.releaseDate },
      { header: '是否社区矫正期满', width: 8, value: (r) => yesNo(r.endedInCorrection) },
      { header: '帮教期满日', width: 11, value: (r) => r.termEnd },
      { header: '危险性评估类型', width: 12, value: (r) => labelOf(riskAssessmentTypeTable, RELEASED_CLASS_TO_GB[r.class as ReleasedClass]) },
      { header: '帮教分类', width: 7, value: (r) => labelOf(releasedClassTable, r.class) },
      { header: '分类评估日期', width: 11, value: (r) => r.classAssessedOn ?? '' },
      { header: '通知书收到日期', width: 11, value: (r) => r.noticeReceivedOn ?? '' },
      { header: '衔接日期', width: 11, value: (r) => r.handoverOn ?? '' },
      { header: '衔接情况', width: 14, value: (r) => labelOf(handoverTable, r.handoverCode) },
      { header: '报到日期', width: 11, value: (r) => r.reportedOn ?? '' },
      { header: '帮教协议签订日期', width: 11, value: (r) => r.agreementSignedOn ?? '' },
      { header: '安置日期', width: 11, value: (r) => r.placedOn ?? '' },
      { header: '安置情况', width: 16, value: (r) => labelOf(placementTable, r.placementCode) },
      { header: '未安置原因', width: 16, value: (r) => r.unplacedReason },
      { header: '帮教小组', width: 28, value: (r) => r.team },
      { header: '最近帮教记录', width: 11, value: (r) => r.lastHelpOn ?? '' },
      { header: '帮教状态', width: 8, value: (r) => r.status },
      { header: '状态日期', width: 11, value: (r) => r.statusSince },
      { header: '是否重新犯罪', width: 6, value: (r) => yesNo(r.reoffendOn !== null) },
      { header: '重新犯罪日期', width: 11, value: (r) => r.reoffendOn ?? '' },
      { header: '重新犯罪罪名', width: 14, value: (r) => r.reoffendCrime },
      { header: '备注', width: 16, value: (r) => r.note },
    ],
    rows: items,
  };
  const n = await writeListWorkbook(input.path, [sheet as ListSheet<unknown>], guardOf(ctx));
  return { path: input.path, rows: n };
}
