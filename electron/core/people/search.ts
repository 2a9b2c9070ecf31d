// Person search: wherever a person is picked, the resident list and the header search (goal: p95
// ≤ 5 ms at 100,000 residents and ≤ 20 ms at 1,000,000, ≥ 20× faster than a full scan).
//
// One query string; what it means depends on what it looks like (after full-width → half-width,
// spaces removed):
//   - latin letters only   → pinyin initials prefix (zs → 张三, 赵爽) or full pinyin prefix (zhangs → 张三)
//   - digits (maybe an x)  → ID number: 4+ characters anywhere, 1–3 only at the start; the phone the
//                            same way (a 2-digit phone substring would match everyone); 18 characters:
//                            exactly that ID; a 15-digit old ID also finds its 18-digit form
//   - anything else        → name substring (张 finds 张三 and 李张华)
// Ranking: exact (name, initials, full pinyin, ID, phone) first, then starting with it (and, for
// digits, ending with it: 后四位), then elsewhere; within a rank in the order of the index that finds
// it (rankStreams says which for each kind). Without a query the list is in 台账 order: by grid, then
// registration order.
//
// Every kind of query is an index lookup (migrations 0004_search_index and 0009, db/searchIndex.ts,
// kept by triggers on resident and household), so the cost follows the page, never the town's size:
//   - a name, any part and any length: a range on resident_name_part, which holds every suffix of
//     every name (张 and 张华 find 李张华 as the start of 张华);
//   - pinyin: ranges on the initials and full-pinyin indexes;
//   - 4+ digits: the ID and phone indexes for those starting with it; for the rest, the terms of
//     resident_number_part, every suffix (4+ characters) of both after their first character: one
//     term for those ending with it, a range of terms for any part; 1–3 digits: ranges on the ID and
//     phone indexes; 18: the ID's unique index;
//   - the default filter (在册) drops those who left: a set from the partial index resident_left, kept
//     while nothing changes; other filters look at each matched row by rowid;
//   - each rank is read off its index in list order, as ids, only as far as the page and COUNT_AHEAD
//     more need: that is the count too, exact up to there; only the page's rows are read in full,
//     with grid, village and household.
// A village-scoped caller's connection shadows the index tables too (scope.ts): the same lookups,
// each hit checked against the caller's residents by rowid.
// Without a query: count and page straight from resident_grid, in (grid, status, id) order.
import { fillPlaceholders, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ChannelParsed } from '../../../shared/contract';
import type { PersonRow } from '../../../shared/contract/people';
import { normalizeIdNumber } from '../../../shared/rules/idNumber';
import type { ServiceContext } from '../context';
import type { Sqlite } from '../db/open';
import { personRowsByIds } from './rows';
import { keptWhileUnchanged } from '../db/kept';
import { compile, prepare, row } from '../db/query';
import { statement } from '../db/statements';
import { grid, householdTag, resident } from '../db/schema';
import { ftsPhrase, residentNamePart, residentNumberPart, residentNumberTerm } from '../db/searchIndex';

export type PersonFilterParsed = Omit<ChannelParsed<'person.export'>, 'path'>;
type SearchInput = ChannelParsed<'person.search'>;
type Params = Record<string, string | number>;
type MatchedId = { id: number };

export type QueryKind = 'none' | 'name' | 'pinyin' | 'digits';

/** Full-width → half-width, no spaces (also the ideographic one). */
export function normalizeQuery(raw: string): string {
  return raw.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000\u00a0]/g, '');
}

export function classifyQuery(q: string): QueryKind {
  if (q === '') return 'none';
  if (/^\d+[xX]?$/.test(q)) return 'digits';
  if (/^[a-zA-Z]+$/.test(q)) return 'pinyin';
  return 'name';
}

/** The smallest string above every string that starts with `prefix` (binary collation). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * The people the query matches, as SQL selecting `id` (a person may come twice: initials and pinyin, ID and
 * phone) — each branch one index lookup: the name suffixes, the pinyin indexes, the ID and phone B-trees and the
 * terms of their suffixes. The set a list, an export or a household search filters by. Null: no query.
 */
