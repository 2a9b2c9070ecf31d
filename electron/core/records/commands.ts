// CLI: the today list, a month's T1–T3 figures, the consistency checks, and `ledger CHANNEL` — any channel of the
// contract through dispatch (the same validation as the UI), so scripts and tests can build every ledger state.
//   due --db DB [--date YYYY-MM-DD] [--village ID] [--grid ID] [--kind K] [--staff ID] [--today YYYY-MM-DD] [--json]
//   indicators --db DB --month YYYY-MM [--json]
//   checks --db DB [--json]
//   ledger CHANNEL --db DB [--input JSON] [--today YYYY-MM-DD] [--json]
// --today pins "today" (what the services use to refuse future dates and as the default date) for reproducible scripts.
import { z } from 'zod';
import { isChannel } from '../../../shared/contract';
import { DUE_KINDS, type CheckItem, type DueItem, type MonthIndicators } from '../../../shared/contract/records';
import { dateString } from '../../../shared/contract/common';
import { dbOption, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';
import type { DueCounts } from './due';
import { validationError } from '../errors';

const noPositionals = z.array(z.string()).max(0, '多余的参数');
const todayOption = dateString('--today（今天的日期）').optional();
const idOption = (label: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,9}$/, `${label}应为正整数编号`)
    .transform(Number)
    .optional();

const due = defineCommand({
  name: 'due',
  summary: '列出某日的待办事项（逾期、今日到期、即将到期），按逾期天数从多到少排列',
  usage: 'due --db FILE [--date YYYY-MM-DD] [--village 村编号] [--grid 网格编号] [--kind 事项] [--staff 网格员编号] [--today YYYY-MM-DD] [--json]',
  options: {
    db: { type: 'string' }, date: { type: 'string' }, village: { type: 'string' }, grid: { type: 'string' }, kind: { type: 'string' },
    staff: { type: 'string' }, today: { type: 'string' },
  },
  schema: z.object({
    db: dbOption,
    date: dateString('--date（日期）').optional(),
    village: idOption('--village'),
    grid: idOption('--grid'),
    kind: z.enum(DUE_KINDS, { error: `--kind 应为：${DUE_KINDS.join('、')}` }).optional(),
    staff: idOption('--staff'),
    today: todayOption,
    positionals: noPositionals,
  }),
  run: (args, env) =>
    withSession(env, args.db, async (s) => {
      const date = args.date ?? s.today;
      return { date, ...(await s.call('due.list', { date, villageId: args.village, gridId: args.grid, kind: args.kind, staffId: args.staff })) };
    }, args.today),
  format: (r: { date: string; items: DueItem[]; counts: DueCounts }) =>
    [
      `${r.date} 待办 ${r.items.length} 项`,
      ...r.items.map(
        (i) =>
          `  ${i.state === '逾期' ? `逾期${i.daysLate}天` : i.state === '今日到期' ? '今日到期' : `${-i.daysLate}天后到期`}\t${i.kind}\t${i.name}\t${i.idNumber}\t${i.village ?? '未划分网格'}${i.grid ? `/${i.grid}` : ''}\t到期日 ${i.dueDate}`,
      ),
    ].join('\n'),
});

const indicators = defineCommand({
  name: 'indicators',
  summary: '计算某月 T1–T3 报表的各村（社区）和合计数字',
  usage: 'indicators --db FILE --month YYYY-MM [--json]',
  options: { db: { type: 'string' }, month: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    month: z.string({ error: '请用 --month 指定统计月份（YYYY-MM）' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '--month 应为 YYYY-MM，如 2026-03'),
    positionals: noPositionals,
  }),
  run: (args, env) => withSession(env, args.db, (s) => s.call('indicators.month', { month: args.month })),
  format: (r: MonthIndicators) => {
    const rate = (v: number | null) => (v === null ? '—' : `${v}%`);
    const lines = [`${r.month} 统计`];
    lines.push('T1 刑满释放人员：村（社区） 在册 重点 衔接率 安置率 帮教率 重新犯罪率 脱管 报到逾期');
    for (const x of [...r.t1.rows, r.t1.total]) {
      lines.push(`  ${x.village} ${x.registered} ${x.key} ${rate(x.handoverRate)} ${rate(x.placementRate)} ${rate(x.helpRate)} ${rate(x.reoffendRate)} ${x.outOfContact} ${x.reportOverdue}`);
    }
    lines.push('T2 严重精神障碍患者：村（社区） 在册 年在管 管理率 规范管理率 服药率 稳定率 以奖代补对象');
    for (const x of [...r.t2.rows, r.t2.total]) {
      lines.push(`  ${x.village} ${x.registered} ${x.managedThisYear} ${rate(x.managementRate)} ${rate(x.standardRate)} ${rate(x.medicationRate)} ${rate(x.stableRate)} ${x.awardEligible}`);
    }
    lines.push('T3 低保：村（社区） 户 人 保障金 新增户 停保户 应复核 已复核');
    for (const x of [...r.t3.rows, r.t3.total]) {
      lines.push(`  ${x.village} ${x.totalHouseholds} ${x.totalPersons} ${x.totalAmount} ${x.newHouseholds} ${x.stoppedHouseholds} ${x.reviewDue} ${x.reviewed}`);
    }
    return lines.join('\n');
  },
});

