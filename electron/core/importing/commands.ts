// CLI: `import residents FILE --db DB [--dry-run] [--skip-invalid] [--json]` and
// `import template FILE.xlsx`. Progress goes to stderr so --json stays one object on stdout.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ImportReport } from '../../../shared/contract/importing';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

const importCommand = defineCommand({
  name: 'import',
  summary: '从 Excel（.xlsx）导入居民和户（--dry-run 只检查不写入；--skip-invalid 跳过有问题的行）；import template 生成导入模板',
  usage: 'import residents FILE.xlsx --db FILE [--dry-run] [--skip-invalid] [--json] | import template FILE.xlsx',
  options: { db: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' } },
  schema: z
    .object({
      db: z.string().optional(),
      'dry-run': z.boolean().default(false),
      'skip-invalid': z.boolean().default(false),
      positionals: z.array(z.string()),
    })
    .superRefine((a, ctx) => {
      const [kind, file, ...extra] = a.positionals;
      if (!kind) ctx.addIssue({ code: 'custom', message: '请写明要导入什么，例如：import residents 人口.xlsx --db town.db' });
      else if (kind !== 'residents' && kind !== 'template') ctx.addIssue({ code: 'custom', message: `不认识的导入类型「${kind}」，目前只支持 residents（居民）和 template（导入模板）` });
      else if (!file) ctx.addIssue({ code: 'custom', message: kind === 'template' ? '请给出模板的保存路径（.xlsx）' : '请给出要导入的 Excel 文件（.xlsx）' });
      else if (extra.length) ctx.addIssue({ code: 'custom', message: `多余的参数「${extra.join(' ')}」` });
      else if (kind === 'residents' && !dbOption.safeParse(a.db).success) ctx.addIssue({ code: 'custom', message: '请用 --db 指定数据库文件' });
    }),
  run: async (args, env) => {
    const [kind, typed] = args.positionals as [string, string];
    // A path typed on the command line is relative to where the command runs.
    const file = resolve(typed);
    if (kind === 'template') return withSession(env, args.db ?? null, (s) => s.call('import.residents.template', { path: file }));
    const progress = stderrProgress(env, '导入');
    return withSession(env, args.db!, (s) =>
      args['dry-run']
        ? s.call('import.residents.preview', { path: file }, progress)
        : s.call('import.residents.run', { path: file, skipInvalid: args['skip-invalid'] }, progress),
    );
  },
  format: (r: ImportReport | { path: string }) => {
    if (!('added' in r)) return `已生成导入模板：${r.path}`;
    const lines = [
      `${r.dryRun ? '检查结果（未写入数据库）' : '导入完成'}：工作表「${r.sheet}」共 ${r.totalRows} 行，` +
        `${r.dryRun ? '将' : '已'}新增 ${r.added} 人，${r.dryRun ? '将' : '已'}更新 ${r.updated} 人，新建 ${r.householdsAdded} 户，跳过 ${r.skipped} 行。`,
    ];
    if (r.problems.length) {
      lines.push(`问题 ${r.problems.length} 个：`);
      for (const p of r.problems) lines.push(`  ${p.row ? `第${p.row}行 ` : ''}${p.column ? `${p.column} ` : ''}${p.message}`);
    }
    return lines.join('\n');
  },
});

export const importCommands: CliCommand[] = [importCommand];
