// 更正 and 作废 (issue 8 item 3): a record, a ledger step or a ledger entry is never deleted. A correction changes the
// fields with a reason, a 作废 marks it voided with a reason; each writes a revision (before/after, reason, when, who),
// and whatever the record fed (the patient's 危险性, the household's 月保障金额) is recomputed from the records that
// stand. Due dates, figures, checks and exports read only what stands, so they follow by themselves.
//
// Decisions where the docs are silent:
// - A record is corrected with the same checks as when it was added (dates in order, the 随访 class against its
//   危险性, 增发 above the amount in force before it …), but the entry may have closed since: the record was right to
//   be made then.
// - A 复核 with 停发 closed the household; it may be corrected in its words, not in its result or date, and not voided
//   (the household's exit is the ledger's business). A voided record cannot be corrected or voided again.
// - The 作废 date is today; the revision keeps the exact time.
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import {
  followUpClassTable, handoverTable, hospitalizationTable, labelOf, lockingTable, lowIncomeExitReasonTable, medicationTable, placementTable, releasedClassTable, type CodeTable,
} from '../../../shared/codes';
import type { ChannelParsed } from '../../../shared/contract';
import type { RecordRow, RevisionRow } from '../../../shared/contract/records';
import type { ServiceContext } from '../context';
import { lowIncome, patient, record, revision } from '../db/schema';
import { inWrite } from '../db/write';
import { conflict, notFound, validationError } from '../errors';
import { fenToYuan, inOrder, notInFuture, now } from '../ledgers/common';
import { findPatient } from './entries';
import { awardReviews } from '../ledgers/patient/service';
import { diff, writeRevision, type RevisionSubject, type Values } from '../ledgers/revision';
import { addFollowUp, addHelp, addReview, addVisit, getRecord, resolveStaff, type Correcting, type NewRecord } from './records';


// ---------------------------------------------------------------- how a change reads

const FIELD_LABELS: Record<string, string> = {
  date: '日期', method: '方式', staffId: '经办人编号', staffName: '经办人', content: '内容', risk: '危险性', medication: '服药情况',
  followUpClass: '本次随访分类', hospitalization: '住院情况', locking: '关锁情况', nextFollowUpOn: '下次随访日期', reviewResult: '复核结果',
  newAmountFen: '调整后月保障金额', voidedOn: '作废日期', voidReason: '作废原因', reportedOn: '报到日期', agreementSignedOn: '帮教协议签订日期',
  handoverOn: '衔接日期', handoverCode: '衔接情况', placementCode: '安置情况', placedOn: '安置日期', unplacedReason: '未安置原因',
  awardAgreementSignedOn: '监护责任书签订日期', status: '状态变更', class: '帮教分类', exitOn: '退出日期', exitReason: '退出原因', exitNote: '退出说明',
};
const FIELD_TABLES: Record<string, CodeTable> = {
  medication: medicationTable, followUpClass: followUpClassTable, hospitalization: hospitalizationTable, locking: lockingTable,
  handoverCode: handoverTable, placementCode: placementTable, exitReason: lowIncomeExitReasonTable, class: releasedClassTable,
};

function shown(key: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (key === 'newAmountFen' && typeof value === 'number') return `${fenToYuan(value)} 元`;
  if (key === 'risk') return `${value} 级`;
  const table = FIELD_TABLES[key];
  return table ? labelOf(table, String(value)) : String(value);
}

/** The changes of a revision in Chinese: 字段 原值 → 新值 (the staff id is told by the name). */
export function changesOf(beforeJson: string, afterJson: string): RevisionRow['changes'] {
  const before = JSON.parse(beforeJson) as Values;
  const after = JSON.parse(afterJson) as Values;
  return Object.keys(after)
    .filter((k) => k !== 'staffId')
    .map((k) => ({ field: FIELD_LABELS[k] ?? k, before: shown(k, before[k]), after: shown(k, after[k]) }));
}

/** The revisions of some subjects, oldest first. */
export function revisionsOf(ctx: ServiceContext, subject: RevisionSubject, ids: readonly number[]): RevisionRow[] {
  if (!ids.length) return [];
  return ctx.ledger.db
    .select()
    .from(revision)
    .where(and(eq(revision.subject, subject), inArray(revision.subjectId, [...ids])))
    .orderBy(asc(revision.id))
    .all()
    .map((r) => ({
      id: r.id, subject: r.subject as RevisionSubject, subjectId: r.subjectId, action: r.action as 'correct' | 'void', step: r.step,
      changes: changesOf(r.before, r.after), reason: r.reason, byName: r.byName, createdAt: r.createdAt,
    }));
}