const checks = defineCommand({
  name: 'checks',
  summary: '检查台账数据的一致性（无网格、保障对象已离开、监护人已离开、帮教小组为空、日期顺序错误）',
  usage: 'checks --db FILE [--json]',
  options: { db: { type: 'string' } },
  schema: z.object({ db: dbOption, positionals: noPositionals }),
  run: (args, env) => withSession(env, args.db, async (s) => ({ items: await s.call('checks.list', {}) })),
  format: (r: { items: CheckItem[] }) => (r.items.length === 0 ? '没有发现问题' : [`发现 ${r.items.length} 个问题：`, ...r.items.map((i) => `  【${i.kind}】${i.message}`)].join('\n')),
});

const ledger = defineCommand({
  name: 'ledger',
  summary: '调用任一操作（如 released.register、record.add），输入为 JSON，校验与界面相同；简写：ledger add released|patient|lowIncome（登记），ledger record（记录）',
  usage: "ledger 操作名 | add released|patient|lowIncome | record --db FILE [--input '{\"…\":…}'] [--today YYYY-MM-DD] [--json]",
  options: { db: { type: 'string' }, input: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    input: z
      .string()
      .default('{}')
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: `--input 不是有效的 JSON：${text.slice(0, 60)}` });
          return z.NEVER;
        }
      }),
    today: todayOption,
    positionals: z
      .array(z.string())
      .min(1, '请给出一个操作名，如 ledger released.register')
      .max(2, '多余的参数')
      .transform((p, ctx) => {
        // Short forms: `add LEDGER` registers an entry, `record` adds a record.
        const channel = p[0] === 'add' ? `${p[1] ?? ''}.register` : p[0] === 'record' && p.length === 1 ? 'record.add' : p.length === 1 ? p[0] : '';
        if (p[0] === 'add' && !['released', 'patient', 'lowIncome'].includes(p[1] ?? '')) {
          ctx.addIssue({ code: 'custom', message: 'ledger add 后面应为 released、patient 或 lowIncome' });
          return z.NEVER;
        }
        if (!isChannel(channel)) {
          ctx.addIssue({ code: 'custom', message: `未知的操作名「${p.join(' ')}」（如 released.register、record.add、due.list）` });
          return z.NEVER;
        }
        // Their inputs hold passwords, which never come on the command line: the user and db protect commands read them from files.
        if (/^(auth|user)\./.test(channel)) {
          ctx.addIssue({ code: 'custom', message: `账号和登录的操作「${channel}」不能用 ledger 调用，请用 user 或 db protect 命令（密码从文件读取）` });
          return z.NEVER;
        }
        return channel;
      }),
  }),
  run: (args, env) => withSession(env, args.db, (s) => s.callAny(args.positionals, args.input), args.today),
});


const reasonOption = z.string({ error: '请用 --reason 写明原因' }).trim().min(1, '请用 --reason 写明原因').max(200, '--reason 不超过200个字');
const positiveId = (label: string) => z.string().regex(/^[1-9]\d{0,9}$/, `${label}应为正整数编号`).transform(Number);
const jsonInput = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: `--input 应为 JSON 对象：${text.slice(0, 60)}` });
    return z.NEVER;
  });

/** Which steps each ledger corrects (`correct` / `void` with --step). */
const STEPS = {
  correct: { released: ['handover', 'report', 'agreement', 'place', 'status', 'assessment'], patient: ['awardAgreement', 'status'], lowIncome: ['exit'] },
  void: { released: ['handover', 'report', 'agreement', 'place', 'status', 'assessment'], patient: ['awardAgreement', 'status'], lowIncome: ['exit'] },
} as const;
const stepEnum = z.enum(['handover', 'report', 'agreement', 'place', 'status', 'assessment', 'awardAgreement', 'exit'], {
  error: '--step 应为 handover、report、agreement、place、assessment（帮教）、status（状态变更）、awardAgreement（监护责任书）或 exit（低保退出）',
});
/** --item: the status change (--step status) or 分类评估 (--step assessment) meant, by its 编号. */
const itemOption = z.coerce.number({ error: '--item 应为编号' }).int('--item 应为编号').positive('--item 应为编号').optional();

/** The --item a status or assessment step needs. */
function itemFor(step: string, item: number | undefined): number {
  if (item === undefined) throw validationError(`--step ${step} 须用 --item 指明${step === 'status' ? '状态变更' : '分类评估'}的编号`);
  return item;
}

