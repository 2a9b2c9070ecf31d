// Which database file the app has open. The town's own file (ledger.db, or LEDGER_DB) opens at start;
// the demo lives beside it in 演示数据.db, marked as the demo when it is made, so the demo never writes
// into the town's data. 设置 can switch between them, open another of our database files (refused with
// a reason when the file is not one) and create a new one. A switch opens the new file first and only
// then closes the old one, so a refused or failed switch leaves the app on the file it had.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { WorkspaceState } from '../../../shared/contract/workspace';
import type { WorkspaceControl } from '../context';
import { isDemoDatabase, writeDemoMarker } from '../demo/marker';
import { openLedger, type Ledger, type Sqlite } from '../db/open';
import { rows } from '../db/query';
import { hasSqliteHeader } from '../files/durable';
import { AppError, conflict, notFound, validationError } from '../errors';
import { isProtected, protectDatabase, resumeProtection } from '../security/encrypt';
import type { DbKey } from '../security/keyring';

export const DEMO_FILE_NAME = '演示数据.db';
/** Beside the town's database: the files opened lately (paths only, no data). */
export const RECENT_FILE_NAME = 'recent-databases.json';
const MAX_RECENT = 8;
/** Tables every database of ours has from its first migration on. */
const OUR_TABLES = ['schema_migration', 'town', 'setting', 'resident', 'household'];

export interface WorkspaceOptions {
  /** The town's own database file. */
  townPath: string;
  /** Where the demo file goes (default: beside the town's file). */
  demoPath?: string;
}

const recentList = z.array(z.object({ path: z.string(), isDemo: z.boolean() })).max(100);
type Recent = z.infer<typeof recentList>[number];

/** What a file on disk is, read without writing to it: ours (and whether it is the demo), or a Chinese reason why not. */
export function inspectDatabaseFile(path: string): { isDemo: boolean } {
  const name = basename(path);
  if (!existsSync(path)) throw notFound(`找不到数据库文件「${path}」，它可能已被移动或删除。`);
  const stat = statSync(path);
  if (stat.isDirectory()) throw validationError(`「${path}」是一个文件夹，不是数据库文件。`);
  if (!hasSqliteHeader(path)) {
    throw new AppError('BAD_FILE', `文件「${name}」不是本软件的数据库（不是 SQLite 数据库文件），没有打开它。`);
  }
  let probe: Sqlite | undefined;
  try {
    probe = new Database(path, { readonly: true, fileMustExist: true });
    // The catalog, not a schema table: which tables this file has.
    const tables = new Set(rows(probe, sql<{ name: string }>`select name from sqlite_master where type = 'table'`).map((r) => r.name));
    const missing = OUR_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) {
      throw new AppError('BAD_FILE', `文件「${name}」是 SQLite 数据库，但不是乡镇综治台账的数据库（没有台账的数据表），没有打开它。`);
    }
    return { isDemo: isDemoDatabase(probe) };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('BAD_FILE', `无法读取文件「${name}」：文件已损坏或不是本软件的数据库（${(err as Error).message}）。`);
  } finally {
    probe?.close();
  }
}

