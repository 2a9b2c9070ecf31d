// A minimal Shapefile writer for the map import tests: polygons (.shp, .shx not needed by shpjs), a .dbf of
// text fields in UTF-8 with its .cpg, an optional .prj, all zipped with the zip writer of zipParts.ts.
import { deflateRawSync } from 'node:zlib';
import { crc32, writeZip, type ZipPart } from './zipParts';

type Ring = [number, number][];

function binaryPart(name: string, data: Buffer): ZipPart {
  return { name, compressed: deflateRawSync(data), statedSize: data.length, crc: crc32(data) };
}

/** .shp of polygon records; each polygon's rings given GeoJSON-style (outer ring first). */
export function shpBytes(polygons: Ring[][]): Buffer {
  const records: Buffer[] = [];
  const all = polygons.flat(2);
  const box = (pts: [number, number][]) => [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
  polygons.forEach((rings, i) => {
    // Shapefile outer rings run clockwise: GeoJSON's counter-clockwise outer ring is reversed.
    const cw = rings.map((r, k) => (k === 0 ? [...r].reverse() : r));
    const points = cw.flat();
    const content = Buffer.alloc(44 + 4 * cw.length + 16 * points.length);
    content.writeInt32LE(5, 0);
    box(points).forEach((v, k) => content.writeDoubleLE(v, 4 + 8 * k));
    content.writeInt32LE(cw.length, 36);
    content.writeInt32LE(points.length, 40);
    let start = 0;
    cw.forEach((r, k) => {
      content.writeInt32LE(start, 44 + 4 * k);
      start += r.length;
    });
    const at = 44 + 4 * cw.length;
    points.forEach((p, k) => {
      content.writeDoubleLE(p[0], at + 16 * k);
      content.writeDoubleLE(p[1], at + 16 * k + 8);
    });
    const head = Buffer.alloc(8);
    head.writeInt32BE(i + 1, 0);
    head.writeInt32BE(content.length / 2, 4);
    records.push(head, content);
  });
  const body = Buffer.concat(records);
  const header = Buffer.alloc(100);
  header.writeInt32BE(9994, 0);
  header.writeInt32BE((100 + body.length) / 2, 24);
  header.writeInt32LE(1000, 28);
  header.writeInt32LE(5, 32);
  box(all.length ? all : [[0, 0]]).forEach((v, k) => header.writeDoubleLE(v, 36 + 8 * k));
  return Buffer.concat([header, body]);
}

/** .dbf with text fields (UTF-8 bytes), one record per row. */
export function dbfBytes(fields: string[], rows: string[][]): Buffer {
  const width = fields.map((_, c) => Math.max(10, ...rows.map((r) => Buffer.byteLength(r[c] ?? '', 'utf8'))));
  const recordLength = 1 + width.reduce((a, b) => a + b, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const header = Buffer.alloc(headerLength);
  header.writeUInt8(3, 0);
  header.writeUInt8(126, 1);
  header.writeUInt8(11, 2);
  header.writeUInt8(23, 3);
  header.writeUInt32LE(rows.length, 4);
  header.writeUInt16LE(headerLength, 8);
  header.writeUInt16LE(recordLength, 10);
  fields.forEach((f, i) => {
    const at = 32 + 32 * i;
    header.write(f.slice(0, 10), at, 'latin1');
    header.write('C', at + 11, 'latin1');
    header.writeUInt8(width[i]!, at + 16);
  });
  header.writeUInt8(0x0d, headerLength - 1);
  const body = rows.map((r) => {
    const rec = Buffer.alloc(recordLength, 0x20);
    let at = 1;
    r.forEach((v, c) => {
      Buffer.from(v, 'utf8').copy(rec, at);
      at += width[c]!;
    });
    return rec;
  });
  return Buffer.concat([header, ...body, Buffer.from([0x1a])]);
}

export const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** A zipped Shapefile `name`.shp/.dbf/.cpg (+ .prj when given) at `path`. */
export function writeShapefileZip(path: string, name: string, polygons: Ring[][], fields: string[], rows: string[][], prj?: string): string {
  const parts = [binaryPart(`${name}.shp`, shpBytes(polygons)), binaryPart(`${name}.dbf`, dbfBytes(fields, rows)), binaryPart(`${name}.cpg`, Buffer.from('UTF-8'))];
  if (prj) parts.push(binaryPart(`${name}.prj`, Buffer.from(prj)));
  return writeZip(path, parts);
}
