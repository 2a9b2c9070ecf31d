// CLI: report table T1|T2|T3|T4 --db DB --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]
// through dispatch like every command (the table is written in the job worker, as in the app).
import { resolve } from 'node:path';
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { REPORT_TABLES } from '../../../shared/contract/reports';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

const report = defineCommand({
  name: 'report table',
  summary: '生成某月的统计报表 T1|T2|T3|T4（Excel，可另存 PDF）',
  usage: 'report table T1|T2|T3|T4 --db FILE --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, pdf: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    month: z.string({ error: '请用 --month 指定统计月份（YYYY-MM）' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '--month 应为 YYYY-MM，如 2026-11'),
    out: z.string({ error: '请用 --out 指定报表文件' }).regex(/\.xlsx$/i, '报表文件应以 .xlsx 结尾'),
    pdf: z.string().regex(/\.pdf$/i, 'PDF 文件应以 .pdf 结尾').optional(),
    today: dateString('--today（今天的日期）').optional(),
    positionals: z
      .array(z.string())
      .length(1, '请写明生成哪张表，如 report table T1')
      .refine((p) => (REPORT_TABLES as readonly string[]).includes((p[0] ?? '').toUpperCase()), { message: '报表应为 T1、T2、T3 或 T4' }),
  }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      (s) =>
        s.call(
          'report.table',
          {
            table: args.positionals[0]!.toUpperCase() as (typeof REPORT_TABLES)[number],
            month: args.month,
            // A path typed on the command line is relative to where the command runs.
            path: resolve(args.out),
            ...(args.pdf ? { pdfPath: resolve(args.pdf) } : {}),
          },
          stderrProgress(env, '报表'),
        ),
      args.today,
    ),
  format: (r: { path: string; pdfPath: string | null; rows: number }) => `已生成报表（${r.rows} 个村/社区）：${r.path}${r.pdfPath ? `\nPDF：${r.pdfPath}` : ''}`,
});

export const reportCommands: CliCommand[] = [report as CliCommand];
