// The town's basemap (设置 → 底图): which local file, stored as setting 'basemap' ({ path }), and its
// tiles. Readers stay open between tiles, one per file, and are reopened when the file changes on disk.
import { statSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { BasemapState } from '../../../shared/contract/basemap';
import type { ServiceContext } from '../context';
import { setting } from '../db/schema';
import { AppError, validationError } from '../errors';
import { guardOf, shortPath, writeOutputFile } from '../files/safeOutput';
import { kindOf, openTileFile, type TileReader } from './readers';

export const BASEMAP_KEY = 'basemap';

interface Open {
  stamp: string;
  reader: TileReader;
}
const open = new Map<string, Open>();

function stampOf(path: string): string | null {
  try {
    const s = statSync(path);
    return s.isFile() ? `${s.size}:${s.mtimeMs}` : null;
  } catch {
    return null;
  }
}

/** The reader of a file, opened once while the file stays the same. */
function readerFor(path: string): TileReader {
  if (!kindOf(path)) throw validationError('底图文件应为「.pmtiles」或「.mbtiles」文件（县里或技术人员准备的离线地图）');
  const stamp = stampOf(path);
  const cached = open.get(path);
  if (cached && cached.stamp === stamp) return cached.reader;
  if (cached) forget(path);
  if (stamp === null) throw validationError(`底图文件「${shortPath(path)}」不存在或无法打开，请确认文件还在原来的位置，或重新选择`);
  const reader = openTileFile(path);
  open.set(path, { stamp, reader });
  return reader;
}

function forget(path: string) {
  const cached = open.get(path);
  open.delete(path);
  cached?.reader.close();
}

/** Closes every open basemap file (tests, and before a file is replaced). */
export function closeBasemaps() {
  for (const path of [...open.keys()]) forget(path);
}

function storedPath(ctx: ServiceContext): string | null {
  const row = ctx.ledger.db.select({ value: setting.value }).from(setting).where(eq(setting.key, BASEMAP_KEY)).get();
  if (!row) return null;
  try {
    const v = JSON.parse(row.value) as { path?: unknown };
    return typeof v?.path === 'string' && v.path ? v.path : null;
  } catch {
    return null;
  }
}

export function basemapState(ctx: ServiceContext): BasemapState {
  const path = storedPath(ctx);
  if (!path) return { basemap: null, problem: null, storedPath: null };
  try {
    const r = readerFor(path);
    return { basemap: { path, ...r.info }, problem: null, storedPath: path };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { basemap: null, problem: `${err.message}。地图暂不显示底图，可在「设置 → 底图」重新选择文件。`, storedPath: path };
  }
}

/** Checks the file reads as a basemap before it is stored, so a bad choice changes nothing. */
export function setBasemap(ctx: ServiceContext, path: string): BasemapState {
  forget(path); // a file chosen again is read afresh
  const reader = readerFor(path);
  const value = JSON.stringify({ path });
  const updatedAt = new Date().toISOString();
  ctx.ledger.db.insert(setting).values({ key: BASEMAP_KEY, value, updatedAt }).onConflictDoUpdate({ target: setting.key, set: { value, updatedAt } }).run();
  return { basemap: { path, ...reader.info }, problem: null, storedPath: path };
}

export function clearBasemap(ctx: ServiceContext): BasemapState {
  const path = storedPath(ctx);
  ctx.ledger.db.delete(setting).where(eq(setting.key, BASEMAP_KEY)).run();
  if (path) forget(path);
  return { basemap: null, problem: null, storedPath: null };
}

export async function basemapTile(ctx: ServiceContext, z: number, x: number, y: number): Promise<{ data: string | null }> {
  const path = storedPath(ctx);
  if (!path) throw new AppError('NOT_FOUND', '本乡镇没有设置底图');
  const reader = readerFor(path);
  if (z < reader.info.minzoom || z > reader.info.maxzoom) return { data: null };
  const bytes = await reader.tile(z, x, y);
  return { data: bytes ? Buffer.from(bytes).toString('base64') : null };
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The page's picture of the map, written where the staffer chose (the same safe write as every export). */
export async function saveMapView(ctx: ServiceContext, path: string, png: string): Promise<{ path: string; rows: number }> {
  const bytes = Buffer.from(png, 'base64');
  if (bytes.length < 32 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) throw validationError('地图图片的数据不对（不是 PNG 图片），请重新保存');
  await writeOutputFile(path, guardOf(ctx), async (out) => {
    out.end(bytes);
  });
  return { path, rows: 1 };
}