export function matchSql(raw: string): SQL<MatchedId> | null {
  const text = normalizeQuery(raw);
  const kind = classifyQuery(text);
  if (kind === 'none') return null;
  const { id, nameInitials, namePinyin, idNumber, phone } = resident;
  if (kind === 'name') {
    // Any part of the name is the start of one of its suffixes: a range on resident_name_part. Only
    // the suffix at the first occurrence counts (张 in 张张 once): one row a person.
    const { part, residentId, pos, name: partName } = residentNamePart;
    return sql<MatchedId>`SELECT ${residentId} AS id FROM ${residentNamePart} WHERE ${part} >= ${text} AND ${part} < ${prefixEnd(text)} AND instr(${partName}, ${text}) = ${pos}`;
  }
  if (kind === 'pinyin') {
    const q = text.toLowerCase();
    const qEnd = prefixEnd(q);
    return sql<MatchedId>`SELECT ${id} AS id FROM ${resident} WHERE ${nameInitials} >= ${q} AND ${nameInitials} < ${qEnd}
            UNION ALL SELECT ${id} FROM ${resident} WHERE ${namePinyin} >= ${q} AND ${namePinyin} < ${qEnd}`;
  }
  const q = text.toUpperCase();
  const qEnd = prefixEnd(q);
  if (q.length === 18) return sql<MatchedId>`SELECT ${id} AS id FROM ${resident} WHERE ${idNumber} = ${q}`;
  // At the start: ranges on the B-tree indexes; 4+ characters anywhere after it: a range of suffix terms.
  const query = sql<MatchedId>`SELECT ${id} AS id FROM ${resident} WHERE ${idNumber} >= ${q} AND ${idNumber} < ${qEnd}
    UNION ALL SELECT ${id} FROM ${resident} WHERE ${phone} >= ${q} AND ${phone} < ${qEnd}`;
  if (q.length >= 4) query.append(sql` UNION ALL ${anywhereAfterStart(q.toLowerCase(), prefixEnd(q.toLowerCase()))}`);
  if (q.length === 15) {
    const old = normalizeIdNumber(q);
    if (old.ok) query.append(sql` UNION ALL SELECT ${id} FROM ${resident} WHERE ${idNumber} = ${old.idNumber}`);
  }
  return query;
}

/**
 * Residents whose ID number or phone holds the digits after its first character (4+ characters): a range of the
 * suffix terms, in term order — by the number from the digits on — and within a term by resident id (FTS5 keeps a
 * term's residents in rowid order). The tokenizer folds case, so the terms (`t`, `tEnd`) are in lower case.
 */
function anywhereAfterStart(t: string | Placeholder, tEnd: string | Placeholder, and: SQL = sql``): SQL {
  const { term, doc } = residentNumberTerm;
  return sql`SELECT ${doc} AS id FROM ${residentNumberTerm} WHERE ${term} >= ${t} AND ${term} < ${tEnd}${and}`;
}

/** The resident row of the list and export queries. */
export const r = alias(resident, 'r');

/**
 * The same query as a condition on a resident row (`r` unless given), with a rank expression (0 exact,
 * 1 prefix, 2 elsewhere), for lists that search their own few hundred rows (the key-group ledgers).
 */
export function matchCondition(raw: string, row: typeof r = r): { where: SQL; rank: SQL } | null {
  const text = normalizeQuery(raw);
  const kind = classifyQuery(text);
  if (kind === 'none') return null;
  if (kind === 'name') {
    return {
      where: sql`instr(${row.name}, ${text}) > 0`,
      rank: sql`CASE WHEN ${row.name} = ${text} THEN 0 WHEN substr(${row.name}, 1, ${text.length}) = ${text} THEN 1 ELSE 2 END`,
    };
  }
  if (kind === 'pinyin') {
    const q = text.toLowerCase();
    const qEnd = prefixEnd(q);
    return {
      where: sql`((${row.nameInitials} >= ${q} AND ${row.nameInitials} < ${qEnd}) OR (${row.namePinyin} >= ${q} AND ${row.namePinyin} < ${qEnd}))`,
      rank: sql`CASE WHEN ${row.nameInitials} = ${q} OR ${row.namePinyin} = ${q} THEN 0 WHEN substr(${row.nameInitials}, 1, ${q.length}) = ${q} THEN 1 ELSE 2 END`,
    };
  }
  const q = text.toUpperCase();
  const qEnd = prefixEnd(q);
  const { idNumber, phone } = row;
  if (q.length === 18) return { where: sql`${idNumber} = ${q}`, rank: sql`0` };
  const rank = sql`CASE WHEN ${idNumber} = ${q} OR ${phone} = ${q} THEN 0 WHEN substr(${idNumber}, 1, ${q.length}) = ${q} OR substr(${idNumber}, ${-q.length}) = ${q} OR substr(${phone}, 1, ${q.length}) = ${q} THEN 1 ELSE 2 END`;
  let where =
    q.length >= 4
      ? sql`(instr(${idNumber}, ${q}) > 0 OR instr(${phone}, ${q}) > 0)`
      : sql`((${idNumber} >= ${q} AND ${idNumber} < ${qEnd}) OR (${phone} >= ${q} AND ${phone} < ${qEnd}))`;
  const old = q.length === 15 ? normalizeIdNumber(q) : null;
  if (old?.ok) where = sql`(${idNumber} = ${old.idNumber} OR ${where})`;
  return { where, rank };
}

