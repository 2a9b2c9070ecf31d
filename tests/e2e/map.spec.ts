// The map page in Chromium with WebGL through SwiftShader: boundaries imported from a GeoJSON built here,
// themes checked by sampling the screenshot's pixels at a grid's centre, hover, click, drawing, the local
// basemap (a small MBTiles and PMTiles built here) drawn from its tiles, and a 村级用户 seeing only their village.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { call } from '../../electron/core/dispatch';
import { closeBasemaps } from '../../electron/core/basemap/service';
import { ok } from '../helpers/results';
import { solidPng, writeMbtiles, writePmtiles, PMTILES_TYPE, type TileSpec } from '../helpers/tiles';
import { expect, screenshotDir, test, type AppFixture } from './fixtures';
import { choose, dialogsSettled, makeId, seedTown } from './ui';

// WebGL needs a GL: SwiftShader (software) instead of the shared config's --disable-gpu.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
});
test.afterEach(() => closeBasemaps());

type Rect = [number, number, number, number];
const square = ([w, s, e, n]: Rect) => ({ type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
/** A point well inside an area, clear of its label (which sits at the centre). */
const centre = ([w, s, e, n]: Rect): [number, number] => [(w + e) / 2, s + (n - s) * 0.2];

const DONGGUAN: Rect = [118.8, 32.0, 118.84, 32.03];
const G1: Rect = [118.8, 32.0, 118.82, 32.03];
const G2: Rect = [118.82, 32.0, 118.84, 32.03];
const XIJIE: Rect = [118.85, 32.0, 118.88, 32.03];

interface MapTown {
  dongguan: { id: number; code: string };
  xijie: { id: number; code: string };
  g1: { id: number; code: string };
  g2: { id: number; code: string };
  g3: { id: number; code: string };
}

/** 东关村 with 第一网格 (5 households) and 第二网格 (2, no 网格员); 西街社区 with 西街一网格 (none). */
async function mapTown(app: AppFixture): Promise<MapTown> {
  const t = await seedTown(app);
  const g2 = await ok(call(app.ctx, 'grid.create', { villageId: t.villageId, kind: '综合网格', name: '第二网格', description: '' }));
  for (let i = 0; i < 5; i++) await ok(call(app.ctx, 'household.create', { gridId: t.gridId, address: `东关村${i + 1}号` }));
  for (let i = 0; i < 2; i++) await ok(call(app.ctx, 'household.create', { gridId: g2.id, address: `东关村${i + 10}号` }));
  const tree = await ok(call(app.ctx, 'grid.tree', {}));
  const v = (name: string) => tree.villages.find((x) => x.name === name)!;
  const g = (name: string) => tree.villages.flatMap((x) => x.grids).find((x) => x.name === name)!;
  return {
    dongguan: { id: v('东关村').id, code: v('东关村').code },
    xijie: { id: v('西街社区').id, code: v('西街社区').code },
    g1: { id: g('第一网格').id, code: g('第一网格').code },
    g2: { id: g('第二网格').id, code: g('第二网格').code },
    g3: { id: g('西街一网格').id, code: g('西街一网格').code },
  };
}

function townGeojson(x: MapTown) {
  const f = (code: string, name: string, r: Rect) => ({ type: 'Feature', properties: { code, name }, geometry: square(r) });
  return {
    type: 'FeatureCollection',
    features: [f(x.dongguan.code, '东关村', DONGGUAN), f(x.xijie.code, '西街社区', XIJIE), f(x.g1.code, '第一网格', G1), f(x.g2.code, '第二网格', G2), f(x.g3.code, '西街一网格', XIJIE), f('320121100999', '外镇的村', [118.9, 32.0, 118.92, 32.02])],
  };
}

/** Waits until the map has drawn everything it asked for and stands still. */
async function mapIdle(page: Page) {
  await expect(page.getByTestId('map-canvas')).toHaveAttribute('data-ready', '1');
  await page.waitForFunction(() => {
    const m = (window as unknown as { __ledgerMap?: { loaded(): boolean; areTilesLoaded(): boolean; isMoving(): boolean } }).__ledgerMap;
    return !!m && m.loaded() && m.areTilesLoaded() && !m.isMoving();
  });
  // One more frame, so what was just loaded is on the canvas too.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Where a longitude/latitude is on the page, by the map's own projection. */
async function pagePoint(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const m = (window as unknown as { __ledgerMap: { project(p: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement } }).__ledgerMap;
    const p = m.project(ll);
    const r = m.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lonLat);
}

/** The colour of one pixel of a real screenshot of the page (decoded by the browser from the PNG). */
async function pixelAt(page: Page, at: { x: number; y: number }): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.round(at.x) - 2, y: Math.round(at.y) - 2, width: 5, height: 5 }, animations: 'disabled' });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(2, 2, 1, 1).data;
    return [d[0]!, d[1]!, d[2]!] as [number, number, number];
  }, png.toString('base64'));
}

