// The one renderer of the ledger workbooks (shared/reports/ledgers.ts): sheet 1 the full column set, sheet 2 「打印」
// the print layout — stacked, wrapped cells with row heights from their text, title and 填报单位 repeated on every
// page, printed at 100 % (never shrunk below 10 pt), the sign-off and room for the stamp after the last row.
// Streams: rows come from `source.pages()` once per sheet, page by page, so 100,000 residents stay within memory.
import {
  LEDGER_FONT_PT, PRINT_MARGINS, PRINT_SHEET, SIGN_OFF, STAMP_NOTE, linesIn, rowHeight,
  type LedgerColumn, type LedgerDefinition, type PrintColumn,
} from '../../../shared/reports/ledgers';
import { chineseDate } from '../../../shared/rules/dates';
import { throwIfCancelled, writeOutputFile, type OutputGuard } from '../files/safeOutput';
import { XlsxWriter, columnLetter, type SheetRows, type XlsxCell, type XlsxSheetSetup } from './xlsxWriter';

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
const HEADER_FILL = 'FFE8EEF7';
const FOOTER = '&C第 &P 页 共 &N 页';
// OOXML paper codes: 8 = A3, 9 = A4.
const PAPER_CODE = { A3: 8, A4: 9 } as const;

function cellText(v: LedgerCell): string {
  return v === null ? '' : String(v);
}

