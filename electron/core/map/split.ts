// Splitting a village's or a grid's boundary by a line drawn across it (issue 11: "split a village into grids by
// drawing"). Pure geometry, plain Node: the boundary's rings and the line are noded against each other (every
// crossing inserted into both, as the same coordinates), turf's polygonize builds the faces, and the faces inside
// the boundary are the pieces (intersected with it, so its holes stay holes).
//
// Decisions:
// - The line must start and end outside the boundary (or on it) and must not cross itself: a line ending inside
//   would leave a cut that divides nothing, and a crossing line makes pieces nobody meant.
// - A MultiPolygon's parts the line does not touch are pieces of their own (they are still to be assigned).
// - Pieces under 1 m² are digitising noise (the line grazing a corner) and are dropped.
// - Pieces come largest first, so 第 1 块 is stable for the same line.
import { turf } from './turf';
import type { BoundaryGeometry } from '../../../shared/contract/map';
import { areaOf, cleanGeometry, overlap, toFeature } from './geo';

export type Position = [number, number];
export type SplitResult = { ok: true; pieces: { geometry: BoundaryGeometry; areaM2: number }[] } | { ok: false; reason: string };

const EPS = 1e-12;

/** Where segment a0→a1 meets b0→b1: the parameters along each and the point, or null (parallel ones do not cross). */
function crossing(a0: Position, a1: Position, b0: Position, b1: Position): { ta: number; tb: number } | null {
  const rx = a1[0] - a0[0];
  const ry = a1[1] - a0[1];
  const sx = b1[0] - b0[0];
  const sy = b1[1] - b0[1];
  const den = rx * sy - ry * sx;
  if (Math.abs(den) < EPS * (Math.abs(rx * sy) + Math.abs(ry * sx) + EPS)) return null;
  const qx = b0[0] - a0[0];
  const qy = b0[1] - a0[1];
  const ta = (qx * sy - qy * sx) / den;
  const tb = (qx * ry - qy * rx) / den;
  if (ta < -EPS || ta > 1 + EPS || tb < -EPS || tb > 1 + EPS) return null;
  return { ta: Math.min(1, Math.max(0, ta)), tb: Math.min(1, Math.max(0, tb)) };
}

interface Edge {
  a: Position;
  b: Position;
  /** Points inserted along the edge, by their parameter. */
  cuts: { t: number; p: Position }[];
}

const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];

/** The point at t, snapped to an end when it is one (so the nodes are shared exactly). */
function at(e: Edge, t: number): Position {
  if (t <= 1e-9) return e.a;
  if (t >= 1 - 1e-9) return e.b;
  return [e.a[0] + (e.b[0] - e.a[0]) * t, e.a[1] + (e.b[1] - e.a[1]) * t];
}

function pieces(e: Edge): [Position, Position][] {
  const pts = [e.a, ...e.cuts.sort((x, y) => x.t - y.t).map((c) => c.p), e.b];
  const out: [Position, Position][] = [];
  for (let i = 0; i < pts.length - 1; i++) if (!same(pts[i]!, pts[i + 1]!)) out.push([pts[i]!, pts[i + 1]!]);
  return out;
}

/** Cuts a boundary by a line. `name` is the village's or grid's name for the messages. */
export function splitByLine(target: BoundaryGeometry, rawLine: readonly Position[], name: string): SplitResult {
  const line: Position[] = [];
  for (const p of rawLine) if (!line.length || !same(line[line.length - 1]!, p)) line.push([p[0], p[1]]);
  if (line.length < 2) return { ok: false, reason: '分割线至少要有两个不同的点' };
  const cross = turf().kinks(turf().lineString(line)).features[0]?.geometry.coordinates;
  if (cross) return { ok: false, reason: `分割线自相交（约在 经度 ${cross[0]!.toFixed(6)}、纬度 ${cross[1]!.toFixed(6)} 处）：请画一条不交叉的线` };
  const shape = toFeature(target);
  const inside = (p: Position) => turf().booleanPointInPolygon(turf().point(p), shape, { ignoreBoundary: true });
  if (inside(line[0]!)) return { ok: false, reason: `分割线的起点在「${name}」之内：分割线要从边界外开始，穿过「${name}」，到边界外结束` };
  if (inside(line[line.length - 1]!)) return { ok: false, reason: `分割线的终点在「${name}」之内：分割线要从边界外开始，穿过「${name}」，到边界外结束` };

  const polys = target.type === 'Polygon' ? [target.coordinates] : target.coordinates;
  const ringEdges: Edge[] = [];
  for (const p of polys) for (const r of p) for (let i = 0; i < r.length - 1; i++) ringEdges.push({ a: r[i] as Position, b: r[i + 1] as Position, cuts: [] });
  const cutEdges: Edge[] = [];
  for (let i = 0; i < line.length - 1; i++) cutEdges.push({ a: line[i]!, b: line[i + 1]!, cuts: [] });
  let crossings = 0;
  for (const c of cutEdges) {
    for (const r of ringEdges) {
      const x = crossing(c.a, c.b, r.a, r.b);
      if (!x) continue;
      crossings++;
      // One point for both edges: a ring vertex or a line vertex when it is one, else the computed crossing.
      const onRing = x.tb <= 1e-9 || x.tb >= 1 - 1e-9;
      const p = onRing ? at(r, x.tb) : at(c, x.ta);
      c.cuts.push({ t: x.ta, p });
      r.cuts.push({ t: x.tb, p });
    }
  }
  if (crossings === 0) return { ok: false, reason: `分割线没有穿过「${name}」：请从「${name}」的一侧边界外画到另一侧边界外` };

  const segments = [...ringEdges, ...cutEdges].flatMap(pieces).map((s) => turf().lineString(s));
  let faces;
  try {
    faces = turf().polygonize(turf().featureCollection(segments)).features;
  } catch {
    return { ok: false, reason: `无法按这条线分割「${name}」（边界形状有问题），请先用「检查边界」修正` };
  }
  const out: { geometry: BoundaryGeometry; areaM2: number }[] = [];
  for (const f of faces) {
    const face: BoundaryGeometry = { type: 'Polygon', coordinates: f.geometry.coordinates as Position[][] };
    // Faces outside the boundary (between the line and a concave edge, or a hole) have nothing in common with it.
    const part = overlap(face, target);
    if (!part || areaOf(part) < 1) continue;
    const cleaned = cleanGeometry(part);
    if (!cleaned.ok) continue;
    out.push({ geometry: cleaned.geometry, areaM2: Math.round(areaOf(cleaned.geometry)) });
  }
  if (out.length < 2) return { ok: false, reason: `分割线没有把「${name}」分开：要从「${name}」的一侧边界外画到另一侧边界外` };
  out.sort((x, y) => y.areaM2 - x.areaM2);
  return { ok: true, pieces: out };
}