/** A column of `r` as text, named from the schema (for queryMatch's string SQL). */
const rc = (column: SQLiteColumn) => `r.${column.name}`;

/**
 * matchCondition as SQL text with named parameters (q, qEnd, qLen, id18), for the ledgers' string
 * queries until they move to typed SQL; the column names come from the schema.
 */
export function queryMatch(raw: string): { where: string; rank: string; params: Params } | null {
  const text = normalizeQuery(raw);
  const kind = classifyQuery(text);
  if (kind === 'none') return null;
  const [name, initials, pinyin, idNumber, phone] = [resident.name, resident.nameInitials, resident.namePinyin, resident.idNumber, resident.phone].map(rc);
  if (kind === 'name') {
    return {
      where: `instr(${name}, @q) > 0`,
      rank: `CASE WHEN ${name} = @q THEN 0 WHEN substr(${name}, 1, @qLen) = @q THEN 1 ELSE 2 END`,
      params: { q: text, qEnd: prefixEnd(text), qLen: text.length },
    };
  }
  if (kind === 'pinyin') {
    const q = text.toLowerCase();
    return {
      where: `((${initials} >= @q AND ${initials} < @qEnd) OR (${pinyin} >= @q AND ${pinyin} < @qEnd))`,
      rank: `CASE WHEN ${initials} = @q OR ${pinyin} = @q THEN 0 WHEN substr(${initials}, 1, @qLen) = @q THEN 1 ELSE 2 END`,
      params: { q, qEnd: prefixEnd(q), qLen: q.length },
    };
  }
  const q = text.toUpperCase();
  const params: Params = { q, qEnd: prefixEnd(q), qLen: q.length };
  if (q.length === 18) return { where: `${idNumber} = @q`, rank: '0', params };
  const rank =
    `CASE WHEN ${idNumber} = @q OR ${phone} = @q THEN 0 WHEN substr(${idNumber}, 1, @qLen) = @q OR substr(${idNumber}, -@qLen) = @q ` +
    `OR substr(${phone}, 1, @qLen) = @q THEN 1 ELSE 2 END`;
  let where =
    q.length >= 4
      ? `(instr(${idNumber}, @q) > 0 OR instr(${phone}, @q) > 0)`
      : `((${idNumber} >= @q AND ${idNumber} < @qEnd) OR (${phone} >= @q AND ${phone} < @qEnd))`;
  const old = q.length === 15 ? normalizeIdNumber(q) : null;
  if (old?.ok) {
    params.id18 = old.idNumber;
    where = `(${idNumber} = @id18 OR ${where})`;
  }
  return { where, rank, params };
}

const inVillage = (villageId: number) => sql`(SELECT ${grid.id} FROM ${grid} WHERE ${grid.villageId} = ${villageId})`;
const closedGrids = sql`(SELECT ${grid.id} FROM ${grid} WHERE ${grid.closedOn} IS NOT NULL)`;
const tagged = (tag: string) => sql`(SELECT ${householdTag.householdId} FROM ${householdTag} WHERE ${householdTag.tag} = ${tag})`;

