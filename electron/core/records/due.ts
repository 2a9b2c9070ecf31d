// The "today" list (今日待办): for a chosen date D, every due item of the three ledgers that is 逾期, 今日到期 or
// 即将到期 on D, with the person's place (village, grid) and the staff who may act on it (domain.md Part 1
// "Records and due dates").
//
// Decisions where the docs are silent:
// - daysLate = D − due date for every item, so it is negative for 即将到期 (the contract's "negative when not yet due").
// - The place is the person's grid (falling back to the household's); for 低保 the household's grid (falling back to the
//   head's). A closed grid is still named.
// - staffIds are the current members of the entry's team who are staff, plus the staff serving the grid who have not
//   left (end date empty or not before today). "Current", not "on D": the list is for who should act now.
// - Events (事件) come from electron/core/events/dues.ts: their running working-day limit, placed in the event's village and grid.
// - counts honour the village, grid and staff filters but not the kind filter, and name every kind (zeros included),
//   so the kind tabs can show their numbers.
// - Order: most late first; then by kind (the contract's order), village, grid, entry.
import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { DUE_KINDS, ledgerLabels, type DueItem, type DueKind, type LedgerName } from '../../../shared/contract/records';
import { chineseDate } from '../../../shared/rules/dates';
import { daysBetween } from '../../../shared/rules/dates';
import { dueState } from '../../../shared/rules/ledgerRules';
import type { ServiceContext } from '../context';
import type { EntryDue } from '../ledgers/dueTypes';
import { getRules } from '../rules/service';
import { requireTown } from '../town/service';
import { guardOf } from '../files/safeOutput';
import { writeListWorkbook, type ListSheet } from '../xlsx/listWorkbook';
import { ledgerDues } from './entries';
import { eventDues } from '../events/dues';
import { householdVisitDues } from '../visits/service';
import { rows } from '../db/query';
import { keptWhileUnchanged } from '../db/kept';
import { grid as gridTable, household, resident, staff as staffTable, staffGrid, teamMember, village } from '../db/schema';

export interface DueFilter {
  date: string;
  villageId?: number;
  gridId?: number;
  kind?: DueKind;
  staffId?: number;
}

export type DueCounts = Record<string, { overdue: number; today: number; upcoming: number }>;

type PersonPlace = Pick<typeof resident.$inferSelect, 'id' | 'idNumber' | 'name' | 'gridId' | 'householdId'>;
type HouseholdPlace = Pick<typeof household.$inferSelect, 'id' | 'number' | 'gridId'>;
type GridPlace = Pick<typeof gridTable.$inferSelect, 'id' | 'name' | 'villageId'> & { villageName: string };

const KIND_ORDER = new Map<string, number>(DUE_KINDS.map((k, i) => [k, i]));

const g = alias(gridTable, 'g');
const v = alias(village, 'v');
const sg = alias(staffGrid, 'sg');
const st = alias(staffTable, 's');

/** The rows of a query over a list of ids, handed to SQL as one JSON array (one statement whatever the count). */
function byIds<T>(ctx: ServiceContext, query: (ids: SQL) => SQL<T>, ids: Iterable<number>): T[] {
  const list = [...new Set(ids)];
  if (list.length === 0) return [];
  return rows(ctx.ledger.sqlite, query(sql`(select value from json_each(${JSON.stringify(list)}))`)) as T[];
}

