// Backups of the database (设置 → 数据备份, the CLI's backup / restore / db check): verified copies, encrypted
// like the database, rotated; restore from any of them; the scheduled full integrity check.
import { z } from 'zod';
import { ADMIN_ONLY, ALL_ROLES, TOWN_WRITERS, channel, read, write } from './define';

export const BACKUP_KIND_VALUES = ['daily', 'manual', 'beforeMigration', 'beforeImport', 'beforePackage', 'beforeRestore'] as const;

export const backupEntry = z.object({
  file: z.string(),
  createdAt: z.string(),
  kind: z.enum(BACKUP_KIND_VALUES),
  /** 每日 / 手动 / 升级前 / 导入前 / 月报前 / 恢复前 */
  kindLabel: z.string(),
  bytes: z.number().int(),
  encrypted: z.boolean(),
  /** Verified when made (full integrity_check of the copy); still there with its size. */
  verified: z.boolean(),
  hasKeyring: z.boolean(),
  schemaVersion: z.number().int(),
});
export type BackupEntryView = z.infer<typeof backupEntry>;

export const integrityResult = z.object({ at: z.string(), ok: z.boolean(), detail: z.string() });
export type IntegrityResultView = z.infer<typeof integrityResult>;

export const backupSettingsInput = z.object({
  /** null: 备份 beside the database. */
  folder: z.string().trim().min(1, '请选择备份文件夹').max(1000, '文件夹路径太长').nullable(),
  daily: z.number({ error: '每日备份保留份数应为数字' }).int().min(1, '每日备份至少保留 1 份').max(60, '每日备份最多保留 60 份'),
  weekly: z.number({ error: '每周备份保留份数应为数字' }).int().min(0).max(52, '每周备份最多保留 52 份'),
  monthly: z.number({ error: '每月备份保留份数应为数字' }).int().min(0).max(120, '每月备份最多保留 120 份'),
  keepOther: z.number({ error: '其他备份保留份数应为数字' }).int().min(1, '至少保留 1 份').max(200, '最多保留 200 份'),
}).strict();

export const backupStatus = z.object({
  folder: z.string(),
  defaultFolder: z.string(),
  settings: backupSettingsInput,
  lastCheck: integrityResult.nullable(),
  backups: z.array(backupEntry),
});
export type BackupStatus = z.infer<typeof backupStatus>;

/** A backup written to a file of the staffer's choice: a full path ending in .db (never relative to wherever the app runs). */
const backupOut = z
  .string()
  .trim()
  .max(1000, '文件路径太长')
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, '备份文件应为完整路径（如 D:\\备份\\台账.db）')
  .regex(/\.db$/i, '备份文件名应以 .db 结尾');

const backupFile = z.string({ error: '请选择备份文件' }).trim().min(1, '请选择备份文件').max(1000, '文件路径太长');

export const restoreInput = z.object({
  file: backupFile,
  /** For a backup of another PC (another key): its recovery code, or one of its accounts and that account's password. */
  recoveryCode: z.string().max(60, '恢复码太长').optional(),
  loginName: z.string().max(100, '账号名太长').optional(),
  password: z.string().max(200, '密码太长').optional(),
}).strict();

export const damagedState = z.object({
  path: z.string(),
  message: z.string(),
  folder: z.string(),
  /** The newest backup that was verified when made and is still whole (its size). */
  newest: backupEntry.nullable(),
  /** Older ones, newest first. */
  others: z.array(backupEntry),
});
export type DamagedState = z.infer<typeof damagedState>;

export const restoreResult = z.object({
  restoredFrom: z.string(),
  /** The database as it was, kept beside under this name. */
  previousKeptAs: z.string(),
  /** The backup of the state before the restore. */
  safetyBackup: z.string(),
});

// Restore is declared a read: it writes nothing into the database open now (dispatch would hold a transaction on
// the very connection the restore closes); it replaces the file as a whole.
export const backupChannels = {
  'backup.status': channel(z.object({}).strict(), backupStatus, read('town', { roles: TOWN_WRITERS })),
  // A read: it writes nothing into the database (the copy is made on a connection of its own), so it holds no write
  // lock while it copies and checks — saves from other windows go on.
  'backup.create': channel(z.object({ out: backupOut.optional() }).strict(), backupEntry, read('town', { roles: TOWN_WRITERS })),
  /** The first open of the day: a full integrity check and a daily backup when none is there yet (the app calls it after the file opens). */
  'backup.daily': channel(z.object({}).strict(), z.object({ checked: integrityResult.nullable(), backup: backupEntry.nullable() }), write('town')),
  'backup.check': channel(z.object({}).strict(), integrityResult, write('town')),
  'backup.settings.set': channel(backupSettingsInput, backupStatus, write('town', { roles: ADMIN_ONLY })),
  'backup.restore': channel(restoreInput, restoreResult, read('town', { roles: ADMIN_ONLY })),
  /**
   * The damaged screen (before anyone can log in, since the file cannot be opened): what is wrong, the backup folder
   * and the newest good backup; restoring over the damaged file needs that backup's key (its recovery code or an
   * account's password when encrypted), and keeps the damaged file beside.
   */
  'backup.damaged': channel(z.object({}).strict(), z.object({ damaged: damagedState.nullable() }), read('none', { roles: ALL_ROLES, beforeLogin: true })),
  'backup.restoreDamaged': channel(restoreInput, restoreResult, read('none', { roles: ALL_ROLES, beforeLogin: true })),
};
