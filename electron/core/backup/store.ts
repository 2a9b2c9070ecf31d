// Backups on disk. Decision (issue 10, item 5):
//
//   <backup folder>/<db name>-备份-<YYYYMMDD-HHmmss>-<kind>.db        the copy (VACUUM INTO, see snapshot.ts),
//                                                                    encrypted with the database's key when it is
//   <same>.db.keyring                                                the database's keyring as it was (wrapped
//                                                                    copies only), so the backup restores on another
//                                                                    PC with the recovery code or a password
//   <same>.db.json                                                   the manifest: when, kind, size, SHA-256, schema
//                                                                    version, the integrity_check that passed
//
// Three plain files rather than one container: each can be checked by hand, the .db opens with any SQLCipher tool
// given the key, and a copy made by Explorer to a USB drive keeps them together by name. The folder defaults to
// 备份 beside the database and may be any folder (a USB drive) chosen in 设置 → 数据备份. A copy is written under
// a temporary name, verified (opened with the key, full integrity_check, our tables), and only then renamed to its
// name and given its manifest; a copy that fails is deleted and the failure reported. Rotation: the automatic daily
// backups are kept by day (7), ISO week (4) and month (12) — the newest of each — and every other kind (手动, 升级前,
// 导入前, 月报前, 恢复前) by its own count (the last 20 of each kind).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Sqlite } from '../db/ledger';
import { AppError, storageError } from '../errors';
import { sweepStaleTemps } from '../files/safeOutput';
import { keyringPathOf, readKeyring, writeKeyring, type DbKey } from '../security/keyring';
import { checkDatabaseFile, fileSize, fsyncFile, fsyncFolder, integrityCheck, openReadOnly, snapshotInto } from './snapshot';

