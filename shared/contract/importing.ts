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
  /** How the file's headers were matched: header text → field label. */
  columns: z.array(z.object({ column: z.string(), header: z.string(), field: z.string().nullable() })),
  /** The first rows as they will be stored, for the preview table. */
  preview: z.array(z.object({ row: z.number(), action: z.enum(['新增', '更新', '跳过']), idNumber: z.string(), name: z.string(), grid: z.string(), household: z.string() })),
});
export type ImportReport = z.infer<typeof importReport>;

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

const ledgerTemplate = () => channel(z.object({ path: outputPath }), z.object({ path: z.string() }), read('none'));
const ledgerPreview = () => channel(z.object({ path: inputPath, jobId: z.string().optional() }), ledgerImportReport, read('town', { long: true }));
const ledgerRun = () =>
  channel(z.object({ path: inputPath, skipInvalid: z.boolean().default(false), jobId: z.string().optional() }), ledgerImportReport, write('town', { long: true }));

export const importChannels = {
  'import.residents.template': channel(z.object({ path: outputPath }), z.object({ path: z.string() }), read('none')),
  'import.residents.preview': channel(z.object({ path: inputPath, jobId: z.string().optional() }), importReport, read('town', { long: true })),
  'import.residents.run': channel(
    z.object({ path: inputPath, skipInvalid: z.boolean().default(false), jobId: z.string().optional() }),
    importReport,
    write('town', { long: true }),
  ),
  'import.released.template': ledgerTemplate(),
  'import.released.preview': ledgerPreview(),
  'import.released.run': ledgerRun(),
  'import.patients.template': ledgerTemplate(),
  'import.patients.preview': ledgerPreview(),
  'import.patients.run': ledgerRun(),
  'import.lowIncome.template': ledgerTemplate(),
  'import.lowIncome.preview': ledgerPreview(),
  'import.lowIncome.run': ledgerRun(),
};
