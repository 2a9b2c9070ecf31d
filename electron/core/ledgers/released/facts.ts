// The facts of every 刑满释放人员 entry (open or closed) in the shape the T1 indicator formulas take
// (shared/rules/indicators.ts ReleasedPersonFacts), read with one query per table, not per person.
import type { ReleasedClass, ReleasedStatus } from '../../../../shared/codes/ledger';
import type { ReleasedPersonFacts, StatusChange } from '../../../../shared/rules/indicators';
import type { ServiceContext } from '../../context';
import { statement } from '../../db/statements';

export interface ReleasedFactsRow {
  entryId: number;
  /** The village of the resident's grid now; null when the resident has no grid. */
  villageId: number | null;
  villageCode: string | null;
  facts: ReleasedPersonFacts;
}

interface EntryRow {
  id: number;
  villageId: number | null;
  villageCode: string | null;
  releaseDate: string;
  noticeReceivedOn: string | null;
  handoverOn: string | null;
  reportedOn: string | null;
  placedOn: string | null;
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
  const db = ctx.ledger.sqlite;
  const entries = statement(db,
      `select e.id, v.id as villageId, v.code as villageCode, e.release_date as releaseDate, e.notice_received_on as noticeReceivedOn,
         e.handover_on as handoverOn, e.reported_on as reportedOn, e.placed_on as placedOn
       from released_person e join resident r on r.id = e.resident_id left join grid g on g.id = r.grid_id left join village v on v.id = g.village_id
       order by e.id`,
    )
    .all() as EntryRow[];
  const assessments = groupBy(
    statement(db, 'select released_person_id as entryId, date, class from released_assessment order by released_person_id, date, id').all() as {
      entryId: number;
      date: string;
      class: ReleasedClass;
    }[],
  );
  const history = groupBy(
    statement(db, `select entry_id as entryId, date, to_status as status from status_change where ledger = 'released' order by entry_id, date, id`).all() as {
      entryId: number;
      date: string;
      status: ReleasedStatus;
    }[],
  );
  const teams = new Map(
    (
      statement(db, `select entry_id as entryId, count(*) as n from team_member where ledger = 'released' and to_date is null group by entry_id`).all() as {
        entryId: number;
        n: number;
      }[]
    ).map((r) => [r.entryId, r.n]),
  );
  const helps = groupBy(
    statement(db, `select entry_id as entryId, date from record where ledger = 'released' and kind = 'help' and entry_id is not null order by entry_id, date`).all() as {
      entryId: number;
      date: string;
    }[],
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
      assessments: (assessments.get(e.id) ?? []).map((a) => ({ date: a.date, class: a.class })),
      helpTeamSize: teams.get(e.id) ?? 0,
      helpRecordDates: (helps.get(e.id) ?? []).map((h) => h.date),
      statusHistory: (history.get(e.id) ?? []).map((s): StatusChange<ReleasedStatus> => ({ date: s.date, status: s.status })),
    },
  }));
}
