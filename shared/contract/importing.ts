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

export const importChannels = {
  'import.residents.template': channel(z.object({ path: outputPath }), z.object({ path: z.string() }), read('none')),
  'import.residents.preview': channel(z.object({ path: inputPath, jobId: z.string().optional() }), importReport, read('town', { long: true })),
  'import.residents.run': channel(
    z.object({ path: inputPath, skipInvalid: z.boolean().default(false), jobId: z.string().optional() }),
    importReport,
    write('town', { long: true }),
  ),
};
