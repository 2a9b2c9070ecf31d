// CLI: `demo --db FILE --residents N [--seed S] [--json]` fills an empty database with a demo town.
import { z } from 'zod';
import { dbOption, withLedger } from '../cli/ledger';
import { defineCommand, type CliCommand, type CliIo } from '../cli/run';
import type { Progress } from '../context';
import { type DemoResult, generateDemoTown } from './generate';

const MAX = 200_000;

const integerOption = (name: string, min: number, max: number) =>
  z
    .string({ error: `请用 ${name} 指定一个整数` })
    .trim()
    .regex(/^-?\d+$/, `${name} 应为整数`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} 不能小于 ${min}`).max(max, `${name} 不能大于 ${max}`));

/** Progress on the error stream (at most twice a second), so --json output stays one object. */
function progressTo(io: CliIo): Progress {
  let last = 0;
  return (done, total, stage) => {
    const now = Date.now();
    if (now - last < 500 && done < total) return;
    last = now;
    io.err(`演示数据：${stage} ${done}/${total}\n`);
  };
}

const demo = defineCommand({
  name: 'demo',
  summary: `在空数据库中生成演示乡镇（村/社区、网格、网格员、住户和人员，以及安置帮教、严重精神障碍患者、低保户台账和一年的记录），人数 10–${MAX}；同一种子生成的数据相同`,
  usage: 'demo --db FILE --residents N [--seed S] [--json]',
  options: { db: { type: 'string' }, residents: { type: 'string' }, seed: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    residents: integerOption('--residents', 10, MAX),
    seed: integerOption('--seed', -2_147_483_648, 2_147_483_647).default(1),
    positionals: z.array(z.string()).max(0, '多余的参数'),
  }),
  run: (args, io) =>
    withLedger(args.db, (ctx) =>
      generateDemoTown({ ...ctx, progress: progressTo(io) }, { residents: args.residents, seed: args.seed }),
    ),
  format: (r: DemoResult) =>
    `已生成演示乡镇 ${r.town.name}（${r.town.code}）：${r.villages} 个村（社区），${r.grids} 个网格，网格员 ${r.staff} 人，${r.households} 户，${r.residents} 人`,
});

export const demoCommands: CliCommand[] = [demo];