/** Joins the raw due items with persons, places and staff; `items` keeps only those with a state on D. */
function enrich(ctx: ServiceContext, dues: EntryDue[], date: string): DueItem[] {
  const rules = getRules(ctx);
  const stated = dues.flatMap((d) => {
    const s = dueState(d.dueDate, date, rules);
    return s.state === null ? [] : [{ d, state: s.state }];
  });
  if (stated.length === 0) return [];

  const people = new Map(
    byIds<PersonPlace>(
      ctx,
      (ids) => sql<PersonPlace>`select ${resident.id} as id, ${resident.idNumber} as idNumber, ${resident.name} as name, ${resident.gridId} as gridId,
        ${resident.householdId} as householdId from ${resident} where ${resident.id} in ${ids}`,
      stated.flatMap(({ d }) => (d.residentId === null ? [] : [d.residentId])),
    ).map((p) => [p.id, p]),
  );
  const householdIds = stated.flatMap(({ d }) => {
    const h = d.householdId ?? (d.residentId !== null ? people.get(d.residentId)?.householdId : null);
    return h === null || h === undefined ? [] : [h];
  });
  const households = new Map(
    byIds<HouseholdPlace>(
      ctx,
      (ids) => sql<HouseholdPlace>`select ${household.id} as id, ${household.number} as number, ${household.gridId} as gridId from ${household} where ${household.id} in ${ids}`,
      householdIds,
    ).map((h) => [h.id, h]),
  );
  const grids = new Map(
    rows(ctx.ledger.sqlite, sql<GridPlace>`select ${g.id} as id, ${g.name} as name, ${g.villageId} as villageId, ${v.name} as villageName
      from ${gridTable} ${g} join ${village} ${v} on ${v.id} = ${g.villageId}`).map((x) => [x.id, x]),
  );
  const gridStaff = new Map<number, number[]>();
  for (const row of rows(ctx.ledger.sqlite, sql<Pick<typeof staffGrid.$inferSelect, 'gridId' | 'staffId'>>`select ${sg.gridId} as gridId, ${sg.staffId} as staffId
      from ${staffGrid} ${sg} join ${staffTable} ${st} on ${st.id} = ${sg.staffId} where ${st.endDate} is null or ${st.endDate} >= ${ctx.today()} order by ${sg.staffId}`)) {
    const list = gridStaff.get(row.gridId) ?? [];
    list.push(row.staffId);
    gridStaff.set(row.gridId, list);
  }
  const teamStaff = new Map<string, number[]>();
  type TeamStaff = Pick<typeof teamMember.$inferSelect, 'ledger' | 'entryId'> & { staffId: number };
  for (const row of rows(ctx.ledger.sqlite, sql<TeamStaff>`select ${teamMember.ledger} as ledger, ${teamMember.entryId} as entryId, ${teamMember.staffId} as staffId
      from ${teamMember} where ${teamMember.staffId} is not null and ${teamMember.toDate} is null order by ${teamMember.staffId}`)) {
    const key = `${row.ledger}:${row.entryId}`;
    const list = teamStaff.get(key) ?? [];
    list.push(row.staffId);
    teamStaff.set(key, list);
  }

  return stated.map(({ d, state }) => {
    const person = d.residentId !== null ? people.get(d.residentId) : undefined;
    const householdId = d.householdId ?? person?.householdId ?? null;
    const household = householdId !== null ? households.get(householdId) : undefined;
    const gridId = d.ledger === 'lowIncome' ? (household?.gridId ?? person?.gridId ?? null) : (person?.gridId ?? household?.gridId ?? null);
    const grid = gridId !== null ? grids.get(gridId) : undefined;
    const staff = new Set<number>([...(teamStaff.get(`${d.ledger}:${d.entryId}`) ?? []), ...(gridId !== null ? (gridStaff.get(gridId) ?? []) : [])]);
    return {
      kind: d.kind,
      ledger: d.ledger,
      entryId: d.entryId,
      personId: person?.id ?? null,
      householdId,
      idNumber: person?.idNumber ?? '',
      name: person?.name ?? (household ? `户号 ${household.number}` : ''),
      villageId: grid?.villageId ?? null,
      village: grid?.villageName ?? null,
      gridId: grid?.id ?? null,
      grid: grid?.name ?? null,
      dueDate: d.dueDate,
      state,
      daysLate: daysBetween(d.dueDate, date),
      staffIds: [...staff].sort((a, b) => a - b),
    };
  });
}

function emptyCounts(): DueCounts {
  return Object.fromEntries(DUE_KINDS.map((k) => [k, { overdue: 0, today: 0, upcoming: 0 }]));
}

/** Every item with a state on the date, placed: the whole town's (as the caller's connection sees it). */
function allDue(ctx: ServiceContext, date: string): DueItem[] {
  const raw: EntryDue[] = [];
  for (const ledger of ['released', 'patient', 'lowIncome'] as LedgerName[]) {
    for (const d of ledgerDues(ctx, ledger)) raw.push(d);
  }
  // 住户走访: only those whose period ends within the reminder window can have a state on the date.
  for (const d of householdVisitDues(ctx, date)) raw.push(d);
  // The event desk's running limits (事件受理/分流/办结) beside the ledgers' items.
  return [...enrich(ctx, raw, date), ...eventDues(ctx, date)];
}

