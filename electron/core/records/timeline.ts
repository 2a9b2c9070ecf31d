// A person's page: their place in every ledger and one timeline of everything about them, newest first.
//
// Decisions where the docs are silent:
// - The 登记 event of a 帮教 entry is dated on the 通知书 (when registered from one), else on the 释放日期; the first
//   status of an entry (a change without a "from") is told in the 登记 event, not as a change of its own.
// - 低保 appears through low_income_member (the person is a covered member); its 确认 and 退出 are events, its status
//   changes are not repeated (退出 says it). 复核 records show through the household's entry.
// - Records: those about the person, those of the person's entries, and 走访 of the person's current household.
// - On the same date, later steps come first (e.g. a 帮教记录 above the 报到 of that day).
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
import { statement } from '../db/statements';

export interface LedgerPlace {
  ledger: LedgerName;
  entryId: number;
  status: string;
  since: string;
  summary: string;
}

const join = (parts: (string | false | null | undefined)[]) => parts.filter((p) => p).join('；');

class Events {
  private list: (TimelineEvent & { seq: number })[] = [];
  add(date: string | null | undefined, ledger: LedgerName | null, kind: string, title: string, detail = '', recordId: number | null = null) {
    if (!date) return;
    this.list.push({ date, ledger, kind, title, detail, recordId, seq: this.list.length });
  }
  sorted(): TimelineEvent[] {
    return this.list
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.seq - a.seq))
      .map(({ seq: _seq, ...e }) => e);
  }
}

interface StatusRow {
  entryId: number;
  fromStatus: string | null;
  toStatus: string;
  date: string;
  reason: string;
}

interface TeamRow {
  name: string;
  role: string;
  fromDate: string | null;
  toDate: string | null;
}

