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
import { fenToYuan, inOrder, notInFuture, now, placeAndStatusClauses, statusChanges, writeStatusChange, yuanToFen } from '../common';
import { duesByEntry, type EntryDueView } from '../patient/dues';
import { HEAD_ID_SQL, lowIncomeDues } from './dues';
import { inWrite } from '../../db/write';
import { statement } from '../../db/statements';

type ListFilter = ChannelParsed<'lowIncome.list'>;

export { LOW_INCOME_STATUSES };

export interface LowIncomeRaw {
  id: number;
  householdId: number;
  householdNumber: string;
  headId: number | null;
  headName: string | null;
  headIdNumber: string | null;
  villageId: number | null;
  villageName: string | null;
  gridId: number | null;
  gridName: string | null;
  address: string;
  confirmedOn: string;
  certificateNumber: string;
  area: string;
  class: string;
  monthlyAmountFen: number;
  coveredCount: number;
  extremePoverty: string | null;
  status: string;
  publicityFrom: string | null;
  publicityTo: string | null;
  exitOn: string | null;
  exitReason: string | null;
  exitNote: string;
  lastReviewOn: string | null;
}

const SELECT = `select e.id, e.household_id as householdId, h.number as householdNumber, hd.id as headId, hd.name as headName,
    hd.id_number as headIdNumber, v.id as villageId, v.name as villageName, g.id as gridId, g.name as gridName,
    coalesce(nullif(h.address, ''), hd.current_address, '') as address, e.confirmed_on as confirmedOn, e.certificate_number as certificateNumber,
    e.area, e.class, e.monthly_amount_fen as monthlyAmountFen,
    (select count(*) from low_income_member m where m.low_income_id = e.id) as coveredCount,
    e.extreme_poverty as extremePoverty, e.status, e.publicity_from as publicityFrom, e.publicity_to as publicityTo, e.exit_on as exitOn,
    e.exit_reason as exitReason, e.exit_note as exitNote,
    (select max(x.date) from record x where x.ledger = 'lowIncome' and x.entry_id = e.id and x.kind = 'review') as lastReviewOn
  from (select li.*, ${HEAD_ID_SQL} as head_id from low_income li) e
  join household h on h.id = e.household_id
  left join grid g on g.id = h.grid_id
  left join village v on v.id = g.village_id
  left join resident hd on hd.id = e.head_id`;

const ORDER = 'order by v.code is null, v.code, g.code, h.number, e.id';

function loadRaw(ctx: ServiceContext, id: number): LowIncomeRaw {
  const raw = statement(ctx.ledger.sqlite, `${SELECT} where e.id = ?`).get(id) as LowIncomeRaw | undefined;
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
  const members = statement(ctx.ledger.sqlite,
      `select r.id as residentId, r.name, r.id_number as idNumber, r.relation, r.status as residentStatus,
         exists (select 1 from low_income_member m where m.low_income_id = @id and m.resident_id = r.id) as covered
       from resident r
       where r.household_id = @householdId or r.id in (select resident_id from low_income_member where low_income_id = @id)
       order by r.status <> '在册', r.relation is null, r.relation, r.birth_date, r.id`,
    )
    .all({ id, householdId: raw.householdId }) as { residentId: number; name: string; idNumber: string; relation: string | null; residentStatus: string; covered: number }[];
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
  const { clauses, params } = placeAndStatusClauses(filter, {
    gridColumn: 'h.grid_id',
    openSql: "('在保')",
    statuses: lowIncomeStatusTable,
    statusLabel: '低保状态',
  });
  const match = queryMatch(filter.query);
  if (match) {
    clauses.push(`(e.certificate_number = @raw or h.number = @raw
      or exists (select 1 from resident r where r.household_id = e.household_id and ${match.where}))`);
    Object.assign(params, match.params, { raw: filter.query.trim() });
  }
  const where = clauses.length ? `where ${clauses.join(' and ')}` : '';
  return statement(ctx.ledger.sqlite, `${SELECT} ${where} ${ORDER}`).all(params) as LowIncomeRaw[];
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
  const get = statement(ctx.ledger.sqlite, 'select id, name, id_number as idNumber, household_id as householdId, status from resident where id = ?');
  for (const id of ids) {
    const r = get.get(id) as { id: number; name: string; idNumber: string; householdId: number | null; status: string } | undefined;
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
    const other = statement(ctx.ledger.sqlite, `select h.number from low_income e join household h on h.id = e.household_id where e.certificate_number = ? and e.status = '在保' and e.id <> ?`)
      .get(cert, selfId ?? 0) as { number: string } | undefined;
    if (other) throw conflict(`低保证号 ${cert} 已由户号 ${other.number} 使用`);
  }
  return { publicityTo };
}

