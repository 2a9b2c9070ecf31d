// CLI: report table T1|T2|T3|T4 --db DB --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]
//      report ledger released|patient|low-income|staff|residents --db DB --out FILE.xlsx [--today YYYY-MM-DD] [--json]
// through dispatch like every command (tables and ledgers are written in the job worker, as in the app).
import { resolve } from 'node:path';
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { REPORT_TABLES } from '../../../shared/contract/reports';
import type { LedgerId } from '../../../shared/reports/ledgers';
import { dbOption, stderrProgress, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

/** The CLI's ledger names (kebab-case, as `export low-income`) and the channel's. */
const LEDGER_ARGS: Record<string, LedgerId> = {
  released: 'released',
  patient: 'patient',
  'low-income': 'lowIncome',
  staff: 'staff',
  residents: 'residents',
};
const LEDGER_USAGE = Object.keys(LEDGER_ARGS).join('|');

type ReportResult = { path: string; pdfPath?: string | null; rows: number; fileName?: string };

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '--month 应为 YYYY-MM，如 2026-11');

const report = defineCommand({
  name: 'report',
  summary: '生成某月的统计报表或台账：report table T1|T2|T3|T4（Excel，可另存 PDF）；report ledger 台账（含打印页）',
  usage: `report table T1|T2|T3|T4 --db FILE --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]\n  report ledger ${LEDGER_USAGE} --db FILE --out FILE.xlsx [--today YYYY-MM-DD] [--json]`,
  options: { db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, pdf: { type: 'string' }, today: { type: 'string' } },
  schema: z
    .object({
      db: dbOption,
      month: month.optional(),
      out: z.string({ error: '请用 --out 指定保存的文件' }).regex(/\.xlsx$/i, '报表文件应以 .xlsx 结尾'),
      pdf: z.string().regex(/\.pdf$/i, 'PDF 文件应以 .pdf 结尾').optional(),
      today: dateString('--today（今天的日期）').optional(),
      positionals: z
        .array(z.string())
        .length(2, `请写明生成什么，如 report table T1 或 report ledger released`)
        .refine((p) => p[0] === 'table' || p[0] === 'ledger', { message: '目前只支持 report table T1|T2|T3|T4 和 report ledger 台账' }),
    })
    .superRefine((a, ctx) => {
      const [what, which = ''] = a.positionals;
      if (what === 'table') {
        if (!(REPORT_TABLES as readonly string[]).includes(which.toUpperCase())) ctx.addIssue({ code: 'custom', path: ['positionals'], message: '报表应为 T1、T2、T3 或 T4' });
        if (a.month === undefined) ctx.addIssue({ code: 'custom', path: ['month'], message: '请用 --month 指定统计月份（YYYY-MM）' });
      } else if (what === 'ledger') {
        if (!(which in LEDGER_ARGS)) ctx.addIssue({ code: 'custom', path: ['positionals'], message: `台账应为 ${LEDGER_USAGE.replaceAll('|', '、')} 之一` });
        if (a.pdf !== undefined) ctx.addIssue({ code: 'custom', path: ['pdf'], message: '台账只生成 Excel，不支持 --pdf' });
      }
    }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      (s): Promise<ReportResult> =>
        args.positionals[0] === 'ledger'
          ? s.call('report.ledger', { ledger: LEDGER_ARGS[args.positionals[1]!]!, path: resolve(args.out) }, stderrProgress(env, '台账'))
          : s.call(
              'report.table',
              {
                table: args.positionals[1]!.toUpperCase() as (typeof REPORT_TABLES)[number],
                month: args.month!,
                // A path typed on the command line is relative to where the command runs.
                path: resolve(args.out),
                ...(args.pdf ? { pdfPath: resolve(args.pdf) } : {}),
              },
              stderrProgress(env, '报表'),
            ),
      args.today,
    ),
  format: (r: ReportResult) =>
    r.fileName !== undefined
      ? `已生成台账（${r.rows} 行，含「打印」页）：${r.path}`
      : `已生成报表（${r.rows} 个村/社区）：${r.path}${r.pdfPath ? `\nPDF：${r.pdfPath}` : ''}`,
});

export const reportCommands: CliCommand[] = [report as CliCommand];