const hex = (h: string): [number, number, number] => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
function expectColour(actual: [number, number, number], expected: string, what: string) {
  const e = hex(expected);
  const off = Math.max(...actual.map((v, i) => Math.abs(v - e[i]!)));
  expect(off, `${what}：实际 rgb(${actual.join(',')})，应为 ${expected}`).toBeLessThanOrEqual(6);
}

test('import the town’s boundaries, colour by theme, hover and click a grid', async ({ app }) => {
  const { page } = app;
  const x = await mapTown(app);
  const file = join(app.dataDir, '城关镇网格.geojson');
  writeFileSync(file, JSON.stringify(townGeojson(x)));

  await app.open('map');
  await expect(page.getByTestId('map-missing')).toContainText('3 个网格还没有边界');
  await page.getByTestId('map-import').click();
  await dialogsSettled(page);
  app.queuePick(file);
  await page.getByTestId('boundary-choose').click();
  await expect(page.getByTestId('boundary-summary')).toContainText('文件中 6 个图形：匹配 5 个，未匹配 1 个，有问题 0 个');
  await expect(page.getByTestId('boundary-summary')).toContainText('WGS-84');
  await page.getByRole('tab', { name: '未匹配 1' }).click();
  await expect(page.getByTestId('boundary-unmatched')).toContainText('外镇的村');
  await expect(page.getByTestId('boundary-unmatched')).toContainText('320121100999');
  await app.screenshot('map-import-preview');
  await page.getByTestId('boundary-import-run').click();
  await expect(page.locator('.ant-message-notice')).toContainText('已导入 5 个边界');
  await expect(page.getByTestId('map-missing')).toHaveCount(0);
  await mapIdle(page);

  // 户数: 第一网格 5 is the darkest blue, 第二网格 2 the lightest, 西街一网格 0 grey.
  expectColour(await pixelAt(page, await pagePoint(page, centre(G1))), '#08306b', '第一网格（5 户）');
  expectColour(await pixelAt(page, await pagePoint(page, centre(G2))), '#c6dbef', '第二网格（2 户）');
  expectColour(await pixelAt(page, await pagePoint(page, centre(XIJIE))), '#eeeeee', '西街一网格（0 户）');
  await expect(page.getByTestId('map-legend')).toContainText('网格 · 户数');
  await app.screenshot('map-households');

  // 1+3 缺配: 第二网格 has no 网格员 at all, so it misses the most roles: the darkest purple.
  await choose(page, page.getByRole('combobox', { name: '专题' }), '1+3 缺配');
  await expect(page.getByTestId('map-legend')).toContainText('网格 · 1+3 缺配');
  await mapIdle(page);
  expectColour(await pixelAt(page, await pagePoint(page, centre(G2))), '#3f007d', '第二网格（缺配最多）');
  const layers = await ok(call(app.ctx, 'map.layers', {}));
  const gap = (id: number) => layers.grids.find((g) => g.id === id)!.figures.staffingGap;
  expect(gap(x.g2.id)).toBeGreaterThan(gap(x.g1.id));
  expectColour(await pixelAt(page, await pagePoint(page, centre(G1))), '#dadaeb', '第一网格（缺配较少）');
  await app.screenshot('map-staffing-gap');

  // By village: 东关村 has 7 households, 西街社区 none.
  await page.getByTestId('map-level').getByText('按村/社区').click();
  await choose(page, page.getByRole('combobox', { name: '专题' }), '户数');
  await mapIdle(page);
  expectColour(await pixelAt(page, await pagePoint(page, [118.83, 32.006])), '#08306b', '东关村（7 户）');
  await page.getByTestId('map-level').getByText('按网格').click();
  await mapIdle(page);

  // Hover shows the grid's figures; a click opens its page.
  const p1 = await pagePoint(page, centre(G1));
  await page.mouse.move(p1.x, p1.y);
  await expect(page.getByTestId('map-hover')).toContainText('东关村 · 第一网格');
  await expect(page.getByTestId('map-hover')).toContainText('户数：5');
  await page.mouse.click(p1.x, p1.y);
  await expect(page).toHaveURL(new RegExp(`#/grids\\?grid=${x.g1.id}$`));
  await expect(page.locator('tr.row-focused')).toContainText('第一网格');
  await app.screenshot('map-click-grid-page');
});

