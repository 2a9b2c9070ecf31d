// Typed SQL: schema columns in drizzle's sql template, compiled once per text and reused.
import { alias } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compile, exec, prepare, row, rows } from '../../electron/core/db/query';
import { grid, village } from '../../electron/core/db/schema';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

let t: TempLedger;
beforeEach(() => (t = openTempLedger()));
afterEach(() => t.close());

describe('typed SQL', () => {
  it('renders schema columns (aliased or not) and binds values', () => {
    const v = alias(village, 'v');
    const q = compile(sql`select ${v.name} as name from ${village} ${v} where ${v.code} = ${'320121100201'}`);
    expect(q.sql).toBe('select "v"."name" as name from "village" "v" where "v"."code" = ?');
    expect(q.params).toEqual(['320121100201']);
  });

  it('writes and reads through the statement cache', () => {
    const db = t.ctx.ledger.sqlite;
    const now = '2026-01-01T00:00:00Z';
    const { lastInsertRowid } = exec(db, sql`insert into ${village} (${sql.identifier(village.code.name)}, ${sql.identifier(village.name.name)}, ${sql.identifier(village.type.name)}, ${sql.identifier(village.createdAt.name)}, ${sql.identifier(village.updatedAt.name)}) values (${'320121100201'}, ${'柳河村'}, ${'村'}, ${now}, ${now})`);
    expect(row(db, sql<{ name: string }>`select ${village.name} as name from ${village} where ${village.id} = ${lastInsertRowid}`)).toEqual({ name: '柳河村' });
    const g = alias(grid, 'g');
    expect(rows(db, sql<{ n: number }>`select count(*) as n from ${grid} ${g} where ${g.villageId} = ${lastInsertRowid}`)).toEqual([{ n: 0 }]);
    const a = prepare(db, sql`select ${village.id} from ${village} where ${village.id} = ${1}`);
    const b = prepare(db, sql`select ${village.id} from ${village} where ${village.id} = ${2}`);
    expect(a.stmt).toBe(b.stmt);
    expect(b.params).toEqual([2]);
  });
});
