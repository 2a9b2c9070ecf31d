// CLI, through dispatch like every command (the files are written in the job worker, as in the app):
//   report table T1|T2|T3|T4|T5|T6 --db DB --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf]
//   report card --db DB (--person ID | --group released|patient|lowIncome [--village CODE]) --out FILE.pdf
//   report posting --db DB --month YYYY-MM [--village CODE] [--from DATE] [--to DATE] --out FILE.pdf
//   report monthly --db DB --month YYYY-MM --out FILE.pdf                 (月度工作报告)
//   report ledger released|patient|low-income|staff|residents --db DB --out FILE.xlsx   (台账 with its 打印 sheet)
//   report members --db DB --month YYYY-MM --table T1 --figure KEY [--village CODE] [--out FILE.xlsx]
// --person takes the resident's number in the app (digits) or their 18-character 公民身份号码 (found exactly).
import { resolve } from 'node:path';
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { LEDGERS } from '../../../shared/contract/records';
import { REPORT_TABLES, type ReportMembers } from '../../../shared/contract/reports';
import type { LedgerId } from '../../../shared/reports/ledgers';
import { normalizeIdNumber } from '../../../shared/rules/idNumber';
import { dbOption, stderrProgress, withSession, type CliSession, monthOption, todayOption, noPositionals } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import { notFound } from '../errors';

const month = monthOption;
const pdfOut = z.string({ error: '请用 --out 指定 PDF 文件' }).regex(/\.pdf$/i, '--out 应为以 .pdf 结尾的文件');
const village = z.string().regex(/^\d{12}$/, '--village 应为 12 位村（社区）代码').optional();
const today = todayOption;

const report = defineCommand({
  name: 'report table',
  summary: '生成某月的统计报表 T1–T6（Excel，可另存 PDF）',
  usage: 'report table T1|T2|T3|T4|T5|T6 --db FILE --month YYYY-MM --out FILE.xlsx [--pdf FILE.pdf] [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, pdf: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    month,
    out: z.string({ error: '请用 --out 指定报表文件' }).regex(/\.xlsx$/i, '报表文件应以 .xlsx 结尾'),
    pdf: z.string().regex(/\.pdf$/i, 'PDF 文件应以 .pdf 结尾').optional(),
    today,
    positionals: z
      .array(z.string())
      .length(1, '请写明生成哪张表，如 report table T1')
      .refine((p) => (REPORT_TABLES as readonly string[]).includes((p[0] ?? '').toUpperCase()), { message: '报表应为 T1、T2、T3、T4、T5 或 T6' }),
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

const card = defineCommand({
  name: 'report card',
  summary: '生成一人一卡档案卡 PDF：一位居民，或一类重点人群（可限一个村/社区）',
  usage: 'report card --db FILE (--person 居民编号|身份证号 | --group released|patient|lowIncome [--village 村代码]) --out FILE.pdf [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, person: { type: 'string' }, group: { type: 'string' }, village: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' } },
  schema: z
    .object({
      db: dbOption,
      person: z.string().trim().min(1, '--person 应为居民编号或公民身份号码').optional(),
      group: z.enum(LEDGERS, { error: '--group 应为 released、patient 或 lowIncome' }).optional(),
      village,
      out: pdfOut,
      today,
      positionals: noPositionals('report card'),
    })
    .refine((a) => a.person !== undefined || a.group !== undefined, { message: '请用 --person 指定一位居民，或用 --group 指定一类重点人群（可加 --village）' })
    .refine((a) => !(a.person !== undefined && a.village !== undefined), { message: '--village 只能与 --group 一起用' }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      async (s) => {
        const who = args.person !== undefined ? { residentId: await residentOf(s, args.person), ...(args.group ? { group: args.group } : {}) } : { group: args.group!, ...(args.village ? { village: args.village } : {}) };
        return s.call('report.card', { ...who, path: resolve(args.out) }, stderrProgress(env, '档案卡'));
      },
      args.today,
    ),
  format: (r: { path: string; pages: number }) => `已生成档案卡 ${r.pages} 张：${r.path}`,
});

