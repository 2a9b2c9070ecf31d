// CLI of the month's package, through dispatch like every command:
//   report package --db DB --month YYYY-MM --out DIR [--zip]      generate (and freeze) or write a frozen month again
//   report verify DIR|FILE.zip                                    exit 1 naming every file that differs or is missing
//   report months --db DB                                         every month and its state
//   report reopen --db DB --month YYYY-MM --reason TEXT
//   report sent --db DB --month YYYY-MM --on YYYY-MM-DD --how TEXT
import { resolve } from 'node:path';
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { MONTH_STATE_LABELS, type MonthDetail, type MonthSummary, type PackageResult, type VerifyResult } from '../../../shared/contract/monthPackage';
import { dbOption, stderrProgress, withSession, monthOption, todayOption } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import { AppError } from '../errors';

const month = monthOption;
const today = todayOption;
const sizeText = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

const packageCommand = defineCommand({
  name: 'report package',
  summary: '生成某月报送县里的月报文件夹（统计表、台账、月度工作报告、manifest.json），并冻结该月；已冻结的月份原样重写',
  usage: 'report package --db FILE --month YYYY-MM --out DIR [--zip] [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' }, zip: { type: 'boolean' }, today: { type: 'string' } },
  schema: z.object({ db: dbOption, month, out: z.string({ error: '请用 --out 指定保存月报的文件夹' }).min(1), zip: z.boolean().optional(), today, positionals: z.array(z.string()).max(0, '多余的参数') }),
  run: (args, env) =>
    withSession(env, args.db, (s) => s.call('month.package', { month: args.month, dir: resolve(args.out), zip: args.zip ?? false }, stderrProgress(env, '月报')), args.today),
  format: (r: PackageResult) =>
    [
      `${r.froze ? '已生成并冻结' : '该月已冻结，已按冻结时的文件原样写出'}：${r.dir}`,
      ...(r.zipPath ? [`压缩包：${r.zipPath}`] : []),
      ...r.files.map((f) => `  ${f.name}（${sizeText(f.size)}）`),
      `manifest.json 的 SHA-256：${r.manifestSha256}`,
    ].join('\n'),
});

/** A package that fails the check: exit 1 with the file list in --json. */
class PackageDiffers extends AppError {
  constructor(readonly report: VerifyResult) {
    const bad = report.files.filter((f) => f.status === 'changed' || f.status === 'missing');
    super(
      'VALIDATION',
      `月报校验未通过：${bad.length} 个文件与 manifest.json 不符`,
      bad.map((f) => ({ message: `${f.name}：${f.status === 'missing' ? '缺少该文件' : '内容已改动（SHA-256 不同）'}` })),
    );
  }
}

const verifyCommand = defineCommand({
  name: 'report verify',
  summary: '按 manifest.json 重新计算月报中每个文件的 SHA-256；有文件改动或缺少时退出码为 1 并列出',
  usage: 'report verify DIR|FILE.zip [--json]',
  options: {},
  schema: z.object({ positionals: z.array(z.string()).length(1, '请写明要校验的月报文件夹或 .zip 压缩包') }),
  run: async (args, env) => {
    const r = await withSession(env, null, (s) => s.call('month.verify', { path: resolve(args.positionals[0]!) }));
    if (!r.ok) throw new PackageDiffers(r);
    return r;
  },
  format: (r: VerifyResult) =>
    [`月报校验通过：${r.town ?? ''} ${r.month ?? ''}，${r.files.filter((f) => f.status === 'ok').length} 个文件与 manifest.json 一致`, ...r.files.filter((f) => f.status === 'extra').map((f) => `  另有清单外的文件：${f.name}`)].join('\n'),
});

const monthsCommand = defineCommand({
  name: 'report months',
  summary: '列出每个月的月报状态（未生成、已冻结、已报送、已重新打开）',
  usage: 'report months --db FILE [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({ db: dbOption, today, positionals: z.array(z.string()).max(0, '多余的参数') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('month.list', {}), args.today),
  format: (rows: MonthSummary[]) =>
    rows.map((r) => `${r.month}  ${MONTH_STATE_LABELS[r.state]}${r.frozenAt ? `  生成于 ${r.frozenAt.slice(0, 10)}` : ''}${r.sentOn ? `  ${r.sentOn} ${r.sentHow}` : ''}`).join('\n'),
});

const detailText = (r: MonthDetail) => `${r.month}：${MONTH_STATE_LABELS[r.state]}${r.events[0]?.reason ? `（${r.events[0].reason}）` : ''}`;

const reopenCommand = defineCommand({
  name: 'report reopen',
  summary: '重新打开已冻结的月份（须写明原因），下次生成时按当时的数据重新统计',
  usage: 'report reopen --db FILE --month YYYY-MM --reason 原因 [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, reason: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({ db: dbOption, month, reason: z.string({ error: '请用 --reason 写明重新打开的原因' }), today, positionals: z.array(z.string()).max(0, '多余的参数') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('month.reopen', { month: args.month, reason: args.reason }), args.today),
  format: detailText,
});

const sentCommand = defineCommand({
  name: 'report sent',
  summary: '把已生成的月报标记为已报送（日期、方式）',
  usage: 'report sent --db FILE --month YYYY-MM --on YYYY-MM-DD --how 报送方式 [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' }, on: { type: 'string' }, how: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({ db: dbOption, month, on: dateString('--on（报送日期）'), how: z.string({ error: '请用 --how 写明报送方式' }), today, positionals: z.array(z.string()).max(0, '多余的参数') }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('month.markSent', { month: args.month, sentOn: args.on, how: args.how }), args.today),
  format: detailText,
});

export const monthPackageCommands: CliCommand[] = [packageCommand, verifyCommand, monthsCommand, sentCommand, reopenCommand].map((c) => c as CliCommand);
