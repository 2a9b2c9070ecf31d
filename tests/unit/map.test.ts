// The offline map's core (issue 11): boundary import by code and by name from GeoJSON, KML and a zipped
// Shapefile, GCJ-02 conversion, the geometry checks on hand-made polygons, bad files, all-or-nothing writes,
// the layers' figures and points, and village scope.
import { ftruncateSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distance } from '@turf/turf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../electron/core/map/geo';
import { maskName } from '../../electron/core/map/service';
import type { BoundaryGeometry } from '../../shared/contract/map';
import { idNumberFor } from '../helpers/recordsTown';
import { fails, ok } from '../helpers/results';
import { WGS84_PRJ, writeShapefileZip } from '../helpers/shapefile';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

type Ring = [number, number][];
const box = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (ring: Ring): BoundaryGeometry => ({ type: 'Polygon', coordinates: [ring] });
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });

// 东村: 118.90–118.92E, 32.00–32.02N, split in two grids; 西村 beside it with a grid of the same name.
const EAST = box(118.9, 32.0, 118.92, 32.02);
const EAST_1 = box(118.9, 32.0, 118.91, 32.02);
const EAST_2 = box(118.91, 32.0, 118.92, 32.02);
const WEST = box(118.92, 32.0, 118.94, 32.02);
const BOWTIE: Ring = [[118.9, 32.0], [118.92, 32.02], [118.92, 32.0], [118.9, 32.02], [118.9, 32.0]];

let t: TempLedger;
let town: { eastId: number; eastCode: string; westId: number; westCode: string; e1: { id: number; code: string }; e2: { id: number; code: string }; w1: { id: number; code: string } };
const file = (name: string, content: string | Buffer) => {
  const p = join(t.dir, name);
  writeFileSync(p, content);
  return p;
};
const boundaryCount = () => (t.ctx.ledger.sqlite.prepare('select (select count(*) from village_boundary) + (select count(*) from grid_boundary) as n').get() as { n: number }).n;

beforeEach(async () => {
  t = openTempLedger();
  const ctx = t.ctx;
  await ok(call(ctx, 'town.setup', { name: '青石镇', code: '320121100000' }));
  const east = await ok(call(ctx, 'village.create', { code: '320121100201', name: '东村' }));
  const west = await ok(call(ctx, 'village.create', { code: '320121100202', name: '西村' }));
  const e1 = await ok(call(ctx, 'grid.create', { villageId: east.id, kind: '综合网格', name: '第一网格' }));
  const e2 = await ok(call(ctx, 'grid.create', { villageId: east.id, kind: '综合网格', name: '第二网格' }));
  const w1 = await ok(call(ctx, 'grid.create', { villageId: west.id, kind: '综合网格', name: '第一网格' }));
  town = { eastId: east.id, eastCode: east.code, westId: west.id, westCode: west.code, e1, e2, w1 };
});
afterEach(() => t.close());