test('search flies to a grid, and drawing gives a grid its boundary', async ({ app }) => {
  const { page } = app;
  const x = await mapTown(app);
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'village', id: x.dongguan.id, geometry: square(DONGGUAN) }));
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'grid', id: x.g1.id, geometry: square(G1) }));
  await app.open('map');
  await mapIdle(page);

  // The search keeps no value (it only moves the map): type, and take the first match.
  const searchBox = page.getByTestId('map-search').getByRole('combobox');
  await searchBox.click();
  await page.keyboard.type('第一网格');
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option-active')).toContainText('东关村 · 第一网格');
  await page.keyboard.press('Enter');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await page.waitForFunction(() => (window as unknown as { __ledgerMap: { getZoom(): number } }).__ledgerMap.getZoom() > 12);
  await mapIdle(page);
  const zoomed = await page.evaluate(() => (window as unknown as { __ledgerMap: { getZoom(): number } }).__ledgerMap.getZoom());
  expect(zoomed).toBeGreaterThan(12);

  // Draw 第二网格 over the east half of 东关村 (the view is on 第一网格, so zoom out first), clear of the
  // drawing panel on the right.
  await page.evaluate((b) => (window as unknown as { __ledgerMap: { fitBounds(b: number[], o: object): void } }).__ledgerMap.fitBounds(b, { padding: { top: 60, bottom: 60, left: 60, right: 380 }, duration: 0 }), DONGGUAN);
  await mapIdle(page);
  await page.getByTestId('map-draw').click();
  await choose(page, page.getByTestId('draw-target').getByRole('combobox'), '东关村 · 第二网格');
  await page.getByTestId('draw-new').click();
  const corners: [number, number][] = [[118.821, 32.001], [118.839, 32.001], [118.839, 32.029], [118.821, 32.029]];
  for (const c of corners) {
    const p = await pagePoint(page, c);
    await page.mouse.click(p.x, p.y);
  }
  const first = await pagePoint(page, corners[0]!);
  await page.mouse.click(first.x, first.y);
  await expect(page.getByTestId('draw-hint')).toContainText('已有 1 块多边形');
  // A list left open over the panel would hide it in the screenshot.
  await page.getByTestId('draw-hint').click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await app.screenshot('map-drawing');
  await page.getByTestId('draw-save').click();
  await expect(page.locator('.ant-message-notice').filter({ hasText: '边界已保存' })).toBeVisible();

  const drawn = (await ok(call(app.ctx, 'map.layers', {}))).grids.find((g) => g.id === x.g2.id)!.geometry;
  expect(drawn?.type).toBe('Polygon');
  const ring = (drawn as { coordinates: number[][][] }).coordinates[0]!;
  // Four corners and the closing point: every click counted.
  expect(ring).toHaveLength(5);
  for (const [lon, lat] of ring) {
    expect(lon).toBeGreaterThan(118.82);
    expect(lon).toBeLessThan(118.84);
    expect(lat).toBeGreaterThan(32.0);
    expect(lat).toBeLessThan(32.03);
  }
  // The new grid is on the map in its theme colour (2 households of 5 and 2: the lightest class).
  await mapIdle(page);
  expectColour(await pixelAt(page, await pagePoint(page, [118.83, 32.006])), '#c6dbef', '画好的第二网格');

  // Save the view as a PNG file.
  const png = join(app.dataDir, '城关镇网格地图.png');
  app.queuePick(png);
  await page.getByTestId('map-save-png').click();
  await expect(page.locator('.ant-message-notice').filter({ hasText: '地图图片已保存' })).toBeVisible();
  expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(readFileSync(png).length).toBeGreaterThan(5000);

  // A grid sticking out of its village: the check names it and draws the part outside in red.
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'grid', id: x.g2.id, geometry: square([118.82, 32.0, 118.85, 32.03]) }));
  await page.getByTestId('draw-close').click();
  await page.getByTestId('map-check').click();
  await expect(page.getByTestId('map-warnings')).toContainText('第二网格');
  await mapIdle(page);
  const [r, g, b] = await pixelAt(page, await pagePoint(page, [118.845, 32.01]));
  expect(r - Math.max(g, b), `村外部分应画成红色，实际 rgb(${r},${g},${b})`).toBeGreaterThan(60);
  const [r2, g2, b2] = await pixelAt(page, await pagePoint(page, [118.83, 32.01]));
  expect(r2 - Math.max(g2, b2), `村内部分不应是红色，实际 rgb(${r2},${g2},${b2})`).toBeLessThan(30);
  await app.screenshot('map-check-warnings');
});

