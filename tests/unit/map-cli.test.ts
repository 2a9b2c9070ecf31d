// The map's CLI round trip on the demo town (issue 11): its boundaries exported, imported back (dry run, then for
// real), checked clean; a grid pushed out of its village is then reported. And the monthly report's map.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../electron/core/db/open';
import { townMapSvg } from '../../electron/core/reports/mapSvg';
import type { MapLayers } from '../../shared/contract/map';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';

let dir: string;
let cleanup: () => void;
const p = (name: string) => join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  expect((await cli('demo', '--db', p('demo.db'), '--residents', '3000')).code).toBe(0);
});
afterAll(() => cleanup());

describe('the demo town on the map', () => {
  it('every village and open grid has a boundary, the checks are quiet, and every household in a grid sits inside it', async () => {
    const ledger = openLedger(p('demo.db'));
    try {
      const db = ledger.sqlite;
      const count = (q: string) => (db.prepare(q).get() as { n: number }).n;
      expect(count('select count(*) as n from village where id not in (select village_id from village_boundary)')).toBe(0);
      expect(count('select count(*) as n from grid where closed_on is null and id not in (select grid_id from grid_boundary)')).toBe(0);
      expect(count('select count(*) as n from household where grid_id is not null and lon is null')).toBe(0);
      const shapes = new Map((db.prepare('select grid_id as id, geometry from grid_boundary').all() as { id: number; geometry: string }[]).map((r) => [r.id, polygon(JSON.parse(r.geometry).coordinates)]));
      const homes = db.prepare('select grid_id as gridId, lon, lat from household where grid_id is not null').all() as { gridId: number; lon: number; lat: number }[];
      const outside = homes.filter((h) => !booleanPointInPolygon(point([h.lon, h.lat]), shapes.get(h.gridId)!));
      expect(outside).toEqual([]);
    } finally {
      ledger.close();
    }
    expect((await cli('map', 'check', '--db', p('demo.db'), '--json')).json()).toEqual({ warnings: [] });
  });
});

describe('map CLI', () => {
  it('export → import → check on the demo town, then a grid pushed out of its village', async () => {
    const exported = await cli('map', 'export', '--db', p('demo.db'), '--out', p('town.geojson'), '--json');
    expect(exported.code, exported.stderr).toBe(0);
    const fc = JSON.parse(readFileSync(p('town.geojson'), 'utf8')) as { features: { properties: { kind: string; code: string; name: string }; geometry: { coordinates: number[][][] } }[] };
    const grids = fc.features.filter((f) => f.properties.kind === 'grid');
    expect(exported.json().rows).toBe(fc.features.length);
    expect(grids.length).toBeGreaterThan(0);
    expect(fc.features.some((f) => f.properties.kind === 'village')).toBe(true);
    // Demo boundaries around 118.9E 32.0N.
    const [lon, lat] = grids[0]!.geometry.coordinates[0]![0]!;
    expect(lon).toBeGreaterThan(118.8);
    expect(lat).toBeGreaterThan(31.9);

    const dry = await cli('map', 'import', p('town.geojson'), '--db', p('demo.db'), '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json()).toMatchObject({ dryRun: true, format: 'geojson', features: fc.features.length, unmatched: [], problems: [] });
    expect(dry.json().matches.every((m: { replaces: boolean }) => m.replaces)).toBe(true);

    const run = await cli('map', 'import', p('town.geojson'), '--db', p('demo.db'), '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().written).toBe(fc.features.length);
    const check = await cli('map', 'check', '--db', p('demo.db'), '--json');
    expect(check.json()).toEqual({ warnings: [] });
    expect((await cli('map', 'check', '--db', p('demo.db'))).stdout).toMatch(/未发现问题/);

    // One grid moved 0.01° east: outside its village, and its old place left uncovered.
    const moved = structuredClone(grids[0]!);
    moved.geometry.coordinates = moved.geometry.coordinates.map((r) => r.map(([x, y]) => [x! + 0.01, y!]));
    writeFileSync(p('moved.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [moved] }));
    const human = await cli('map', 'import', p('moved.geojson'), '--db', p('demo.db'));
    expect(human.stdout).toMatch(/导入完成：GEOJSON 共 1 个要素/);
    expect(human.stdout).toMatch(/（替换原边界）/);
    const after = (await cli('map', 'check', '--db', p('demo.db'), '--json')).json() as { warnings: { kind: string; gridId: number | null }[] };
    expect(after.warnings.map((w) => w.kind)).toEqual(expect.arrayContaining(['outsideVillage', 'uncovered']));
  });

  it('says what is wrong with its arguments and files', async () => {
    expect((await cli('map', 'import', '--db', p('demo.db'))).stderr).toMatch(/请给出边界文件/);
    expect((await cli('map', 'import', p('town.geojson'), '--db', p('demo.db'), '--match', 'id')).stderr).toMatch(/--match 应为 code/);
    expect((await cli('map', 'export', '--db', p('demo.db'), '--out', p('x.xlsx'))).stderr).toMatch(/应以 \.geojson 或 \.json 结尾/);
    writeFileSync(p('notes.txt'), '不是地图');
    const bad = await cli('map', 'import', p('notes.txt'), '--db', p('demo.db'), '--json');
    expect(bad.code).toBe(1);
    expect(bad.json().error.message).toMatch(/不是边界文件/);
  });
});

describe('the monthly report map', () => {
  it('the demo town’s 月度工作报告 carries the map and its caption', async () => {
    const r = await cli('report', 'monthly', '--db', p('demo.db'), '--month', '2026-11', '--out', p('monthly.pdf'));
    expect(r.code, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', [p('monthly.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/网格分布及重点人员密度图/);
    expect(text).toMatch(/重点人员（每千人）/);
  });

  it('colours each grid by its class and draws nothing without boundaries', () => {
    const square = (x: number) => ({ type: 'Polygon' as const, coordinates: [[[x, 32], [x + 0.01, 32], [x + 0.01, 32.01], [x, 32.01], [x, 32]]] as [number, number][][] });
    const figures = (v: number) => ({ households: 1, residents: 1000, keyGroup: v, keyGroupPer1000: v, overdue: 0, staffingGap: 0 });
    const layers: MapLayers = {
      villages: [{ id: 1, code: '1', name: '东村<', geometry: square(118.9), figures: figures(0) }],
      grids: [0, 10, 20, 30, 40].map((v, i) => ({ id: i + 1, villageId: 1, code: String(i), name: `格${i}`, geometry: square(118.9 + i * 0.01), figures: figures(v) })).concat([{ id: 9, villageId: 1, code: '9', name: '无界', geometry: null as never, figures: figures(5) }]),
    };
    const map = townMapSvg(layers, 'keyGroupPer1000', { width: 400, height: 300, font: 'Body' })!;
    expect(map.drawn).toBe(5);
    expect(map.missing).toBe(1);
    expect(map.breaks).toEqual([0, 10, 20, 30, 40]);
    const fills = [...map.svg.matchAll(/<path d="[^"]+" fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(fills).toEqual(['#fff5eb', '#fdd0a2', '#fd8d3c', '#e6550d', '#a63603']);
    expect(map.svg).toContain('东村&lt;');
    expect(townMapSvg({ villages: layers.villages, grids: [] }, 'keyGroupPer1000', { width: 400, height: 300, font: 'Body' })).toBeNull();
  });
});
