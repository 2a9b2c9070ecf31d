// 低保户 ledger: a household enters with its 确认日期 and covered members, may be corrected, and leaves with a dated
// reason (停保). 复核 records are written by record.add (electron/core/records); here they are only read.
//
// Decisions where domain.md is silent:
// - One open (在保) entry per household; a household that left may enter again as a new entry.
// - 公示 lasts publicityDays from the given first day (publicityEnd); it must have ended on or before 确认日期.
// - A 低保证号 in use by another household still 在保 is refused.
// - Covered members must be 在册 members of the household. On a correction, members already covered stay allowed even
//   if they have since left (so an unrelated correction is not blocked; the consistency list reports them).
// - Only a household 在保 can be corrected or exit. An exit is dated on or after 确认日期 and the last 复核.
// - The head (户主) is the member with 与户主关系 02 (one 在册 first), else the first covered member.
// - nextDue is the 低保复核 item; daysLate is today − due (negative while not yet due).
import type { ChannelParsed } from '../../../../shared/contract';
import type { LowIncomeDetail, LowIncomeRow } from '../../../../shared/contract/lowIncome';
import { labelOf } from '../../../../shared/codes';
import { LOW_INCOME_STATUSES, lowIncomeExitReasonTable, lowIncomeStatusTable } from '../../../../shared/codes/ledger';
import { lowIncomeMachine, type LowIncomeFacts, type LowIncomeStep } from '../../../../shared/rules/ledgerMachines';
import { publicityEnd } from '../../../../shared/rules/ledgerRules';
import { checkStep, stepViews } from '../../../../shared/rules/stateMachine';
import type { RuleSettings } from '../../../../shared/rules/ruleSettings';
import type { ServiceContext } from '../../context';
import { conflict, enforce, notFound, validationError } from '../../errors';
import { queryMatch } from '../../people/search';
import { getRules } from '../../rules/service';
import { and, isNull, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { fenToYuan, refuseVoided, g, inOrder, namedFragment, notInFuture, now, placeAndStatusClauses, r, selectAs, statusChanges, v, whereAll, writeStatusChange, yuanToFen } from '../common';
import { duesByEntry, type EntryDueView } from '../patient/dues';
import { headIdSql, lowIncomeDues } from './dues';
import { inWrite } from '../../db/write';
import { row, rows } from '../../db/query';
import { grid, household, lowIncome, lowIncomeMember, record, resident, statusChange, village } from '../../db/schema';
import { diff, writeRevision, type Values } from '../revision';

type ListFilter = ChannelParsed<'lowIncome.list'>;

export { LOW_INCOME_STATUSES };

type LowIncomeTableRow = typeof lowIncome.$inferSelect;

/** A 低保 entry as the service reads it: the row's fields, the household, its head and place, and what the records add. */
export type LowIncomeRaw = Pick<
  LowIncomeTableRow,
  | 'id' | 'householdId' | 'confirmedOn' | 'certificateNumber' | 'area' | 'class' | 'monthlyAmountFen' | 'extremePoverty' | 'status' | 'publicityFrom'
  | 'publicityTo' | 'exitOn' | 'exitReason' | 'exitNote'
> & {
  householdNumber: string;
  headId: number | null;
  headName: string | null;
  headIdNumber: string | null;
  villageId: number | null;
  villageName: string | null;
  gridId: number | null;
  gridName: string | null;
  address: string;
  coveredCount: number;
  lastReviewOn: string | null;
};

const li = alias(lowIncome, 'li');
/** The entry with its head's id (head_id), from a subquery named `e`. */
const e = alias(lowIncome, 'e');
const eHeadId = sql`${sql.identifier('e')}.${sql.identifier('head_id')}`;
const h = alias(household, 'h');
const hd = alias(resident, 'hd');
const m = alias(lowIncomeMember, 'm');
const x = alias(record, 'x');

const lowIncomeSql = (rest: SQL) => sql<LowIncomeRaw>`select ${selectAs({
    id: e.id, householdId: e.householdId, householdNumber: h.number, headId: hd.id, headName: hd.name, headIdNumber: hd.idNumber, villageId: v.id,
    villageName: v.name, gridId: g.id, gridName: g.name,
  })},
    coalesce(nullif(${h.address}, ''), ${hd.currentAddress}, '') as address, ${selectAs({
      confirmedOn: e.confirmedOn, certificateNumber: e.certificateNumber, area: e.area, class: e.class, monthlyAmountFen: e.monthlyAmountFen,
    })},
    (select count(*) from ${lowIncomeMember} ${m} where ${m.lowIncomeId} = ${e.id}) as coveredCount,
    ${selectAs({
      extremePoverty: e.extremePoverty, status: e.status, publicityFrom: e.publicityFrom, publicityTo: e.publicityTo, exitOn: e.exitOn,
      exitReason: e.exitReason, exitNote: e.exitNote,
    })},
    (select max(${x.date}) from ${record} ${x} where ${x.ledger} = 'lowIncome' and ${x.entryId} = ${e.id} and ${x.kind} = 'review' and ${x.voidedOn} is null) as lastReviewOn
  from (select ${li}.*, ${headIdSql(li)} as head_id from ${lowIncome} ${li}) ${e}
  join ${household} ${h} on ${h.id} = ${e.householdId}
  left join ${grid} ${g} on ${g.id} = ${h.gridId}
  left join ${village} ${v} on ${v.id} = ${g.villageId}
  left join ${resident} ${hd} on ${hd.id} = ${eHeadId}
  ${rest}`;

const ORDER = sql`order by ${v.code} is null, ${v.code}, ${g.code}, ${h.number}, ${e.id}`;

function loadRaw(ctx: ServiceContext, id: number): LowIncomeRaw {
  const raw = row(ctx.ledger.sqlite, lowIncomeSql(sql`where ${e.id} = ${id}`));
  if (!raw) throw notFound(`找不到编号为 ${id} 的低保户`);
  return raw;
}

function householdName(raw: Pick<LowIncomeRaw, 'headName' | 'householdNumber'>): string {
  return raw.headName ? `${raw.headName}户（户号 ${raw.householdNumber}）` : `户号 ${raw.householdNumber}`;
}

function factsOf(raw: LowIncomeRaw): LowIncomeFacts {
  return { status: raw.status as LowIncomeFacts['status'], who: householdName(raw), exitOn: raw.exitOn };
}

/** Refuses what lowIncomeMachine refuses, with its reason. */
function requireStep(raw: LowIncomeRaw, step: LowIncomeStep) {
  enforce(checkStep(lowIncomeMachine, step, factsOf(raw)));
}

function toRow(raw: LowIncomeRaw, dues: EntryDueView[]): LowIncomeRow {
  return {
    id: raw.id,
    householdId: raw.householdId,
    householdNumber: raw.householdNumber,
    headName: raw.headName,
    headIdNumber: raw.headIdNumber,
    villageId: raw.villageId,
    villageName: raw.villageName,
    gridId: raw.gridId,
    gridName: raw.gridName,
    address: raw.address,
    confirmedOn: raw.confirmedOn,
    certificateNumber: raw.certificateNumber,
    area: raw.area,
    class: raw.class,
    monthlyAmount: fenToYuan(raw.monthlyAmountFen) ?? 0,
    coveredCount: raw.coveredCount,
    extremePoverty: raw.extremePoverty,
    status: raw.status,
    lastReviewOn: raw.lastReviewOn,
    nextDue: dues[0] ?? null,
  };
}

export function getLowIncome(ctx: ServiceContext, id: number): LowIncomeDetail {
  const rules = getRules(ctx);
  const raw = loadRaw(ctx, id);
  const dues = duesByEntry(lowIncomeDues(ctx, { entryIds: [id] }), ctx.today(), rules).get(id) ?? [];
  const members = rows(
    ctx.ledger.sqlite,
    sql<{ residentId: number; name: string; idNumber: string; relation: string | null; residentStatus: string; covered: number }>`
      select ${selectAs({ residentId: r.id, name: r.name, idNumber: r.idNumber, relation: r.relation, residentStatus: r.status })},
         exists (select 1 from ${lowIncomeMember} ${m} where ${m.lowIncomeId} = ${id} and ${m.residentId} = ${r.id}) as covered
       from ${resident} ${r}
       where ${r.householdId} = ${raw.householdId} or ${r.id} in (select ${lowIncomeMember.residentId} from ${lowIncomeMember} where ${lowIncomeMember.lowIncomeId} = ${id})
       order by ${r.status} <> '在册', ${r.relation} is null, ${r.relation}, ${r.birthDate}, ${r.id}`,
  );
  return {
    ...toRow(raw, dues),
    publicityFrom: raw.publicityFrom,
    publicityTo: raw.publicityTo,
    exitOn: raw.exitOn,
    exitReason: raw.exitReason,
    exitNote: raw.exitNote,
    members: members.map((m) => ({ ...m, covered: m.covered === 1 })),
    statusChanges: statusChanges(ctx, 'lowIncome', id),
    dues,
    steps: stepViews(lowIncomeMachine, factsOf(raw)),
  };
}

/** The entries a list filter selects, by village, grid and 户号 (also used by the export). */
export function queryLowIncome(ctx: ServiceContext, filter: ListFilter): LowIncomeRaw[] {
  const clauses = placeAndStatusClauses(filter, {
    gridColumn: h.gridId,
    statusColumn: e.status,
    voidedColumn: e.voidedOn,
    open: ['在保'],
    statuses: lowIncomeStatusTable,
    statusLabel: '低保状态',
  });
  const match = queryMatch(filter.query);
  if (match) {
    const raw = filter.query.trim();
    clauses.push(sql`(${e.certificateNumber} = ${raw} or ${h.number} = ${raw}
      or exists (select 1 from ${resident} ${r} where ${r.householdId} = ${e.householdId} and ${namedFragment(match.where, match.params)}))`);
  }
  return rows(ctx.ledger.sqlite, lowIncomeSql(sql`${whereAll(clauses)} ${ORDER}`));
}

export function listLowIncome(ctx: ServiceContext, filter: ListFilter): LowIncomeRow[] {
  const rules = getRules(ctx);
  const raws = queryLowIncome(ctx, filter);
  const dues = duesByEntry(lowIncomeDues(ctx, { entryIds: raws.filter((r) => r.status === '在保').map((r) => r.id) }), ctx.today(), rules);
  return raws.map((raw) => toRow(raw, dues.get(raw.id) ?? []));
}

// ---------------------------------------------------------------- writes

interface EntryFields {
  certificateNumber: string;
  area: string;
  class: string;
  memberIds: number[];
  monthlyAmount: number;
  extremePoverty: string | null;
  publicityFrom?: string | null;
}

/** The covered members, checked: 在册 members of the household (members in `keep` may have left since). */
function checkMembers(ctx: ServiceContext, household: { id: number; number: string }, memberIds: number[], keep: ReadonlySet<number>): number[] {
  const ids = [...new Set(memberIds)];
  for (const id of ids) {
    const r = ctx.ledger.db
      .select({ id: resident.id, name: resident.name, idNumber: resident.idNumber, householdId: resident.householdId, status: resident.status })
      .from(resident)
      .where(eq(resident.id, id))
      .get();
    if (!r) throw notFound(`找不到编号为 ${id} 的人员（保障对象）`);
    if (keep.has(id)) continue;
    if (r.householdId !== household.id) {
      throw conflict(`${r.name}（${r.idNumber}）不是本户（户号 ${household.number}）的成员，不能作为保障对象`);
    }
    if (r.status !== '在册') throw conflict(`${r.name}（${r.idNumber}）已${r.status}，不能作为保障对象`);
  }
  return ids;
}

function checkEntryFields(ctx: ServiceContext, rules: RuleSettings, confirmedOn: string, input: EntryFields, selfId: number | null) {
  let publicityTo: string | null = null;
  if (input.publicityFrom) {
    publicityTo = publicityEnd(input.publicityFrom, rules);
    if (publicityTo > confirmedOn) {
      throw validationError(
        `公示期为 ${input.publicityFrom} 至 ${publicityTo}（${rules.publicityDays} 天），确认日期（${confirmedOn}）应在公示期满之后`,
        [{ field: '公示开始日期', path: ['publicityFrom'], message: '公示期须在确认日期前结束' }],
      );
    }
  }
  const cert = input.certificateNumber;
  if (cert) {
    const other = ctx.ledger.db
      .select({ number: household.number })
      .from(lowIncome)
      .innerJoin(household, eq(household.id, lowIncome.householdId))
      .where(and(eq(lowIncome.certificateNumber, cert), eq(lowIncome.status, '在保'), isNull(lowIncome.voidedOn), ne(lowIncome.id, selfId ?? 0)))
      .get();
    if (other) throw conflict(`低保证号 ${cert} 已由户号 ${other.number} 使用`);
  }
  return { publicityTo };
}

export function registerLowIncome(ctx: ServiceContext, input: ChannelParsed<'lowIncome.register'>): LowIncomeDetail {
  const rules = getRules(ctx);
  const db = ctx.ledger.db;
  const id = inWrite(ctx, () => {
    const found = db.select({ id: household.id, number: household.number }).from(household).where(eq(household.id, input.householdId)).get();
    if (!found) throw notFound(`找不到编号为 ${input.householdId} 的户`);
    const open = db
      .select({ confirmedOn: lowIncome.confirmedOn })
      .from(lowIncome)
      .where(and(eq(lowIncome.householdId, found.id), eq(lowIncome.status, '在保'), isNull(lowIncome.voidedOn)))
      .get();
    if (open) throw conflict(`户号 ${found.number} 已是低保户（${open.confirmedOn} 确认，在保），不能重复登记`);
    notInFuture(ctx, input.confirmedOn, '确认日期', 'confirmedOn');
    const { publicityTo } = checkEntryFields(ctx, rules, input.confirmedOn, input, null);
    const members = checkMembers(ctx, found, input.memberIds, new Set());
    const t = now();
    const { id: entryId } = db
      .insert(lowIncome)
      .values({
        householdId: found.id, confirmedOn: input.confirmedOn, certificateNumber: input.certificateNumber, area: input.area, class: input.class,
        monthlyAmountFen: yuanToFen(input.monthlyAmount), confirmedAmountFen: yuanToFen(input.monthlyAmount), extremePoverty: input.extremePoverty,
        publicityFrom: input.publicityFrom ?? null, publicityTo, status: '在保', createdAt: t, updatedAt: t,
      })
      .returning({ id: lowIncome.id })
      .get();
    for (const m of members) db.insert(lowIncomeMember).values({ lowIncomeId: entryId, residentId: m }).run();
    writeStatusChange(ctx, 'lowIncome', entryId, null, '在保', input.confirmedOn, '审核确认');
    return entryId;
  });
  return getLowIncome(ctx, id);
}

export function updateLowIncome(ctx: ServiceContext, input: ChannelParsed<'lowIncome.update'>): LowIncomeDetail {
  const rules = getRules(ctx);
  const db = ctx.ledger.db;
  inWrite(ctx, () => {
    refuseVoided(ctx, 'lowIncome', input.id);
    const cur = loadRaw(ctx, input.id);
    requireStep(cur, 'edit');
    const { publicityTo } = checkEntryFields(ctx, rules, cur.confirmedOn, input, cur.id);
    const covered = new Set(
      db.select({ id: lowIncomeMember.residentId }).from(lowIncomeMember).where(eq(lowIncomeMember.lowIncomeId, cur.id)).all().map((m) => m.id),
    );
    const members = checkMembers(ctx, { id: cur.householdId, number: cur.householdNumber }, input.memberIds, covered);
    // A correction before any 复核 also corrects the amount at 确认; after one, only the current amount.
    const reviewed = db
      .select({ one: sql`1` })
      .from(record)
      .where(and(eq(record.ledger, 'lowIncome'), eq(record.kind, 'review'), isNull(record.voidedOn), eq(record.entryId, cur.id)))
      .limit(1)
      .get();
    db.update(lowIncome)
      .set({
        certificateNumber: input.certificateNumber, area: input.area, class: input.class, monthlyAmountFen: yuanToFen(input.monthlyAmount),
        ...(reviewed ? {} : { confirmedAmountFen: yuanToFen(input.monthlyAmount) }),
        extremePoverty: input.extremePoverty, publicityFrom: input.publicityFrom ?? null, publicityTo, updatedAt: now(),
      })
      .where(eq(lowIncome.id, cur.id))
      .run();
    const wanted = new Set(members);
    for (const m of covered) {
      if (!wanted.has(m)) db.delete(lowIncomeMember).where(and(eq(lowIncomeMember.lowIncomeId, cur.id), eq(lowIncomeMember.residentId, m))).run();
    }
    for (const m of members) if (!covered.has(m)) db.insert(lowIncomeMember).values({ lowIncomeId: cur.id, residentId: m }).run();
  });
  return getLowIncome(ctx, input.id);
}

export function exitLowIncome(ctx: ServiceContext, input: ChannelParsed<'lowIncome.exit'>): LowIncomeDetail {
  inWrite(ctx, () => {
    refuseVoided(ctx, 'lowIncome', input.id);
    const cur = loadRaw(ctx, input.id);
    requireStep(cur, 'exit');
    const exitDate = { date: input.date, label: '退出日期', path: 'date' };
    notInFuture(ctx, input.date, '退出日期', 'date');
    inOrder({ date: cur.confirmedOn, label: '确认日期' }, exitDate);
    inOrder({ date: cur.lastReviewOn, label: '最近一次复核日期' }, exitDate);
    ctx.ledger.db
      .update(lowIncome)
      .set({ status: '停保', exitOn: input.date, exitReason: input.reason, exitNote: input.note, updatedAt: now() })
      .where(eq(lowIncome.id, cur.id))
      .run();
    const reason = labelOf(lowIncomeExitReasonTable, input.reason);
    writeStatusChange(ctx, 'lowIncome', cur.id, '在保', '停保', input.date, input.note ? `${reason}：${input.note}` : reason);
  });
  return getLowIncome(ctx, input.id);
}

// ---------------------------------------------------------------- 更正 and 作废 of the exit

/** The exit of a household that left by 退出低保, with its status change; refused when it left by a 停发 复核 (that record governs it). */
function recordedExit(ctx: ServiceContext, cur: LowIncomeRaw, doing: string) {
  if (cur.status !== '停保' || !cur.exitOn) throw conflict(`${householdName(cur)}仍在保，没有可${doing}的退出`);
  const byReview = ctx.ledger.db
    .select({ date: record.date })
    .from(record)
    .where(and(eq(record.ledger, 'lowIncome'), eq(record.entryId, cur.id), eq(record.kind, 'review'), eq(record.reviewResult, '停发'), isNull(record.voidedOn)))
    .get();
  if (byReview) throw conflict(`${householdName(cur)}于 ${byReview.date} 经复核停发而停保，这次停保随那条复核记录，不能在此${doing}`);
  const change = statusChanges(ctx, 'lowIncome', cur.id).filter((s) => s.toStatus === '停保').at(-1);
  return { change, before: { exitOn: cur.exitOn, exitReason: cur.exitReason, exitNote: cur.exitNote } as Values };
}

const exitChangeReason = (code: string | null, note: string) => {
  const reason = code ? labelOf(lowIncomeExitReasonTable, code) : '退出低保';
  return note ? `${reason}：${note}` : reason;
};

/**
 * 更正 the exit: its date (on or after 确认 and the last 复核, not in the future), reason code and note. The 停保 status
 * change moves with it; the month figures (T3) read the exit date, so they follow.
 */
export function correctLowIncomeExit(ctx: ServiceContext, input: ChannelParsed<'lowIncome.correctExit'>): LowIncomeDetail {
  inWrite(ctx, () => {
    refuseVoided(ctx, 'lowIncome', input.id);
    const cur = loadRaw(ctx, input.id);
    const { change, before } = recordedExit(ctx, cur, '更正');
    const exitDate = { date: input.date, label: '退出日期', path: 'date' };
    notInFuture(ctx, input.date, '退出日期', 'date');
    inOrder({ date: cur.confirmedOn, label: '确认日期' }, exitDate);
    inOrder({ date: cur.lastReviewOn, label: '最近一次复核日期' }, exitDate);
    const next = { exitOn: input.date, exitReason: input.exitReason ?? cur.exitReason, exitNote: input.note ?? cur.exitNote };
    const { before: was, after } = diff(before, next);
    if (!Object.keys(after).length) throw validationError('没有改动：请修改要更正的内容后再保存');
    ctx.ledger.db.update(lowIncome).set({ ...next, updatedAt: now() }).where(eq(lowIncome.id, cur.id)).run();
    if (change) {
      ctx.ledger.db.update(statusChange).set({ date: next.exitOn, reason: exitChangeReason(next.exitReason, next.exitNote) }).where(eq(statusChange.id, change.id)).run();
    }
    writeRevision(ctx, { subject: 'lowIncome', subjectId: cur.id, action: 'correct', step: 'exit', before: was, after, reason: input.reason });
  });
  return getLowIncome(ctx, input.id);
}

/**
 * 作废 an exit made by mistake: the household is 在保 again and its 复核 falls due again. The 停保 change is voided
 * with it (kept, out of the history shown); the revision tells the 作废 on the timeline. Refused while the household
 * has entered again (another entry 在保) or its 低保证号 is now another household's.
 */
export function voidLowIncomeExit(ctx: ServiceContext, input: ChannelParsed<'lowIncome.voidExit'>): LowIncomeDetail {
  inWrite(ctx, () => {
    refuseVoided(ctx, 'lowIncome', input.id);
    const cur = loadRaw(ctx, input.id);
    const { before, change } = recordedExit(ctx, cur, '作废');
    const db = ctx.ledger.db;
    const open = db
      .select({ id: lowIncome.id, confirmedOn: lowIncome.confirmedOn })
      .from(lowIncome)
      .where(and(eq(lowIncome.householdId, cur.householdId), eq(lowIncome.status, '在保'), isNull(lowIncome.voidedOn), ne(lowIncome.id, cur.id)))
      .get();
    if (open) throw conflict(`${householdName(cur)}已于 ${open.confirmedOn} 重新纳入低保（台账编号 ${open.id}），不能再作废这次退出`);
    if (cur.certificateNumber) {
      const taken = db
        .select({ id: lowIncome.id })
        .from(lowIncome)
        .where(and(eq(lowIncome.certificateNumber, cur.certificateNumber), eq(lowIncome.status, '在保'), isNull(lowIncome.voidedOn), ne(lowIncome.id, cur.id)))
        .get();
      if (taken) throw conflict(`低保证号 ${cur.certificateNumber} 已由另一在保户使用（台账编号 ${taken.id}），不能作废这次退出`);
    }
    db.update(lowIncome).set({ status: '在保', exitOn: null, exitReason: null, exitNote: '', updatedAt: now() }).where(eq(lowIncome.id, cur.id)).run();
    if (change) db.update(statusChange).set({ voidedOn: ctx.today(), voidReason: input.reason }).where(eq(statusChange.id, change.id)).run();
    writeRevision(ctx, { subject: 'lowIncome', subjectId: cur.id, action: 'void', step: 'exit', before, after: { exitOn: null, exitReason: null, exitNote: '' }, reason: input.reason });
  });
  return getLowIncome(ctx, input.id);
}
