// A county's own form as exceljs reads it: checked before reading (not .xls, not encrypted, not broken), its layout
// found (header rows with merged group headers, the data row, the 合计 row), and filled: the data row repeated once per
// village or person with its style, formulas shifted as Excel shifts them when rows are inserted, merges and the print
// area moved with the rows, 合计 written (or its formula kept with the new total as its cached result), placeholders
// replaced in every sheet. Nothing here knows the database: the service hands in the rows to write.
//
// Decisions:
// - Rows are inserted directly under the data row; every reference below it moves down, and a range that ends on or
//   after the data row (SUM(C5:C5) in the 合计 row) grows with the inserted rows — what Excel does when rows are
//   inserted inside a range. A formula in the data row itself is copied to each new row relative to it.
// - Shared formulas are expanded to plain formulas first, so moving a row never breaks their master.
// - The file is asked to recalculate on load (Excel, WPS and LibreOffice), and each formula also carries the value the
//   app computed, so a viewer that does not recalculate shows the right number.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type ExcelJS from 'exceljs';
import { excel } from '../xlsx/excel';
import type { FormInspection, FormMapping } from '../../../shared/contract/countyForms';
import {
  BLANK, FORM_FIGURE, guessGroup, onlyPlaceholder, placeholdersIn, substitute, suggestFigure, type FormFigure, type KeyGroup,
} from '../../../shared/reports/countyForms';
import type { ProblemPlace } from '../../../shared/result';
import { AppError, validationError } from '../errors';
import { shortPath } from '../files/safeOutput';
import { probeWorkbook } from '../importing/fileCheck';

export const MAX_FORM_BYTES = 10 * 1024 * 1024;
const HEADER_SCAN_ROWS = 40;

const badFile = (message: string) => new AppError('BAD_FILE', message);
type Problem = ProblemPlace & { message: string };

// ───────────────────────────────────────────── reading

/** An encrypted .xlsx is an OLE compound file holding an EncryptionInfo stream (its name in UTF-16). */
function isEncryptedOle(head: Buffer): boolean {
  return head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.includes(Buffer.from('EncryptionInfo', 'utf16le'));
}

/** The form's bytes and sheet names, refused with a Chinese reason when the app cannot read it. */
export function readFormFile(path: string): { bytes: Buffer; sheets: string[] } {
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw badFile(`找不到或无法打开报表文件「${shortPath(path)}」，请确认文件还在原来的位置，且没有在 Excel 或 WPS 中打开。`);
  }
  if (bytes.length > MAX_FORM_BYTES) throw badFile(`报表文件「${shortPath(file)}」有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，县级报表样表不应超过 10 MB，请确认选对了文件。`);
  if (isEncryptedOle(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)))) {
    throw badFile(`报表文件「${shortPath(file)}」设有打开密码，本软件无法读取。请在 Excel 或 WPS 中打开它，取消密码（文件 → 信息 → 保护工作簿）后另存为 .xlsx 再载入。`);
  }
  // The import's checks: .xls, text or web pages named .xlsx, broken or truncated zips, zips without a workbook.
  const probe = probeWorkbook(path);
  return { bytes, sheets: probe.sheets.map((x) => x.name) };
}

export async function loadWorkbook(bytes: Buffer, file: string): Promise<ExcelJS.Workbook> {
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw badFile(`报表文件「${shortPath(file)}」已损坏或不是标准的 Excel 工作簿，无法读取。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再载入。`);
  }
  return wb;
}

/** The text a cell shows (the master's for a merged cell). */
export function cellText(cell: ExcelJS.Cell): string {
  const v = (cell.isMerged ? cell.master : cell).value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v && v.result !== undefined && v.result !== null && typeof v.result !== 'object') return String(v.result);
  }
  return '';
}

const isFormula = (cell: ExcelJS.Cell) => cell.type === excel().ValueType.Formula;

export function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function mergesOf(ws: ExcelJS.Worksheet): Merge[] {
  return (ws.model.merges ?? []).map((range) => {
    const [a, b = a] = range.split(':') as [string, string?];
    const p = (ref: string) => {
      const m = /^([A-Z]+)(\d+)$/.exec(ref.replace(/\$/g, ''))!;
      return { col: [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), row: Number(m[2]) };
    };
    const s = p(a);
    const e = p(b!);
    return { top: s.row, left: s.col, bottom: e.row, right: e.col };
  });
}

