// CLI: `info` shows the database's schema version, the town and the main tables' counts.
import { z } from 'zod';
import type { SystemInfo } from '../../../shared/contract/system';
import { dbOption, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

const info = defineCommand({
  name: 'info',
  summary: '显示数据库的数据结构版本、乡镇和各主要表的记录数',
  usage: 'info --db FILE [--json]',
  options: { db: { type: 'string' } },
  schema: z.object({ db: dbOption, positionals: z.array(z.string()).max(0, '多余的参数') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('system.info', {})),
  format: (r: SystemInfo) =>
    [
      `数据库：${r.dbPath}`,
      `数据结构版本：${r.schemaVersion}（本软件 ${r.appSchemaVersion}）`,
      `乡镇：${r.town ? `${r.town.name}（${r.town.code}）` : '尚未设置'}`,
      ...Object.entries(r.counts).map(([t, n]) => `  ${t}: ${n}`),
    ].join('\n'),
});

export const systemCommands: CliCommand[] = [info];
