// The event desk (issue 12): 事件 / 矛盾纠纷 with their flow (shared/rules/eventMachine.ts), deadlines in working days,
// parties, attachments; the town's event categories and its corrections to the working-day calendar.
import { z } from 'zod';
import { eventSourceTable, satisfactionTable } from '../codes/event';
import { channel, read, write, TOWN_WRITERS } from './define';
import { codeOf, dateString, exportResult, id, inputPath, outputPath, page, phone, requiredText, text } from './common';

/** The flow's states, each named after the last step done (labels in EVENT_STATE_LABELS). */
export const EVENT_STATES = ['reported', 'accepted', 'dispatched', 'handling', 'checking', 'closed', 'rated'] as const;
export type EventState = (typeof EVENT_STATES)[number];
export const EVENT_STATE_LABELS: Readonly<Record<EventState, string>> = {
  reported: '已上报',
  accepted: '已受理',
  dispatched: '已分流',
  handling: '已处置',
  checking: '已核查',
  closed: '已办结',
  rated: '已评价',
};

/** The steps after 上报: the six of the flow, 退回 (back one step, with the reason) and 督办 (recorded only). */
export const EVENT_STEPS = ['accept', 'dispatch', 'handle', 'check', 'close', 'rate', 'return', 'supervise'] as const;
export type EventStep = (typeof EVENT_STEPS)[number];
export const EVENT_STEP_LABELS: Readonly<Record<EventStep | 'report', string>> = {
  report: '上报',
  accept: '受理',
  dispatch: '分流派遣',
  handle: '处置',
  check: '核查',
  close: '办结',
  rate: '评价',
  return: '退回',
  supervise: '督办',
};

/** The three working-day limits (rule settings eventAcceptDays / eventRouteDays / eventCloseDays). */
export const EVENT_DEADLINES = ['accept', 'dispatch', 'close'] as const;
export type EventDeadlineKind = (typeof EVENT_DEADLINES)[number];

const categoryCode = z.string({ error: '请选择事件类别' }).trim().min(1, '请选择事件类别').max(20, '事件类别代码过长');

export const eventPartyInput = z
  .object({
    /** A resident from the register; their name is taken from it. */
    residentId: id.optional(),
    /** A typed name, when the party is not in the register. */
    name: text('当事人姓名', 30),
    phone,
    role: text('当事人身份', 20).transform((v) => v || '当事人'),
  })
  .superRefine((v, ctx) => {
    if (v.residentId === undefined && v.name === '') ctx.addIssue({ code: 'custom', path: ['name'], message: '请选择当事人或填写当事人姓名' });
  });
export type EventPartyInput = z.input<typeof eventPartyInput>;

export const eventCreateInput = z.object({
  source: codeOf(eventSourceTable),
  /** A built-in 矛盾纠纷 code (D01…) or one of the town's own categories (eventCategory.list). */
  category: categoryCode,
  villageId: id,
  gridId: id.nullable().optional(),
  lon: z.number().min(-180, '经度应在 -180 至 180 之间').max(180, '经度应在 -180 至 180 之间').nullable().optional(),
  lat: z.number().min(-90, '纬度应在 -90 至 90 之间').max(90, '纬度应在 -90 至 90 之间').nullable().optional(),
  place: text('事发地点', 100),
  title: requiredText('事件标题', 60),
  description: text('事件描述', 2000),
  /** 涉及人数 */
  involved: z.number({ error: '请填写涉及人数' }).int('涉及人数应为整数').min(1, '涉及人数至少为 1').max(100_000, '涉及人数过大').default(1),
  reportedOn: dateString('上报日期'),
  reporterStaffId: id.nullable().optional(),
  /** 上报人 when not a grid worker (a caller, a visitor); defaults to the staff member's name. */
  reporterName: text('上报人', 30),
  /** The 走访 record (record kind 'visit') the event was found on. */
  sourceRecordId: id.nullable().optional(),
  parties: z.array(eventPartyInput).max(50, '当事人不超过 50 人').default([]),
  /** Files to attach at once (each as event.attachment.add checks it). */
  attachments: z.array(inputPath).max(20, '附件不超过 20 个').default([]),
  note: text('备注', 500),
});
export type EventCreateInput = z.input<typeof eventCreateInput>;

