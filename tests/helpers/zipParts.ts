// Reads the parts of an xlsx (a zip) and writes them back as a zip, so a test can build the files
// exceljs never writes: a sheet cut off mid-file, a part that inflates to far more than the zip says.
import { readFileSync, writeFileSync } from 'node:fs';
import { crc32 as zlibCrc32, createDeflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { probeWorkbook } from '../../electron/core/importing/fileCheck';

export interface ZipPart {
  name: string;
  /** The bytes as stored (deflated unless `stored`). */
  compressed: Buffer;
  /** What the central directory states; a lie is allowed (zip bombs lie). */
  statedSize: number;
  crc: number;
  stored?: boolean;
}

/** The xlsx's parts as text (all are XML), by name. */
export function readParts(path: string): Map<string, string> {
  const probe = probeWorkbook(path);
  const bytes = readFileSync(path);
  const out = new Map<string, string>();
  for (const [name, e] of probe.entries) {
    const raw = bytes.subarray(e.dataStart!, e.dataStart! + e.compressedSize);
    out.set(name, (e.method === 0 ? raw : inflateRawSync(raw)).toString('utf8'));
  }
  return out;
}

export const crc32 = (buf: Buffer, crc = 0): number => zlibCrc32(buf, crc);

export function textPart(name: string, text: string): ZipPart {
  const data = Buffer.from(text, 'utf8');
  return { name, compressed: deflateRawSync(data), statedSize: data.length, crc: crc32(data) };
}

/**
 * A part of `head`, then `repeat` written `times` times, then `tail`, deflated as a stream (the test
 * never holds the inflated bytes), its stated size `statedSize` (default: the truth).
 */
export async function repeatedPart(name: string, head: string, repeat: string, times: number, tail: string, statedSize?: number): Promise<ZipPart> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  const put = (b: Buffer) => {
    crc = crc32(b, crc);
    size += b.length;
    return deflate.write(b);
  };
  put(Buffer.from(head));
  const block = Buffer.from(repeat.repeat(Math.max(1, Math.floor(65536 / repeat.length))));
  const per = block.length / repeat.length;
  for (let written = 0; written < times; written += per) {
    if (!put(block)) await new Promise((r) => deflate.once('drain', r));
  }
  put(Buffer.from(tail));
  deflate.end();
  await done;
  return { name, compressed: Buffer.concat(chunks), statedSize: statedSize ?? size, crc };
}

/** Writes the parts as a zip file (local headers, central directory, end record). */
export function writeZip(path: string, parts: ZipPart[]): string {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const method = p.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.compressed.length, 18);
    local.writeUInt32LE(p.statedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(p.crc, 16);
    cd.writeUInt32LE(p.compressed.length, 20);
    cd.writeUInt32LE(p.statedSize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, p.compressed);
    central.push(cd, name);
    offset += local.length + name.length + p.compressed.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cdBytes, end]));
  return path;
}

/** The xlsx again with some parts replaced (text) or swapped for ready parts. */
export function rewriteXlsx(from: string, to: string, replace: Record<string, string | ZipPart>): string {
  const parts = readParts(from);
  const out: ZipPart[] = [];
  for (const [name, text] of parts) {
    const r = replace[name];
    out.push(r === undefined ? textPart(name, text) : typeof r === 'string' ? textPart(name, r) : r);
  }
  return writeZip(to, out);
}
