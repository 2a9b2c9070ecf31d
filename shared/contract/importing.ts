// Excel import of residents and households: a dry run first, then all or nothing.
import { z } from 'zod';
import { channel, read, write } from './define';
import { inputPath, outputPath } from './common';

export const importProblem = z.object({
  sheet: z.string(),
  row: z.number().int(),
  /** Column letter (A, B, …) and header text, e.g. "C（公民身份号码）"; '' when the row as a whole. */
  column: z.string(),
  field: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

export const importReport = z.object({
  /** True for a dry run: nothing was written. */
  dryRun: z.boolean(),
  sheet: z.string(),
  totalRows: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  householdsAdded: z.number().int(),
  problems: z.array(importProblem),
  /** What the staffer should know that is no row's problem: another data sheet not read, a hidden sheet read. */
  warnings: z.array(z.string()).optional(),
  /** The workbook's sheets, the one read marked, so the staffer can pick another (the `sheet` input). */
  sheets: z.array(z.object({ name: z.string(), hidden: z.boolean(), rows: z.number().nullable(), read: z.boolean() })).optional(),
  /** How the file's headers were matched: header text → field label. */
  columns: z.array(z.object({ column: z.string(), header: z.string(), field: z.string().nullable() })),
  /** The first rows as they will be stored, for the preview table. */
  preview: z.array(z.object({ row: z.number(), action: z.enum(['新增', '更新', '跳过']), idNumber: z.string(), name: z.string(), grid: z.string(), household: z.string() })),
});
export type ImportReport = z.infer<typeof importReport>;

/** The sheet to read, by name; default: the first visible sheet with a header row. */
export const sheetChoice = z.string().min(1).max(100).optional();

// ───── The key-group ledgers' own Excel files (安置帮教, 严重精神障碍患者, 低保户) ─────

/**
 * The resident report with what a ledger import adds: `added` counts the ledger entries, `updated` the
 * residents already in 实有人口 that the file placed in a household; these count the rest.
 */
export const ledgerImportReport = importReport.extend({
  /** What the file holds: 刑满释放人员, 严重精神障碍患者, 低保户. */
  ledger: z.string(),
  residentsAdded: z.number().int(),
  /** Persons found in 实有人口 by their ID number. */
  residentsMatched: z.number().int(),
  /** 帮教/随访/复核 records made from the file's "last date" columns (marked 导入 in their content). */
  recordsAdded: z.number().int(),
});
export type LedgerImportReport = z.infer<typeof ledgerImportReport>;

/** An import's three channels: its template, the dry run, the run (all or nothing, or skip the bad rows). */
export const importKind = <R extends z.ZodType = typeof importReport>(report: R = importReport as unknown as R) => ({
  template: channel(z.object({ path: outputPath }), z.object({ path: z.string() }), read('none')),
  preview: channel(z.object({ path: inputPath, sheet: sheetChoice, jobId: z.string().optional() }), report, read('town', { long: true })),
  run: channel(
    z.object({ path: inputPath, sheet: sheetChoice, skipInvalid: z.boolean().default(false), jobId: z.string().optional() }),
    report,
    write('town', { long: true }),
  ),
});

const residents = importKind();
const staff = importKind();
const released = importKind(ledgerImportReport);
const patients = importKind(ledgerImportReport);
const lowIncome = importKind(ledgerImportReport);

export const importChannels = {
  'import.residents.template': residents.template,
  'import.residents.preview': residents.preview,
  'import.residents.run': residents.run,
  /** 网格员花名册: staff matched by ID number, grids by code or name. */
  'import.staff.template': staff.template,
  'import.staff.preview': staff.preview,
  'import.staff.run': staff.run,
  'import.released.template': released.template,
  'import.released.preview': released.preview,
  'import.released.run': released.run,
  'import.patients.template': patients.template,
  'import.patients.preview': patients.preview,
  'import.patients.run': patients.run,
  'import.lowIncome.template': lowIncome.template,
  'import.lowIncome.preview': lowIncome.preview,
  'import.lowIncome.run': lowIncome.run,
};
