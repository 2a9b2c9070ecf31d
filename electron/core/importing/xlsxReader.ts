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
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { SheetInfo, WorkbookProbe, ZipEntry } from './fileCheck';

type Chunk = Buffer | Uint8Array | string;

/** A byte source that opens its file only when iterated, and can be released before or after. */
interface LazySource extends AsyncIterable<Chunk> {
  destroy(): void;
}

/** What the reader hands out per sheet; `iterator` is exceljs's private byte source of the sheet. */
export type SheetReader = AsyncIterable<ExcelJS.Row> & {
  name: string;
  iterator?: AsyncIterable<Chunk> & { destroy?: () => void };
};

interface WorkbookInternals {
  sharedStrings?: string[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Iterable<{ eventType: string; value: SheetReader }>;
}

/** The entry's data as a stream: inflated (method 8) or stored (method 0). */
function openEntry(path: string, entry: ZipEntry): Readable {
  if (entry.compressedSize === 0 || entry.dataStart === undefined) return Readable.from([]);
  const raw = createReadStream(path, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
  if (entry.method === 0) return raw;
  const inflate = createInflateRaw({ chunkSize: 16 * 1024 });
  raw.on('error', (err) => inflate.destroy(err));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}

function lazyEntry(path: string, entry: ZipEntry): LazySource {
  let stream: Readable | null = null;
  let released = false;
  return {
    async *[Symbol.asyncIterator]() {
      if (released) return;
      const opened = openEntry(path, entry);
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

export class IndexedWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  /**
   * @param order the sheets to hand out, in this order (others are never opened)
   */
  constructor(
    private readonly probe: WorkbookProbe,
    private readonly order: SheetInfo[],
  ) {
    super(probe.path, { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  }

  /** Replaces WorkbookReader.parse: the parts in dependency order, straight from the central directory. */
  override async *parse(): AsyncGenerator<{ eventType: string; value: SheetReader }> {
    const self = this as unknown as WorkbookInternals;
    const { entries, path } = this.probe;
    const rels = entries.get('xl/_rels/workbook.xml.rels');
    if (rels) await self._parseRels(openEntry(path, rels));
    const workbook = entries.get('xl/workbook.xml');
    if (workbook) await self._parseWorkbook(openEntry(path, workbook));
    const strings = entries.get('xl/sharedStrings.xml');
    self.sharedStrings = strings ? await readSharedStrings(openEntry(path, strings)) : [];
    for (const sheet of this.order) {
      const entry = entries.get(sheet.path);
      if (!entry) continue;
      const sheetNo = /(\d+)\.xml$/.exec(sheet.path)?.[1] ?? '1';
      for (const event of self._parseWorksheet(lazyEntry(path, entry), sheetNo)) {
        // The name from the workbook as fileCheck read it (exceljs only knows sheetN.xml targets).
        event.value.name = sheet.name;
        yield event;
      }
    }
  }
}

/** Makes a sheet decode its bytes as one UTF-8 stream. Call before iterating the sheet's rows. */
export function decodeSheetAsUtf8(ws: SheetReader): void {
  const source = ws.iterator;
  if (!source) return;
  const decoded = (async function* () {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of source) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
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