export function createWorkspace(options: WorkspaceOptions): WorkspaceControl {
  const townPath = resolve(options.townPath);
  const demoPath = resolve(options.demoPath ?? join(dirname(townPath), DEMO_FILE_NAME));
  const recentPath = join(dirname(townPath), RECENT_FILE_NAME);
  let recent: Recent[] = readRecent(recentPath);
  // The town's file opens as at every start (created on first run); a refusal stops the app as before.
  // A power cut during the first-time encryption: finish the swap or discard the unfinished copy.
  resumeProtection(townPath);
  // A protected town opens only with its key (a login); until then an empty in-memory database stands in,
  // so the login page's calls have a context and nothing of the town is open.
  const placeholder = () => openLedger(':memory:');
  let ledger: Ledger;
  if (isProtected(townPath)) ledger = placeholder();
  else {
    if (existsSync(townPath)) refuseDemoAsTown(townPath);
    ledger = openLedger(townPath);
  }
  let locked = isProtected(townPath);
  /** The protected town's key while it is open (memory only). */
  let townKey: DbKey | null = null;
  let closed = false;

  const remember = (path: string, isDemo: boolean) => {
    recent = [{ path, isDemo }, ...recent.filter((r) => r.path !== path)].slice(0, MAX_RECENT);
    writeRecent(recentPath, recent);
  };

  const state = (): WorkspaceState => ({
    path: locked ? townPath : ledger.path,
    isDemo: !locked && isDemoDatabase(ledger.sqlite),
    isTownDatabase: locked || ledger.path === townPath,
    townPath,
    demoPath,
    recent: recent.map((r) => ({ ...r, exists: existsSync(r.path) })),
  });

  /** Opens `next` (already checked), then closes what was open. */
  const switchTo = (path: string, prepare?: (next: Ledger) => void): WorkspaceState => {
    if (closed) throw conflict('程序正在关闭，不能再切换数据库。');
    if (locked) throw new AppError('UNAUTHENTICATED', '请先登录后再切换数据库。');
    if (path === ledger.path) return state();
    if (path !== townPath && isProtected(path)) refuseProtected(path);
    const next = openLedger(path, { key: path === townPath ? townKey : null });
    try {
      prepare?.(next);
    } catch (err) {
      next.close();
      throw err;
    }
    const previous = ledger;
    ledger = next;
    previous.close();
    remember(path, isDemoDatabase(next.sqlite));
    return state();
  };

  return {
    get ledger() {
      return ledger;
    },
    state,
    openTown: () => {
      if (existsSync(townPath) && !isProtected(townPath)) refuseDemoAsTown(townPath);
      return switchTo(townPath);
    },
    openDemo: () => {
      if (existsSync(demoPath)) {
        if (!inspectDatabaseFile(demoPath).isDemo) {
          throw conflict(`演示数据库的位置「${demoPath}」已有一个不是演示数据库的文件，为保护其中的数据，没有使用它。请把该文件移走后再试。`);
        }
        return switchTo(demoPath);
      }
      // A new file: marked before anything else can be written into it.
      return switchTo(demoPath, (next) => next.sqlite.transaction(() => writeDemoMarker(next)).immediate());
    },
    openFile: (path) => {
      const target = resolve(path);
      // An encrypted file has no SQLite header to inspect: its keyring beside it says what it is.
      if (target !== townPath && isProtected(target)) refuseProtected(target);
      if (target === townPath && isProtected(townPath)) return switchTo(target);
      inspectDatabaseFile(target);
      return switchTo(target);
    },
    createFile: (path) => {
      const target = resolve(path);
      if (extname(target).toLowerCase() !== '.db') throw validationError(`新数据库的文件名应以 .db 结尾，现在是「${basename(target)}」。`);
      if (existsSync(target)) throw conflict(`已有文件「${basename(target)}」，不会覆盖它。请换一个文件名。`);
      if (!existsSync(dirname(target))) throw notFound(`找不到文件夹「${dirname(target)}」。`);
      return switchTo(target);
    },
    replaceFile: (replace) => {
      if (closed) throw conflict('程序正在关闭，不能恢复数据库。');
      const path = ledger.path;
      const oldKey = ledger.key;
      ledger.close();
      let key: typeof oldKey;
      try {
        key = replace();
      } catch (err) {
        ledger = openLedger(path, { key: oldKey });
        throw err;
      }
      ledger = openLedger(path, { key });
      return state();
    },
    close: () => {
      if (closed) return;
      closed = true;
      ledger.close();
    },
    townProtected: () => isProtected(townPath),
    needsKey: () => locked,
    unlockTown: (key) => {
      if (closed) throw conflict('程序正在关闭。');
      if (!locked) return;
      const next = openLedger(townPath, { key });
      const previous = ledger;
      ledger = next;
      townKey = key;
      locked = false;
      previous.close();
    },
    closeTown: () => {
      if (locked || !isProtected(townPath)) return;
      const previous = ledger;
      ledger = placeholder();
      locked = true;
      townKey = null;
      previous.close();
    },
    protectTown: async (admin, options = {}) => {
      if (closed) throw conflict('程序正在关闭。');
      if (locked || isProtected(townPath)) throw conflict('本乡镇的数据库已经加密保护。');
      if (ledger.path !== townPath) throw conflict('请先切换到本乡镇的数据库，再创建管理员。');
      // The file must be closed for the copy and the swap; a failure reopens it as it was.
      const previous = ledger;
      ledger = placeholder();
      previous.close();
      try {
        const result = await protectDatabase(townPath, admin, { kdfCost: options.kdfCost, mustChangePassword: options.mustChangePassword });
        const next = openLedger(townPath, { key: result.key });
        ledger.close();
        ledger = next;
        townKey = result.key;
        return { recoveryCode: result.recoveryCode, backupPath: result.backupPath };
      } catch (err) {
        if (!isProtected(townPath)) {
          ledger.close();
          ledger = openLedger(townPath);
        }
        throw err;
      }
    },
  };
}

function refuseProtected(path: string): never {
  throw conflict(`数据库「${basename(path)}」已加密保护，只能作为本乡镇的数据库登录后使用，或在命令行中用「--user」「--password-file」打开。`);
}

/** The town's own file must never be the demo (someone copied the demo over it): refuse rather than show it as real. */
function refuseDemoAsTown(path: string) {
  const { isDemo } = inspectDatabaseFile(path);
  if (isDemo) {
    throw conflict(`本乡镇的数据库「${path}」被标记为演示数据库，这不是本乡镇的真实数据。请从备份恢复本乡镇的数据库。`);
  }
}

function readRecent(path: string): Recent[] {
  try {
    const parsed = recentList.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data.slice(0, MAX_RECENT) : [];
  } catch {
    return []; // no list yet, or an unreadable one: start afresh
  }
}

function writeRecent(path: string, list: Recent[]) {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.tmp`;
    writeFileSync(temp, JSON.stringify(list, null, 2));
    renameSync(temp, path);
  } catch {
    // The list is a convenience; a read-only folder must not stop a switch.
  }
}
