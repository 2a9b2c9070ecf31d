// What the three ledgers share: who an entry is about, dated status changes, team members, and the
// checks that every ledger write makes on the resident. Queries are built from the drizzle schema
// (simple reads and writes with the query builder, the joins with db/query.ts's typed SQL), so a
// renamed column fails the typecheck wherever a ledger uses it.
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { resolveCode, type CodeTable } from '../../../shared/codes/table';
import type { EntryPerson, TeamMemberRow } from '../../../shared/contract/entry';
import type { LedgerName } from '../../../shared/contract/records';
import type { ServiceContext } from '../context';
import { conflict, notFound, validationError } from '../errors';
import { row } from '../db/query';
import { grid, lowIncome, patient, releasedPerson, resident, staff, statusChange, teamMember, village } from '../db/schema';

export const now = () => new Date().toISOString();

/** The aliases the ledger queries share: the entry's resident `r`, the resident's grid `g` and its village `v`. */
export const r = alias(resident, 'r');
export const g = alias(grid, 'g');
export const v = alias(village, 'v');

/** A row as SQLite returns it: boolean-mode columns come back as 0 or 1 (db/query.ts does not map them). */
export type Stored<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] };

/** A select list naming each column as its key: `{ residentId: e.residentId }` → `"e"."resident_id" as "residentId"`. */
export const selectAs = (columns: Record<string, SQLiteColumn | SQL>): SQL =>
  sql.join(Object.entries(columns).map(([key, c]) => sql`${c} as ${sql.identifier(key)}`), sql`, `);

/** Columns of EntryPerson, for a query joining resident r, grid g and village v. */
export const entryPersonColumns = selectAs({
  residentId: r.id, idNumber: r.idNumber, name: r.name, sex: r.sex, birthDate: r.birthDate, phone: r.phone, currentAddress: r.currentAddress,
  residentStatus: r.status, villageId: v.id, villageName: v.name, gridId: g.id, gridName: g.name,
} satisfies Record<keyof EntryPerson, SQLiteColumn>);

/** The joins of entryPersonColumns, from the entry's resident column. */
export const entryPersonJoins = (residentId: SQLiteColumn) =>
  sql`join ${resident} ${r} on ${r.id} = ${residentId} left join ${grid} ${g} on ${g.id} = ${r.gridId} left join ${village} ${v} on ${v.id} = ${g.villageId}`;

/**
 * A trusted fragment written with @name parameters (people/search.ts queryMatch, over a resident
 * aliased `r`) as typed SQL: the text as it is, every @name a bound value.
 */
export function namedFragment(text: string, params: Record<string, string | number>): SQL {
  const parts = text.split(/@(\w+)/);
  return sql.join(
    parts.map((part, i) => {
      if (i % 2 === 0) return sql.raw(part);
      if (!(part in params)) throw new Error(`no value for @${part}`);
      return sql`${params[part]}`;
    }),
  );
}

export function entryPerson(ctx: ServiceContext, residentId: number): EntryPerson {
  const found = row(
    ctx.ledger.sqlite,
    sql<EntryPerson>`select ${entryPersonColumns} from ${resident} ${r} left join ${grid} ${g} on ${g.id} = ${r.gridId} left join ${village} ${v} on ${v.id} = ${g.villageId} where ${r.id} = ${residentId}`,
  );
  if (!found) throw notFound(`找不到编号为 ${residentId} 的人员`);
  return found;
}

/** A resident who can be put into a ledger: exists and has not left. */
export function requirePresentResident(ctx: ServiceContext, residentId: number): EntryPerson {
  const p = entryPerson(ctx, residentId);
  if (p.residentStatus !== '在册') throw conflict(`${p.name}（${p.idNumber}）已${p.residentStatus}，不能登记到台账`);
  return p;
}

export function writeStatusChange(ctx: ServiceContext, ledger: LedgerName, entryId: number, from: string | null, to: string, date: string, reason: string) {
  ctx.ledger.db.insert(statusChange).values({ ledger, entryId, fromStatus: from, toStatus: to, date, reason, createdAt: now() }).run();
}

export function statusChanges(ctx: ServiceContext, ledger: LedgerName, entryId: number) {
  return ctx.ledger.db
    .select({ id: statusChange.id, fromStatus: statusChange.fromStatus, toStatus: statusChange.toStatus, date: statusChange.date, reason: statusChange.reason })
    .from(statusChange)
    .where(and(eq(statusChange.ledger, ledger), eq(statusChange.entryId, entryId), isNull(statusChange.voidedOn)))
    .orderBy(asc(statusChange.date), asc(statusChange.id))
    .all();
}

export function loadTeam(ctx: ServiceContext, ledger: 'released' | 'patient', entryId: number): TeamMemberRow[] {
  const t = teamMember;
  return ctx.ledger.db
    .select({ id: t.id, staffId: t.staffId, residentId: t.residentId, name: t.name, phone: t.phone, role: t.role, fromDate: t.fromDate, toDate: t.toDate })
    .from(t)
    .where(and(eq(t.ledger, ledger), eq(t.entryId, entryId), isNull(t.toDate)))
    .orderBy(asc(t.role), asc(t.id))
    .all();
}

export interface TeamMemberParsed {
  staffId?: number | null;
  residentId?: number | null;
  name: string;
  phone: string;
  role: string;
  fromDate?: string | null;
}

/**
 * Replaces the current team. Members who leave keep their row with to_date = today, so the
 * timeline can still say who was in the team when.
 */
