// Small tile files for the basemap tests: solid-colour PNGs, an MBTiles (SQLite, TMS rows) and a
// PMTiles v3 archive written by hand (header, one root directory, metadata, tile data; nothing compressed).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import Database from 'better-sqlite3-multiple-ciphers';

export interface TileSpec {
  z: number;
  x: number;
  /** XYZ: from the top, as maplibre asks. */
  y: number;
  data: Uint8Array;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A size×size PNG of one opaque colour. */
export function solidPng(rgb: [number, number, number], size = 256): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i++) row.set(rgb, 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function writeMbtiles(path: string, tiles: TileSpec[], metadata: Record<string, string>) {
  const db = new Database(path);
  db.exec('create table metadata (name text, value text); create table tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob); create unique index tile_index on tiles (zoom_level, tile_column, tile_row);');
  const m = db.prepare('insert into metadata values (?, ?)');
  for (const [k, v] of Object.entries(metadata)) m.run(k, v);
  const t = db.prepare('insert into tiles values (?, ?, ?, ?)');
  for (const tile of tiles) t.run(tile.z, tile.x, 2 ** tile.z - 1 - tile.y, Buffer.from(tile.data));
  db.close();
}

/** The PMTiles tile id: tiles of all lower zooms, then the position on the zoom's Hilbert curve. */
export function hilbertTileId(z: number, x: number, y: number): number {
  const n = 2 ** z;
  let base = 0;
  for (let i = 0; i < z; i++) base += 4 ** i;
  let d = 0;
  let tx = x;
  let ty = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        tx = n - 1 - tx;
        ty = n - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
  }
  return base + d;
}

function varint(out: number[], value: number) {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export const PMTILES_TYPE = { mvt: 1, png: 2, jpg: 3, webp: 4 } as const;

export interface PmtilesOptions {
  tileType: number;
  metadata: Record<string, unknown>;
  bounds: [number, number, number, number];
  minZoom: number;
  maxZoom: number;
}

export function pmtilesBytes(tiles: TileSpec[], o: PmtilesOptions): Buffer {
  const entries = tiles.map((t) => ({ id: hilbertTileId(t.z, t.x, t.y), data: Buffer.from(t.data) })).sort((a, b) => a.id - b.id);
  let offset = 0;
  const placed = entries.map((e) => {
    const p = { id: e.id, offset, length: e.data.length };
    offset += e.data.length;
    return p;
  });
  const dir: number[] = [];
  varint(dir, placed.length);
  let last = 0;
  for (const p of placed) {
    varint(dir, p.id - last);
    last = p.id;
  }
  for (const _p of placed) varint(dir, 1); // run length
  for (const p of placed) varint(dir, p.length);
  placed.forEach((p, i) => varint(dir, i > 0 && p.offset === placed[i - 1]!.offset + placed[i - 1]!.length ? 0 : p.offset + 1));
  const root = Buffer.from(dir);
  const meta = Buffer.from(JSON.stringify(o.metadata), 'utf8');
  const data = Buffer.concat(entries.map((e) => e.data));

  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h[7] = 3;
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  const rootOffset = 127;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + meta.length;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset); // no leaf directories
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, data.length);
  u64(72, placed.length);
  u64(80, placed.length);
  u64(88, placed.length);
  h[96] = 1; // clustered
  h[97] = 1; // internal compression: none
  h[98] = 1; // tile compression: none
  h[99] = o.tileType;
  h[100] = o.minZoom;
  h[101] = o.maxZoom;
  const e7 = (at: number, deg: number) => h.writeInt32LE(Math.round(deg * 1e7), at);
  e7(102, o.bounds[0]);
  e7(106, o.bounds[1]);
  e7(110, o.bounds[2]);
  e7(114, o.bounds[3]);
  h[118] = o.minZoom;
  e7(119, (o.bounds[0] + o.bounds[2]) / 2);
  e7(123, (o.bounds[1] + o.bounds[3]) / 2);
  return Buffer.concat([h, root, meta, data]);
}

export function writePmtiles(path: string, tiles: TileSpec[], o: PmtilesOptions) {
  writeFileSync(path, pmtilesBytes(tiles, o));
}