export function recordHistory(ctx: ServiceContext, id: number): RevisionRow[] {
  getRecord(ctx, id);
  return revisionsOf(ctx, 'record', [id]);
}

// ---------------------------------------------------------------- what a record feeds, recomputed

/** The patient's 危险性: the newest standing 随访 that assessed one, else the registration's. */
export function recomputePatientRisk(ctx: ServiceContext, patientId: number) {
  const db = ctx.ledger.db;
  const latest = db
    .select({ risk: record.risk, date: record.date })
    .from(record)
    .where(and(eq(record.ledger, 'patient'), eq(record.entryId, patientId), eq(record.kind, 'followUp'), isNotNull(record.risk), isNull(record.voidedOn)))
    .orderBy(desc(record.date), desc(record.id))
    .limit(1)
    .get();
  const p = db.select({ risk: patient.risk, registeredRisk: patient.registeredRisk, registeredOn: patient.registeredOn, riskAssessedOn: patient.riskAssessedOn }).from(patient).where(eq(patient.id, patientId)).get();
  if (!p) return;
  const next = latest ? { risk: latest.risk!, riskAssessedOn: latest.date } : { risk: p.registeredRisk ?? p.risk, riskAssessedOn: p.registeredOn };
  if (next.risk === p.risk && next.riskAssessedOn === p.riskAssessedOn) return;
  db.update(patient).set({ ...next, updatedAt: now() }).where(eq(patient.id, patientId)).run();
}

/** The standing 增发/减发 复核 of a household, newest first; `before` limits them to those before a record. */
function amountReviews(ctx: ServiceContext, lowIncomeId: number, before?: { date: string; id: number }) {
  const x = record;
  return ctx.ledger.db
    .select({ id: x.id, date: x.date, fen: x.newAmountFen })
    .from(x)
    .where(and(
      eq(x.ledger, 'lowIncome'), eq(x.entryId, lowIncomeId), eq(x.kind, 'review'), isNotNull(x.newAmountFen), isNull(x.voidedOn),
      before ? and(ne(x.id, before.id), sql`(${x.date} < ${before.date} or (${x.date} = ${before.date} and ${x.id} < ${before.id}))`) : undefined,
    ))
    .orderBy(desc(x.date), desc(x.id))
    .all();
}

function confirmedAmount(ctx: ServiceContext, lowIncomeId: number): { confirmed: number; current: number } {
  const e = ctx.ledger.db.select({ confirmed: lowIncome.confirmedAmountFen, current: lowIncome.monthlyAmountFen }).from(lowIncome).where(eq(lowIncome.id, lowIncomeId)).get()!;
  return { confirmed: e.confirmed ?? e.current, current: e.current };
}

/** The household's 月保障金额: the newest standing 增发/减发, else the amount at 确认. */
export function recomputeLowIncomeAmount(ctx: ServiceContext, lowIncomeId: number) {
  const [latest] = amountReviews(ctx, lowIncomeId);
  const { confirmed, current } = confirmedAmount(ctx, lowIncomeId);
  const next = latest ? latest.fen! : confirmed;
  if (next !== current) ctx.ledger.db.update(lowIncome).set({ monthlyAmountFen: next, updatedAt: now() }).where(eq(lowIncome.id, lowIncomeId)).run();
}

const AWARD_REVIEW = '以奖代补年审';
const isAwardReview = (r: Pick<StoredRecord, 'kind' | 'ledger' | 'content'>) => r.kind === 'visit' && r.ledger === 'patient' && r.content.startsWith(AWARD_REVIEW);

/**
 * The patient's last 年审 after one of its 年审 records changed: the newest standing 年审, and the stored date too unless
 * it was this record's own (an imported 年审 has no record and stays).
 */
export function recomputeLastAwardReview(ctx: ServiceContext, patientId: number, oldDate: string) {
  const p = ctx.ledger.db.select({ last: patient.lastAwardReviewOn }).from(patient).where(eq(patient.id, patientId)).get();
  if (!p) return;
  const dates = awardReviews(ctx, patientId).map((x) => x.date);
  if (p.last && p.last !== oldDate) dates.push(p.last);
  const next = dates.length ? dates.reduce((a, b) => (b > a ? b : a)) : null;
  if (next !== p.last) ctx.ledger.db.update(patient).set({ lastAwardReviewOn: next, updatedAt: now() }).where(eq(patient.id, patientId)).run();
}