test('a line drawn across a village splits it into its two grids', async ({ app }) => {
  const { page } = app;
  const x = await mapTown(app);
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'village', id: x.dongguan.id, geometry: square(DONGGUAN) }));
  await app.open('map');
  await mapIdle(page);
  // Room around the village for the line's ends, clear of the panel on the right.
  await page.evaluate((b) => (window as unknown as { __ledgerMap: { fitBounds(b: number[], o: object): void } }).__ledgerMap.fitBounds(b, { padding: { top: 90, bottom: 90, left: 90, right: 400 }, duration: 0 }), DONGGUAN);
  await mapIdle(page);
  await page.getByTestId('map-draw').click();
  await choose(page, page.getByTestId('draw-target').getByRole('combobox'), '东关村');
  await page.getByTestId('draw-hint').click();
  const drawLine = async (points: [number, number][]) => {
    await page.getByTestId('draw-split').click();
    await expect(page.getByTestId('draw-hint')).toContainText('画一条穿过它的线');
    for (const c of points) {
      const p = await pagePoint(page, c);
      await page.mouse.move(p.x - 10, p.y - 10);
      await page.mouse.move(p.x, p.y, { steps: 4 });
      await page.mouse.click(p.x, p.y);
    }
    // Clicking the last point again finishes the line.
    const last = await pagePoint(page, points[points.length - 1]!);
    await page.mouse.click(last.x, last.y);
  };

  // A line that stops inside the village is refused, and nothing is written.
  await drawLine([[118.825, 31.995], [118.825, 32.02]]);
  await expect(page.locator('.ant-message-notice').filter({ hasText: '终点在「东关村」之内' })).toBeVisible();
  await expect(page.getByTestId('split-pieces')).toHaveCount(0);

  // Across it: two pieces, the western (larger) one first.
  await drawLine([[118.825, 31.995], [118.825, 32.035]]);
  await expect(page.getByTestId('split-pieces')).toBeVisible();
  await expect(page.getByTestId('draw-hint')).toContainText('分成 2 块');
  await choose(page, page.getByTestId('split-assign-1').getByRole('combobox'), '第一网格');
  await choose(page, page.getByTestId('split-assign-2').getByRole('combobox'), '第二网格');
  await page.getByTestId('draw-hint').click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await mapIdle(page);
  // The pieces are drawn in their colours (the first red, the second blue, over the theme).
  const [r1, g1, b1] = await pixelAt(page, await pagePoint(page, [118.81, 32.006]));
  expect(r1 - Math.max(g1, b1), `第 1 块应带红色，实际 rgb(${r1},${g1},${b1})`).toBeGreaterThan(40);
  await app.screenshot('map-split-pieces');
  await page.getByTestId('split-save').click();
  await expect(page.locator('.ant-message-notice').filter({ hasText: '已按分割线保存 2 个网格的边界' })).toBeVisible();

  const grids = (await ok(call(app.ctx, 'map.layers', {}))).grids;
  const bboxOf = (id: number) => {
    const pts = (grids.find((g) => g.id === id)!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    return [Math.min(...pts.map((p) => p[0]!)), Math.min(...pts.map((p) => p[1]!)), Math.max(...pts.map((p) => p[0]!)), Math.max(...pts.map((p) => p[1]!))];
  };
  const [w1, s1, e1, n1] = bboxOf(x.g1.id);
  const [w2, s2, e2, n2] = bboxOf(x.g2.id);
  expect([w1, s1, n1, s2, e2, n2]).toEqual([118.8, 32.0, 32.03, 32.0, 118.84, 32.03]);
  // The cut where the line was drawn (to a few metres: the click lands on a pixel).
  expect(Math.abs(e1! - 118.825)).toBeLessThan(0.0002);
  expect(w2).toBe(e1);
  // The new grids are on the map in their theme colours (5 households: darkest; 2: lightest).
  await mapIdle(page);
  expectColour(await pixelAt(page, await pagePoint(page, [118.81, 32.006])), '#08306b', '分到第一网格的西块');
  expectColour(await pixelAt(page, await pagePoint(page, [118.835, 32.006])), '#c6dbef', '分到第二网格的东块');
  await app.screenshot('map-split-saved');
});

