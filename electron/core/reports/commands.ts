// CLI, through dispatch like every command (the files are written in the job worker, as in the app):
//   report table T1|T2|T3|T4 --db DB --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf]
//   report card --db DB (--person ID | --group released|patient|lowIncome [--village CODE]) --out FILE.pdf
//   report posting --db DB --month YYYY-MM [--village CODE] [--from DATE] [--to DATE] --out FILE.pdf
// --person takes the resident's number in the app (digits) or their 18-character 公民身份号码 (found exactly).
import { resolve } from 'node:path';
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { LEDGERS } from '../../../shared/contract/records';
import { REPORT_TABLES } from '../../../shared/contract/reports';
import { normalizeIdNumber } from '../../../shared/rules/idNumber';
import { dbOption, stderrProgress, withSession, type CliSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import { notFound } from '../errors';

const SUBCOMMANDS = ['table', 'card', 'posting'] as const;
const month = z.string({ error: '请用 --month 指定统计月份（YYYY-MM）' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '--month 应为 YYYY-MM，如 2026-11');
const pdfOut = z.string({ error: '请用 --out 指定 PDF 文件' }).regex(/\.pdf$/i, '--out 应为以 .pdf 结尾的文件');
const village = z.string().regex(/^\d{12}$/, '--village 应为 12 位村（社区）代码').optional();
const today = dateString('--today（今天的日期）').optional();

const tableArgs = z.object({
  sub: z.literal('table'),
  db: dbOption,
  month,
  out: z.string({ error: '请用 --out 指定报表文件' }).regex(/\.xlsx$/i, '报表文件应以 .xlsx 结尾'),
  pdf: z.string().regex(/\.pdf$/i, 'PDF 文件应以 .pdf 结尾').optional(),
  today,
  positionals: z
    .array(z.string())
    .length(2, '请写明生成哪张表，如 report table T1')
    .refine((p) => (REPORT_TABLES as readonly string[]).includes((p[1] ?? '').toUpperCase()), { message: '报表应为 T1、T2、T3 或 T4' }),
});
const cardArgs = z
  .object({
    sub: z.literal('card'),
    db: dbOption,
    person: z.string().trim().min(1, '--person 应为居民编号或公民身份号码').optional(),
    group: z.enum(LEDGERS, { error: '--group 应为 released、patient 或 lowIncome' }).optional(),
    village,
    out: pdfOut,
    today,
    positionals: z.array(z.string()).length(1, 'report card 不接受其他参数'),
  })
  .refine((a) => a.person !== undefined || a.group !== undefined, { message: '请用 --person 指定一位居民，或用 --group 指定一类重点人群（可加 --village）' })
  .refine((a) => !(a.person !== undefined && a.village !== undefined), { message: '--village 只能与 --group 一起用' });
const postingArgs = z.object({
  sub: z.literal('posting'),
  db: dbOption,
  month,
  village,
  from: dateString('--from（公示开始日期）').optional(),
  to: dateString('--to（公示结束日期）').optional(),
  out: pdfOut,
  today,
  positionals: z.array(z.string()).length(1, 'report posting 不接受其他参数'),
});
const subSchemas = { table: tableArgs, card: cardArgs, posting: postingArgs } as const;
type ReportArgs = z.output<typeof tableArgs> | z.output<typeof cardArgs> | z.output<typeof postingArgs>;

/** The resident a --person value names: a number in the app, or an ID number matched exactly. */
async function residentOf(s: CliSession, person: string): Promise<number> {
  if (/^\d{1,12}$/.test(person)) return Number(person);
  const check = normalizeIdNumber(person);
  if (!check.ok) throw notFound(`--person「${person.slice(0, 20)}」既不是居民编号，也不是有效的公民身份号码：${check.reason}`);
  const found = await s.call('person.search', { query: check.idNumber, status: '全部', limit: 20 });
  const hit = found.rows.find((r) => r.idNumber === check.idNumber);
  if (!hit) throw notFound(`找不到公民身份号码为 ${check.idNumber} 的居民`);
  return hit.id;
}

const report = defineCommand({
  name: 'report',
  summary: '生成报表和文书：report table（统计表 Excel，可另存 PDF）、report card（一人一卡档案卡 PDF）、report posting（低保公示表 PDF）',
  usage:
    'report table T1|T2|T3|T4 --db FILE --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]\n' +
    '  report card --db FILE (--person 居民编号|身份证号 | --group released|patient|lowIncome [--village 村代码]) --out FILE.pdf [--today YYYY-MM-DD] [--json]\n' +
    '  report posting --db FILE --month YYYY-MM [--village 村代码] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out FILE.pdf [--today YYYY-MM-DD] [--json]',
  options: {
    db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, pdf: { type: 'string' }, today: { type: 'string' },
    person: { type: 'string' }, group: { type: 'string' }, village: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
  },
  schema: z
    .object({ positionals: z.array(z.string()) })
    .passthrough()
    .transform((raw, ctx): ReportArgs => {
      const sub = raw.positionals[0];
      if (!(SUBCOMMANDS as readonly string[]).includes(sub ?? '')) {
        ctx.addIssue({ code: 'custom', message: '请写明生成什么：report table、report card 或 report posting' });
        return z.NEVER;
      }
      const checked = subSchemas[sub as (typeof SUBCOMMANDS)[number]].safeParse({ ...raw, sub });
      if (!checked.success) {
        for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
        return z.NEVER;
      }
      return checked.data;
    }),
  run: (args: ReportArgs, env) =>
    withSession(
      env,
      args.db,
      async (s) => {
        if (args.sub === 'table') {
          return s.call(
            'report.table',
            {
              table: args.positionals[1]!.toUpperCase() as (typeof REPORT_TABLES)[number],
              month: args.month,
              // A path typed on the command line is relative to where the command runs.
              path: resolve(args.out),
              ...(args.pdf ? { pdfPath: resolve(args.pdf) } : {}),
            },
            stderrProgress(env, '报表'),
          );
        }
        if (args.sub === 'card') {
          const who = args.person !== undefined ? { residentId: await residentOf(s, args.person), ...(args.group ? { group: args.group } : {}) } : { group: args.group!, ...(args.village ? { village: args.village } : {}) };
          return { sub: 'card' as const, ...(await s.call('report.card', { ...who, path: resolve(args.out) }, stderrProgress(env, '档案卡'))) };
        }
        const period = { ...(args.from ? { from: args.from } : {}), ...(args.to ? { to: args.to } : {}) };
        return {
          sub: 'posting' as const,
          ...(await s.call('report.posting', { month: args.month, ...(args.village ? { village: args.village } : {}), ...period, path: resolve(args.out) }, stderrProgress(env, '公示表'))),
        };
      },
      args.today,
    ),
  format: (r: { sub?: 'card' | 'posting'; path: string; pdfPath?: string | null; rows?: number; pages?: number; names?: string[]; households?: number; villages?: number; from?: string; to?: string }) => {
    if (r.sub === 'card') return `已生成档案卡 ${r.pages} 张：${r.path}`;
    if (r.sub === 'posting') return `已生成低保公示表（${r.villages} 个村/社区，${r.households} 户，公示期 ${r.from} 至 ${r.to}）：${r.path}`;
    return `已生成报表（${r.rows} 个村/社区）：${r.path}${r.pdfPath ? `\nPDF：${r.pdfPath}` : ''}`;
  },
});

export const reportCommands: CliCommand[] = [report as CliCommand];
