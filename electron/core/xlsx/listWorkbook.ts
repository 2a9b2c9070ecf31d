// Writes a list (花名册, 实有人口台账, search results …) as an xlsx that opens cleanly in Excel, WPS
// and LibreOffice and prints on A4: title row, header row repeated on every page, 宋体, borders,
// page numbers. Streams rows so 100,000 lines stay within memory.
import type ExcelJS from 'exceljs';
import { excel } from './excel';
import { throwIfCancelled, writeOutputFile, type OutputGuard } from '../files/safeOutput';

export interface ListColumn<R> {
  header: string;
  /** Width in characters. */
  width: number;
  value: (row: R) => string | number | null | undefined;
  /** Text columns (ID numbers, phones) must stay text so Excel does not turn them into numbers. */
  numFmt?: string;
}

export interface ListSheet<R> {
  name: string;
  title: string;
  /** A line under the title: unit, date, filters. */
  subtitle?: string;
  columns: ListColumn<R>[];
  rows: Iterable<R>;
  landscape?: boolean;
  /** Default: A3 when the columns are too wide to read once fitted to A4 landscape, else A4. */
  paper?: 'A4' | 'A3';
}

const FONT = { name: '宋体', size: 10 };
const BORDER = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDERS = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };

/** Up to about 260 character widths of 10 pt 宋体 still read well on A4 landscape fitted to the page width. */
const A4_READABLE_WIDTH = 260;

export function paperOf(sheet: Pick<ListSheet<unknown>, 'paper' | 'columns'>): 'A4' | 'A3' {
  return sheet.paper ?? (sheet.columns.reduce((sum, c) => sum + c.width, 0) > A4_READABLE_WIDTH ? 'A3' : 'A4');
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * Writes the sheets to `path` through safeOutput (refused targets, temp file renamed at the end,
 * cancel through `guard.signal`). Returns the number of data rows.
 */
export async function writeListWorkbook(path: string, sheets: ListSheet<unknown>[], guard: OutputGuard, onRow?: (n: number) => void): Promise<number> {
  return writeOutputFile(path, guard, async (out) => {
    let total = 0;
    const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = '乡镇综治台账';
    wb.created = new Date();
    for (const sheet of sheets) {
      const n = sheet.columns.length;
      const ws = wb.addWorksheet(sheet.name.slice(0, 31), {
        pageSetup: {
          // OOXML paper codes: 8 = A3, 9 = A4 (exceljs's enum lacks A3).
          paperSize: (paperOf(sheet) === 'A3' ? 8 : 9) as ExcelJS.PaperSize,
          orientation: sheet.landscape === false ? 'portrait' : 'landscape',
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          horizontalCentered: true,
          margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
          printTitlesRow: sheet.subtitle ? '3:3' : '2:2',
        },
        headerFooter: { oddFooter: '&C第 &P 页 共 &N 页', evenFooter: '&C第 &P 页 共 &N 页' },
        views: [{ state: 'frozen', ySplit: sheet.subtitle ? 3 : 2 }],
      });
      ws.columns = sheet.columns.map((c) => ({ width: c.width }));
      const last = colLetter(n);
      ws.mergeCells(`A1:${last}1`);
      const title = ws.getRow(1);
      title.getCell(1).value = sheet.title;
      title.getCell(1).font = { name: '宋体', size: 16, bold: true };
      title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
      title.height = 30;
      title.commit();
      let headerRowNo = 2;
      if (sheet.subtitle) {
        ws.mergeCells(`A2:${last}2`);
        const sub = ws.getRow(2);
        sub.getCell(1).value = sheet.subtitle;
        sub.getCell(1).font = FONT;
        sub.commit();
        headerRowNo = 3;
      }
      const header = ws.getRow(headerRowNo);
      sheet.columns.forEach((c, i) => {
        const cell = header.getCell(i + 1);
        cell.value = c.header;
        cell.font = { ...FONT, bold: true };
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        cell.border = BORDERS;
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      });
      header.height = 22;
      header.commit();
      // One style object per column and value kind, shared by every cell: exceljs caches style ids by
      // object identity, so shared objects keep 100,000-row exports fast (a per-cell style is re-serialized).
      const styles = sheet.columns.map((c) => ({
        text: { font: FONT, border: BORDERS, numFmt: c.numFmt ?? '@' },
        other: { font: FONT, border: BORDERS, numFmt: c.numFmt ?? 'General' },
      }));
      let rowNo = headerRowNo;
      for (const item of sheet.rows) {
        rowNo++;
        const row = ws.getRow(rowNo);
        sheet.columns.forEach((c, i) => {
          const cell = row.getCell(i + 1);
          const v = c.value(item);
          cell.value = v === undefined ? null : v;
          cell.style = typeof v === 'string' ? styles[i]!.text : styles[i]!.other;
        });
        row.commit();
        total++;
        // No await inside this loop: callers stream rows from an open SQLite iterator, and yielding
        // here would let another call hit the busy connection.
        if (total % 1000 === 0) {
          onRow?.(total);
          throwIfCancelled(guard);
        }
      }
      await ws.commit();
    }
    await wb.commit();
    return total;
  });
}