// ───────────────────────────────────────────── layout

const isTotalText = (t: string) => /^(合计|总计|合\s*计|总\s*计)$/.test(t.replace(/[\s\u3000]/g, ''));

/** The distinct texts of a row (a merged cell counted once) with their columns. */
function rowTexts(ws: ExcelJS.Worksheet, r: number, lastCol: number): { col: number; text: string }[] {
  const out: { col: number; text: string }[] = [];
  const seen = new Set<string>();
  for (let c = 1; c <= lastCol; c++) {
    const cell = ws.getCell(r, c);
    const master = cell.isMerged ? cell.master : cell;
    if (seen.has(master.address)) continue;
    seen.add(master.address);
    const text = cellText(cell).trim();
    if (text) out.push({ col: c, text });
  }
  return out;
}

/** The row whose cells carry 村. or 人. placeholders, if any. */
function placeholderRow(ws: ExcelJS.Worksheet): { row: number; scope: 'village' | 'person' } | null {
  for (let r = 1; r <= ws.rowCount; r++) {
    for (let c = 1; c <= ws.columnCount; c++) {
      const names = placeholdersIn(cellText(ws.getCell(r, c)));
      if (names.some((n) => n.startsWith('村.'))) return { row: r, scope: 'village' };
      if (names.some((n) => n.startsWith('人.'))) return { row: r, scope: 'person' };
    }
  }
  return null;
}

function headerEnd(ws: ExcelJS.Worksheet, from: number): number {
  const merges = mergesOf(ws);
  let to = from;
  for (let changed = true; changed; ) {
    changed = false;
    for (const m of merges) {
      if (m.top < from || m.top > to) continue;
      // A vertical merge spans the header; a group header over several columns has its labels on the row below.
      const end = Math.max(m.bottom, m.right > m.left && m.bottom === to ? to + 1 : to);
      if (end > to && end <= from + 5) {
        to = end;
        changed = true;
      }
    }
  }
  return to;
}

/** Header labels per column: the texts from the header's top to bottom, merged group headers joined with /. */
function columnLabels(ws: ExcelJS.Worksheet, from: number, to: number, lastCol: number): { column: number; label: string }[] {
  const out: { column: number; label: string }[] = [];
  for (let c = 1; c <= lastCol; c++) {
    const parts: string[] = [];
    for (let r = from; r <= to; r++) {
      const t = cellText(ws.getCell(r, c)).replace(/[\r\n]+/g, '').trim();
      if (t && parts[parts.length - 1] !== t && !placeholdersIn(t).length) parts.push(t);
    }
    // The mapping keeps labels for the staffer's eyes; a header essay is cut to what the contract holds.
    if (parts.length) out.push({ column: c, label: parts.join('/').slice(0, 200) });
  }
  return out;
}