/** Solid tiles for zooms 0–3 over the whole world. */
function worldTiles(rgb: [number, number, number]): TileSpec[] {
  const png = solidPng(rgb);
  const tiles: TileSpec[] = [];
  for (let z = 0; z <= 3; z++) for (let tx = 0; tx < 2 ** z; tx++) for (let ty = 0; ty < 2 ** z; ty++) tiles.push({ z, x: tx, y: ty, data: png });
  return tiles;
}

test('a local MBTiles and a PMTiles basemap are drawn from their tiles', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  const mbtiles = join(app.dataDir, '县域底图.mbtiles');
  writeMbtiles(mbtiles, worldTiles([200, 40, 40]), { name: '县域影像（测试）', format: 'png', minzoom: '0', maxzoom: '3', bounds: '118.5,31.8,119.2,32.3', attribution: '某县自然资源局' });

  await app.open('settings');
  await expect(page.getByTestId('basemap-none')).toBeVisible();
  app.queuePick(mbtiles);
  await page.getByTestId('basemap-choose').click();
  await expect(page.getByTestId('basemap-attribution')).toHaveText('某县自然资源局');
  await expect(page.getByTestId('basemap-in-use')).toContainText('MBTiles');
  await page.getByTestId('basemap-card').scrollIntoViewIfNeeded();
  await page.getByTestId('basemap-card').screenshot({ path: join(screenshotDir, 'map-settings-basemap.png') });

  await app.open('map');
  await mapIdle(page);
  await expect(page.getByTestId('map-basemap-name')).toContainText('县域影像（测试）');
  await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('某县自然资源局');
  const box = (await page.getByTestId('map-canvas').boundingBox())!;
  const mid = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  expectColour(await pixelAt(page, mid), '#c82828', 'MBTiles 底图');
  await app.screenshot('map-basemap-mbtiles');

  const pmtiles = join(app.dataDir, '县域底图.pmtiles');
  writePmtiles(pmtiles, worldTiles([40, 60, 200]), { tileType: PMTILES_TYPE.png, metadata: { name: 'PMTiles 底图', attribution: '县测绘院' }, bounds: [118.5, 31.8, 119.2, 32.3], minZoom: 0, maxZoom: 3 });
  await ok(call(app.ctx, 'basemap.set', { path: pmtiles }));
  // The settings page shown first (two hash changes in a row can leave the map page mounted with the old basemap).
  await app.open('settings');
  await expect(page.getByTestId('basemap-attribution')).toHaveText('县测绘院');
  await app.open('map');
  await mapIdle(page);
  await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('县测绘院');
  expectColour(await pixelAt(page, mid), '#283cc8', 'PMTiles 底图');
  await app.screenshot('map-basemap-pmtiles');
});

