// CLI: `demo --db FILE --residents N [--seed S] [--json]` fills an empty database with a demo town.
import { z } from 'zod';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import type { DemoResult } from './generate';

const MAX = 200_000;

const integerOption = (name: string, min: number, max: number) =>
  z
    .string({ error: `请用 ${name} 指定一个整数` })
    .trim()
    .regex(/^-?\d+$/, `${name} 应为整数`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} 不能小于 ${min}`).max(max, `${name} 不能大于 ${max}`));

const demo = defineCommand({
  name: 'demo',
  summary: `在新的空数据库中（标记为演示数据库）生成演示乡镇（村/社区、网格、网格员、住户和人员，以及安置帮教、严重精神障碍患者、低保户台账和一年的记录），人数 10–${MAX}；同一种子生成的数据相同`,
  usage: 'demo --db FILE --residents N [--seed S] [--json]',
  options: { db: { type: 'string' }, residents: { type: 'string' }, seed: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    residents: integerOption('--residents', 10, MAX),
    seed: integerOption('--seed', -2_147_483_648, 2_147_483_647).default(1),
    positionals: z.array(z.string()).max(0, '多余的参数'),
  }),
  run: (args, env) =>
    withSession(env, args.db, async (s) => {
      // The file becomes a demo database first; one that already holds a town's data is refused.
      await s.call('demo.prepare', {});
      return s.call('demo.load', { residents: args.residents, seed: args.seed }, stderrProgress(env, '演示数据'));
    }),
  format: (r: DemoResult) =>
    `已生成演示乡镇 ${r.town.name}（${r.town.code}）：${r.villages} 个村（社区），${r.grids} 个网格，网格员 ${r.staff} 人，${r.households} 户，${r.residents} 人`,
});

export const demoCommands: CliCommand[] = [demo];
