// 帮教记录, 随访记录, 走访记录 and 复核记录 (domain.md Part 1 "Records and due dates"): one transaction per record,
// with its effects on the entry (a 随访 updates the patient's 危险性; a 复核 may change the amount or close the household).
//
// Decisions where the docs are silent:
// - A record needs the staff who did it: a staff id (which must exist) or a typed name.
// - Records are accepted on open entries only: 帮教 while 待衔接/在册帮教/脱管, 随访 while 在管/失访/住院, 复核 while 在保.
// - A 随访 with class 未访到 assessed nothing: its 危险性 is stored as null and the patient's 危险性 is left as it was.
// - The chosen 下次随访日期 must be after the 随访 and not later than the rule's date (the class's cycle, capped by the
//   maximum gap); `latest` of record.suggestNextFollowUp is that date, and the suggestion is the same date.
// - 增发 must raise and 减发 must lower the amount in force; the amount and the household's 月保障金额 change only when
//   the 复核 is the newest one. 停发 cannot be dated before an existing 复核 of the household.
// - A 走访 names a resident, a household or both (then the resident must live in that household).
import { and, desc, eq, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import type { RecordRow } from '../../../shared/contract/records';
import {
  followUpClassTable, labelOf, lowIncomeExitReasonTable, resolveCode, type FollowUpClass,
} from '../../../shared/codes';
import { periodUnitLabels } from '../../../shared/rules/ruleSettings';
import { lowIncomeMachine, patientMachine, releasedMachine } from '../../../shared/rules/ledgerMachines';
import { followUpClassRefusal, suggestedNextFollowUp } from '../../../shared/rules/ledgerRules';
import { checkStep } from '../../../shared/rules/stateMachine';
import type { ServiceContext } from '../context';
import { enforce, notFound, validationError } from '../errors';
import { fenToYuan, inOrder, notInFuture, now, refuseVoided, writeStatusChange, yuanToFen } from '../ledgers/common';
import { getRules } from '../rules/service';
import {
  LOW_INCOME_OPEN, findLowIncome, findPatient, findReleased, lowIncomeName, nextDueOf,
} from './entries';
import { inWrite } from '../db/write';
import { row } from '../db/query';
import { household, lowIncome, patient, record, resident, staff } from '../db/schema';

export type RecordInputParsed = ChannelParsed<'record.add'>;
export type RecordListFilter = ChannelParsed<'record.list'>;

/** The columns of a record as the contract shows them (the amount in 分, turned into 元 by toRow). */
const recordColumns = {
  id: record.id, kind: record.kind, ledger: record.ledger, entryId: record.entryId, residentId: record.residentId, householdId: record.householdId,
  date: record.date, method: record.method, staffId: record.staffId, staffName: record.staffName, content: record.content, risk: record.risk,
  medication: record.medication, followUpClass: record.followUpClass, hospitalization: record.hospitalization, locking: record.locking,
  nextFollowUpOn: record.nextFollowUpOn, reviewResult: record.reviewResult, newAmountFen: record.newAmountFen, createdAt: record.createdAt,
  voidedOn: record.voidedOn, voidReason: record.voidReason,
};

type StoredRecord = Omit<typeof record.$inferSelect, 'kind' | 'ledger'> & Pick<RecordRow, 'kind' | 'ledger'>;

function toRow(raw: typeof record.$inferSelect): RecordRow {
  // kind and ledger are written only from the contract's values (insertRecord).
  const { newAmountFen, ...rest } = raw as StoredRecord;
  return { ...rest, newAmount: fenToYuan(newAmountFen) };
}

export function getRecord(ctx: ServiceContext, id: number): RecordRow {
  const raw = ctx.ledger.db.select(recordColumns).from(record).where(eq(record.id, id)).get();
  if (!raw) throw notFound(`找不到编号为 ${id} 的记录`);
  return toRow(raw);
}

export function listRecords(ctx: ServiceContext, filter: RecordListFilter): RecordRow[] {
  const columns = { ledger: record.ledger, entryId: record.entryId, residentId: record.residentId, householdId: record.householdId, kind: record.kind } as const;
  const where: SQL[] = filter.includeVoided ? [] : [isNull(record.voidedOn)];
  for (const [key, column] of Object.entries(columns)) {
    const value = filter[key as keyof typeof columns];
    if (value === undefined) continue;
    where.push(eq(column, value));
  }
  const rows = ctx.ledger.db
    .select(recordColumns)
    .from(record)
    .where(and(...where))
    .orderBy(desc(record.date), desc(record.id))
    .all();
  return rows.map(toRow);
}

/** The date the rule gives for the next 随访 after one of this class on this date; staff may choose an earlier one. */
export function suggestNextFollowUp(ctx: ServiceContext, input: { date: string; followUpClass: string }): { date: string; latest: string } {
  const rules = getRules(ctx);
  const latest = suggestedNextFollowUp(input.date, input.followUpClass as FollowUpClass, rules);
  return { date: latest, latest };
}

function cycleWords(ctx: ServiceContext, cls: FollowUpClass): string {
  const rules = getRules(ctx);
  const key = ({ '0': 'notReached', '1': 'unstable', '2': 'basicallyStable', '3': 'stable' } as const)[cls];
  const p = rules.followUpCycle[key];
  return `${p.amount} ${periodUnitLabels[p.unit]}`;
}

export interface Staffing {
  staffId: number | null;
  staffName: string;
}

export function resolveStaff(ctx: ServiceContext, staffId: number | null | undefined, staffName: string): Staffing {
  if (staffId !== null && staffId !== undefined) {
    const s = ctx.ledger.db.select({ name: staff.name }).from(staff).where(eq(staff.id, staffId)).get();
    if (!s) throw notFound(`找不到编号为 ${staffId} 的网格员（经办人），请重新选择`);
    return { staffId, staffName: staffName || s.name };
  }
  if (!staffName) throw validationError('请选择经办人或填写经办人姓名', [{ field: '经办人', path: ['staffName'], message: '请选择经办人或填写经办人姓名' }]);
  return { staffId: null, staffName };
}

export interface NewRecord {
  kind: RecordRow['kind'];
  ledger: RecordRow['ledger'];
  entryId: number | null;
  residentId: number | null;
  householdId: number | null;
  date: string;
  method: string;
  staff: Staffing;
  content: string;
  risk?: number | null;
  medication?: string | null;
  followUpClass?: string | null;
  hospitalization?: string | null;
  locking?: string | null;
  nextFollowUpOn?: string | null;
  reviewResult?: string | null;
  newAmountFen?: number | null;
}

function insertRecord(ctx: ServiceContext, r: NewRecord): number {
  const { id } = ctx.ledger.db
    .insert(record)
    .values({
      kind: r.kind,
      ledger: r.ledger,
      entryId: r.entryId,
      residentId: r.residentId,
      householdId: r.householdId,
      date: r.date,
      method: r.method,
      staffId: r.staff.staffId,
      staffName: r.staff.staffName,
      content: r.content,
      risk: r.risk ?? null,
      medication: r.medication ?? null,
      followUpClass: r.followUpClass ?? null,
      hospitalization: r.hospitalization ?? null,
      locking: r.locking ?? null,
      nextFollowUpOn: r.nextFollowUpOn ?? null,
      reviewResult: r.reviewResult ?? null,
      newAmountFen: r.newAmountFen ?? null,
      createdAt: now(),
    })
    .returning({ id: record.id })
    .get();
  return id;
}

/**
 * How a record is checked when it is corrected (更正) rather than added: the entry may have closed since (the record
 * was right to be made then), and a 复核's 增发/减发 is measured against the amount in force before it.
 */
export interface Correcting {
  recordId: number;
  amountBeforeFen: number;
}

export function addHelp(ctx: ServiceContext, input: Extract<RecordInputParsed, { kind: 'help' }>, correcting?: Correcting): NewRecord {
  const e = findReleased(ctx, input.releasedPersonId);
  if (!e) throw notFound(`找不到编号为 ${input.releasedPersonId} 的刑满释放人员`);
  refuseVoided(ctx, 'released', e.id);
  // The 帮教记录 step looks only at the status; the 衔接 and 期满日 facts are for other steps.
  if (!correcting) enforce(checkStep(releasedMachine, 'help', { ...e, handoverOn: null, handoverCode: null, termEnd: null, date: input.date }));
  notInFuture(ctx, input.date, '帮教日期', 'date');
  inOrder({ date: e.releaseDate, label: `${e.name}的释放日期` }, { date: input.date, label: '帮教日期', path: 'date' });
  return {
    kind: 'help', ledger: 'released', entryId: e.id, residentId: e.residentId, householdId: null, date: input.date, method: input.method,
    staff: resolveStaff(ctx, input.staffId, input.staffName), content: input.content,
  };
}

export function addFollowUp(ctx: ServiceContext, input: Extract<RecordInputParsed, { kind: 'followUp' }>, correcting?: Correcting): NewRecord {
  const e = findPatient(ctx, input.patientId);
  if (!e) throw notFound(`找不到编号为 ${input.patientId} 的严重精神障碍患者`);
  refuseVoided(ctx, 'patient', e.id);
  // The 随访 step looks only at the status; the 以奖代补 facts are for other steps.
  const facts = { ...e, risk: 0, awardRiskThreshold: 0, awardEligible: false, guardianName: '', awardAgreementSignedOn: null, date: input.date };
  if (!correcting) enforce(checkStep(patientMachine, 'followUp', facts));
  notInFuture(ctx, input.date, '随访日期', 'date');
  inOrder({ date: e.registeredOn, label: `${e.name}的建档日期` }, { date: input.date, label: '随访日期', path: 'date' });
  const cls = input.followUpClass as FollowUpClass;
  const milder = followUpClassRefusal(input.risk, cls);
  if (milder) throw validationError(milder, [{ field: '本次随访分类', path: ['followUpClass'], message: `危险性 ${input.risk} 级不能评为「${labelOf(followUpClassTable, cls)}」` }]);
  const { latest } = suggestNextFollowUp(ctx, { date: input.date, followUpClass: cls });
  const next = input.nextFollowUpOn ?? latest;
  if (next <= input.date) {
    throw validationError(`下次随访日期（${next}）应晚于本次随访日期（${input.date}）`, [{ field: '下次随访日期', path: ['nextFollowUpOn'], message: '下次随访日期应晚于本次随访日期' }]);
  }
  if (next > latest) {
    const why = `本次随访分类为「${labelOf(followUpClassTable, cls)}」，应在 ${cycleWords(ctx, cls)}内再次随访`;
    throw validationError(`下次随访日期（${next}）晚于规则允许的最晚日期（${latest}）：${why}`, [{ field: '下次随访日期', path: ['nextFollowUpOn'], message: `最晚为 ${latest}` }]);
  }
  const staff = resolveStaff(ctx, input.staffId, input.staffName);
  const reached = cls !== '0';
  return {
    kind: 'followUp', ledger: 'patient', entryId: e.id, residentId: e.residentId, householdId: null, date: input.date, method: input.method,
    staff, content: input.content, risk: reached ? input.risk : null, medication: input.medication, followUpClass: cls,
    hospitalization: input.hospitalization, locking: input.locking ?? null, nextFollowUpOn: next,
  };
}

export function afterFollowUp(ctx: ServiceContext, r: NewRecord) {
  if (r.risk === null || r.risk === undefined || r.entryId === null) return;
  // The newest assessment wins: a 随访 entered late for an earlier date does not overwrite a later 危险性.
  ctx.ledger.db
    .update(patient)
    .set({ risk: r.risk, riskAssessedOn: r.date, updatedAt: now() })
    .where(and(eq(patient.id, r.entryId), or(isNull(patient.riskAssessedOn), lte(patient.riskAssessedOn, r.date))))
    .run();
}

export function addVisit(ctx: ServiceContext, input: Extract<RecordInputParsed, { kind: 'visit' }>): NewRecord {
  const residentId = input.residentId ?? null;
  const householdId = input.householdId ?? null;
  if (residentId === null && householdId === null) {
    throw validationError('请选择走访的人员或住户', [{ field: '走访对象', path: ['residentId'], message: '请选择走访的人员或住户' }]);
  }
  notInFuture(ctx, input.date, '走访日期', 'date');
  if (residentId !== null) {
    const r = ctx.ledger.db
      .select({ name: resident.name, householdId: resident.householdId, status: resident.status, leftOn: resident.leftOn })
      .from(resident)
      .where(eq(resident.id, residentId))
      .get();
    if (!r) throw notFound(`找不到编号为 ${residentId} 的人员`);
    if (householdId !== null && r.householdId !== householdId) throw validationError(`${r.name}不是所选住户的成员，请核对走访对象`);
    if (r.status !== '在册' && r.leftOn && input.date > r.leftOn) {
      throw validationError(`${r.name}已于 ${r.leftOn} ${r.status}，不能登记此后（${input.date}）的走访`, [{ field: '走访日期', path: ['date'], message: `晚于${r.status}日期` }]);
    }
  } else if (!ctx.ledger.db.select({ id: household.id }).from(household).where(eq(household.id, householdId!)).get()) {
    throw notFound(`找不到编号为 ${householdId} 的住户`);
  }
  return {
    kind: 'visit', ledger: null, entryId: null, residentId, householdId, date: input.date, method: input.method,
    staff: resolveStaff(ctx, input.staffId, input.staffName), content: input.content,
  };
}

export function addReview(ctx: ServiceContext, input: Extract<RecordInputParsed, { kind: 'review' }>, correcting?: Correcting): NewRecord & { exitReason?: string } {
  const e = findLowIncome(ctx, input.lowIncomeId);
  if (!e) throw notFound(`找不到编号为 ${input.lowIncomeId} 的低保户`);
  refuseVoided(ctx, 'lowIncome', e.id);
  const who = lowIncomeName(e);
  const inForceFen = correcting ? correcting.amountBeforeFen : e.monthlyAmountFen;
  if (!correcting) enforce(checkStep(lowIncomeMachine, 'review', { status: e.status === LOW_INCOME_OPEN ? '在保' : '停保', who, exitOn: e.exitOn }));
  notInFuture(ctx, input.date, '复核日期', 'date');
  inOrder({ date: e.confirmedOn, label: `${who}的确认日期` }, { date: input.date, label: '复核日期', path: 'date' });
  const result = input.result;
  let newAmountFen: number | null = null;
  if (result === '增发' || result === '减发') {
    if (input.newAmount === null || input.newAmount === undefined) {
      throw validationError(`复核结果为「${result}」，请填写调整后月保障金额`, [{ field: '调整后月保障金额', path: ['newAmount'], message: '请填写调整后月保障金额' }]);
    }
    newAmountFen = yuanToFen(input.newAmount);
    const current = fenToYuan(inForceFen);
    if (result === '增发' && newAmountFen <= inForceFen) {
      throw validationError(`增发后的月保障金额（${input.newAmount} 元）应高于现在的 ${current} 元`, [{ field: '调整后月保障金额', path: ['newAmount'], message: '增发应高于现金额' }]);
    }
    if (result === '减发' && newAmountFen >= inForceFen) {
      throw validationError(`减发后的月保障金额（${input.newAmount} 元）应低于现在的 ${current} 元`, [{ field: '调整后月保障金额', path: ['newAmount'], message: '减发应低于现金额' }]);
    }
  }
  let exitReason: string | undefined;
  if (result === '停发') {
    const raw = input.exitReason?.trim();
    exitReason = raw ? (resolveCode(lowIncomeExitReasonTable, raw) ?? undefined) : '99';
    if (!exitReason) throw validationError(`低保退出原因「${raw}」不在代码表中`, [{ field: '退出原因', path: ['exitReason'], message: '不在代码表中' }]);
    const later = row(ctx.ledger.sqlite, sql<{ d: string | null }>`select max(${record.date}) as d from ${record}
      where ${record.ledger} = 'lowIncome' and ${record.entryId} = ${e.id} and ${record.kind} = 'review' and ${record.voidedOn} is null`)!;
    if (later.d && later.d > input.date) {
      throw validationError(`停发日期（${input.date}）早于已有的复核记录（${later.d}），停发应是最近一次复核`, [{ field: '复核日期', path: ['date'], message: '早于已有复核' }]);
    }
  }
  return {
    kind: 'review', ledger: 'lowIncome', entryId: e.id, residentId: null, householdId: e.householdId, date: input.date, method: input.method,
    staff: resolveStaff(ctx, input.staffId, input.staffName), content: input.content, reviewResult: result, newAmountFen, exitReason,
  };
}

function afterReview(ctx: ServiceContext, r: NewRecord & { exitReason?: string }, recordId: number) {
  const db = ctx.ledger.db;
  const entryId = r.entryId!;
  const newer = row(ctx.ledger.sqlite, sql`select 1 from ${record}
    where ${record.ledger} = 'lowIncome' and ${record.entryId} = ${entryId} and ${record.kind} = 'review' and ${record.id} <> ${recordId} and ${record.date} > ${r.date}
      and ${record.voidedOn} is null limit 1`);
  if (r.newAmountFen !== null && r.newAmountFen !== undefined && !newer) {
    db.update(lowIncome).set({ monthlyAmountFen: r.newAmountFen, updatedAt: now() }).where(eq(lowIncome.id, entryId)).run();
  }
  if (r.reviewResult === '停发') {
    const reason = r.exitReason ?? '99';
    db.update(lowIncome)
      .set({ status: '停保', exitOn: r.date, exitReason: reason, exitNote: `复核停发${r.content ? `：${r.content}` : ''}`.slice(0, 200), updatedAt: now() })
      .where(eq(lowIncome.id, entryId))
      .run();
    writeStatusChange(ctx, 'lowIncome', entryId, LOW_INCOME_OPEN, '停保', r.date, `复核停发：${labelOf(lowIncomeExitReasonTable, reason)}`);
  }
}

export function addRecord(ctx: ServiceContext, input: RecordInputParsed): RecordRow & { nextDue: { kind: string; dueDate: string } | null } {
  const id = inWrite(ctx, () => {
    switch (input.kind) {
      case 'help': {
        return insertRecord(ctx, addHelp(ctx, input));
      }
      case 'followUp': {
        const r = addFollowUp(ctx, input);
        const recordId = insertRecord(ctx, r);
        afterFollowUp(ctx, r);
        return recordId;
      }
      case 'visit': {
        return insertRecord(ctx, addVisit(ctx, input));
      }
      case 'review': {
        const r = addReview(ctx, input);
        const recordId = insertRecord(ctx, r);
        afterReview(ctx, r, recordId);
        return recordId;
      }
    }
  });
  const row = getRecord(ctx, id);
  const nextDue = row.ledger !== null && row.entryId !== null ? nextDueOf(ctx, row.ledger, row.entryId) : null;
  return { ...row, nextDue };
}