export function registerLowIncome(ctx: ServiceContext, input: ChannelParsed<'lowIncome.register'>): LowIncomeDetail {
  const rules = getRules(ctx);
  const db = ctx.ledger.sqlite;
  const id = inWrite(ctx, () => {
    const household = statement(db, 'select id, number from household where id = ?').get(input.householdId) as { id: number; number: string } | undefined;
    if (!household) throw notFound(`找不到编号为 ${input.householdId} 的户`);
    const open = statement(db, `select confirmed_on as confirmedOn from low_income where household_id = ? and status = '在保'`).get(household.id) as
      | { confirmedOn: string }
      | undefined;
    if (open) throw conflict(`户号 ${household.number} 已是低保户（${open.confirmedOn} 确认，在保），不能重复登记`);
    notInFuture(ctx, input.confirmedOn, '确认日期', 'confirmedOn');
    const { publicityTo } = checkEntryFields(ctx, rules, input.confirmedOn, input, null);
    const members = checkMembers(ctx, household, input.memberIds, new Set());
    const t = now();
    const r = statement(db,
        `insert into low_income (household_id, confirmed_on, certificate_number, area, class, monthly_amount_fen, confirmed_amount_fen, extreme_poverty,
           publicity_from, publicity_to, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '在保', ?, ?)`,
      )
      .run(
        household.id, input.confirmedOn, input.certificateNumber, input.area, input.class, yuanToFen(input.monthlyAmount), yuanToFen(input.monthlyAmount), input.extremePoverty,
        input.publicityFrom ?? null, publicityTo, t, t,
      );
    const entryId = Number(r.lastInsertRowid);
    const add = statement(db, 'insert into low_income_member (low_income_id, resident_id) values (?, ?)');
    for (const m of members) add.run(entryId, m);
    writeStatusChange(ctx, 'lowIncome', entryId, null, '在保', input.confirmedOn, '审核确认');
    return entryId;
  });
  return getLowIncome(ctx, id);
}

export function updateLowIncome(ctx: ServiceContext, input: ChannelParsed<'lowIncome.update'>): LowIncomeDetail {
  const rules = getRules(ctx);
  const db = ctx.ledger.sqlite;
  inWrite(ctx, () => {
    const cur = loadRaw(ctx, input.id);
    requireStep(cur, 'edit');
    const { publicityTo } = checkEntryFields(ctx, rules, cur.confirmedOn, input, cur.id);
    const covered = new Set(
      (statement(db, 'select resident_id as id from low_income_member where low_income_id = ?').all(cur.id) as { id: number }[]).map((m) => m.id),
    );
    const members = checkMembers(ctx, { id: cur.householdId, number: cur.householdNumber }, input.memberIds, covered);
    // A correction before any 复核 also corrects the amount at 确认; after one, only the current amount.
    const reviewed = statement(db, `select 1 from record where ledger = 'lowIncome' and kind = 'review' and entry_id = ? limit 1`).get(cur.id);
    statement(db,
      `update low_income set certificate_number = ?, area = ?, class = ?, monthly_amount_fen = ?,
         confirmed_amount_fen = case when ? then confirmed_amount_fen else ? end, extreme_poverty = ?, publicity_from = ?,
         publicity_to = ?, updated_at = ? where id = ?`,
    ).run(
      input.certificateNumber, input.area, input.class, yuanToFen(input.monthlyAmount), reviewed ? 1 : 0, yuanToFen(input.monthlyAmount),
      input.extremePoverty, input.publicityFrom ?? null, publicityTo, now(), cur.id,
    );
    const wanted = new Set(members);
    const remove = statement(db, 'delete from low_income_member where low_income_id = ? and resident_id = ?');
    for (const m of covered) if (!wanted.has(m)) remove.run(cur.id, m);
    const add = statement(db, 'insert into low_income_member (low_income_id, resident_id) values (?, ?)');
    for (const m of members) if (!covered.has(m)) add.run(cur.id, m);
  });
  return getLowIncome(ctx, input.id);
}

export function exitLowIncome(ctx: ServiceContext, input: ChannelParsed<'lowIncome.exit'>): LowIncomeDetail {
  const db = ctx.ledger.sqlite;
  inWrite(ctx, () => {
    const cur = loadRaw(ctx, input.id);
    requireStep(cur, 'exit');
    const exitDate = { date: input.date, label: '退出日期', path: 'date' };
    notInFuture(ctx, input.date, '退出日期', 'date');
    inOrder({ date: cur.confirmedOn, label: '确认日期' }, exitDate);
    inOrder({ date: cur.lastReviewOn, label: '最近一次复核日期' }, exitDate);
    statement(db, `update low_income set status = '停保', exit_on = ?, exit_reason = ?, exit_note = ?, updated_at = ? where id = ?`).run(
      input.date, input.reason, input.note, now(), cur.id,
    );
    const reason = labelOf(lowIncomeExitReasonTable, input.reason);
    writeStatusChange(ctx, 'lowIncome', cur.id, '在保', '停保', input.date, input.note ? `${reason}：${input.note}` : reason);
  });
  return getLowIncome(ctx, input.id);
}
