// Which sheet of a workbook an import reads, and reading it so that nothing is imported wrong without
// a word: the staffer's choice or visible sheets before hidden ones, merged cells filled over their
// whole range, a sheet cut off before its stated <dimension> refused, and any other sheet that also
// has a header row named in a warning. Every import (residents, staff, the ledgers) reads through
// readDataSheet; what a row means stays the import's own business (its `visit`).
import type ExcelJS from 'exceljs';
import type { ServiceContext } from '../context';
import { AppError } from '../errors';
import { shortPath } from '../files/safeOutput';
import { cellRaw, rawText } from './cells';
import type { SheetInfo, WorkbookProbe } from './fileCheck';
import { openIndexedReader, releaseSheet, scanOf, type IndexedWorkbookReader } from './xlsxReader';

/** Sheets that explain a template, never data. */
export const EXPLANATION_SHEET = /^(取值说明|说明|填表说明|填写说明)$/;

export interface SheetChoice {
  /** The sheet the staffer chose (exact name, spaces around it ignored); only it is read. */
  sheet?: string;
  /** Names that suggest the data sheet (人口, 花名册 …): tried first among the visible sheets. */
  preferred?: RegExp;
}

/** A sheet as the report lists it, so the staffer sees what the file holds and which one was read. */
export interface SheetSummary {
  name: string;
  hidden: boolean;
  /** Rows the sheet states (its <dimension>) or the probe estimated; null when unknown. */
  rows: number | null;
  /** True for the sheet that was read. */
  read: boolean;
}

/**
 * The order to look for the data sheet in: the chosen sheet alone; else the visible sheets (preferred
 * names first), then the hidden ones. Empty and explanation sheets are left out. BAD_FILE when the
 * chosen sheet does not exist or is empty, or when no sheet has anything.
 */
export function sheetOrder(probe: WorkbookProbe, choice: SheetChoice = {}): SheetInfo[] {
  if (choice.sheet !== undefined && choice.sheet.trim() !== '') {
    const wanted = choice.sheet.trim();
    const found = probe.sheets.find((s) => s.name === wanted) ?? probe.sheets.find((s) => s.name.trim() === wanted);
    if (!found) {
      throw new AppError('BAD_FILE', `文件「${shortPath(probe.file)}」里没有名为「${wanted}」的工作表。文件中的工作表：${probe.sheets.map((s) => `「${s.name}」`).join('、')}。`);
    }
    if (found.empty) throw new AppError('BAD_FILE', `文件「${shortPath(probe.file)}」的工作表「${found.name}」是空的，请选择有数据的工作表。`);
    return [found];
  }
  const usable = probe.sheets.filter((s) => !s.empty && !EXPLANATION_SHEET.test(s.name.trim()));
  if (usable.length === 0) {
    throw new AppError('BAD_FILE', `文件「${shortPath(probe.file)}」里没有数据：${probe.sheets.length > 1 ? '所有工作表都是空的' : '工作表是空的'}。`);
  }
  const preferred = choice.preferred;
  const rank = (s: SheetInfo) => (s.hidden ? 2 : 0) + (preferred && preferred.test(s.name) ? 0 : 1);
  // Array.prototype.sort is stable: workbook order within a rank.
  return usable.slice().sort((a, b) => rank(a) - rank(b));
}

export function sheetSummaries(probe: WorkbookProbe, read: string | null): SheetSummary[] {
  return probe.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows, read: s.name === read }));
}

// ───── Merged cells ─────

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
  anchor: unknown;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/**
 * Gives every cell of a merged range the value of its top-left cell, as Excel shows it: a 户号 merged
 * over a family's nine rows reaches all nine. Rows must be passed in order, from the range's first row.
 */
export class MergeFill {
  private readonly pending: MergeRange[];
  private active: MergeRange[] = [];
  private next = 0;

  private constructor(ranges: MergeRange[]) {
    this.pending = ranges.sort((a, b) => a.top - b.top);
  }

  /** The fill for these <mergeCell> refs ("A3:A11"); null when none covers more than one cell from `fromRow` down. */
  static of(refs: readonly string[], fromRow = 1): MergeFill | null {
    const ranges: MergeRange[] = [];
    for (const ref of refs) {
      const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
      if (!m) continue;
      const [top, bottom] = [Number(m[2]), Number(m[4])].sort((a, b) => a - b) as [number, number];
      const [left, right] = [columnNumber(m[1]!), columnNumber(m[3]!)].sort((a, b) => a - b) as [number, number];
      if (bottom < fromRow || (top === bottom && left === right)) continue;
      ranges.push({ top, left, bottom, right, anchor: null });
    }
    return ranges.length ? new MergeFill(ranges) : null;
  }

