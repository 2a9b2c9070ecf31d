// CLI: the grid tree with counts and warnings (the roster export is `export staff`).
import { z } from 'zod';
import type { GridTree } from '../../../shared/contract/grid';
import { dbOption, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

const grids = defineCommand({
  name: 'grids',
  summary: '显示村（社区）和网格的树，含户数、人数、网格员数和提醒',
  usage: 'grids --db FILE [--include-closed] [--json]',
  options: { db: { type: 'string' }, 'include-closed': { type: 'boolean' } },
  schema: z.object({ db: dbOption, 'include-closed': z.boolean().default(false), positionals: z.array(z.string()).max(0, '多余的参数') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('grid.tree', { includeClosed: args['include-closed'] })),
  format: (t: GridTree) =>
    [
      `${t.town.name}（${t.town.code}）：${t.totals.villages} 个村（社区），${t.totals.grids} 个网格，${t.totals.households} 户，${t.totals.residents} 人，网格员 ${t.totals.staff} 人`,
      ...t.villages.flatMap((v) => [
        `  ${v.name}（${v.code}）${v.counts.households} 户 ${v.counts.residents} 人`,
        ...v.grids.map((g) => `    ${g.code} ${g.name}（${g.kind}）${g.counts.households} 户 ${g.counts.residents} 人 网格员 ${g.counts.staff}${g.warnings.length ? '  ⚠ ' + g.warnings.join('；') : ''}`),
      ]),
      ...t.warnings.filter((w) => w.kind === '无网格住户').map((w) => `⚠ ${w.message}`),
    ].join('\n'),
});

export const gridCommands: CliCommand[] = [grids];