const posting = defineCommand({
  name: 'report posting',
  summary: '生成低保公示表 PDF（身份证号遮挡），整个乡镇或一个村/社区',
  usage: 'report posting --db FILE --month YYYY-MM [--village 村代码] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out FILE.pdf [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, village: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    month,
    village,
    from: dateString('--from（公示开始日期）').optional(),
    to: dateString('--to（公示结束日期）').optional(),
    out: pdfOut,
    today,
    positionals: noPositionals('report posting'),
  }),
  run: (args, env) => {
    const period = { ...(args.from ? { from: args.from } : {}), ...(args.to ? { to: args.to } : {}) };
    return withSession(
      env,
      args.db,
      (s) => s.call('report.posting', { month: args.month, ...(args.village ? { village: args.village } : {}), ...period, path: resolve(args.out) }, stderrProgress(env, '公示表')),
      args.today,
    );
  },
  format: (r: { path: string; households: number; villages: number; from: string; to: string }) =>
    `已生成低保公示表（${r.villages} 个村/社区，${r.households} 户，公示期 ${r.from} 至 ${r.to}）：${r.path}`,
});

function membersText(r: ReportMembers & { path?: string }): string {
  const lines = [`${r.title}：${r.total}（${r.unit}）`];
  lines.push(r.columns.map((c) => c.label).join('\t'));
  for (const row of r.rows) lines.push(r.columns.map((c) => String(row[c.key] ?? '')).join('\t'));
  if (r.path) lines.push(`已导出：${r.path}`);
  return lines.join('\n');
}

const members = defineCommand({
  name: 'report members',
  summary: '列出统计表中某个数字背后的人员（如 T1 的脱管），可导出 Excel',
  usage: 'report members --db FILE --month YYYY-MM --table T1 --figure KEY [--village CODE] [--out FILE.xlsx] [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, table: { type: 'string' }, figure: { type: 'string' }, village: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    month,
    table: z
      .string({ error: '请用 --table 指定报表（T1–T6）' })
      .transform((t) => t.toUpperCase())
      .pipe(z.enum(REPORT_TABLES, { error: '--table 应为 T1、T2、T3、T4、T5 或 T6' })),
    figure: z.string({ error: '请用 --figure 指定哪一列的数字，如 outOfContact（脱管）' }).min(1),
    village: z.string().min(1).optional(),
    out: z.string().regex(/\.xlsx$/i, '名单文件应以 .xlsx 结尾').optional(),
    today,
    positionals: noPositionals('report members'),
  }),
  run: (args, env) => {
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
  },
  format: membersText,
});

const monthly = defineCommand({
  name: 'report monthly',
  summary: '生成某月的月度工作报告 PDF（封面、一至六部分、图表、落款）',
  usage: 'report monthly --db FILE --month YYYY-MM --out FILE.pdf [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({ db: dbOption, month, out: z.string({ error: '请用 --out 指定 PDF 文件' }).regex(/\.pdf$/i, '月度工作报告应以 .pdf 结尾'), today, positionals: noPositionals('report monthly') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('report.monthly', { month: args.month, path: resolve(args.out) }, stderrProgress(env, '月度工作报告')), args.today),
  format: (r: { path: string; bytes: number }) => `已生成月度工作报告（${r.bytes.toLocaleString('en-US')} 字节）：${r.path}`,
});

/** The CLI's ledger names (kebab-case, as `export low-income`) and the channel's. */
const LEDGER_ARGS: Record<string, LedgerId> = { released: 'released', patient: 'patient', 'low-income': 'lowIncome', staff: 'staff', residents: 'residents' };
const LEDGER_USAGE = Object.keys(LEDGER_ARGS).join('|');
const LEDGER_LIST = Object.keys(LEDGER_ARGS).join('、');

const ledger = defineCommand({
  name: 'report ledger',
  summary: '生成台账 Excel（完整列 + 「打印」页：A3/A4 横向、不小于 9 磅、每页标题和填报单位、落款与盖章处）',
  usage: `report ledger ${LEDGER_USAGE} --db FILE --out FILE.xlsx [--today YYYY-MM-DD] [--json]`,
  options: { db: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    out: z.string({ error: '请用 --out 指定台账文件' }).regex(/\.xlsx$/i, '台账文件应以 .xlsx 结尾'),
    today,
    positionals: z
      .array(z.string())
      .length(1, `请写明生成哪本台账：${LEDGER_USAGE}`)
      .refine((p) => Object.hasOwn(LEDGER_ARGS, p[0] ?? ''), { message: `台账应为 ${LEDGER_LIST} 之一` }),
  }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('report.ledger', { ledger: LEDGER_ARGS[args.positionals[0]!]!, path: resolve(args.out) }, stderrProgress(env, '台账')), args.today),
  format: (r: { path: string; rows: number; fileName: string }) => `已生成台账（${r.rows} 行，${r.fileName.replace(/\.xlsx$/, '')}）：${r.path}`,
});

export const reportCommands: CliCommand[] = [report, card, posting, members, monthly, ledger].map((c) => c as CliCommand);
