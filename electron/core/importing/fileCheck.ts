// Looks at a file before exceljs reads it: that it exists, is not empty or huge, is really an
// .xlsx (a zip with a workbook) and not an old .xls, a renamed text file or a broken zip; and which
// sheets it has, with a row count read from each sheet's <dimension> (or estimated from its first
// bytes), so the import can refuse an oversized sheet at once and show progress against a total.
// Only the zip's central directory and a few small entries are read here.
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { AppError } from '../errors';
import { shortPath } from '../files/safeOutput';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_DATA_ROWS = 300_000;
/** A sheet's XML this large is either an enormous sheet or a zip bomb. */
const MAX_SHEET_XML_BYTES = 1024 * 1024 * 1024;
/** What the probe inflates at once (workbook, rels, a sheet's first 32 KB) may not grow past this. */
const PROBE_OUTPUT_BYTES = 16 * 1024 * 1024;

export interface SheetInfo {
  name: string;
  /** Path of the sheet's XML inside the zip, e.g. xl/worksheets/sheet1.xml. */
  path: string;
  hidden: boolean;
  /** Last row number (from <dimension>, or counted/estimated); null when unknown. */
  rows: number | null;
  /** Estimated from the bytes per row of the first rows; null when unknown. */
  estimatedRows: number | null;
  /** True when the sheet has no cells at all. */
  empty: boolean;
}

export interface WorkbookProbe {
  path: string;
  file: string;
  bytes: number;
  sheets: SheetInfo[];
  date1904: boolean;
  /** The zip's entries by name, with where each one's data starts: the reader opens them directly. */
  entries: Map<string, ZipEntry>;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** Offset of the entry's (compressed) data in the file. */
  dataStart?: number;
}

const badFile = (message: string) => new AppError('BAD_FILE', message);

/** A part of the file that inflates past its bound: damaged, or a zip bomb. */
export function partTooLarge(file: string, entry: Pick<ZipEntry, 'name' | 'compressedSize'>, limit: number): AppError {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  const compressed = entry.compressedSize < 1024 * 1024 ? `${Math.max(1, Math.round(entry.compressedSize / 1024))} KB` : mb(entry.compressedSize);
  return new AppError(
    'BAD_FILE',
    `文件「${shortPath(file)}」中的「${entry.name}」压缩时只有 ${compressed}，解压后却超过 ${mb(limit)}，文件异常（可能已损坏，或是恶意的“压缩炸弹”），已停止读取，没有导入任何数据。` +
      '请在 Excel 或 WPS 中打开该文件，确认内容无误后另存为 .xlsx 再导入。',
  );
}


