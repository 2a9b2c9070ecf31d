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
import { and, isNull, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { grid, household, lowIncome, lowIncomeMember, record, village } from '../../db/schema';

export function loadLowIncomeFacts(ctx: ServiceContext): { entryId: number; villageId: number | null; villageCode: string | null; facts: LowIncomeFacts }[] {
  const db = ctx.ledger.db;
  const e = lowIncome;
  const m = lowIncomeMember;
  const entries = db
    .select({
      id: e.id, villageId: village.id, villageCode: village.code, area: e.area, class: e.class, confirmedOn: e.confirmedOn, exitOn: e.exitOn,
      monthlyAmountFen: sql<number>`coalesce(${e.confirmedAmountFen}, ${e.monthlyAmountFen})`, extremePoverty: e.extremePoverty,
      coveredCount: sql<number>`(select count(*) from ${m} where ${m.lowIncomeId} = ${e.id})`,
    })
    .from(e)
    .innerJoin(household, eq(household.id, e.householdId))
    .leftJoin(grid, eq(grid.id, household.gridId))
    .leftJoin(village, eq(village.id, grid.villageId))
    // A voided entry (registered by mistake) counts in no month.
    .where(isNull(e.voidedOn))
    .orderBy(asc(e.id))
    .all();

  const reviews = new Map<number, LowIncomeReviewFacts[]>();
  const x = record;
  for (const r of db
    .select({ entryId: x.entryId, date: x.date, result: x.reviewResult, newAmountFen: x.newAmountFen })
    .from(x)
    .where(and(eq(x.ledger, 'lowIncome'), eq(x.kind, 'review'), isNull(x.voidedOn), isNotNull(x.entryId)))
    .orderBy(asc(x.date), asc(x.id))
    .all() as (Pick<typeof record.$inferSelect, 'date' | 'newAmountFen'> & { entryId: number; result: string | null })[]) {
    const list = reviews.get(r.entryId) ?? [];
    const result: ReviewResult = (REVIEW_RESULTS as readonly string[]).includes(r.result ?? '') ? (r.result as ReviewResult) : '不变';
    list.push({ date: r.date, result, newAmount: fenToYuan(r.newAmountFen) });
    reviews.set(r.entryId, list);
  }

  return entries.map((e) => ({
    entryId: e.id,
    villageId: e.villageId,
    villageCode: e.villageCode,
    facts: {
      area: e.area as LowIncomeArea,
      class: e.class as LowIncomeClass,
      confirmedDate: e.confirmedOn,
      exitDate: e.exitOn,
      coveredCount: e.coveredCount,
      monthlyAmount: fenToYuan(e.monthlyAmountFen) ?? 0,
      supportType: e.extremePoverty as ExtremePovertySupport | null,
      reviews: reviews.get(e.id) ?? [],
    },
  }));
}