export const eventParty = z.object({
  id: z.number(),
  residentId: z.number().nullable(),
  name: z.string(),
  phone: z.string(),
  role: z.string(),
});

export const eventStepRow = z.object({
  id: z.number(),
  /** 'report' for the first row, else an EventStep. */
  action: z.string(),
  label: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  on: z.string(),
  assignee: z.string(),
  note: z.string(),
  byName: z.string(),
  createdAt: z.string(),
});
export type EventStepRow = z.infer<typeof eventStepRow>;

/** One working-day limit: from when it counts, when it falls due, and whether it was met. */
export const eventDeadline = z.object({
  kind: z.enum(EVENT_DEADLINES),
  /** 受理时限 / 分流时限 / 办结时限 */
  label: z.string(),
  days: z.number(),
  startOn: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  /** onTime / late: done; open: not done, not yet past due; overdue: not done and past due. */
  status: z.enum(['onTime', 'late', 'open', 'overdue']),
  /** Working days past due (done late or still open); 0 otherwise. */
  daysLate: z.number(),
  /** The year's national calendar is not yet known (chinese-days): only weekends and the town's corrections count. */
  calendarUnknown: z.boolean(),
});
export type EventDeadline = z.infer<typeof eventDeadline>;

/** A step as the event page offers it: may it be done now, and if not, why not (the machine's reason). */
export const eventNextStep = z.object({
  step: z.enum(EVENT_STEPS),
  label: z.string(),
  /** The state it leads to; null for 督办. */
  to: z.string().nullable(),
  available: z.boolean(),
  reason: z.string().nullable(),
  /** What the form must ask for. */
  needs: z.object({ assignee: z.boolean(), satisfaction: z.boolean(), note: z.boolean() }),
});

export const eventAttachmentRow = z.object({ id: z.number(), name: z.string(), mime: z.string(), size: z.number(), createdAt: z.string() });

export const eventRow = z.object({
  id: z.number(),
  number: z.string(),
  source: z.string(),
  sourceLabel: z.string(),
  category: z.string(),
  categoryName: z.string(),
  /** dispute (矛盾纠纷) | event */
  categoryKind: z.enum(['dispute', 'event']),
  villageId: z.number(),
  village: z.string(),
  gridId: z.number().nullable(),
  grid: z.string().nullable(),
  title: z.string(),
  place: z.string(),
  involved: z.number(),
  state: z.enum(EVENT_STATES),
  stateLabel: z.string(),
  reportedOn: z.string(),
  reporterStaffId: z.number().nullable(),
  reporterName: z.string(),
  /** Where the event was last routed (分流派遣), '' before. */
  assignee: z.string(),
  /** The limit now running (or null once closed), for the list's 到期 column. */
  nextDue: eventDeadline.nullable(),
  /** Any limit past due, now or when done. */
  overdue: z.boolean(),
  satisfaction: z.string().nullable(),
  satisfactionLabel: z.string(),
  voided: z.object({ on: z.string(), reason: z.string() }).nullable(),
});
export type EventRow = z.infer<typeof eventRow>;

export const eventDetail = eventRow.extend({
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  description: z.string(),
  sourceRecordId: z.number().nullable(),
  parties: z.array(eventParty),
  steps: z.array(eventStepRow),
  deadlines: z.array(eventDeadline),
  next: z.array(eventNextStep),
  attachments: z.array(eventAttachmentRow),
  /** Town-wide 督办 count, shown on the page. */
  supervised: z.number(),
});
export type EventDetail = z.infer<typeof eventDetail>;

export const eventStepInput = z.object({
  id,
  step: z.enum(EVENT_STEPS, { error: '办理环节应为受理、分流派遣、处置、核查、办结、评价、退回或督办' }),
  on: dateString('办理日期'),
  note: text('办理意见', 1000),
  /** 分流派遣: the 四个平台 line, department or village it goes to. */
  assignee: text('承办单位', 60).optional(),
  /** 评价 */
  satisfaction: codeOf(satisfactionTable).optional(),
});
export type EventStepInput = z.input<typeof eventStepInput>;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM，如 2026-11');

