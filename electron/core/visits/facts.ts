// The facts the visit rules need, read in a few set-wise queries (a town of 100,000 residents is read in one pass per
// table): each household's class and reasons, the visits that stand, the grids and their workers, the events for T6.
//
// Decisions where the docs are silent:
// - A household's class uses the register and the ledgers as they are now (open entries, tags, 在册 members); only
//   the 独居老人 age is taken on the date asked about.
// - A 走访 of a person counts for the person's household; one naming a household counts for it.
import { sql } from 'drizzle-orm';
import { classifyHousehold, type HouseholdClass, type KeyReason } from '../../../shared/rules/householdClass';
import { addYears } from '../../../shared/rules/dates';
import { addWorkdays, type CalendarCorrections } from '../../../shared/rules/workdays';
import { wholeCycleDays, type EventFacts, type GridRef, type WorkerFacts } from '../../../shared/rules/workerFigures';
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
 * Every household the caller sees, with its class on `date`. `heads` adds the 户主's name (for lists); T6 and the
 * today list do without.
 */
export function householdInfos(ctx: ServiceContext, date: string, onlyIds?: readonly number[], heads = true): HouseholdInfo[] {
  // The 报表 page asks for T6 and then for the households behind its figures, the worker page for its figures and
  // due list: the same classes, so the last few answers are kept while nothing in the file changed. data_version
  // moves when another connection commits (the import worker, the app beside the CLI), total_changes() when this one
  // writes (a rolled-back write only makes the next call read again).
  const sqlite = ctx.ledger.sqlite;
  const version = `${sqlite.pragma('data_version', { simple: true }) as number}:${(sqlite.prepare('select total_changes() as n').get() as { n: number }).n}`;
  const key = `${date}|${heads}|${onlyIds ? onlyIds.join(',') : '*'}`;
  let kept = INFO_CACHE.get(ctx.ledger);
  if (!kept || kept.version !== version) INFO_CACHE.set(ctx.ledger, (kept = { version, answers: new Map() }));
  const hit = kept.answers.get(key);
  if (hit) return hit;
  const answer = readHouseholdInfos(ctx, date, onlyIds, heads);
  if (kept.answers.size >= 4) kept.answers.delete(kept.answers.keys().next().value!);
  kept.answers.set(key, answer);
  return answer;
}

/** The last answers per open ledger (a closed or switched file drops its entry with it). */
const INFO_CACHE = new WeakMap<object, { version: string; answers: Map<string, HouseholdInfo[]> }>();

function readHouseholdInfos(ctx: ServiceContext, date: string, onlyIds: readonly number[] | undefined, heads: boolean): HouseholdInfo[] {
  const rules = getRules(ctx);
  const only = onlyIds ? sql`and ${household.id} in (select value from json_each(${JSON.stringify(onlyIds)}))` : sql``;
  const onlyMembers = onlyIds ? sql`and ${resident.householdId} in (select value from json_each(${JSON.stringify(onlyIds)}))` : sql``;
  // Without heads (T6, the today list) the number and address are not read either.
  const base = rows(ctx.ledger.sqlite, heads
    ? sql<{ id: number; number: string; address: string; gridId: number | null }>`select ${household.id} as id, ${household.number} as number,
      ${household.address} as address, ${household.gridId} as gridId from ${household} where 1 = 1 ${only} order by ${household.id}`
    : sql<{ id: number; number: string; address: string; gridId: number | null }>`select ${household.id} as id, '' as number, '' as address,
      ${household.gridId} as gridId from ${household} where 1 = 1 ${only} order by ${household.id}`);
  // Members per household, read cheaply for 100,000 residents: the count of every member from the index, then in one
  // scan only the members that matter — those who left (not counted as living there), the elderly (独居老人 when
  // alone) and those marked 重点关注 —, and the open 安置帮教 / 严重精神障碍 entries' households.
  const totals = new Map(
    rows(ctx.ledger.sqlite, sql<{ id: number; n: number }>`select ${resident.householdId} as id, count(*) as n from ${resident}
      where ${resident.householdId} is not null ${onlyMembers} group by ${resident.householdId}`).map((r) => [r.id, r.n]),
  );
  const cutoff = addYears(date, -rules.elderlyAloneAge);
  const left = new Map<number, number>();
  const elderly = new Map<number, string>();
  const concern = new Set<number>();
  for (const m of rows(ctx.ledger.sqlite, sql<{ id: number; status: string; birthDate: string; keyConcern: number }>`select ${resident.householdId} as id,
      ${resident.status} as status, ${resident.birthDate} as birthDate, ${resident.keyConcern} as keyConcern from ${resident}
      where +${resident.householdId} is not null ${onlyMembers}
        and (${resident.status} <> '在册' or ${resident.birthDate} <= ${cutoff} or ${resident.keyConcern} = 1)`)) {
    if (m.status !== '在册') left.set(m.id, (left.get(m.id) ?? 0) + 1);
    else {
      if (m.birthDate <= cutoff) elderly.set(m.id, m.birthDate);
      if (m.keyConcern === 1) concern.add(m.id);
    }
  }
  const entryHouseholds = (table: typeof releasedPerson | typeof patient, open: readonly string[]) =>
    new Set(rows(ctx.ledger.sqlite, sql<{ id: number }>`select distinct r.household_id as id from ${table} x join ${resident} r on r.id = x.resident_id
      where x.voided_on is null and r.status = '在册' and r.household_id is not null and x.status in (select value from json_each(${list(open)}))`).map((r) => r.id));
  const released = entryHouseholds(releasedPerson, RELEASED_OPEN);
  const patients = entryHouseholds(patient, PATIENT_OPEN);
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
  const plain: KeyReason[] = [];
  return base.map((h) => {
    const present = (totals.get(h.id) ?? 0) - (left.get(h.id) ?? 0);
    const headName = headNames.get(h.id) ?? '';
    const householdTags = tags.get(h.id);
    const maybeKey = released.has(h.id) || patients.has(h.id) || poor.has(h.id) || householdTags !== undefined || concern.has(h.id) || (present === 1 && elderly.has(h.id));
    // Most households have none of the facts that make one 重点: they are 普通户 without asking the rule.
    if (!maybeKey) return { ...h, headName, cls: '普通户' as const, reasons: plain };
    // The rule reads members; these stand for the ones living there with the facts that matter (the oldest's birth
    // date only decides 独居老人, which needs exactly one member).
    const facts = present > 0
      ? [
          { birthDate: elderly.get(h.id) ?? date, status: '在册', released: released.has(h.id), patient: patients.has(h.id), keyConcern: concern.has(h.id) },
          ...Array.from({ length: present - 1 }, () => ({ birthDate: date, status: '在册', released: false, patient: false, keyConcern: false })),
        ]
      : [];
    const { cls, reasons } = classifyHousehold({ members: facts, lowIncome: poor.has(h.id), tags: householdTags ?? [] }, date, rules);
    return { ...h, headName, cls, reasons };
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
    closeDeadline: addWorkdays(e.reportedOn, wholeCycleDays(rules), corrections),
  }));
}