export function personTimeline(ctx: ServiceContext, residentId: number): { ledgers: LedgerPlace[]; events: TimelineEvent[] } {
  const db = ctx.ledger.sqlite;
  const rules = getRules(ctx);
  const person = statement(db, 'select id, name, household_id as householdId, status, left_on as leftOn, left_reason as leftReason from resident where id = ?').get(residentId) as
    | { id: number; name: string; householdId: number | null; status: string; leftOn: string | null; leftReason: string | null }
    | undefined;
  if (!person) throw notFound(`找不到编号为 ${residentId} 的人员`);

  const ledgers: LedgerPlace[] = [];
  const events = new Events();
  const statusOf = statement(db,
    'select entry_id as entryId, from_status as fromStatus, to_status as toStatus, date, reason from status_change where ledger = ? and entry_id = ? order by date, id',
  );
  const teamOf = statement(db, 'select name, role, from_date as fromDate, to_date as toDate from team_member where ledger = ? and entry_id = ? order by id');
  const entryKeys: { ledger: LedgerName; entryId: number }[] = [];

  const addStatusChanges = (ledger: LedgerName, changes: StatusRow[]) => {
    for (const c of changes) {
      if (c.fromStatus === null) continue;
      events.add(c.date, ledger, '状态变更', `状态变更：${c.fromStatus} → ${c.toStatus}`, c.reason);
    }
  };
  const addTeam = (ledger: 'released' | 'patient', entryId: number, team: string, roles: typeof helpTeamRoleTable) => {
    for (const m of teamOf.all(ledger, entryId) as TeamRow[]) {
      const who = `${m.name}（${labelOf(roles, m.role)}）`;
      events.add(m.fromDate, ledger, '小组变更', `${who}加入${team}`);
      events.add(m.toDate, ledger, '小组变更', `${who}退出${team}`);
    }
  };

  // ───── 安置帮教
  const releasedRows = statement(db,
      `select id, notice_received_on as noticeReceivedOn, prison, crime, sentence, release_date as releaseDate, ended_in_correction as endedInCorrection,
         handover_on as handoverOn, handover_code as handoverCode, reported_on as reportedOn, agreement_signed_on as agreementSignedOn, class,
         placement_code as placementCode, placed_on as placedOn, unplaced_reason as unplacedReason, reoffend_crime as reoffendCrime, status, status_since as statusSince
       from released_person where resident_id = ? order by id`,
    )
    .all(residentId) as {
    id: number; noticeReceivedOn: string | null; prison: string; crime: string | null; sentence: string; releaseDate: string; endedInCorrection: number;
    handoverOn: string | null; handoverCode: string | null; reportedOn: string | null; agreementSignedOn: string | null; class: string;
    placementCode: string | null; placedOn: string | null; unplacedReason: string; reoffendCrime: string; status: string; statusSince: string;
  }[];
  for (const e of releasedRows) {
    entryKeys.push({ ledger: 'released', entryId: e.id });
    const termEnd = releasedTermEnd(e.releaseDate, Boolean(e.endedInCorrection), rules);
    ledgers.push({
      ledger: 'released',
      entryId: e.id,
      status: e.status,
      since: e.statusSince,
      summary: join([`释放日期 ${e.releaseDate}`, `帮教期至 ${termEnd}`, `${labelOf(releasedClassTable, e.class)}帮教`, e.reportedOn ? `${e.reportedOn} 报到` : '尚未报到']),
    });
    const changes = statusOf.all('released', e.id) as StatusRow[];
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
    const assessments = statement(db, 'select date, class, reason from released_assessment where released_person_id = ? order by date, id')
      .all(e.id) as { date: string; class: string; reason: string }[];
    for (const a of assessments) events.add(a.date, 'released', '分类评估', `分类评估：${labelOf(releasedClassTable, a.class)}帮教`, a.reason);
    addStatusChanges(
      'released',
      changes.map((c) => (c.toStatus === '重新犯罪' && e.reoffendCrime ? { ...c, reason: join([c.reason, `罪名：${e.reoffendCrime}`]) } : c)),
    );
    addTeam('released', e.id, '帮教小组', helpTeamRoleTable);
  }

  // ───── 严重精神障碍患者
  const patientRows = statement(db,
      `select id, registered_on as registeredOn, diagnosis, risk, treatment, guardian_name as guardianName, guardian_relation as guardianRelation,
         award_agreement_signed_on as awardAgreementSignedOn, status, status_since as statusSince
       from patient where resident_id = ? order by id`,
    )
    .all(residentId) as {
    id: number; registeredOn: string; diagnosis: string; risk: number; treatment: string | null; guardianName: string; guardianRelation: string | null;
    awardAgreementSignedOn: string | null; status: string; statusSince: string;
  }[];
  for (const e of patientRows) {
    entryKeys.push({ ledger: 'patient', entryId: e.id });
    const guardian = e.guardianName ? `监护人：${e.guardianName}${e.guardianRelation ? `（${labelOf(relationTable, e.guardianRelation)}）` : ''}` : '';
    ledgers.push({
      ledger: 'patient',
      entryId: e.id,
      status: e.status,
      since: e.statusSince,
      summary: join([`建档 ${e.registeredOn}`, `诊断：${labelOf(diagnosisTable, e.diagnosis)}`, `危险性 ${e.risk} 级`, guardian]),
    });
    const changes = statusOf.all('patient', e.id) as StatusRow[];
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
  const lowIncomeRows = statement(db,
      `select e.id, h.number as householdNumber, e.confirmed_on as confirmedOn, e.certificate_number as certificateNumber, e.area, e.class,
         e.monthly_amount_fen as monthlyAmountFen, e.status, e.exit_on as exitOn, e.exit_reason as exitReason, e.exit_note as exitNote,
         (select count(*) from low_income_member m2 where m2.low_income_id = e.id) as covered
       from low_income_member m join low_income e on e.id = m.low_income_id join household h on h.id = e.household_id
       where m.resident_id = ? order by e.id`,
    )
    .all(residentId) as {
    id: number; householdNumber: string; confirmedOn: string; certificateNumber: string; area: string; class: string; monthlyAmountFen: number;
    status: string; exitOn: string | null; exitReason: string | null; exitNote: string; covered: number;
  }[];
  for (const e of lowIncomeRows) {
    entryKeys.push({ ledger: 'lowIncome', entryId: e.id });
    const amount = `月保障金 ${fenToYuan(e.monthlyAmountFen)} 元`;
    ledgers.push({
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
  const clauses = ['resident_id = ?'];
  const params: unknown[] = [residentId];
  if (person.householdId !== null) {
    clauses.push('household_id = ?');
    params.push(person.householdId);
  }
  for (const k of entryKeys) {
    clauses.push('(ledger = ? and entry_id = ?)');
    params.push(k.ledger, k.entryId);
  }
  const records = statement(db,
      `select id, kind, ledger, resident_id as residentId, household_id as householdId, date, method, staff_name as staffName, content, risk, medication,
         follow_up_class as followUpClass, hospitalization, locking, next_follow_up_on as nextFollowUpOn, review_result as reviewResult, new_amount_fen as newAmountFen
       from record where ${clauses.join(' or ')} order by date, id`,
    )
    .all(...params) as {
    id: number; kind: RecordKind; ledger: LedgerName | null; residentId: number | null; householdId: number | null; date: string; method: string;
    staffName: string; content: string; risk: number | null; medication: string | null; followUpClass: string | null; hospitalization: string | null;
    locking: string | null; nextFollowUpOn: string | null; reviewResult: string | null; newAmountFen: number | null;
  }[];
  for (const r of records) {
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
    events.add(r.date, r.ledger, label, title, detail, r.id);
  }

  if (person.status !== '在册') events.add(person.leftOn, null, '人员状态', `人员${person.status}`, person.leftReason ?? '');

  return { ledgers, events: events.sorted() };
}
