// The local basemap: MBTiles and PMTiles files built here, chosen through basemap.set, read tile by tile.
import { writeFileSync, rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeBasemaps } from '../../electron/core/basemap/service';
import { call } from '../../electron/core/dispatch';
import { logicalHash } from '../helpers/dump';
import { fails, ok } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { PMTILES_TYPE, hilbertTileId, pmtilesBytes, solidPng, writeMbtiles, writePmtiles, type TileSpec } from '../helpers/tiles';

let t: TempLedger;
beforeEach(async () => {
  t = openTempLedger();
  await call(t.ctx, 'town.setup', { name: '城关镇', code: '320121100000' });
});
afterEach(() => {
  closeBasemaps();
  t.close();
});

const RED = solidPng([220, 30, 30], 8);
const BLUE = solidPng([30, 30, 220], 8);
const GREEN = solidPng([30, 200, 30], 8);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** z1: the top-left tile red, the bottom-left blue; z0 green. */
const rasterTiles: TileSpec[] = [
  { z: 0, x: 0, y: 0, data: GREEN },
  { z: 1, x: 0, y: 0, data: RED },
  { z: 1, x: 0, y: 1, data: BLUE },
];

describe('MBTiles', () => {
  it('reads a raster file: metadata, and tiles with the TMS rows flipped to XYZ', async () => {
    const path = join(t.dir, '底图.mbtiles');
    writeMbtiles(path, rasterTiles, { name: '县域影像', format: 'png', bounds: '118.5,31.5,119.5,32.5', minzoom: '0', maxzoom: '1', attribution: '天地图·某县' });
    const set = await ok(call(t.ctx, 'basemap.set', { path }));
    expect(set.basemap).toMatchObject({ kind: 'mbtiles', tiles: 'raster', format: 'png', name: '县域影像', fileName: '底图.mbtiles', attribution: '天地图·某县', bounds: [118.5, 31.5, 119.5, 32.5], minzoom: 0, maxzoom: 1 });
    expect((await ok(call(t.ctx, 'basemap.get', {}))).basemap?.path).toBe(path);
    // XYZ y=0 is the top row: stored as TMS row 1.
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 1, x: 0, y: 0 }))).data).toBe(b64(RED));
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 1, x: 0, y: 1 }))).data).toBe(b64(BLUE));
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 0, x: 0, y: 0 }))).data).toBe(b64(GREEN));
    // No tile there, and a zoom beyond the file's: nothing, not an error.
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 1, x: 1, y: 1 }))).data).toBeNull();
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 5, x: 3, y: 3 }))).data).toBeNull();
  });

  it('takes the format from the tiles when the metadata has none, and unpacks gzipped vector tiles', async () => {
    const raster = join(t.dir, 'a.mbtiles');
    writeMbtiles(raster, rasterTiles, {});
    const a = await ok(call(t.ctx, 'basemap.set', { path: raster }));
    expect(a.basemap).toMatchObject({ format: 'png', tiles: 'raster', minzoom: 0, maxzoom: 1, bounds: null, attribution: '' });

    const pbf = Buffer.from([0x1a, 0x03, 0x0a, 0x01, 0x61]); // not a real layer, bytes are bytes
    const vector = join(t.dir, 'v.mbtiles');
    writeMbtiles(vector, [{ z: 2, x: 1, y: 2, data: gzipSync(pbf) }], { format: 'pbf', json: JSON.stringify({ vector_layers: [{ id: 'roads' }, { id: 'water' }] }) });
    const v = await ok(call(t.ctx, 'basemap.set', { path: vector }));
    expect(v.basemap).toMatchObject({ tiles: 'vector', format: 'pbf', vectorLayers: ['roads', 'water'], minzoom: 2, maxzoom: 2 });
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 2, x: 1, y: 2 }))).data).toBe(b64(pbf));
  });
});