/** The suggested mapping of one sheet, or the reason it holds no table. */
export function sheetLayout(ws: ExcelJS.Worksheet): { mapping: FormMapping | null; note: string } {
  const lastCol = Math.min(ws.columnCount, 300);
  const marked = placeholderRow(ws);
  let from: number;
  let to: number;
  let dataRow: number;
  if (marked) {
    dataRow = marked.row;
    to = dataRow - 1;
    from = to;
    while (from > 1 && rowTexts(ws, from - 1, lastCol).length >= 2 && !rowTexts(ws, from - 1, lastCol).some((t) => /[：:]/.test(t.text))) from--;
  } else {
    let start = 0;
    for (let r = 1; r <= Math.min(ws.rowCount, HEADER_SCAN_ROWS); r++) {
      const texts = rowTexts(ws, r, lastCol);
      const labels = texts.filter((t) => !/[：:]/.test(t.text) && Number.isNaN(Number(t.text)));
      if (labels.length >= 3 && labels.length >= texts.length - 1) {
        start = r;
        break;
      }
    }
    if (!start) return { mapping: null, note: '没有找到表头（至少三列有列名的行）' };
    from = start;
    to = headerEnd(ws, start);
    dataRow = to + 1;
  }
  // A column whose data row holds a formula is the form's own (copied to every row), not a figure to choose.
  const columns = columnLabels(ws, from, Math.max(from, to), lastCol).filter((c) => !isFormula(ws.getCell(dataRow, c.column)));
  const titleTexts = [];
  for (let r = 1; r < from; r++) titleTexts.push(...rowTexts(ws, r, lastCol).map((t) => t.text));
  const isPersons = marked ? marked.scope === 'person' : columns.some((c) => /姓名|身份证|公民身份号码/.test(c.label));
  const group: KeyGroup | null = isPersons ? guessGroup([...titleTexts, ws.name, ...columns.map((c) => c.label)]) : null;
  let totalRow: number | null = null;
  for (let r = dataRow; r <= Math.min(ws.rowCount, dataRow + 10); r++) {
    if (rowTexts(ws, r, lastCol).some((t) => isTotalText(t.text))) {
      totalRow = r;
      break;
    }
  }
  const dataCells = new Map<number, string>();
  for (let c = 1; c <= lastCol; c++) {
    const only = onlyPlaceholder(cellText(ws.getCell(dataRow, c)));
    if (only) dataCells.set(c, only);
  }
  // In a placeholder form the placeholders are the mapping: the other columns are the county's own and stay as they are.
  const mapped = columns.filter((c) => !marked || dataCells.has(c.column)).map((c) => ({
    column: c.column,
    label: c.label,
    figure: dataCells.get(c.column) ?? suggestFigure(c.label, isPersons ? 'person' : 'village', group),
  }));
  // A placeholder in a column without a header label is a column all the same.
  for (const [column, figure] of dataCells) if (!mapped.some((m) => m.column === column)) mapped.push({ column, label: columnLetter(column), figure });
  mapped.sort((a, b) => a.column - b.column);
  return {
    mapping: {
      sheet: ws.name, kind: isPersons ? 'persons' : 'villages', group,
      headerFrom: from, headerTo: Math.max(from, to), dataRow, totalRow: isPersons ? null : totalRow, columns: mapped,
    },
    note: marked ? '表中的占位符给出了每列的数字' : '',
  };
}

function eachTextCell(wb: ExcelJS.Workbook, fn: (ws: ExcelJS.Worksheet, cell: ExcelJS.Cell, text: string) => void) {
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        if (isFormula(cell)) return;
        const text = cellText(cell);
        if (text.includes('{')) fn(ws, cell, text);
      });
    });
  });
}

