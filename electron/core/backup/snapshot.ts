// The low-level pieces of a backup, kept apart from the service so db/open.ts can take a backup before a
// migration without an import cycle.
//
// How a live database is copied: `VACUUM INTO` on a connection of our own (never a file copy). SQLite writes a
// consistent snapshot of the last committed state (WAL included) while other connections keep writing. We do not
// use better-sqlite3's `db.backup(dest)` (the online backup API): it opens the destination itself without a key,
// and SQLite3MultipleCiphers then refuses an encrypted source ("backup is not supported with incompatible source
// and target databases"); URI key parameters on the destination are not honoured by this build (the URI is taken
// as a literal file name, key and all). `VACUUM INTO` from an encrypted connection writes the copy encrypted with
// the connection's own cipher and key (SQLite3MultipleCiphers applies the main database's codec to the target),
// which backup.test.ts proves: a plain open says "not a database" and the bytes hold no resident's name.
import { rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { fsyncFile, hasSqliteHeader } from '../files/durable';
import { applyKey } from '../db/cipher';
import { PAGE_CACHE } from '../db/scope';
import type { Sqlite } from '../db/ledger';
import type { DbKey } from '../security/keyring';

/** Every database of ours records its migrations (from the very first one on). */
export const OUR_TABLE = 'schema_migration';

export interface IntegrityResult {
  ok: boolean;
  /** 'ok', or the first problems SQLite named (or why the check could not run). */
  detail: string;
}

/** Runs one of SQLite's checks: 'ok' alone is a pass; a page that fails its HMAC throws, which is a failure too. */
function runCheck(sqlite: Sqlite, pragma: 'integrity_check' | 'quick_check'): IntegrityResult {
  try {
    const lines = sqlite.pragma(`${pragma}(20)`, { simple: false }) as Record<string, string>[];
    const text = lines.map((l) => l[pragma]!);
    return text.length === 1 && text[0] === 'ok' ? { ok: true, detail: 'ok' } : { ok: false, detail: text.slice(0, 5).join('；').slice(0, 500) };
  } catch (err) {
    return { ok: false, detail: `${(err as { code?: string }).code ?? 'ERROR'}: ${(err as Error).message}`.slice(0, 500) };
  }
}

/** The full `PRAGMA integrity_check` (every page, index and constraint). */
export const integrityCheck = (sqlite: Sqlite): IntegrityResult => runCheck(sqlite, 'integrity_check');


/** Opens a file read-only with the key (if any); the caller closes it. */
export function openReadOnly(path: string, key: DbKey | null): Sqlite {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    if (key) applyKey(sqlite, key);
    // integrity_check looks every row up in every index: with SQLite's default 2 MiB cache an encrypted file's
    // pages were decrypted and authenticated again and again (1.7× the plain file's time; 1.0× with this cache).
    sqlite.pragma(`cache_size = ${PAGE_CACHE}`);
    return sqlite;
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

export interface FileCheck extends IntegrityResult {
  /** Has our migration record. */
  ours: boolean;
  schemaVersion: number | null;
  /** The first 16 bytes are not SQLite's plain header (so the pages are encrypted). */
  encrypted: boolean;
}

/** Verifies a database file (a backup, a copy about to be restored): it opens with the key, integrity_check is ok, it is ours. */
export function checkDatabaseFile(path: string, key: DbKey | null): FileCheck {
  const encrypted = !hasSqliteHeader(path);
  let sqlite: Sqlite | undefined;
  try {
    sqlite = openReadOnly(path, key);
    const tables = new Set((sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const ours = tables.has(OUR_TABLE);
    const schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
    return { ...integrityCheck(sqlite), ours, schemaVersion, encrypted };
  } catch (err) {
    return { ok: false, detail: `${(err as { code?: string }).code ?? 'ERROR'}: ${(err as Error).message}`.slice(0, 500), ours: false, schemaVersion: null, encrypted };
  } finally {
    sqlite?.close();
  }
}

/**
 * Writes a consistent copy of the database at `sourcePath` to `destPath` (which must not exist), encrypted with
 * the same key when the source is, and flushes it to disk. A failure removes the partial copy and rethrows.
 */
export function snapshotInto(sourcePath: string, key: DbKey | null, destPath: string): void {
  const sqlite = new Database(sourcePath, { fileMustExist: true });
  try {
    if (key) applyKey(sqlite, key);
    sqlite.pragma('busy_timeout = 5000');
    sqlite.prepare('VACUUM INTO ?').run(destPath);
  } catch (err) {
    rmSync(destPath, { force: true });
    throw err;
  } finally {
    sqlite.close();
  }
  fsyncFile(destPath);
}

export { fsyncFile, fsyncFolder } from '../files/durable';

export const fileSize = (path: string) => statSync(path).size;
