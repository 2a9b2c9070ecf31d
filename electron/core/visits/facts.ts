// The facts the visit rules need, read in a few set-wise queries (a town of 100,000 residents is read in one pass per
// table): each household's class and reasons, the visits that stand, the grids and their workers, the events for T6.
//
// Decisions where the docs are silent:
// - A household's class uses the register and the ledgers as they are now (open entries, tags, 在册 members); only
//   the 独居老人 age is taken on the date asked about.
// - A 走访 of a person counts for the person's household; one naming a household counts for it.
import { sql } from 'drizzle-orm';
import { classifyHousehold, type HouseholdClass, type KeyReason } from '../../../shared/rules/householdClass';
import { addWorkdays, type CalendarCorrections } from '../../../shared/rules/workdays';
import type { EventFacts, GridRef, WorkerFacts } from '../../../shared/rules/workerFigures';
import type { ServiceContext } from '../context';
import { rows } from '../db/query';
import {
  calendarDay, event, eventStep, grid as gridTable, household, householdTag, lowIncome, patient, record, releasedPerson, resident, staff, staffGrid, village,
} from '../db/schema';
import { LOW_INCOME_OPEN, PATIENT_OPEN, RELEASED_OPEN } from '../records/entries';
import { getRules } from '../rules/service';

export interface HouseholdInfo {
  id: number;
  number: string;
  address: string;
  gridId: number | null;
  headName: string;
  cls: HouseholdClass;
  reasons: KeyReason[];
}

const list = (values: readonly string[]) => JSON.stringify(values);

/**
 * Every household the caller sees, with its class on `date`. The members are read as one row per household (how
 * many are 在册, the oldest birth date — the only one when there is one member —, and whether any is an open
 * 安置帮教 or 严重精神障碍 entry or marked 重点关注), so a town of 100,000 residents is read in one grouped pass.
 * `heads` adds the 户主's name (for lists); T6 does without.
 */
export function householdInfos(ctx: ServiceContext, date: string, onlyIds?: readonly number[], heads = true): HouseholdInfo[] {
  const rules = getRules(ctx);
  const only = onlyIds ? sql`and ${household.id} in (select value from json_each(${JSON.stringify(onlyIds)}))` : sql``;
  const onlyMembers = onlyIds ? sql`and ${resident.householdId} in (select value from json_each(${JSON.stringify(onlyIds)}))` : sql``;
  const base = rows(ctx.ledger.sqlite, sql<{ id: number; number: string; address: string; gridId: number | null }>`select ${household.id} as id, ${household.number} as number,
    ${household.address} as address, ${household.gridId} as gridId from ${household} where 1 = 1 ${only} order by ${household.id}`);
  type Members = { id: number; present: number; oldest: string; keyConcern: number; released: number; patient: number };
  const members = new Map(
    rows(ctx.ledger.sqlite, sql<Members>`select ${resident.householdId} as id, count(*) as present, min(${resident.birthDate}) as oldest,
        max(${resident.keyConcern}) as keyConcern,
        max(${resident.id} in (select ${releasedPerson.residentId} from ${releasedPerson} where ${releasedPerson.voidedOn} is null
          and ${releasedPerson.status} in (select value from json_each(${list(RELEASED_OPEN)})))) as released,
        max(${resident.id} in (select ${patient.residentId} from ${patient} where ${patient.voidedOn} is null
          and ${patient.status} in (select value from json_each(${list(PATIENT_OPEN)})))) as patient
      from ${resident} where ${resident.householdId} is not null and ${resident.status} = '在册' ${onlyMembers} group by ${resident.householdId}`).map((m) => [m.id, m]),
  );
  const headNames = new Map<number, string>();
  if (heads) {
    // 户主 (02) or 本人 (01) first, else any member.
    for (const h of rows(ctx.ledger.sqlite, sql<{ id: number; name: string; rank: number }>`select ${resident.householdId} as id, ${resident.name} as name,
        case when ${resident.relation} in ('01', '02') then 0 else 1 end as rank
      from ${resident} where ${resident.householdId} is not null and ${resident.status} = '在册' ${onlyMembers} order by rank desc, ${resident.id} desc`)) headNames.set(h.id, h.name);
  }
  const poor = new Set(
    rows(ctx.ledger.sqlite, sql<{ id: number }>`select distinct ${lowIncome.householdId} as id from ${lowIncome}
      where ${lowIncome.status} = ${LOW_INCOME_OPEN} and ${lowIncome.voidedOn} is null`).map((r) => r.id),
  );
  const tags = new Map<number, string[]>();
  for (const t of rows(ctx.ledger.sqlite, sql<{ id: number; tag: string }>`select ${householdTag.householdId} as id, ${householdTag.tag} as tag from ${householdTag}`)) {
    const l = tags.get(t.id) ?? [];
    l.push(t.tag);
    tags.set(t.id, l);
  }
  return base.map((h) => {
    const m = members.get(h.id);
    // The rule wants members; one stands for "present" ones: the facts it reads are the same.
    const facts = m
      ? [
          { birthDate: m.oldest, status: '在册', released: m.released === 1, patient: m.patient === 1, keyConcern: m.keyConcern === 1 },
          ...Array.from({ length: m.present - 1 }, () => ({ birthDate: m.oldest, status: '在册', released: false, patient: false, keyConcern: false })),
        ]
      : [];
    const { cls, reasons } = classifyHousehold({ members: facts, lowIncome: poor.has(h.id), tags: tags.get(h.id) ?? [] }, date, rules);
    return { ...h, headName: headNames.get(h.id) ?? '', cls, reasons };
  });
}