export function inspectWorkbook(wb: ExcelJS.Workbook, file: string): FormInspection {
  const sheets: FormInspection['sheets'] = [];
  wb.eachSheet((ws) => {
    if (ws.state !== 'visible') return;
    const l = sheetLayout(ws);
    sheets.push({ name: ws.name, mapping: l.mapping, note: l.note });
  });
  const placeholders: FormInspection['placeholders'] = [];
  eachTextCell(wb, (ws, cell, text) => {
    const names = placeholdersIn(text);
    if (names.length) placeholders.push({ sheet: ws.name, cell: cell.address, text, unknown: names.filter((n) => !FORM_FIGURE.has(n)) });
  });
  const usesPlaceholders = placeholders.some((p) => /\{(村|人)\./.test(p.text));
  const withPlaceholders = sheets.find((s) => placeholders.some((p) => p.sheet === s.name && /\{(村|人)\./.test(p.text)));
  const best = withPlaceholders ?? [...sheets].filter((s) => s.mapping).sort((a, b) => b.mapping!.columns.length - a.mapping!.columns.length)[0];
  return { file, sheets, suggestedSheet: best?.name ?? null, placeholders, usesPlaceholders };
}

/** The mapping written in the form as placeholders; null when the form has none. */
export function placeholderMapping(wb: ExcelJS.Workbook): FormMapping | null {
  let found: FormMapping | null = null;
  wb.eachSheet((ws) => {
    if (found || ws.state !== 'visible' || !placeholderRow(ws)) return;
    found = sheetLayout(ws).mapping;
  });
  return found;
}

// ───────────────────────────────────────────── checks before writing

const place = (sheet: string, address: string): ProblemPlace => {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!;
  return { sheet, column: m[1]!, row: Number(m[2]) };
};

/** Every problem of the form and its mapping, each with its sheet and cell; empty when it can be filled. */
export function formProblems(wb: ExcelJS.Workbook, mapping: FormMapping): Problem[] {
  const problems: Problem[] = [];
  const ws = wb.getWorksheet(mapping.sheet);
  const scopeOk = (f: FormFigure) => f.scope === 'town' || f.scope === (mapping.kind === 'villages' ? 'village' : 'person');
  const groupOk = (f: FormFigure) => f.scope !== 'person' || !mapping.group || !f.groups || f.groups.includes(mapping.group);
  eachTextCell(wb, (sheet, cell, text) => {
    for (const name of placeholdersIn(text)) {
      const f = FORM_FIGURE.get(name);
      const at = `工作表「${sheet.name}」${cell.address}`;
      if (!f) problems.push({ ...place(sheet.name, cell.address), message: `${at}：不认识的占位符 {${name}}` });
      else if (!scopeOk(f)) problems.push({ ...place(sheet.name, cell.address), message: `${at}：{${name}} 是${f.scope === 'village' ? '村级数字' : '人员信息'}，不能用在${mapping.kind === 'villages' ? '按村填报' : '人员名单'}的表里` });
      else if (!groupOk(f)) problems.push({ ...place(sheet.name, cell.address), message: `${at}：{${name}} 不是所选人员类别的信息` });
      else if (f.scope !== 'town' && (sheet.name !== mapping.sheet || Number(cell.row) !== mapping.dataRow)) {
        problems.push({ ...place(sheet.name, cell.address), message: `${at}：{${name}} 只能写在数据行（第 ${mapping.dataRow} 行）` });
      }
    }
  });
  if (!ws) {
    problems.push({ sheet: mapping.sheet, message: `报表里没有工作表「${mapping.sheet}」` });
    return problems;
  }
  if (mapping.dataRow <= mapping.headerTo) problems.push({ sheet: ws.name, row: mapping.dataRow, message: `数据行（第 ${mapping.dataRow} 行）应在表头之下` });
  if (mapping.totalRow !== null && mapping.totalRow < mapping.dataRow) problems.push({ sheet: ws.name, row: mapping.totalRow, message: `合计行（第 ${mapping.totalRow} 行）应在数据行之下` });
  if (mapping.kind === 'persons' && !mapping.group) problems.push({ sheet: ws.name, message: '人员名单要选择人员类别（安置帮教、严重精神障碍患者或低保户）' });
  for (const c of mapping.columns) {
    const letter = columnLetter(c.column);
    const at = { sheet: ws.name, row: mapping.dataRow, column: letter };
    const where = `工作表「${ws.name}」${letter}列「${c.label}」`;
    if (c.figure === null) {
      problems.push({ ...at, message: `${where}：还没有指定填什么（不需要填写的列请选「${BLANK}」）` });
      continue;
    }
    const f = FORM_FIGURE.get(c.figure);
    if (!f) problems.push({ ...at, message: `${where}：不认识的数字「${c.figure}」` });
    else if (!scopeOk(f)) problems.push({ ...at, message: `${where}：「${c.figure}」不能用在${mapping.kind === 'villages' ? '按村填报' : '人员名单'}的表里` });
    else if (!groupOk(f)) problems.push({ ...at, message: `${where}：「${c.figure}」不是所选人员类别的信息` });
  }
  return problems;
}

// ───────────────────────────────────────────── filling

export type CellValue = string | number | null;

export interface FillData {
  /** One entry per village or person: the value of a figure name. */
  rows: ((name: string) => CellValue)[];
  /** The 合计 row's value of a village figure (null for a person list). */
  total: ((name: string) => CellValue) | null;
  town: (name: string) => string | null;
}

const REF = /(?<![A-Za-z0-9_.!$'"])(\$?)([A-Z]{1,3})(\$?)(\d{1,7})(?::(\$?)([A-Z]{1,3})(\$?)(\d{1,7}))?(?![A-Za-z0-9_(!])/g;

/**
 * A formula after `k` rows were inserted under row `at`: references below move down; a range ending on or below `at`
 * and starting on or above it grows. With `copyTo`, the formula of row `at` copied to that row (relative refs follow).
 */
export function shiftFormula(formula: string, at: number, k: number, copyTo?: number): string {
  const shiftRow = (row: number, absolute: boolean, end: boolean, startRow: number) => {
    if (copyTo !== undefined && !absolute && row === at) return copyTo;
    if (row > at) return row + k;
    if (end && row === at && startRow <= at && copyTo === undefined) return row + k;
    return row;
  };
  // Strings in quotes are left alone.
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(REF, (_all, d1: string, c1: string, d2: string, r1: string, d3?: string, c2?: string, d4?: string, r2?: string) => {
            const start = Number(r1);
            const a = `${d1}${c1}${d2}${shiftRow(start, d2 === '$', false, start)}`;
            if (!c2) return a;
            return `${a}:${d3}${c2}${d4}${shiftRow(Number(r2), d4 === '$', true, start)}`;
          }),
    )
    .join('');
}

/** Shared formulas become plain ones, so moving a row cannot break their master. */
function unshareFormulas(ws: ExcelJS.Worksheet) {
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (!isFormula(cell)) return;
      const v = cell.value as ExcelJS.CellFormulaValue & { sharedFormula?: string; shareType?: string };
      if (v.sharedFormula !== undefined || v.shareType !== undefined) cell.value = { formula: cell.formula, result: v.result } as ExcelJS.CellFormulaValue;
    });
  });
}