export function probeWorkbook(path: string): WorkbookProbe {
  const file = basename(path);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw badFile(`找不到文件「${shortPath(path)}」，请确认文件还在原来的位置，或重新选择文件。`);
  }
  if (stat.isDirectory()) throw badFile(`「${shortPath(path)}」是一个文件夹，请选择要导入的 Excel 文件（.xlsx）。`);
  if (stat.size === 0) throw badFile(`文件「${shortPath(file)}」是空的（0 字节），请选择填好数据的 Excel 文件（.xlsx）。`);
  if (stat.size > MAX_FILE_BYTES) {
    throw badFile(
      `文件「${shortPath(file)}」有 ${(stat.size / 1024 / 1024).toFixed(1)} MB，超过了一次导入的上限 ${MAX_FILE_BYTES / 1024 / 1024} MB。` +
        `请按村或网格把它拆成几个较小的文件（每个不超过 ${MAX_DATA_ROWS / 10_000} 万行）分别导入。`,
    );
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw badFile(`无法打开文件「${shortPath(file)}」（${(err as NodeJS.ErrnoException).code ?? '读取失败'}）。如果它正在 Excel 或 WPS 中打开，请先关闭再导入。`);
  }
  try {
    const head = read(fd, 0, Math.min(512, stat.size));
    checkMagic(head, file);
    const entries = readCentralDirectory(fd, stat.size, file);
    const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]));
    for (const e of entries) e.dataStart = dataStart(fd, e, file);
    if (entries.some((e) => e.flags & 1)) {
      throw badFile(`文件「${shortPath(file)}」设有密码，无法读取。请在 Excel 或 WPS 中打开，取消密码后另存为 .xlsx 再导入。`);
    }
    const workbookEntry = byName.get('xl/workbook.xml');
    if (!workbookEntry) {
      const what = byName.has('word/document.xml') ? '这是一个 Word 文档' : byName.has('ppt/presentation.xml') ? '这是一个 PowerPoint 文件' : '它是一个压缩包，但里面没有 Excel 工作簿';
      throw badFile(`文件「${shortPath(file)}」不是 Excel 工作簿（${what}）。请选择 .xlsx 格式的 Excel 文件。`);
    }
    const workbookXml = inflateEntry(fd, workbookEntry, file).toString('utf8');
    const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
    const relsXml = relsEntry ? inflateEntry(fd, relsEntry, file).toString('utf8') : '';
    const targets = new Map<string, string>();
    for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = attr(m[0], 'Id');
      const target = attr(m[0], 'Target');
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/'));
    }
    const sheets: SheetInfo[] = [];
    for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const name = decodeXml(attr(m[0], 'name') ?? '');
      const rid = attr(m[0], 'r:id') ?? attr(m[0], 'id');
      const sheetPath = (rid && targets.get(rid)) ?? '';
      const entry = byName.get(sheetPath);
      const hidden = /hidden/i.test(attr(m[0], 'state') ?? '');
      if (!entry) {
        sheets.push({ name, path: sheetPath, hidden, rows: 0, estimatedRows: 0, empty: true });
        continue;
      }
      if (entry.uncompressedSize > MAX_SHEET_XML_BYTES) {
        throw badFile(`文件「${shortPath(file)}」的工作表「${name}」解压后超过 1 GB，数据量过大或文件异常，无法导入。请按村或网格拆分后分别导入。`);
      }
      sheets.push({ name, path: sheetPath, hidden, ...peekSheet(fd, entry, file) });
    }
    if (sheets.length === 0) throw badFile(`文件「${shortPath(file)}」里没有工作表。`);
    const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(workbookXml)?.[0] ?? '';
    const date1904 = /^(1|true)$/i.test(attr(pr, 'date1904') ?? '');
    return { path, file, bytes: stat.size, sheets, date1904, entries: byName };
  } finally {
    closeSync(fd);
  }
}

function read(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return n === length ? buf : buf.subarray(0, n);
}

function checkMagic(head: Buffer, file: string) {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return; // PK\3\4: a zip
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
    // OLE2 compound file: Excel 97–2003 .xls, WPS .et, or an .xlsx with an open password.
    throw badFile(
      `文件「${shortPath(file)}」是旧版 Excel（.xls）格式，或设有打开密码，本软件只能读取 .xlsx。` +
        '请在 Excel 或 WPS 中打开它，点「另存为」，保存类型选「Excel 工作簿（*.xlsx）」（不设密码）后再导入。',
    );
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0x06054b50) throw badFile(`文件「${shortPath(file)}」是一个空的压缩包，不是 Excel 工作簿。`);
  const text = head.toString('utf8');
  if (/^\s*<(!doctype|html|table|\?xml)/i.test(text.replace(/^\uFEFF/, ''))) {
    throw badFile(`文件「${shortPath(file)}」不是真正的 Excel 文件（它是网页或 XML 格式，常见于从网站“导出 Excel”得到的文件）。请用 Excel 或 WPS 打开后「另存为」.xlsx 再导入。`);
  }
  const printable = [...head].filter((b) => b === 9 || b === 10 || b === 13 || b >= 32).length;
  if (head[0] === 0xef || printable / head.length > 0.9) {
    throw badFile(`文件「${shortPath(file)}」不是 Excel 文件（它是文本或 CSV 文件，可能只是改了扩展名）。请用 Excel 或 WPS 打开后「另存为」.xlsx 格式再导入。`);
  }
  throw badFile(`文件「${shortPath(file)}」不是 Excel（.xlsx）文件，无法读取。请选择 .xlsx 格式的 Excel 文件。`);
}

const broken = (file: string, why: string) =>
  badFile(`文件「${shortPath(file)}」已损坏（${why}），无法读取。可能是复制或下载没有完成；请在 Excel 或 WPS 中打开并重新保存，或向对方重新索取文件。`);