function recompute(ctx: ServiceContext, r: Pick<StoredRecord, 'kind' | 'ledger' | 'entryId' | 'content' | 'date'>) {
  if (r.entryId === null) return;
  if (r.kind === 'followUp') recomputePatientRisk(ctx, r.entryId);
  if (r.kind === 'review') recomputeLowIncomeAmount(ctx, r.entryId);
  if (isAwardReview(r)) recomputeLastAwardReview(ctx, r.entryId, r.date);
}

// ---------------------------------------------------------------- 更正 and 作废 of a record

type CorrectInput = ChannelParsed<'record.correct'>;
type StoredRecord = typeof record.$inferSelect;

function loadStanding(ctx: ServiceContext, id: number, doing: string): StoredRecord {
  const raw = ctx.ledger.db.select().from(record).where(eq(record.id, id)).get();
  if (!raw) throw notFound(`找不到编号为 ${id} 的记录`);
  if (raw.voidedOn) throw conflict(`这条记录（${raw.date}）已于 ${raw.voidedOn} 作废（${raw.voidReason ?? ''}），不能再${doing}`);
  return raw;
}

const required = (value: string, label: string, path: string) => {
  if (!value.trim()) throw validationError(`请填写${label}`, [{ field: label, path: [path], message: `请填写${label}` }]);
};

/** The record as it should be, checked as record.add checks a new one. */
function corrected(ctx: ServiceContext, raw: StoredRecord, input: CorrectInput): NewRecord {
  const base = {
    date: input.date ?? raw.date, method: input.method ?? raw.method, staffId: input.staffId !== undefined ? input.staffId : raw.staffId,
    staffName: input.staffName ?? raw.staffName, content: input.content ?? raw.content,
  };
  const entryId = raw.entryId!;
  switch (raw.kind) {
    case 'help':
      required(base.content, '帮教内容', 'content');
      return addHelp(ctx, { kind: 'help', releasedPersonId: entryId, ...base }, { recordId: raw.id, amountBeforeFen: 0 });
    case 'followUp': {
      const followUpClass = input.followUpClass ?? raw.followUpClass!;
      const risk = input.risk !== undefined ? input.risk : raw.risk;
      if ((risk === null || risk === undefined) && followUpClass !== '0') {
        throw validationError('请选择危险性评估等级', [{ field: '危险性', path: ['risk'], message: '请选择危险性评估等级' }]);
      }
      return addFollowUp(ctx, {
        kind: 'followUp', patientId: entryId, ...base, risk: risk ?? 0, medication: input.medication ?? raw.medication!, followUpClass,
        hospitalization: input.hospitalization ?? raw.hospitalization!, locking: input.locking !== undefined ? input.locking : raw.locking,
        // Left out: kept while the date and class stand (staff may have chosen an earlier one), else the rule's date.
        nextFollowUpOn: input.nextFollowUpOn !== undefined ? input.nextFollowUpOn : base.date === raw.date && followUpClass === raw.followUpClass ? raw.nextFollowUpOn : undefined,
      }, { recordId: raw.id, amountBeforeFen: 0 });
    }
    case 'visit':
      required(base.content, '走访情况', 'content');
      if (isAwardReview(raw)) {
        // A 年审 stays a 年审, dated as patient.awardReview dates it: on or after the 监护责任书, not in the future.
        if (!base.content.startsWith(AWARD_REVIEW)) base.content = `${AWARD_REVIEW}：${base.content}`.slice(0, 500);
        const p = ctx.ledger.db.select({ signedOn: patient.awardAgreementSignedOn }).from(patient).where(eq(patient.id, entryId)).get();
        notInFuture(ctx, base.date, '年审日期', 'date');
        inOrder({ date: p?.signedOn, label: '监护责任书签订日期' }, { date: base.date, label: '年审日期', path: 'date' });
      }
      return { ...addVisit(ctx, { kind: 'visit', residentId: raw.residentId, householdId: raw.householdId, ...base }), ledger: raw.ledger as NewRecord['ledger'], entryId: raw.entryId };
    case 'review': {
      const result = input.result ?? raw.reviewResult!;
      if (raw.reviewResult === '停发' || result === '停发') {
        if (result !== raw.reviewResult) throw conflict(`复核结果「停发」已使低保户停保，不能更正为其他结果，也不能把其他结果更正为「停发」（停保请用「退出低保」或新增一条停发复核）`);
        if (base.date !== raw.date) throw conflict(`停发的复核日期即停保日期（${raw.date}），不能更正`);
      }
      const before = amountReviews(ctx, entryId, { date: base.date, id: raw.id })[0];
      const correcting: Correcting = { recordId: raw.id, amountBeforeFen: before ? before.fen! : confirmedAmount(ctx, entryId).confirmed };
      const next = addReview(ctx, {
        kind: 'review', lowIncomeId: entryId, ...base, result, newAmount: input.newAmount !== undefined ? input.newAmount : fenToYuan(raw.newAmountFen),
      }, correcting);
      return { ...next, reviewResult: result === '停发' ? raw.reviewResult : next.reviewResult };
    }
    case 'incident': {
      required(base.content, '经过', 'content');
      const e = findPatient(ctx, entryId);
      if (!e) throw notFound(`找不到编号为 ${entryId} 的严重精神障碍患者`);
      notInFuture(ctx, base.date, '肇事肇祸日期', 'date');
      inOrder({ date: e.registeredOn, label: `${e.name}的建档日期` }, { date: base.date, label: '肇事肇祸日期', path: 'date' });
      return {
        kind: 'incident', ledger: 'patient', entryId, residentId: raw.residentId, householdId: raw.householdId, date: base.date, method: base.method,
        staff: resolveStaff(ctx, base.staffId, base.staffName), content: base.content,
      };
    }
    default:
      throw conflict(`这类记录（${raw.kind}）不能更正`);
  }
}