const cloneStyle = (s: Partial<ExcelJS.Style>) => JSON.parse(JSON.stringify(s ?? {})) as Partial<ExcelJS.Style>;

/** Inserts `k` copies of row `at` (style, height, formulas, merges within it) under it, moving everything below. */
function insertRowsAfter(ws: ExcelJS.Worksheet, at: number, k: number, lastCol: number) {
  if (k <= 0) return;
  unshareFormulas(ws);
  const merges = mergesOf(ws);
  const below = merges.filter((m) => m.top > at);
  const inRow = merges.filter((m) => m.top === at && m.bottom === at);
  for (const m of below) ws.unMergeCells(m.top, m.left, m.bottom, m.right);
  const template = ws.getRow(at);
  const styles = Array.from({ length: lastCol }, (_, i) => cloneStyle(template.getCell(i + 1).style));
  const formulas = Array.from({ length: lastCol }, (_, i) => {
    const cell = template.getCell(i + 1);
    return isFormula(cell) ? cell.formula : null;
  });
  ws.spliceRows(at + 1, 0, ...Array.from({ length: k }, () => []));
  // Every formula of the sheet follows the moved rows (the inserted rows have none yet).
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (isFormula(cell) && (row.number <= at || row.number > at + k)) {
        const v = cell.value as ExcelJS.CellFormulaValue;
        cell.value = { formula: shiftFormula(cell.formula, at, k), result: v.result } as ExcelJS.CellFormulaValue;
      }
    });
  });
  for (let i = 1; i <= k; i++) {
    const row = ws.getRow(at + i);
    if (template.height) row.height = template.height;
    for (let c = 1; c <= lastCol; c++) {
      const cell = row.getCell(c);
      cell.style = cloneStyle(styles[c - 1]!);
      const f = formulas[c - 1];
      if (f) cell.value = { formula: shiftFormula(f, at, k, at + i) } as ExcelJS.CellFormulaValue;
    }
  }
  for (const m of below) ws.mergeCells(m.top + k, m.left, m.bottom + k, m.right);
  for (const m of inRow) for (let i = 1; i <= k; i++) ws.mergeCells(at + i, m.left, at + i, m.right);
  const area = ws.pageSetup.printArea;
  if (area) ws.pageSetup.printArea = area.split(/[,;]/).map((r) => shiftFormula(r, at, k)).join(',');
}

function numberFormatIsPercent(cell: ExcelJS.Cell) {
  return /%/.test(cell.numFmt ?? '');
}

/** A figure's value as the cell takes it: rates as fractions under a % format, "—" for a rate without denominator. */
function toCell(cell: ExcelJS.Cell, name: string, value: CellValue): ExcelJS.CellValue {
  const f = FORM_FIGURE.get(name);
  if (f?.kind === 'rate') {
    if (value === null) return '—';
    return numberFormatIsPercent(cell) ? Math.round(Number(value) * 100) / 10000 : value;
  }
  return value;
}