describe('import by code (GeoJSON)', () => {
  const fc = () =>
    collection([
      feature({ code: town.eastCode, name: '东村' }, poly(EAST)),
      feature({ 网格编码: town.e1.code, name: '一格' }, poly(EAST_1)),
      feature({ CODE: Number(town.e2.code) }, poly(EAST_2)),
      feature({ code: '320121100299001', name: '外镇网格' }, poly(WEST)),
      feature({ code: town.westCode, name: '西村' }, null),
      feature({ code: town.w1.code, name: '蝴蝶' }, poly(BOWTIE)),
      feature({ code: town.w1.code, name: '一个点' }, { type: 'Point', coordinates: [118.93, 32.01] }),
    ]);

  it('previews matches, unmatched features and invalid polygons, writing nothing', async () => {
    const path = file('bounds.geojson', JSON.stringify(fc()));
    const p = await ok(call(t.ctx, 'map.import.preview', { path, match: 'code' }));
    expect(p.format).toBe('geojson');
    expect(p.crsAssumed).toBe('wgs84');
    expect(p.crsReason).toMatch(/未声明坐标系/);
    expect(p.features).toBe(7);
    expect(p.matches.map((m) => [m.index, m.kind, m.id])).toEqual([
      [0, 'village', town.eastId],
      [1, 'grid', town.e1.id],
      [2, 'grid', town.e2.id],
    ]);
    expect(p.matches[1]!.name).toBe('东村第一网格');
    expect(p.unmatched).toEqual([{ index: 3, name: '外镇网格', reason: expect.stringMatching(/代码「320121100299001」不是本镇/) }]);
    expect(p.problems.map((x) => [x.index, x.reason])).toEqual([
      [4, expect.stringMatching(/没有几何图形/)],
      [5, expect.stringMatching(/自相交/)],
      [6, expect.stringMatching(/不是多边形（是点）/)],
    ]);
    expect(boundaryCount()).toBe(0);
  });

  it('refuses the whole import while a feature is invalid, and with skipInvalid writes every match in one go', async () => {
    const path = file('bounds.geojson', JSON.stringify(fc()));
    const refused = await fails(call(t.ctx, 'map.import.run', { path }));
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toMatch(/有 3 个要素的边界有问题，未导入任何边界.*第 6 个要素「蝴蝶」：边界自相交/);
    expect(boundaryCount()).toBe(0);
    const done = await ok(call(t.ctx, 'map.import.run', { path, skipInvalid: true }));
    expect(done.written).toBe(3);
    const layers = await ok(call(t.ctx, 'map.layers', {}));
    expect(layers.villages.find((v) => v.id === town.eastId)!.geometry).toEqual(poly(EAST));
    expect(layers.villages.find((v) => v.id === town.westId)!.geometry).toBeNull();
    expect(layers.grids.find((g) => g.id === town.e2.id)!.geometry).toEqual(poly(EAST_2));
    // Importing again says it replaces.
    const again = await ok(call(t.ctx, 'map.import.preview', { path }));
    expect(again.matches.every((m) => m.replaces)).toBe(true);
  });

  it('names two features for one grid as a problem', async () => {
    const path = file('twice.geojson', JSON.stringify(collection([feature({ code: town.e1.code }, poly(EAST_1)), feature({ code: town.e1.code }, poly(EAST_1))])));
    const p = await ok(call(t.ctx, 'map.import.preview', { path }));
    expect(p.matches).toHaveLength(1);
    expect(p.problems[0]!.reason).toMatch(/与第 1 个要素对应同一个网格「第一网格」/);
  });
});

describe('import by name', () => {
  it('KML: a village by its name, a grid by 村名+网格名, an ambiguous grid name refused with both villages named', async () => {
    const placemark = (name: string, ring: Ring, extra = '') =>
      `<Placemark><name>${name}</name>${extra}<Polygon><outerBoundaryIs><LinearRing><coordinates>${ring.map((p) => p.join(',')).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
    const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      ${placemark('东村', EAST)}
      ${placemark('东村第二网格', EAST_2)}
      ${placemark('第一网格', EAST_1)}
      ${placemark('第一网格', WEST, '<ExtendedData><Data name="所属村"><value>西村</value></Data></ExtendedData>')}
      ${placemark('南村', WEST)}
      </Document></kml>`;
    const path = file('bounds.kml', kml);
    const p = await ok(call(t.ctx, 'map.import.preview', { path, match: 'name' }));
    expect(p.format).toBe('kml');
    expect(p.crsReason).toMatch(/KML 按规定使用 WGS-84/);
    expect(p.matches.map((m) => [m.index, m.kind, m.id])).toEqual([
      [0, 'village', town.eastId],
      [1, 'grid', town.e2.id],
      [3, 'grid', town.w1.id],
    ]);
    expect(p.unmatched.map((u) => [u.index, u.reason])).toEqual([
      [2, expect.stringMatching(/有 2 个网格名为「第一网格」（东村、西村）/)],
      [4, expect.stringMatching(/找不到名为「南村」/)],
    ]);
    const run = await ok(call(t.ctx, 'map.import.run', { path, match: 'name' }));
    expect(run.written).toBe(3);
  });

  it('GeoJSON with 村名 and 网格名称 columns, and a feature with no name at all', async () => {
    const path = file('named.geojson', JSON.stringify(collection([feature({ 村名: '西村', 网格名称: '第一网格' }, poly(WEST)), feature({ remark: 'x' }, poly(EAST))])));
    const p = await ok(call(t.ctx, 'map.import.preview', { path, match: 'name' }));
    expect(p.matches.map((m) => m.id)).toEqual([town.w1.id]);
    expect(p.unmatched[0]!.reason).toMatch(/没有名称属性/);
  });
});