export function saveTeam(ctx: ServiceContext, ledger: 'released' | 'patient', entryId: number, members: TeamMemberParsed[]) {
  const db = ctx.ledger.db;
  const t = teamMember;
  for (const m of members) {
    if (m.staffId && !db.select({ id: staff.id }).from(staff).where(eq(staff.id, m.staffId)).get()) throw notFound(`找不到编号为 ${m.staffId} 的网格员`);
    if (m.residentId && !db.select({ id: resident.id }).from(resident).where(eq(resident.id, m.residentId)).get()) throw notFound(`找不到编号为 ${m.residentId} 的人员`);
  }
  const key = (m: { staffId?: number | null; residentId?: number | null; name: string; role: string }) => `${m.staffId ?? ''}|${m.residentId ?? ''}|${m.name}|${m.role}`;
  const current = loadTeam(ctx, ledger, entryId);
  const wanted = new Set(members.map(key));
  const today = ctx.today();
  for (const c of current) if (!wanted.has(key(c))) db.update(t).set({ toDate: today }).where(eq(t.id, c.id)).run();
  const kept = new Set(current.map(key));
  for (const m of members) {
    if (kept.has(key(m))) {
      db.update(t)
        .set({ phone: m.phone })
        .where(
          and(
            eq(t.ledger, ledger), eq(t.entryId, entryId), isNull(t.toDate), sql`ifnull(${t.staffId}, 0) = ${m.staffId ?? 0}`,
            sql`ifnull(${t.residentId}, 0) = ${m.residentId ?? 0}`, eq(t.name, m.name), eq(t.role, m.role),
          ),
        )
        .run();
      continue;
    }
    db.insert(t)
      .values({ ledger, entryId, staffId: m.staffId ?? null, residentId: m.residentId ?? null, name: m.name, phone: m.phone, role: m.role, fromDate: m.fromDate ?? today, createdAt: now() })
      .run();
  }
}

/** Refuses a date after today: ledgers record what happened. `path`: the input field it came from. */
export function notInFuture(ctx: ServiceContext, date: string | null | undefined, label: string, path?: string) {
  if (date && date > ctx.today()) {
    throw validationError(`${label} ${date} 晚于今天（${ctx.today()}）`, [{ field: label, ...(path ? { path: [path] } : {}), message: `${label}不能晚于今天` }]);
  }
}

/** A dated fact for inOrder; `path` names the input field when the date was typed in this call. */
export interface DatedFact {
  date: string | null | undefined;
  label: string;
  path?: string;
}

/** Refuses `later` before `earlier` with a message naming both, on the field of whichever was typed. */
export function inOrder(earlier: DatedFact, later: DatedFact) {
  if (earlier.date && later.date && later.date < earlier.date) {
    const path = later.path ?? earlier.path;
    throw validationError(`${later.label}（${later.date}）早于${earlier.label}（${earlier.date}），请核对日期`, [
      { field: later.label, ...(path ? { path: [path] } : {}), message: `${later.label}早于${earlier.label}` },
    ]);
  }
}

export const fenToYuan = (fen: number | null): number | null => (fen === null ? null : Math.round(fen) / 100);
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);

/**
 * The village, grid and status parts of a ledger list filter, as conditions. The query joins grid `g`
 * (for the village); `gridColumn` is the column holding the entry's grid, `statusColumn` the entry's
 * status. An empty status means the entries still on the ledger (`open`), '全部' every entry; any other
 * must be in the table.
 */
export function placeAndStatusClauses(
  filter: { villageId?: number; gridId?: number; status?: string },
  o: { gridColumn: SQLiteColumn; statusColumn: SQLiteColumn; voidedColumn: SQLiteColumn; open: readonly string[]; statuses: CodeTable; statusLabel: string },
): SQL[] {
  // An entry registered by mistake and voided is on no list, '全部' included.
  const clauses: SQL[] = [isNull(o.voidedColumn)];
  const status = filter.status?.trim() ?? '';
  if (status === '') clauses.push(inArray(o.statusColumn, [...o.open]));
  else if (status !== '全部') {
    const code = resolveCode(o.statuses, status);
    if (code === null) {
      const allowed = o.statuses.entries.map((x) => x.label).join('、');
      throw validationError(`${o.statusLabel}「${status}」不在代码表中（可选：${allowed}、全部）`, [{ field: o.statusLabel, path: ['status'], message: `${o.statusLabel}不在代码表中` }]);
    }
    clauses.push(eq(o.statusColumn, code));
  }
  if (filter.villageId !== undefined) clauses.push(eq(g.villageId, filter.villageId));
  if (filter.gridId !== undefined) clauses.push(eq(o.gridColumn, filter.gridId));
  return clauses;
}

/** `where` and the clauses joined with `and`; nothing without clauses. */
export const whereAll = (clauses: readonly SQL[]): SQL => (clauses.length ? sql`where ${sql.join([...clauses], sql` and `)}` : sql``);

const ENTRY_WORDS = { released: '安置帮教', patient: '严重精神障碍患者', lowIncome: '低保' } as const;
const ENTRY_TABLES = { released: releasedPerson, patient, lowIncome } as const;

/** Refuses any step on an entry voided as registered by mistake: it stays for the record, nothing more is done on it. */
export function refuseVoided(ctx: ServiceContext, ledger: LedgerName, id: number) {
  const t = ENTRY_TABLES[ledger];
  const found = ctx.ledger.db.select({ voidedOn: t.voidedOn, voidReason: t.voidReason }).from(t).where(eq(t.id, id)).get();
  if (found?.voidedOn) throw conflict(`这条${ENTRY_WORDS[ledger]}登记已于 ${found.voidedOn} 作废（${found.voidReason ?? ''}），不能再办理`);
}
