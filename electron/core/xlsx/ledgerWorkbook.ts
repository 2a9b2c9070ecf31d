// The one renderer of the ledger workbooks (shared/reports/ledgers.ts): sheet 1 the full column set, sheet 2 「打印」
// the print layout — stacked, wrapped cells with row heights from their text, title and 填报单位 repeated on every
// page, printed at 100 % (never shrunk below 10 pt), the sign-off and room for the stamp after the last row.
// Streams: rows come from `source.pages()` once per sheet, page by page, so 100,000 residents stay within memory.
import ExcelJS from 'exceljs';
import {
  LEDGER_FONT_PT, PRINT_MARGINS, PRINT_SHEET, SIGN_OFF, STAMP_NOTE, linesIn, rowHeight,
  type LedgerColumn, type LedgerDefinition, type PrintColumn,
} from '../../../shared/reports/ledgers';
import { chineseDate } from '../../../shared/rules/dates';
import { throwIfCancelled, writeOutputFile, type OutputGuard } from '../files/safeOutput';

export type LedgerCell = string | number | null;
export type LedgerRow = Readonly<Record<string, LedgerCell>>;

export interface LedgerSource {
  townName: string;
  /** Row 2 of the full sheet: unit, date, filters, counts. */
  subtitle: string;
  /** The day the ledger is made (YYYY-MM-DD): 填报日期 and 截至. */
  date: string;
  /** Number of rows `pages()` yields (the print sheet's count, and progress). */
  total: number;
  /** Called once per sheet: the rows in pages (each a finished query; a few thousand rows keep memory flat). */
  pages: () => Iterable<readonly LedgerRow[]>;
  /** Column keys this file leaves out (they drop out of the print layout too). */
  omit?: ReadonlySet<string>;
  /** Workbook created/modified; the same value gives the same file. */
  created?: Date;
}

/** One row from a value function per column key (the record's type makes every key of the definition answered). */
export function ledgerRow<T, K extends string>(values: Record<K, (item: T) => LedgerCell>, item: T): LedgerRow {
  const row: Record<string, LedgerCell> = {};
  for (const key in values) row[key] = values[key](item);
  return row;
}

export const PAGE_ROWS = 2000;

/** Rows already in memory, in pages. */
export function* pagesOf(rows: readonly LedgerRow[], size = PAGE_ROWS): Generator<readonly LedgerRow[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

const FONT = { name: '宋体', size: LEDGER_FONT_PT };
const BORDER = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDERS = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8EEF7' } };
const FOOTER = { oddFooter: '&C第 &P 页 共 &N 页', evenFooter: '&C第 &P 页 共 &N 页' };
// OOXML paper codes: 8 = A3, 9 = A4 (exceljs's enum lacks A3).
const PAPER_CODE = { A3: 8, A4: 9 } as const;

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** exceljs leaves out a column width equal to its default 9, and Excel then uses 8.43: keep 9 as written. */
function colWidth(width: number): number {
  return width === 9 ? 9.01 : width;
}

function cellText(v: LedgerCell): string {
  return v === null ? '' : String(v);
}

/** Writes title (row 1), a line under it (row 2) and the header (row 3). */
function writeHead(ws: ExcelJS.Worksheet, title: string, second: [string, string?], headers: string[], headerHeight: number, widths: number[]) {
  const last = colLetter(headers.length);
  ws.mergeCells(`A1:${last}1`);
  const t = ws.getRow(1);
  t.getCell(1).value = title;
  t.getCell(1).font = { name: '宋体', size: 16, bold: true };
  t.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  t.height = 30;
  t.commit();
  const sub = ws.getRow(2);
  const [left, right] = second;
  if (right === undefined || headers.length < 4) {
    ws.mergeCells(`A2:${last}2`);
    sub.getCell(1).value = right === undefined ? left : `${left}　　${right}`;
    sub.getCell(1).font = FONT;
  } else {
    // 填报单位 on the left, 截至/共 on the right, splitting the width about in half.
    const half = widths.reduce((s, w) => s + w, 0) / 2;
    let split = 0;
    for (let acc = 0; split < headers.length - 1 && acc + widths[split]! <= half; split++) acc += widths[split]!;
    split = Math.max(1, split);
    ws.mergeCells(`A2:${colLetter(split)}2`);
    ws.mergeCells(`${colLetter(split + 1)}2:${last}2`);
    sub.getCell(1).value = left;
    sub.getCell(1).font = FONT;
    sub.getCell(1).alignment = { horizontal: 'left', vertical: 'middle' };
    sub.getCell(split + 1).value = right;
    sub.getCell(split + 1).font = FONT;
    sub.getCell(split + 1).alignment = { horizontal: 'right', vertical: 'middle' };
  }
  sub.height = 20;
  sub.commit();
  const header = ws.getRow(3);
  headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h.includes('\n') ? { richText: [{ text: h }] } : h;
    cell.font = { ...FONT, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDERS;
    cell.fill = HEADER_FILL;
  });
  header.height = headerHeight;
  header.commit();
}

