// Village scope in one place. A caller limited to some villages reads through a connection of its
// own on which TEMP views shadow the town's tables (SQLite resolves an unqualified name in `temp`
// before `main`), each keeping only the rows of those villages. Every query of every service — the
// query builder and plain SQL alike — then sees only the caller's villages, without a WHERE of its
// own; a new channel cannot forget the scope. Writes are checked before they run (checkRefs).
import Database from 'better-sqlite3-multiple-ciphers';
import { getTableName } from 'drizzle-orm';
import type { EntityKind, EntityRefs } from '../../../shared/contract/define';
import { AppError } from '../errors';
import type { DbKey } from '../security/keyring';
import { applyKey } from './cipher';
import * as t from './schema';
import { householdFts, residentNamePart, residentNumberPart, residentNumberTerm } from './searchIndex';
import { createDrizzle } from './drizzle';
import type { Ledger, Sqlite } from './ledger';

/**
 * SQLite's page cache per connection, in KiB (negative = KiB). An encrypted file's page is decrypted and its HMAC
 * checked each time it enters this cache, so with SQLite's default 2 MiB a search over a 100,000-resident town kept
 * decrypting the same index pages again; 64 MiB holds them (the cost of encryption then stays within the bench's goal).
 */
export const PAGE_CACHE = -65536;

const n = getTableName;

/**
 * The shadowing views, in dependency order. `{ids}` is the scoped village ids; each view reads the
 * real table as `main.x` and the scoped ones before it as `temp.x`. A resident belongs to their grid,
 * or their household's when they have none (as the today list places them); a 低保 entry to its
 * household; a ledger row, record, team or status change to its entry or the person it names.
 */