describe('PMTiles', () => {
  it('numbers tiles on the Hilbert curve as the format says', () => {
    for (const [z, x, y] of [[0, 0, 0], [1, 0, 0], [1, 0, 1], [1, 1, 1], [1, 1, 0], [3, 5, 2], [7, 100, 27], [12, 3000, 1700]] as const) {
      expect(hilbertTileId(z, x, y)).toBe(zxyToTileId(z, x, y));
    }
  });

  it('reads a raster archive by byte ranges: header, metadata and each tile', async () => {
    const path = join(t.dir, 'town.pmtiles');
    writePmtiles(path, [...rasterTiles, { z: 1, x: 1, y: 1, data: RED }], { tileType: PMTILES_TYPE.png, metadata: { name: '城关镇影像', attribution: '县自然资源局' }, bounds: [118.5, 31.5, 119.5, 32.5], minZoom: 0, maxZoom: 1 });
    const set = await ok(call(t.ctx, 'basemap.set', { path }));
    expect(set.basemap).toMatchObject({ kind: 'pmtiles', tiles: 'raster', format: 'png', name: '城关镇影像', attribution: '县自然资源局', minzoom: 0, maxzoom: 1 });
    expect(set.basemap!.bounds!.map((n) => Math.round(n * 10) / 10)).toEqual([118.5, 31.5, 119.5, 32.5]);
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 0, x: 0, y: 0 }))).data).toBe(b64(GREEN));
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 1, x: 0, y: 0 }))).data).toBe(b64(RED));
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 1, x: 0, y: 1 }))).data).toBe(b64(BLUE));
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 1, x: 1, y: 1 }))).data).toBe(b64(RED));
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 1, x: 1, y: 0 }))).data).toBeNull();
  });

  it('reads a vector archive with its layers', async () => {
    const path = join(t.dir, 'v.pmtiles');
    writePmtiles(path, [{ z: 0, x: 0, y: 0, data: Buffer.from([1, 2, 3]) }], { tileType: PMTILES_TYPE.mvt, metadata: { vector_layers: [{ id: 'building' }] }, bounds: [118, 31, 120, 33], minZoom: 0, maxZoom: 0 });
    const set = await ok(call(t.ctx, 'basemap.set', { path }));
    expect(set.basemap).toMatchObject({ tiles: 'vector', format: 'pbf', vectorLayers: ['building'] });
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 0, x: 0, y: 0 }))).data).toBe(b64(Buffer.from([1, 2, 3])));
  });

  it('sees a file replaced on disk', async () => {
    const path = join(t.dir, 'town.pmtiles');
    const opts = { tileType: PMTILES_TYPE.png, metadata: {}, bounds: [118, 31, 120, 33] as [number, number, number, number], minZoom: 0, maxZoom: 0 };
    writePmtiles(path, [{ z: 0, x: 0, y: 0, data: RED }], opts);
    await ok(call(t.ctx, 'basemap.set', { path }));
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 0, x: 0, y: 0 }))).data).toBe(b64(RED));
    writePmtiles(path, [{ z: 0, x: 0, y: 0, data: solidPng([1, 2, 3], 16) }], { ...opts, metadata: { attribution: '新版' } });
    expect((await ok(call(t.ctx, 'basemap.get', {}))).basemap?.attribution).toBe('新版');
    expect((await ok(call(t.ctx, 'basemap.tile', { z: 0, x: 0, y: 0 }))).data).toBe(b64(solidPng([1, 2, 3], 16)));
  });
});

