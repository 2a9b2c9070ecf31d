// First-time encryption of a plain database (the town's file when its administrator is created).
// The plain file is never changed in place: a verified backup first, then an encrypted copy beside it
// that is checked table by table, then the keyring, then the swap. A power cut at any moment leaves
// one of these on disk, and resumeProtection (run at every open) finishes or undoes what it finds:
//
//   <path>            plain until the swap, encrypted after it
//   <path>.encrypting the encrypted copy being made (discarded unless the keyring below exists)
//   <path>.keyring.new the keyring, written only after the copy passed every check: "the copy is good"
//   <path>.keyring    the finished keyring: the file at <path> is the encrypted one
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { sql } from 'drizzle-orm';
import { appendAudit } from '../audit/log';
import { insertUser, normalizeLoginName } from '../accounts/users';
import { applyKey } from '../db/cipher';
import { createDrizzle } from '../db/drizzle';
import { openLedger, type Sqlite } from '../db/open';
import { row, rows } from '../db/query';
import { AppError, conflict, validationError } from '../errors';
import { fsyncFolder } from '../files/durable';
import { passwordProblem } from '../../../shared/rules/password';
import {
  createKeyring, keyringPathOf, newDbKey, newRecoveryCode, readKeyring, SCRYPT, setAccountKey, writeKeyring, type DbKey, type KdfCost,
} from './keyring';

export const ENCRYPTING_SUFFIX = '.encrypting';
export const PENDING_KEYRING_SUFFIX = '.keyring.new';
export const BACKUP_FOLDER = '备份';

export interface AdminAccount {
  loginName: string;
  displayName: string;
  password: string;
}

export interface ProtectOptions {
  /** The administrator must choose a new password at first login (a password someone else wrote into a file). */
  mustChangePassword?: boolean;
  /** Tests that encrypt many files pass a lower scrypt cost. */
  kdfCost?: KdfCost;
  /** The time written into the backup's name and the account (tests pin it). */
  now?: Date;
  /** Called between the steps (the crash test's child reports where it is). */
  onStep?: (step: string) => void;
}

export interface ProtectResult {
  recoveryCode: string;
  /** The verified plain backup made before encrypting. */
  backupPath: string;
  /** The key, so the caller can open the file without unwrapping again. */
  key: DbKey;
}

const sidecars = (p: string) => [`${p}-wal`, `${p}-shm`, `${p}-journal`];

/** Whether a file is protected: its keyring lies beside it (after resumeProtection has run). */
export const isProtected = (path: string) => existsSync(keyringPathOf(path));

/**
 * Encrypts the plain database at `path` for its first administrator. The file must not be open
 * elsewhere (the workspace closes its connection first). Returns the recovery code, shown once.
 */
export async function protectDatabase(path: string, admin: AdminAccount, options: ProtectOptions = {}): Promise<ProtectResult> {
  const step = options.onStep ?? (() => {});
  const now = options.now ?? new Date();
  const cost = options.kdfCost ?? SCRYPT;
  resumeProtection(path);
  if (isProtected(path)) throw conflict('数据库已经加密保护，不能再次加密。');
  if (!existsSync(path)) throw new AppError('NOT_FOUND', `找不到数据库文件「${path}」。`);
  const loginName = normalizeLoginName(admin.loginName);
  const weak = passwordProblem(admin.password, loginName);
  if (weak) throw validationError(weak, [{ path: ['password'], field: '密码', message: weak }]);

  // The key and its wrapped copies first: the slow part (scrypt) is done before any file is touched.
  const key = newDbKey();
  const recoveryCode = newRecoveryCode();
  const ring = setAccountKey(createKeyring(key, recoveryCode, cost), loginName, admin.password, key, cost);
  step('keys');

  // 1. The plain file, migrated and whole; its counts are what the copy must hold.
  const copyPath = `${path}${ENCRYPTING_SUFFIX}`;
  const plain = openLedger(path);
  let counts: Map<string, number>;
  let backupPath: string;
  try {
    if (plain.key) throw conflict('数据库已经加密保护，不能再次加密。');
    const users = row(plain.sqlite, sql<{ n: number }>`select count(*) as n from app_user`)?.n ?? 0;
    if (users > 0) throw conflict('数据库中已有账号，不能再次创建管理员。');
    counts = tableCounts(plain.sqlite);
    // 2. A verified backup of the plain file (SQLite's online backup, never a file copy).
    const folder = join(dirname(path), BACKUP_FOLDER);
    mkdirSync(folder, { recursive: true });
    backupPath = join(folder, `${basename(path, '.db')}-${stamp(now)}-加密前.db`);
    await plain.sqlite.backup(backupPath);
    checkIntegrity(backupPath, null, '加密前的备份');
    step('backup');
    // 3. The copy beside: the same pages, then encrypted in place (the copy is ours to lose).
    removeWithSidecars(copyPath);
    await plain.sqlite.backup(copyPath);
  } finally {
    plain.close();
  }
  step('copy');
  encryptInPlace(copyPath, key);
  step('encrypted');

  // 4. The copy opens with the key, is whole, holds every row; then the administrator goes into it.
  const copy = new Database(copyPath, { fileMustExist: true });
  try {
    applyKey(copy, key);
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new AppError('DB_DAMAGED', `加密后的副本完整性检查未通过（${String(check)}），原数据库未改动。`);
    const copied = tableCounts(copy);
    for (const [table, n] of counts) {
      if (copied.get(table) !== n) throw new AppError('INTERNAL', `加密后的副本与原数据库不一致（表 ${table}：${n} 行，副本 ${copied.get(table) ?? 0} 行），原数据库未改动。`);
    }
    const at = now.toISOString();
    copy.transaction(() => {
      const db = createDrizzle(copy);
      const id = insertUser(db, { loginName, displayName: admin.displayName, role: 'admin', villages: [], mustChangePassword: options.mustChangePassword ?? false }, at);
      appendAudit(copy, {
        userId: String(id), userName: admin.displayName, action: 'user', channel: 'auth.protect', subjectKind: 'user', subjectId: id,
        summary: `创建管理员「${admin.displayName}」（${loginName}），数据库加密保护`,
        detail: { after: { loginName, displayName: admin.displayName, role: 'admin' }, backup: basename(backupPath) },
      }, at);
    }).immediate();
  } finally {
    copy.close();
  }
  step('verified');

  // 5. "The copy is good", then the swap, then the keyring in its place.
  writeKeyring(`${path}${PENDING_KEYRING_SUFFIX}`, ring);
  step('pending');
  finishSwap(path);
  step('done');
  // 6. The backup taken in step 2 was plain. With the encrypted file in place it is encrypted too, with the same key
  // and a copy of the keyring beside it (so it restores like any backup): no readable copy of the town stays on disk.
  encryptInPlace(backupPath, key);
  writeKeyring(keyringPathOf(backupPath), ring);
  step('backup encrypted');
  return { recoveryCode, backupPath, key };
}