test('a 村级用户 sees only their own village on the map', async ({ app }) => {
  const { page } = app;
  const x = await mapTown(app);
  for (const [kind, id, r] of [['village', x.dongguan.id, DONGGUAN], ['village', x.xijie.id, XIJIE], ['grid', x.g1.id, G1], ['grid', x.g2.id, G2], ['grid', x.g3.id, XIJIE]] as const) {
    await ok(call(app.ctx, 'map.setBoundary', { kind, id, geometry: square(r) }));
  }
  app.ctx.caller = { userId: 'u-dg', displayName: '东关村网格长', role: 'village', villageScope: [x.dongguan.code] };
  await app.open('map');
  await mapIdle(page);
  // The view frames 东关村 only; 西街社区 is not drawn (zoom out to see where it would be).
  await page.evaluate(() => (window as unknown as { __ledgerMap: { fitBounds(b: number[], o: object): void } }).__ledgerMap.fitBounds([118.79, 31.99, 118.89, 32.04], { padding: 20, duration: 0 }));
  await mapIdle(page);
  expectColour(await pixelAt(page, await pagePoint(page, centre(G1))), '#08306b', '本村的第一网格');
  expectColour(await pixelAt(page, await pagePoint(page, centre(XIJIE))), '#f4f6f8', '别村（西街社区）的位置：只有背景');
  await app.screenshot('map-village-user');
  await page.getByTestId('map-search').getByRole('combobox').click();
  await expect(page.locator('.ant-select-dropdown:visible')).toContainText('第一网格');
  await expect(page.locator('.ant-select-dropdown:visible')).not.toContainText('西街');
  await page.keyboard.press('Escape');
  // Town-wide import is not theirs (map.import.run is for 管理员 and 工作人员 of the whole town): not shown;
  // drawing their own village's boundaries is (map.setBoundary admits a 村级用户 within their villages).
  await expect(page.getByTestId('map-import')).toHaveCount(0);
  await expect(page.getByTestId('map-draw')).toBeVisible();
  await expect(page.getByTestId('map-check')).toBeVisible();

  // 只读: no write control at all.
  app.ctx.caller = { userId: 'u-ro', displayName: '只读账号', role: 'readonly', villageScope: null };
  // A fresh page: a hash change alone may keep the map page mounted with the caller it asked for before.
  await app.open('map');
  await page.reload();
  await mapIdle(page);
  await expect(page.getByTestId('map-check')).toBeVisible();
  await expect(page.getByTestId('map-import')).toHaveCount(0);
  await expect(page.getByTestId('map-draw')).toHaveCount(0);
  await app.screenshot('map-readonly');
});

