// The facts of every 刑满释放人员 entry (open or closed) in the shape the T1 indicator formulas take
// (shared/rules/indicators.ts ReleasedPersonFacts), read with one query per table, not per person.
import type { ReleasedClass, ReleasedStatus } from '../../../../shared/codes/ledger';
import type { ReleasedPersonFacts, StatusChange } from '../../../../shared/rules/indicators';
import type { ServiceContext } from '../../context';
import { and, asc, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { grid, record, releasedAssessment, releasedPerson, resident, statusChange, teamMember, village } from '../../db/schema';

export interface ReleasedFactsRow {
  entryId: number;
  /** The village of the resident's grid now; null when the resident has no grid. */
  villageId: number | null;
  villageCode: string | null;
  facts: ReleasedPersonFacts;
}

function groupBy<T extends { entryId: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const list = map.get(r.entryId);
    if (list) list.push(r);
    else map.set(r.entryId, [r]);
  }
  return map;
}

/**
 * For every entry: 释放/通知书/衔接/报到/安置 dates, the 分类 assessments and the status history in date order (same
 * date: in the order they were written, so the later one wins as statusAsOf expects), the current 帮教小组 size
 * (members whose to_date is null) and the dates of its 帮教记录.
 */
export function loadReleasedFacts(ctx: ServiceContext): ReleasedFactsRow[] {
  const db = ctx.ledger.db;
  const e = releasedPerson;
  const entries = db
    .select({
      id: e.id, villageId: village.id, villageCode: village.code, releaseDate: e.releaseDate, noticeReceivedOn: e.noticeReceivedOn,
      handoverOn: e.handoverOn, reportedOn: e.reportedOn, placedOn: e.placedOn,
    })
    .from(e)
    .innerJoin(resident, eq(resident.id, e.residentId))
    .leftJoin(grid, eq(grid.id, resident.gridId))
    .leftJoin(village, eq(village.id, grid.villageId))
    // A voided entry (registered by mistake) counts in no month.
    .where(isNull(e.voidedOn))
    .orderBy(asc(e.id))
    .all();
  const a = releasedAssessment;
  const assessments = groupBy(
    db.select({ entryId: a.releasedPersonId, date: a.date, class: a.class }).from(a).where(isNull(a.voidedOn)).orderBy(asc(a.releasedPersonId), asc(a.date), asc(a.id)).all(),
  );
  const s = statusChange;
  const history = groupBy(
    db.select({ entryId: s.entryId, date: s.date, status: s.toStatus }).from(s).where(and(eq(s.ledger, 'released'), isNull(s.voidedOn))).orderBy(asc(s.entryId), asc(s.date), asc(s.id)).all(),
  );
  const t = teamMember;
  const teams = new Map(
    db
      .select({ entryId: t.entryId, n: count() })
      .from(t)
      .where(and(eq(t.ledger, 'released'), isNull(t.toDate)))
      .groupBy(t.entryId)
      .all()
      .map((m) => [m.entryId, m.n]),
  );
  const h = record;
  const helps = groupBy(
    db
      .select({ entryId: h.entryId, date: h.date })
      .from(h)
      .where(and(eq(h.ledger, 'released'), eq(h.kind, 'help'), isNull(h.voidedOn), isNotNull(h.entryId)))
      .orderBy(asc(h.entryId), asc(h.date))
      .all() as { entryId: number; date: string }[],
  );
  return entries.map((e) => ({
    entryId: e.id,
    villageId: e.villageId,
    villageCode: e.villageCode,
    facts: {
      releaseDate: e.releaseDate,
      noticeReceivedDate: e.noticeReceivedOn,
      handoverDate: e.handoverOn,
      reportDate: e.reportedOn,
      placementDate: e.placedOn,
      assessments: (assessments.get(e.id) ?? []).map((x) => ({ date: x.date, class: x.class as ReleasedClass })),
      helpTeamSize: teams.get(e.id) ?? 0,
      helpRecordDates: (helps.get(e.id) ?? []).map((h) => h.date),
      statusHistory: (history.get(e.id) ?? []).map((x): StatusChange<ReleasedStatus> => ({ date: x.date, status: x.status as ReleasedStatus })),
    },
  }));
}