describe('import a zipped Shapefile', () => {
  it('reads the .prj and the .dbf, and matches by code', async () => {
    const path = writeShapefileZip(join(t.dir, '网格.zip'), '网格', [[EAST_1], [EAST_2], [WEST]], ['BM', 'MC'], [[town.e1.code, '东村第一网格'], [town.e2.code, '东村第二网格'], ['999', '无此网格']], WGS84_PRJ);
    const p = await ok(call(t.ctx, 'map.import.preview', { path }));
    expect(p.format).toBe('shp');
    expect(p.crsAssumed).toBe('wgs84');
    expect(p.crsReason).toMatch(/按 \.prj（GCS_WGS_1984）换算/);
    expect(p.matches.map((m) => [m.id, m.featureName])).toEqual([
      [town.e1.id, '东村第一网格'],
      [town.e2.id, '东村第二网格'],
    ]);
    expect(p.unmatched).toEqual([{ index: 2, name: '无此网格', reason: expect.stringMatching(/代码「999」/) }]);
    await ok(call(t.ctx, 'map.import.run', { path }));
    const g = (await ok(call(t.ctx, 'map.layers', {}))).grids.find((x) => x.id === town.e1.id)!.geometry!;
    // The ring comes back as drawn (shpjs turns the clockwise Shapefile ring back into GeoJSON's order or keeps it).
    const xs = (g as { coordinates: Ring[] }).coordinates[0]!.map((c) => c[0]);
    expect(Math.min(...xs)).toBeCloseTo(118.9, 7);
    expect(Math.max(...xs)).toBeCloseTo(118.91, 7);
  });

  it('a zip with no .shp is refused with what to put in it', async () => {
    const path = writeShapefileZip(join(t.dir, 'x.zip'), 'x', [[EAST]], ['BM'], [['1']]);
    const bytes = readFileSync(path);
    // Rename the .shp entry so the archive has none (same length keeps the offsets).
    const broken = Buffer.from(bytes.toString('latin1').replaceAll('x.shp', 'x.txt'), 'latin1');
    const err = await fails(call(t.ctx, 'map.import.preview', { path: file('noshp.zip', broken) }));
    expect(err.message).toMatch(/压缩包中没有 \.shp 文件/);
  });
});

