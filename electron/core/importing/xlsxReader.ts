// exceljs 4.4's streaming reader, fed through the zip's central directory and with its UTF-8
// decoding fixed. exceljs still parses every row (WorksheetReader, rows and cells as usual); what
// changes is how the parts of the file reach it:
//
// 1. exceljs reads the zip in one forward pass (unzipper) and parses a sheet before
//    xl/workbook.xml when the writer stored that last, as exceljs and WPS do. On Node ≥ 18 this
//    intermittently fails with "Cannot read properties of undefined (reading 'sheets')"
//    (exceljs issue #3064). fileCheck.ts has already read the central directory, so parse() below
//    opens rels, workbook, shared strings and then each sheet directly, in the order the caller
//    wants, inflating only what is read; no temp files.
// 2. exceljs decodes each chunk of XML on its own (TextDecoder.decode without {stream: true}), so a
//    Chinese character split across two chunks becomes U+FFFD: dozens of garbled names in a
//    100,000-row file. Shared strings (xl/sharedStrings.xml, where Excel keeps all text) get a
//    streaming-decoded parser of their own; a sheet's bytes are decoded as one stream before exceljs
//    sees them (parse-sax passes strings through unchanged).
//
// Both rest on exceljs internals (the _parse* methods of WorkbookReader), pinned by package.json
// at exceljs 4.4.0 and guarded by tests: tests/unit/importBig.test.ts compares every stored name
// with the file; tests/unit/import.test.ts reads multi-sheet workbooks written by exceljs.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import { excel } from '../xlsx/excel';
import { AppError } from '../errors';
import { shortPath } from '../files/safeOutput';
import { partTooLarge, type SheetInfo, type WorkbookProbe, type ZipEntry } from './fileCheck';

type Chunk = Buffer | Uint8Array | string;

/** A byte source that opens its file only when iterated, and can be released before or after. */
interface LazySource extends AsyncIterable<Chunk> {
  destroy(): void;
}

/** What the reader hands out per sheet; `iterator` is exceljs's private byte source of the sheet. */
export type SheetReader = AsyncIterable<ExcelJS.Row> & {
  name: string;
  iterator?: AsyncIterable<Chunk> & { destroy?: () => void };
  /** Filled in while the rows are read (decodeSheetAsUtf8). */
  scan?: SheetScan;
  /** exceljs's running extent of the rows read so far (rows that have cells). */
  dimensions?: { bottom: number };
};

interface WorkbookInternals {
  sharedStrings?: string[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Iterable<{ eventType: string; value: SheetReader }>;
}

// ───── Bounded inflating ─────
// A zip entry's stated uncompressed size can lie, so every part is counted while it is inflated and
// refused as soon as it passes its bound: a 4 MB file whose shared strings expand to gigabytes stops
// after a few dozen MB instead of minutes of work and gigabytes of memory.

/** Bytes any part may inflate to whatever its compressed size (real sheets compress about 10×). */
const PART_FLOOR_BYTES = 64 * 1024 * 1024;
/** Above the floor: this many times the compressed size (deflate's own limit is about 1,032×). */
const PART_RATIO = 200;
/** Never more than this, whatever the ratio. */
const PART_CAP_BYTES = 1024 * 1024 * 1024;
/** xl/workbook.xml, its rels and the like: small by nature. */
export const SMALL_PART_BYTES = 16 * 1024 * 1024;

/** How many bytes an entry may inflate to before the file is refused as damaged or a zip bomb. */
export function partLimit(entry: Pick<ZipEntry, 'compressedSize'>): number {
  return Math.min(PART_CAP_BYTES, Math.max(PART_FLOOR_BYTES, entry.compressedSize * PART_RATIO));
}

/** The entry's data as a stream: inflated (method 8) or stored (method 0), refused past `limit` bytes. */
function openEntry(path: string, file: string, entry: ZipEntry, limit = partLimit(entry)): Readable {
  if (entry.compressedSize === 0 || entry.dataStart === undefined) return Readable.from([]);
  const raw = createReadStream(path, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
  let seen = 0;
  // Counted in a stage of its own: a 'data' listener would start the flow before the reader iterates.
  const bounded = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(partTooLarge(file, entry, limit));
      else done(null, chunk);
    },
  });
  const stages: Readable[] = [raw];
  if (entry.method !== 0) stages.push(raw.pipe(createInflateRaw({ chunkSize: 16 * 1024 })));
  const last = stages.at(-1)!;
  last.pipe(bounded);
  for (const s of stages) s.on('error', (err) => bounded.destroy(err));
  bounded.on('close', () => {
    for (const s of stages) s.destroy();
  });
  return bounded;
}

