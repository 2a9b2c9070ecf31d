// A person's photo for the 一人一卡 archive card: a JPEG or PNG file, checked and bounded before it is decoded,
// shrunk to at most PHOTO_LONG_SIDE px on its long side (box filter: each new pixel is the mean of the source pixels
// it covers, which is what a downscale wants), stored as one JPEG (quality 80) in resident_photo.
// EXIF orientation is ignored: a phone photo taken sideways stays sideways (staff can rotate it before uploading).
import { readFileSync, statSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type * as JpegJs from 'jpeg-js';
import type * as PngJs from 'pngjs';
import { lazyModule } from '../lazyModule';
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { ServiceContext } from '../context';
import { residentPhoto } from '../db/schema';
import { inWrite } from '../db/write';
import { AppError, validationError } from '../errors';
import { requirePerson } from './service';

const jpegJs = lazyModule<typeof JpegJs>('jpeg-js');
const pngjs = lazyModule<typeof PngJs>('pngjs');

export const PHOTO_LONG_SIDE = 600;
export const PHOTO_MAX_FILE_BYTES = 20 * 1024 * 1024;
export const PHOTO_MAX_PIXELS = 40_000_000;
const JPEG_QUALITY = 80;

export interface Rgba { width: number; height: number; data: Uint8Array }

const refuse = (message: string) => validationError(message, [{ path: ['path'], message }]);

/** The kind and pixel size from the file's own header, without decoding it (so a huge one is refused cheaply). */
export function imageHeader(buf: Buffer): { kind: 'jpeg' | 'png'; width: number; height: number } {
  if (buf.length > 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a && buf.toString('latin1', 12, 16) === 'IHDR') {
    return { kind: 'png', width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  if (buf.length > 4 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) {
    // Walk the markers to the first frame header (SOF0–SOF15 except DHT/JPG/DAC), which holds the size.
    let at = 2;
    while (at + 9 < buf.length) {
      if (buf[at] !== 0xff) break;
      const marker = buf[at + 1]!;
      if (marker === 0xff) { at += 1; continue; }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { at += 2; continue; }
      const length = buf.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { kind: 'jpeg', height: buf.readUInt16BE(at + 5), width: buf.readUInt16BE(at + 7) };
      }
      at += 2 + length;
    }
    throw refuse('照片文件已损坏：读不到 JPEG 图片的尺寸');
  }
  throw refuse('所选文件不是照片：只能上传 JPEG（.jpg）或 PNG（.png）图片');
}

/** Box-filter downscale to fit `longSide`; an image already small enough is returned as it is. */
export function shrinkToFit(img: Rgba, longSide: number): Rgba {
  const scale = Math.min(1, longSide / Math.max(img.width, img.height));
  if (scale >= 1) return img;
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const out = new Uint8Array(w * h * 4);
  const fx = img.width / w;
  const fy = img.height / h;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * fy);
    const y1 = Math.max(y0 + 1, Math.min(img.height, Math.floor((y + 1) * fy)));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * fx);
      const x1 = Math.max(x0 + 1, Math.min(img.width, Math.floor((x + 1) * fx)));
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = y0; sy < y1; sy++) {
        let p = (sy * img.width + x0) * 4;
        for (let sx = x0; sx < x1; sx++, p += 4) {
          r += img.data[p]!; g += img.data[p + 1]!; b += img.data[p + 2]!; a += img.data[p + 3]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const q = (y * w + x) * 4;
      out[q] = Math.round(r / n); out[q + 1] = Math.round(g / n); out[q + 2] = Math.round(b / n); out[q + 3] = Math.round(a / n);
    }
  }
  return { width: w, height: h, data: out };
}

/** Transparent parts of a PNG onto white, since a JPEG has no alpha (and the card is white). */
function flattenOnWhite(img: Rgba): Rgba {
  const d = img.data;
  for (let p = 0; p < d.length; p += 4) {
    const a = d[p + 3]!;
    if (a === 255) continue;
    for (let c = 0; c < 3; c++) d[p + c] = Math.round((d[p + c]! * a + 255 * (255 - a)) / 255);
    d[p + 3] = 255;
  }
  return img;
}

/** A photo file as the JPEG we store: checked, bounded, decoded, shrunk, re-encoded. */
export function preparePhoto(path: string): { jpeg: Buffer; width: number; height: number } {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw refuse('所选位置不是文件，请选择一张照片');
    size = st.size;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw refuse('找不到所选的照片文件，或没有权限读取');
  }
  if (size > PHOTO_MAX_FILE_BYTES) throw refuse(`照片文件过大（${(size / 1024 / 1024).toFixed(1)} MB），请选择不超过 20 MB 的照片`);
  const buf = readFileSync(path);
  const head = imageHeader(buf);
  if (head.width === 0 || head.height === 0) throw refuse('照片文件已损坏：图片的宽或高为 0');
  if (head.width * head.height > PHOTO_MAX_PIXELS) {
    throw refuse(`照片像素过多（${head.width}×${head.height}，约 ${Math.round((head.width * head.height) / 1e6)} 百万像素），请选择不超过 4000 万像素的照片`);
  }
  let decoded: Rgba;
  try {
    decoded = head.kind === 'png'
      ? pngjs().PNG.sync.read(buf)
      : jpegJs().decode(buf, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: PHOTO_MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
  } catch {
    throw refuse(`照片文件已损坏，无法读取其中的 ${head.kind === 'png' ? 'PNG' : 'JPEG'} 图片`);
  }
  const small = flattenOnWhite(shrinkToFit(decoded, PHOTO_LONG_SIDE));
  const encoded = jpegJs().encode({ width: small.width, height: small.height, data: small.data }, JPEG_QUALITY);
  return { jpeg: encoded.data, width: small.width, height: small.height };
}

export type PhotoOut = NonNullable<ChannelOutput<'person.photo.get'>>;

export function setPhoto(ctx: ServiceContext, input: ChannelParsed<'person.photo.set'>): PhotoOut {
  requirePerson(ctx, input.residentId);
  const photo = preparePhoto(input.path);
  return inWrite(ctx, () => {
    const values = { mime: 'image/jpeg', width: photo.width, height: photo.height, data: photo.jpeg, updatedAt: new Date().toISOString() };
    ctx.ledger.db.insert(residentPhoto).values({ residentId: input.residentId, ...values }).onConflictDoUpdate({ target: residentPhoto.residentId, set: values }).run();
    return getPhoto(ctx, input.residentId)!;
  });
}

/** The stored photo (read on the caller's scoped connection: a person outside their villages has none to show). */
export function getPhoto(ctx: ServiceContext, residentId: number): PhotoOut | null {
  const p = ctx.ledger.db.select().from(residentPhoto).where(eq(residentPhoto.residentId, residentId)).get();
  if (!p) return null;
  return { residentId, mime: p.mime, width: p.width, height: p.height, bytes: p.data.length, base64: p.data.toString('base64'), updatedAt: p.updatedAt };
}

export function removePhoto(ctx: ServiceContext, residentId: number): { removed: boolean } {
  requirePerson(ctx, residentId);
  const r = ctx.ledger.db.delete(residentPhoto).where(eq(residentPhoto.residentId, residentId)).run();
  return { removed: r.changes > 0 };
}
