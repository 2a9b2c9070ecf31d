// A person's page: their place in every ledger and one timeline of everything about them, newest first.
//
// Decisions where the docs are silent:
// - The 登记 event of a 帮教 entry is dated on the 通知书 (when registered from one), else on the 释放日期; the first
//   status of an entry (a change without a "from") is told in the 登记 event, not as a change of its own.
// - 低保 appears through low_income_member (the person is a covered member); its 确认 and 退出 are events, its status
//   changes are not repeated (退出 says it). 复核 records show through the household's entry.
// - Records: those about the person, those of the person's entries, and 走访 of the person's current household.
// - On the same date, later steps come first (e.g. a 帮教记录 above the 报到 of that day).
import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { TimelineEvent } from '../../../shared/contract/records';
import { recordKindLabels, type LedgerName, type RecordKind } from '../../../shared/contract/records';
import {
  careTeamRoleTable, diagnosisTable, followUpClassTable, handoverTable, helpTeamRoleTable, hospitalizationTable, labelOf, lockingTable,
  lowIncomeClassTable, lowIncomeExitReasonTable, medicationTable, originalCrimeTable, placementTable, relationTable, releasedClassTable,
  treatmentTable,
} from '../../../shared/codes';
import { releasedTermEnd } from '../../../shared/rules/ledgerRules';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import { fenToYuan } from '../ledgers/common';
import { getRules } from '../rules/service';
import { rows } from '../db/query';
import { revisionsOf } from './revisions';
import { household, lowIncome, lowIncomeMember, patient, record, releasedAssessment, releasedPerson, resident, statusChange, teamMember } from '../db/schema';

export interface LedgerPlace {
  ledger: LedgerName;
  entryId: number;
  status: string;
  since: string;
  summary: string;
}

const ledgerTitles: Record<LedgerName, string> = { released: '安置帮教', patient: '严重精神障碍患者', lowIncome: '低保' };
const STEP_WORDS: Record<string, string> = { handover: '衔接', report: '报到', agreement: '帮教协议', place: '安置', awardAgreement: '监护责任书', exit: '低保退出', status: '状态变更', assessment: '分类评估' };

const join = (parts: (string | false | null | undefined)[]) => parts.filter((p) => p).join('；');

class Events {
  private list: (TimelineEvent & { seq: number })[] = [];
  add(
    date: string | null | undefined, ledger: LedgerName | null, kind: string, title: string, detail = '', recordId: number | null = null,
    marks: Pick<TimelineEvent, 'voided' | 'corrections'> = { voided: null, corrections: [] },
  ) {
    if (!date) return;
    this.list.push({ date, ledger, kind, title, detail, recordId, ...marks, seq: this.list.length });
  }
  sorted(): TimelineEvent[] {
    return this.list
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.seq - a.seq))
      .map(({ seq: _seq, ...e }) => e);
  }
}

type StatusRow = Pick<typeof statusChange.$inferSelect, 'entryId' | 'fromStatus' | 'toStatus' | 'date' | 'reason'>;
type TeamRow = Pick<typeof teamMember.$inferSelect, 'name' | 'role' | 'fromDate' | 'toDate'>;

/** An entry's status changes, oldest first (one statement for every entry of the page). */
const statusOf = (ctx: ServiceContext, ledger: LedgerName, entryId: number) =>
  rows(ctx.ledger.sqlite, sql<StatusRow>`select ${statusChange.entryId} as entryId, ${statusChange.fromStatus} as fromStatus, ${statusChange.toStatus} as toStatus,
      ${statusChange.date} as date, ${statusChange.reason} as reason
    from ${statusChange} where ${statusChange.ledger} = ${ledger} and ${statusChange.entryId} = ${entryId} and ${statusChange.voidedOn} is null order by ${statusChange.date}, ${statusChange.id}`);

