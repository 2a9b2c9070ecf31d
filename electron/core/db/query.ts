// Typed SQL for the queries the query builder does not express well (joins with aliases, window
// and JSON functions, hot paths): drizzle's `sql` template with schema columns and tables, so a
// renamed column fails the typecheck wherever it is used, compiled to text and run through the
// statement cache (db/statements.ts), so the compiled statement is reused.
//   const r = alias(resident, 'r');
//   rows(ctx.ledger.sqlite, sql<{ id: number; name: string }>`select ${r.id} as id, ${r.name} as name from ${resident} ${r} where ${r.gridId} = ${gridId}`)
// An alias renders as its name ("r") and its columns as "r"."name", so a FROM names the table and
// then the alias; values become bound parameters.
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Sqlite } from './ledger';
import { statement, type Statement } from './statements';

const dialect = new SQLiteSyncDialect();

/** The SQL text and parameters of a template (for EXPLAIN QUERY PLAN on the real text, too). */
export function compile(query: SQL): { sql: string; params: unknown[] } {
  const q = dialect.sqlToQuery(query);
  return { sql: q.sql, params: q.params };
}

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
