// Opening the one SQLite file: refuse a database from the future without touching it, then
// set the pragmas that make it crash-safe, check it answers, and apply pending migrations.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../errors';
import { sweepStaleTemps } from '../files/safeOutput';
import { migrations, type EmbeddedMigration } from './migrations';
import { createDrizzle, type Db } from './drizzle';
import type { Ledger, Sqlite } from './ledger';
import { openScoped, villageIdsOf } from './scope';
import { applyKey } from './cipher';
import type { DbKey } from '../security/keyring';

export type { Db, Ledger, Sqlite };

export const APP_SCHEMA_VERSION = migrations.length;

export interface OpenOptions {
  /** Only for tests of migrations: stop at this version instead of the newest. */
  targetVersion?: number;
  /** Migrations to apply; tests pass a prefix of the real list. */
  migrationList?: EmbeddedMigration[];
  /** The SQLCipher key of an encrypted file (security/keyring.ts); without it the file must be plain. */
  key?: DbKey | null;
}

/** Reads user_version read-only, so a file we must refuse is never written to. */
export function peekSchemaVersion(path: string, key: DbKey | null = null): number | null {
  if (!existsSync(path)) return null;
  if (statSync(path).isDirectory()) {
    throw new AppError('DB_OPEN_FAILED', `数据库位置「${path}」是一个文件夹，不是数据库文件。`);
  }
  let probe: Sqlite | undefined;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true });
    if (key) applyKey(probe, key);
    return probe.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    throw new AppError('DB_OPEN_FAILED', `无法读取数据库文件「${path}」：文件已损坏或不是本软件的数据库（${(err as Error).message}）。`);
  } finally {
    probe?.close();
  }
}

export function openLedger(path: string, options: OpenOptions = {}): Ledger {
  const list = options.migrationList ?? migrations;
  const target = options.targetVersion ?? list.length;
  const key = options.key ?? null;
  const existing = peekSchemaVersion(path, key);
  if (existing !== null && existing > list.length) {
    throw new AppError(
      'DB_FROM_FUTURE',
      `数据库文件「${path}」由更新版本的软件创建（数据结构版本 ${existing}，本软件只支持到 ${list.length}）。为保护数据，本软件不会打开或改动它，请安装最新版本后再打开。`,
    );
  }

  let sqlite: Sqlite;
  try {
    sqlite = new Database(path);
    if (key) applyKey(sqlite, key);
  } catch (err) {
    throw new AppError('DB_OPEN_FAILED', `无法打开数据库文件「${path}」（${(err as Error).message}）。`);
  }
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    const probe = sqlite.prepare('select 1 as ok').get() as { ok: number };
    if (probe.ok !== 1) throw new Error('test query failed');
    const quick = sqlite.pragma('quick_check', { simple: true });
    if (quick !== 'ok') throw new AppError('DB_OPEN_FAILED', `数据库文件「${path}」完整性检查未通过（${String(quick)}），请从备份恢复。`);
    migrate(sqlite, list, target);
  } catch (err) {
    sqlite.close();
    if (err instanceof AppError) throw err;
    throw new AppError('DB_OPEN_FAILED', `打开数据库「${path}」失败：${(err as Error).message}`);
  }
  // Temp files of an export or backup that a crash or power cut left beside the database.
  sweepStaleTemps(dirname(resolve(path)));
  const db = createDrizzle(sqlite);
  const scopes = new Map<string, Ledger>();
  return {
    path,
    sqlite,
    db,
    schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
    key,
    close: () => {
      for (const s of scopes.values()) s.close();
      scopes.clear();
      sqlite.close();
    },
    scoped: (villageCodes) => {
      const ids = villageIdsOf(sqlite, villageCodes);
      const scopeKey = ids.join(',');
      let s = scopes.get(scopeKey);
      if (!s) {
        s = openScoped(path, ids, key);
        scopes.set(scopeKey, s);
      }
      return s;
    },
  };
}

/** Applies each pending migration in its own transaction together with its version bump. */
function migrate(sqlite: Sqlite, list: EmbeddedMigration[], target: number) {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  sqlite.exec(`create table if not exists schema_migration (
    version integer primary key, tag text not null, hash text not null, applied_at text not null)`);
  // A migration that was edited after it shipped would leave old files silently different.
  const applied = sqlite.prepare('select version, tag, hash from schema_migration order by version').all() as {
    version: number; tag: string; hash: string;
  }[];
  for (const row of applied) {
    const known = list[row.version - 1];
    if (known && known.hash !== row.hash) {
      throw new AppError('DB_OPEN_FAILED', `数据库的第 ${row.version} 次结构升级（${row.tag}）与本软件不一致，无法继续。`);
    }
  }
  for (let v = current + 1; v <= target; v++) {
    const m = list[v - 1];
    if (!m || m.version !== v) throw new Error(`migration ${v} missing`);
    const step = sqlite.transaction(() => {
      for (const statement of m.statements) sqlite.exec(statement);
      sqlite.prepare('insert into schema_migration (version, tag, hash, applied_at) values (?, ?, ?, ?)').run(
        m.version, m.tag, m.hash, new Date().toISOString(),
      );
      sqlite.pragma(`user_version = ${v}`);
    });
    step();
  }
}
