// One renderer for every statutory table: a definition (shared/reports/tables.ts) and a month's rows become an xlsx
// laid out as reports.md says — title, 填报单位 / 统计期 / 单位, the two-row header with merged groups, villages,
// 合计, the signature line; 宋体 named in every cell, thin borders, numbers as numbers (rates with a % format);
// A4/A3 landscape fitted to one page width, title and header repeated on every page, 第 &P 页 共 &N 页, frozen header.
import type ExcelJS from 'exceljs';
import { excel } from '../xlsx/excel';
import { chineseDate } from '../../../shared/rules/dates';
import { figureOf, headerLayout, periodLabel, totalRow, type FigureRow, type TableColumn, type TableDefinition } from '../../../shared/reports/tables';
import { writeOutputFile, type OutputGuard } from '../files/safeOutput';

export interface TableInput {
  def: TableDefinition;
  townName: string;
  month: string;
  rows: readonly FigureRow[];
  /** The date printed as 填报日期 (YYYY-MM-DD). */
  filledOn: string;
}

const FONT = '宋体';
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDERS = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const NUMBER_FORMATS: Record<TableColumn['kind'], string | undefined> = { index: '0', text: undefined, count: '0', money: '#,##0.00', rate: '0.00%', score: '0.0' };
/** Rows above the header: title, then 填报单位 / 统计期 / 单位. */
export const HEAD_ROWS = 2;

/** A cell's value in the file: rates as fractions for the % format, "—" for a rate without denominator. */
export function cellValue(col: TableColumn, row: FigureRow | null, index: number | null): string | number | null {
  if (col.kind === 'index') return index;
  const v = figureOf(row!, col.figure!);
  if (col.kind === 'rate') return v === null ? '—' : Number(v) / 100;
  if (col.kind === 'score') return v === null ? '—' : v;
  return v;
}

/** The table's body: each village row with its 序号, then 合计 by the definition's rule. */
export function bodyRows(def: TableDefinition, rows: readonly FigureRow[]): { row: FigureRow; index: number | null }[] {
  return [...rows.map((row, i) => ({ row, index: i + 1 })), { row: totalRow(def, rows), index: null }];
}

export function buildTableWorkbook(input: TableInput): ExcelJS.Workbook {
  const { def } = input;
  const n = def.columns.length;
  const wb = new (excel().Workbook)();
  wb.creator = '乡镇综治台账';
  // A fixed date keeps the file's bytes the same when a frozen month is regenerated.
  wb.created = new Date(`${input.filledOn}T00:00:00Z`);
  wb.modified = wb.created;
  const header = headerLayout(def);
  const firstHeader = HEAD_ROWS + 1;
  const lastHeader = HEAD_ROWS + header.rows;
  const ws = wb.addWorksheet(def.sheet.slice(0, 31), {
    pageSetup: {
      // OOXML paper codes: 8 = A3, 9 = A4 (exceljs's enum lacks A3).
      paperSize: (def.paper === 'A3' ? 8 : 9) as ExcelJS.PaperSize,
      orientation: def.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `1:${lastHeader}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C&"宋体"&9第 &P 页 共 &N 页', evenFooter: '&C&"宋体"&9第 &P 页 共 &N 页' },
    views: [{ state: 'frozen', xSplit: 2, ySplit: lastHeader }],
  });
  ws.columns = def.columns.map((c) => ({ width: c.width }));

  const title = ws.getCell(1, 1);
  title.value = `${input.townName}${def.name}`;
  title.font = { name: FONT, size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(1, 1, 1, n);
  ws.getRow(1).height = 32;

  // 填报单位 on the left third, 统计期 centred, 单位 on the right.
  const third = Math.max(1, Math.floor(n / 3));
  const info: [number, number, string, 'left' | 'center' | 'right'][] = [
    [1, third, `填报单位：${input.townName}综治中心（盖章）`, 'left'],
    [third + 1, n - third, periodLabel(input.month), 'center'],
    [n - third + 1, n, def.units, 'right'],
  ];
  for (const [from, to, text, horizontal] of info) {
    const cell = ws.getCell(2, from);
    cell.value = text;
    cell.font = { name: FONT, size: 10 };
    cell.alignment = { horizontal, vertical: 'middle' };
    if (to > from) ws.mergeCells(2, from, 2, to);
  }
  ws.getRow(2).height = 20;

  for (const h of header.cells) {
    const cell = ws.getCell(firstHeader + h.row, h.col + 1);
    cell.value = h.label;
    if (h.rowSpan > 1 || h.colSpan > 1) ws.mergeCells(firstHeader + h.row, h.col + 1, firstHeader + h.row + h.rowSpan - 1, h.col + h.colSpan);
  }
  for (let r = firstHeader; r <= lastHeader; r++) {
    const row = ws.getRow(r);
    row.height = 30;
    for (let c = 1; c <= n; c++) {
      const cell = row.getCell(c);
      cell.font = { name: FONT, size: 10, bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDERS;
    }
  }

  const body = bodyRows(def, input.rows);
  body.forEach((b, i) => {
    const row = ws.getRow(lastHeader + 1 + i);
    row.height = 20;
    const isTotal = b.index === null;
    def.columns.forEach((col, c) => {
      const cell = row.getCell(c + 1);
      const v = cellValue(col, b.row, b.index);
      cell.value = v;
      cell.font = { name: FONT, size: 10, bold: isTotal };
      cell.border = BORDERS;
      const numFmt = typeof v === 'number' ? NUMBER_FORMATS[col.kind] : undefined;
      if (numFmt) cell.numFmt = numFmt;
      cell.alignment = { horizontal: col.kind === 'text' ? 'left' : col.kind === 'index' || typeof v === 'string' ? 'center' : 'right', vertical: 'middle', wrapText: col.kind === 'text' };
    });
  });

  const footerRow = lastHeader + body.length + 1;
  const footer = ws.getCell(footerRow, 1);
  footer.value = def.footer.replace('{填报日期}', chineseDate(input.filledOn));
  footer.font = { name: FONT, size: 10 };
  footer.alignment = { horizontal: 'left', vertical: 'middle' };
  ws.mergeCells(footerRow, 1, footerRow, n);
  ws.getRow(footerRow).height = 28;
  ws.pageSetup.printArea = `A1:${ws.getColumn(n).letter}${footerRow}`;
  return wb;
}

/** Writes the table through safeOutput (refused targets, temp file renamed at the end). Returns the village rows. */
export async function writeTableXlsx(path: string, input: TableInput, guard: OutputGuard): Promise<number> {
  const wb = buildTableWorkbook(input);
  await writeOutputFile(path, guard, async (out) => {
    await wb.xlsx.write(out);
  });
  return input.rows.length;
}
