// Opening the one SQLite file: refuse a database from the future without touching it, then
// set the pragmas that make it crash-safe, check it answers, and apply pending migrations.
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { backupBeforeMigration } from '../backup/store';
import { AppError, storageError } from '../errors';
import { sweepStaleTemps } from '../files/safeOutput';
import { migrations, type EmbeddedMigration } from './migrations';
import { createDrizzle, type Db } from './drizzle';
import type { Ledger, Sqlite } from './ledger';
import { PAGE_CACHE, openScoped, villageIdsOf } from './scope';
import { applyKey } from './cipher';
import { keyringPathOf, type DbKey } from '../security/keyring';

export type { Db, Ledger, Sqlite };

export const APP_SCHEMA_VERSION = migrations.length;



export interface OpenOptions {
  /** Only for tests of migrations: stop at this version instead of the newest. */
  targetVersion?: number;
  /** Migrations to apply; tests pass a prefix of the real list. */
  migrationList?: EmbeddedMigration[];
  /** The SQLCipher key of an encrypted file (security/keyring.ts); without it the file must be plain. */
  key?: DbKey | null;
  /** false: no backup before pending migrations (only tests of the migrations themselves). */
  backupBeforeMigration?: boolean;
  /**
   * The file is open on the app's main connection, which ran quick_check when it opened it: a job's worker opening
   * it again skips that check (about a second on a 100,000-person town, paid by every export and import otherwise).
   * Damage found later still surfaces as 文件损坏 at the read that meets it.
   */
  checkedByMain?: boolean;
}

/** What is at the database's path, read without writing to it. */
interface Found {
  version: number;
  tables: number;
  /** Tables but no migration record of ours: another program's database. */
  foreign: boolean;
}

/**
 * Reads user_version read-only, so a file we must refuse is never written to. Refuses, each with its own message and
 * without touching the file: a folder, a zero-length file (never adopted as a new, empty town), a text file, a
 * foreign SQLite file, a damaged or undecryptable one, and a file the PC will not let us read.
 */
export function peekSchemaVersion(path: string, key: DbKey | null = null): number | null {
  return inspectAtPath(path, key)?.version ?? null;
}

function inspectAtPath(path: string, key: DbKey | null): Found | null {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw storageError(err, `数据库文件「${path}」`) ?? new AppError('DB_OPEN_FAILED', `无法访问数据库文件「${path}」（${(err as NodeJS.ErrnoException).code ?? '未知原因'}）。`);
  }
  if (stat.isDirectory()) throw new AppError('DB_OPEN_FAILED', `数据库位置「${path}」是一个文件夹，不是数据库文件。`);
  if (stat.size === 0) {
    throw new AppError(
      'DB_DAMAGED',
      `数据库文件「${path}」是空文件（0 字节），里面没有任何数据。为保护数据，本软件不会把它当作一个新的乡镇使用，也不会改动它。请从备份恢复（设置 → 数据备份），或确认无用后把它移走再启动。`,
    );
  }
  let head: Buffer;
  try {
    head = readHead(path);
  } catch (err) {
    throw storageError(err, `数据库文件「${path}」`) ?? new AppError('DB_OPEN_FAILED', `无法读取数据库文件「${path}」。`);
  }
  const plainHeader = head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0';
  if (!plainHeader && !key) {
    if (looksLikeText(head)) throw new AppError('BAD_FILE', `数据库位置「${path}」是一个文本文件，不是本软件的数据库（也不是损坏的数据库）。本软件没有打开也没有改动它，请检查文件位置。`);
    if (existsSync(keyringPathOf(path))) throw new AppError('WRONG_KEY', `数据库文件「${path}」已加密，需要登录（或输入恢复码）后才能打开。`);
    throw new AppError(
      'DB_DAMAGED',
      `数据库文件「${path}」无法识别：文件已损坏，或是一个加密的数据库但旁边缺少它的密钥文件（${basename(keyringPathOf(path))}）。本软件没有改动它，请从备份恢复。`,
    );
  }
  let probe: Sqlite | undefined;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true });
    if (key) applyKey(probe, key);
    const version = probe.pragma('user_version', { simple: true }) as number;
    const tables = new Set((probe.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    return { version, tables: tables.size, foreign: tables.size > 0 && !tables.has('schema_migration') };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw classifyOpenError(err, path, plainHeader, key);
  } finally {
    probe?.close();
  }
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Mostly printable UTF-8 (a note, a CSV, an HTML page saved under the database's name). */
function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const text = head.toString('utf8');
  const bad = [...text].filter((c) => c === '\uFFFD' || (c < ' ' && c !== '\n' && c !== '\r' && c !== '\t')).length;
  return bad <= text.length / 50;
}

/** A failure while opening or first reading: say what it is (damage, a wrong key, a full or read-only disk), never "程序内部错误". */
function classifyOpenError(err: unknown, path: string, plainHeader: boolean, key: DbKey | null): AppError {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB') {
    if (key && plainHeader) return new AppError('WRONG_KEY', `数据库文件「${path}」没有加密，与密钥文件不符。本软件没有改动它，请联系技术人员。`);
    if (key) return new AppError('DB_DAMAGED', `数据库文件「${path}」无法用它的密钥解开：文件已损坏，或与旁边的密钥文件不是一对。本软件没有改动它，请从备份恢复（设置 → 数据备份）。`);
    return new AppError('DB_DAMAGED', `数据库文件「${path}」的文件头完好，但内容已损坏。为保护数据，本软件不会修改、清空或重建它。请从备份恢复（设置 → 数据备份）。`);
  }
  const storage = storageError(err, `数据库文件「${path}」`) ?? diagnoseWritable(path);
  if (storage) return storage;
  return new AppError('DB_OPEN_FAILED', `无法打开数据库文件「${path}」（${code ?? '未知原因'}）。本软件没有改动它。`);
}