/** The filters as conditions on the row `r` (the list without a query). */
export function rowConditions(filter: PersonFilterParsed): SQL[] {
  const where: SQL[] = [];
  if (filter.status !== '全部') where.push(sql`${r.status} = ${filter.status}`);
  if (filter.gridId !== undefined) where.push(sql`${r.gridId} = ${filter.gridId}`);
  if (filter.villageId !== undefined) where.push(sql`${r.gridId} IN ${inVillage(filter.villageId)}`);
  if (filter.noGrid) where.push(sql`(${r.gridId} IS NULL OR ${r.gridId} IN ${closedGrids})`);
  if (filter.tag !== undefined) where.push(sql`${r.householdId} IN ${tagged(filter.tag)}`);
  if (filter.residenceKind !== undefined) where.push(sql`${r.residenceKind} = ${filter.residenceKind}`);
  return where;
}

/** Conditions joined by AND. */
export const allOf = (conditions: SQL[]) => sql.join(conditions, sql` AND `);

/**
 * How far a search with a query counts past the page it was asked for. A broad query (「王」, 「zh」, four digits of
 * a year) matches thousands; counting them all would cost what the scan it replaces costs, so the count stops
 * here and says so (`totalAtLeast`): the list shows 「N 人以上」 and, scrolled to the end, asks again further on.
 */
export const COUNT_AHEAD = 200;

export function searchPersons(ctx: ServiceContext, filter: SearchInput): { total: number; totalAtLeast: boolean; rows: PersonRow[] } {
  const sqlite = ctx.ledger.sqlite;
  const ids = classifyQuery(normalizeQuery(filter.query)) === 'none' ? { ...listedPage(sqlite, filter), totalAtLeast: false } : matchedPage(sqlite, filter);
  return { total: ids.total, totalAtLeast: ids.totalAtLeast, rows: personRowsByIds(sqlite, ids.page, ctx.today()) };
}

/**
 * Who is kept of the matches. The default (在册, nothing else) only drops those who left: a set kept on the
 * connection while nothing changes (db/kept.ts), checked as the ids come, so no index walk has to look at a row.
 * Other filters are a condition on the matched person's id (a rowid lookup): the cost follows the matches, never
 * the town's size. Neither: nothing to check (全部).
 */
interface Keep {
  where: ((id: SQLWrapper) => SQL) | null;
  left: ReadonlySet<number> | null;
}

function keepOf(sqlite: Sqlite, filter: SearchInput): Keep {
  const onlyInRegister = filter.status === '在册' && filter.gridId === undefined && filter.villageId === undefined && !filter.noGrid
    && filter.tag === undefined && filter.residenceKind === undefined;
  if (onlyInRegister) {
    // Those who left (迁出/死亡), from the partial index resident_left.
    const left = keptWhileUnchanged(sqlite, 'residentsLeft', '', () => {
      const p = prepare(sqlite, sql`SELECT ${resident.id} FROM ${resident} WHERE ${resident.status} <> '在册'`);
      return new Set(p.stmt.pluck().all(...p.params) as number[]) as ReadonlySet<number>;
    });
    return { where: null, left };
  }
  const conditions = rowConditions(filter);
  if (conditions.length === 0) return { where: null, left: null };
  return { where: (id) => sql`EXISTS (SELECT 1 FROM ${resident} ${r} WHERE ${r.id} = ${id} AND ${allOf(conditions)})`, left: null };
}

/** The values a query's streams are filled with (their placeholders): one shape of SQL serves every query of a kind. */
interface StreamValues {
  /** The key of the SQL's shape (kind, length class, old ID): the compiled streams are kept by it. */
  shape: string;
  values: Record<string, string | number>;
}

function streamValues(raw: string): StreamValues {
  const text = normalizeQuery(raw);
  const kind = classifyQuery(text);
  if (kind === 'name') return { shape: 'name', values: { q: text, qEnd: prefixEnd(text) } };
  if (kind === 'pinyin') {
    const q = text.toLowerCase();
    return { shape: 'pinyin', values: { q, qEnd: prefixEnd(q) } };
  }
  const q = text.toUpperCase();
  const old = q.length === 15 ? normalizeIdNumber(q) : null;
  const t = q.toLowerCase();
  const shape = q.length === 18 ? 'id18' : q.length < 4 ? 'digits' : old?.ok ? 'digits4old' : 'digits4';
  return {
    shape,
    values: { q, qEnd: prefixEnd(q), t, tEnd: prefixEnd(t), negLen: -q.length, phrase: ftsPhrase(q), old: old?.ok ? old.idNumber : '' },
  };
}