/** The visits that stand, dated in [from, to], as household id → dates (newest last). */
export function visitDates(ctx: ServiceContext, from: string, to: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const v of rows(ctx.ledger.sqlite, sql<{ householdId: number; date: string }>`select
      coalesce(${record.householdId}, (select ${resident.householdId} from ${resident} where ${resident.id} = ${record.residentId})) as householdId, ${record.date} as date
    from ${record} where ${record.kind} = 'visit' and ${record.voidedOn} is null and ${record.date} >= ${from} and ${record.date} <= ${to}
    order by ${record.date}`)) {
    if (v.householdId === null) continue;
    const l = out.get(v.householdId) ?? [];
    l.push(v.date);
    out.set(v.householdId, l);
  }
  return out;
}

/** Each household's last visit on or before `date`. */
export function lastVisits(ctx: ServiceContext, date: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const v of rows(ctx.ledger.sqlite, sql<{ householdId: number | null; date: string }>`select
      coalesce(${record.householdId}, (select ${resident.householdId} from ${resident} where ${resident.id} = ${record.residentId})) as householdId, max(${record.date}) as date
    from ${record} where ${record.kind} = 'visit' and ${record.voidedOn} is null and ${record.date} <= ${date} group by 1`)) {
    if (v.householdId !== null) out.set(v.householdId, v.date);
  }
  return out;
}

export function gridRefs(ctx: ServiceContext): (GridRef & { code: string; villageId: number })[] {
  return rows(ctx.ledger.sqlite, sql<GridRef & { code: string; villageId: number }>`select ${gridTable.id} as id, ${gridTable.code} as code, ${gridTable.name} as name,
    ${village.name} as village, ${gridTable.villageId} as villageId, ${gridTable.closedOn} as closedOn
    from ${gridTable} join ${village} on ${village.id} = ${gridTable.villageId} order by ${gridTable.code}`);
}

export function workerFacts(ctx: ServiceContext): WorkerFacts[] {
  const links = new Map<number, number[]>();
  for (const l of rows(ctx.ledger.sqlite, sql<{ staffId: number; gridId: number }>`select ${staffGrid.staffId} as staffId, ${staffGrid.gridId} as gridId from ${staffGrid} order by ${staffGrid.gridId}`)) {
    const g = links.get(l.staffId) ?? [];
    g.push(l.gridId);
    links.set(l.staffId, g);
  }
  return rows(ctx.ledger.sqlite, sql<Omit<WorkerFacts, 'gridIds'>>`select ${staff.id} as id, ${staff.name} as name, ${staff.role} as role,
    ${staff.startDate} as startDate, ${staff.endDate} as endDate from ${staff} order by ${staff.id}`).map((s) => ({ ...s, gridIds: links.get(s.id) ?? [] }));
}

/** The town's corrections to the working-day calendar. */
export function calendarCorrections(ctx: ServiceContext): CalendarCorrections {
  return new Map(rows(ctx.ledger.sqlite, sql<{ date: string; workday: number }>`select ${calendarDay.date} as date, ${calendarDay.workday} as workday from ${calendarDay}`).map((d) => [d.date, d.workday === 1]));
}

/**
 * The events that stand with a reporter, read from the event tables directly, reported up to `to`; each with the
 * date it was first closed (a step into closed, or rated) on or before `to`; `from` bounds the report dates.
 */
export function eventFacts(ctx: ServiceContext, from: string, to: string): EventFacts[] {
  const rules = getRules(ctx);
  const corrections = calendarCorrections(ctx);
  return rows(ctx.ledger.sqlite, sql<Omit<EventFacts, 'closeDeadline'>>`select ${event.id} as id, ${event.reporterStaffId} as reporterStaffId, ${event.reportedOn} as reportedOn,
      (select min(${eventStep.on}) from ${eventStep} where ${eventStep.eventId} = ${event.id} and ${eventStep.toState} in ('closed', 'rated') and ${eventStep.on} <= ${to}) as closedOn
    from ${event} where ${event.voidedOn} is null and ${event.reporterStaffId} is not null and ${event.reportedOn} >= ${from} and ${event.reportedOn} <= ${to}`).map((e) => ({
    ...e,
    closeDeadline: addWorkdays(e.reportedOn, rules.eventCloseWorkdays, corrections),
  }));
}