describe('GCJ-02', () => {
  it('the inverse undoes the forward offset, and the offset near 118.9E 32N is hundreds of metres', () => {
    const [gx, gy] = wgs84ToGcj02(118.9, 32.0);
    const shift = distance([118.9, 32.0], [gx, gy], { units: meters() });
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(800);
    const [wx, wy] = gcj02ToWgs84(gx, gy);
    expect(Math.abs(wx - 118.9)).toBeLessThan(1e-8);
    expect(Math.abs(wy - 32.0)).toBeLessThan(1e-8);
    // Outside China nothing moves.
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });

  it('a GCJ-02 file is converted back to WGS-84 when chosen, or assumed from its name', async () => {
    const gcjRing = EAST_1.map(([x, y]) => wgs84ToGcj02(x, y));
    const body = JSON.stringify(collection([feature({ code: town.e1.code }, poly(gcjRing))]));
    const path = file('grid.geojson', body);
    const asIs = await ok(call(t.ctx, 'map.import.preview', { path }));
    expect(asIs.crsAssumed).toBe('wgs84');
    await ok(call(t.ctx, 'map.import.run', { path, crs: 'gcj02' }));
    const stored = ((await ok(call(t.ctx, 'map.layers', {}))).grids.find((g) => g.id === town.e1.id)!.geometry as { coordinates: Ring[] }).coordinates[0]!;
    stored.forEach((p, i) => {
      expect(distance(p, EAST_1[i]!, { units: meters() })).toBeLessThan(0.05);
      const moved = distance(p, gcjRing[i]!, { units: meters() });
      expect(moved).toBeGreaterThan(300);
      expect(moved).toBeLessThan(800);
    });
    const byName = await ok(call(t.ctx, 'map.import.preview', { path: file('高德导出.geojson', body) }));
    expect(byName.crsAssumed).toBe('gcj02');
    expect(byName.crsReason).toMatch(/文件名表明/);
    const declared = await ok(call(t.ctx, 'map.import.preview', { path: file('d.geojson', JSON.stringify({ ...JSON.parse(body), crs: { type: 'name', properties: { name: 'GCJ02' } } })) }));
    expect(declared.crsAssumed).toBe('gcj02');
  });
});
const meters = () => 'meters' as const;

describe('bad files', () => {
  it('refuses what is not a boundary file, with the reason', async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['notes.txt', '这是一份会议记录', /不是边界文件/],
      ['broken.geojson', '{"type":"FeatureCollection","features":[', /不是有效的 JSON/],
      ['other.json', '{"rows":[1,2,3]}', /不是 GeoJSON/],
      ['page.xml', '<html><body>hi</body></html>', /是 XML，但不是 KML/],
      ['bad.kml', '<kml><Document><Placemark>', /不是有效的 KML/],
      ['empty.geojson', '', /是空文件/],
      ['none.geojson', JSON.stringify(collection([])), /没有任何要素/],
      ['bad.zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(50)]), /压缩包已损坏/],
    ];
    for (const [name, content, reason] of cases) {
      const err = await fails(call(t.ctx, 'map.import.preview', { path: file(name, content) }));
      expect(err.message, name).toMatch(reason);
    }
    expect((await fails(call(t.ctx, 'map.import.preview', { path: join(t.dir, 'nowhere.geojson') }))).code).toBe('NOT_FOUND');
    expect((await fails(call(t.ctx, 'map.import.preview', { path: 'relative.geojson' }))).message).toMatch(/完整路径/);
  });

  it('bounds the file size and the number of features', async () => {
    const huge = join(t.dir, 'huge.geojson');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 60 * 1024 * 1024);
    closeSync(fd);
    expect((await fails(call(t.ctx, 'map.import.preview', { path: huge }))).message).toMatch(/超过 50 MB/);
    const many = collection(Array.from({ length: 5001 }, () => feature({}, null)));
    expect((await fails(call(t.ctx, 'map.import.preview', { path: file('many.geojson', JSON.stringify(many)) }))).message).toMatch(/5001 个要素，超过 5000 个/);
  });

  it('refuses projected coordinates and an import where nothing matches', async () => {
    const metres = collection([feature({ code: town.e1.code }, poly(box(40_500_000, 3_540_000, 40_501_000, 3_541_000)))]);
    const p = await ok(call(t.ctx, 'map.import.preview', { path: file('m.geojson', JSON.stringify(metres)) }));
    expect(p.problems[0]!.reason).toMatch(/不是经纬度（可能是投影坐标）/);
    const none = file('none.geojson', JSON.stringify(collection([feature({ code: '1' }, poly(EAST))])));
    expect((await fails(call(t.ctx, 'map.import.run', { path: none }))).message).toMatch(/没有能对应到本镇/);
    expect(boundaryCount()).toBe(0);
  });
});

