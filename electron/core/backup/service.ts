// Backups as the app and the CLI use them (设置 → 数据备份): status, a backup now, the first open of the day,
// the full integrity check, the settings, the backups taken before an import or a month's package, and restore.
// The on-disk form (three files per backup: the copy, its keyring, its manifest) is decided in store.ts.
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { shortPath } from '../files/safeOutput';
import { eq } from 'drizzle-orm';
import type { BackupEntryView, BackupStatus, DamagedState, IntegrityResultView } from '../../../shared/contract/backup';
import type { Channel } from '../../../shared/contract';
import type { BackupBeforeWrite, ServiceContext } from '../context';
import { appendAudit, type AuditEntry } from '../audit/log';
import { APP_SCHEMA_VERSION, openLedger } from '../db/open';
import { setting } from '../db/schema';
import { AppError, storageError } from '../errors';
import { keyringPathOf, readKeyring, unwrapWithPassword, unwrapWithRecovery, writeKeyring, type DbKey, type Keyring } from '../security/keyring';
import { checkDatabaseFile, fsyncFile, fsyncFolder, integrityCheck, openReadOnly } from './snapshot';
import {
  BACKUP_KIND_LABELS, BACKUP_SETTINGS_KEY, DEFAULT_BACKUP_SETTINGS, LAST_CHECK_KEY, backupFolderOf, createBackupFile, defaultBackupFolder, listBackupFiles,
  localDateOf, makeVerifiedCopy, placeCopy, readBackupSettings, readManifest, sha256Of, stampOf, type BackupEntry, type BackupKind, type BackupSettings,
  type VerifiedCopy,
} from './store';
// The package's split backup (monthPackage/parts.ts) uses these of store.ts through this module.
export { discardCopy, verifiedCopySchema, type VerifiedCopy } from './store';
import { z } from 'zod';

/** Tests pin the clock; the app uses the PC's. */
export interface Clock {
  now?: () => Date;
}
const nowOf = (c: Clock) => (c.now ? c.now() : new Date());

const toView = (e: BackupEntry): BackupEntryView => ({
  file: e.file, createdAt: e.createdAt, kind: e.kind, kindLabel: BACKUP_KIND_LABELS[e.kind], bytes: e.bytes, encrypted: e.encrypted,
  verified: e.verified, hasKeyring: e.hasKeyring, schemaVersion: e.schemaVersion,
});

const requireFile = (ctx: ServiceContext) => {
  if (ctx.ledger.path === ':memory:') throw new AppError('VALIDATION', '没有打开数据库文件，无法备份。');
  return ctx.ledger.path;
};

function writeSetting(ctx: ServiceContext, key: string, value: unknown) {
  const updatedAt = new Date().toISOString();
  const text = JSON.stringify(value);
  ctx.ledger.db.insert(setting).values({ key, value: text, updatedAt }).onConflictDoUpdate({ target: setting.key, set: { value: text, updatedAt } }).run();
}

