// Backups, restore and the integrity check (设置 → 数据备份; the CLI's backup, backup list, restore, db check).
import { backupChannels } from '../../../shared/contract/backup';
import { defineDomain } from '../domain';
import { backupCommands } from './commands';
import { backupNow, backupStatus, checkLiveFile, dailyHousekeeping, damagedInfo, restoreBackup, restoreOverDamaged, setBackupSettings } from './service';

export const backupDomain = defineDomain({
  name: 'backup',
  channels: backupChannels,
  commands: backupCommands,
  handlers: {
    'backup.status': (ctx) => backupStatus(ctx),
    'backup.create': (ctx, input) => backupNow(ctx, 'manual', { out: input.out }),
    'backup.daily': (ctx) => dailyHousekeeping(ctx),
    'backup.check': (ctx) => checkLiveFile(ctx),
    'backup.settings.set': (ctx, input) => setBackupSettings(ctx, input),
    'backup.restore': (ctx, input) => restoreBackup(ctx, input),
    'backup.damaged': (ctx) => ({ damaged: damagedInfo(ctx) }),
    'backup.restoreDamaged': (ctx, input) => restoreOverDamaged(ctx, input),
  },
});
