// CLI: `init` sets up the town in a new (or existing) database.
import { z } from 'zod';
import { townInput } from '../../../shared/contract/town';
import { dbOption, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

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

export const townCommands: CliCommand[] = [init];
