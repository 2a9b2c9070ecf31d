// Grid workers' visits (走访 / 民情日志, issue 12): a 走访 is a record of kind 'visit' with no ledger (record.add's
// 'visit'); these channels add the worker's view on top of it — the list with filters, households due for a visit by
// class and cycle, the week's Excel template and its import, a worker's page and T6 网格员履职考核表's figures.
import { z } from 'zod';
import { recordMethodTable } from '../codes/ledger';
import { HOUSEHOLD_CLASSES, KEY_REASONS } from '../rules/householdClass';
import { YEAR_GRADES } from '../rules/workerPeriods';
import { channel, read, write } from './define';
import { codeOf, dateString, exportResult, id, outputPath, page, requiredText } from './common';
import { reportMonth } from './reports';
import { importKind } from './importing';

const visitImport = importKind();

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM，如 2026-11');

/** 五必访 / 五必记 are not defined in domain.md: a visit carries what was found (发现情况) and whether an event came of it. */
export const visitInput = z.object({
  householdId: id.nullable().optional(),
  /** A key-group person or any resident; then the household is theirs. */
  residentId: id.nullable().optional(),
  date: dateString('走访日期'),
  method: codeOf(recordMethodTable).default('家访'),
  staffId: id,
  content: requiredText('发现情况', 2000),
});
export type VisitInput = z.input<typeof visitInput>;

export const visitRow = z.object({
  id: z.number(),
  date: z.string(),
  method: z.string(),
  staffId: z.number().nullable(),
  staffName: z.string(),
  householdId: z.number().nullable(),
  householdNumber: z.string().nullable(),
  address: z.string(),
  residentId: z.number().nullable(),
  residentName: z.string().nullable(),
  /** The household head (户主) or the person visited. */
  headName: z.string().nullable(),
  villageId: z.number().nullable(),
  village: z.string().nullable(),
  gridId: z.number().nullable(),
  grid: z.string().nullable(),
  content: z.string(),
  /** The events reported from this visit (event.source_record_id). */
  eventIds: z.array(z.number()),
});
export type VisitRow = z.infer<typeof visitRow>;

export const visitFilter = z.object({
  staffId: id.optional(),
  villageId: id.optional(),
  gridId: id.optional(),
  householdId: id.optional(),
  month: month.optional(),
  /** The visited household's class today (or on the month's last day when a month is chosen). */
  householdClass: z.enum(HOUSEHOLD_CLASSES).optional(),
});

export const visitDueItem = z.object({
  householdId: z.number(),
  number: z.string(),
  address: z.string(),
  headName: z.string(),
  villageId: z.number().nullable(),
  village: z.string().nullable(),
  gridId: z.number().nullable(),
  grid: z.string().nullable(),
  cls: z.enum(HOUSEHOLD_CLASSES),
  reasons: z.array(z.enum(KEY_REASONS)),
  lastVisit: z.string().nullable(),
  /** The end of the current visit period. */
  dueDate: z.string(),
  state: z.enum(['逾期', '今日到期', '即将到期', '本期待访']),
  staffIds: z.array(z.number()),
});
export type VisitDueItem = z.infer<typeof visitDueItem>;

export const visitDueFilter = z.object({
  date: dateString('日期'),
  staffId: id.optional(),
  villageId: id.optional(),
  gridId: id.optional(),
  householdClass: z.enum(HOUSEHOLD_CLASSES).optional(),
});

export const t6Row = z.object({
  staffId: z.number(),
  worker: z.string(),
  village: z.string(),
  grids: z.string(),
  households: z.number(),
  due: z.number(),
  visited: z.number(),
  visitRate: z.number().nullable(),
  keyDue: z.number(),
  keyVisited: z.number(),
  keyVisitRate: z.number().nullable(),
  reported: z.number(),
  closeDue: z.number(),
  closedInTime: z.number(),
  closedInTimeRate: z.number().nullable(),
  score: z.number().nullable(),
});
export type T6Row = z.infer<typeof t6Row>;
export const t6Figures = z.object({ month: z.string(), townName: z.string(), rows: z.array(t6Row), total: t6Row });
export type T6FiguresOut = z.infer<typeof t6Figures>;

/** 周巡查、月考核、年评比 (shared/rules/workerPeriods.ts): exactly one of month, week (any day of it) or year. */
const assessmentYear = z
  .string({ error: '考核年度应为 YYYY，如 2026' })
  .regex(/^\d{4}$/, '考核年度应为 YYYY，如 2026')
  .refine((y) => Number(y) >= 2000 && Number(y) <= 2100, '考核年度应在 2000–2100 年之间');
const periodFields = z.object({
  month: reportMonth.optional(),
  week: dateString('考核周（周内任一天，YYYY-MM-DD）').optional(),
  year: assessmentYear.optional(),
});
const PERIOD_NAMES = { month: '月（month）', week: '周（week）', year: '年（year）' } as const;
function onePeriod(p: { month?: string; week?: string; year?: string }, c: z.RefinementCtx) {
  const given = (['month', 'week', 'year'] as const).filter((k) => p[k] !== undefined);
  if (given.length === 0) c.addIssue({ code: 'custom', message: '请选择考核周期：月（YYYY-MM）、周（YYYY-MM-DD，周内任一天）或年（YYYY）', path: ['month'] });
  if (given.length > 1) c.addIssue({ code: 'custom', message: `一次只能选一种考核周期，现在同时给了${given.map((k) => PERIOD_NAMES[k]).join('和')}`, path: [given[1]!] });
}
export const assessmentPeriod = periodFields.superRefine(onePeriod);
export type AssessmentPeriod = z.infer<typeof assessmentPeriod>;

