// Due items of the 低保 ledger (domain.md Part 1 "低保", "Records and due dates"):
//   低保复核 — 确认日期, or the last 复核 record (kind 'review', ledger 'lowIncome') when later, + the class's cycle
//             (A, B 12 months; C 6 months; settings).
// Only households still 在保 have it. The person of the item is the household head (与户主关系 02 户主, one 在册
// first), else the first covered member; a household whose members all left still has its item (the consistency
// list reports the members).
// Set-based: one query; the last 复核 comes from the record_entry index.
import type { LowIncomeClass } from '../../../../shared/codes/ledger';
import { lowIncomeReviewDue } from '../../../../shared/rules/ledgerRules';
import type { ServiceContext } from '../../context';
import { getRules } from '../../rules/service';
import type { EntryDue } from '../dueTypes';
import { sql } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { rows } from '../../db/query';
import { lowIncome, lowIncomeMember, record, resident } from '../../db/schema';
import { r } from '../common';

const m = alias(lowIncomeMember, 'm');
const li = alias(lowIncome, 'li');
const x = alias(record, 'x');

/** The head's resident id for a low_income row `entry`: 户主 (在册 first), else the first covered member. */
export const headIdSql = (entry: { id: SQLiteColumn; householdId: SQLiteColumn }) => sql<number | null>`coalesce(
    (select ${r.id} from ${resident} ${r} where ${r.householdId} = ${entry.householdId} and ${r.relation} = '02' order by ${r.status} = '在册' desc, ${r.id} limit 1),
    (select ${m.residentId} from ${lowIncomeMember} ${m} where ${m.lowIncomeId} = ${entry.id} order by ${m.residentId} limit 1))`;

/** The later of 确认日期 and the last 复核: where the next cycle starts. */
export function reviewCycleStart(confirmedOn: string, lastReviewOn: string | null): string {
  return lastReviewOn && lastReviewOn > confirmedOn ? lastReviewOn : confirmedOn;
}

export function lowIncomeDues(ctx: ServiceContext, opts: { entryIds?: number[] } = {}): EntryDue[] {
  const rules = getRules(ctx);
  const byIds = opts.entryIds !== undefined;
  if (byIds && opts.entryIds!.length === 0) return [];
  const found = rows(
    ctx.ledger.sqlite,
    sql<Pick<typeof lowIncome.$inferSelect, 'id' | 'householdId' | 'confirmedOn'> & { class: LowIncomeClass; headId: number | null; lastReviewOn: string | null }>`
      select ${li.id} as id, ${li.householdId} as householdId, ${li.confirmedOn} as confirmedOn, ${li.class} as class, ${headIdSql(li)} as headId,
         (select max(${x.date}) from ${record} ${x} where ${x.ledger} = 'lowIncome' and ${x.entryId} = ${li.id} and ${x.kind} = 'review' and ${x.voidedOn} is null) as lastReviewOn
       from ${lowIncome} ${li}
       where ${li.status} = '在保' and ${li.voidedOn} is null ${byIds ? sql`and ${li.id} in (select value from json_each(${JSON.stringify(opts.entryIds)}))` : sql``}
       order by ${li.id}`,
  );
  return found.map((e) => ({
    kind: '低保复核',
    ledger: 'lowIncome',
    entryId: e.id,
    residentId: e.headId,
    householdId: e.householdId,
    dueDate: lowIncomeReviewDue(reviewCycleStart(e.confirmedOn, e.lastReviewOn), e.class, rules),
  }));
}