describe('drawn boundaries and the checks', () => {
  it('setBoundary refuses a self-intersecting or empty polygon and leaves the old one', async () => {
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: town.e1.id, geometry: poly(EAST_1) }));
    const err = await fails(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: town.e1.id, geometry: poly(BOWTIE) }));
    expect(err.message).toMatch(/「第一网格」的边界：边界自相交/);
    const flat = await fails(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: town.e1.id, geometry: poly([[118.9, 32], [118.91, 32], [118.92, 32], [118.9, 32]]) }));
    expect(flat.message).toMatch(/面积为零/);
    expect((await fails(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: 9999, geometry: poly(EAST_1) }))).code).toBe('NOT_FOUND');
    expect((await ok(call(t.ctx, 'map.layers', {}))).grids.find((g) => g.id === town.e1.id)!.geometry).toEqual(poly(EAST_1));
    expect((await ok(call(t.ctx, 'map.clearBoundary', { kind: 'grid', id: town.e1.id }))).cleared).toBe(true);
    expect((await ok(call(t.ctx, 'map.clearBoundary', { kind: 'grid', id: town.e1.id }))).cleared).toBe(false);
  });

  it('a valid split says nothing', async () => {
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'village', id: town.eastId, geometry: poly(EAST) }));
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: town.e1.id, geometry: poly(EAST_1) }));
    const r = await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: town.e2.id, geometry: poly(EAST_2) }));
    expect(r.warnings).toEqual([]);
    expect((await ok(call(t.ctx, 'map.check', {}))).warnings).toEqual([]);
  });

  it('warns of a grid sticking out of its village, two overlapping grids, the uncovered share, and a stored self-intersection', async () => {
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'village', id: town.eastId, geometry: poly(EAST) }));
    // 第一网格 reaches 0.002° (≈ 189 m) west of the village, over its full height (≈ 2,218 m): ≈ 0.42 km² outside.
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: town.e1.id, geometry: poly(box(118.898, 32.0, 118.911, 32.02)) }));
    // 第二网格 overlaps 第一网格 by 0.001° × 0.02° and leaves the north quarter of the village uncovered.
    const second = await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: town.e2.id, geometry: poly(box(118.91, 32.0, 118.92, 32.015)) }));
    expect(second.warnings.map((w) => w.kind)).toEqual(['overlap']);
    const { warnings } = await ok(call(t.ctx, 'map.check', {}));
    const outside = warnings.find((w) => w.kind === 'outsideVillage')!;
    expect(outside.gridId).toBe(town.e1.id);
    expect(outside.areaM2!).toBeGreaterThan(0.38e6);
    expect(outside.areaM2!).toBeLessThan(0.46e6);
    expect(outside.geometry!.type).toBe('Polygon');
    expect(outside.message).toMatch(/东村第一网格有 \d+\.\d+ 公顷（\d+(\.\d)?%）在东村的边界之外/);
    const over = warnings.find((w) => w.kind === 'overlap')!;
    expect([over.gridId, over.otherGridId]).toEqual([town.e1.id, town.e2.id]);
    // 0.001° × 0.015° ≈ 94 m × 1,664 m.
    expect(over.areaM2!).toBeGreaterThan(0.14e6);
    expect(over.areaM2!).toBeLessThan(0.17e6);
    const uncovered = warnings.find((w) => w.kind === 'uncovered')!;
    // The NE corner 0.009° × 0.005° of the 0.02° × 0.02° village: 11.25%.
    expect(uncovered.percent).toBeCloseTo(11.2, 0);
    expect(uncovered.message).toMatch(/东村有 11\.\d%（\d+\.\d\d 公顷）不属于任何网格/);
    expect(warnings.some((w) => w.kind === 'selfIntersection')).toBe(false);
    // A stored bow-tie (drawn by an older version, edited by hand) is reported too.
    t.ctx.ledger.sqlite.prepare("update grid_boundary set geometry = ? where grid_id = ?").run(JSON.stringify(poly(BOWTIE)), town.e2.id);
    const after = await ok(call(t.ctx, 'map.check', {}));
    expect(after.warnings.find((w) => w.kind === 'selfIntersection')?.message).toMatch(/东村第二网格的边界自相交/);
  });

  it('a village whose grids have no boundary is 100% uncovered', async () => {
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'village', id: town.westId, geometry: poly(WEST) }));
    const w = (await ok(call(t.ctx, 'map.check', {}))).warnings;
    expect(w).toEqual([expect.objectContaining({ kind: 'uncovered', villageId: town.westId, percent: 100 })]);
  });
});