test('key-group persons as points, clustered when zoomed out; a household picked on the map', async ({ app }) => {
  const { page } = app;
  const x = await mapTown(app);
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'village', id: x.dongguan.id, geometry: square(DONGGUAN) }));
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'grid', id: x.g1.id, geometry: square(G1) }));
  const home = await ok(call(app.ctx, 'household.create', { gridId: x.g1.id, address: '东关村20号', tags: [] }));
  const zhang = await ok(call(app.ctx, 'person.create', { idNumber: makeId('19750203', 11), name: '张卫东', householdId: home.id, relation: '02' }));
  const entry = await ok(call(app.ctx, 'released.register', { residentId: zhang.id, releaseDate: '2026-03-01', prison: '苏州监狱', crime: '05', sentence: '3年', handoverOn: '2026-03-01', handoverCode: '06' }));
  await ok(call(app.ctx, 'household.setPoint', { householdId: home.id, point: { lon: 118.81, lat: 32.02 } }));
  // A second person nearby: at the town's zoom the two make one cluster.
  const next = await ok(call(app.ctx, 'household.create', { gridId: x.g1.id, address: '东关村21号', tags: [] }));
  const li = await ok(call(app.ctx, 'person.create', { idNumber: makeId('19800303', 13), name: '李明', householdId: next.id, relation: '02' }));
  await ok(call(app.ctx, 'released.register', { residentId: li.id, releaseDate: '2026-04-01', prison: '南京监狱', crime: '05', sentence: '2年', handoverOn: '2026-04-01', handoverCode: '06' }));
  await ok(call(app.ctx, 'household.setPoint', { householdId: next.id, point: { lon: 118.8102, lat: 32.0201 } }));

  await app.open('map');
  await mapIdle(page);
  // None read or drawn until a group is ticked in the legend.
  await expect(page.getByTestId('map-legend')).toContainText('重点人员（勾选后显示）');
  const clusterCount = () => page.evaluate(() => (window as unknown as { __ledgerMap: { querySourceFeatures(s: string): unknown[] } }).__ledgerMap.querySourceFeatures('keygroup').length);
  expect(await clusterCount()).toBe(0);
  await page.getByTestId('map-groups').getByText('安置帮教').click();
  await expect(page.getByTestId('map-legend')).toContainText('重点人员（2 人），显示 2 人');
  await mapIdle(page);
  const clusters = () => page.evaluate(() => (window as unknown as { __ledgerMap: { queryRenderedFeatures(o: object): unknown[] } }).__ledgerMap.queryRenderedFeatures({ layers: ['kg-cluster'] }).length);
  expect(await clusters()).toBe(1);
  // Zoomed in, each is its own point; a click opens the person's page in the ledger.
  await page.evaluate(() => (window as unknown as { __ledgerMap: { jumpTo(o: object): void } }).__ledgerMap.jumpTo({ center: [118.8101, 32.02005], zoom: 18 }));
  await mapIdle(page);
  expect(await clusters()).toBe(0);
  await app.screenshot('map-key-group-points');
  // The map outlives its page (its WebGL context and shaders are reused): marked, to know it again.
  await page.evaluate(() => ((window as unknown as { __ledgerMap: { __seen?: number } }).__ledgerMap.__seen = 1));
  const p = await pagePoint(page, [118.81, 32.02]);
  await page.mouse.click(p.x, p.y);
  await expect(page).toHaveURL(new RegExp(`#/released\\?id=${entry.id}$`));
  // The ledger page is shown (the map page gone), so the next visit opens the map afresh.
  await expect(page.getByTestId('map-page')).toHaveCount(0);
  // The kept map holds no one's point (nor name) while its page is closed.
  const keptPoints = await page.evaluate(async () => {
    const source = (window as unknown as { __ledgerMap: { getSource(id: string): { getData(): Promise<{ features: unknown[] }> } } }).__ledgerMap.getSource('keygroup');
    return (await source.getData()).features.length;
  });
  expect(keptPoints).toBe(0);

  // From the household's page: 在地图上定位, then a click on the map is its point.
  const third = await ok(call(app.ctx, 'household.create', { gridId: x.g1.id, address: '东关村22号', tags: [] }));
  await app.open(`map?pickHousehold=${third.id}`);
  await mapIdle(page);
  await expect(page.getByTestId('map-picking')).toContainText('东关村22号');
  // The same map again, and nobody's point kept in it while the page was closed; the legend starts unticked.
  expect(await page.evaluate(() => (window as unknown as { __ledgerMap: { __seen?: number } }).__ledgerMap.__seen)).toBe(1);
  expect(await clusterCount()).toBe(0);
  await expect(page.getByTestId('map-legend')).toContainText('重点人员（勾选后显示）');
  // Clear of the legend (bottom left) and of the two persons' points.
  const at = await pagePoint(page, [118.817, 32.012]);
  await page.mouse.click(at.x, at.y);
  await expect(page.locator('.ant-message-notice').filter({ hasText: '已设置' })).toBeVisible();
  const placed = (await ok(call(app.ctx, 'map.households', { gridId: x.g1.id }))).points.find((h) => h.householdId === third.id)!;
  expect(Math.abs(placed.lon - 118.817)).toBeLessThan(0.0005);
  expect(Math.abs(placed.lat - 32.012)).toBeLessThan(0.0005);
  // The click set a point; it did not open the grid's page.
  await expect(page).toHaveURL(/#\/map\?pickHousehold=/);
});

