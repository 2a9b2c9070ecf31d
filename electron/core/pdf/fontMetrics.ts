// A font's vertical metrics (hhea ascent/descent over head unitsPerEm), read from the file itself, so a layout
// can set pdfmake's lineHeight to hit an exact line pitch (GB/T 9704: 22 lines in the 225 mm 版心) whichever
// font the setting picked. pdfkit's line is (ascent − descent) × size; for a .ttc the first face is read
// (宋体 and 新宋体 share their metrics).
import { readFileSync } from 'node:fs';

export interface FontMetrics {
  /** (ascent − descent) / unitsPerEm: the line height pdfkit gives at size 1. */
  lineFactor: number;
}

const cache = new Map<string, FontMetrics>();

export function fontMetrics(path: string): FontMetrics {
  const known = cache.get(path);
  if (known) return known;
  const buf = readFileSync(path);
  let base = 0;
  if (buf.toString('latin1', 0, 4) === 'ttcf') base = buf.readUInt32BE(12);
  const numTables = buf.readUInt16BE(base + 4);
  const tables = new Map<string, number>();
  for (let i = 0; i < numTables; i++) {
    const rec = base + 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  // A file without the tables falls back to a typical CJK face's factor, so the layout still works.
  const metrics =
    head === undefined || hhea === undefined
      ? { lineFactor: 1.3 }
      : { lineFactor: (buf.readInt16BE(hhea + 4) - buf.readInt16BE(hhea + 6)) / buf.readUInt16BE(head + 18) };
  cache.set(path, metrics);
  return metrics;
}
