// The town's map for the 月度工作报告 (issue 11), drawn without a browser: grid polygons coloured by a theme,
// village outlines and names on top, a legend, as an SVG string pdfmake embeds. Projection: plain
// longitude/latitude with longitude shrunk by cos(latitude) (a town is a few km across; nothing more is needed).
//
// Decisions:
// - Five classes at the quintiles of the grids' values (rounded to readable numbers): one 专属网格 with a handful of
//   residents and one key-group person would otherwise push every other grid into the lightest colour.
// - Only village names are printed: at ~100 grids a town's grid labels would cover the map.
import type { MapLayers, MapTheme } from '../../../shared/contract/map';
import { mapThemeLabels } from '../../../shared/contract/map';

const COLOURS = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#e6550d', '#a63603'] as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Readable class bounds: quintiles of the values, rounded up (1 decimal under 10, whole numbers above), strictly rising. */
function quintileBreaks(values: number[], classes: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const top = sorted[sorted.length - 1] ?? 0;
  const round = (v: number) => (v < 10 ? Math.ceil(v * 10) / 10 : Math.ceil(v));
  const out: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const q = round(sorted[Math.min(sorted.length - 1, Math.ceil((i / classes) * sorted.length) - 1)] ?? 0);
    const prev = out[out.length - 1] ?? -1;
    out.push(i === classes ? Math.max(round(top), prev + (top < 10 ? 0.1 : 1)) : Math.max(q, prev + (q < 10 ? 0.1 : 1)));
  }
  return out.map((v) => Math.round(v * 10) / 10);
}

export interface TownMap {
  svg: string;
  /** Grids drawn and grids without a boundary (said under the map). */
  drawn: number;
  missing: number;
  /** The class upper bounds, for tests and the caption. */
  breaks: number[];
}

export function townMapSvg(layers: MapLayers, theme: MapTheme, opts: { width: number; height: number; font: string }): TownMap | null {
  const grids = layers.grids.filter((g) => g.geometry);
  if (grids.length === 0) return null;
  const polys = (g: NonNullable<MapLayers['grids'][number]['geometry']>) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const item of [...grids, ...layers.villages.filter((v) => v.geometry)]) {
    for (const p of polys(item.geometry!)) for (const [x, y] of p[0]!) {
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  const legendWidth = 120;
  const pad = 8;
  const kx = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const w = Math.max((x1 - x0) * kx, 1e-9);
  const h = Math.max(y1 - y0, 1e-9);
  const scale = Math.min((opts.width - legendWidth - 3 * pad) / w, (opts.height - 2 * pad) / h);
  const ox = pad + (opts.width - legendWidth - 3 * pad - w * scale) / 2;
  const oy = pad + (opts.height - 2 * pad - h * scale) / 2;
  const px = (x: number) => (ox + (x - x0) * kx * scale).toFixed(1);
  const py = (y: number) => (oy + (y1 - y) * scale).toFixed(1);
  const path = (g: NonNullable<MapLayers['grids'][number]['geometry']>) =>
    polys(g).map((rings) => rings.map((r) => `M${r.map(([x, y]) => `${px(x)},${py(y)}`).join('L')}Z`).join('')).join('');

  const values = grids.map((g) => g.figures[theme]);
  const breaks = quintileBreaks(values, COLOURS.length);
  const classOf = (v: number) => {
    const i = breaks.findIndex((b) => v <= b);
    return i < 0 ? COLOURS.length - 1 : i;
  };

  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${opts.width}" height="${opts.height}" viewBox="0 0 ${opts.width} ${opts.height}">`];
  parts.push(`<rect x="0" y="0" width="${opts.width}" height="${opts.height}" fill="#ffffff"/>`);
  for (const g of grids) {
    parts.push(`<path d="${path(g.geometry!)}" fill="${COLOURS[classOf(g.figures[theme])]}" stroke="#777777" stroke-width="0.5" fill-rule="evenodd"/>`);
  }
  for (const v of layers.villages) if (v.geometry) parts.push(`<path d="${path(v.geometry)}" fill="none" stroke="#333333" stroke-width="1.2"/>`);
  for (const v of layers.villages) {
    if (!v.geometry) continue;
    let vx0 = Infinity, vx1 = -Infinity, vy0 = Infinity, vy1 = -Infinity;
    for (const p of polys(v.geometry)) for (const [x, y] of p[0]!) {
      vx0 = Math.min(vx0, x); vx1 = Math.max(vx1, x); vy0 = Math.min(vy0, y); vy1 = Math.max(vy1, y);
    }
    parts.push(`<text x="${px((vx0 + vx1) / 2)}" y="${py((vy0 + vy1) / 2)}" font-family="${opts.font}" font-size="8" text-anchor="middle" fill="#1a1a1a">${esc(v.name)}</text>`);
  }
  const lx = opts.width - legendWidth - pad;
  parts.push(`<text x="${lx}" y="${pad + 10}" font-family="${opts.font}" font-size="9" fill="#111111">${esc(mapThemeLabels[theme])}</text>`);
  const fmt = (v: number) => String(Math.round(v * 10) / 10);
  COLOURS.forEach((c, i) => {
    const y = pad + 20 + i * 16;
    parts.push(`<rect x="${lx}" y="${y}" width="14" height="11" fill="${c}" stroke="#9e9e9e" stroke-width="0.4"/>`);
    const label = i === 0 ? `0 – ${fmt(breaks[0]!)}` : `${fmt(breaks[i - 1]!)} – ${fmt(breaks[i]!)}`;
    parts.push(`<text x="${lx + 20}" y="${y + 9}" font-family="${opts.font}" font-size="8" fill="#111111">${esc(label)}</text>`);
  });
  const yb = pad + 20 + COLOURS.length * 16 + 6;
  parts.push(`<path d="M${lx},${yb + 5}L${lx + 14},${yb + 5}" stroke="#333333" stroke-width="1.2"/>`);
  parts.push(`<text x="${lx + 20}" y="${yb + 8}" font-family="${opts.font}" font-size="8" fill="#111111">村（社区）界</text>`);
  parts.push('</svg>');
  return { svg: parts.join(''), drawn: grids.length, missing: layers.grids.length - grids.length, breaks };
}
