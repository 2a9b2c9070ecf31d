// The statutory tables T1–T4 (reports.md): a month's figures per 村/社区 with 合计, and a table written as xlsx
// (and optionally PDF) from its definition (shared/reports/tables.ts).
import { z } from 'zod';
import { channel, read, write } from './define';
import { outputPath } from './common';
import { monthIndicators } from './records';

export const REPORT_TABLES = ['T1', 'T2', 'T3', 'T4'] as const;
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

export const reportFigures = monthIndicators.extend({
  townName: z.string(),
  t4: z.object({ rows: z.array(t4Row), total: t4Row }),
});
export type ReportFigures = z.infer<typeof reportFigures>;

/** One month's key figures as the trend charts show them (shared/reports/charts.ts trendPoint). */
export const trendPoint = z.object({
  month: z.string(),
  released: z.number(), releasedKey: z.number(), outOfContact: z.number(), reportOverdue: z.number(),
  patients: z.number(), patientsStable: z.number(), highRisk: z.number(),
  lowIncomeHouseholds: z.number(), lowIncomePersons: z.number(),
  residents: z.number(), households: z.number(),
});
export type TrendPoint = z.infer<typeof trendPoint>;

/** 六、本月工作情况: the staff's own text for a month. */
export const monthNoteText = z.string().max(4000, '本月工作情况不超过 4000 字');
export const monthNoteRow = z.object({ month: z.string(), text: z.string(), updatedAt: z.string().nullable() });
export type MonthNoteRow = z.infer<typeof monthNoteRow>;

export const reportChannels = {
  'report.figures': channel(z.object({ month: reportMonth }), reportFigures, read('rows')),
  'report.table': channel(
    z.object({ table: z.enum(REPORT_TABLES, { error: '报表应为 T1、T2、T3 或 T4' }), month: reportMonth, path: outputPath, pdfPath: outputPath.optional() }),
    z.object({ path: z.string(), pdfPath: z.string().nullable(), rows: z.number().int() }),
    read('rows', { long: true }),
  ),
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
};
