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
import { statement } from '../../db/statements';

/** The head's resident id for a low_income row aliased `li`: 户主 (在册 first), else the first covered member. */
export const HEAD_ID_SQL = `coalesce(
    (select r.id from resident r where r.household_id = li.household_id and r.relation = '02' order by r.status = '在册' desc, r.id limit 1),
    (select m.resident_id from low_income_member m where m.low_income_id = li.id order by m.resident_id limit 1))`;

/** The later of 确认日期 and the last 复核: where the next cycle starts. */
export function reviewCycleStart(confirmedOn: string, lastReviewOn: string | null): string {
  return lastReviewOn && lastReviewOn > confirmedOn ? lastReviewOn : confirmedOn;
}

export function lowIncomeDues(ctx: ServiceContext, opts: { entryIds?: number[] } = {}): EntryDue[] {
  const rules = getRules(ctx);
  const byIds = opts.entryIds !== undefined;
  if (byIds && opts.entryIds!.length === 0) return [];
  const rows = statement(ctx.ledger.sqlite,
      `select li.id, li.household_id as householdId, li.confirmed_on as confirmedOn, li.class, ${HEAD_ID_SQL} as headId,
         (select max(x.date) from record x where x.ledger = 'lowIncome' and x.entry_id = li.id and x.kind = 'review') as lastReviewOn
       from low_income li
       where li.status = '在保' ${byIds ? 'and li.id in (select value from json_each(?))' : ''}
       order by li.id`,
    )
    .all(...(byIds ? [JSON.stringify(opts.entryIds)] : [])) as {
    id: number;
    householdId: number;
    confirmedOn: string;
    class: LowIncomeClass;
    headId: number | null;
    lastReviewOn: string | null;
  }[];
  return rows.map((e) => ({
    kind: '低保复核',
    ledger: 'lowIncome',
    entryId: e.id,
    residentId: e.headId,
    householdId: e.householdId,
    dueDate: lowIncomeReviewDue(reviewCycleStart(e.confirmedOn, e.lastReviewOn), e.class, rules),
  }));
}
