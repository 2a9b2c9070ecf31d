// CLI: the audit log.
//   audit verify --db DB                 exit 1 naming the entry (seq) and the kind of problem when the chain is broken
//   audit list --db DB [--user U] [--action A] [--from D] [--to D] [--person ID] [--limit N] [--json]
import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditPage, type AuditVerifyResult } from '../../../shared/contract/audit';
import { dbOption, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import { AppError } from '../errors';

/** A broken chain: the command fails (exit 1) with the problem, and --json still prints the result. */
class ChainBroken extends AppError {
  constructor(readonly report: AuditVerifyResult) {
    super('VALIDATION', `审计日志校验未通过：${report.problem!.message}（共 ${report.entries} 条，问题类型 ${report.problem!.kind}）`);
  }
}

const verifyCommand = defineCommand({
  name: 'audit verify',
  summary: '校验审计日志的哈希链和末条锚点；有条目被改动、删除（含最后一条）或调换时退出码为 1，并指出第几条',
  usage: 'audit verify --db FILE [--json]',
  options: { db: { type: 'string' } },
  schema: z.object({ db: dbOption, positionals: z.array(z.string()).max(0, '多余的参数') }),
  run: async (args, env) => {
    const r = await withSession(env, args.db, (s) => s.call('audit.verify', {}));
    if (!r.ok) throw new ChainBroken(r);
    return r;
  },
  format: (r: AuditVerifyResult) => `审计日志校验通过：共 ${r.entries} 条${r.head ? `，末条第 ${r.head.seq} 条，哈希 ${r.head.hash.slice(0, 16)}…` : ''}`,
});

const listCommand = defineCommand({
  name: 'audit list',
  summary: '列出审计日志（最新的在前），可按用户、操作类型、日期、人员筛选',
  usage: `audit list --db FILE [--by 用户编号或姓名] [--action ${AUDIT_ACTIONS.join('|')}] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--person 居民编号] [--limit N] [--json]`,
  options: { db: { type: 'string' }, by: { type: 'string' }, action: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, person: { type: 'string' }, limit: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    // Whose entries: --by, since --user names who is running the command (a protected database's login).
    by: z.string().optional(),
    action: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    person: z.string().regex(/^\d{1,12}$/, '--person 应为居民编号（数字）').transform(Number).optional(),
    limit: z.string().regex(/^\d{1,4}$/, '--limit 应为 1 至 500 的数字').transform(Number).optional(),
    positionals: z.array(z.string()).max(0, '多余的参数'),
  }),
  // The channel's own schema checks the values (an unknown action, a date out of range).
  run: (args, env) =>
    withSession(env, args.db, (s) =>
      s.callAny('audit.list', { filter: { userId: args.by, action: args.action, from: args.from, to: args.to, residentId: args.person }, limit: args.limit ?? 100 }),
    ),
  format: (r: AuditPage) =>
    [
      `共 ${r.total} 条${r.total > r.items.length ? `，显示最新 ${r.items.length} 条` : ''}`,
      ...r.items.map((e) => `${e.seq}\t${e.at}\t${e.userName}\t${e.actionLabel}\t${e.summary}`),
    ].join('\n'),
});

export const auditCommands: CliCommand[] = [verifyCommand, listCommand];