export const weekRow = z.object({
  staffId: z.number(), worker: z.string(), village: z.string(), grids: z.string(),
  households: z.number(), due: z.number(), visited: z.number(), visitRate: z.number().nullable(),
  keyDue: z.number(), keyVisited: z.number(), keyVisitRate: z.number().nullable(),
  visits: z.number(), findings: z.number(), reported: z.number(),
});
export type WeekRow = z.infer<typeof weekRow>;
export const yearRow = z.object({
  staffId: z.number(), worker: z.string(), village: z.string(), grids: z.string(),
  scores: z.array(z.number().nullable()).length(12), scoredMonths: z.number(), average: z.number().nullable(),
  rank: z.number().nullable(), grade: z.enum(YEAR_GRADES).nullable(),
});
export type YearRow = z.infer<typeof yearRow>;
export const assessmentOut = z.discriminatedUnion('period', [
  t6Figures.extend({ period: z.literal('month') }),
  z.object({ period: z.literal('week'), week: z.string(), from: z.string(), to: z.string(), weekNumber: z.string(), townName: z.string(), rows: z.array(weekRow), total: weekRow }),
  z.object({
    period: z.literal('year'), year: z.string(), townName: z.string(),
    /** The months counted (not yet come and before the town's first month left out). */
    months: z.array(z.string()),
    grades: z.object({ excellentShare: z.number(), excellentMinScore: z.number(), passScore: z.number(), places: z.number() }),
    rows: z.array(yearRow),
  }),
]);
export type AssessmentOut = z.infer<typeof assessmentOut>;

export const householdClassOut = z.object({
  householdId: z.number(),
  cls: z.enum(HOUSEHOLD_CLASSES),
  reasons: z.array(z.enum(KEY_REASONS)),
  lastVisit: z.string().nullable(),
  dueDate: z.string(),
  visited: z.boolean(),
});

export const workerPage = z.object({
  staff: z.object({ id: z.number(), name: z.string(), role: z.string(), phone: z.string(), startDate: z.string().nullable(), endDate: z.string().nullable() }),
  grids: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), village: z.string(), households: z.number(), keyHouseholds: z.number() })),
  due: z.array(visitDueItem),
  month: z.string(),
  figures: t6Row.nullable(),
  recentVisits: z.array(visitRow),
});
export type WorkerPage = z.infer<typeof workerPage>;

const visitRefs = (i: { householdId?: number | null; residentId?: number | null; staffId: number }) => ({
  household: [i.householdId], resident: [i.residentId],
});

export const visitChannels = {
  /** 登记走访: a record of kind 'visit' (the same checks as record.add's 走访), by a worker on file. */
  'visit.add': channel(visitInput, visitRow, write({ refs: visitRefs })),
  'visit.list': channel(
    visitFilter.extend(page),
    z.object({ rows: z.array(visitRow), total: z.number() }),
    read('rows', { keyGroup: true, mask: 'list' }),
  ),
  /** 走访记录 as xlsx with the same filters and order as the list. */
  'visit.export': channel(visitFilter.extend({ path: outputPath }), exportResult, read('rows', { long: true, keyGroup: true })),
  /** Households not yet visited in their current period (重点户 monthly, 普通户 quarterly by default). */
  'visit.due': channel(visitDueFilter, z.object({ items: z.array(visitDueItem), counts: z.object({ key: z.number(), general: z.number(), overdue: z.number() }) }), read('rows', { keyGroup: true })),
  /** A household's class, its reasons and its visit state on a date. */
  'visit.householdClass': channel(z.object({ householdId: id, date: dateString('日期') }), householdClassOut, read('rows', { keyGroup: true })),
  /** A blank template for a week's visits (走访登记表), with an explanation row and a 取值说明 sheet. */
  'visit.template': visitImport.template,
  /** The same dry run and all-or-nothing / skip-invalid rules as the resident import. */
  'visit.import.preview': visitImport.preview,
  'visit.import.run': visitImport.run,
  /** 网格员工作页: their grids, households due for a visit, this month's T6 figures, recent visits. */
  'worker.get': channel(z.object({ staffId: id, date: dateString('日期') }), workerPage, read('rows', { keyGroup: true })),
  /** 网格员考核: T6 网格员履职考核表's figures for a month, 周巡查 for a week, 年评比 for a year. */
  'visit.assessment': channel(assessmentPeriod, assessmentOut, read('rows')),
  /** The assessment of a week, month or year as xlsx (the month's official T6 form is report.table). */
  'visit.assessment.export': channel(periodFields.extend({ path: outputPath }).superRefine(onePeriod), exportResult, read('rows', { long: true })),
};
