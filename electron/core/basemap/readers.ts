// Readers of local tile files: MBTiles (SQLite, rows in TMS order) and PMTiles v3 (byte ranges of one
// file). Both answer tiles by XYZ coordinates with y from the top, as maplibre asks for them.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3-multiple-ciphers';
import type * as PmTiles from 'pmtiles';
import type { Compression, Header, Source, TileType } from 'pmtiles';
import { lazyModule } from '../lazyModule';
import type { BasemapInfo } from '../../../shared/contract/basemap';
import { AppError, validationError } from '../errors';

const pmtiles = lazyModule<typeof PmTiles>('pmtiles');

type Format = BasemapInfo['format'];
export interface TileReader {
  info: Omit<BasemapInfo, 'path'>;
  /** The tile's bytes (decompressed), null when the file has none at z/x/y. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  close(): void;
}

const badFile = (path: string, why: string) => validationError(`底图文件「${basename(path)}」${why}`);

export function kindOf(path: string): 'pmtiles' | 'mbtiles' | null {
  const lower = path.toLowerCase();
  return lower.endsWith('.pmtiles') ? 'pmtiles' : lower.endsWith('.mbtiles') ? 'mbtiles' : null;
}

/** Opens and checks a file synchronously (a write channel stores it only once it reads). */
export function openTileFile(path: string): TileReader {
  const kind = kindOf(path);
  if (!kind) throw validationError('底图文件应为 .pmtiles 或 .mbtiles 文件');
  return kind === 'mbtiles' ? openMbtiles(path) : openPmtiles(path);
}

/** What the first bytes of a tile say it is (a file without a format in its metadata). */
export function sniffFormat(bytes: Uint8Array): Format | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 && bytes[8] === 0x57) return 'webp';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'pbf'; // gzipped: only vector tiles are stored so
  return null;
}

function formatName(value: string | undefined): Format | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'png' || v === 'webp' || v === 'pbf') return v;
  if (v === 'jpg' || v === 'jpeg') return 'jpg';
  if (v === 'mvt') return 'pbf';
  return null;
}

function parseBounds(value: string | undefined): [number, number, number, number] | null {
  if (!value) return null;
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [w, s, e, n] = parts as [number, number, number, number];
  if (w < -180 || e > 180 || s < -90 || n > 90 || w >= e || s >= n) return null;
  return [w, s, e, n];
}