/** A small part (workbook, rels) inflated at once, refused past SMALL_PART_BYTES. */
function smallEntry(path: string, file: string, entry: ZipEntry): Readable {
  if (entry.compressedSize === 0 || entry.dataStart === undefined) return Readable.from([]);
  const fd = openSync(path, 'r');
  try {
    const raw = Buffer.alloc(entry.compressedSize);
    readSync(fd, raw, 0, raw.length, entry.dataStart);
    if (entry.method === 0) return Readable.from([raw]);
    try {
      return Readable.from([inflateRawSync(raw, { maxOutputLength: SMALL_PART_BYTES })]);
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw partTooLarge(file, entry, SMALL_PART_BYTES);
      throw new AppError('BAD_FILE', `文件「${shortPath(file)}」已损坏（「${entry.name}」解压失败），无法读取。请在 Excel 或 WPS 中打开并重新保存后再导入。`);
    }
  } finally {
    closeSync(fd);
  }
}

function lazyEntry(path: string, file: string, entry: ZipEntry): LazySource {
  let stream: Readable | null = null;
  let released = false;
  return {
    async *[Symbol.asyncIterator]() {
      if (released) return;
      const opened = openEntry(path, file, entry);
      stream = opened;
      try {
        for await (const chunk of opened) yield chunk as Buffer;
      } finally {
        opened.destroy();
      }
    },
    destroy() {
      released = true;
      stream?.destroy();
    },
  };
}

// ───── What a sheet's own XML says about itself ─────

/** Read from a sheet's bytes as they stream past (a few string searches per 16 KB chunk, none per row). */
export interface SheetScan {
  /** Last row of the <dimension> the writer stated; null when absent or the whole sheet (row 1,048,576). */
  dimensionBottom: number | null;
  /** The <dimension> as written, e.g. "A1:Q2001". */
  dimensionRef: string | null;
  /** True once </sheetData> (or an empty <sheetData/>) has been read: the sheet was not cut off. */
  complete: boolean;
  /** The <mergeCell ref> ranges (they follow the rows, so they are known only at the end). */
  merges: string[];
}

