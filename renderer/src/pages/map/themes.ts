// What the map page colours by: class breaks of a theme's figures and the colour of each class, and the
// GeoJSON the map draws. Plain functions, so the legend and the fill always agree.
import { pointOnFeature } from '@turf/turf';
import type { BoundaryGeometry, MapFigures, MapGrid, MapTheme, MapVillage } from '../../../../shared/contract/map';

/** No value (0): grey; then four classes, light to dark. */
export const ZERO_COLOR = '#eeeeee';
export const THEME_COLORS: Record<MapTheme, readonly [string, string, string, string]> = {
  households: ['#c6dbef', '#6baed6', '#2171b5', '#08306b'],
  residents: ['#c7e9c0', '#74c476', '#238b45', '#00441b'],
  keyGroupPer1000: ['#fdd0a2', '#fd8d3c', '#d94801', '#7f2704'],
  overdue: ['#fcbba1', '#fb6a4a', '#cb181d', '#67000d'],
  staffingGap: ['#dadaeb', '#9e9ac8', '#6a51a3', '#3f007d'],
};
export const BACKGROUND = '#f4f6f8';

export interface ThemeClass {
  color: string;
  /** Inclusive bounds of the class. */
  from: number;
  to: number;
  label: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * Equal steps from the smallest value above 0 to the largest, so one glance compares grids. Counts keep
 * whole-number classes (2, 3 – 4 …), never "2.8 – 3.5" households.
 */
export function themeClasses(theme: MapTheme, values: number[]): ThemeClass[] {
  const positive = values.filter((v) => v > 0);
  const classes: ThemeClass[] = [{ color: ZERO_COLOR, from: 0, to: 0, label: '0' }];
  if (!positive.length) return classes;
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const colors = THEME_COLORS[theme];
  if (lo === hi) return [...classes, { color: colors[3], from: lo, to: hi, label: fmt(hi) }];
  const whole = positive.every(Number.isInteger);
  const step = (hi - lo) / colors.length;
  let prevTo = -Infinity;
  colors.forEach((color, i) => {
    const rawFrom = lo + step * i;
    const rawTo = i === colors.length - 1 ? hi : lo + step * (i + 1);
    if (whole) {
      const from = Math.max(Math.ceil(rawFrom), prevTo + 1);
      const to = i === colors.length - 1 ? hi : Math.floor(rawTo);
      if (to < from) return;
      prevTo = to;
      classes.push({ color, from, to, label: from === to ? String(from) : `${from} – ${to}` });
    } else {
      classes.push({ color, from: rawFrom, to: rawTo, label: `${fmt(Math.round(rawFrom * 10) / 10)} – ${fmt(Math.round(rawTo * 10) / 10)}` });
    }
  });
  return classes;
}

export function colorOf(classes: ThemeClass[], value: number): string {
  if (!(value > 0)) return ZERO_COLOR; // 0, and a figure that is not a number
  for (const c of classes.slice(1)) if (value <= c.to + 1e-9) return c.color;
  return classes[classes.length - 1]!.color;
}

export type Area = (MapGrid & { kind: 'grid'; villageName: string }) | (MapVillage & { kind: 'village' });

export interface AreaProps {
  fid: number;
  kind: 'grid' | 'village';
  name: string;
  value: number;
  color: string;
}

export function areaCollection(areas: Area[], theme: MapTheme, classes: ThemeClass[]): GeoJSON.FeatureCollection<GeoJSON.Geometry, AreaProps> {
  return {
    type: 'FeatureCollection',
    features: areas
      .filter((a) => a.geometry)
      .map((a) => ({
        type: 'Feature',
        id: a.id,
        geometry: a.geometry as GeoJSON.Geometry,
        properties: { fid: a.id, kind: a.kind, name: a.name, value: a.figures[theme], color: colorOf(classes, a.figures[theme]) },
      })),
  };
}

/** [west, south, east, north] of some geometries, null when there are none. */
export function bboxOf(geoms: (BoundaryGeometry | null)[]): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const g of geoms) {
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const poly of polys) for (const ring of poly) for (const [x, y] of ring) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

export const figureLines = (f: MapFigures): [string, string][] => [
  ['户数', String(f.households)],
  ['人数', String(f.residents)],
  ['重点人员', `${f.keyGroup}（每千人 ${f.keyGroupPer1000}）`],
  ['逾期事项', String(f.overdue)],
  ['1+3 缺配', String(f.staffingGap)],
];

/**
 * One label point per area, inside it. A label placed by the fill source itself would repeat in every
 * tile the polygon crosses.
 */
export function labelCollection(areas: Area[]): GeoJSON.FeatureCollection<GeoJSON.Point, { name: string; kind: string }> {
  return {
    type: 'FeatureCollection',
    features: areas
      .filter((a) => a.geometry)
      .map((a) => {
        const p = pointOnFeature({ type: 'Feature', geometry: a.geometry as GeoJSON.Geometry, properties: {} } as GeoJSON.Feature<GeoJSON.Polygon>);
        return { type: 'Feature', geometry: p.geometry, properties: { name: a.name, kind: a.kind } };
      }),
  };
}
