// Builds drizzle's synchronous SQLite database over our better-sqlite3-multiple-ciphers handle.
// drizzle's own `drizzle()` entry imports the package named "better-sqlite3", which we do not
// ship (the ciphers build has the same API); its session class works with our handle as is.
import { extractTablesRelationalConfig, createTableRelationsHelpers } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { BetterSQLiteSession } from 'drizzle-orm/better-sqlite3/session';
import { BaseSQLiteDatabase, SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3-multiple-ciphers';
import * as schema from './schema';
import { statement } from './statements';

export type Db = BetterSQLite3Database<typeof schema>;

export function createDrizzle(client: Database.Database): Db {
  const dialect = new SQLiteSyncDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const fullSchema = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  // The session only calls prepare/transaction on the client, which both builds share. Its prepare
  // goes through our statement cache, so query-builder calls reuse their compiled statements too.
  const cached = new Proxy(client, {
    get: (target, key) => {
      if (key === 'prepare') return (source: string) => statement(target, source);
      const value: unknown = Reflect.get(target, key, target);
      // Native methods must be called on the real handle.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const session = new BetterSQLiteSession(cached as never, dialect, fullSchema, {});
  return new BaseSQLiteDatabase('sync', dialect, session as never, fullSchema) as unknown as Db;
}