  /** The row's values (exceljs's: index = column number) with merged cells filled; changes `values`. */
  fill(rowNumber: number, values: unknown[]): unknown[] {
    while (this.next < this.pending.length && this.pending[this.next]!.top <= rowNumber) this.active.push(this.pending[this.next++]!);
    if (this.active.length === 0) return values;
    let expired = false;
    for (const r of this.active) {
      if (r.bottom < rowNumber) {
        expired = true;
        continue;
      }
      if (rowNumber === r.top) r.anchor = values[r.left] ?? null;
      for (let c = r.left; c <= r.right; c++) {
        if (rowNumber !== r.top || c !== r.left) values[c] = r.anchor;
      }
    }
    if (expired) this.active = this.active.filter((r) => r.bottom >= rowNumber);
    return values;
  }
}

// ───── Reading the data sheet ─────

/** One read of one sheet, handed to an import's visit. */
export interface SheetPass {
  info: SheetInfo;
  /** The sheet's rows: `for await (const row of pass.rows)`, each row through `pass.values(row)`. */
  rows: AsyncIterable<ExcelJS.Row>;
  /** The row's cell values (index = column number, 1 = A) with merged ranges filled on a second pass. */
  values(row: ExcelJS.Row): unknown[];
  /** True on the second read of a sheet whose merges were found on the first. */
  merged: boolean;
}

/** What a visit returns when the sheet is its data: its result and the header's row number. */
export interface SheetVisit<T> {
  result: T;
  headerRow: number;
}

export interface DataSheetOptions extends SheetChoice {
  /** Whether a row (texts by column number) is this import's header: finds other data sheets to warn of. */
  isHeader(texts: string[]): boolean;
  /** Rows looked at for a header in the other sheets; default 30. */
  headerScanRows?: number;
}

export interface DataSheet<T> {
  result: T;
  sheet: SheetInfo;
  headerRow: number;
  /** Chinese sentences for the report: another sheet with a header, a hidden sheet read. */
  warnings: string[];
  sheets: SheetSummary[];
  /** Names of the sheets looked at, in order (for a "no header found" message). */
  looked: string[];
}

const plainValues = (row: ExcelJS.Row) => row.values as unknown[];

export function rowTexts(values: readonly unknown[]): string[] {
  return values.map((v) => rawText(cellRaw(v)));
}

/**
 * Reads the data sheet of a workbook: the sheets in sheetOrder, each handed to `visit` until one
 * returns its result (null = not this import's data: no header). The visit reads all rows of the
 * sheet it accepts. Then, in this order:
 * - the sheet cut off (no end of its rows, or fewer rows than its <dimension> states): BAD_FILE;
 * - merged ranges reaching the header row or below: the sheet is read a second time with them filled
 *   (a sheet without merges is read once and `values` costs nothing);
 * - the other sheets' first rows are checked with `isHeader`: another data sheet becomes a warning.
 * Returns null when no sheet has a header (`looked` in the caller's message comes from the thrown-away
 * result, so callers pass their own array).
 */