function viewSql(ids: string): [string, string][] {
  const entryOf = (alias: string) =>
    `(${alias}.ledger = 'released' and ${alias}.entry_id in (select id from temp.${n(t.releasedPerson)}))
      or (${alias}.ledger = 'patient' and ${alias}.entry_id in (select id from temp.${n(t.patient)}))
      or (${alias}.ledger = 'lowIncome' and ${alias}.entry_id in (select id from temp.${n(t.lowIncome)}))`;
  return [
    [n(t.village), `select * from main.${n(t.village)} where id in (${ids})`],
    [n(t.grid), `select * from main.${n(t.grid)} where village_id in (${ids})`],
    [n(t.household), `select * from main.${n(t.household)} where grid_id in (select id from temp.${n(t.grid)})`],
    [n(t.householdTag), `select * from main.${n(t.householdTag)} where household_id in (select id from temp.${n(t.household)})`],
    [
      n(t.resident),
      `select r.* from main.${n(t.resident)} r
        where coalesce(r.grid_id, (select h.grid_id from main.${n(t.household)} h where h.id = r.household_id)) in (select id from temp.${n(t.grid)})`,
    ],
    [n(t.staffGrid), `select * from main.${n(t.staffGrid)} where grid_id in (select id from temp.${n(t.grid)})`],
    [n(t.staff), `select * from main.${n(t.staff)} where id in (select staff_id from temp.${n(t.staffGrid)})`],
    [n(t.releasedPerson), `select * from main.${n(t.releasedPerson)} where resident_id in (select id from temp.${n(t.resident)})`],
    [n(t.releasedAssessment), `select * from main.${n(t.releasedAssessment)} where released_person_id in (select id from temp.${n(t.releasedPerson)})`],
    [n(t.patient), `select * from main.${n(t.patient)} where resident_id in (select id from temp.${n(t.resident)})`],
    [n(t.residentPhoto), `select * from main.${n(t.residentPhoto)} where resident_id in (select id from temp.${n(t.resident)})`],
    [n(t.lowIncome), `select * from main.${n(t.lowIncome)} where household_id in (select id from temp.${n(t.household)})`],
    [n(t.lowIncomeMember), `select * from main.${n(t.lowIncomeMember)} where low_income_id in (select id from temp.${n(t.lowIncome)})`],
    [n(t.teamMember), `select * from main.${n(t.teamMember)} tm where ${entryOf('tm')}`],
    [n(t.statusChange), `select * from main.${n(t.statusChange)} sc where ${entryOf('sc')}`],
    // The search index: only the parts of the caller's people and households. A flattened view keeps
    // the MATCH on the FTS table itself (an index lookup; the hidden column named after the table is
    // passed through for a MATCH on the whole row), and each hit is checked by its rowid.
    [n(residentNamePart), `select p.* from main.${n(residentNamePart)} p where exists (select 1 from temp.${n(t.resident)} r where r.id = p.resident_id)`],
    [
      n(residentNumberPart),
      `select f.rowid as rowid, f.part, f.${n(residentNumberPart)} as ${n(residentNumberPart)} from main.${n(residentNumberPart)} f where exists (select 1 from temp.${n(t.resident)} r where r.id = f.rowid)`,
    ],
    [
      n(residentNumberTerm),
      `select v.term, v.doc, v.col, v.offset from main.${n(residentNumberTerm)} v where exists (select 1 from temp.${n(t.resident)} r where r.id = v.doc)`,
    ],
    [n(householdFts), `select f.rowid as rowid, f.number, f.${n(householdFts)} as ${n(householdFts)} from main.${n(householdFts)} f where exists (select 1 from temp.${n(t.household)} h where h.id = f.rowid)`],
    [
      n(t.record),
      `select * from main.${n(t.record)} rc where (rc.entry_id is not null and (${entryOf('rc')}))
        or (rc.entry_id is null and (rc.resident_id in (select id from temp.${n(t.resident)}) or rc.household_id in (select id from temp.${n(t.household)})))`,
    ],
    [
      n(t.revision),
      `select * from main.${n(t.revision)} rv where (rv.subject = 'record' and rv.subject_id in (select id from temp.${n(t.record)}))
        or (rv.subject = 'released' and rv.subject_id in (select id from temp.${n(t.releasedPerson)}))
        or (rv.subject = 'patient' and rv.subject_id in (select id from temp.${n(t.patient)}))
        or (rv.subject = 'lowIncome' and rv.subject_id in (select id from temp.${n(t.lowIncome)}))`,
    ],
    // The map (issue 11): a boundary belongs to its village or grid.
    [n(t.villageBoundary), `select * from main.${n(t.villageBoundary)} where village_id in (${ids})`],
    [n(t.gridBoundary), `select * from main.${n(t.gridBoundary)} where grid_id in (select id from temp.${n(t.grid)})`],
    // Events (issue 12): an event belongs to the village it happened in; its parties, steps and files to it.
    [n(t.event), `select * from main.${n(t.event)} where village_id in (${ids})`],
    [n(t.eventParty), `select * from main.${n(t.eventParty)} where event_id in (select id from temp.${n(t.event)})`],
    [n(t.eventStep), `select * from main.${n(t.eventStep)} where event_id in (select id from temp.${n(t.event)})`],
    [n(t.eventAttachment), `select * from main.${n(t.eventAttachment)} where event_id in (select id from temp.${n(t.event)})`],
  ];
}

/** Every table that holds a village's data; the schema guard test checks none is missing. */
export const SCOPED_TABLES = viewSql('0').map(([name]) => name);

/** The ids of the villages a scope of village codes names; an unknown code is refused. */
export function villageIdsOf(sqlite: Sqlite, codes: readonly string[]): number[] {
  const rows = sqlite.prepare(`select id, code from main.${n(t.village)} where code in (select value from json_each(?))`).all(JSON.stringify(codes)) as {
    id: number;
    code: string;
  }[];
  const missing = codes.filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) throw new AppError('FORBIDDEN', `找不到村（社区）代码「${missing.slice(0, 3).join('、').slice(0, 40)}」，无法按此范围查看数据。`);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** A read-only connection to the same file on which only the given villages exist. */
export function openScoped(path: string, villageIds: readonly number[], key: DbKey | null = null): Ledger {
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    if (key) applyKey(sqlite, key);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`cache_size = ${PAGE_CACHE}`);
    // Integers only, so the list can be written into the view text safely.
    const ids = villageIds.length ? villageIds.map((id) => String(Math.trunc(id))).join(',') : 'null';
    for (const [name, select] of viewSql(ids)) sqlite.exec(`create temp view ${name} as ${select}`);
    // Scoped callers only read through this connection; a write here would be a bug.
    sqlite.pragma('query_only = ON');
  } catch (err) {
    sqlite.close();
    throw err;
  }
  return { path, sqlite, db: createDrizzle(sqlite), schemaVersion: sqlite.pragma('user_version', { simple: true }) as number, key, close: () => sqlite.close(), scoped: () => {
    throw new Error('a scoped connection is not scoped again');
  } };
}

