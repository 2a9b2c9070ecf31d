// What the three ledgers share: who an entry is about, dated status changes, team members, and the
// checks that every ledger write makes on the resident.
import { resolveCode, type CodeTable } from '../../../shared/codes/table';
import type { EntryPerson, TeamMemberRow } from '../../../shared/contract/entry';
import type { LedgerName } from '../../../shared/contract/records';
import type { ServiceContext } from '../context';
import { conflict, notFound, validationError } from '../errors';
import { statement } from '../db/statements';

export const now = () => new Date().toISOString();

/** Columns of EntryPerson, for a query joining resident r, grid g and village v. */
export const ENTRY_PERSON_COLUMNS = `r.id as residentId, r.id_number as idNumber, r.name, r.sex, r.birth_date as birthDate, r.phone,
  r.current_address as currentAddress, r.status as residentStatus, v.id as villageId, v.name as villageName,
  g.id as gridId, g.name as gridName`;
export const ENTRY_PERSON_JOINS = `join resident r on r.id = e.resident_id left join grid g on g.id = r.grid_id left join village v on v.id = g.village_id`;

export function entryPerson(ctx: ServiceContext, residentId: number): EntryPerson {
  const row = statement(ctx.ledger.sqlite, `select ${ENTRY_PERSON_COLUMNS} from resident r left join grid g on g.id = r.grid_id left join village v on v.id = g.village_id where r.id = ?`)
    .get(residentId) as EntryPerson | undefined;
  if (!row) throw notFound(`找不到编号为 ${residentId} 的人员`);
  return row;
}

/** A resident who can be put into a ledger: exists and has not left. */
export function requirePresentResident(ctx: ServiceContext, residentId: number): EntryPerson {
  const p = entryPerson(ctx, residentId);
  if (p.residentStatus !== '在册') throw conflict(`${p.name}（${p.idNumber}）已${p.residentStatus}，不能登记到台账`);
  return p;
}

export function writeStatusChange(ctx: ServiceContext, ledger: LedgerName, entryId: number, from: string | null, to: string, date: string, reason: string) {
  statement(ctx.ledger.sqlite, 'insert into status_change (ledger, entry_id, from_status, to_status, date, reason, created_at) values (?, ?, ?, ?, ?, ?, ?)')
    .run(ledger, entryId, from, to, date, reason, now());
}

export function statusChanges(ctx: ServiceContext, ledger: LedgerName, entryId: number) {
  return statement(ctx.ledger.sqlite, 'select id, from_status as fromStatus, to_status as toStatus, date, reason from status_change where ledger = ? and entry_id = ? order by date, id')
    .all(ledger, entryId) as { id: number; fromStatus: string | null; toStatus: string; date: string; reason: string }[];
}

export function loadTeam(ctx: ServiceContext, ledger: 'released' | 'patient', entryId: number): TeamMemberRow[] {
  return statement(ctx.ledger.sqlite,
      `select id, staff_id as staffId, resident_id as residentId, name, phone, role, from_date as fromDate, to_date as toDate
       from team_member where ledger = ? and entry_id = ? and to_date is null order by role, id`,
    )
    .all(ledger, entryId) as TeamMemberRow[];
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
  const db = ctx.ledger.sqlite;
  for (const m of members) {
    if (m.staffId && !statement(db, 'select 1 from staff where id = ?').get(m.staffId)) throw notFound(`找不到编号为 ${m.staffId} 的网格员`);
    if (m.residentId && !statement(db, 'select 1 from resident where id = ?').get(m.residentId)) throw notFound(`找不到编号为 ${m.residentId} 的人员`);
  }
  const key = (m: { staffId?: number | null; residentId?: number | null; name: string; role: string }) => `${m.staffId ?? ''}|${m.residentId ?? ''}|${m.name}|${m.role}`;
  const current = loadTeam(ctx, ledger, entryId);
  const wanted = new Set(members.map(key));
  const today = ctx.today();
  for (const c of current) if (!wanted.has(key(c))) statement(db, 'update team_member set to_date = ? where id = ?').run(today, c.id);
  const kept = new Set(current.map(key));
  const insert = statement(db,
    'insert into team_member (ledger, entry_id, staff_id, resident_id, name, phone, role, from_date, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const m of members) {
    if (kept.has(key(m))) {
      statement(db, 'update team_member set phone = ? where ledger = ? and entry_id = ? and to_date is null and ifnull(staff_id, 0) = ? and ifnull(resident_id, 0) = ? and name = ? and role = ?')
        .run(m.phone, ledger, entryId, m.staffId ?? 0, m.residentId ?? 0, m.name, m.role);
      continue;
    }
    insert.run(ledger, entryId, m.staffId ?? null, m.residentId ?? null, m.name, m.phone, m.role, m.fromDate ?? today, now());
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

export interface ListClauses {
  clauses: string[];
  params: Record<string, string | number>;
}

/**
 * The village, grid and status parts of a ledger list filter. The query joins grid `g` (for the
 * village); `gridColumn` names the column holding the entry's grid. An empty status means the
 * entries still on the ledger (`openSql`), '全部' every entry; any other must be in the table.
 */
export function placeAndStatusClauses(
  filter: { villageId?: number; gridId?: number; status?: string },
  o: { gridColumn: string; openSql: string; statuses: CodeTable; statusLabel: string },
): ListClauses {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  const status = filter.status?.trim() ?? '';
  if (status === '') clauses.push(`e.status in ${o.openSql}`);
  else if (status !== '全部') {
    const code = resolveCode(o.statuses, status);
    if (code === null) {
      const allowed = o.statuses.entries.map((x) => x.label).join('、');
      throw validationError(`${o.statusLabel}「${status}」不在代码表中（可选：${allowed}、全部）`, [{ field: o.statusLabel, path: ['status'], message: `${o.statusLabel}不在代码表中` }]);
    }
    clauses.push('e.status = @status');
    params.status = code;
  }
  if (filter.villageId !== undefined) {
    clauses.push('g.village_id = @villageId');
    params.villageId = filter.villageId;
  }
  if (filter.gridId !== undefined) {
    clauses.push(`${o.gridColumn} = @gridId`);
    params.gridId = filter.gridId;
  }
  return { clauses, params };
}
