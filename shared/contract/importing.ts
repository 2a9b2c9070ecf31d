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

/** An import's three channels: its template, the dry run, the run (all or nothing, or skip the bad rows). */
export const importKind = () => ({
  template: channel(z.object({ path: outputPath }), z.object({ path: z.string() }), read('none')),
  preview: channel(z.object({ path: inputPath, sheet: sheetChoice, jobId: z.string().optional() }), importReport, read('town', { long: true })),
  run: channel(
    z.object({ path: inputPath, sheet: sheetChoice, skipInvalid: z.boolean().default(false), jobId: z.string().optional() }),
    importReport,
    write('town', { long: true }),
  ),
});

const residents = importKind();
const staff = importKind();

export const importChannels = {
  'import.residents.template': residents.template,
  'import.residents.preview': residents.preview,
  'import.residents.run': residents.run,
  /** 网格员花名册: staff matched by ID number, grids by code or name. */
  'import.staff.template': staff.template,
  'import.staff.preview': staff.preview,
  'import.staff.run': staff.run,
};