/** The stored fields of a record a correction may change. */
function editable(r: Pick<StoredRecord, 'date' | 'method' | 'staffId' | 'staffName' | 'content' | 'risk' | 'medication' | 'followUpClass' | 'hospitalization' | 'locking' | 'nextFollowUpOn' | 'reviewResult' | 'newAmountFen'>): Values {
  return {
    date: r.date, method: r.method, staffId: r.staffId, staffName: r.staffName, content: r.content, risk: r.risk, medication: r.medication,
    followUpClass: r.followUpClass, hospitalization: r.hospitalization, locking: r.locking, nextFollowUpOn: r.nextFollowUpOn,
    reviewResult: r.reviewResult, newAmountFen: r.newAmountFen,
  };
}

export function correctRecord(ctx: ServiceContext, input: CorrectInput): RecordRow {
  return inWrite(ctx, () => {
    const raw = loadStanding(ctx, input.id, '更正');
    const next = corrected(ctx, raw, input);
    const target = editable({
      date: next.date, method: next.method, staffId: next.staff.staffId, staffName: next.staff.staffName, content: next.content,
      risk: next.risk ?? null, medication: next.medication ?? null, followUpClass: next.followUpClass ?? null, hospitalization: next.hospitalization ?? null,
      locking: next.locking ?? null, nextFollowUpOn: next.nextFollowUpOn ?? null, reviewResult: next.reviewResult ?? null,
      newAmountFen: next.newAmountFen ?? (raw.kind === 'review' && next.reviewResult === raw.reviewResult && raw.reviewResult === '停发' ? raw.newAmountFen : null),
    });
    const { before, after } = diff(editable(raw), target);
    if (!Object.keys(after).length) throw validationError('没有改动：请修改要更正的内容后再保存');
    ctx.ledger.db.update(record).set(after as Partial<StoredRecord>).where(eq(record.id, raw.id)).run();
    writeRevision(ctx, { subject: 'record', subjectId: raw.id, action: 'correct', before, after, reason: input.reason });
    recompute(ctx, raw);
    return getRecord(ctx, raw.id);
  });
}

export function voidRecord(ctx: ServiceContext, input: ChannelParsed<'record.void'>): RecordRow {
  return inWrite(ctx, () => {
    const raw = loadStanding(ctx, input.id, '作废');
    if (raw.kind === 'review' && raw.reviewResult === '停发') {
      throw conflict(`这条复核（${raw.date}）办理了停发，低保户已停保；停发的复核不能作废`);
    }
    const sets = { voidedOn: ctx.today(), voidReason: input.reason };
    ctx.ledger.db.update(record).set(sets).where(eq(record.id, raw.id)).run();
    writeRevision(ctx, { subject: 'record', subjectId: raw.id, action: 'void', before: { voidedOn: null, voidReason: null }, after: sets, reason: input.reason });
    recompute(ctx, raw);
    return getRecord(ctx, raw.id);
  });
}