export async function readDataSheet<T>(
  ctx: ServiceContext,
  probe: WorkbookProbe,
  options: DataSheetOptions,
  visit: (pass: SheetPass) => Promise<SheetVisit<T> | null>,
  looked: string[] = [],
): Promise<DataSheet<T> | null> {
  const order = sheetOrder(probe, options);
  const reader = openIndexedReader(probe);
  try {
    await reader.openParts();
    for (const info of order) {
      if (ctx.signal?.aborted) throw new AppError('CANCELLED', '已取消导入，数据库未改动');
      const ws = reader.openSheet(info);
      if (!ws) continue;
      looked.push(info.name);
      let found: SheetVisit<T> | null;
      try {
        found = await visit({ info, rows: ws, values: plainValues, merged: false });
      } finally {
        releaseSheet(ws);
      }
      if (!found) continue;
      const scan = scanOf(ws);
      const lastRow = ws.dimensions?.bottom ?? 0;
      if (!scan.complete || (scan.dimensionBottom !== null && lastRow < scan.dimensionBottom)) throw truncated(probe, info, scan.dimensionRef, scan.dimensionBottom, lastRow);
      const merges = MergeFill.of(scan.merges, found.headerRow);
      if (merges) {
        const again = reader.openSheet(info)!;
        try {
          found = await visit({ info, rows: again, values: (row) => merges.fill(row.number, row.values as unknown[]), merged: true });
        } finally {
          releaseSheet(again);
        }
        if (!found) throw new AppError('BAD_FILE', `工作表「${info.name}」第二次读取（填充合并单元格）时没有找到表头，文件可能在读取期间被修改，请重新导入。`);
      }
      const warnings: string[] = [];
      if (info.hidden) warnings.push(`读取的是隐藏的工作表「${info.name}」${options.sheet ? '（按您的选择）' : '（没有其他含表头的可见工作表）'}，请确认这就是要导入的数据。`);
      warnings.push(...(await otherDataSheets(ctx, reader, probe, info, options)));
      return { result: found.result, sheet: info, headerRow: found.headerRow, warnings, sheets: sheetSummaries(probe, info.name), looked };
    }
    return null;
  } catch (err) {
    if (err instanceof AppError) throw err;
    // A failure while inflating or parsing is damage; a sheet that just stops early is caught above.
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError('BAD_FILE', `文件「${shortPath(probe.file)}」的内容已损坏，无法读取。请在 Excel 或 WPS 中打开并重新保存为 .xlsx 后再导入。（技术信息：${detail}）`);
  }
}

function truncated(probe: WorkbookProbe, info: SheetInfo, ref: string | null, expected: number | null, read: number): AppError {
  const stated = expected !== null ? `文件写明该表的范围到第 ${expected} 行（${ref}），实际只读到第 ${read} 行，缺少第 ${read + 1}–${expected} 行共 ${expected - read} 行` : `该表的数据没有正常结束，只读到第 ${read} 行`;
  return new AppError(
    'BAD_FILE',
    `文件「${shortPath(probe.file)}」的工作表「${info.name}」不完整：${stated}，文件可能在复制、下载或导出时被截断。没有导入任何数据。` +
      '请向对方重新索取完整的文件，或在 Excel / WPS 中打开、核对行数后重新保存再导入。',
  );
}

/** The other sheets with a header row of this import in their first rows. */
async function otherDataSheets(ctx: ServiceContext, reader: IndexedWorkbookReader, probe: WorkbookProbe, read: SheetInfo, options: DataSheetOptions): Promise<string[]> {
  const out: string[] = [];
  const limit = options.headerScanRows ?? 30;
  for (const info of probe.sheets) {
    if (info === read || info.empty || EXPLANATION_SHEET.test(info.name.trim())) continue;
    if (ctx.signal?.aborted) break;
    const ws = reader.openSheet(info);
    if (!ws) continue;
    try {
      for await (const row of ws) {
        if (row.number > limit) break;
        if (options.isHeader(rowTexts(row.values as unknown[]))) {
          out.push(
            `文件中的${info.hidden ? '隐藏' : ''}工作表「${info.name}」第 ${row.number} 行也是表头（也像是要导入的数据），本次没有读取它，只读取了「${read.name}」。` +
              `如需导入「${info.name}」，请选择该工作表再导入一次。`,
          );
          break;
        }
      }
    } finally {
      releaseSheet(ws);
    }
  }
  return out;
}

/** A cell of the template's explanation row under the header (必填 / 选填 / 格式 hints). */
export const EXPLANATION_CELL = /必填|选填|见「取值说明」|如\s|格式|至少填/;
/** A line under the data that is not data: 制表人, 审核人, 合计, 备注 … */
export const FOOTER_LINE = /^(制表|填表|审核|负责人|联系人|合计|总计|小计|备注|说明|注[:：])/;

/** The row right under the header is the template's explanation when two cells or more read like hints. */
export const isExplanationRow = (texts: readonly string[]): boolean => texts.filter((t) => EXPLANATION_CELL.test(t)).length >= 2;

/** A row holding nothing but one footer line (填表人：…, 合计). */
export function isFooterRow(texts: readonly string[]): boolean {
  const nonEmpty = texts.map((t) => t.trim()).filter(Boolean);
  return nonEmpty.length === 1 && FOOTER_LINE.test(nonEmpty[0]!);
}