export const BACKUP_KINDS = ['daily', 'manual', 'beforeMigration', 'beforeImport', 'beforePackage', 'beforeRestore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];
export const BACKUP_KIND_LABELS: Record<BackupKind, string> = {
  daily: '每日', manual: '手动', beforeMigration: '升级前', beforeImport: '导入前', beforePackage: '月报前', beforeRestore: '恢复前',
};

export const BACKUP_SETTINGS_KEY = 'backup.settings';
export const LAST_CHECK_KEY = 'backup.lastCheck';
export const backupSettingsSchema = z.object({
  /** null: 备份 beside the database. */
  folder: z.string().min(1).max(1000).nullable().default(null),
  daily: z.number().int().min(1).max(60).default(7),
  weekly: z.number().int().min(0).max(52).default(4),
  monthly: z.number().int().min(0).max(120).default(12),
  /** Manual and pre-operation backups: the last N of each kind. */
  keepOther: z.number().int().min(1).max(200).default(20),
});
export type BackupSettings = z.infer<typeof backupSettingsSchema>;
export const DEFAULT_BACKUP_SETTINGS: BackupSettings = backupSettingsSchema.parse({});

const manifestSchema = z.object({
  format: z.literal('township-ledger-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  kind: z.enum(BACKUP_KINDS),
  /** The database file's name it was taken of (several databases may share a folder). */
  sourceName: z.string(),
  schemaVersion: z.number().int(),
  encrypted: z.boolean(),
  /** The keyring's databaseId, when the database is protected. */
  databaseId: z.string().nullable(),
  bytes: z.number().int(),
  sha256: z.string(),
  integrity: z.literal('ok'),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export interface BackupEntry extends BackupManifest {
  file: string;
  /** The file is there with the size and hash its manifest names (the hash is checked on restore, not on every list). */
  verified: boolean;
  hasKeyring: boolean;
}

const MANIFEST_SUFFIX = '.json';
const TEMP_PREFIX = '.~ledger-';

export function readBackupSettings(sqlite: Sqlite): BackupSettings {
  try {
    const r = sqlite.prepare('select value from setting where key = ?').get(BACKUP_SETTINGS_KEY) as { value: string } | undefined;
    if (!r) return DEFAULT_BACKUP_SETTINGS;
    const parsed = backupSettingsSchema.safeParse(JSON.parse(r.value));
    return parsed.success ? parsed.data : DEFAULT_BACKUP_SETTINGS;
  } catch {
    return DEFAULT_BACKUP_SETTINGS; // a file before the setting table, or an unreadable value: the defaults
  }
}

export const defaultBackupFolder = (dbPath: string) => join(dirname(resolve(dbPath)), '备份');
export const backupFolderOf = (dbPath: string, settings: BackupSettings) => resolve(settings.folder ?? defaultBackupFolder(dbPath));

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Local time, as the staffer reads the clock: 20261202-093015. */
export const stampOf = (d: Date) => `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
export const localDateOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const stemOf = (dbPath: string) => basename(dbPath, extname(dbPath));

export interface CreateBackupOptions {
  dbPath: string;
  key: DbKey | null;
  kind: BackupKind;
  settings: BackupSettings;
  now?: Date;
  /** A folder other than the settings' (the CLI's --out). */
  folder?: string;
  /** An exact file name for the copy (the CLI's --out FILE). */
  file?: string;
}

/** A verified copy under a temporary name in the backup folder, not yet a backup (makeVerifiedCopy → placeCopy). */
export interface VerifiedCopy {
  folder: string;
  temp: string;
  schemaVersion: number;
  encrypted: boolean;
  bytes: number;
  sha256: string;
}
/** A copy reported by a task worker (jobs/tasks.ts) is checked like any input crossing a thread. */
export const verifiedCopySchema = z.object({
  folder: z.string().min(1), temp: z.string().min(1), schemaVersion: z.number().int(), encrypted: z.boolean(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/),
}).strict();

const folderOf = (o: CreateBackupOptions) => (o.file ? dirname(resolve(o.file)) : resolve(o.folder ?? backupFolderOf(o.dbPath, o.settings)));

/**
 * Step 1 of a backup: a consistent copy (VACUUM INTO) under a temporary name, its full check passed, its size and
 * SHA-256 taken. A failure leaves nothing. Nothing is replaced or rotated yet, so a copy whose live file then fails
 * its own check is only thrown away (discardCopy).
 */
export function makeVerifiedCopy(o: CreateBackupOptions): VerifiedCopy {
  const folder = folderOf(o);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    throw storageError(err, `备份文件夹「${folder}」`) ?? new AppError('DB_OPEN_FAILED', `无法创建备份文件夹「${folder}」。`);
  }
  // Temp copies a crash or power cut left in the folder (older than an hour, so never one being written now).
  sweepStaleTemps(folder);
  const temp = join(folder, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}.tmp`);
  try {
    snapshotInto(o.dbPath, o.key, temp);
  } catch (err) {
    rmSync(temp, { force: true });
    throw storageError(err, `备份文件夹「${folder}」`) ?? new AppError('INTERNAL', `备份没有完成（${(err as { code?: string }).code ?? '未知原因'}），数据库没有改动。`);
  }
  const check = checkDatabaseFile(temp, o.key);
  if (!check.ok || !check.ours || (o.key !== null && !check.encrypted)) {
    rmSync(temp, { force: true });
    throw new AppError('DB_DAMAGED', `备份副本校验未通过（${check.detail}），已删除该副本。数据库本身可能已损坏，请在「设置 → 数据备份」中做一次完整性检查。`);
  }
  try {
    return { folder, temp, schemaVersion: check.schemaVersion ?? 0, encrypted: check.encrypted, bytes: fileSize(temp), sha256: sha256Of(temp) };
  } catch (err) {
    rmSync(temp, { force: true });
    throw storageError(err, `备份文件夹「${folder}」`) ?? err;
  }
}

/** A verified copy that will not become a backup. */
export function discardCopy(copy: VerifiedCopy): void {
  rmSync(copy.temp, { force: true });
}

/** Step 2: the copy named and recorded (its keyring, its manifest), flushed, and the folder rotated. */
export function placeCopy(o: CreateBackupOptions, copy: VerifiedCopy): BackupEntry {
  const now = o.now ?? new Date();
  const folder = copy.folder;
  const target = o.file ? resolve(o.file) : uniqueName(folder, `${stemOf(o.dbPath)}-备份-${stampOf(now)}-${BACKUP_KIND_LABELS[o.kind]}`);
  if (existsSync(target)) {
    discardCopy(copy);
    throw new AppError('CONFLICT', `已有文件「${basename(target)}」，备份不会覆盖它。请换一个文件名。`);
  }
  const ring = o.key ? readKeyring(keyringPathOf(o.dbPath)) : null;
  try {
    renameSync(copy.temp, target);
    if (ring) writeKeyring(keyringPathOf(target), ring);
    const manifest: BackupManifest = {
      format: 'township-ledger-backup', version: 1, createdAt: now.toISOString(), kind: o.kind, sourceName: basename(o.dbPath),
      schemaVersion: copy.schemaVersion, encrypted: copy.encrypted, databaseId: ring?.databaseId ?? null, bytes: copy.bytes, sha256: copy.sha256, integrity: 'ok',
    };
    writeFileSync(target + MANIFEST_SUFFIX, JSON.stringify(manifest, null, 2));
    fsyncFile(target + MANIFEST_SUFFIX);
    fsyncFolder(folder);
    if (!o.file) rotateBackups(folder, basename(o.dbPath), o.settings);
    return { ...manifest, file: target, verified: true, hasKeyring: ring !== null };
  } catch (err) {
    for (const f of [copy.temp, target, keyringPathOf(target), target + MANIFEST_SUFFIX]) rmSync(f, { force: true });
    throw storageError(err, `备份文件夹「${folder}」`) ?? err;
  }
}

/** Takes, verifies and records one backup, then rotates the folder. Throws a typed error when it cannot (nothing half-made is left). */
export function createBackupFile(o: CreateBackupOptions): BackupEntry {
  // An exact name already taken is refused before the copy is made.
  if (o.file && existsSync(resolve(o.file))) throw new AppError('CONFLICT', `已有文件「${basename(resolve(o.file))}」，备份不会覆盖它。请换一个文件名。`);
  return placeCopy(o, makeVerifiedCopy(o));
}

function uniqueName(folder: string, base: string): string {
  for (let i = 1; ; i++) {
    const name = join(folder, `${base}${i === 1 ? '' : `-${i}`}.db`);
    if (!existsSync(name)) return name;
  }
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The backups of one database in a folder, newest first (files without a readable manifest are not ours to list). */
export function listBackupFiles(folder: string, sourceName: string | null): BackupEntry[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const out: BackupEntry[] = [];
  for (const name of names) {
    if (!name.endsWith(`.db${MANIFEST_SUFFIX}`)) continue;
    const file = join(folder, name.slice(0, -MANIFEST_SUFFIX.length));
    const manifest = readManifest(file);
    if (!manifest || (sourceName !== null && manifest.sourceName !== sourceName)) continue;
    const present = existsSync(file);
    out.push({ ...manifest, file, verified: present && fileSize(file) === manifest.bytes, hasKeyring: existsSync(keyringPathOf(file)) });
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.file.localeCompare(a.file));
}

export function readManifest(file: string): BackupManifest | null {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file + MANIFEST_SUFFIX, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Monday of the ISO week of a local date, as its key. */
function weekKey(d: Date): string {
  const day = (d.getDay() + 6) % 7;
  const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - day);
  return localDateOf(monday);
}

/** Which backups the rotation keeps (files of the list); the rest are deleted by rotateBackups. */
export function backupsToKeep(list: readonly BackupEntry[], settings: BackupSettings): Set<string> {
  const keep = new Set<string>();
  const newestFirst = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const bucket = (entries: BackupEntry[], keyOf: (d: Date) => string, count: number) => {
    const seen = new Set<string>();
    for (const e of entries) {
      const k = keyOf(new Date(e.createdAt));
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(e.file);
    }
  };
  const daily = newestFirst.filter((e) => e.kind === 'daily');
  bucket(daily, localDateOf, settings.daily);
  bucket(daily, weekKey, settings.weekly);
  bucket(daily, (d) => localDateOf(d).slice(0, 7), settings.monthly);
  for (const kind of BACKUP_KINDS) {
    if (kind === 'daily') continue;
    for (const e of newestFirst.filter((x) => x.kind === kind).slice(0, settings.keepOther)) keep.add(e.file);
  }
  return keep;
}

/** Deletes the backups the rotation no longer keeps (with their keyring and manifest). Returns how many. */
export function rotateBackups(folder: string, sourceName: string, settings: BackupSettings): number {
  const list = listBackupFiles(folder, sourceName);
  const keep = backupsToKeep(list, settings);
  let removed = 0;
  for (const e of list) {
    if (keep.has(e.file)) continue;
    for (const f of [e.file, keyringPathOf(e.file), e.file + MANIFEST_SUFFIX]) rmSync(f, { force: true });
    removed++;
  }
  return removed;
}

/** openLedger's hook: a backup of the file as it is, before its pending migrations run. */
export function backupBeforeMigration(dbPath: string, key: DbKey | null, fromVersion: number): void {
  let settings = DEFAULT_BACKUP_SETTINGS;
  let probe: Sqlite | undefined;
  try {
    probe = openReadOnly(dbPath, key);
    settings = readBackupSettings(probe);
    const live = integrityCheck(probe);
    if (!live.ok) throw new AppError('DB_DAMAGED', `数据库文件「${dbPath}」完整性检查未通过（${live.detail}），没有进行结构升级。为保护数据，本软件不会修改它，请从备份恢复。`);
  } finally {
    probe?.close();
  }
  try {
    createBackupFile({ dbPath, key, kind: 'beforeMigration', settings });
  } catch (err) {
    const info = err instanceof AppError ? err.message : '备份没有完成';
    throw new AppError(err instanceof AppError ? err.code : 'INTERNAL', `升级数据结构（第 ${fromVersion} 版起）之前的备份没有完成，没有升级，数据库没有改动：${info}`);
  }
}
