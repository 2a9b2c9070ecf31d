// CLI of the event desk:
//   event add --db DB --village ID --category CODE --title T --on YYYY-MM-DD [--source S] [--grid ID] [--staff ID]
//             [--reporter NAME] [--place P] [--description D] [--involved N] [--party NAME]… [--resident ID]…
//             [--record ID] [--attach FILE]… [--today YYYY-MM-DD] [--json]
//   event step ID STEP --db DB [--on YYYY-MM-DD] [--note ..] [--assignee ..] [--satisfaction ..] [--today ..] [--json]
//   event list --db DB [--state S] [--overdue] [--village ID] [--month YYYY-MM] [--date YYYY-MM-DD] [--json]
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import { EVENT_STATES, EVENT_STEPS, EVENT_STEP_LABELS, EVENT_STATE_LABELS, type EventDetail, type EventRow } from '../../../shared/contract/events';
import { dbOption, todayOption, withSession } from '../cli/ledger';
import { defineCommand, type CliCommand } from '../cli/run';

const idOption = (label: string) => z.string().regex(/^[1-9]\d{0,9}$/, `${label}应为正整数编号`).transform(Number);
const many = (label: string) => z.array(idOption(label)).default([]);

/** Step names as the CLI takes them: the English code or the Chinese label. */
const stepOf = (raw: string) => {
  const byLabel = Object.entries(EVENT_STEP_LABELS).find(([, l]) => l === raw || (raw === '分流' && l === '分流派遣'));
  return byLabel ? byLabel[0] : raw;
};
const stateOf = (raw: string) => Object.entries(EVENT_STATE_LABELS).find(([, l]) => l === raw)?.[0] ?? raw;

const detailText = (e: EventDetail) =>
  [
    `${e.number} ${e.title}（${e.categoryName}，${e.village}${e.grid ? `/${e.grid}` : ''}）状态：${e.voided ? '已作废' : e.stateLabel}`,
    ...e.steps.map((s) => `  ${s.on} ${s.label}${s.assignee ? ` → ${s.assignee}` : ''}${s.note ? `：${s.note}` : ''}（${s.byName}）`),
    ...e.deadlines.map((d) => `  ${d.label}：${d.startOn} 起 ${d.days} 个工作日，到期 ${d.dueOn}${d.doneOn ? `，${d.doneOn} 办理` : ''}${d.status === 'late' || d.status === 'overdue' ? `（逾期 ${d.daysLate} 个工作日）` : ''}`),
  ].join('\n');

const add = defineCommand({
  name: 'event add',
  summary: '上报一件事件（矛盾纠纷），可附当事人和附件',
  usage:
    'event add --db FILE --village 村编号 --category 类别 --title 标题 --on YYYY-MM-DD [--source 来源] [--grid 网格编号] [--staff 网格员编号] [--reporter 上报人] [--place 地点] [--description 描述] [--involved 人数] [--party 姓名]… [--resident 居民编号]… [--record 走访记录编号] [--attach 文件]… [--today YYYY-MM-DD] [--json]',
  options: {
    db: { type: 'string' }, village: { type: 'string' }, grid: { type: 'string' }, category: { type: 'string' }, title: { type: 'string' },
    on: { type: 'string' }, source: { type: 'string' }, staff: { type: 'string' }, reporter: { type: 'string' }, place: { type: 'string' },
    description: { type: 'string' }, involved: { type: 'string' }, party: { type: 'string', multiple: true }, resident: { type: 'string', multiple: true },
    record: { type: 'string' }, attach: { type: 'string', multiple: true }, today: { type: 'string' },
  },
  schema: z.object({
    db: dbOption,
    village: idOption('--village'),
    grid: idOption('--grid').optional(),
    category: z.string({ error: '请用 --category 指定事件类别' }),
    title: z.string({ error: '请用 --title 填写事件标题' }),
    on: dateString('--on（上报日期）').optional(),
    source: z.string().default('网格员巡查'),
    staff: idOption('--staff').optional(),
    reporter: z.string().default(''),
    place: z.string().default(''),
    description: z.string().default(''),
    involved: z.string().regex(/^\d+$/, '--involved 应为整数').transform(Number).optional(),
    party: z.array(z.string()).default([]),
    resident: many('--resident'),
    record: idOption('--record').optional(),
    attach: z.array(z.string()).default([]),
    today: todayOption,
    positionals: z.array(z.string()).max(0, 'event add 不接受其他参数'),
  }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      (s) =>
        s.call('event.create', {
          source: args.source,
          category: args.category,
          villageId: args.village,
          gridId: args.grid ?? null,
          title: args.title,
          reportedOn: args.on ?? s.today,
          reporterStaffId: args.staff ?? null,
          reporterName: args.reporter,
          place: args.place,
          description: args.description,
          ...(args.involved !== undefined ? { involved: args.involved } : {}),
          sourceRecordId: args.record ?? null,
          parties: [...args.resident.map((residentId) => ({ residentId })), ...args.party.map((name) => ({ name }))],
          attachments: args.attach,
        }),
      args.today,
    ),
  format: detailText,
});

