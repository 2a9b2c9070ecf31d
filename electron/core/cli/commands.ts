// The CLI's commands. Each validates its arguments with zod and calls core services.
import { z } from 'zod';
import type { SystemInfo } from '../../../shared/contract/system';
import { townInput } from '../../../shared/contract/town';
import { demoCommands } from '../demo/commands';
import { gridCommands } from '../grids/commands';
import { importCommands } from '../importing/commands';
import { recordCommands } from '../records/commands';
import { personCommands } from '../people/commands';
import { dbOption, withSession } from './ledger';
import { defineCommand, type CliCommand } from './run';

const init = defineCommand({
  name: 'init',
  summary: '新建（或打开）数据库并设置本乡镇的名称和12位统计用区划代码',
  usage: 'init --db FILE --town-name 名称 --town-code 12位代码 [--json]',
  options: { db: { type: 'string' }, 'town-name': { type: 'string' }, 'town-code': { type: 'string' } },
  schema: z.object({
    db: dbOption,
    'town-name': townInput.shape.name,
    'town-code': townInput.shape.code,
    positionals: z.array(z.string()).max(0, '多余的参数'),
  }),
  run: (args, env) =>
    withSession(env, args.db, async (s) => ({
      town: await s.call('town.setup', { name: args['town-name'], code: args['town-code'] }),
      schemaVersion: (await s.call('system.info', {})).schemaVersion,
    })),
  format: (r: { town: { name: string; code: string }; schemaVersion: number }) =>
    `已设置：${r.town.name}（${r.town.code}），数据结构版本 ${r.schemaVersion}`,
});

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

export const commands: CliCommand[] = [init, info, ...gridCommands, ...personCommands, ...importCommands, ...demoCommands, ...recordCommands];
