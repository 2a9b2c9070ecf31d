// The plain facts of every 低保 entry, shaped for lowIncomeIndicators (shared/rules/indicators.ts), grouped by the
// village of the household's grid. Two queries (entries, 复核 records).
//
// Decisions:
// - Every entry is loaded, 在保 or not: the indicators decide from 确认日期, the exit and the 复核 records.
// - monthlyAmount is the amount at 确认 (confirmed_amount_fen; rows written before that column existed fall back to
//   the current amount); each 增发/减发 复核 carries its new amount, so every past month is exact.
// - coveredCount is the current number of covered members (the ledger does not date membership changes).
// - A 复核 without a valid result counts as 不变.
import { REVIEW_RESULTS, type ExtremePovertySupport, type LowIncomeArea, type LowIncomeClass, type ReviewResult } from '../../../../shared/codes/ledger';
import type { LowIncomeFacts, LowIncomeReviewFacts } from '../../../../shared/rules/indicators';
import type { ServiceContext } from '../../context';
import { fenToYuan } from '../common';
import { statement } from '../../db/statements';

export function loadLowIncomeFacts(ctx: ServiceContext): { villageId: number | null; villageCode: string | null; facts: LowIncomeFacts }[] {
  const db = ctx.ledger.sqlite;
  const entries = statement(db,
      `select e.id, v.id as villageId, v.code as villageCode, e.area, e.class, e.confirmed_on as confirmedOn, e.exit_on as exitOn,
         coalesce(e.confirmed_amount_fen, e.monthly_amount_fen) as monthlyAmountFen, e.extreme_poverty as extremePoverty,
         (select count(*) from low_income_member m where m.low_income_id = e.id) as coveredCount
       from low_income e join household h on h.id = e.household_id
       left join grid g on g.id = h.grid_id left join village v on v.id = g.village_id
       order by e.id`,
    )
    .all() as {
    id: number;
    villageId: number | null;
    villageCode: string | null;
    area: LowIncomeArea;
    class: LowIncomeClass;
    confirmedOn: string;
    exitOn: string | null;
    monthlyAmountFen: number;
    extremePoverty: ExtremePovertySupport | null;
    coveredCount: number;
  }[];

  const reviews = new Map<number, LowIncomeReviewFacts[]>();
  for (const r of statement(db,
      `select entry_id as entryId, date, review_result as result, new_amount_fen as newAmountFen
       from record where ledger = 'lowIncome' and kind = 'review' and entry_id is not null order by date, id`,
    )
    .all() as { entryId: number; date: string; result: string | null; newAmountFen: number | null }[]) {
    const list = reviews.get(r.entryId) ?? [];
    const result: ReviewResult = (REVIEW_RESULTS as readonly string[]).includes(r.result ?? '') ? (r.result as ReviewResult) : '不变';
    list.push({ date: r.date, result, newAmount: fenToYuan(r.newAmountFen) });
    reviews.set(r.entryId, list);
  }

  return entries.map((e) => ({
    villageId: e.villageId,
    villageCode: e.villageCode,
    facts: {
      area: e.area,
      class: e.class,
      confirmedDate: e.confirmedOn,
      exitDate: e.exitOn,
      coveredCount: e.coveredCount,
      monthlyAmount: fenToYuan(e.monthlyAmountFen) ?? 0,
      supportType: e.extremePoverty,
      reviews: reviews.get(e.id) ?? [],
    },
  }));
}