const lastCheckSchema = z.object({ at: z.string(), ok: z.boolean(), detail: z.string() });
export function lastIntegrityCheck(ctx: ServiceContext): IntegrityResultView | null {
  const r = ctx.ledger.db.select({ value: setting.value }).from(setting).where(eq(setting.key, LAST_CHECK_KEY)).get();
  if (!r) return null;
  try {
    const parsed = lastCheckSchema.safeParse(JSON.parse(r.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function backupSettings(ctx: ServiceContext): BackupSettings {
  return readBackupSettings(ctx.ledger.sqlite);
}

export function backupStatus(ctx: ServiceContext): BackupStatus {
  const dbPath = requireFile(ctx);
  const settings = backupSettings(ctx);
  const folder = backupFolderOf(dbPath, settings);
  return {
    folder, defaultFolder: defaultBackupFolder(dbPath), settings, lastCheck: lastIntegrityCheck(ctx),
    backups: listBackupFiles(folder, basename(dbPath)).map(toView),
  };
}

export function setBackupSettings(ctx: ServiceContext, input: BackupSettings): BackupStatus {
  requireFile(ctx);
  if (input.folder !== null) {
    const folder = resolve(input.folder);
    if (existsSync(folder) && !statSync(folder).isDirectory()) throw new AppError('VALIDATION', `「${folder}」不是文件夹，请选择一个文件夹存放备份。`, [{ path: ['folder'], message: '不是文件夹' }]);
    if (folder === dirname(resolve(ctx.ledger.path))) {
      throw new AppError('VALIDATION', '备份文件夹不能是数据库所在的文件夹本身，请选择另一个文件夹（最好是另一块磁盘或 U 盘）。', [{ path: ['folder'], message: '与数据库同一文件夹' }]);
    }
  }
  writeSetting(ctx, BACKUP_SETTINGS_KEY, input);
  return backupStatus(ctx);
}

/** The full integrity_check of the live file; its result is stored (shown in 设置) and returned. */
export function checkLiveFile(ctx: ServiceContext, clock: Clock = {}): IntegrityResultView {
  requireFile(ctx);
  const result = { at: nowOf(clock).toISOString(), ...integrityCheck(ctx.ledger.sqlite) };
  writeSetting(ctx, LAST_CHECK_KEY, result);
  return result;
}

/** The full integrity_check of the live file before a backup: a damaged file is refused, not copied. */
export function requireLiveIntact(ctx: ServiceContext): void {
  const live = integrityCheck(ctx.ledger.sqlite);
  if (!live.ok) {
    throw new AppError('DB_DAMAGED', `数据库完整性检查未通过（${live.detail}），没有备份，以免损坏的副本替换完好的备份。请从最近一次完好的备份恢复。`);
  }
}

/**
 * Checks the live file first with the full integrity_check (a damaged file is never backed up over good backups;
 * VACUUM INTO copies rows, not pages, so damage in the live file's pages need not reach the copy, whose own check
 * would then pass), then takes the backup, whose copy gets the full check too. `liveChecked`: the caller has just run that
 * full check on the live file (the first open of the day), so it is not run twice.
 */
export function backupNow(ctx: ServiceContext, kind: BackupKind, options: Clock & { out?: string; liveChecked?: boolean } = {}): BackupEntryView {
  const dbPath = requireFile(ctx);
  if (!options.liveChecked) requireLiveIntact(ctx);
  return toView(createBackupFile({ dbPath, key: ctx.ledger.key, kind, settings: backupSettings(ctx), now: nowOf(options), file: options.out }));
}

/** The first open of each day: a full check (once a day) and a daily backup (when today has none). */
export function dailyHousekeeping(ctx: ServiceContext, clock: Clock = {}): { checked: IntegrityResultView | null; backup: BackupEntryView | null } {
  const dbPath = requireFile(ctx);
  const today = ctx.today();
  const last = lastIntegrityCheck(ctx);
  const checked = !last || localDateOf(new Date(last.at)) !== today ? checkLiveFile(ctx, clock) : null;
  if (checked && !checked.ok) return { checked, backup: null };
  const settings = backupSettings(ctx);
  const hasToday = listBackupFiles(backupFolderOf(dbPath, settings), basename(dbPath)).some((e) => e.kind === 'daily' && localDateOf(new Date(e.createdAt)) === today);
  if (hasToday) return { checked, backup: null };
  return { checked, backup: backupNow(ctx, 'daily', { ...clock, liveChecked: checked !== null }) };
}

/** Channels that change much at once: a verified backup first, or they do not run. */
const BEFORE: Partial<Record<Channel, BackupKind>> = {
  'import.residents.run': 'beforeImport',
  'import.staff.run': 'beforeImport',
  'import.released.run': 'beforeImport',
  'import.patients.run': 'beforeImport',
  'import.lowIncome.run': 'beforeImport',
  // A boundary file replaces the polygons of every village and grid it matches.
  'map.import.run': 'beforeImport',
  'month.package': 'beforePackage',
};

/** Channels whose service takes the backup itself, beside its own reading, and waits for it before its first write. */
const TAKEN_BY_SERVICE: ReadonlySet<Channel> = new Set<Channel>(['month.package']);

/** Takes the backup here: progress shown, any failure worded as the reason the operation did not run. */
export function takeBackupHere(ctx: ServiceContext, kind: BackupKind): void {
  ctx.progress?.(0, 1, '操作前备份并校验');
  try {
    backupNow(ctx, kind);
  } catch (err) {
    throw failedBackup(err);
  }
}

const optionsOf = (ctx: ServiceContext, kind: BackupKind) => ({ dbPath: requireFile(ctx), key: ctx.ledger.key, kind, settings: backupSettings(ctx) });

/**
 * The month's package splits its backup between two threads (monthPackage/parts.ts): a task worker makes the
 * verified copy while the job checks the live file; the job then places the copy, or throws it away when the live
 * file failed. Failures are worded as takeBackupHere words them.
 */
export function verifiedCopyHere(ctx: ServiceContext, kind: BackupKind): VerifiedCopy {
  try {
    return makeVerifiedCopy(optionsOf(ctx, kind));
  } catch (err) {
    throw failedBackup(err);
  }
}

export function placeCopyHere(ctx: ServiceContext, kind: BackupKind, copy: VerifiedCopy, clock: Clock = {}): BackupEntryView {
  try {
    return toView(placeCopy({ ...optionsOf(ctx, kind), now: nowOf(clock) }, copy));
  } catch (err) {
    throw failedBackup(err);
  }
}


/** The live file's full check, worded as takeBackupHere words its failures. */
export function beforeBackupHere(ctx: ServiceContext): void {
  try {
    requireLiveIntact(ctx);
  } catch (err) {
    throw failedBackup(err);
  }
}

function failedBackup(err: unknown): AppError {
  const e = err instanceof AppError ? err : storageError(err, '备份文件夹') ?? new AppError('INTERNAL', '备份没有完成。');
  return new AppError(e.code, `操作前的备份没有完成，所以没有执行（数据没有改动）：${e.message}`);
}

/**
 * dispatch's hook, after the caller was accepted, on the thread that runs the channel (a long job's worker, so
 * the windows never wait for a 100,000-person file to be checked and copied): taken here for an import, by the
 * service for the month's package.
 */
export function backupBeforeOperation(ctx: ServiceContext, channel: Channel): BackupBeforeWrite | undefined {
  const kind = BEFORE[channel];
  if (!kind || ctx.ledger.path === ':memory:') return undefined;
  let state: { s: 'none' } | { s: 'running'; p: Promise<void> } | { s: 'done' } | { s: 'failed'; error: unknown } = { s: 'none' };
  const step: BackupBeforeWrite = {
    kind,
    take() {
      if (state.s === 'done') return;
      if (state.s === 'failed') throw state.error;
      if (state.s === 'running') throw new AppError('INTERNAL', '操作前的备份还没有完成。');
      try {
        takeBackupHere(ctx, kind);
        state = { s: 'done' };
      } catch (error) {
        state = { s: 'failed', error };
        throw error;
      }
    },
    takeWith(run) {
      if (state.s === 'running') return state.p;
      if (state.s === 'done') return Promise.resolve();
      if (state.s === 'failed') return Promise.reject(state.error);
      const p = run(kind).then(
        () => void (state = { s: 'done' }),
        (error: unknown) => {
          state = { s: 'failed', error };
          throw error;
        },
      );
      state = { s: 'running', p };
      return p;
    },
  };
  if (!TAKEN_BY_SERVICE.has(channel)) step.take();
  return step;
}

// ───── Restore ─────

export interface RestoreInput {
  file: string;
  recoveryCode?: string;
  loginName?: string;
  password?: string;
}

/** Which key opens the backup: the database's own (same keyring), or one unwrapped from the backup's keyring with a secret. */
function keyForBackup(ctx: ServiceContext, input: RestoreInput, ring: Keyring | null): DbKey | null {
  if (!ring) return null;
  const liveRing = ctx.ledger.path === ':memory:' ? null : readKeyring(keyringPathOf(ctx.ledger.path));
  const liveKey = ctx.ledger.key;
  if (liveKey && (!liveRing || liveRing.databaseId === ring.databaseId) && checkDatabaseFile(input.file, liveKey).ok) return liveKey;
  if (input.recoveryCode) {
    const key = unwrapWithRecovery(ring, input.recoveryCode);
    if (!key) throw new AppError('WRONG_KEY', '恢复码不正确，没有恢复，当前数据没有改动。请核对打印的恢复码（可忽略大小写和横线）。', [{ path: ['recoveryCode'], message: '恢复码不正确' }]);
    return key;
  }
  if (input.loginName && input.password) {
    const key = unwrapWithPassword(ring, input.loginName, input.password);
    if (!key) throw new AppError('WRONG_KEY', '账号或密码不正确（应是做这份备份时该账号的密码），没有恢复，当前数据没有改动。', [{ path: ['password'], message: '账号或密码不正确' }]);
    return key;
  }
  throw new AppError('WRONG_KEY', '这份备份来自另一台电脑（或另一个数据库），用的是另一把密钥。请输入那份备份的恢复码，或其中一个账号及其密码。', [{ path: ['recoveryCode'], message: '需要恢复码或密码' }]);
}

/** Verifies a backup before it is put in place: our format, the key opens it, integrity_check ok, not from a newer app, unchanged since made. */
export function verifyBackupForRestore(file: string, key: DbKey | null): void {
  const name = basename(file);
  const manifest = readManifest(file);
  if (manifest && (statSync(file).size !== manifest.bytes || sha256Of(file) !== manifest.sha256)) {
    throw new AppError('DB_DAMAGED', `备份文件「${name}」在备份之后被改动或已损坏（与备份时记录的校验值不符），没有用它恢复。请选择另一份备份。`);
  }
  // A database file is whole pages (512 bytes at the least); anything else is not one, whatever its name.
  if (statSync(file).size % 512 !== 0) throw new AppError('BAD_FILE', `文件「${name}」不是数据库备份（不是 SQLite 数据库文件），没有用它恢复。`);
  const check = checkDatabaseFile(file, key);
  if (!check.ours && check.schemaVersion !== null) throw new AppError('BAD_FILE', `文件「${name}」不是乡镇综治台账的数据库备份，没有用它恢复。`);
  if (!check.ok) {
    if (/NOTADB/.test(check.detail) && key === null) throw new AppError('WRONG_KEY', `备份文件「${name}」已加密，但旁边缺少它的密钥文件（${basename(keyringPathOf(file))}），无法恢复。请把密钥文件放回备份旁边。`);
    throw new AppError('DB_DAMAGED', `备份文件「${name}」校验未通过（已损坏），没有用它恢复。请选择另一份备份。`);
  }
  if (!check.ours) throw new AppError('BAD_FILE', `文件「${name}」不是乡镇综治台账的数据库备份，没有用它恢复。`);
  if ((check.schemaVersion ?? 0) > APP_SCHEMA_VERSION) {
    throw new AppError('DB_FROM_FUTURE', `备份文件「${name}」由更新版本的软件创建，本软件无法使用它，请先安装最新版本。`);
  }
}

/**
 * Puts a verified copy of the backup at the database's path. The live file is closed (so it is whole, its WAL
 * merged); it is kept beside as <name>.恢复前-<time>.db (copied first, fsynced), then the copy — written beside
 * under a temporary name, fsynced and verified again — is renamed over the path, so a power cut leaves the old file
 * or the new one, never half of either. Then the backup's keyring replaces the old one (the old one is kept beside
 * the kept file). Returns the kept file's path.
 */
export function placeBackup(dbPath: string, file: string, key: DbKey | null, ring: Keyring | null, now: Date, damaged = false): string {
  const folder = dirname(resolve(dbPath));
  const temp = join(folder, `.~ledger-${randomBytes(6).toString('hex')}.tmp`);
  const kept = join(folder, `${basename(dbPath, extname(dbPath))}.恢复前-${stampOf(now)}${extname(dbPath) || '.db'}`);
  // A WAL left beside the file would be replayed into the restored one. After our own close there is none unless
  // another program has the file open; a damaged file (never opened by us) may have one: it goes with the kept copy.
  for (const side of ['-wal', '-shm'] as const) {
    const sidecar = `${dbPath}${side}`;
    if (!existsSync(sidecar)) continue;
    if (side === '-wal' && !damaged && statSync(sidecar).size > 0) {
      throw new AppError('BUSY', '数据库正被另一个窗口或程序使用，没有恢复。请先关闭其他打开这个数据库的窗口或程序，再恢复。');
    }
    if (damaged) renameSync(sidecar, `${kept}${side}`);
    else rmSync(sidecar, { force: true });
  }
  try {
    copyFileSync(file, temp);
    fsyncFile(temp);
    const again = checkDatabaseFile(temp, key);
    if (!again.ok || !again.ours) throw new AppError('DB_DAMAGED', '复制到数据库位置的备份校验未通过（磁盘可能有问题），没有恢复，数据库没有改动。');
    if (existsSync(dbPath)) {
      copyFileSync(dbPath, kept);
      fsyncFile(kept);
    }
    const oldRing = keyringPathOf(dbPath);
    if (existsSync(oldRing)) copyFileSync(oldRing, keyringPathOf(kept));
    fsyncFolder(folder);
    renameSync(temp, dbPath);
  } catch (err) {
    rmSync(temp, { force: true });
    if (err instanceof AppError) throw err;
    throw storageError(err, `数据库所在的文件夹「${folder}」`) ?? err;
  }
  if (ring) writeKeyring(keyringPathOf(dbPath), ring);
  else rmSync(keyringPathOf(dbPath), { force: true }); // a plain backup: no keyring of another key beside it
  fsyncFolder(folder);
  return kept;
}

export function restoreBackup(ctx: ServiceContext, input: RestoreInput, clock: Clock = {}) {
  const dbPath = requireFile(ctx);
  const file = resolve(input.file);
  if (!existsSync(file) || statSync(file).isDirectory()) throw new AppError('NOT_FOUND', `找不到备份文件「${shortPath(file)}」。`, [{ path: ['file'], message: '找不到文件' }]);
  if (file === resolve(dbPath)) throw new AppError('VALIDATION', '不能用正在使用的数据库文件本身来恢复，请选择一份备份。', [{ path: ['file'], message: '是当前数据库' }]);
  const ring = readKeyring(keyringPathOf(file));
  const key = keyForBackup(ctx, input, ring);
  verifyBackupForRestore(file, key);
  const now = nowOf(clock);
  // The database itself is replaced, so dispatch's audit cannot record it: the entry goes into the file as it was
  // (and so into the safety backup) and into the restored one.
  const entry: AuditEntry = {
    userId: ctx.caller.userId, userName: ctx.caller.displayName, action: 'restore', channel: 'backup.restore',
    subjectKind: 'file', subjectId: basename(file), summary: `从备份恢复：${basename(file)}`, detail: { file: basename(file) },
  };
  const old = ctx.ledger.sqlite;
  old.transaction(() => appendAudit(old, entry)).immediate();
  // The state before the restore, so a wrong choice can be undone.
  const safety = backupNow(ctx, 'beforeRestore', clock);
  let kept = '';
  const replace = () => {
    kept = placeBackup(dbPath, file, key, ring, now);
    return key;
  };
  if (ctx.workspace) ctx.workspace.replaceFile(replace);
  else {
    ctx.ledger.close();
    replace();
  }
  const restored = ctx.workspace ? null : openLedger(dbPath, { key });
  try {
    const sqlite = ctx.workspace ? ctx.workspace.ledger.sqlite : restored!.sqlite;
    sqlite.transaction(() => appendAudit(sqlite, { ...entry, detail: { ...entry.detail, safetyBackup: basename(safety.file) } })).immediate();
  } finally {
    restored?.close();
  }
  return { restoredFrom: file, previousKeptAs: kept, safetyBackup: safety.file };
}

// ───── The damaged screen ─────

/** The settings of a damaged file if they can still be read (a custom backup folder), else the defaults. */
function settingsOfDamaged(path: string): BackupSettings {
  try {
    const probe = openReadOnly(path, null);
    try {
      return readBackupSettings(probe);
    } finally {
      probe.close();
    }
  } catch {
    return DEFAULT_BACKUP_SETTINGS;
  }
}

export function damagedInfo(ctx: ServiceContext): DamagedState | null {
  const d = ctx.damaged;
  if (!d) return null;
  const folder = backupFolderOf(d.path, settingsOfDamaged(d.path));
  const list = listBackupFiles(folder, basename(d.path)).filter((e) => e.verified).map(toView);
  return { path: d.path, message: d.message, folder, newest: list[0] ?? null, others: list.slice(1) };
}

/** Restores over the damaged file, which is kept beside (never deleted or emptied); the app then starts again. */
export function restoreOverDamaged(ctx: ServiceContext, input: RestoreInput, clock: Clock = {}) {
  const d = ctx.damaged;
  if (!d) throw new AppError('CONFLICT', '数据库没有损坏，请在「设置 → 数据备份」中恢复。');
  const file = resolve(input.file);
  if (!existsSync(file) || statSync(file).isDirectory()) throw new AppError('NOT_FOUND', `找不到备份文件「${shortPath(file)}」。`, [{ path: ['file'], message: '找不到文件' }]);
  if (file === resolve(d.path)) throw new AppError('VALIDATION', '不能用已损坏的数据库文件本身来恢复，请选择一份备份。', [{ path: ['file'], message: '是损坏的数据库' }]);
  const ring = readKeyring(keyringPathOf(file));
  // Nobody could log in to a file that cannot be opened: an encrypted backup is unlocked with its own secret.
  const key = ring ? keyForBackup({ ...ctx, ledger: { ...ctx.ledger, key: d.key ?? null } }, input, ring) : null;
  verifyBackupForRestore(file, key);
  const kept = placeBackup(d.path, file, key, ring, nowOf(clock), true);
  d.onRestored();
  return { restoredFrom: file, previousKeptAs: kept, safetyBackup: kept };
}