export const eventFilter = z.object({
  state: z.enum(EVENT_STATES).optional(),
  /** Open events whose running limit is past due (as of `date`). */
  overdue: z.boolean().optional(),
  category: categoryCode.optional(),
  kind: z.enum(['dispute', 'event']).optional(),
  villageId: id.optional(),
  gridId: id.optional(),
  /** The reporting grid worker. */
  staffId: id.optional(),
  /** Reported in this month. */
  month: month.optional(),
  /** Title, number, place or party name. */
  query: z.string().trim().max(40).default(''),
  includeVoided: z.boolean().default(false),
  /** The day deadlines are judged on; today by default. */
  date: dateString('日期').optional(),
});
export type EventFilter = z.input<typeof eventFilter>;

export const eventCategoryRow = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['dispute', 'event']),
  /** Built-in GB/T 31000 items cannot be closed. */
  builtIn: z.boolean(),
  closedOn: z.string().nullable(),
});

export const calendarDayRow = z.object({ date: z.string(), workday: z.boolean(), note: z.string(), national: z.boolean() });
export const calendarStatus = z.object({
  year: z.number(),
  known: z.boolean(),
  nextYear: z.number(),
  nextKnown: z.boolean(),
  corrections: z.number(),
});

export const attachmentData = eventAttachmentRow.extend({ eventId: z.number(), base64: z.string() });

export const eventChannels = {
  'event.create': channel(
    eventCreateInput,
    eventDetail,
    write({ refs: (i) => ({ village: [i.villageId], grid: [i.gridId], staff: [i.reporterStaffId], record: [i.sourceRecordId], resident: i.parties.map((p) => p.residentId) }) }),
  ),
  'event.get': channel(z.object({ id, date: dateString('日期').optional() }), eventDetail, read('rows')),
  'event.step': channel(eventStepInput, eventDetail, write({ refs: (i) => ({ event: [i.id] }) })),
  'event.list': channel(eventFilter.extend(page), z.object({ total: z.number(), rows: z.array(eventRow) }), read('rows', { mask: 'list' })),
  'event.export': channel(eventFilter.extend({ path: outputPath }), exportResult, read('rows', { long: true })),
  /** 作废: an event entered by mistake counts nowhere; it stays, struck through. */
  'event.void': channel(z.object({ id, on: dateString('作废日期'), reason: requiredText('作废原因', 200) }), eventDetail, write({ refs: (i) => ({ event: [i.id] }) })),
  'event.attachment.add': channel(z.object({ eventId: id, path: inputPath }), eventAttachmentRow, write({ refs: (i) => ({ event: [i.eventId] }) })),
  'event.attachment.get': channel(z.object({ id }), attachmentData, read('rows')),
  'event.attachment.remove': channel(z.object({ eventId: id, attachmentId: id }), z.object({ removed: z.boolean() }), write({ refs: (i) => ({ event: [i.eventId] }) })),
  'eventCategory.list': channel(z.object({ includeClosed: z.boolean().default(false) }), z.array(eventCategoryRow), read('none')),
  'eventCategory.create': channel(
    z.object({ name: requiredText('类别名称', 30), kind: z.enum(['dispute', 'event'], { error: '类别应为矛盾纠纷或其他事件' }) }),
    eventCategoryRow,
    write('town'),
  ),
  'eventCategory.close': channel(z.object({ code: categoryCode, on: dateString('停用日期') }), eventCategoryRow, write('town')),
  /** The town's corrections to the working-day calendar, of one year. */
  'calendar.list': channel(z.object({ year: z.number().int().min(1900).max(2100) }), z.array(calendarDayRow), read('none')),
  'calendar.set': channel(
    z.object({ date: dateString('日期'), workday: z.boolean({ error: '请选择上班或放假' }), note: text('说明', 100) }),
    calendarDayRow,
    write('town', { roles: TOWN_WRITERS }),
  ),
  'calendar.clear': channel(z.object({ date: dateString('日期') }), z.object({ removed: z.boolean() }), write('town')),
  /** Whether chinese-days knows the current and next year's holidays (as of `date`, today by default). */
  'calendar.status': channel(z.object({ date: dateString('日期').optional() }), calendarStatus, read('none')),
};
