// The audit log (审计日志, issue 10): listed, verified and exported by administrators only.
import { z } from 'zod';
import { dateString, exportResult, id, outputPath } from './common';
import { ADMIN_ONLY, channel, read } from './define';

/** What an entry records. */
export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'logout', 'lock', 'view', 'create', 'update', 'close', 'import', 'export', 'print', 'package', 'backup', 'restore', 'settings', 'user',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  lock: '锁定',
  view: '查看',
  create: '新增',
  update: '修改',
  close: '注销/作废',
  import: '导入',
  export: '导出',
  print: '打印',
  package: '生成月报包',
  backup: '备份',
  restore: '恢复',
  settings: '设置',
  user: '账号管理',
};

const action = z.enum(AUDIT_ACTIONS, { error: `操作类型应为：${AUDIT_ACTIONS.map((a) => AUDIT_ACTION_LABELS[a]).join('、')}` });

/** The filters of the audit page, the CLI's `audit list` and the export. */
export const auditFilter = z
  .object({
    userId: z.string().min(1).max(64).optional(),
    residentId: id.optional(),
    action: action.optional(),
    from: dateString('起始日期').optional(),
    to: dateString('截止日期').optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '起始日期不能晚于截止日期', path: ['from'] });
export type AuditFilter = z.input<typeof auditFilter>;

/** One change of a field: the record (kind and id), the column, its value before and after. */
export const auditChange = z.object({ kind: z.string(), id: z.union([z.number(), z.string()]), field: z.string(), before: z.unknown(), after: z.unknown() });
export type AuditChange = z.infer<typeof auditChange>;

export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  userId: z.string(),
  userName: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  channel: z.string().nullable(),
  channelLabel: z.string().nullable(),
  subjectKind: z.string().nullable(),
  subjectId: z.string().nullable(),
  residentId: z.number().nullable(),
  residentName: z.string().nullable(),
  summary: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const auditPage = z.object({
  total: z.number().int(),
  items: z.array(auditEntry),
  /** Everyone who has an entry, for the page's user filter. */
  users: z.array(z.object({ userId: z.string(), userName: z.string() })),
});
export type AuditPage = z.infer<typeof auditPage>;

export const AUDIT_PROBLEM_KINDS = ['altered', 'broken', 'truncated', 'head_mismatch'] as const;
export const AUDIT_PROBLEM_LABELS: Record<(typeof AUDIT_PROBLEM_KINDS)[number], string> = {
  altered: '内容被改动',
  broken: '前后衔接断开（条目被删除或调换顺序）',
  truncated: '末尾的条目被删除',
  head_mismatch: '日志与记录的末条不符（日志被整体改写）',
};

export const auditVerifyResult = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** The last entry as the database's anchor records it (for staff who note it down). */
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  problem: z.object({ seq: z.number().int(), kind: z.enum(AUDIT_PROBLEM_KINDS), message: z.string() }).nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;

export const auditChannels = {
  'audit.list': channel(
    z.object({ filter: auditFilter.default({}), offset: z.number().int().min(0).max(10_000_000).default(0), limit: z.number().int().min(1).max(500).default(100) }),
    auditPage,
    read('town', { roles: ADMIN_ONLY }),
  ),
  'audit.verify': channel(z.object({}).strict(), auditVerifyResult, read('town', { roles: ADMIN_ONLY })),
  'audit.export': channel(z.object({ filter: auditFilter.default({}), path: outputPath }), exportResult, read('town', { roles: ADMIN_ONLY, long: true })),
};