interface Counter {
  n: number;
  guard: OutputGuard;
  onRow?: (n: number) => void;
}

function tick(c: Counter) {
  c.n++;
  if (c.n % 1000 === 0) {
    c.onRow?.(c.n);
    throwIfCancelled(c.guard);
  }
}

/**
 * Lets the zip writer compress and flush what the rows so far produced (zlib answers on the event loop). Measured on
 * the 100k demo town: the residents ledger (both sheets, 200k rows) completes inside an 80 MB JS heap.
 */
const drain = () => new Promise<void>((done) => setTimeout(done, 5));

/**
 * Runs `each` over the source's pages of rows, yielding to the event loop between pages so the written XML is
 * compressed and flushed instead of piling up in memory. A page is a finished query: no SQLite iterator stays open
 * across the yield, so another call on the connection is never refused as busy.
 */
async function eachRow(source: LedgerSource, each: (row: LedgerRow) => void): Promise<number> {
  let n = 0;
  for (const page of source.pages()) {
    for (const row of page) {
      each(row);
      n++;
    }
    await drain();
  }
  return n;
}

async function writeFullSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, def: LedgerDefinition, columns: readonly LedgerColumn[], source: LedgerSource, counter: Counter): Promise<[ExcelJS.Worksheet, number]> {
  const ws = wb.addWorksheet(def.sheet.slice(0, 31), {
    pageSetup: {
      paperSize: PAPER_CODE.A3 as ExcelJS.PaperSize,
      orientation: 'landscape',
      // 100 %, across as many pages as the columns need: fitting 35 columns to one width would print at ~5 pt.
      scale: 100,
      fitToPage: false,
      margins: { ...PRINT_MARGINS },
      printTitlesRow: '1:3',
    },
    headerFooter: FOOTER,
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  ws.columns = columns.map((c) => ({ width: colWidth(c.width) }));
  const headerLines = Math.max(...columns.map((c) => linesIn(c.header, c.width)));
  writeHead(ws, `${source.townName}${def.name}`, [source.subtitle], columns.map((c) => c.header), Math.max(22, rowHeight(headerLines)), columns.map((c) => c.width));
  // Shared style objects: exceljs caches style ids by object identity, so 100,000-row sheets stay fast.
  const text = { font: FONT, border: BORDERS, numFmt: '@' };
  const styles = columns.map((c) => (c.kind === 'money' ? { font: FONT, border: BORDERS, numFmt: '0.00' } : c.kind === 'text' ? text : { font: FONT, border: BORDERS, numFmt: 'General' }));
  let rowNo = 3;
  const n = await eachRow(source, (item) => {
    const row = ws.getRow(++rowNo);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const v = item[c.key] ?? null;
      cell.value = v;
      cell.style = typeof v === 'string' ? text : styles[i]!;
    });
    row.commit();
    tick(counter);
  });
  return [ws, n];
}

