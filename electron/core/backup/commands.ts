// CLI: backup, backup list, restore, db check. Secrets come from files (--backup-recovery-file, --backup-password-file), never
// from the command line, where they would stay in the shell's history and the process list.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { BackupEntryView, BackupStatus, IntegrityResultView } from '../../../shared/contract/backup';
import { dbOption, noPositionals, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import { AppError } from '../errors';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const line = (e: BackupEntryView) => `${e.createdAt.slice(0, 19).replace('T', ' ')}  ${e.kindLabel}  ${size(e.bytes)}  ${e.verified ? '已校验' : '文件不完整'}${e.encrypted ? '  已加密' : ''}  ${e.file}`;

function secretFrom(path: string | undefined, what: string): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new AppError('VALIDATION', `无法读取${what}文件「${path}」。`);
  }
}

const backup = defineCommand({
  name: 'backup',
  summary: '备份数据库（先做完整性检查，副本校验后才保留；加密的数据库备份也加密）',
  usage: 'backup --db FILE [--out 备份.db] [--json]',
  options: { db: { type: 'string' }, out: { type: 'string' } },
  schema: z.object({ db: dbOption, out: z.string().min(1).optional(), positionals: noPositionals('backup') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('backup.create', { out: args.out ? resolve(args.out) : undefined })),
  format: (e: BackupEntryView) => `已备份并校验：${e.file}（${size(e.bytes)}${e.encrypted ? '，已加密' : ''}）`,
});

const list = defineCommand({
  name: 'backup list',
  summary: '列出数据库的备份和最近一次完整性检查',
  usage: 'backup list --db FILE [--json]',
  options: { db: { type: 'string' } },
  schema: z.object({ db: dbOption, positionals: noPositionals('backup list') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('backup.status', {})),
  format: (st: BackupStatus) =>
    [
      `备份文件夹：${st.folder}`,
      `最近一次完整性检查：${st.lastCheck ? `${st.lastCheck.at.slice(0, 19).replace('T', ' ')} ${st.lastCheck.ok ? '正常' : `未通过（${st.lastCheck.detail}）`}` : '尚未检查'}`,
      ...(st.backups.length ? st.backups.map(line) : ['（还没有备份）']),
    ].join('\n'),
});

const restore = defineCommand({
  name: 'restore',
  // --user/--password-file and --recovery-file unlock the database being restored (every command's options);
  // a backup made on another PC, under another key, is unlocked by its own secret: the --backup-… options.
  summary: '从备份恢复数据库（先备份当前状态；另一台电脑的备份需 --backup-recovery-file 或 --backup-user 与 --backup-password-file）',
  usage: 'restore 备份.db --db FILE [--backup-recovery-file 备份的恢复码.txt | --backup-user 账号 --backup-password-file 密码.txt] [--json]',
  options: { db: { type: 'string' }, 'backup-recovery-file': { type: 'string' }, 'backup-user': { type: 'string' }, 'backup-password-file': { type: 'string' } },
  schema: z.object({
    db: dbOption,
    'backup-recovery-file': z.string().min(1).optional(),
    'backup-user': z.string().min(1).optional(),
    'backup-password-file': z.string().min(1).optional(),
    positionals: z.array(z.string()).length(1, '请给出一个备份文件：restore 备份.db --db FILE'),
  }).refine((a) => !a['backup-user'] === !a['backup-password-file'], { message: '--backup-user 和 --backup-password-file 要一起给出' }),
  run: (args, env) =>
    withSession(env, args.db, (s) =>
      s.call('backup.restore', {
        file: resolve(args.positionals[0]!),
        recoveryCode: secretFrom(args['backup-recovery-file'], '恢复码'),
        loginName: args['backup-user'],
        password: secretFrom(args['backup-password-file'], '密码'),
      }),
    ),
  format: (r: { restoredFrom: string; previousKeptAs: string; safetyBackup: string }) =>
    `已从「${r.restoredFrom}」恢复。恢复前的数据库保留为「${r.previousKeptAs}」，并已备份为「${r.safetyBackup}」。`,
});

const check = defineCommand({
  name: 'db check',
  summary: '对数据库做完整性检查（integrity_check，逐页校验），结果记入设置',
  usage: 'db check --db FILE [--json]',
  options: { db: { type: 'string' } },
  schema: z.object({ db: dbOption, positionals: noPositionals('db check') }),
  run: async (args, env) => {
    const r = await withSession(env, args.db, (s) => s.call('backup.check', {}));
    if (!r.ok) throw new AppError('DB_DAMAGED', `数据库完整性检查未通过：${r.detail}。请从最近一次完好的备份恢复（restore）。`);
    return r;
  },
  format: (r: IntegrityResultView) => `完整性检查通过（${r.at.slice(0, 19).replace('T', ' ')}）。`,
});

export const backupCommands: CliCommand[] = [backup, list, restore, check];
