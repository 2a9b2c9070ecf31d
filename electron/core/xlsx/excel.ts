// exceljs takes most of a second to load (~0.9 s here). Loaded on first use instead of at import, the app's main
// process and every job's worker start without it; only the work that reads or writes a workbook pays, once.
import { createRequire } from 'node:module';
import type * as ExcelJS from 'exceljs';

type ExcelModule = typeof ExcelJS;

const requireHere = createRequire(import.meta.url);
let loaded: ExcelModule | undefined;

/** The exceljs module (CommonJS, so it can be required synchronously where a workbook is made). */
export function excel(): ExcelModule {
  return (loaded ??= requireHere('exceljs') as ExcelModule);
}
