// CLI: report table T1|T2|T3|T4 --db DB --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]
// and report monthly --db DB --month YYYY-MM --out FILE.pdf, through dispatch like every command (written in the job
// worker, as in the app).
import { resolve } from 'node:path';
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { REPORT_TABLES } from '../../../shared/contract/reports';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

type Done = { path: string; pdfPath: string | null; rows: number } | { path: string; bytes: number };

const report = defineCommand({
  name: 'report',
  summary: '生成某月的统计报表：report table T1|T2|T3|T4（Excel，可另存 PDF）；report monthly（月度工作报告 PDF）',
  usage: 'report table T1|T2|T3|T4 --db FILE --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]\n       report monthly --db FILE --month YYYY-MM --out FILE.pdf [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, pdf: { type: 'string' }, today: { type: 'string' } },
  schema: z
    .object({
      db: dbOption,
      month: z.string({ error: '请用 --month 指定统计月份（YYYY-MM）' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '--month 应为 YYYY-MM，如 2026-11'),
      out: z.string({ error: '请用 --out 指定输出文件' }),
      pdf: z.string().regex(/\.pdf$/i, 'PDF 文件应以 .pdf 结尾').optional(),
      today: dateString('--today（今天的日期）').optional(),
      positionals: z
        .array(z.string())
        .min(1, '请写明生成什么，如 report table T1 或 report monthly')
        .refine((p) => p[0] === 'table' || p[0] === 'monthly', { message: '目前支持 report table T1|T2|T3|T4 和 report monthly' })
        .refine((p) => p[0] !== 'table' || (p.length === 2 && (REPORT_TABLES as readonly string[]).includes((p[1] ?? '').toUpperCase())), { message: '报表应为 T1、T2、T3 或 T4，如 report table T1' })
        .refine((p) => p[0] !== 'monthly' || p.length === 1, { message: 'report monthly 后面不需要其他参数' }),
    })
    .superRefine((a, c) => {
      const monthly = a.positionals[0] === 'monthly';
      if (monthly && !/\.pdf$/i.test(a.out)) c.addIssue({ code: 'custom', path: ['out'], message: '月度工作报告应以 .pdf 结尾' });
      if (!monthly && !/\.xlsx$/i.test(a.out)) c.addIssue({ code: 'custom', path: ['out'], message: '报表文件应以 .xlsx 结尾' });
      if (monthly && a.pdf) c.addIssue({ code: 'custom', path: ['pdf'], message: 'report monthly 本身就是 PDF，不用 --pdf' });
    }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      (s): Promise<Done> =>
        args.positionals[0] === 'monthly'
          ? s.call('report.monthly', { month: args.month, path: resolve(args.out) }, stderrProgress(env, '月度工作报告'))
          : s.call(
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
    ),
  format: (r: Done) =>
    'bytes' in r
      ? `已生成月度工作报告（${r.bytes.toLocaleString('en-US')} 字节）：${r.path}`
      : `已生成报表（${r.rows} 个村/社区）：${r.path}${r.pdfPath ? `\nPDF：${r.pdfPath}` : ''}`,
});

export const reportCommands: CliCommand[] = [report as CliCommand];