/** The whole list, kept while nothing in the database has changed (db/kept.ts): the home page, the today list and the map all ask for today's. */
function cachedAllDue(ctx: ServiceContext, date: string): DueItem[] {
  return keptWhileUnchanged(ctx.ledger.sqlite, 'due', `${date}:${ctx.today()}:${ctx.caller.villageScope?.join(',') ?? '*'}`, () => allDue(ctx, date));
}

export function dueList(ctx: ServiceContext, filter: DueFilter): { items: DueItem[]; counts: DueCounts } {
  // Items are shared with the cache: callers get new arrays, and the item objects are never changed.
  const placed = cachedAllDue(ctx, filter.date).filter(
    (i) =>
      (filter.villageId === undefined || i.villageId === filter.villageId) &&
      (filter.gridId === undefined || i.gridId === filter.gridId) &&
      (filter.staffId === undefined || i.staffIds.includes(filter.staffId)),
  );
  const counts = emptyCounts();
  for (const i of placed) {
    const c = counts[i.kind] ?? (counts[i.kind] = { overdue: 0, today: 0, upcoming: 0 });
    if (i.state === '逾期') c.overdue++;
    else if (i.state === '今日到期') c.today++;
    else c.upcoming++;
  }
  const items = placed.filter((i) => filter.kind === undefined || i.kind === filter.kind);
  items.sort(
    (a, b) =>
      b.daysLate - a.daysLate ||
      (KIND_ORDER.get(a.kind) ?? 99) - (KIND_ORDER.get(b.kind) ?? 99) ||
      (a.villageId ?? Number.MAX_SAFE_INTEGER) - (b.villageId ?? Number.MAX_SAFE_INTEGER) ||
      (a.gridId ?? Number.MAX_SAFE_INTEGER) - (b.gridId ?? Number.MAX_SAFE_INTEGER) ||
      (a.ledger ?? '').localeCompare(b.ledger ?? '') ||
      a.entryId - b.entryId,
  );
  return { items, counts };
}

/** The list as an xlsx (待办清单), the same rows and order as on screen. */
export async function exportDue(ctx: ServiceContext, input: DueFilter & { path: string }) {
  const town = requireTown(ctx);
  const { items } = dueList(ctx, input);
  const rows = items.map((item, i) => ({ ...item, index: i + 1 }));
  const filters = [input.kind && `事项：${input.kind}`, input.villageId !== undefined && rows[0]?.village && `村（社区）：${rows[0].village}`, input.gridId !== undefined && rows[0]?.grid && `网格：${rows[0].grid}`]
    .filter(Boolean)
    .join('　');
  const sheet: ListSheet<(typeof rows)[number]> = {
    name: '待办事项',
    title: `${town.name}重点人群待办事项清单`,
    subtitle: `截至日期：${chineseDate(input.date)}　　共 ${rows.length} 项${filters ? `　　${filters}` : ''}`,
    columns: [
      { header: '序号', width: 6, value: (r) => r.index },
      { header: '事项', width: 12, value: (r) => r.kind },
      { header: '状态', width: 10, value: (r) => r.state },
      { header: '到期日期', width: 12, value: (r) => r.dueDate },
      { header: '逾期天数', width: 9, value: (r) => (r.daysLate > 0 ? r.daysLate : 0) },
      { header: '台账', width: 16, value: (r) => (r.ledger === 'event' ? '事件' : r.ledger ? ledgerLabels[r.ledger] : '住户') },
      { header: '姓名', width: 10, value: (r) => r.name },
      { header: '公民身份号码', width: 21, value: (r) => r.idNumber },
      { header: '村（社区）', width: 14, value: (r) => r.village ?? '未划分网格' },
      { header: '网格', width: 16, value: (r) => r.grid ?? '' },
    ],
    rows,
  };
  const n = await writeListWorkbook(input.path, [sheet as ListSheet<unknown>], guardOf(ctx));
  return { path: input.path, rows: n };
}