/** Writes title (row 1), a line under it (row 2) and the header (row 3). */
async function writeHead(wb: XlsxWriter, rows: SheetRows, title: string, second: [string, string?], headers: string[], headerHeight: number, widths: number[]) {
  const last = columnLetter(headers.length);
  rows.merge(`A1:${last}1`);
  await rows.row([{ value: title, style: wb.style({ font: { name: '宋体', size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } }) }], 30);
  const [left, right] = second;
  if (right === undefined || headers.length < 4) {
    rows.merge(`A2:${last}2`);
    await rows.row([{ value: right === undefined ? left : `${left}　　${right}`, style: wb.style({ font: FONT }) }], 20);
  } else {
    // 填报单位 on the left, 截至/共 on the right, splitting the width about in half.
    const half = widths.reduce((s, w) => s + w, 0) / 2;
    let split = 0;
    for (let acc = 0; split < headers.length - 1 && acc + widths[split]! <= half; split++) acc += widths[split]!;
    split = Math.max(1, split);
    rows.merge(`A2:${columnLetter(split)}2`);
    rows.merge(`${columnLetter(split + 1)}2:${last}2`);
    const cells: (XlsxCell | null)[] = Array.from({ length: split + 1 }, () => null);
    cells[0] = { value: left, style: wb.style({ font: FONT, alignment: { horizontal: 'left', vertical: 'middle' } }) };
    cells[split] = { value: right, style: wb.style({ font: FONT, alignment: { horizontal: 'right', vertical: 'middle' } }) };
    await rows.row(cells, 20);
  }
  const head = wb.style({ font: { ...FONT, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, border: true, fill: HEADER_FILL });
  await rows.row(headers.map((h) => ({ value: h, style: head })), headerHeight);
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
async function eachRow(source: LedgerSource, each: (row: LedgerRow) => Promise<void>): Promise<number> {
  let n = 0;
  for (const page of source.pages()) {
    for (const row of page) {
      await each(row);
      n++;
    }
    await drain();
  }
  return n;
}

function fullSetup(def: LedgerDefinition, columns: readonly LedgerColumn[]): XlsxSheetSetup {
  // 100 %, across as many pages as the columns need: fitting 35 columns to one width would print at ~5 pt.
  return {
    name: def.sheet.slice(0, 31), widths: columns.map((c) => c.width), paperSize: PAPER_CODE.A3, orientation: 'landscape', scale: 100,
    margins: { ...PRINT_MARGINS }, titleRows: 3, frozenRows: 3, footer: FOOTER,
  };
}

async function writeFullSheet(wb: XlsxWriter, def: LedgerDefinition, columns: readonly LedgerColumn[], source: LedgerSource, counter: Counter): Promise<number> {
  let n = 0;
  await wb.sheet(fullSetup(def, columns), async (rows) => {
    const headerLines = Math.max(...columns.map((c) => linesIn(c.header, c.width)));
    await writeHead(wb, rows, `${source.townName}${def.name}`, [source.subtitle], columns.map((c) => c.header), Math.max(22, rowHeight(headerLines)), columns.map((c) => c.width));
    const text = wb.style({ font: FONT, border: true, numFmt: '@' });
    const styles = columns.map((c) => wb.style({ font: FONT, border: true, numFmt: c.kind === 'money' ? '0.00' : c.kind === 'text' ? '@' : 'General' }));
    // One set of cells, filled again for each row (rows.row is done with them when it resolves): 100,000 rows of
    // 35 columns made 3.5 million small objects for the GC.
    const cells: XlsxCell[] = columns.map(() => ({ value: null, style: 0 }));
    n = await eachRow(source, async (item) => {
      for (let i = 0; i < columns.length; i++) {
        const v = item[columns[i]!.key] ?? null;
        const cell = cells[i]!;
        cell.value = v;
        cell.style = typeof v === 'string' ? text : styles[i]!;
      }
      await rows.row(cells);
      tick(counter);
    });
  });
  return n;
}

async function writePrintSheet(wb: XlsxWriter, def: LedgerDefinition, columns: readonly PrintColumn[], source: LedgerSource, counter: Counter): Promise<number> {
  const layout = def.print;
  const widths = columns.map((c) => c.width);
  let n = 0;
  // The layout's widths fit the paper at 100 % (fitsPaper); nothing is shrunk.
  const setup: XlsxSheetSetup = {
    name: PRINT_SHEET, widths, paperSize: PAPER_CODE[layout.paper], orientation: layout.orientation, scale: 100,
    margins: { ...PRINT_MARGINS }, titleRows: 3, frozenRows: 3, footer: FOOTER, horizontalCentered: true,
  };
  await wb.sheet(setup, async (rows) => {
    const headerLines = Math.max(...columns.map((c) => linesIn(c.header, c.width)));
    await writeHead(
      wb,
      rows,
      `${source.townName}${def.name}`,
      [`填报单位：${source.townName}综治中心（盖章）`, `截至${chineseDate(source.date)}　　共 ${source.total} ${def.unit}`],
      columns.map((c) => c.header),
      rowHeight(headerLines),
      widths,
    );
    const styles = columns.map((c) => {
      const alignment = { horizontal: c.align ?? ('center' as const), vertical: 'middle' as const, wrapText: true };
      const money = c.keys.length === 1 && def.columns.find((d) => d.key === c.keys[0])?.kind === 'money';
      return { text: wb.style({ font: FONT, border: true, alignment, numFmt: '@' }), other: wb.style({ font: FONT, border: true, alignment, numFmt: money ? '0.00' : 'General' }) };
    });
    n = await eachRow(source, async (item) => {
      let lines = 1;
      const cells = columns.map((c, i): XlsxCell => {
        let v: LedgerCell;
        if (c.keys.length === 1) v = item[c.keys[0]!] ?? null;
        else v = c.keys.map((k) => cellText(item[k] ?? null)).filter((s) => s !== '').join('\n');
        // A number formatted 0.00 is wider than its plain text.
        if (v !== null && v !== '') lines = Math.max(lines, linesIn(typeof v === 'number' ? v.toFixed(2) : v, c.width));
        // Stacked lines are written as rich text (xlsxWriter): LibreOffice drops the line breaks of a plain string cell.
        return { value: v === '' ? null : v, style: typeof v === 'string' ? styles[i]!.text : styles[i]!.other };
      });
      await rows.row(cells, rowHeight(lines));
      tick(counter);
    });
    // The sign-off after the last row and the room for the unit's stamp under it, in ONE row: a page break can fall
    // between two rows, and a stamp needs its sign-off. （单位盖章） sits under 填报日期 (full-width spaces are one
    // character wide, like the text above them).
    await rows.row([], 10);
    const signNo = rows.count + 1;
    rows.merge(`A${signNo}:${columnLetter(columns.length)}${signNo}`);
    const line = SIGN_OFF.replace('{填报日期}', chineseDate(source.date));
    const stampAt = '　'.repeat(Math.max(0, SIGN_OFF.indexOf('填报日期')));
    // A round 42 mm stamp is about 120 pt across.
    await rows.row([{ value: `${line}\n\n\n\n\n${stampAt}${STAMP_NOTE}`, style: wb.style({ font: FONT, alignment: { horizontal: 'left', vertical: 'top', wrapText: true } }) }], 140);
  });
  return n;
}

/**
 * Above this many rows the 打印 sheet holds only a note: 5,000 rows are some 500 A3 pages, and a whole town's
 * population on paper is not a 台账 anyone prints — a village's or a grid's list is (filter, then export). Laying out
 * 100,000 wrapped rows would double the export's time for nothing.
 */
export const PRINT_MAX_ROWS = 5_000;

/** The rows both sheets stream, for progress: two passes, or one when the 打印 sheet is only a note. */
export const passes = (rows: number) => (rows > PRINT_MAX_ROWS ? rows : rows * 2);

async function writePrintNote(wb: XlsxWriter, rows: number): Promise<void> {
  const setup: XlsxSheetSetup = { name: PRINT_SHEET, widths: [90], paperSize: PAPER_CODE.A4, orientation: 'portrait', scale: 100, margins: { ...PRINT_MARGINS } };
  await wb.sheet(setup, async (sheet) => {
    const text = `本台账共 ${rows.toLocaleString('en-US')} 行，超过 ${PRINT_MAX_ROWS.toLocaleString('en-US')} 行，不生成打印页。请在列表中按村（社区）或网格筛选后再导出，即可得到可打印的台账。`;
    await sheet.row([{ value: text, style: wb.style({ font: { name: '宋体', size: 11 }, alignment: { wrapText: true, vertical: 'top' } }) }], 48);
  });
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
    const wb = new XlsxWriter(out, { created: source.created ?? new Date(), creator: '乡镇综治台账', sheetNames: [def.sheet.slice(0, 31), PRINT_SHEET] });
    await wb.start();
    const counter: Counter = { n: 0, guard, onRow };
    const rows = await writeFullSheet(wb, def, columns, source, counter);
    if (rows > PRINT_MAX_ROWS) await writePrintNote(wb, rows);
    else await writePrintSheet(wb, def, printColumns, source, counter);
    await wb.finish();
    return rows;
  });
}