/** Reads the zip's central directory (with ZIP64 sizes where present). */
function readCentralDirectory(fd: number, size: number, file: string): ZipEntry[] {
  const tailLength = Math.min(size, 22 + 65535 + 20);
  const tail = read(fd, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken(file, '压缩包末尾的目录不完整');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw broken(file, '压缩包目录不完整');
    const z64 = Number(tail.readBigUInt64LE(locator + 8));
    const rec = read(fd, z64, 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) throw broken(file, '压缩包目录不完整');
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) throw broken(file, '压缩包目录位置不对，文件可能被截断');
  const cd = read(fd, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw broken(file, '压缩包目录有错');
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    };
    // ZIP64 extra field: the 0xffffffff values follow in order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const tag = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (tag === 0x0001) {
        let q = e + 4;
        for (const key of ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const) {
          if (entry[key] === 0xffffffff && q + 8 <= e + 4 + len) {
            entry[key] = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
        }
      }
      e += 4 + len;
    }
    if (entry.localHeaderOffset + entry.compressedSize > size) throw broken(file, `「${entry.name}」的数据不完整`);
    entries.push(entry);
    p = extraEnd + commentLength;
  }
  return entries;
}

function dataStart(fd: number, entry: ZipEntry, file: string): number {
  if (entry.dataStart !== undefined) return entry.dataStart;
  const local = read(fd, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw broken(file, `「${entry.name}」的数据位置不对`);
  return entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

function inflateEntry(fd: number, entry: ZipEntry, file: string, maxCompressed = Infinity): Buffer {
  const start = dataStart(fd, entry, file);
  const partial = entry.compressedSize > maxCompressed;
  const raw = read(fd, start, Math.min(entry.compressedSize, maxCompressed));
  if (entry.method === 0) return raw;
  if (entry.method !== 8) throw broken(file, `「${entry.name}」使用了不支持的压缩方式`);
  try {
    return inflateRawSync(raw, partial ? { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: PROBE_OUTPUT_BYTES } : { maxOutputLength: PROBE_OUTPUT_BYTES });
  } catch (err) {
    // A part that inflates past the bound is refused like the reader refuses one (a zip bomb).
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw partTooLarge(file, entry, PROBE_OUTPUT_BYTES);
    throw broken(file, `「${entry.name}」解压失败`);
  }
}

/**
 * The first bytes of a sheet: whether it has cells, the last row its <dimension> names, and a row
 * estimate from the bytes per row seen so far. The two can disagree: a sheet whose whole columns
 * were formatted has a <dimension> down to row 1,048,576 but only a few data rows.
 */
function peekSheet(fd: number, entry: ZipEntry, file: string): { rows: number | null; estimatedRows: number | null; empty: boolean } {
  const PEEK = 32 * 1024;
  const whole = entry.compressedSize <= PEEK;
  const xml = inflateEntry(fd, entry, file, PEEK).toString('utf8');
  if (/<(?:\w+:)?sheetData\s*\/>/.test(xml)) return { rows: 0, estimatedRows: 0, empty: true };
  const dataAt = xml.search(/<(?:\w+:)?sheetData\b/);
  const body = dataAt < 0 ? '' : xml.slice(dataAt);
  const rowMatches = [...body.matchAll(/<(?:\w+:)?row\b[^>]*?\br="(\d+)"/g)];
  if (whole) {
    const last = rowMatches.at(-1);
    const rows = last ? Number(last[1]) : 0;
    return { rows, estimatedRows: rows, empty: !/<(?:\w+:)?c\b/.test(body) };
  }
  const dim = /<(?:\w+:)?dimension\b[^>]*\bref="[A-Z]*\d*:?[A-Z]*(\d+)"/.exec(xml);
  let estimatedRows: number | null = null;
  if (rowMatches.length >= 2) {
    const first = rowMatches[0]!;
    const lastSeen = rowMatches.at(-1)!;
    const bytesPerRow = (lastSeen.index! - first.index!) / (rowMatches.length - 1);
    estimatedRows = Number(first[1]) + Math.round((entry.uncompressedSize - dataAt - first.index!) / Math.max(bytesPerRow, 1));
  }
  const dimRows = dim && Number(dim[1]) > 1 ? Number(dim[1]) : null;
  return { rows: dimRows ?? estimatedRows, estimatedRows, empty: false };
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`).exec(tag);
  return m?.[1];
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}