describe('figures, points and scope', () => {
  async function people() {
    const h = await ok(call(t.ctx, 'household.create', { gridId: town.e1.id, address: '东村1号', tags: [] }));
    const head = await ok(call(t.ctx, 'person.create', { idNumber: idNumberFor('1970-03-03'), name: '张三丰', householdId: h.id, relation: '02' }));
    await ok(call(t.ctx, 'person.create', { idNumber: idNumberFor('1990-04-04'), name: '张小', householdId: h.id, relation: '20' }));
    const released = await ok(call(t.ctx, 'released.register', { residentId: head.id, releaseDate: '2026-06-01', prison: '苏州监狱', crime: '05', sentence: '3年', class: 'general', handoverOn: '2026-06-01', handoverCode: '06' }));
    const hw = await ok(call(t.ctx, 'household.create', { gridId: town.w1.id, address: '西村9号', tags: [] }));
    const westHead = await ok(call(t.ctx, 'person.create', { idNumber: idNumberFor('1960-05-05'), name: '李西四', householdId: hw.id, relation: '02' }));
    await ok(call(t.ctx, 'released.register', { residentId: westHead.id, releaseDate: '2026-06-01', prison: '苏州监狱', crime: '05', sentence: '3年', class: 'general', handoverOn: '2026-06-01', handoverCode: '06' }));
    return { h, hw, head, released };
  }

  it('layers carry households, residents, key-group per 1,000, overdue and 1+3 gaps per grid and village', async () => {
    await people();
    const { grids, villages } = await ok(call(t.ctx, 'map.layers', {}));
    const e1 = grids.find((g) => g.id === town.e1.id)!.figures;
    expect(e1).toMatchObject({ households: 1, residents: 2, keyGroup: 1, keyGroupPer1000: 500, staffingGap: 4 });
    // The 报到 of a 2026-06-01 衔接 is long overdue on 2026-11-23.
    expect(e1.overdue).toBeGreaterThan(0);
    expect(grids.find((g) => g.id === town.e2.id)!.figures).toEqual({ households: 0, residents: 0, keyGroup: 0, keyGroupPer1000: 0, overdue: 0, staffingGap: 4 });
    const east = villages.find((v) => v.id === town.eastId)!.figures;
    expect(east).toMatchObject({ households: 1, residents: 2, keyGroup: 1, keyGroupPer1000: 500, staffingGap: 8 });
  });

  it('household points; key-group points at their household with masked names; none without a point', async () => {
    const { h, hw, released } = await people();
    expect(await ok(call(t.ctx, 'map.points', {}))).toEqual({ points: [], withoutPoint: 2 });
    await ok(call(t.ctx, 'household.setPoint', { householdId: h.id, point: { lon: 118.905, lat: 32.01 } }));
    await ok(call(t.ctx, 'household.setPoint', { householdId: hw.id, point: { lon: 118.93, lat: 32.01 } }));
    const pts = await ok(call(t.ctx, 'map.points', { groups: ['released'] }));
    expect(pts.points[0]).toEqual({ group: 'released', entryId: released.id, residentId: released.residentId, name: '张*丰', gridId: town.e1.id, gridName: '第一网格', lon: 118.905, lat: 32.01 });
    expect((await ok(call(t.ctx, 'map.points', { groups: ['patient'] }))).points).toEqual([]);
    const hp = await ok(call(t.ctx, 'map.households', { gridId: town.e1.id }));
    expect(hp).toEqual({ points: [{ householdId: h.id, number: h.number, address: '东村1号', gridId: town.e1.id, residents: 2, lon: 118.905, lat: 32.01 }], withoutPoint: 0 });
    await ok(call(t.ctx, 'household.setPoint', { householdId: h.id, point: null }));
    expect((await ok(call(t.ctx, 'map.households', { gridId: town.e1.id }))).withoutPoint).toBe(1);
    expect((await fails(call(t.ctx, 'household.setPoint', { householdId: h.id, point: { lon: 200, lat: 32 } }))).message).toMatch(/经度应在 -180 至 180 之间/);
    expect((await fails(call(t.ctx, 'household.setPoint', { householdId: 9999, point: { lon: 118, lat: 32 } }))).code).toBe('NOT_FOUND');
    // A view of key-group points is audited.
    const views = t.ctx.ledger.sqlite.prepare("select count(*) as n from audit_log where channel = 'map.points'").get() as { n: number };
    expect(views.n).toBeGreaterThan(0);
  });

  it('masks names of any length', () => {
    expect([maskName('张'), maskName('张三'), maskName('欧阳娜娜')]).toEqual(['张', '张*', '欧**娜']);
  });

  it('a caller of 东村 sees none of 西村: polygons, points, households or the exported file', async () => {
    const { h, hw } = await people();
    await ok(call(t.ctx, 'household.setPoint', { householdId: h.id, point: { lon: 118.905, lat: 32.01 } }));
    await ok(call(t.ctx, 'household.setPoint', { householdId: hw.id, point: { lon: 118.93, lat: 32.01 } }));
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'village', id: town.westId, geometry: poly(WEST) }));
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: town.w1.id, geometry: poly(WEST) }));
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'village', id: town.eastId, geometry: poly(EAST) }));
    const scoped: ServiceContext = { ...t.ctx, caller: { ...LOCAL_USER, userId: 'east', villageScope: [town.eastCode] } };
    const layers = await ok(call(scoped, 'map.layers', {}));
    expect(layers.villages.map((v) => v.name)).toEqual(['东村']);
    expect(layers.grids.map((g) => g.id).sort()).toEqual([town.e1.id, town.e2.id].sort());
    const pts = await ok(call(scoped, 'map.points', {}));
    expect(pts.points.map((p) => p.name)).toEqual(['张*丰']);
    expect((await ok(call(scoped, 'map.households', {}))).points.map((p) => p.householdId)).toEqual([h.id]);
    expect((await ok(call(scoped, 'map.households', { gridId: town.w1.id }))).points).toEqual([]);
    const checks = await ok(call(scoped, 'map.check', {}));
    expect(checks.warnings.every((w) => w.villageId === town.eastId)).toBe(true);
    const out = join(t.dir, 'east.geojson');
    await ok(call(scoped, 'map.export', { path: out }));
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('东村');
    expect(text).not.toContain('西村');
    expect(JSON.parse(text).features).toHaveLength(1);
    // Writes on 西村 are refused for the 东村 caller.
    expect((await fails(call(scoped, 'map.setBoundary', { kind: 'grid', id: town.w1.id, geometry: poly(WEST) }))).code).toBe('FORBIDDEN');
    expect((await fails(call(scoped, 'household.setPoint', { householdId: hw.id, point: null }))).code).toBe('FORBIDDEN');
    expect((await fails(call(scoped, 'map.import.preview', { path: out }))).code).toBe('FORBIDDEN');
  });
});