const ph = (name: string) => sql.placeholder(name);

/**
 * The matches in the order of the list, as streams that each come straight off an index in that order (so a page
 * costs its own rows, not the matches before and after it): exact matches, then those starting with the query (and,
 * for digits, ending with it: 后四位), then those holding it elsewhere. Each yields ids, best first; a person can
 * come twice (ID and phone, initials and pinyin, a later rank's index holding an earlier one's) and is taken at
 * the first. The query's values are placeholders (streamValues), so the SQL of a shape is built once.
 *   - a name: 0 the whole name, 1 names starting with it, by name; 2 the rest, by the name from the query on
 *     (「伟」: 王伟 before 王伟明), the suffix index's own order;
 *   - pinyin: 0 initials or pinyin equal to it; 1 initials starting with it, by initials; 2 pinyin starting with it,
 *     by pinyin;
 *   - digits: 0 an ID or phone equal to it (and the 18-digit form of a 15-digit ID); 1 starting or ending with it, by
 *     the number; 2 (4+ digits) holding it elsewhere, by the number from the digits on (the suffix terms' order).
 */
function rankStreams(shape: string, keep: ((id: SQLWrapper) => SQL) | null): SQL[] {
  const and = (id: SQLWrapper) => (keep ? sql` AND ${keep(id)}` : sql``);
  const [q, qEnd] = [ph('q'), ph('qEnd')];
  if (shape === 'name') {
    const { part, residentId, pos, name } = residentNamePart;
    return [
      sql`SELECT ${residentId} FROM ${residentNamePart} WHERE ${part} = ${q} AND ${pos} = 1${and(residentId)} ORDER BY ${part}, ${residentId}`,
      sql`SELECT ${residentId} FROM ${residentNamePart} WHERE ${part} > ${q} AND ${part} < ${qEnd} AND ${pos} = 1${and(residentId)} ORDER BY ${part}, ${residentId}`,
      sql`SELECT ${residentId} FROM ${residentNamePart} WHERE ${part} >= ${q} AND ${part} < ${qEnd} AND ${pos} > 1 AND instr(${name}, ${q}) = ${pos}${and(residentId)}
          ORDER BY ${part}, ${residentId}`,
    ];
  }
  const { id, nameInitials, namePinyin, idNumber, phone } = resident;
  if (shape === 'pinyin') {
    return [
      sql`SELECT ${id} FROM ${resident} WHERE ${nameInitials} = ${q}${and(id)} UNION SELECT ${id} FROM ${resident} WHERE ${namePinyin} = ${q}${and(id)} ORDER BY 1`,
      sql`SELECT ${id} FROM ${resident} WHERE ${nameInitials} > ${q} AND ${nameInitials} < ${qEnd}${and(id)} ORDER BY ${nameInitials}, ${id}`,
      // Those whose initials start with it too are already taken (rank 1 is read whole before this one is begun).
      sql`SELECT ${id} FROM ${resident} WHERE ${namePinyin} > ${q} AND ${namePinyin} < ${qEnd}${and(id)} ORDER BY ${namePinyin}, ${id}`,
    ];
  }
  if (shape === 'id18') return [sql`SELECT ${id} FROM ${resident} WHERE ${idNumber} = ${q}${and(id)}`];
  const exact = sql`SELECT ${id} FROM ${resident} WHERE ${idNumber} = ${q}${and(id)} UNION SELECT ${id} FROM ${resident} WHERE ${phone} = ${q}${and(id)}`;
  if (shape === 'digits4old') exact.append(sql` UNION SELECT ${id} FROM ${resident} WHERE ${idNumber} = ${ph('old')}${and(id)}`);
  exact.append(sql` ORDER BY 1`);
  const starts = (col: SQLiteColumn) => sql`SELECT ${id} AS id, ${col} AS key FROM ${resident} WHERE ${col} > ${q} AND ${col} < ${qEnd}${and(id)}`;
  if (shape === 'digits') return [exact, sql`${starts(idNumber)} UNION ALL ${starts(phone)} ORDER BY 2, 1`];
  // Ends with it: a suffix term equal to it (a term can also be a stretch between two dashes of a phone, so the
  // ending is checked on the row).
  const e = alias(resident, 'e');
  const negLen = ph('negLen');
  const ends = sql`SELECT ${e.id} AS id, CASE WHEN substr(${e.idNumber}, ${negLen}) = ${q} THEN ${e.idNumber} ELSE ${e.phone} END AS key
    FROM ${resident} ${e} WHERE ${e.id} IN (SELECT ${residentNumberPart.rowid} FROM ${residentNumberPart} WHERE ${residentNumberPart} MATCH ${ph('phrase')})
      AND (substr(${e.idNumber}, ${negLen}) = ${q} OR substr(${e.phone}, ${negLen}) = ${q})${and(e.id)}`;
  return [
    exact,
    sql`${starts(idNumber)} UNION ALL ${starts(phone)} UNION ALL ${ends} ORDER BY 2, 1`,
    // Every number holding it after its first character; those of ranks 0 and 1 are already taken.
    sql`${anywhereAfterStart(ph('t'), ph('tEnd'), and(residentNumberTerm.doc))} ORDER BY ${residentNumberTerm.term}`,
  ];
}