/** The step given for a ledger, refused when that ledger has no such step. */
function stepFor(action: 'correct' | 'void', what: 'released' | 'patient' | 'lowIncome', step: string | undefined): string {
  const allowed: readonly string[] = STEPS[action][what];
  if (!step || !allowed.includes(step)) throw validationError(`${action} ${what} 须用 --step ${allowed.join('|')}`);
  return step;
}

/** 更正: a record's fields, or a ledger step's date (and code), with the reason. */
const correct = defineCommand({
  name: 'correct',
  summary: '更正一条记录（record）或台账步骤（released --step handover|report|agreement|place|status|assessment，patient --step awardAgreement|status，lowIncome --step exit），须写明原因',
  usage: "correct record 记录编号 --reason 原因 [--date YYYY-MM-DD] [--input '{\"content\":\"…\"}'] | correct released|patient|lowIncome 编号 --step 步骤 [--item 变更或评估编号] --date YYYY-MM-DD [--code 代码] [--note 说明] --reason 原因 --db FILE [--today YYYY-MM-DD] [--json]",
  options: { db: { type: 'string' }, reason: { type: 'string' }, date: { type: 'string' }, input: { type: 'string' }, step: { type: 'string' }, item: { type: 'string' }, code: { type: 'string' }, note: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    reason: reasonOption,
    date: dateString('--date（日期）').optional(),
    input: jsonInput,
    step: stepEnum.optional(),
    item: itemOption,
    code: z.string().optional(),
    note: z.string().optional(),
    today: todayOption,
    positionals: z.tuple([z.enum(['record', 'released', 'patient', 'lowIncome'], { error: '第一个参数应为 record、released、patient 或 lowIncome' }), positiveId('编号')], {
      error: '用法：correct record|released|patient|lowIncome 编号',
    }),
  }),
  run: (args, env) =>
    withSession(env, args.db, async (s) => {
      const [what, id] = args.positionals;
      if (what === 'record') return s.callAny('record.correct', { ...args.input, id, reason: args.reason, ...(args.date ? { date: args.date } : {}) });
      const step = stepFor('correct', what, args.step);
      if (step === 'status') return s.callAny(`${what}.correctStatus` as 'patient.correctStatus', { id, changeId: itemFor(step, args.item), date: args.date, reason: args.reason });
      if (step === 'assessment') return s.callAny('released.correctAssessment', { id, assessmentId: itemFor(step, args.item), date: args.date, class: args.code, reason: args.reason });
      if (what === 'patient') return s.callAny('patient.correctStep', { id, step, date: args.date, reason: args.reason });
      if (what === 'lowIncome') return s.callAny('lowIncome.correctExit', { id, date: args.date, exitReason: args.code, note: args.note, reason: args.reason });
      return s.callAny('released.correctStep', { id, step, date: args.date, code: args.code, reason: args.reason });
    }, args.today),
});

/** 作废: a record, a ledger step, or an entry registered by mistake, with the reason. */
const voidCommand = defineCommand({
  name: 'void',
  summary: '作废一条记录（record）、台账步骤（released --step handover|report|agreement|place|status|assessment，patient --step awardAgreement|status，lowIncome --step exit）或误登记的台账（released|patient|lowIncome），须写明原因',
  usage: 'void record|released|patient|lowIncome 编号 --reason 原因 [--step 步骤 [--item 变更或评估编号]] --db FILE [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, reason: { type: 'string' }, step: { type: 'string' }, item: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    reason: reasonOption,
    step: stepEnum.optional(),
    item: itemOption,
    today: todayOption,
    positionals: z.tuple([z.enum(['record', 'released', 'patient', 'lowIncome'], { error: '第一个参数应为 record、released、patient 或 lowIncome' }), positiveId('编号')], {
      error: '用法：void record|released|patient|lowIncome 编号',
    }),
  }),
  run: (args, env) =>
    withSession(env, args.db, async (s) => {
      const [what, id] = args.positionals;
      if (what === 'record') return s.call('record.void', { id, reason: args.reason });
      if (args.step) {
        const step = stepFor('void', what, args.step);
        if (step === 'status') return s.callAny(`${what}.voidStatus` as 'patient.voidStatus', { id, changeId: itemFor(step, args.item), reason: args.reason });
        if (step === 'assessment') return s.callAny('released.voidAssessment', { id, assessmentId: itemFor(step, args.item), reason: args.reason });
        if (what === 'patient') return s.callAny('patient.voidStep', { id, step, reason: args.reason });
        if (what === 'lowIncome') return s.call('lowIncome.voidExit', { id, reason: args.reason });
        return s.callAny('released.voidStep', { id, step, reason: args.reason });
      }
      return s.callAny(`${what}.void`, { id, reason: args.reason });
    }, args.today),
});

export const recordCommands: CliCommand[] = [due, indicators, checks, ledger, correct, voidCommand];
