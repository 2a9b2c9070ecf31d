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
import { ledgerRow, pagesOf, writeLedgerWorkbook, type LedgerCell, type LedgerSource } from '../../xlsx/ledgerWorkbook';
import { PATIENT_LEDGER, type LedgerKeys } from '../../../../shared/reports/ledgers';
import { duesByEntry, patientDues } from './dues';
import { incidentFacts, queryPatients, type PatientRaw } from './service';
import { awardEligible } from '../../../../shared/rules/ledgerRules';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { teamMember } from '../../db/schema';

/** The 台账 rows of a filter, in the list's order. */
export function patientLedger(ctx: ServiceContext, filter: Omit<ChannelParsed<'patient.export'>, 'path'>): LedgerSource {
  const town = requireTown(ctx);
  const rules = getRules(ctx);
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
  const p = (r: Row): PatientRaw => r.raw;
  const values: Record<LedgerKeys<typeof PATIENT_LEDGER>, (r: Row) => LedgerCell> = {
    index: (r) => r.index,
    village: (r) => p(r).villageName ?? '',
    grid: (r) => p(r).gridName ?? '',
    name: (r) => p(r).name,
    sex: (r) => labelOf(sexTable, p(r).sex),
    idNumber: (r) => p(r).idNumber,
    birthDate: (r) => p(r).birthDate,
    phone: (r) => p(r).phone,
    currentAddress: (r) => p(r).currentAddress,
    inLowIncome: (r) => (p(r).inLowIncome ? '是' : '否'),
    guardianName: (r) => p(r).guardianName,
    guardianIdNumber: (r) => p(r).guardianIdNumber ?? '',
    guardianPhone: (r) => p(r).guardianPhone,
    guardianRelation: (r) => labelOf(relationTable, p(r).guardianRelation),
    firstOnsetOn: (r) => p(r).firstOnsetOn ?? '',
    diagnosis: (r) => labelOf(diagnosisTable, p(r).diagnosis),
    hasIncidents: (r) => (r.incidentCount > 0 ? '有' : '无'),
    incidentCount: (r) => r.incidentCount,
    lastIncidentOn: (r) => r.lastIncidentOn ?? '',
    risk: (r) => `${p(r).risk}级`,
    treatment: (r) => labelOf(treatmentTable, p(r).treatment),
    hospital: (r) => p(r).hospital,
    team: (r) => (teams.get(p(r).id) ?? []).join('、'),
    registeredOn: (r) => p(r).registeredOn,
    status: (r) => p(r).status,
    statusSince: (r) => p(r).statusSince,
    lastFollowUpOn: (r) => p(r).lastFollowUpOn ?? '',
    lastFollowUpClass: (r) => labelOf(followUpClassTable, p(r).lastFollowUpClass),
    nextFollowUpOn: (r) => dues.get(p(r).id)?.find((d) => d.kind === '随访')?.dueDate ?? '',
    awardEligible: (r) => (r.eligible ? '是' : '否'),
    awardAgreementSignedOn: (r) => p(r).awardAgreementSignedOn ?? '',
    lastAwardReviewOn: (r) => p(r).lastAwardReviewOn ?? '',
    note: (r) => p(r).note,
  };
  const items = rows.map((r) => ledgerRow(values, r));
  return {
    townName: town.name,
    subtitle: `填报单位：${town.name}综治中心　　导出日期：${chineseDate(ctx.today())}　　共 ${rows.length} 人`,
    date: ctx.today(),
    total: items.length,
    pages: () => pagesOf(items),
  };
}

export async function exportPatients(ctx: ServiceContext, input: ChannelParsed<'patient.export'>) {
  const { path, ...filter } = input;
  const n = await writeLedgerWorkbook(path, PATIENT_LEDGER, patientLedger(ctx, filter), guardOf(ctx));
  return { path, rows: n };
}
