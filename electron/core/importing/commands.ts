// CLI: `import residents FILE --db DB [--dry-run] [--skip-invalid] [--json]` and
// `import template FILE.xlsx`. Progress goes to stderr so --json stays one object on stdout.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Channel, ChannelInput } from '../../../shared/contract';
import type { ImportReport, LedgerImportReport } from '../../../shared/contract/importing';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

/** What `import KIND FILE` reads, by KIND: its preview (dry run) and run channels. */
const KINDS = {
  residents: { preview: 'import.residents.preview', run: 'import.residents.run' },
  released: { preview: 'import.released.preview', run: 'import.released.run' },
  patients: { preview: 'import.patients.preview', run: 'import.patients.run' },
  'low-income': { preview: 'import.lowIncome.preview', run: 'import.lowIncome.run' },
} as const satisfies Record<string, { preview: Channel; run: Channel }>;
type Kind = keyof typeof KINDS;
const isKind = (k: string): k is Kind => Object.prototype.hasOwnProperty.call(KINDS, k);
const KIND_NAMES = 'residents（居民）、released（刑满释放人员）、patients（严重精神障碍患者）、low-income（低保户）';

const importCommand = defineCommand({
  name: 'import',
  summary: '从 Excel（.xlsx）导入居民和户，或刑满释放人员、严重精神障碍患者、低保户台账（--dry-run 只检查不写入；--skip-invalid 跳过有问题的行）；import template 生成导入模板',
  usage: 'import residents|released|patients|low-income FILE.xlsx --db FILE [--dry-run] [--skip-invalid] [--json] | import template FILE.xlsx',
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
      else if (!isKind(kind) && kind !== 'template') ctx.addIssue({ code: 'custom', message: `不认识的导入类型「${kind}」，目前支持 ${KIND_NAMES} 和 template（导入模板）` });
      else if (!file) ctx.addIssue({ code: 'custom', message: kind === 'template' ? '请给出模板的保存路径（.xlsx）' : '请给出要导入的 Excel 文件（.xlsx）' });
      else if (extra.length) ctx.addIssue({ code: 'custom', message: `多余的参数「${extra.join(' ')}」` });
      else if (kind !== 'template' && !dbOption.safeParse(a.db).success) ctx.addIssue({ code: 'custom', message: '请用 --db 指定数据库文件' });
    }),
  run: async (args, env) => {
    const [kind, typed] = args.positionals as [string, string];
    // A path typed on the command line is relative to where the command runs.
    const file = resolve(typed);
    if (kind === 'template') return withSession(env, args.db ?? null, (s) => s.call('import.residents.template', { path: file }));
    const progress = stderrProgress(env, '导入');
    const channels = KINDS[kind as Kind];
    return withSession(env, args.db!, (s): Promise<ImportReport | LedgerImportReport> =>
      args['dry-run']
        ? s.call(channels.preview, { path: file } satisfies ChannelInput<typeof channels.preview>, progress)
        : s.call(channels.run, { path: file, skipInvalid: args['skip-invalid'] } satisfies ChannelInput<typeof channels.run>, progress),
    );
  },
  format: (r: ImportReport | LedgerImportReport | { path: string }) => {
    if (!('added' in r)) return `已生成导入模板：${r.path}`;
    const will = r.dryRun ? '将' : '已';
    const lines = [
      'ledger' in r
        ? `${r.dryRun ? '检查结果（未写入数据库）' : '导入完成'}：${r.ledger}台账，工作表「${r.sheet}」共 ${r.totalRows} 行，` +
          `${will}登记 ${r.added} ${r.ledger === '低保户' ? '户' : '人'}，实有人口中找到 ${r.residentsMatched} 人、${will}新建 ${r.residentsAdded} 人和 ${r.householdsAdded} 户，` +
          `${will}记入 ${r.recordsAdded} 条导入的记录，跳过 ${r.skipped} 行。`
        : `${r.dryRun ? '检查结果（未写入数据库）' : '导入完成'}：工作表「${r.sheet}」共 ${r.totalRows} 行，` +
          `${will}新增 ${r.added} 人，${will}更新 ${r.updated} 人，新建 ${r.householdsAdded} 户，跳过 ${r.skipped} 行。`,
    ];
    if (r.problems.length) {
      lines.push(`问题 ${r.problems.length} 个：`);
      for (const p of r.problems) lines.push(`  ${p.row ? `第${p.row}行 ` : ''}${p.column ? `${p.column} ` : ''}${p.message}`);
    }
    return lines.join('\n');
  },
});

export const importCommands: CliCommand[] = [importCommand];