function vectorLayerIds(json: unknown): string[] {
  const layers = (json as { vector_layers?: unknown } | null)?.vector_layers;
  if (!Array.isArray(layers)) return [];
  return layers.map((l) => (l as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 200);
}

const shortText = (v: unknown, max = 500) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** Gzipped vector tiles (as most MBTiles keep them) are unpacked here; maplibre gets plain protobuf. */
function unpacked(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

function openMbtiles(path: string): TileReader {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('query_only = 1');
  } catch (err) {
    throw openError(path, err);
  }
  try {
    const names = new Set((db.prepare("select name from sqlite_master where type in ('table','view')").all() as { name: string }[]).map((r) => r.name));
    if (!names.has('tiles')) throw badFile(path, '不是有效的 MBTiles 文件：缺少 tiles 表');
    const columns = new Set((db.prepare('pragma table_info(tiles)').all() as { name: string }[]).map((c) => c.name));
    for (const c of ['zoom_level', 'tile_column', 'tile_row', 'tile_data']) {
      if (!columns.has(c)) throw badFile(path, `不是有效的 MBTiles 文件：tiles 表缺少 ${c} 列`);
    }
    const meta = new Map<string, string>();
    if (names.has('metadata')) {
      for (const r of db.prepare('select name, value from metadata').all() as { name: unknown; value: unknown }[]) {
        if (typeof r.name === 'string' && (typeof r.value === 'string' || typeof r.value === 'number')) meta.set(r.name, String(r.value));
      }
    }
    const tileStmt = db.prepare('select tile_data as data from tiles where zoom_level = ? and tile_column = ? and tile_row = ?');
    let format = formatName(meta.get('format'));
    if (!format) {
      const first = db.prepare('select tile_data as data from tiles limit 1').get() as { data: unknown } | undefined;
      if (!first) throw badFile(path, '里没有任何瓦片');
      format = first.data instanceof Uint8Array ? sniffFormat(first.data) : null;
      if (!format) throw badFile(path, '的瓦片格式无法识别（应为 png、jpg、webp 或 pbf）');
    }
    const zooms = db.prepare('select min(zoom_level) as lo, max(zoom_level) as hi from tiles').get() as { lo: number | null; hi: number | null };
    if (zooms.lo === null || zooms.hi === null) throw badFile(path, '里没有任何瓦片');
    let json: unknown = null;
    try {
      json = meta.has('json') ? JSON.parse(meta.get('json')!) : null;
    } catch {
      json = null; // a broken json entry only loses the layer list
    }
    const zoomOf = (key: string, fallback: number) => {
      const n = Number(meta.get(key));
      return Number.isInteger(n) && n >= 0 && n <= 24 ? n : fallback;
    };
    return {
      info: {
        fileName: basename(path),
        kind: 'mbtiles',
        tiles: format === 'pbf' ? 'vector' : 'raster',
        format,
        name: shortText(meta.get('name'), 200),
        attribution: shortText(meta.get('attribution')),
        bounds: parseBounds(meta.get('bounds')),
        minzoom: zoomOf('minzoom', Math.max(0, Math.min(24, zooms.lo))),
        maxzoom: zoomOf('maxzoom', Math.max(0, Math.min(24, zooms.hi))),
        vectorLayers: vectorLayerIds(json),
      },
      tile: async (z, x, y) => {
        // MBTiles rows count from the bottom (TMS): flip the y maplibre asks for.
        const row = tileStmt.get(z, x, 2 ** z - 1 - y) as { data: unknown } | undefined;
        if (!row || !(row.data instanceof Uint8Array) || row.data.length === 0) return null;
        return format === 'pbf' ? unpacked(row.data) : row.data;
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    throw openError(path, err);
  }
}

function openError(path: string, err: unknown): AppError {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'SQLITE_CANTOPEN') return badFile(path, '不存在或无法打开');
  if (code === 'EACCES' || code === 'EPERM') return badFile(path, '没有读取权限');
  if (typeof code === 'string' && code.startsWith('SQLITE_NOTADB')) return badFile(path, '不是有效的 MBTiles 文件（不是 SQLite 数据库）');
  return badFile(path, '无法读取，文件可能已损坏');
}

/** The PMTiles library reads through this: byte ranges of the open file, never a URL. */
class LocalFileSource implements Source {
  constructor(
    private readonly fd: number,
    private readonly key: string,
    readonly size: number,
  ) {}
  getKey() {
    return this.key;
  }
  async getBytes(offset: number, length: number) {
    const buf = readRange(this.fd, offset, Math.max(0, Math.min(length, this.size - offset)));
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer };
  }
}

function decompressSync(bytes: Uint8Array, compression: Compression): Uint8Array {
  const { Compression } = pmtiles();
  if (compression === Compression.None || compression === Compression.Unknown) return bytes;
  if (compression === Compression.Gzip) return gunzipSync(bytes);
  if (compression === Compression.Brotli) return brotliDecompressSync(bytes);
  throw validationError('底图文件使用了本软件不支持的压缩方式（zstd），请用 gzip 压缩重新生成');
}

async function decompress(buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  const out = decompressSync(new Uint8Array(buf), compression);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

function readRange(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** The tile formats PMTiles names, as the basemap's. */
function pmtilesFormat(type: TileType): Format | undefined {
  const { TileType: T } = pmtiles();
  const formats: Partial<Record<TileType, Format>> = { [T.Mvt]: 'pbf', [T.Png]: 'png', [T.Jpeg]: 'jpg', [T.Webp]: 'webp' };
  return formats[type];
}

function openPmtiles(path: string): TileReader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw openError(path, err);
  }
  try {
    const size = fstatSync(fd).size;
    const head = readRange(fd, 0, Math.min(size, 127));
    if (head.length < 127 || head.toString('latin1', 0, 7) !== 'PMTiles') throw badFile(path, '不是有效的 PMTiles 文件（文件头不对）');
    if (head[7] !== 3) throw badFile(path, `是 PMTiles 第 ${head[7]} 版，本软件只读第 3 版`);
    const header: Header = pmtiles().bytesToHeader(head.buffer.slice(head.byteOffset, head.byteOffset + 127) as ArrayBuffer, undefined);
    const within = (offset: number, length: number) => offset >= 0 && length >= 0 && offset + length <= size;
    if (!within(header.rootDirectoryOffset, header.rootDirectoryLength) || !within(header.jsonMetadataOffset, header.jsonMetadataLength) || header.tileDataOffset > size) {
      throw badFile(path, '不完整（文件被截断了或文件头有误）');
    }
    const source = new LocalFileSource(fd, path, size);
    const archive = new (pmtiles().PMTiles)(source, undefined, decompress);
    const format = pmtilesFormat(header.tileType);
    if (!format) throw badFile(path, '的瓦片格式不受支持（应为 png、jpg、webp 或 pbf）');
    let meta: Record<string, unknown> = {};
    try {
      if (header.jsonMetadataLength > 0) {
        const raw = decompressSync(readRange(fd, header.jsonMetadataOffset, header.jsonMetadataLength), header.internalCompression);
        const m: unknown = JSON.parse(Buffer.from(raw).toString('utf8'));
        if (m && typeof m === 'object') meta = m as Record<string, unknown>;
      }
    } catch {
      meta = {}; // unreadable metadata only loses the name and attribution
    }
    const inRange = (v: number) => Math.max(0, Math.min(24, Math.trunc(v)));
    const b: [number, number, number, number] = [header.minLon, header.minLat, header.maxLon, header.maxLat];
    const boundsOk = b.every(Number.isFinite) && b[0] < b[2] && b[1] < b[3] && b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90;
    return {
      info: {
        fileName: basename(path),
        kind: 'pmtiles',
        tiles: format === 'pbf' ? 'vector' : 'raster',
        format,
        name: shortText(meta.name, 200),
        attribution: shortText(meta.attribution),
        bounds: boundsOk ? b : null,
        minzoom: inRange(header.minZoom),
        maxzoom: inRange(Math.max(header.minZoom, header.maxZoom)),
        vectorLayers: vectorLayerIds(meta),
      },
      tile: async (z, x, y) => {
        const r = await archive.getZxy(z, x, y);
        if (!r || r.data.byteLength === 0) return null;
        return new Uint8Array(r.data);
      },
      close: () => closeSync(fd),
    };
  } catch (err) {
    closeSync(fd);
    if (err instanceof AppError) throw err;
    throw badFile(path, '无法读取，文件可能已损坏');
  }
}