/** Each stream compiled with its LIMIT as a placeholder; kept by shape when no filter adds values of its own. */
const compiledStreams = new Map<string, { sql: string; params: unknown[] }[]>();

function streamsOf(shape: string, keep: ((id: SQLWrapper) => SQL) | null) {
  const build = () => rankStreams(shape, keep).map((stream) => compile(sql`${stream} LIMIT ${ph('take')}`));
  if (keep) return build();
  let kept = compiledStreams.get(shape);
  if (!kept) compiledStreams.set(shape, (kept = build()));
  return kept;
}

/**
 * One page of matches and their count, both read off the streams in order: each only as far as the page and
 * COUNT_AHEAD more need (ids only, straight off the indexes), so the count is of the same set as the list, exact
 * up to there, and what lies beyond is left unread.
 */
function matchedPage(sqlite: Sqlite, filter: SearchInput) {
  const want = filter.offset + filter.limit;
  const cap = want + COUNT_AHEAD;
  const keep = keepOf(sqlite, filter);
  const seen = new Set<number>();
  // Those who left are skipped wherever they come, as if taken already.
  const left = keep.left ?? new Set<number>();
  const found: number[] = [];
  const { shape, values } = streamValues(filter.query);
  for (const stream of streamsOf(shape, keep.where)) {
    if (found.length > cap) break;
    // Fetch what is still needed, and more only when people already taken (from an earlier rank, or twice in
    // this one) used up part of it.
    for (let take = cap + 1 - found.length; ; take *= 2) {
      const ids = statement(sqlite, stream.sql).pluck().all(...fillPlaceholders(stream.params, { ...values, take })) as number[];
      const fresh = [...new Set(ids)].filter((id) => !seen.has(id) && !left.has(id));
      if (found.length + fresh.length > cap || ids.length < take) {
        for (const id of fresh) {
          seen.add(id);
          found.push(id);
        }
        break;
      }
    }
  }
  return { total: Math.min(found.length, cap), totalAtLeast: found.length > cap, page: found.slice(filter.offset, want) };
}

/** No query: count, then one page of ids in 台账 order (by grid, then registration), from resident_grid. */
function listedPage(sqlite: Sqlite, filter: SearchInput) {
  const conditions = rowConditions(filter);
  const where = conditions.length ? sql`WHERE ${allOf(conditions)}` : sql``;
  const { n } = row(sqlite, sql<{ n: number }>`SELECT count(*) AS n FROM ${resident} ${r} ${where}`)!;
  if (n === 0 || filter.offset >= n) return { total: n, page: [] };
  const p = prepare(sqlite, sql`SELECT ${r.id} FROM ${resident} ${r} ${where} ORDER BY ${r.gridId}, ${r.status}, ${r.id} LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  const page = p.stmt.pluck().all(...p.params) as number[];
  return { total: n, page };
}