async function writePrintSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, def: LedgerDefinition, columns: readonly PrintColumn[], source: LedgerSource, counter: Counter): Promise<[ExcelJS.Worksheet, number]> {
  const layout = def.print;
  const ws = wb.addWorksheet(PRINT_SHEET, {
    pageSetup: {
      paperSize: PAPER_CODE[layout.paper] as ExcelJS.PaperSize,
      orientation: layout.orientation,
      // The layout's widths fit the paper at 100 % (fitsPaper); nothing is shrunk.
      scale: 100,
      fitToPage: false,
      horizontalCentered: true,
      margins: { ...PRINT_MARGINS },
      printTitlesRow: '1:3',
    },
    headerFooter: FOOTER,
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  const widths = columns.map((c) => c.width);
  ws.columns = widths.map((width) => ({ width: colWidth(width) }));
  const headerLines = Math.max(...columns.map((c) => linesIn(c.header, c.width)));
  writeHead(
    ws,
    `${source.townName}${def.name}`,
    [`填报单位：${source.townName}综治中心（盖章）`, `截至${chineseDate(source.date)}　　共 ${source.total} ${def.unit}`],
    columns.map((c) => c.header),
    rowHeight(headerLines),
    widths,
  );
  const styles = columns.map((c) => {
    const alignment = { horizontal: c.align ?? ('center' as const), vertical: 'middle' as const, wrapText: true };
    const money = c.keys.length === 1 && def.columns.find((d) => d.key === c.keys[0])?.kind === 'money';
    return {
      text: { font: FONT, border: BORDERS, alignment, numFmt: '@' },
      other: { font: FONT, border: BORDERS, alignment, numFmt: money ? '0.00' : 'General' },
    };
  });
  let rowNo = 3;
  const n = await eachRow(source, (item) => {
    const row = ws.getRow(++rowNo);
    let lines = 1;
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      let v: LedgerCell;
      if (c.keys.length === 1) v = item[c.keys[0]!] ?? null;
      else v = c.keys.map((k) => cellText(item[k] ?? null)).filter((s) => s !== '').join('\n');
      // Stacked lines as rich text: LibreOffice drops the line breaks of a plain (t="str") string cell.
      cell.value = v === '' ? null : typeof v === 'string' && v.includes('\n') ? { richText: [{ text: v }] } : v;
      cell.style = typeof v === 'string' ? styles[i]!.text : styles[i]!.other;
      // A number formatted 0.00 is wider than its plain text.
      if (v !== null && v !== '') lines = Math.max(lines, linesIn(typeof v === 'number' ? v.toFixed(2) : v, c.width));
    });
    row.height = rowHeight(lines);
    row.commit();
    tick(counter);
  });
  // The sign-off after the last row and the room for the unit's stamp under it, in ONE row: a page break can fall
  // between two rows, and a stamp needs its sign-off. （单位盖章） sits under 填报日期 (full-width spaces are one
  // character wide, like the text above them).
  const last = colLetter(columns.length);
  const gap = ws.getRow(++rowNo);
  gap.height = 10;
  gap.commit();
  const signNo = ++rowNo;
  ws.mergeCells(`A${signNo}:${last}${signNo}`);
  const sign = ws.getRow(signNo);
  const line = SIGN_OFF.replace('{填报日期}', chineseDate(source.date));
  const stampAt = '　'.repeat(Math.max(0, SIGN_OFF.indexOf('填报日期')));
  sign.getCell(1).value = { richText: [{ text: `${line}\n\n\n\n\n${stampAt}${STAMP_NOTE}` }] };
  sign.getCell(1).font = FONT;
  sign.getCell(1).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
  // A round 42 mm stamp is about 120 pt across.
  sign.height = 140;
  sign.commit();
  return [ws, n];
}

/**
 * Above this many rows the 打印 sheet holds only a note: 5,000 rows are some 500 A3 pages, and a whole town's
 * population on paper is not a 台账 anyone prints — a village's or a grid's list is (filter, then export). Laying out
 * 100,000 wrapped rows would double the export's time for nothing.
 */
export const PRINT_MAX_ROWS = 5_000;

/** The rows both sheets stream, for progress: two passes, or one when the 打印 sheet is only a note. */
export const passes = (rows: number) => (rows > PRINT_MAX_ROWS ? rows : rows * 2);

function writePrintNote(wb: ExcelJS.stream.xlsx.WorkbookWriter, rows: number): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(PRINT_SHEET);
  ws.getColumn(1).width = 90;
  const r = ws.addRow([`本台账共 ${rows.toLocaleString('en-US')} 行，超过 ${PRINT_MAX_ROWS.toLocaleString('en-US')} 行，不生成打印页。请在列表中按村（社区）或网格筛选后再导出，即可得到可打印的台账。`]);
  r.getCell(1).font = { name: '宋体', size: 11 };
  r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  r.height = 48;
  r.commit();
  return ws;
}

/**
 * Writes the ledger to `path` through safeOutput (refused targets, temp file renamed at the end, cancel through
 * `guard.signal`). Returns the number of data rows (of one sheet). `onRow` counts the rows of both sheets.
 */
export async function writeLedgerWorkbook(path: string, def: LedgerDefinition, source: LedgerSource, guard: OutputGuard, onRow?: (n: number) => void): Promise<number> {
  const omit = source.omit ?? new Set<string>();
  const columns = def.columns.filter((c) => !omit.has(c.key));
  const printColumns = def.print.columns
    .map((c) => ({ ...c, keys: c.keys.filter((k) => !omit.has(k)) }))
    .filter((c) => c.keys.length > 0);
  return writeOutputFile(path, guard, async (out) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = '乡镇综治台账';
    wb.lastModifiedBy = '乡镇综治台账';
    const created = source.created ?? new Date();
    wb.created = created;
    wb.modified = created;
    const counter: Counter = { n: 0, guard, onRow };
    // One sheet at a time: the zip streams its entries in order, so an open first sheet would hold the second in memory.
    const [full, rows] = await writeFullSheet(wb, def, columns, source, counter);
    await full.commit();
    const print = rows > PRINT_MAX_ROWS ? writePrintNote(wb, rows) : (await writePrintSheet(wb, def, printColumns, source, counter))[0];
    await print.commit();
    await wb.commit();
    return rows;
  });
}
