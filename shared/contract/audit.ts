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

/** The columns an entry's changes name, in Chinese for the page and the export (an unknown one shows as is). */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  code: '代码', name: '名称/姓名', type: '类型', village_id: '所属村（社区）', kind: '类别', description: '描述', closed_on: '撤销日期', close_reason: '撤销原因',
  number: '户号', grid_id: '网格', address: '地址', note: '备注', id_number: '公民身份号码', former_name: '曾用名', sex: '性别', birth_date: '出生日期',
  ethnicity: '民族', native_place: '籍贯', marital: '婚姻状况', political: '政治面貌', education: '文化程度', religion: '宗教信仰', occupation: '职业',
  phone: '联系电话', registered_address: '户籍地址', current_address: '现住址', residence_kind: '人员类别', inflow_reason: '流入原因', certificate_type: '证件类型',
  certificate_number: '证件号码', inflow_date: '流入日期', certificate_expiry: '证件有效期', dwelling_type: '住所类型', key_concern: '重点关注', household_id: '户',
  relation: '与户主关系', status: '状态', left_on: '注销日期', left_reason: '注销原因', name_pinyin: '姓名拼音', name_initials: '拼音首字母', role: '职务',
  start_date: '任职日期', end_date: '离任日期', resident_id: '居民', notice_received_on: '收到通知日期', prison: '原服刑场所', crime: '原罪名', sentence: '原判刑期',
  release_date: '刑满释放日期', recidivist: '是否累犯', ended_in_correction: '社区矫正解除', handover_on: '衔接日期', handover_code: '衔接情况', reported_on: '报到日期',
  agreement_signed_on: '帮教协议签订日期', class: '类别/等级', class_assessed_on: '分类评估日期', placement_code: '安置情况', placed_on: '安置日期',
  unplaced_reason: '未安置原因', reoffend_on: '重新犯罪日期', reoffend_crime: '重新犯罪罪名', status_since: '状态起始日期', voided_on: '作废日期', void_reason: '作废原因',
  registered_on: '登记日期', diagnosis: '诊断', first_onset_on: '初次发病日期', prior_incident_count: '既往肇事肇祸次数', prior_last_incident_on: '既往末次肇事日期',
  risk: '危险性评估等级', risk_assessed_on: '危险性评估日期', registered_risk: '登记时危险性', treatment: '治疗情况', hospital: '治疗医院', guardian_resident_id: '监护人',
  guardian_name: '监护人姓名', guardian_phone: '监护人电话', guardian_relation: '与监护人关系', award_agreement_signed_on: '监护责任书签订日期',
  last_award_review_on: '以奖代补末次复核', confirmed_on: '认定日期', area: '城乡类别', monthly_amount_fen: '月保障金（分）', confirmed_amount_fen: '认定保障金（分）',
  extreme_poverty: '特困', publicity_from: '公示起始', publicity_to: '公示截止', exit_on: '退出日期', exit_reason: '退出原因', exit_note: '退出说明', ledger: '台账',
  entry_id: '台账条目', date: '日期', method: '方式', staff_id: '工作人员', staff_name: '工作人员姓名', content: '内容', medication: '服药情况', follow_up_class: '随访分类',
  hospitalization: '住院情况', locking: '关锁情况', next_follow_up_on: '下次随访日期', review_result: '复核结果', new_amount_fen: '调整后金额（分）', key: '设置项',
  value: '设置值', title: '标题', body: '正文', file: '文件', mapping: '列映射',
};
export const auditFieldLabel = (column: string) => AUDIT_FIELD_LABELS[column] ?? column;