/**
 * What a power cut may have left, made whole: a verified copy with its keyring is swapped in; a
 * copy without one is discarded (the plain file is still there and complete). Safe to call at every open.
 */
export function resumeProtection(path: string): 'plain' | 'protected' | 'finished' | 'discarded' {
  const copyPath = `${path}${ENCRYPTING_SUFFIX}`;
  const pending = `${path}${PENDING_KEYRING_SUFFIX}`;
  sweepKeyringTemps(path);
  if (existsSync(pending)) {
    // Only ever written after the copy passed its checks; a torn one cannot exist (written by rename).
    readKeyring(pending);
    finishSwap(path);
    return 'finished';
  }
  if (existsSync(copyPath) || sidecars(copyPath).some((p) => existsSync(p))) {
    removeWithSidecars(copyPath);
    return isProtected(path) ? 'protected' : 'discarded';
  }
  return isProtected(path) ? 'protected' : 'plain';
}

function finishSwap(path: string) {
  const copyPath = `${path}${ENCRYPTING_SUFFIX}`;
  if (existsSync(copyPath)) {
    // The plain file was closed (checkpointed) before the copy; a stray WAL of it must not meet the encrypted file.
    for (const p of sidecars(path)) rmSync(p, { force: true });
    for (const p of sidecars(copyPath)) rmSync(p, { force: true });
    renameSync(copyPath, path);
    fsyncFolder(dirname(path));
  }
  renameSync(`${path}${PENDING_KEYRING_SUFFIX}`, keyringPathOf(path));
  fsyncFolder(dirname(path));
}

function encryptInPlace(copyPath: string, key: DbKey) {
  const db = new Database(copyPath, { fileMustExist: true });
  try {
    // SQLite3MultipleCiphers rekeys a plain file in place, but not in WAL mode.
    db.pragma('journal_mode = DELETE');
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    db.close();
  }
}

function tableCounts(sqlite: Sqlite): Map<string, number> {
  const tables = rows(sqlite, sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`);
  return new Map(tables.map((t) => [t.name, row(sqlite, sql<{ n: number }>`select count(*) as n from ${sql.identifier(t.name)}`)?.n ?? 0]));
}

function checkIntegrity(path: string, key: DbKey | null, what: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    if (key) applyKey(db, key);
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new AppError('DB_DAMAGED', `${what}完整性检查未通过（${String(check)}），没有继续加密，原数据库未改动。`);
  } finally {
    db.close();
  }
}

function removeWithSidecars(p: string) {
  for (const f of [p, ...sidecars(p)]) rmSync(f, { force: true });
}

/** Temp files of a keyring write that a power cut interrupted (keyring.ts writes `.<name>.<hex>.tmp`). */
function sweepKeyringTemps(path: string) {
  const folder = dirname(path);
  const prefixes = [`.${basename(keyringPathOf(path))}.`, `.${basename(path)}${PENDING_KEYRING_SUFFIX}.`];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.endsWith('.tmp') && prefixes.some((p) => name.startsWith(p))) {
      const file = join(folder, name);
      if (statSync(file).isFile()) rmSync(file, { force: true });
    }
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
