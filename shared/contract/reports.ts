// The statutory tables T1–T4 (reports.md): a month's figures per 村/社区 with 合计, and a table written as xlsx
// (and optionally PDF) from its definition (shared/reports/tables.ts).
import { z } from 'zod';
import { channel, read } from './define';
import { outputPath } from './common';
import { monthIndicators } from './records';
import { LEDGER_IDS } from '../reports/ledgers';

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

export const reportChannels = {
  'report.figures': channel(z.object({ month: reportMonth }), reportFigures, read('rows')),
  'report.table': channel(
    z.object({ table: z.enum(REPORT_TABLES, { error: '报表应为 T1、T2、T3 或 T4' }), month: reportMonth, path: outputPath, pdfPath: outputPath.optional() }),
    z.object({ path: z.string(), pdfPath: z.string().nullable(), rows: z.number().int() }),
    read('rows', { long: true }),
  ),
  /** One ledger workbook (full column set + 打印 sheet) of the whole town as the caller sees it, as of today. */
  'report.ledger': channel(
    z.object({ ledger: z.enum(LEDGER_IDS, { error: '台账应为刑满释放人员台账、严重精神障碍患者台账、低保户台账、网格员花名册或实有人口台账' }), path: outputPath }),
    z.object({ path: z.string(), rows: z.number().int(), fileName: z.string() }),
    read('rows', { keyGroup: true, long: true }),
  ),
};
