// A small synchronous reader of zip archives (a zipped Shapefile, a KMZ): only what the map import needs —
// the central directory, stored and deflated entries — with the uncompressed size bounded before anything
// is inflated, so a zip bomb is refused instead of filling memory.
import { inflateRawSync } from 'node:zlib';
import { validationError } from '../errors';

export interface ZipEntry {
  name: string;
  read: () => Buffer;
  size: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === LOCAL;

export function readZip(buf: Buffer, maxTotal: number): ZipEntry[] {
  const bad = () => validationError('压缩包已损坏或不完整，无法读取其中的文件');
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw bad();
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw bad();
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    // Bit 11: the name is UTF-8; otherwise Chinese archivers write GBK.
    const rawName = buf.subarray(at + 46, at + 46 + nameLen);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'gbk').decode(rawName);
    at += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    total += size;
    if (total > maxTotal) throw validationError(`压缩包解压后超过 ${Math.round(maxTotal / 1024 / 1024)} MB，不像是边界文件，请只打包边界图层`);
    if (flags & 0x1) throw validationError(`压缩包中的「${name}」有密码，请解除密码后再导入`);
    entries.push({
      name,
      size,
      read: () => {
        if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw bad();
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(data);
        if (method === 8) {
          try {
            return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
          } catch {
            throw bad();
          }
        }
        throw validationError(`压缩包中的「${name}」用了不支持的压缩方式，请用常见的 zip 格式重新打包`);
      },
    });
  }
  return entries;
}