describe('bad files and their messages', () => {
  const opts = { tileType: PMTILES_TYPE.png, metadata: {}, bounds: [118, 31, 120, 33] as [number, number, number, number], minZoom: 0, maxZoom: 1 };

  async function refused(path: string) {
    const before = logicalHash(t.ctx.ledger.sqlite);
    const e = await fails(call(t.ctx, 'basemap.set', { path }));
    expect(logicalHash(t.ctx.ledger.sqlite)).toBe(before);
    expect((await ok(call(t.ctx, 'basemap.get', {}))).basemap).toBeNull();
    return e.message;
  }

  it('names what is wrong and stores nothing', async () => {
    const text = join(t.dir, 'notes.mbtiles');
    writeFileSync(text, '这不是数据库'.repeat(200));
    expect(await refused(text)).toMatch(/notes\.mbtiles.*不是有效的 MBTiles 文件/);

    const noTiles = join(t.dir, 'empty.mbtiles');
    writeMbtiles(noTiles, [], {});
    expect(await refused(noTiles)).toContain('没有任何瓦片');

    expect(await refused(join(t.dir, 'gone.pmtiles'))).toContain('不存在');
    expect(await refused(join(t.dir, 'picture.png'))).toContain('「.pmtiles」或「.mbtiles」');

    const wrongMagic = join(t.dir, 'wrong.pmtiles');
    writeFileSync(wrongMagic, Buffer.alloc(300, 7));
    expect(await refused(wrongMagic)).toContain('文件头不对');

    const whole = pmtilesBytes(rasterTiles, opts);
    const cut = join(t.dir, 'cut.pmtiles');
    writeFileSync(cut, whole.subarray(0, 130));
    expect(await refused(cut)).toContain('不完整');

    const v2 = join(t.dir, 'v2.pmtiles');
    const old = Buffer.from(whole);
    old[7] = 2;
    writeFileSync(v2, old);
    expect(await refused(v2)).toContain('第 2 版');

    const avif = join(t.dir, 'avif.pmtiles');
    writePmtiles(avif, rasterTiles, { ...opts, tileType: 5 });
    expect(await refused(avif)).toContain('瓦片格式不受支持');
  });

  it('refuses tile coordinates outside the zoom level, and tiles when no basemap is set', async () => {
    expect((await fails(call(t.ctx, 'basemap.tile', { z: 1, x: 2, y: 0 }))).message).toContain('超出');
    expect((await fails(call(t.ctx, 'basemap.tile', { z: 25, x: 0, y: 0 }))).message).toContain('24');
    expect((await fails(call(t.ctx, 'basemap.tile', { z: 0, x: 0, y: 0 }))).message).toContain('没有设置底图');
  });

  it('says so when the chosen file later goes missing, and clears', async () => {
    const path = join(t.dir, 'town.mbtiles');
    writeMbtiles(path, rasterTiles, { format: 'png' });
    await ok(call(t.ctx, 'basemap.set', { path }));
    closeBasemaps();
    rmSync(path);
    const state = await ok(call(t.ctx, 'basemap.get', {}));
    expect(state.basemap).toBeNull();
    expect(state.storedPath).toBe(path);
    expect(state.problem).toContain('不存在');
    expect((await fails(call(t.ctx, 'basemap.tile', { z: 0, x: 0, y: 0 }))).message).toContain('不存在');
    expect(await ok(call(t.ctx, 'basemap.clear', {}))).toEqual({ basemap: null, problem: null, storedPath: null });
    expect((await ok(call(t.ctx, 'basemap.get', {}))).storedPath).toBeNull();
  });

  it('never writes to the tile file', async () => {
    const path = join(t.dir, 'town.mbtiles');
    writeMbtiles(path, rasterTiles, { format: 'png' });
    const bytes = readFileSync(path);
    await ok(call(t.ctx, 'basemap.set', { path }));
    await ok(call(t.ctx, 'basemap.tile', { z: 1, x: 0, y: 0 }));
    closeBasemaps();
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});

describe('saving the map view', () => {
  it('writes the page\'s PNG where chosen and refuses what is not a PNG', async () => {
    const png = solidPng([10, 20, 30], 4);
    const path = join(t.dir, '地图.png');
    expect(await ok(call(t.ctx, 'mapView.export', { path, png: png.toString('base64') }))).toEqual({ path, rows: 1 });
    expect(readFileSync(path).equals(png)).toBe(true);
    const before = logicalHash(t.ctx.ledger.sqlite);
    expect((await fails(call(t.ctx, 'mapView.export', { path: join(t.dir, 'x.png'), png: Buffer.from('GIF89a not a png at all, just words').toString('base64') }))).message).toContain('不是 PNG');
    expect((await fails(call(t.ctx, 'mapView.export', { path: join(t.dir, 'x.jpg'), png: png.toString('base64') }))).message).toContain('.png');
    expect((await fails(call(t.ctx, 'mapView.export', { path: 'relative.png', png: png.toString('base64') }))).message).toContain('完整路径');
    expect((await fails(call(t.ctx, 'mapView.export', { path: join(t.dir, 'y.png'), png: '不是base64' }))).message).toContain('数据不对');
    expect(logicalHash(t.ctx.ledger.sqlite)).toBe(before);
  });
});