/**
 * Whether the file and its folder may be read and written (the folder holds the -wal and -shm files and the
 * backups). Readable but not writable is 只读 to the staffer (a write-protected USB drive, a file marked read-only).
 */
function diagnoseWritable(path: string): AppError | null {
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    return storageError(err, `数据库文件「${path}」`);
  }
  const folder = dirname(resolve(path));
  for (const [target, where] of [[path, `数据库文件「${path}」`], [folder, `数据库所在的文件夹「${folder}」`]] as const) {
    try {
      accessSync(target, constants.W_OK);
    } catch (err) {
      const c = (err as NodeJS.ErrnoException).code;
      if (c === 'EROFS' || c === 'EACCES' || c === 'EPERM') return storageError({ code: 'SQLITE_READONLY' }, where);
      return storageError(err, where);
    }
  }
  return null;
}

export function openLedger(path: string, options: OpenOptions = {}): Ledger {
  const list = options.migrationList ?? migrations;
  const target = options.targetVersion ?? list.length;
  const key = options.key ?? null;
  const memory = path === ':memory:';
  const found = memory ? null : inspectAtPath(path, key);
  const existing = found?.version ?? null;
  if (existing !== null && existing > list.length) {
    throw new AppError(
      'DB_FROM_FUTURE',
      `数据库文件「${path}」由更新版本的软件创建（数据结构版本 ${existing}，本软件只支持到 ${list.length}）。为保护数据，本软件不会打开或改动它，请安装最新版本后再打开。`,
    );
  }
  // Another program's database: never migrate into it.
  if (found?.foreign) {
    throw new AppError('BAD_FILE', `数据库位置「${path}」是一个 SQLite 数据库，但不是乡镇综治台账的数据库（没有台账的数据表）。本软件没有打开也没有改动它，请检查文件位置。`);
  }
  // A file we cannot write is refused at open with what to do, rather than failing at the first save.
  if (found) {
    const readOnly = diagnoseWritable(path);
    if (readOnly) throw readOnly;
  }
  // Before a migration changes the file: a verified backup of it as it is (backup/store.ts), or no migration.
  if (existing !== null && existing > 0 && existing < target && options.backupBeforeMigration !== false) {
    backupBeforeMigration(path, key, existing);
  }

  let sqlite: Sqlite;
  try {
    sqlite = new Database(path);
    if (key) applyKey(sqlite, key);
  } catch (err) {
    throw classifyOpenError(err, path, true, key);
  }
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`cache_size = ${PAGE_CACHE}`);
    const probe = sqlite.prepare('select 1 as ok').get() as { ok: number };
    if (probe.ok !== 1) throw new Error('test query failed');
    const quick = options.checkedByMain ? 'ok' : sqlite.pragma('quick_check', { simple: true });
    if (quick !== 'ok') {
      throw new AppError('DB_DAMAGED', `数据库文件「${path}」完整性检查未通过（供技术人员参考的 SQLite 报告：${String(quick).slice(0, 200)}）。为保护数据，本软件不会修改、清空或重建它。请从备份恢复（设置 → 数据备份）。`);
    }
    migrate(sqlite, list, target);
  } catch (err) {
    sqlite.close();
    if (err instanceof AppError) throw err;
    throw classifyOpenError(err, path, true, key);
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
