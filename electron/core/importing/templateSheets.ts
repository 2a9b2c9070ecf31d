// What every import template shares (residents, staff, the three ledgers): the data sheet's header row and the
// row explaining each column, with dropdowns from 取值说明 where a column takes codes, and the notes under the code
// tables. One look for every template, so a staffer who knows one knows them all.
import type ExcelJS from 'exceljs';
import { columnLetter } from './columns';

export const TEMPLATE_FONT = { name: '宋体', size: 11 };
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
export const TEMPLATE_BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const TEMPLATE_HEAD_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8EEF7' } };

/** exceljs has worksheet.dataValidations (ranges allowed) but does not declare it. */
type SheetWithValidations = { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } };

export interface TemplateColumn {
  label: string;
  required?: boolean;
  explain: string;
  width?: number;
  /** Text format, so Excel keeps ID numbers, phones and codes as typed. */
  text?: boolean;
  /** A range of 取值说明 offered as a dropdown (typing something else is still allowed). */
  list?: string;
}

/** Row 1: the headers (required ones marked * in red); row 2: what to write in each column. */
export function writeTemplateHeader(ws: ExcelJS.Worksheet, columns: readonly TemplateColumn[], preparedRows: number): void {
  ws.columns = columns.map((c) => ({ width: c.width ?? 12, style: c.text ? { numFmt: '@', font: TEMPLATE_FONT } : { font: TEMPLATE_FONT } }));
  const header = ws.getRow(1);
  const explain = ws.getRow(2);
  columns.forEach((c, i) => {
    const h = header.getCell(i + 1);
    h.value = c.required ? `*${c.label}` : c.label;
    h.font = { ...TEMPLATE_FONT, bold: true, color: c.required ? { argb: 'FFC00000' } : undefined };
    h.fill = TEMPLATE_HEAD_FILL;
    h.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    h.border = TEMPLATE_BORDER;
    const e = explain.getCell(i + 1);
    e.value = c.explain;
    e.font = { name: '宋体', size: 9, color: { argb: 'FF666666' } };
    e.alignment = { vertical: 'top', wrapText: true };
    e.border = TEMPLATE_BORDER;
    if (c.list) {
      const letter = columnLetter(i + 1);
      (ws as unknown as SheetWithValidations).dataValidations.add(`${letter}3:${letter}${preparedRows}`, {
        type: 'list',
        allowBlank: true,
        formulae: [c.list],
        showErrorMessage: false,
      });
    }
  });
  header.height = 22;
  explain.height = 48;
}

/** Notes under the code tables, each merged across `lastColumn`; returns the row after them. */
export function writeTemplateNotes(sheet: ExcelJS.Worksheet, fromRow: number, notes: readonly string[], lastColumn: string, height = 30): number {
  let r = fromRow;
  for (const note of notes) {
    sheet.mergeCells(`A${r}:${lastColumn}${r}`);
    const cell = sheet.getCell(`A${r}`);
    cell.value = note;
    cell.font = TEMPLATE_FONT;
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(r).height = height;
    r++;
  }
  return r;
}
