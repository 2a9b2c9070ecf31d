// The statement helper every service prepares through: reuse by SQL text per connection, never a
// statement that is being iterated, result modes reset, and a bounded cache.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { village } from '../../electron/core/db/schema';
import { statement } from '../../electron/core/db/statements';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

let t: TempLedger;
beforeEach(() => {
  t = openTempLedger();
  t.ctx.ledger.sqlite.exec("create table n (v integer); insert into n values (1), (2), (3)");
});
afterEach(() => t.close());

describe('statement()', () => {
  it('hands out the same compiled statement for the same text on the same connection', () => {
    const db = t.ctx.ledger.sqlite;
    const a = statement(db, 'select v from n order by v');
    expect(statement(db, 'select v from n order by v')).toBe(a);
    expect(statement(db, 'select v from n order by v desc')).not.toBe(a);
    // Another connection to the same file has its own.
    const other = t.ctx.ledger.scoped([]).sqlite;
    expect(statement(other, 'select 1')).not.toBe(statement(db, 'select 1'));
  });

  it('never hands out a statement that is being iterated, and resets raw and pluck', () => {
    const db = t.ctx.ledger.sqlite;
    const sql = 'select v from n order by v';
    const outer = statement(db, sql);
    const seen: number[][] = [];
    for (const row of outer.iterate() as IterableIterator<{ v: number }>) {
      // A nested read of the same text while the outer one iterates gets a fresh statement.
      const inner = statement(db, sql);
      expect(inner).not.toBe(outer);
      seen.push((inner.all() as { v: number }[]).map((r) => r.v + row.v));
    }
    expect(seen).toEqual([[2, 3, 4], [3, 4, 5], [4, 5, 6]]);
    statement(db, sql).pluck();
    expect(statement(db, sql).all()).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
  });

  it('the query builder prepares through the same cache', () => {
    const db = t.ctx.ledger;
    const sqlite = db.sqlite;
    const calls: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    // Count the real compilations (a spy on the library, not on our code).
    sqlite.prepare = ((source: string) => {
      calls.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
    for (let i = 0; i < 5; i++) db.db.select().from(village).where(eq(village.id, i)).all();
    expect(calls.filter((c) => c.includes('"village"'))).toHaveLength(1);
  });

  it('keeps at most 500 statements per connection, dropping the least recently used', () => {
    const db = t.ctx.ledger.sqlite;
    const first = statement(db, 'select 0');
    for (let i = 1; i <= 500; i++) statement(db, `select ${i}`);
    expect(statement(db, 'select 0')).not.toBe(first);
    const recent = statement(db, 'select 500');
    expect(statement(db, 'select 500')).toBe(recent);
  });
});