test('the map is made off-screen while the app sits on another page, and opening it reuses that map', async ({ app }) => {
  const { page } = app;
  const x = await mapTown(app);
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'village', id: x.dongguan.id, geometry: square(DONGGUAN) }));
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'grid', id: x.g1.id, geometry: square(G1) }));
  await ok(call(app.ctx, 'map.setBoundary', { kind: 'grid', id: x.g2.id, geometry: square(G2) }));
  // Someone the warm-up must not read: a 帮教对象 with a point.
  const home = await ok(call(app.ctx, 'household.create', { gridId: x.g1.id, address: '东关村20号', tags: [] }));
  const zhang = await ok(call(app.ctx, 'person.create', { idNumber: makeId('19750203', 11), name: '张卫东', householdId: home.id, relation: '02' }));
  await ok(call(app.ctx, 'released.register', { residentId: zhang.id, releaseDate: '2026-03-01', prison: '苏州监狱', crime: '05', sentence: '3年', handoverOn: '2026-03-01', handoverCode: '06' }));
  await ok(call(app.ctx, 'household.setPoint', { householdId: home.id, point: { lon: 118.81, lat: 32.02 } }));
  const pointReads = () => app.ctx.ledger.sqlite.prepare("select count(*) from audit_log where channel = 'map.points'").pluck().get() as number;
  const readsBefore = pointReads();

  await app.open('grids');
  await page.waitForFunction(() => (window as unknown as { __ledgerMapWarm?: string }).__ledgerMapWarm === 'done', undefined, { timeout: 30_000 });
  // Off-screen while it was made, and gone from the page once done: nothing of it is seen or reachable.
  await expect(page.locator('.maplibregl-canvas')).toHaveCount(0);
  await page.evaluate(() => ((window as unknown as { __ledgerMap: { __seen?: number } }).__ledgerMap.__seen = 1));
  expect(pointReads()).toBe(readsBefore);

  await page.locator('[data-testid="nav"]').getByText('地图', { exact: true }).click();
  await mapIdle(page);
  expect(await page.evaluate(() => (window as unknown as { __ledgerMap: { __seen?: number } }).__ledgerMap.__seen)).toBe(1);
  // The warm-up's made-up points (for the circle shaders) are not on the page; the grids are, in their theme colour.
  const keygroup = await page.evaluate(async () => {
    const source = (window as unknown as { __ledgerMap: { getSource(id: string): { getData(): Promise<{ features: unknown[] }> } } }).__ledgerMap.getSource('keygroup');
    return (await source.getData()).features.length;
  });
  expect(keygroup).toBe(0);
  await expect(page.getByTestId('map-legend')).toContainText('重点人员（勾选后显示）');
  // 第一网格 has the most households: the theme's darkest class.
  expectColour(await pixelAt(page, await pagePoint(page, centre(G1))), '#08306b', '第一网格（户数最多）');
  // The person is read (and the view audited) only when the group is ticked.
  expect(pointReads()).toBe(readsBefore);
  await page.getByTestId('map-groups').getByText('安置帮教').click();
  await expect(page.getByTestId('map-legend')).toContainText('显示 1 人');
  expect(pointReads()).toBe(readsBefore + 1);
});
