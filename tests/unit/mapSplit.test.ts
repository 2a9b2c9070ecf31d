// Splitting a village or a grid by a line drawn across it (issue 11): the pure cut on hand-made polygons (a square
// in two, a line ending inside, a line missing, a self-crossing line, a concave polygon in three, a polygon with a
// hole), and the channels: the preview writes nothing, the save gives each piece to a grid in one transaction,
// refuses bad assignments with the database unchanged, and keeps to the caller's role and villages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { areaOf, overlap } from '../../electron/core/map/geo';
import { splitByLine, type Position } from '../../electron/core/map/split';
import type { BoundaryGeometry } from '../../shared/contract/map';
import { fails, ok } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

type Ring = Position[];
const box = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: Ring[]): BoundaryGeometry => ({ type: 'Polygon', coordinates: rings });
const SQUARE = poly(box(118.9, 32.0, 118.92, 32.02));
const ACROSS: Position[] = [[118.91, 31.99], [118.91, 32.03]];
const bbox = (g: BoundaryGeometry) => {
  const pts = (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()).flat();
  return [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
};
const reason = (r: ReturnType<typeof splitByLine>) => (r.ok ? `分成 ${r.pieces.length} 块` : r.reason);

describe('splitByLine', () => {
  it('cuts a square in two along the line', () => {
    const r = splitByLine(SQUARE, ACROSS, '东村');
    if (!r.ok) throw new Error(r.reason);
    expect(r.pieces).toHaveLength(2);
    const boxes = r.pieces.map((p) => bbox(p.geometry)).sort((a, b) => a[0]! - b[0]!);
    expect(boxes[0]).toEqual([118.9, 32.0, 118.91, 32.02]);
    expect(boxes[1]).toEqual([118.91, 32.0, 118.92, 32.02]);
    // Nothing lost, nothing doubled.
    const total = areaOf(SQUARE);
    expect(Math.abs(r.pieces[0]!.areaM2 + r.pieces[1]!.areaM2 - total)).toBeLessThan(2);
    expect(areaOf(overlap(r.pieces[0]!.geometry, r.pieces[1]!.geometry))).toBeLessThan(1);
  });

  it('cuts along a bent line, and the pieces come largest first', () => {
    const r = splitByLine(SQUARE, [[118.905, 31.99], [118.905, 32.01], [118.93, 32.01]], '东村');
    if (!r.ok) throw new Error(r.reason);
    expect(r.pieces).toHaveLength(2);
    expect(r.pieces[0]!.areaM2).toBeGreaterThan(r.pieces[1]!.areaM2);
    expect(bbox(r.pieces[1]!.geometry)).toEqual([118.905, 32.0, 118.92, 32.01]);
  });

  it('refuses a line that ends inside, one that misses, one that crosses itself, one that only grazes', () => {
    expect(reason(splitByLine(SQUARE, [[118.91, 31.99], [118.91, 32.01]], '东村'))).toMatch(/终点在「东村」之内/);
    expect(reason(splitByLine(SQUARE, [[118.91, 32.01], [118.91, 32.03]], '东村'))).toMatch(/起点在「东村」之内/);
    expect(reason(splitByLine(SQUARE, [[118.95, 31.99], [118.95, 32.03]], '东村'))).toMatch(/没有穿过「东村」/);
    expect(reason(splitByLine(SQUARE, [[118.89, 32.005], [118.93, 32.015], [118.93, 32.0], [118.89, 32.015]], '东村'))).toMatch(/分割线自相交/);
    // Touches a corner from outside: nothing divided.
    expect(reason(splitByLine(SQUARE, [[118.89, 32.01], [118.9, 32.0], [118.89, 31.99]], '东村'))).toMatch(/没有把「东村」分开/);
    expect(reason(splitByLine(SQUARE, [[118.91, 31.99], [118.91, 31.99]], '东村'))).toMatch(/两个不同的点/);
  });

  it('cuts a concave (U-shaped) polygon into three by one line across both arms', () => {
    const U = poly([[118.9, 32.0], [118.93, 32.0], [118.93, 32.03], [118.92, 32.03], [118.92, 32.01], [118.91, 32.01], [118.91, 32.03], [118.9, 32.03], [118.9, 32.0]]);
    const r = splitByLine(U, [[118.89, 32.02], [118.94, 32.02]], 'U村');
    if (!r.ok) throw new Error(r.reason);
    expect(r.pieces).toHaveLength(3);
    const boxes = r.pieces.map((p) => bbox(p.geometry));
    expect(boxes[0]).toEqual([118.9, 32.0, 118.93, 32.02]);
    expect(boxes.slice(1).sort((a, b) => a[0]! - b[0]!)).toEqual([[118.9, 32.02, 118.91, 32.03], [118.92, 32.02, 118.93, 32.03]]);
    // The gap between the arms, closed by the line, is outside the polygon and is no piece.
    expect(Math.abs(r.pieces.reduce((s, p) => s + p.areaM2, 0) - areaOf(U))).toBeLessThan(3);
  });

  it('keeps a hole a hole', () => {
    const holed = poly(box(118.9, 32.0, 118.92, 32.02), box(118.905, 32.005, 118.915, 32.015).reverse());
    const r = splitByLine(holed, ACROSS, '东村');
    if (!r.ok) throw new Error(r.reason);
    expect(r.pieces).toHaveLength(2);
    expect(Math.abs(r.pieces[0]!.areaM2 + r.pieces[1]!.areaM2 - areaOf(holed))).toBeLessThan(2);
  });
});

describe('map.split channels', () => {
  let t: TempLedger;
  let east: { id: number; code: string };
  let g1: { id: number; code: string };
  let g2: { id: number; code: string };
  let w1: { id: number; code: string };
  const stored = (gridId: number): BoundaryGeometry | null => {
    const r = t.ctx.ledger.sqlite.prepare('select geometry from grid_boundary where grid_id = ?').get(gridId) as { geometry: string } | undefined;
    return r ? (JSON.parse(r.geometry) as BoundaryGeometry) : null;
  };
  const dbState = () => JSON.stringify(t.ctx.ledger.sqlite.prepare('select grid_id, geometry from grid_boundary order by grid_id').all());

  beforeEach(async () => {
    t = openTempLedger();
    await ok(call(t.ctx, 'town.setup', { name: '青石镇', code: '320121100000' }));
    east = await ok(call(t.ctx, 'village.create', { code: '320121100201', name: '东村' }));
    const west = await ok(call(t.ctx, 'village.create', { code: '320121100202', name: '西村' }));
    g1 = await ok(call(t.ctx, 'grid.create', { villageId: east.id, kind: '综合网格', name: '第一网格' }));
    g2 = await ok(call(t.ctx, 'grid.create', { villageId: east.id, kind: '综合网格', name: '第二网格' }));
    w1 = await ok(call(t.ctx, 'grid.create', { villageId: west.id, kind: '综合网格', name: '西一网格' }));
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'village', id: east.id, geometry: SQUARE }));
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'village', id: west.id, geometry: poly(box(118.92, 32.0, 118.94, 32.02)) }));
  });
  afterEach(() => t.close());

  it('previews the pieces and the village’s grids, writing nothing', async () => {
    const before = dbState();
    const p = await ok(call(t.ctx, 'map.split.preview', { kind: 'village', id: east.id, line: ACROSS }));
    expect(p.name).toBe('东村');
    expect(p.pieces.map((x) => x.index)).toEqual([0, 1]);
    expect(p.grids.map((g) => g.name)).toEqual(['第一网格', '第二网格']);
    expect(dbState()).toBe(before);
  });

  it('splits a village into its two grids, and the boundaries are stored', async () => {
    const p = await ok(call(t.ctx, 'map.split.preview', { kind: 'village', id: east.id, line: ACROSS }));
    const westFirst = bbox(p.pieces[0]!.geometry)[0] === 118.9;
    const assign = westFirst ? [g1.id, g2.id] : [g2.id, g1.id];
    const r = await ok(call(t.ctx, 'map.split.save', { kind: 'village', id: east.id, line: ACROSS, assign }));
    expect(r.written.map((w) => w.name).sort()).toEqual(['第一网格', '第二网格']);
    expect(r.warnings).toEqual([]);
    expect(bbox(stored(g1.id)!)).toEqual([118.9, 32.0, 118.91, 32.02]);
    expect(bbox(stored(g2.id)!)).toEqual([118.91, 32.0, 118.92, 32.02]);
    const check = await ok(call(t.ctx, 'map.check', {}));
    expect(check.warnings.filter((w) => w.villageId === east.id)).toEqual([]);
  });

  it('splits a grid: one piece kept, the other joins the neighbouring grid', async () => {
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: g1.id, geometry: poly(box(118.9, 32.0, 118.915, 32.02)) }));
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: g2.id, geometry: poly(box(118.915, 32.0, 118.92, 32.02)) }));
    const p = await ok(call(t.ctx, 'map.split.preview', { kind: 'grid', id: g1.id, line: ACROSS }));
    expect(p.pieces).toHaveLength(2);
    const westIndex = p.pieces.findIndex((x) => bbox(x.geometry)[0] === 118.9);
    const assign = p.pieces.map((_, i) => (i === westIndex ? g1.id : g2.id));
    await ok(call(t.ctx, 'map.split.save', { kind: 'grid', id: g1.id, line: ACROSS, assign }));
    expect(bbox(stored(g1.id)!)).toEqual([118.9, 32.0, 118.91, 32.02]);
    expect(bbox(stored(g2.id)!)).toEqual([118.91, 32.0, 118.92, 32.02]);
    expect(Math.round(areaOf(stored(g2.id)))).toBe(Math.round(areaOf(poly(box(118.91, 32.0, 118.92, 32.02)))));
  });

  it('refuses bad lines and bad assignments, the database unchanged', async () => {
    const before = dbState();
    const inside = await fails(call(t.ctx, 'map.split.save', { kind: 'village', id: east.id, line: [[118.91, 31.99], [118.91, 32.01]], assign: [g1.id, g2.id] }));
    expect(inside.code).toBe('VALIDATION');
    expect(inside.message).toMatch(/终点在「东村」之内/);
    expect((await fails(call(t.ctx, 'map.split.preview', { kind: 'village', id: east.id, line: [[118.95, 31.99], [118.95, 32.03]] }))).message).toMatch(/没有穿过「东村」/);
    // A grid of another village.
    expect((await fails(call(t.ctx, 'map.split.save', { kind: 'village', id: east.id, line: ACROSS, assign: [g1.id, w1.id] }))).message).toMatch(/不是「东村」的在用网格/);
    // Three assignments for two pieces; none given; a grid split keeping nothing for itself.
    expect((await fails(call(t.ctx, 'map.split.save', { kind: 'village', id: east.id, line: ACROSS, assign: [g1.id, g2.id, g2.id] }))).message).toMatch(/分成 2 块，但给出了 3 块/);
    expect((await fails(call(t.ctx, 'map.split.save', { kind: 'village', id: east.id, line: ACROSS, assign: [null, null] }))).message).toMatch(/还没有把任何一块分给网格/);
    await ok(call(t.ctx, 'map.setBoundary', { kind: 'grid', id: g1.id, geometry: SQUARE }));
    const withGrid = dbState();
    expect((await fails(call(t.ctx, 'map.split.save', { kind: 'grid', id: g1.id, line: ACROSS, assign: [g2.id, g2.id] }))).message).toMatch(/至少要留一块给「第一网格」/);
    expect(dbState()).toBe(withGrid);
    // A grid without a boundary has nothing to cut; bad input is refused by the schema.
    expect((await fails(call(t.ctx, 'map.split.preview', { kind: 'grid', id: g2.id, line: ACROSS }))).message).toMatch(/还没有边界/);
    expect((await fails(call(t.ctx, 'map.split.preview', { kind: 'village', id: east.id, line: [[118.91, 31.99]] }))).message).toMatch(/至少要有两个点/);
    expect((await fails(call(t.ctx, 'map.split.preview', { kind: 'village', id: east.id, line: [[318.91, 31.99], [118.91, 32.03]] }))).code).toBe('VALIDATION');
    expect(before).not.toBe(withGrid);
  });

  it('keeps to the caller: 只读 may not save, a 村级用户 may not touch another village’s grid', async () => {
    const readonly: ServiceContext = { ...t.ctx, caller: { ...LOCAL_USER, userId: 'ro', role: 'readonly' } };
    expect((await fails(call(readonly, 'map.split.save', { kind: 'village', id: east.id, line: ACROSS, assign: [g1.id, g2.id] }))).code).toBe('FORBIDDEN');
    // The preview is a read: 只读 may look.
    await ok(call(readonly, 'map.split.preview', { kind: 'village', id: east.id, line: ACROSS }));
    const westUser: ServiceContext = { ...t.ctx, caller: { ...LOCAL_USER, userId: 'w', role: 'village', villageScope: ['320121100202'] } };
    const before = dbState();
    expect((await fails(call(westUser, 'map.split.save', { kind: 'village', id: east.id, line: ACROSS, assign: [g1.id, g2.id] }))).code).toBe('FORBIDDEN');
    expect((await fails(call(westUser, 'map.split.preview', { kind: 'village', id: east.id, line: ACROSS }))).code).toBe('NOT_FOUND');
    expect(dbState()).toBe(before);
    const eastUser: ServiceContext = { ...t.ctx, caller: { ...LOCAL_USER, userId: 'e', role: 'village', villageScope: [east.code] } };
    await ok(call(eastUser, 'map.split.save', { kind: 'village', id: east.id, line: ACROSS, assign: [g1.id, g2.id] }));
  });
});
