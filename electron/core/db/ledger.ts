// The open database as services see it: the SQLite handle, drizzle over it, and the scoped views.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { DbKey } from '../security/keyring';
import type { Db } from './drizzle';

export type Sqlite = Database.Database;

export interface Ledger {
  path: string;
  sqlite: Sqlite;
  db: Db;
  schemaVersion: number;
  /** The SQLCipher key it was opened with (memory only); null for a plain, not yet protected file. */
  key: DbKey | null;
  close(): void;
  /** The same file as seen by a caller limited to these villages (cached per scope; see scope.ts). */
  scoped(villageCodes: readonly string[]): Ledger;
}