const step = defineCommand({
  name: 'event step',
  summary: '办理事件的一个环节：受理、分流派遣、处置、核查、办结、评价、退回或督办',
  usage: 'event step 事件编号 环节 --db FILE [--on YYYY-MM-DD] [--note 意见] [--assignee 承办单位] [--satisfaction 满意度] [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, on: { type: 'string' }, note: { type: 'string' }, assignee: { type: 'string' }, satisfaction: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    on: dateString('--on（办理日期）').optional(),
    note: z.string().default(''),
    assignee: z.string().optional(),
    satisfaction: z.string().optional(),
    today: todayOption,
    positionals: z
      .array(z.string())
      .length(2, '请写明事件编号和办理环节，如 event step 12 accept')
      .transform((p) => [p[0]!, stepOf(p[1]!)] as const)
      .pipe(z.tuple([idOption('事件编号'), z.enum(EVENT_STEPS, { error: `办理环节应为：${EVENT_STEPS.join('、')}（或其中文名）` })])),
  }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      (s) =>
        s.call('event.step', {
          id: args.positionals[0],
          step: args.positionals[1],
          on: args.on ?? s.today,
          note: args.note,
          ...(args.assignee !== undefined ? { assignee: args.assignee } : {}),
          ...(args.satisfaction !== undefined ? { satisfaction: args.satisfaction } : {}),
        }),
      args.today,
    ),
  format: detailText,
});

const list = defineCommand({
  name: 'event list',
  summary: '列出事件（可按状态、逾期、村、月份筛选）',
  usage: 'event list --db FILE [--state 状态] [--overdue] [--village 村编号] [--month YYYY-MM] [--date YYYY-MM-DD] [--limit N] [--today YYYY-MM-DD] [--json]',
  options: { db: { type: 'string' }, state: { type: 'string' }, overdue: { type: 'boolean' }, village: { type: 'string' }, month: { type: 'string' }, date: { type: 'string' }, limit: { type: 'string' }, today: { type: 'string' } },
  schema: z.object({
    db: dbOption,
    state: z.string().transform(stateOf).pipe(z.enum(EVENT_STATES, { error: `--state 应为：${EVENT_STATES.join('、')}（或其中文名）` })).optional(),
    overdue: z.boolean().default(false),
    village: idOption('--village').optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '--month 应为 YYYY-MM，如 2026-11').optional(),
    date: dateString('--date（日期）').optional(),
    limit: z.string().regex(/^[1-9]\d{0,3}$/, '--limit 应为 1–1000 的整数').transform(Number).default(1000),
    today: todayOption,
    positionals: z.array(z.string()).max(0, 'event list 不接受其他参数'),
  }),
  run: (args, env) =>
    withSession(
      env,
      args.db,
      (s) => s.call('event.list', { state: args.state, overdue: args.overdue || undefined, villageId: args.village, month: args.month, date: args.date, limit: Math.min(args.limit, 1000) }),
      args.today,
    ),
  format: (r: { total: number; rows: EventRow[] }) =>
    [
      `共 ${r.total} 件`,
      ...r.rows.map((e) => `  ${e.number}\t${e.reportedOn}\t${e.stateLabel}\t${e.categoryName}\t${e.village}\t${e.title}${e.nextDue ? `\t${e.nextDue.label}到期 ${e.nextDue.dueOn}${e.nextDue.status === 'overdue' ? '（已逾期）' : ''}` : ''}`),
    ].join('\n'),
});

export const eventCommands: CliCommand[] = [add, step, list];