const teamOf = (ctx: ServiceContext, ledger: LedgerName, entryId: number) =>
  rows(ctx.ledger.sqlite, sql<TeamRow>`select ${teamMember.name} as name, ${teamMember.role} as role, ${teamMember.fromDate} as fromDate, ${teamMember.toDate} as toDate
    from ${teamMember} where ${teamMember.ledger} = ${ledger} and ${teamMember.entryId} = ${entryId} order by ${teamMember.id}`);

const li = alias(lowIncome, 'e');
const h = alias(household, 'h');
const m = alias(lowIncomeMember, 'm');
const m2 = alias(lowIncomeMember, 'm2');

export function personTimeline(ctx: ServiceContext, residentId: number): { ledgers: LedgerPlace[]; events: TimelineEvent[] } {
  const db = ctx.ledger.db;
  const rules = getRules(ctx);
  const person = db
    .select({ id: resident.id, name: resident.name, householdId: resident.householdId, status: resident.status, leftOn: resident.leftOn, leftReason: resident.leftReason })
    .from(resident)
    .where(eq(resident.id, residentId))
    .get();
  if (!person) throw notFound(`找不到编号为 ${residentId} 的人员`);

  const ledgers: LedgerPlace[] = [];
  const events = new Events();
  const entryKeys: { ledger: LedgerName; entryId: number }[] = [];

  const addStatusChanges = (ledger: LedgerName, changes: StatusRow[]) => {
    for (const c of changes) {
      if (c.fromStatus === null) continue;
      events.add(c.date, ledger, '状态变更', `状态变更：${c.fromStatus} → ${c.toStatus}`, c.reason);
    }
  };
  const addTeam = (ledger: 'released' | 'patient', entryId: number, team: string, roles: typeof helpTeamRoleTable) => {
    for (const m of teamOf(ctx, ledger, entryId)) {
      const who = `${m.name}（${labelOf(roles, m.role)}）`;
      events.add(m.fromDate, ledger, '小组变更', `${who}加入${team}`);
      events.add(m.toDate, ledger, '小组变更', `${who}退出${team}`);
    }
  };

  // ───── 安置帮教
  const p = releasedPerson;
  const releasedRows = db
    .select({
      id: p.id, noticeReceivedOn: p.noticeReceivedOn, prison: p.prison, crime: p.crime, sentence: p.sentence, releaseDate: p.releaseDate,
      endedInCorrection: p.endedInCorrection, handoverOn: p.handoverOn, handoverCode: p.handoverCode, reportedOn: p.reportedOn,
      agreementSignedOn: p.agreementSignedOn, class: p.class, placementCode: p.placementCode, placedOn: p.placedOn, unplacedReason: p.unplacedReason,
      reoffendCrime: p.reoffendCrime, status: p.status, statusSince: p.statusSince, voidedOn: p.voidedOn, voidReason: p.voidReason,
    })
    .from(p)
    .where(eq(p.residentId, residentId))
    .orderBy(asc(p.id))
    .all();
  // A voided entry leaves the person's ledgers; its 作废 is an event, struck through, with the reason.
  const voided = (ledger: LedgerName) => (on: string | null, reason: string | null) => {
    if (on) events.add(on, ledger, '作废', `${ledgerTitles[ledger]}登记作废`, reason ?? '', null, { voided: { on, reason: reason ?? '' }, corrections: [] });
  };
  let voidedEntry = voided('released');
  // The 更正 and 作废 of an entry's steps, each an event on the day it was made, with what changed and why.
  const addStepRevisions = (ledger: LedgerName, ids: readonly number[]) => {
    for (const v of revisionsOf(ctx, ledger, ids).filter((x) => x.step)) {
      const what = v.changes.map((c) => `${c.field}：${c.before} → ${c.after}`).join('；');
      const verb = v.action === 'void' ? '作废' : '更正';
      events.add(v.createdAt.slice(0, 10), ledger, verb, `${verb}${STEP_WORDS[v.step!] ?? v.step}`, join([what, `原因：${v.reason}`, v.byName && `经办：${v.byName}`]));
    }
  };
  addStepRevisions('released', releasedRows.map((e) => e.id));
  for (const e of releasedRows) {
    entryKeys.push({ ledger: 'released', entryId: e.id });
    const termEnd = releasedTermEnd(e.releaseDate, Boolean(e.endedInCorrection), rules);
    voidedEntry(e.voidedOn, e.voidReason);
    if (!e.voidedOn) ledgers.push({
      ledger: 'released',
      entryId: e.id,
      status: e.status,
      since: e.statusSince,
      summary: join([`释放日期 ${e.releaseDate}`, `帮教期至 ${termEnd}`, `${labelOf(releasedClassTable, e.class)}帮教`, e.reportedOn ? `${e.reportedOn} 报到` : '尚未报到']),
    });
    const changes = statusOf(ctx, 'released', e.id);
    const first = changes.find((c) => c.fromStatus === null);
    const facts = join([
      `释放日期 ${e.releaseDate}`,
      e.prison && `服刑场所：${e.prison}`,
      e.crime && `原罪名：${labelOf(originalCrimeTable, e.crime)}`,
      e.sentence && `原判刑期：${e.sentence}`,
      `帮教期至 ${termEnd}`,
      first && `状态：${first.toStatus}`,
    ]);
    if (e.noticeReceivedOn) {
      events.add(e.noticeReceivedOn, 'released', '登记', '收到释放通知书，列入安置帮教台账', facts);
      events.add(e.releaseDate, 'released', '释放', '刑满释放', join([e.prison && `服刑场所：${e.prison}`, e.sentence && `原判刑期：${e.sentence}`]));
    } else {
      events.add(e.releaseDate, 'released', '登记', '列入安置帮教台账', facts);
    }
    events.add(e.handoverOn, 'released', '衔接', '衔接', e.handoverCode ? `衔接情况：${labelOf(handoverTable, e.handoverCode)}` : '');
    events.add(e.reportedOn, 'released', '报到', '到司法所报到');
    events.add(e.agreementSignedOn, 'released', '帮教协议', '签订帮教协议');
    events.add(e.placedOn, 'released', '安置', '安置', e.placementCode ? `安置情况：${labelOf(placementTable, e.placementCode)}` : e.unplacedReason);
    const a = releasedAssessment;
    const assessments = db.select({ date: a.date, class: a.class, reason: a.reason }).from(a).where(and(eq(a.releasedPersonId, e.id), isNull(a.voidedOn))).orderBy(asc(a.date), asc(a.id)).all();
    for (const a of assessments) events.add(a.date, 'released', '分类评估', `分类评估：${labelOf(releasedClassTable, a.class)}帮教`, a.reason);
    addStatusChanges(
      'released',
      changes.map((c) => (c.toStatus === '重新犯罪' && e.reoffendCrime ? { ...c, reason: join([c.reason, `罪名：${e.reoffendCrime}`]) } : c)),
    );
    addTeam('released', e.id, '帮教小组', helpTeamRoleTable);
  }

  // ───── 严重精神障碍患者
  const patientRows = db
    .select({
      id: patient.id, registeredOn: patient.registeredOn, diagnosis: patient.diagnosis, risk: patient.risk, treatment: patient.treatment,
      guardianName: patient.guardianName, guardianRelation: patient.guardianRelation, awardAgreementSignedOn: patient.awardAgreementSignedOn,
      status: patient.status, statusSince: patient.statusSince, voidedOn: patient.voidedOn, voidReason: patient.voidReason,
    })
    .from(patient)
    .where(eq(patient.residentId, residentId))
    .orderBy(asc(patient.id))
    .all();
  voidedEntry = voided('patient');
  addStepRevisions('patient', patientRows.map((e) => e.id));
  for (const e of patientRows) {
    entryKeys.push({ ledger: 'patient', entryId: e.id });
    const guardian = e.guardianName ? `监护人：${e.guardianName}${e.guardianRelation ? `（${labelOf(relationTable, e.guardianRelation)}）` : ''}` : '';
    voidedEntry(e.voidedOn, e.voidReason);
    if (!e.voidedOn) ledgers.push({
      ledger: 'patient',
      entryId: e.id,
      status: e.status,
      since: e.statusSince,
      summary: join([`建档 ${e.registeredOn}`, `诊断：${labelOf(diagnosisTable, e.diagnosis)}`, `危险性 ${e.risk} 级`, guardian]),
    });
    const changes = statusOf(ctx, 'patient', e.id);
    const first = changes.find((c) => c.fromStatus === null);
    events.add(
      e.registeredOn,
      'patient',
      '登记',
      '列入严重精神障碍患者台账',
      join([`诊断：${labelOf(diagnosisTable, e.diagnosis)}`, e.treatment && `治疗情况：${labelOf(treatmentTable, e.treatment)}`, guardian, first && `状态：${first.toStatus}`]),
    );
    events.add(e.awardAgreementSignedOn, 'patient', '以奖代补', '签订监护责任书（以奖代补）');
    addStatusChanges('patient', changes);
    addTeam('patient', e.id, '关爱帮扶小组', careTeamRoleTable);
  }

  // ───── 低保 (as a covered member)
  type LowIncomeRow = Pick<typeof lowIncome.$inferSelect,
    'id' | 'confirmedOn' | 'certificateNumber' | 'area' | 'class' | 'monthlyAmountFen' | 'status' | 'exitOn' | 'exitReason' | 'exitNote' | 'voidedOn' | 'voidReason'> & {
    householdNumber: string;
    covered: number;
  };
  const lowIncomeRows = rows(ctx.ledger.sqlite, sql<LowIncomeRow>`select ${li.id} as id, ${h.number} as householdNumber, ${li.confirmedOn} as confirmedOn,
         ${li.certificateNumber} as certificateNumber, ${li.area} as area, ${li.class} as class, ${li.monthlyAmountFen} as monthlyAmountFen, ${li.status} as status,
         ${li.exitOn} as exitOn, ${li.exitReason} as exitReason, ${li.exitNote} as exitNote, ${li.voidedOn} as voidedOn, ${li.voidReason} as voidReason,
         (select count(*) from ${lowIncomeMember} ${m2} where ${m2.lowIncomeId} = ${li.id}) as covered
       from ${lowIncomeMember} ${m} join ${lowIncome} ${li} on ${li.id} = ${m.lowIncomeId} join ${household} ${h} on ${h.id} = ${li.householdId}
       where ${m.residentId} = ${residentId} order by ${li.id}`);
  voidedEntry = voided('lowIncome');
  addStepRevisions('lowIncome', lowIncomeRows.map((e) => e.id));
  for (const e of lowIncomeRows) {
    entryKeys.push({ ledger: 'lowIncome', entryId: e.id });
    const amount = `月保障金 ${fenToYuan(e.monthlyAmountFen)} 元`;
    voidedEntry(e.voidedOn, e.voidReason);
    if (!e.voidedOn) ledgers.push({
      ledger: 'lowIncome',
      entryId: e.id,
      status: e.status,
      since: e.status === '在保' ? e.confirmedOn : (e.exitOn ?? e.confirmedOn),
      summary: join([`户号 ${e.householdNumber}`, `${e.area}低保 ${e.class}类`, `保障 ${e.covered} 人`, amount]),
    });
    events.add(
      e.confirmedOn,
      'lowIncome',
      '低保确认',
      '确认为低保户（保障对象）',
      join([`户号 ${e.householdNumber}`, e.certificateNumber && `低保证号 ${e.certificateNumber}`, `${e.area}低保`, labelOf(lowIncomeClassTable, e.class), `保障 ${e.covered} 人`]),
    );
    events.add(e.exitOn, 'lowIncome', '低保退出', '退出低保（停保）', join([e.exitReason && `原因：${labelOf(lowIncomeExitReasonTable, e.exitReason)}`, e.exitNote]));
  }

  // ───── records
  const clauses: SQL[] = [eq(record.residentId, residentId)];
  if (person.householdId !== null) clauses.push(eq(record.householdId, person.householdId));
  for (const k of entryKeys) clauses.push(and(eq(record.ledger, k.ledger), eq(record.entryId, k.entryId))!);
  const records = db
    .select({
      id: record.id, kind: record.kind, ledger: record.ledger, residentId: record.residentId, householdId: record.householdId, date: record.date,
      method: record.method, staffName: record.staffName, content: record.content, risk: record.risk, medication: record.medication,
      followUpClass: record.followUpClass, hospitalization: record.hospitalization, locking: record.locking, nextFollowUpOn: record.nextFollowUpOn,
      reviewResult: record.reviewResult, newAmountFen: record.newAmountFen, voidedOn: record.voidedOn, voidReason: record.voidReason,
    })
    .from(record)
    .where(or(...clauses))
    .orderBy(asc(record.date), asc(record.id))
    .all();
  // Voided records stay on the timeline, struck through with the reason; corrections are told under the record.
  const revisions = revisionsOf(ctx, 'record', records.map((r) => r.id));
  for (const stored of records) {
    // kind and ledger hold only the contract's values (records.ts writes them).
    const r = stored as typeof stored & { kind: RecordKind; ledger: LedgerName | null };
    // The patient ledger writes its 以奖代补年审 as a 走访 row of the entry (see ledgers/patient/service.ts).
    const awardReview = r.kind === 'visit' && r.ledger === 'patient' && r.content.startsWith('以奖代补年审');
    const label = awardReview ? '以奖代补' : (recordKindLabels[r.kind] ?? r.kind);
    const household = r.kind === 'visit' && r.residentId === null;
    const title = awardReview
      ? '以奖代补年审'
      : r.kind === 'incident'
        ? '肇事肇祸'
        : r.kind === 'review'
          ? `低保复核：${r.reviewResult ?? ''}`
          : `${label}（${r.method}）${household ? '：走访本户' : ''}`;
    const detail = join([
      r.kind === 'followUp' && r.followUpClass !== null && `本次随访分类：${labelOf(followUpClassTable, r.followUpClass)}`,
      r.risk !== null && `危险性 ${r.risk} 级`,
      r.medication && `服药：${labelOf(medicationTable, r.medication)}`,
      r.hospitalization && `住院情况：${labelOf(hospitalizationTable, r.hospitalization)}`,
      r.locking && `关锁：${labelOf(lockingTable, r.locking)}`,
      r.nextFollowUpOn && `下次随访 ${r.nextFollowUpOn}`,
      r.newAmountFen !== null && `调整后月保障金 ${fenToYuan(r.newAmountFen)} 元`,
      r.kind === 'review' && `方式：${r.method}`,
      r.staffName && `经办人：${r.staffName}`,
      r.content,
    ]);
    events.add(r.date, r.ledger, label, title, detail, r.id, {
      voided: r.voidedOn ? { on: r.voidedOn, reason: r.voidReason ?? '' } : null,
      corrections: revisions
        .filter((v) => v.subjectId === r.id && v.action === 'correct')
        .map((v) => ({ on: v.createdAt.slice(0, 10), reason: v.reason, what: v.changes.map((c) => `${c.field}：${c.before} → ${c.after}`).join('；') })),
    });
  }

  if (person.status !== '在册') events.add(person.leftOn, null, '人员状态', `人员${person.status}`, person.leftReason ?? '');

  return { ledgers, events: events.sorted() };
}
