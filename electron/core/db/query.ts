// Typed SQL for the queries the query builder does not express well (joins with aliases, window
// and JSON functions, hot paths): drizzle's `sql` template with schema columns and tables, so a
// renamed column fails the typecheck wherever it is used, compiled to text and run through the
// statement cache (db/statements.ts), so the compiled statement is reused.
//   const r = alias(resident, 'r');
//   rows(ctx.ledger.sqlite, sql<{ id: number; name: string }>`select ${r.id} as id, ${r.name} as name from ${resident} ${r} where ${r.gridId} = ${gridId}`)
// An alias renders as its name ("r") and its columns as "r"."name", so a FROM names the table and
// then the alias; values become bound parameters.
import { Column, Name, Param, SQL, StringChunk, Table } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Sqlite } from './ledger';
import { statement, type Statement } from './statements';

const dialect = new SQLiteSyncDialect();

const NAME = Symbol.for('drizzle:Name');
const IS_ALIAS = Symbol.for('drizzle:IsAlias');
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
class Unsupported extends Error {}

/**
 * The same text and parameters drizzle's dialect gives, for the chunks our templates use (strings,
 * schema tables and columns, aliases, nested templates, operator conditions, plain values), without
 * its per-chunk entity checks, which cost more than the query itself in the hot paths. Anything
 * else (placeholders, subqueries, inlined params) goes to the dialect.
 */
function build(chunks: readonly unknown[], out: { text: string[]; params: unknown[] }) {
  for (const chunk of chunks) {
    if (chunk instanceof StringChunk) out.text.push(chunk.value.join(''));
    else if (chunk instanceof SQL) {
      if ((chunk as unknown as { shouldInlineParams: boolean }).shouldInlineParams) throw new Unsupported();
      build(chunk.queryChunks, out);
    } else if (chunk instanceof Column) {
      if (chunk.table[Symbol.for('drizzle:Schema') as never] !== undefined && !chunk.table[IS_ALIAS as never]) throw new Unsupported();
      out.text.push(`${quote(chunk.table[NAME as never] as string)}.${quote(chunk.name)}`);
    } else if (chunk instanceof Table) {
      if (chunk[Symbol.for('drizzle:Schema') as never] !== undefined && !chunk[IS_ALIAS as never]) throw new Unsupported();
      out.text.push(quote(chunk[NAME as never] as string));
    } else if (chunk instanceof Name) out.text.push(quote(chunk.value));
    else if (chunk instanceof Param) {
      const mapped = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
      if (typeof mapped === 'object' && mapped !== null && !(mapped instanceof Uint8Array)) throw new Unsupported();
      out.text.push('?');
      out.params.push(mapped);
    } else if (chunk === undefined) continue;
    else if (Array.isArray(chunk)) {
      out.text.push('(');
      chunk.forEach((c, i) => {
        if (i) out.text.push(', ');
        build([c], out);
      });
      out.text.push(')');
    } else if (chunk === null || typeof chunk === 'string' || typeof chunk === 'number' || typeof chunk === 'bigint' || chunk instanceof Uint8Array) {
      out.text.push('?');
      out.params.push(chunk);
    } else throw new Unsupported();
  }
}

/** The SQL text and parameters of a template (for EXPLAIN QUERY PLAN on the real text, too). */
export function compile(query: SQL): { sql: string; params: unknown[] } {
  try {
    const out = { text: [] as string[], params: [] as unknown[] };
    build(query.queryChunks, out);
    const fast = { sql: out.text.join(''), params: out.params };
    // The unit tests run with LEDGER_CHECK_SQL=1: every query the suite runs is held to drizzle's own text.
    if (process.env.LEDGER_CHECK_SQL) {
      const slow = compileWithDialect(query);
      if (slow.sql !== fast.sql || JSON.stringify(slow.params) !== JSON.stringify(fast.params)) {
        throw new Error(`compile() differs from drizzle's dialect:\n${fast.sql}\n${slow.sql}`);
      }
    }
    return fast;
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    const q = dialect.sqlToQuery(query);
    return { sql: q.sql, params: q.params };
  }
}

/** drizzle's own compilation, for the test that holds compile() to it. */
export const compileWithDialect = (query: SQL) => {
  const q = dialect.sqlToQuery(query);
  return { sql: q.sql, params: q.params };
};

/** The cached statement of a template, with its parameters (for iterate, pluck, raw). */
export function prepare(sqlite: Sqlite, query: SQL): { stmt: Statement; params: unknown[] } {
  const q = compile(query);
  return { stmt: statement(sqlite, q.sql), params: q.params };
}

type Row<Q> = Q extends SQL<infer T> ? (unknown extends T ? Record<string, unknown> : T) : never;

export function rows<Q extends SQL>(sqlite: Sqlite, query: Q): Row<Q>[] {
  const { stmt, params } = prepare(sqlite, query);
  return stmt.all(...params) as Row<Q>[];
}

export function row<Q extends SQL>(sqlite: Sqlite, query: Q): Row<Q> | undefined {
  const { stmt, params } = prepare(sqlite, query);
  return stmt.get(...params) as Row<Q> | undefined;
}

/** A write (insert, update, delete): the changes and the new row's id. */
export function exec(sqlite: Sqlite, query: SQL): { changes: number; lastInsertRowid: number } {
  const { stmt, params } = prepare(sqlite, query);
  const r = stmt.run(...params);
  return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
}
