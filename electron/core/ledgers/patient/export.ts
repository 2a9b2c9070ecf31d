// 严重精神障碍患者台账 as xlsx: the data items of GB/T 31000 (domain.md Part 2 §1.5) after the person's base items,
// codes written as their labels, 危险性 as "N级", then the 综治 side (监护人, 以奖代补, 关爱帮扶小组, 随访).
import type { ChannelParsed } from '../../../../shared/contract';
import { careTeamRoleTable, diagnosisTable, followUpClassTable, treatmentTable } from '../../../../shared/codes/ledger';
import { relationTable } from '../../../../shared/codes/person';
import { labelOf, sexTable } from '../../../../shared/codes';
import { chineseDate } from '../../../../shared/rules/dates';
import type { ServiceContext } from '../../context';
import { getRules } from '../../rules/service';
import { requireTown } from '../../town/service';
import { guardOf } from '../../files/safeOutput';
import { writeListWorkbook, type ListSheet } from '../../xlsx/listWorkbook';
import { duesByEntry, patientDues } from './dues';
import { incidentFacts, queryPatients, type PatientRaw } from './service';
import { awardEligible } from '../../../../shared/rules/ledgerRules';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { teamMember } from '../../db/schema';

const TEXT = '@';

export async function exportPatients(ctx: ServiceContext, input: ChannelParsed<'patient.export'>) {
  const town = requireTown(ctx);
  const rules = getRules(ctx);
  const { path, ...filter } = input;
  const raws = queryPatients(ctx, filter);
  const dues = duesByEntry(patientDues(ctx, { entryIds: raws.map((r) => r.id) }), ctx.today(), rules);
  const teams = new Map<number, string[]>();
  const t = teamMember;
  for (const m of ctx.ledger.db
    .select({ entryId: t.entryId, name: t.name, role: t.role })
    .from(t)
    .where(and(eq(t.ledger, 'patient'), isNull(t.toDate)))
    .orderBy(asc(t.role), asc(t.id))
    .all()) {
    const list = teams.get(m.entryId) ?? [];
    list.push(`${m.name}（${labelOf(careTeamRoleTable, m.role)}）`);
    teams.set(m.entryId, list);
  }
  const rows = raws.map((raw, i) => {
    const incidents = incidentFacts(raw);
    return { raw, index: i + 1, ...incidents, eligible: awardEligible({ lastRisk: raw.risk, incidentCount: incidents.incidentCount }, rules) };
  });
  type Row = (typeof rows)[number];
  const c = (header: string, width: number, value: (r: Row) => string | number | null, numFmt?: string) => ({ header, width, value, numFmt });
  const p = (r: Row): PatientRaw => r.raw;
  const sheet: ListSheet<Row> = {
    name: '严重精神障碍患者台账',
    title: `${town.name}严重精神障碍患者台账`,
    subtitle: `填报单位：${town.name}综治中心　　导出日期：${chineseDate(ctx.today())}　　共 ${rows.length} 人`,
    columns: [
      c('序号', 6, (r) => r.index),
      c('村（社区）', 12, (r) => p(r).villageName ?? ''),
      c('网格', 12, (r) => p(r).gridName ?? ''),
      c('姓名', 9, (r) => p(r).name),
      c('性别', 5, (r) => labelOf(sexTable, p(r).sex)),
      c('公民身份号码', 21, (r) => p(r).idNumber, TEXT),
      c('出生日期', 11, (r) => p(r).birthDate),
      c('联系电话', 13, (r) => p(r).phone, TEXT),
      c('现住址', 22, (r) => p(r).currentAddress),
      c('是否纳入低保', 7, (r) => (p(r).inLowIncome ? '是' : '否')),
      c('监护人姓名', 9, (r) => p(r).guardianName),
      c('监护人公民身份号码', 21, (r) => p(r).guardianIdNumber ?? '', TEXT),
      c('监护人联系方式', 13, (r) => p(r).guardianPhone, TEXT),
      c('监护人与患者关系', 9, (r) => labelOf(relationTable, p(r).guardianRelation)),
      c('初次发病日期', 11, (r) => p(r).firstOnsetOn ?? ''),
      c('目前诊断类型', 16, (r) => labelOf(diagnosisTable, p(r).diagnosis)),
      c('有无肇事肇祸史', 7, (r) => (r.incidentCount > 0 ? '有' : '无')),
      c('肇事肇祸次数', 7, (r) => r.incidentCount),
      c('上次肇事肇祸日期', 11, (r) => r.lastIncidentOn ?? ''),
      c('目前危险性评估等级', 8, (r) => `${p(r).risk}级`),
      c('治疗情况', 14, (r) => labelOf(treatmentTable, p(r).treatment)),
      c('治疗医院名称', 16, (r) => p(r).hospital),
      c('关爱帮扶小组', 24, (r) => (teams.get(p(r).id) ?? []).join('、')),
      c('建档日期', 11, (r) => p(r).registeredOn),
      c('管理状态', 7, (r) => p(r).status),
      c('状态日期', 11, (r) => p(r).statusSince),
      c('末次随访日期', 11, (r) => p(r).lastFollowUpOn ?? ''),
      c('末次随访分类', 9, (r) => labelOf(followUpClassTable, p(r).lastFollowUpClass)),
      c('下次随访日期', 11, (r) => dues.get(p(r).id)?.find((d) => d.kind === '随访')?.dueDate ?? ''),
      c('以奖代补对象', 7, (r) => (r.eligible ? '是' : '否')),
      c('监护责任书签订日期', 11, (r) => p(r).awardAgreementSignedOn ?? ''),
      c('以奖代补年审日期', 11, (r) => p(r).lastAwardReviewOn ?? ''),
      c('备注', 16, (r) => p(r).note),
    ],
    rows,
  };
  const n = await writeListWorkbook(path, [sheet as ListSheet<unknown>], guardOf(ctx));
  return { path, rows: n };
}