function fillCell(cell: ExcelJS.Cell, template: string, value: (name: string) => CellValue, town: FillData['town']) {
  const only = onlyPlaceholder(template);
  if (only) {
    const f = FORM_FIGURE.get(only);
    cell.value = only === BLANK ? null : f?.scope === 'town' ? town(only) : toCell(cell, only, value(only));
    return;
  }
  cell.value = substitute(template, (name) => {
    if (name === BLANK) return '';
    const f = FORM_FIGURE.get(name);
    if (f?.scope === 'town') return town(name);
    const v = value(name);
    return v === null ? (f?.kind === 'rate' ? '—' : '') : f?.kind === 'rate' ? `${Number(v).toFixed(2)}%` : String(v);
  });
}

/**
 * Fills the mapped sheet and every placeholder of the workbook. The caller has checked `formProblems` first.
 * Returns the number of rows written (villages or persons, without 合计).
 */
export function fillWorkbook(wb: ExcelJS.Workbook, mapping: FormMapping, data: FillData): number {
  const ws = wb.getWorksheet(mapping.sheet)!;
  const lastCol = Math.max(ws.columnCount, ...mapping.columns.map((c) => c.column));
  // Each column's template: the mapped figure, else what the data row holds (a placeholder or text).
  const templates = new Map<number, string>();
  for (let c = 1; c <= lastCol; c++) {
    const cell = ws.getCell(mapping.dataRow, c);
    if (!isFormula(cell) && cellText(cell).includes('{')) templates.set(c, cellText(cell));
  }
  for (const col of mapping.columns) if (col.figure !== null) templates.set(col.column, `{${col.figure}}`);

  let totalRow = mapping.totalRow;
  // A form whose 合计 row sits right under the header (no data row of its own): the villages go above it, in its style.
  if (totalRow === mapping.dataRow) {
    insertRowsAfter(ws, mapping.dataRow, 1, lastCol);
    totalRow = mapping.dataRow + 1;
    for (const c of templates.keys()) ws.getCell(totalRow, c).value = null;
  }
  const n = Math.max(1, data.rows.length);
  const addTotal = mapping.kind === 'villages' && totalRow === null;
  insertRowsAfter(ws, mapping.dataRow, n - 1 + (addTotal ? 1 : 0), lastCol);
  if (totalRow !== null) totalRow += n - 1;
  if (addTotal) totalRow = mapping.dataRow + n;

  for (let i = 0; i < n; i++) {
    const rowValue = data.rows[i] ?? (() => null);
    for (const [c, template] of templates) fillCell(ws.getCell(mapping.dataRow + i, c), template, rowValue, data.town);
  }
  if (data.rows.length === 0) for (const c of templates.keys()) ws.getCell(mapping.dataRow, c).value = null;

  if (totalRow !== null && data.total) {
    const total = data.total;
    for (const col of mapping.columns) {
      const cell = ws.getCell(totalRow, col.column);
      if (col.figure === null || col.figure === BLANK) continue;
      if (col.figure === '村.序号') {
        if (!isTotalText(cellText(cell))) cell.value = null;
        continue;
      }
      if (col.figure === '村.名称') {
        cell.value = '合计';
        continue;
      }
      if (isTotalText(cellText(cell)) && !isFormula(cell)) continue;
      const v = toCell(cell, col.figure, total(col.figure));
      if (isFormula(cell)) cell.value = { formula: cell.formula, result: v ?? undefined } as ExcelJS.CellFormulaValue;
      else cell.value = v;
    }
    if (addTotal) for (const [c, template] of templates) if (!mapping.columns.some((m) => m.column === c)) fillCell(ws.getCell(totalRow, c), template, total, data.town);
  }
  // Town fields everywhere (titles, 填报单位, footers), in every sheet.
  eachTextCell(wb, (_ws, cell, text) => {
    if (placeholdersIn(text).length) fillCell(cell, text, () => null, data.town);
  });
  wb.calcProperties = { ...wb.calcProperties, fullCalcOnLoad: true };
  return data.rows.length;
}

/** Problems as one typed error: nothing is written. */
export function refuseForm(problems: Problem[]): never {
  const shown = problems.slice(0, 5).map((p) => p.message.replace(/^工作表「[^」]*」/, '')).join('；');
  throw validationError(`报表还不能填写，有 ${problems.length} 处问题：${shown}${problems.length > 5 ? '……' : ''}`, problems);
}

