// Boundaries and household points of the demo town (issue 11). The town is laid out around 118.9E 32.0N (Jiangsu)
// as rows of villages, each split into its grids as rectangles in a "plan" plane, then every point bent by one
// smooth, gentle deformation so the outlines look drawn rather than ruled. Because every shared edge is sampled
// at the same plan points (each village's breaks include all of its grids' corners) and the deformation is one
// continuous function, grids tile their village exactly: no gaps, no overlaps, nothing outside (map.check is quiet).
import { sql } from 'drizzle-orm';
import type { BoundaryGeometry } from '../../../shared/contract/map';
import type { ServiceContext } from '../context';
import { compile, rows } from '../db/query';
import { statement } from '../db/statements';
import { household } from '../db/schema';
import { storeBoundary } from '../map/boundaries';
import type { TownLayout } from './layout';
import type { Rng } from './random';

const ORIGIN = { lon: 118.86, lat: 32.06 };
/** One village cell: about 1.9 km × 1.7 km. */
const CELL_LON = 0.02;
const CELL_LAT = 0.015;
/** Edge sampling step in plan units (a cell is 1 × 1). */
const STEP = 1 / 6;

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The bend: offsets well under a cell's size, slopes under 1 so no outline can fold over itself. */
function bender(rng: Rng) {
  const p = Array.from({ length: 4 }, () => rng.next() * Math.PI * 2);
  return (x: number, y: number): [number, number] => {
    const bx = x + 0.09 * Math.sin(1.3 * y + p[0]!) + 0.05 * Math.sin(2.9 * x + 1.7 * y + p[1]!);
    const by = y + 0.08 * Math.sin(1.1 * x + p[2]!) + 0.04 * Math.sin(3.1 * y + 1.3 * x + p[3]!);
    return [Math.round((ORIGIN.lon + bx * CELL_LON) * 1e7) / 1e7, Math.round((ORIGIN.lat - by * CELL_LAT) * 1e7) / 1e7];
  };
}

/** Splits a village cell into n grid rectangles: a few horizontal bands, each cut into columns at random widths. */
function split(rng: Rng, cell: Rect, n: number): Rect[] {
  const bands = Math.max(1, Math.round(Math.sqrt(n / 1.5)));
  const out: Rect[] = [];
  let left = n;
  const cuts = (a: number, b: number, k: number) => {
    const w = Array.from({ length: k }, () => 0.7 + rng.next() * 0.6);
    const sum = w.reduce((s, v) => s + v, 0);
    const at = [a];
    for (const v of w) at.push(at[at.length - 1]! + ((b - a) * v) / sum);
    at[k] = b;
    return at;
  };
  const ys = cuts(cell.y0, cell.y1, bands);
  for (let b = 0; b < bands; b++) {
    const k = Math.ceil(left / (bands - b));
    left -= k;
    const xs = cuts(cell.x0, cell.x1, k);
    for (let i = 0; i < k; i++) out.push({ x0: xs[i]!, y0: ys[b]!, x1: xs[i + 1]!, y1: ys[b + 1]! });
  }
  return out;
}

/** A rectangle's outline through every break on its edges, counter-clockwise on the map (north up). */
function outline(r: Rect, xBreaks: number[], yBreaks: number[], bend: (x: number, y: number) => [number, number]): BoundaryGeometry {
  // A grid corner that falls on a sampling step would repeat a point (a zero-length edge turf calls a kink).
  const unique = (list: number[]) => [...new Map(list.map((v) => [Math.round(v * 1e9), v])).values()];
  const between = (list: number[], a: number, b: number) =>
    unique(list.filter((v) => v > Math.min(a, b) + 1e-9 && v < Math.max(a, b) - 1e-9)).sort((u, v) => (a < b ? u - v : v - u));
  const pts: [number, number][] = [];
  // Plan y grows southwards; walking top edge west→east… gives counter-clockwise once y is flipped to latitude.
  const edge = (xa: number, ya: number, xb: number, yb: number) => {
    pts.push([xa, ya]);
    if (ya === yb) for (const x of between(xBreaks, xa, xb)) pts.push([x, ya]);
    else for (const y of between(yBreaks, ya, yb)) pts.push([xa, y]);
  };
  edge(r.x0, r.y1, r.x1, r.y1);
  edge(r.x1, r.y1, r.x1, r.y0);
  edge(r.x1, r.y0, r.x0, r.y0);
  edge(r.x0, r.y0, r.x0, r.y1);
  const ring = pts.map(([x, y]) => bend(x, y));
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

export function generateDemoMap(ctx: ServiceContext, rng: Rng, layout: TownLayout): { boundaries: number; points: number } {
  const bend = bender(rng);
  const villages = layout.villages;
  const cols = Math.max(1, Math.ceil(Math.sqrt(villages.length * 1.2)));
  const gridRects = new Map<number, Rect>();
  let boundaries = 0;
  villages.forEach((v, i) => {
    const cell: Rect = { x0: i % cols, y0: Math.floor(i / cols), x1: (i % cols) + 1, y1: Math.floor(i / cols) + 1 };
    const rects = v.grids.length ? split(rng, cell, v.grids.length) : [];
    const global = (a: number, b: number) => Array.from({ length: Math.round((b - a) / STEP) + 1 }, (_, k) => a + k * STEP);
    const xBreaks = [...global(cell.x0, cell.x1), ...rects.flatMap((r) => [r.x0, r.x1])];
    const yBreaks = [...global(cell.y0, cell.y1), ...rects.flatMap((r) => [r.y0, r.y1])];
    storeBoundary(ctx, 'village', v.id, outline(cell, xBreaks, yBreaks, bend), '演示数据');
    boundaries++;
    v.grids.forEach((g, k) => {
      const r = rects[k]!;
      gridRects.set(g.id, r);
      storeBoundary(ctx, 'grid', g.id, outline(r, xBreaks, yBreaks, bend), '演示数据');
      boundaries++;
    });
  });

  // Each household at a random spot well inside its grid (8% margin: the outline's chords never reach it).
  const h = household;
  const column = (c: { name: string }) => sql.identifier(c.name);
  const update = statement(ctx.ledger.sqlite, compile(sql`update ${h} set ${column(h.lon)} = ?, ${column(h.lat)} = ? where ${column(h.id)} = ?`).sql);
  let points = 0;
  for (const x of rows(ctx.ledger.sqlite, sql<{ id: number; gridId: number | null }>`select ${h.id} as id, ${h.gridId} as gridId from ${h} where ${h.gridId} is not null`)) {
    const r = gridRects.get(x.gridId!);
    if (!r) continue;
    const mx = (r.x1 - r.x0) * 0.08;
    const my = (r.y1 - r.y0) * 0.08;
    const [lon, lat] = bend(r.x0 + mx + rng.next() * (r.x1 - r.x0 - 2 * mx), r.y0 + my + rng.next() * (r.y1 - r.y0 - 2 * my));
    update.run(lon, lat, x.id);
    points++;
  }
  return { boundaries, points };
}
