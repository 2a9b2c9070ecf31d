// CLI: `import KIND FILE --db DB [--dry-run] [--skip-invalid] [--sheet NAME] [--json]` for every kind
// of IMPORT_KINDS, and `import template FILE.xlsx [--kind KIND]`. Progress goes to stderr so --json
// stays one object on stdout. A new import is one row of IMPORT_KINDS.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Channel } from '../../../shared/contract';
import type { ImportReport, LedgerImportReport } from '../../../shared/contract/importing';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

export interface ImportKind {
  /** What the file holds, in Chinese, for messages. */
  label: string;
  template: Channel;
  preview: Channel;
  run: Channel;
}

/** The imports the CLI knows, by the word typed after `import`. */
export const IMPORT_KINDS: Record<string, ImportKind> = {
  residents: { label: '居民', template: 'import.residents.template', preview: 'import.residents.preview', run: 'import.residents.run' },
  staff: { label: '网格员', template: 'import.staff.template', preview: 'import.staff.preview', run: 'import.staff.run' },
  released: { label: '刑满释放人员', template: 'import.released.template', preview: 'import.released.preview', run: 'import.released.run' },
  patients: { label: '严重精神障碍患者', template: 'import.patients.template', preview: 'import.patients.preview', run: 'import.patients.run' },
  'low-income': { label: '低保户', template: 'import.lowIncome.template', preview: 'import.lowIncome.preview', run: 'import.lowIncome.run' },
};

const kindList = () => Object.entries(IMPORT_KINDS).map(([k, v]) => `${k}（${v.label}）`).join('、');

const importCommand = defineCommand({
  name: 'import',
  summary: '从 Excel（.xlsx）导入居民、网格员，或刑满释放人员、严重精神障碍患者、低保户台账（--dry-run 只检查不写入；--skip-invalid 跳过有问题的行；--sheet 指定工作表）；import template 生成导入模板',
  usage: `import ${Object.keys(IMPORT_KINDS).join('|')} FILE.xlsx --db FILE [--dry-run] [--skip-invalid] [--sheet NAME] [--json] | import template FILE.xlsx [--kind ${Object.keys(IMPORT_KINDS).join('|')}]`,
  options: { db: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' }, sheet: { type: 'string' }, kind: { type: 'string' } },
  schema: z
    .object({
      db: z.string().optional(),
      'dry-run': z.boolean().default(false),
      'skip-invalid': z.boolean().default(false),
      sheet: z.string().min(1, '--sheet 后请写工作表的名称').max(100).optional(),
      kind: z.string().optional(),
      positionals: z.array(z.string()),
    })
    .superRefine((a, ctx) => {
      const [kind, file, ...extra] = a.positionals;
      if (!kind) ctx.addIssue({ code: 'custom', message: '请写明要导入什么，例如：import residents 人口.xlsx --db town.db' });
      else if (kind !== 'template' && !Object.hasOwn(IMPORT_KINDS, kind)) ctx.addIssue({ code: 'custom', message: `不认识的导入类型「${kind}」，目前支持 ${kindList()} 和 template（导入模板）` });
      else if (!file) ctx.addIssue({ code: 'custom', message: kind === 'template' ? '请给出模板的保存路径（.xlsx）' : '请给出要导入的 Excel 文件（.xlsx）' });
      else if (extra.length) ctx.addIssue({ code: 'custom', message: `多余的参数「${extra.join(' ')}」` });
      else if (kind !== 'template' && !dbOption.safeParse(a.db).success) ctx.addIssue({ code: 'custom', message: '请用 --db 指定数据库文件' });
      else if (kind === 'template' && a.kind !== undefined && !Object.hasOwn(IMPORT_KINDS, a.kind)) ctx.addIssue({ code: 'custom', message: `--kind 应为 ${kindList()} 之一，不能是「${a.kind}」` });
    }),
  run: async (args, env) => {
    const [kind, typed] = args.positionals as [string, string];
    // A path typed on the command line is relative to where the command runs.
    const file = resolve(typed);
    if (kind === 'template') {
      const template = IMPORT_KINDS[args.kind ?? 'residents']!.template;
      return withSession(env, args.db ?? null, (s) => s.callAny(template, { path: file }));
    }
    const { preview, run } = IMPORT_KINDS[kind]!;
    const progress = stderrProgress(env, '导入');
    const sheet = args.sheet === undefined ? {} : { sheet: args.sheet };
    // Every kind's preview and run take the same inputs and give the same report (importKind in the contract).
    const channel = (args['dry-run'] ? preview : run) as 'import.residents.run';
    const input = args['dry-run'] ? { path: file, ...sheet } : { path: file, skipInvalid: args['skip-invalid'], ...sheet };
    return withSession(env, args.db!, (s) => s.call(channel, input, progress));
  },
  format: (r: ImportReport | LedgerImportReport | { path: string }) => {
    if (!('added' in r)) return `已生成导入模板：${r.path}`;
    const will = r.dryRun ? '将' : '已';
    // Staff have no households: the count is shown only when the file could make some.
    const households = r.householdsAdded > 0 || r.columns.some((c) => c.field === '户号') ? `新建 ${r.householdsAdded} 户，` : '';
    const lines = [
      'ledger' in r
        ? `${r.dryRun ? '检查结果（未写入数据库）' : '导入完成'}：${r.ledger}台账，工作表「${r.sheet}」共 ${r.totalRows} 行，` +
          `${will}登记 ${r.added} ${r.ledger === '低保户' ? '户' : '人'}，实有人口中找到 ${r.residentsMatched} 人、${will}新建 ${r.residentsAdded} 人和 ${r.householdsAdded} 户，` +
          `${will}记入 ${r.recordsAdded} 条导入的记录，跳过 ${r.skipped} 行。`
        : `${r.dryRun ? '检查结果（未写入数据库）' : '导入完成'}：工作表「${r.sheet}」共 ${r.totalRows} 行，` +
          `${will}新增 ${r.added} 人，${will}更新 ${r.updated} 人，${households}跳过 ${r.skipped} 行。`,
    ];
    for (const w of r.warnings ?? []) lines.push(`提示：${w}`);
    if (r.problems.length) {
      lines.push(`问题 ${r.problems.length} 个：`);
      for (const p of r.problems) lines.push(`  ${p.row ? `第${p.row}行 ` : ''}${p.column ? `${p.column} ` : ''}${p.message}`);
    }
    return lines.join('\n');
  },
});

export const importCommands: CliCommand[] = [importCommand];
