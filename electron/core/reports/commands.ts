// CLI: report table T1|T2|T3|T4 --db DB --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]
//      report members --db DB --month YYYY-MM --table T1 --figure KEY [--village CODE] [--out FILE.xlsx] [--json]
// through dispatch like every command (files are written in the job worker, as in the app).
import { resolve } from 'node:path';
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { REPORT_TABLES, type ReportMembers } from '../../../shared/contract/reports';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import type { CliEnv } from '../cli/env';
import { defineCommand, type CliCommand } from '../cli/run';

const monthOption = z.string({ error: '请用 --month 指定统计月份（YYYY-MM）' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '--month 应为 YYYY-MM，如 2026-11');

const tableArgs = z.object({
  db: dbOption,
  month: monthOption,
  out: z.string({ error: '请用 --out 指定报表文件' }).regex(/\.xlsx$/i, '报表文件应以 .xlsx 结尾'),
  pdf: z.string().regex(/\.pdf$/i, 'PDF 文件应以 .pdf 结尾').optional(),
  today: dateString('--today（今天的日期）').optional(),
  positionals: z
    .array(z.string())
    .length(2, '请写明生成哪张表，如 report table T1')
    .refine((p) => (REPORT_TABLES as readonly string[]).includes((p[1] ?? '').toUpperCase()), { message: '报表应为 T1、T2、T3 或 T4' }),
});

const membersArgs = z.object({
  db: dbOption,
  month: monthOption,
  table: z
    .string({ error: '请用 --table 指定报表（T1、T2、T3 或 T4）' })
    .transform((t) => t.toUpperCase())
    .pipe(z.enum(REPORT_TABLES, { error: '--table 应为 T1、T2、T3 或 T4' })),
  figure: z.string({ error: '请用 --figure 指定哪一列的数字，如 outOfContact（脱管）' }).min(1),
  village: z.string().min(1).optional(),
  out: z.string().regex(/\.xlsx$/i, '名单文件应以 .xlsx 结尾').optional(),
  today: dateString('--today（今天的日期）').optional(),
  positionals: z.array(z.string()).length(1, '多余的参数'),
});

type ReportArgs = { sub: 'table'; args: z.output<typeof tableArgs> } | { sub: 'members'; args: z.output<typeof membersArgs> };

const report = defineCommand({
  name: 'report',
  summary: '统计报表：report table 生成某月的 T1–T4（Excel，可另存 PDF）；report members 列出某个数字背后的人员（可导出 Excel）',
  usage:
    'report table T1|T2|T3|T4 --db FILE --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]\n' +
    '  report members --db FILE --month YYYY-MM --table T1 --figure KEY [--village CODE] [--out FILE.xlsx] [--today YYYY-MM-DD] [--json]',
  options: {
    db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, pdf: { type: 'string' }, today: { type: 'string' },
    table: { type: 'string' }, figure: { type: 'string' }, village: { type: 'string' },
  },
  // One command, two subcommands: each validated by its own schema, so a message names that subcommand's options.
  schema: z
    .object({ positionals: z.array(z.string()) })
    .passthrough()
    .transform((v, ctx): ReportArgs => {
      const sub = v.positionals[0];
      if (sub !== 'table' && sub !== 'members') {
        ctx.addIssue({ code: 'custom', message: '请写明 report table T1|T2|T3|T4 或 report members', path: ['positionals'] });
        return z.NEVER;
      }
      const r = (sub === 'table' ? tableArgs : membersArgs).safeParse(v);
      if (!r.success) {
        for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
        return z.NEVER;
      }
      return { sub, args: r.data } as ReportArgs;
    }),
  run: (a: ReportArgs, env) => (a.sub === 'members' ? runMembers(a.args, env) : runTable(a.args, env)),
  format: (r: { path: string; pdfPath: string | null; rows: number } | ReportMembers | (ReportMembers & { path: string })) =>
    'columns' in r ? membersText(r) : `已生成报表（${r.rows} 个村/社区）：${r.path}${r.pdfPath ? `\nPDF：${r.pdfPath}` : ''}`,
});

function membersText(r: ReportMembers & { path?: string }): string {
  const lines = [`${r.title}：${r.total}（${r.unit}）`];
  lines.push(r.columns.map((c) => c.label).join('\t'));
  for (const row of r.rows) lines.push(r.columns.map((c) => String(row[c.key] ?? '')).join('\t'));
  if (r.path) lines.push(`已导出：${r.path}`);
  return lines.join('\n');
}

async function runMembers(args: z.output<typeof membersArgs>, env: CliEnv) {
  const query = { month: args.month, table: args.table, figure: args.figure, ...(args.village ? { village: args.village } : {}) };
  return withSession(
    env,
    args.db,
    async (s) => {
      const list = await s.call('report.members', query);
      if (!args.out) return list;
      const written = await s.call('report.membersExport', { ...query, path: resolve(args.out) }, stderrProgress(env, '名单'));
      return { ...list, path: written.path };
    },
    args.today,
  );
}

function runTable(args: z.output<typeof tableArgs>, env: CliEnv) {
  return withSession(
      env,
      args.db,
      (s) =>
        s.call(
          'report.table',
          {
            table: args.positionals[1]!.toUpperCase() as (typeof REPORT_TABLES)[number],
            month: args.month,
            // A path typed on the command line is relative to where the command runs.
            path: resolve(args.out),
            ...(args.pdf ? { pdfPath: resolve(args.pdf) } : {}),
          },
          stderrProgress(env, '报表'),
        ),
      args.today,
    );
}

export const reportCommands: CliCommand[] = [report as CliCommand];
