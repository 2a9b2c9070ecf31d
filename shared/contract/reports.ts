// The statutory tables T1–T4 (reports.md): a month's figures per 村/社区 with 合计, and a table written as xlsx
// (and optionally PDF) from its definition (shared/reports/tables.ts).
import { z } from 'zod';
import { channel, read, write } from './define';
import { dateString, id, outputPath, exportResult } from './common';
import { LEDGERS, monthIndicators } from './records';
import { LEDGER_IDS } from '../reports/ledgers';

export const REPORT_TABLES = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'] as const;
export type ReportTableId = (typeof REPORT_TABLES)[number];

export const reportMonth = z.string({ error: '请选择统计月份' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '统计月份应为 YYYY-MM，如 2026-11');

const rate = z.number().nullable();
export const t4Row = z.object({
  village: z.string(),
  comprehensiveGrids: z.number(), dedicatedGrids: z.number(), oversizedGrids: z.number(),
  gridLeaders: z.number(), fullTimeStaff: z.number(), partTimeStaff: z.number(), instructors: z.number(),
  fullyStaffedGrids: z.number(), openGrids: z.number(), staffingRate: rate,
  households: z.number(), residents: z.number(), registeredResidents: z.number(), floatingResidents: z.number(),
});
export type T4Row = z.infer<typeof t4Row>;

/** T5 矛盾纠纷排查化解 (shared/rules/t5.ts): `byCategory` in the order of the built-in dispute items. */
export const t5Row = z.object({
  village: z.string(),
  found: z.number(), resolved: z.number(), resolvedRate: rate, byCategory: z.array(z.number()),
  acceptJudged: z.number(), acceptOnTime: z.number(), acceptRate: rate,
  closeJudged: z.number(), closeOnTime: z.number(), closeRate: rate,
  rated: z.number(), satisfied: z.number(), satisfiedRate: rate,
});
export type T5Row = z.infer<typeof t5Row>;

export const reportFigures = monthIndicators.extend({
  townName: z.string(),
  t4: z.object({ rows: z.array(t4Row), total: t4Row }),
  t5: z.object({ rows: z.array(t5Row), total: t5Row }),
});
export type ReportFigures = z.infer<typeof reportFigures>;

/** A 村/社区 named by its 12-digit 统计用区划代码 (as the CLI's --village takes it). */
export const villageCode = z.string({ error: '请选择村（社区）' }).regex(/^\d{12}$/, '村（社区）代码应为 12 位数字');
export const cardGroup = z.enum(LEDGERS, { error: '重点人群应为安置帮教、严重精神障碍患者或低保户' });

/**
 * 一人一卡: the cards of one person (every key-group ledger they are on, or only `group`'s), of one ledger entry
 * (`entryId` with `group`), or of a whole group (optionally one village), one A4 page per card.
 */
export const cardInput = z
  .object({ residentId: id.optional(), entryId: id.optional(), group: cardGroup.optional(), village: villageCode.optional(), path: outputPath })
  .superRefine((v, ctx) => {
    if (v.entryId !== undefined && v.group === undefined) ctx.addIssue({ code: 'custom', path: ['group'], message: '按台账编号打印时请同时指明重点人群' });
    if (v.residentId !== undefined && v.entryId !== undefined) ctx.addIssue({ code: 'custom', path: ['entryId'], message: '居民编号与台账编号只需给一个' });
    if (v.residentId === undefined && v.entryId === undefined && v.group === undefined) ctx.addIssue({ code: 'custom', path: ['group'], message: '请指明打印谁的档案卡：一位居民、一条台账，或一类重点人群' });
  });
export const cardResult = z.object({ path: z.string(), pages: z.number().int(), names: z.array(z.string()) });

/** 低保公示表 of a month: the households 在保 at its end, per village (one page each) or one village. */
export const postingInput = z.object({
  month: reportMonth,
  village: villageCode.optional(),
  /** 公示期; by default the month's first working week (from its first Monday–Friday, 7 days). */
  from: dateString('公示开始日期').optional(),
  to: dateString('公示结束日期').optional(),
  path: outputPath,
});
export const postingResult = z.object({ path: z.string(), households: z.number().int(), villages: z.number().int(), from: z.string(), to: z.string() });
/** Which figure's members: a count column of T1–T4 (its figure key in shared/reports/tables.ts), of a village or 合计. */
export const membersInput = z.object({
  month: reportMonth,
  table: z.enum(REPORT_TABLES, { error: '报表应为 T1、T2、T3、T4、T5 或 T6' }),
  figure: z.string({ error: '请指明是哪一列的数字' }).min(1, '请指明是哪一列的数字').max(40, '列名太长'),
  /** The village's 统计用区划代码, or 未划分网格 for that row; for T6 the worker's staff number; absent = 合计. */
  village: z.string().min(1, '请指明村（社区）').max(20, '村（社区）代码太长').optional(),
});

export const memberColumn = z.object({ key: z.string(), label: z.string(), width: z.number() });
export const reportMembers = z.object({
  /** 柳河村 · T1 脱管 · 2026年10月 */
  title: z.string(),
  tableName: z.string(),
  figureLabel: z.string(),
  /** The row's village name, or 合计. */
  village: z.string(),
  /** What one row is: 人, 户, 个网格. */
  unit: z.string(),
  columns: z.array(memberColumn),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  /** The figure itself: rows.length, or the sum of 人数 for a T3 人 column whose rows are households. */
  total: z.number(),
});
export type ReportMembers = z.infer<typeof reportMembers>;
/** One month's key figures as the trend charts show them (shared/reports/charts.ts trendPoint). */
export const trendPoint = z.object({
  month: z.string(),
  released: z.number(), releasedKey: z.number(), outOfContact: z.number(), reportOverdue: z.number(),
  patients: z.number(), patientsStable: z.number(), highRisk: z.number(),
  lowIncomeHouseholds: z.number(), lowIncomePersons: z.number(),
  residents: z.number(), households: z.number(),
  disputesFound: z.number(), disputesResolved: z.number(),
});
export type TrendPoint = z.infer<typeof trendPoint>;

/** 六、本月工作情况: the staff's own text for a month. */
export const monthNoteText = z.string().max(4000, '本月工作情况不超过 4000 字');
export const monthNoteRow = z.object({ month: z.string(), text: z.string(), updatedAt: z.string().nullable() });
export type MonthNoteRow = z.infer<typeof monthNoteRow>;

export const reportChannels = {
  'report.figures': channel(z.object({ month: reportMonth }), reportFigures, read('rows')),
  'report.table': channel(
    z.object({ table: z.enum(REPORT_TABLES, { error: '报表应为 T1、T2、T3、T4、T5 或 T6' }), month: reportMonth, path: outputPath, pdfPath: outputPath.optional() }),
    z.object({ path: z.string(), pdfPath: z.string().nullable(), rows: z.number().int() }),
    read('rows', { long: true }),
  ),
  'report.card': channel(cardInput, cardResult, read('rows', { keyGroup: true, long: true })),
  'report.posting': channel(postingInput, postingResult, read('rows', { keyGroup: true, long: true })),
  'report.members': channel(membersInput, reportMembers, read('rows', { keyGroup: true, mask: 'list' })),
  'report.membersExport': channel(membersInput.extend({ path: outputPath }), exportResult, read('rows', { keyGroup: true, long: true })),
  /** The key figures of the `months` months ending with `month` (oldest first; months before the town are left out). */
  'report.trend': channel(
    z.object({ month: reportMonth, months: z.number({ error: '月数应为 1–24 的整数' }).int('月数应为整数').min(1, '至少 1 个月').max(24, '最多 24 个月').default(12) }),
    z.array(trendPoint),
    read('rows'),
  ),
  /** 月度工作报告 as PDF (cover, 一–六, charts, signature block), in the worker. It lists the ten most overdue persons. */
  'report.monthly': channel(
    z.object({ month: reportMonth, path: outputPath }),
    z.object({ path: z.string(), bytes: z.number().int() }),
    read('rows', { long: true, keyGroup: true }),
  ),
  'monthNote.get': channel(z.object({ month: reportMonth }), monthNoteRow, read('rows')),
  'monthNote.save': channel(z.object({ month: reportMonth, text: monthNoteText }), monthNoteRow, write('town')),
  /** One ledger workbook (full column set + 打印 sheet) of the whole town as the caller sees it, as of today. */
  'report.ledger': channel(
    z.object({ ledger: z.enum(LEDGER_IDS, { error: '台账应为刑满释放人员台账、严重精神障碍患者台账、低保户台账、网格员花名册或实有人口台账' }), path: outputPath }),
    z.object({ path: z.string(), rows: z.number().int(), fileName: z.string() }),
    read('rows', { keyGroup: true, long: true }),
  ),
};
