// report.table: one statutory table for a month, written as xlsx (and optionally PDF) from its definition.
import { resolve } from 'node:path';
import type { ChannelParsed } from '../../../shared/contract';
import type { ReportFigures, ReportTableId } from '../../../shared/contract/reports';
import { ALL_TABLES, type FigureRow } from '../../../shared/reports/tables';
import { assessment } from '../visits/service';
import type { ServiceContext } from '../context';
import { validationError } from '../errors';
import { guardOf } from '../files/safeOutput';
import { reportFigures } from './figures';
import { writeTablePdf } from './tablePdf';
import { writeTableXlsx, type TableInput } from './tableXlsx';

/** A table's rows: T1–T5 from the month's figures, T6 (a row per grid worker) from visit.assessment's. */
export function tableRows(ctx: ServiceContext, figures: ReportFigures, table: ReportTableId): FigureRow[] {
  if (table === 'T6') return assessment(ctx, figures.month).rows;
  const key = ({ T1: 't1', T2: 't2', T3: 't3', T4: 't4', T5: 't5' } as const)[table];
  return figures[key].rows;
}

export async function writeReportTable(ctx: ServiceContext, input: ChannelParsed<'report.table'>) {
  if (input.pdfPath && resolve(input.pdfPath) === resolve(input.path)) {
    throw validationError('PDF 文件与 Excel 文件不能是同一个文件', [{ path: ['pdfPath'], message: '请另选 PDF 的保存位置' }]);
  }
  const steps = input.pdfPath ? 3 : 2;
  ctx.progress?.(0, steps, '统计数字');
  const figures = reportFigures(ctx, input.month);
  const table: TableInput = { def: ALL_TABLES[input.table], townName: figures.townName, month: input.month, rows: tableRows(ctx, figures, input.table), filledOn: ctx.today() };
  const guard = guardOf(ctx);
  ctx.progress?.(1, steps, '写入 Excel');
  const rows = await writeTableXlsx(input.path, table, guard);
  if (input.pdfPath) {
    ctx.progress?.(2, steps, '写入 PDF');
    await writeTablePdf(input.pdfPath, table, guard);
  }
  ctx.progress?.(steps, steps, '完成');
  return { path: input.path, pdfPath: input.pdfPath ?? null, rows };
}
