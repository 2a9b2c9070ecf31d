// Geometry for the map (issue 11): GCJ-02 ↔ WGS-84, cleaning and validating a boundary, and the checks
// between boundaries (a grid outside its village, overlapping grids, a village not covered). Plain Node.
import { turf } from './turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { BoundaryGeometry } from '../../../shared/contract/map';

// ───── GCJ-02 (the 国测局 offset of 高德, 腾讯 and other web maps) ─────
// Our own code, written from the published form of the offset: an ellipsoid (Krasovsky) and two trigonometric
// series in the offset from (105°E, 35°N). The inverse has no closed form; it is found by fixed-point iteration.

const A = 6378245.0;
const EE = 0.006693421622965943;

/** Outside mainland China's rough box the offset is not applied (as the web maps do). */
export function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function offsetLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS-84 → GCJ-02. */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (offsetLon(lon - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** GCJ-02 → WGS-84: iterate w ← w − (gcj(w) − g) until the forward offset lands on g (to ~1 mm). */
export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  let wLon = lon;
  let wLat = lat;
  for (let i = 0; i < 30; i++) {
    const [gLon, gLat] = wgs84ToGcj02(wLon, wLat);
    const dLon = gLon - lon;
    const dLat = gLat - lat;
    wLon -= dLon;
    wLat -= dLat;
    if (Math.abs(dLon) < 1e-9 && Math.abs(dLat) < 1e-9) break;
  }
  return [wLon, wLat];
}

// ───── Cleaning and validating one boundary ─────

export type Ring = [number, number][];
/** A cleaned boundary, or why it cannot be one (Chinese). */
export type Cleaned = { ok: true; geometry: BoundaryGeometry } | { ok: false; reason: string };

const GEOMETRY_WORDS: Record<string, string> = {
  Point: '点', MultiPoint: '多点', LineString: '线', MultiLineString: '多线', GeometryCollection: '几何集合',
};

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/**
 * A GeoJSON geometry from a file or the map made a stored boundary: Z dropped, coordinates rounded to ~1 cm,
 * open rings closed, converted from GCJ-02 when asked; refused when empty, not a polygon, off the globe, too
 * small or self-intersecting.
 */
export function cleanGeometry(input: unknown, opts: { gcj02?: boolean } = {}): Cleaned {
  if (input === null || input === undefined || typeof input !== 'object') return { ok: false, reason: '没有几何图形（边界为空）' };
  const g = input as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    const word = typeof g.type === 'string' ? (GEOMETRY_WORDS[g.type] ?? g.type) : '未知类型';
    return { ok: false, reason: `不是多边形（是${word}），边界应为面（多边形）` };
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return { ok: false, reason: '没有坐标（边界为空）' };
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const out: Ring[][] = [];
  for (const p of polys) {
    if (!Array.isArray(p) || p.length === 0) return { ok: false, reason: '多边形没有坐标（边界为空）' };
    const rings: Ring[] = [];
    for (const r of p as unknown[]) {
      if (!Array.isArray(r)) return { ok: false, reason: '坐标格式不对（每圈应为坐标点的列表）' };
      const ring: Ring = [];
      for (const pt of r as unknown[]) {
        if (!Array.isArray(pt) || typeof pt[0] !== 'number' || typeof pt[1] !== 'number' || !Number.isFinite(pt[0]) || !Number.isFinite(pt[1])) {
          return { ok: false, reason: '坐标格式不对（每个点应为 [经度, 纬度]）' };
        }
        let lon = pt[0];
        let lat = pt[1];
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
          return { ok: false, reason: `坐标 (${lon}, ${lat}) 不是经纬度（可能是投影坐标）：请提供经纬度坐标，或附带 .prj 的 Shapefile` };
        }
        if (opts.gcj02) [lon, lat] = gcj02ToWgs84(lon, lat);
        const next: [number, number] = [round7(lon), round7(lat)];
        const prev = ring[ring.length - 1];
        if (!prev || prev[0] !== next[0] || prev[1] !== next[1]) ring.push(next);
      }
      if (ring.length > 1) {
        const first = ring[0]!;
        const last = ring[ring.length - 1]!;
        if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
      }
      if (ring.length < 4) return { ok: false, reason: '多边形的点太少（至少 3 个不同的点）' };
      rings.push(ring);
    }
    out.push(rings);
  }
  const geometry: BoundaryGeometry = out.length === 1 ? { type: 'Polygon', coordinates: out[0]! } : { type: 'MultiPolygon', coordinates: out };
  // Crossing first: a bow-tie's two halves cancel out to no area.
  const crossing = selfIntersection(geometry);
  if (crossing) return { ok: false, reason: `边界自相交（约在 经度 ${crossing[0].toFixed(6)}、纬度 ${crossing[1].toFixed(6)} 处），请修正后再导入` };
  if (areaOf(geometry) < 1) return { ok: false, reason: '多边形面积为零（点在一条线上或重合）' };
  return { ok: true, geometry };
}

export function toFeature(g: BoundaryGeometry): Feature<Polygon | MultiPolygon> {
  return g.type === 'Polygon' ? turf().polygon(g.coordinates) : turf().multiPolygon(g.coordinates);
}

/** The first point where the boundary crosses itself, or null. */
export function selfIntersection(g: BoundaryGeometry): [number, number] | null {
  try {
    const k = turf().kinks(toFeature(g));
    const p = k.features[0]?.geometry.coordinates;
    return p ? [p[0]!, p[1]!] : null;
  } catch {
    return null;
  }
}

/** Area in square metres. */
export function areaOf(g: BoundaryGeometry | null): number {
  if (!g) return 0;
  try {
    return turf().area(toFeature(g));
  } catch {
    return 0;
  }
}

const asBoundary = (f: Feature<Polygon | MultiPolygon> | null): BoundaryGeometry | null => {
  if (!f) return null;
  const g = f.geometry;
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates as Ring[] } : { type: 'MultiPolygon', coordinates: g.coordinates as Ring[][] };
};

/** a − b, or null when nothing is left (polyclip can throw on degenerate input: treated as nothing). */
export function minus(a: BoundaryGeometry, b: BoundaryGeometry | readonly BoundaryGeometry[]): BoundaryGeometry | null {
  const others = Array.isArray(b) ? b : [b as BoundaryGeometry];
  if (others.length === 0) return a;
  try {
    return asBoundary(turf().difference(turf().featureCollection([toFeature(a), ...others.map(toFeature)])));
  } catch {
    return null;
  }
}

export function overlap(a: BoundaryGeometry, b: BoundaryGeometry): BoundaryGeometry | null {
  const [ax0, ay0, ax1, ay1] = turf().bbox(toFeature(a));
  const [bx0, by0, bx1, by1] = turf().bbox(toFeature(b));
  if (ax1 < bx0 || bx1 < ax0 || ay1 < by0 || by1 < ay0) return null;
  try {
    return asBoundary(turf().intersect(turf().featureCollection([toFeature(a), toFeature(b)])));
  } catch {
    return null;
  }
}

export function unionOf(list: readonly BoundaryGeometry[]): BoundaryGeometry | null {
  if (list.length === 0) return null;
  if (list.length === 1) return list[0]!;
  try {
    return asBoundary(turf().union(turf().featureCollection(list.map(toFeature))));
  } catch {
    return null;
  }
}

/** A rough centre for a label: the middle of the largest ring's bounding box. */
export function labelPoint(g: BoundaryGeometry): [number, number] {
  const [x0, y0, x1, y1] = turf().bbox(toFeature(g));
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}