/** For each kind of record a write may name, the SQL that gives its village id. */
const villageOf: Record<EntityKind, string> = {
  village: `select id from ${n(t.village)} where id = ?`,
  grid: `select village_id from ${n(t.grid)} where id = ?`,
  household: `select g.village_id from ${n(t.household)} h join ${n(t.grid)} g on g.id = h.grid_id where h.id = ?`,
  resident: `select g.village_id from ${n(t.resident)} r left join ${n(t.household)} h on h.id = r.household_id
    join ${n(t.grid)} g on g.id = coalesce(r.grid_id, h.grid_id) where r.id = ?`,
  staff: `select g.village_id from ${n(t.staffGrid)} sg join ${n(t.grid)} g on g.id = sg.grid_id where sg.staff_id = ?`,
  released: `select g.village_id from ${n(t.releasedPerson)} x join ${n(t.resident)} r on r.id = x.resident_id
    left join ${n(t.household)} h on h.id = r.household_id join ${n(t.grid)} g on g.id = coalesce(r.grid_id, h.grid_id) where x.id = ?`,
  patient: `select g.village_id from ${n(t.patient)} x join ${n(t.resident)} r on r.id = x.resident_id
    left join ${n(t.household)} h on h.id = r.household_id join ${n(t.grid)} g on g.id = coalesce(r.grid_id, h.grid_id) where x.id = ?`,
  lowIncome: `select g.village_id from ${n(t.lowIncome)} x join ${n(t.household)} h on h.id = x.household_id join ${n(t.grid)} g on g.id = h.grid_id where x.id = ?`,
  // A record lies where its entry lies, or (a 走访) where the person or household visited lives.
  record: `select g.village_id from ${n(t.record)} c join ${n(t.grid)} g on g.id = (case
      when c.ledger = 'lowIncome' then (select h.grid_id from ${n(t.lowIncome)} x join ${n(t.household)} h on h.id = x.household_id where x.id = c.entry_id)
      else coalesce(
        (select coalesce(r.grid_id, h.grid_id) from ${n(t.resident)} r left join ${n(t.household)} h on h.id = r.household_id
          where r.id = coalesce(case c.ledger
            when 'released' then (select x.resident_id from ${n(t.releasedPerson)} x where x.id = c.entry_id)
            when 'patient' then (select x.resident_id from ${n(t.patient)} x where x.id = c.entry_id) end, c.resident_id)),
        (select h.grid_id from ${n(t.household)} h where h.id = c.household_id))
      end) where c.id = ?`,
  event: `select village_id from ${n(t.event)} where id = ?`,
};

/**
 * Refuses a write that names a record outside the caller's villages (or in no village at all).
 * Records that do not exist are left to the service, which says so in its own words.
 */
export function checkRefs(sqlite: Sqlite, refs: EntityRefs, villageIds: readonly number[]) {
  const allowed = new Set(villageIds);
  for (const [kind, list] of Object.entries(refs) as [EntityKind, readonly (number | null | undefined)[]][]) {
    for (const id of list) {
      if (id === null || id === undefined) continue;
      const rows = sqlite.prepare(villageOf[kind]).pluck().all(id) as number[];
      if (rows.length === 0 && !entityExists(sqlite, kind, id)) continue;
      if (rows.length === 0 || rows.some((v) => !allowed.has(v))) {
        throw new AppError('FORBIDDEN', '您只能处理本村（社区）的数据，此记录不属于您负责的村（社区）。');
      }
    }
  }
}

const tableOf: Record<EntityKind, string> = {
  village: n(t.village), grid: n(t.grid), household: n(t.household), resident: n(t.resident),
  staff: n(t.staff), released: n(t.releasedPerson), patient: n(t.patient), lowIncome: n(t.lowIncome), record: n(t.record), event: n(t.event),
};

function entityExists(sqlite: Sqlite, kind: EntityKind, id: number): boolean {
  return sqlite.prepare(`select 1 from ${tableOf[kind]} where id = ?`).get(id) !== undefined;
}