const SHEET_DATA_END = /<\/(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*\/>/;
const DIMENSION = /<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"/;
const MERGE = /<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"/g;
/** Excel's last row: a <dimension> reaching it covers whole columns, not data. */
const LAST_SHEET_ROW = 1_048_576;

export function scanOf(ws: SheetReader): SheetScan {
  return ws.scan ?? { dimensionBottom: null, dimensionRef: null, complete: true, merges: [] };
}

/** Made on first use: the base class is exceljs's, which loads on first use (xlsx/excel.ts). */
function defineReader() {
  return class IndexedWorkbookReader extends excel().stream.xlsx.WorkbookReader {
  partsRead = false;

  /**
   * @param order the sheets parse() hands out, in this order (others are never opened)
   */
  constructor(
    readonly probe: WorkbookProbe,
    readonly order: SheetInfo[] = [],
  ) {
    super(probe.path, { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  }

  /** Reads rels, workbook and shared strings once; openSheet needs them. */
  async openParts(): Promise<void> {
    if (this.partsRead) return;
    this.partsRead = true;
    const self = this as unknown as WorkbookInternals;
    const { entries, path, file } = this.probe;
    const rels = entries.get('xl/_rels/workbook.xml.rels');
    if (rels) await self._parseRels(smallEntry(path, file, rels));
    const workbook = entries.get('xl/workbook.xml');
    if (workbook) await self._parseWorkbook(smallEntry(path, file, workbook));
    const strings = entries.get('xl/sharedStrings.xml');
    self.sharedStrings = strings ? await readSharedStrings(openEntry(path, file, strings)) : [];
  }

  /**
   * One sheet's rows, decoded as one UTF-8 stream, bounded, and scanned for its <dimension>, its merges
   * and whether it ends properly (scanOf). null when the workbook names a sheet whose XML is missing.
   * A sheet can be opened again (a second pass, once its merges are known).
   */
  openSheet(sheet: SheetInfo): SheetReader | null {
    const entry = this.probe.entries.get(sheet.path);
    if (!entry) return null;
    const self = this as unknown as WorkbookInternals;
    const sheetNo = /(\d+)\.xml$/.exec(sheet.path)?.[1] ?? '1';
    for (const event of self._parseWorksheet(lazyEntry(this.probe.path, this.probe.file, entry), sheetNo)) {
      const ws = event.value;
      // The name from the workbook as fileCheck read it (exceljs only knows sheetN.xml targets).
      ws.name = sheet.name;
      decodeSheetAsUtf8(ws);
      return ws;
    }
    return null;
  }

  /** Replaces WorkbookReader.parse: the parts in dependency order, straight from the central directory. */
  override async *parse(): AsyncGenerator<{ eventType: string; value: SheetReader }> {
    await this.openParts();
    for (const sheet of this.order) {
      const ws = this.openSheet(sheet);
      if (ws) yield { eventType: 'worksheet', value: ws };
    }
  }
  };
}

let Reader: ReturnType<typeof defineReader> | undefined;
export type IndexedWorkbookReader = InstanceType<ReturnType<typeof defineReader>>;

/**
 * exceljs's streaming reader over the zip's central directory.
 * @param order the sheets parse() hands out, in this order (others are never opened)
 */
export function openIndexedReader(probe: WorkbookProbe, order: SheetInfo[] = []): IndexedWorkbookReader {
  return new (Reader ??= defineReader())(probe, order);
}

/**
 * Makes a sheet decode its bytes as one UTF-8 stream, and scan them (scanOf). Call before iterating
 * the sheet's rows; openSheet already does.
 */
export function decodeSheetAsUtf8(ws: SheetReader): void {
  const source = ws.iterator;
  if (!source || ws.scan) return;
  const scan: SheetScan = { dimensionBottom: null, dimensionRef: null, complete: false, merges: [] };
  ws.scan = scan;
  const decoded = (async function* () {
    const decoder = new TextDecoder('utf-8');
    // The head until <sheetData (for the <dimension>), the tail after </sheetData> (for the merges),
    // and the last few characters of each chunk, in case a tag is split between two chunks.
    let head: string | null = '';
    let tail: string | null = null;
    let carry = '';
    const take = (text: string) => {
      if (head !== null) {
        head += text;
        const dataAt = head.search(/<(?:\w+:)?sheetData\b/);
        if (dataAt >= 0 || head.length > 64 * 1024) {
          const dim = DIMENSION.exec(dataAt >= 0 ? head.slice(0, dataAt) : head);
          if (dim) {
            scan.dimensionRef = dim[1]!;
            const bottom = Number(/(\d+)$/.exec(dim[1]!)?.[1] ?? 0);
            scan.dimensionBottom = bottom > 1 && bottom < LAST_SHEET_ROW ? bottom : null;
          }
          head = null;
        }
      }
      if (tail !== null) {
        tail += text;
        return;
      }
      const window = carry + text;
      // indexOf first: a plain search per chunk, the regex only on the chunk that holds the end.
      const end = window.indexOf('sheetData') >= 0 ? SHEET_DATA_END.exec(window) : null;
      if (end) {
        scan.complete = true;
        tail = window.slice(end.index + end[0].length);
      } else carry = window.slice(-16);
    };
    for await (const chunk of source) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (!text) continue;
      take(text);
      yield text;
    }
    const rest = decoder.decode();
    if (rest) {
      take(rest);
      yield rest;
    }
    // `tail` is set inside take(), which the compiler cannot follow.
    const after = tail as string | null;
    if (after) for (const m of after.matchAll(MERGE)) scan.merges.push(m[1]!);
  })();
  ws.iterator = Object.assign(decoded, { destroy: () => source.destroy?.() });
}
/** Releases a sheet that will not be read (or not to the end). */
export function releaseSheet(ws: SheetReader): void {
  ws.iterator?.destroy?.();
}

/** xl/sharedStrings.xml: one string per <si> (plain or rich-text runs, without phonetic guides). */
async function readSharedStrings(entry: Readable): Promise<string[]> {
  const strings: string[] = [];
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of entry) {
    pending += decoder.decode(chunk as Buffer, { stream: true });
    const end = endOfLastItem(pending);
    if (end > 0) {
      readItems(pending.slice(0, end), strings);
      pending = pending.slice(end);
    }
  }
  pending += decoder.decode();
  readItems(pending, strings);
  return strings;
}

const ITEM_END = /<\/(?:\w+:)?si>|<(?:\w+:)?si\s*\/>/g;

function endOfLastItem(text: string): number {
  let end = -1;
  ITEM_END.lastIndex = 0;
  for (let m = ITEM_END.exec(text); m; m = ITEM_END.exec(text)) end = m.index + m[0].length;
  return end;
}

const ITEM = /<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g;
const PHONETIC = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;
const TEXT = /<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g;

function readItems(xml: string, out: string[]) {
  ITEM.lastIndex = 0;
  for (let m = ITEM.exec(xml); m; m = ITEM.exec(xml)) {
    const body = m[1];
    if (!body) {
      out.push('');
      continue;
    }
    const content = body.includes('rPh') ? body.replace(PHONETIC, '') : body;
    let text = '';
    TEXT.lastIndex = 0;
    for (let t = TEXT.exec(content); t; t = TEXT.exec(content)) text += t[1] ?? '';
    out.push(decodeXmlText(text));
  }
}

function decodeXmlText(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g, (_, e: string) => {
      switch (e) {
        case 'lt': return '<';
        case 'gt': return '>';
        case 'amp': return '&';
        case 'quot': return '"';
        case 'apos': return "'";
        default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      }
    });
}
