// 地图: the town's villages and grids drawn offline with maplibre — coloured by a theme with its legend,
// labelled in Chinese with the PC's own fonts (no glyph server), key-group persons as clustered points,
// the local basemap when the town has one; hover, click, search, save as PNG, print; drawing and import.
import { App, Alert, Button, Checkbox, Segmented, Select, Space, Tag } from 'antd';
import { addProtocol, Map as MlMap, Marker, prewarm, setWorkerUrl, type GeoJSONSource, type LayerSpecification, type MapLayerMouseEvent, type SourceSpecification, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BasemapInfo, BasemapState } from '../../../shared/contract/basemap';
import type { KeyGroupKind, KeyGroupPoint, MapLayers, MapTheme, MapWarning } from '../../../shared/contract/map';
import { MAP_THEMES, mapThemeLabels } from '../../../shared/contract/map';
import type { Town } from '../../../shared/contract/town';
import { ApiError, call, errorMessage } from '../api';
import { useCan } from '../auth/can';
import { useHashParams } from '../components/ledger/common';
import { usePrint } from '../components/listTools';
import { navigate } from '../useRoute';
import { DrawPanel } from './map/DrawPanel';
import { ImportBoundariesDialog } from './map/ImportBoundariesDialog';
import { BACKGROUND, areaCollection, bboxOf, figureLines, labelCollection, themeClasses, type Area, type ThemeClass } from './map/themes';

// The worker is bundled by vite as a file of our own origin, so the CSP's worker-src 'self' allows it.
setWorkerUrl(workerUrl);
// The worker starts with the app, not when the page first opens (it is the slow part of opening the map).
prewarm();

let transparentTile: Promise<ArrayBuffer> | null = null;
/** A raster tile the file does not have: nothing drawn there (an empty answer would be an error). */
function emptyRaster(): Promise<ArrayBuffer> {
  transparentTile ??= new Promise((resolve) => {
    const c = document.createElement('canvas');
    c.width = c.height = 1;
    c.toBlob((b) => resolve(b ? b.arrayBuffer() : Promise.resolve(new ArrayBuffer(0))), 'image/png');
  });
  return transparentTile;
}

function base64Bytes(data: string): ArrayBuffer {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

// Tiles come from the main process through the typed api: basemap://z/x/y(.raster) — no custom Electron protocol.
addProtocol('basemap', async (params) => {
  const m = /^basemap:\/\/(\d+)\/(\d+)\/(\d+)(\.raster)?/.exec(params.url);
  if (!m) throw new Error('bad basemap url');
  const r = await call('basemap.tile', { z: Number(m[1]), x: Number(m[2]), y: Number(m[3]) });
  if (r.data) return { data: base64Bytes(r.data) };
  return { data: m[4] ? await emptyRaster() : new ArrayBuffer(0) };
});

const FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";
const TEXT_FONT = ['Microsoft YaHei', 'Noto Sans CJK SC', 'sans-serif'];

export const GROUP_LABELS: Record<KeyGroupKind, string> = { released: '安置帮教', patient: '严重精神障碍', lowIncome: '低保' };
const GROUP_COLORS: Record<KeyGroupKind, string> = { released: '#d4380d', patient: '#531dab', lowIncome: '#08979c' };
const ALL_GROUPS: KeyGroupKind[] = ['released', 'patient', 'lowIncome'];

type Level = 'grid' | 'village';

function basemapLayers(b: BasemapInfo | null): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
  if (!b) return { sources: {}, layers: [] };
  const common = { minzoom: b.minzoom, maxzoom: b.maxzoom, ...(b.bounds ? { bounds: b.bounds } : {}), attribution: b.attribution };
  if (b.tiles === 'raster') {
    return { sources: { basemap: { type: 'raster', tiles: ['basemap://{z}/{x}/{y}.raster'], tileSize: 256, ...common } }, layers: [{ id: 'basemap', type: 'raster', source: 'basemap' }] };
  }
  // A vector basemap carries no style: each of its layers drawn plainly, areas faint and lines grey.
  const layers: LayerSpecification[] = [];
  for (const layer of b.vectorLayers) {
    layers.push({ id: `bm-fill-${layer}`, type: 'fill', source: 'basemap', 'source-layer': layer, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#dfe5ea', 'fill-opacity': 0.6 } });
    layers.push({ id: `bm-line-${layer}`, type: 'line', source: 'basemap', 'source-layer': layer, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#b0b8c0', 'line-width': 0.8 } });
  }
  return { sources: { basemap: { type: 'vector', tiles: ['basemap://{z}/{x}/{y}'], ...common } }, layers };
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function baseStyle(b: BasemapInfo | null): StyleSpecification {
  const bm = basemapLayers(b);
  const fillOpacity = b ? 0.55 : 1;
  return {
    version: 8,
    // No glyphs URL: maplibre draws every label with the PC's fonts (localIdeographFontFamily and text-font).
    sources: {
      ...bm.sources,
      villages: { type: 'geojson', data: EMPTY, promoteId: 'fid' },
      grids: { type: 'geojson', data: EMPTY, promoteId: 'fid' },
      'grid-labels': { type: 'geojson', data: EMPTY },
      'village-labels': { type: 'geojson', data: EMPTY },
      problems: { type: 'geojson', data: EMPTY },
      keygroup: { type: 'geojson', data: EMPTY, cluster: true, clusterMaxZoom: 15, clusterRadius: 36 },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } },
      ...bm.layers,
      // No antialiased fill edge (the line layers draw the borders): one shader fewer to compile when the map is made.
      { id: 'village-fill', type: 'fill', source: 'villages', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': fillOpacity, 'fill-antialias': false } },
      { id: 'grid-fill', type: 'fill', source: 'grids', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': fillOpacity, 'fill-antialias': false } },
      { id: 'grid-line', type: 'line', source: 'grids', paint: { 'line-color': ['case', ['boolean', ['feature-state', 'hover'], false], '#1677ff', '#6b7785'], 'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 3, 1] } },
      { id: 'village-line', type: 'line', source: 'villages', paint: { 'line-color': ['case', ['boolean', ['feature-state', 'hover'], false], '#1677ff', '#2b3440'], 'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 3.5, 2.2] } },
      { id: 'problem-fill', type: 'fill', source: 'problems', paint: { 'fill-color': '#ff0000', 'fill-opacity': 0.45, 'fill-antialias': false } },
      { id: 'problem-line', type: 'line', source: 'problems', paint: { 'line-color': '#cf1322', 'line-width': 2, 'line-dasharray': [2, 1] } },
      {
        id: 'grid-label',
        type: 'symbol',
        source: 'grid-labels',
        // Below the village's name when they share a centre (a village of one grid), else where there is room.
        layout: { 'text-field': ['get', 'name'], 'text-font': TEXT_FONT, 'text-size': 12, 'text-variable-anchor': ['top', 'bottom', 'left', 'right'], 'text-radial-offset': 0.8 },
        paint: { 'text-color': '#1f2d3d', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
      {
        id: 'village-label',
        type: 'symbol',
        source: 'village-labels',
        layout: { 'text-field': ['get', 'name'], 'text-font': TEXT_FONT, 'text-size': 15, 'text-allow-overlap': true },
        paint: { 'text-color': '#111111', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
      },
      { id: 'kg-cluster', type: 'circle', source: 'keygroup', filter: ['has', 'point_count'], paint: { 'circle-color': '#fa541c', 'circle-opacity': 0.85, 'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 22], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
      { id: 'kg-count', type: 'symbol', source: 'keygroup', filter: ['has', 'point_count'], layout: { 'text-field': ['to-string', ['get', 'point_count']], 'text-font': TEXT_FONT, 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true }, paint: { 'text-color': '#ffffff' } },
      {
        id: 'kg-point',
        type: 'circle',
        source: 'keygroup',
        filter: ['!', ['has', 'point_count']],
        paint: { 'circle-color': ['match', ['get', 'group'], 'released', GROUP_COLORS.released, 'patient', GROUP_COLORS.patient, GROUP_COLORS.lowIncome], 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
      },
    ],
  };
}

interface Hover {
  x: number;
  y: number;
  area: Area;
}

export interface MapHandle {
  map: MlMap;
  /** The drawn areas by kind and id (the draw panel and the search). */
  areas: Area[];
}

/**
 * The map outlives its page: one maplibre map (and its WebGL context) for the app's session, its element moved into
 * the page each time the page opens. Making a map again costs its shaders' compilation, most of a second on a PC
 * whose WebGL runs in software. A different basemap makes a new one.
 */
interface KeptMap {
  key: string;
  map: MlMap;
  holder: HTMLDivElement;
  loaded: boolean;
}
let kept: KeptMap | null = null;

function makeKeptMap(holder: HTMLDivElement, basemap: BasemapInfo | null, known: MapLayers | null): KeptMap {
  const box = (known ? bboxOf([...known.villages.map((v) => v.geometry), ...known.grids.map((g) => g.geometry)]) : null) ?? basemap?.bounds ?? [73.5, 18, 135, 53.5];
  const map = new MlMap({
    container: holder,
    style: baseStyle(basemap),
    bounds: box,
    fitBoundsOptions: { padding: 40 },
    maxZoom: 19,
    localIdeographFontFamily: FONT,
    attributionControl: { compact: false, customAttribution: basemap ? `底图：${basemap.attribution || basemap.fileName}` : '无底图' },
    // Kept so the view can be saved and printed as it is on screen.
    canvasContextAttributes: { preserveDrawingBuffer: true },
    // Labels appear at once: no 300 ms fade (nor the frames it draws) before the map stands still.
    fadeDuration: 0,
    dragRotate: false,
    pitchWithRotate: false,
  });
  const made: KeptMap = { key: JSON.stringify(basemap), map, holder, loaded: false };
  map.once('load', () => (made.loaded = true));
  return made;
}

const PAGE_HOLDER = 'width:100%;height:100%';
let warming = false;

/**
 * Makes the kept map before its page first opens, while the app is idle (the shell calls this a moment after
 * its first page is shown): off-screen, it draws the town once with the page's default theme, so the shaders are
 * compiled and the labels' glyphs drawn before anyone clicks 地图 — the first opening then costs what a reopening
 * does. Only grids and villages: no key-group person is read here. A caller who may not see the map gets none.
 */
export async function warmMap(): Promise<void> {
  if (kept || warming) return;
  warming = true;
  const w = window as unknown as { __ledgerMap?: MlMap; __ledgerMapWarm?: string };
  w.__ledgerMapWarm = 'warming';
  try {
    const [bm, layers] = await Promise.all([call('basemap.get', {}), call('map.layers', {})]);
    if (kept) return; // the page opened meanwhile and made its own
    // A town with no boundaries and no basemap has nothing to draw: its map is quick to make when it opens.
    if (!bm.basemap && !layers.grids.some((g) => g.geometry) && !layers.villages.some((v) => v.geometry)) return;
    const holder = document.createElement('div');
    const { innerWidth: width, innerHeight: height } = window;
    holder.style.cssText = `position:fixed;left:${-width - 100}px;top:0;width:${width}px;height:${height}px;visibility:hidden;pointer-events:none`;
    holder.setAttribute('aria-hidden', 'true');
    document.body.appendChild(holder);
    const made = makeKeptMap(holder, bm.basemap, layers);
    kept = made;
    const { map } = made;
    // The e2e specs know the warmed map again when the page opens (see __ledgerMap below).
    w.__ledgerMap = map;
    await new Promise<void>((resolve) => (made.loaded ? resolve() : map.once('load', () => resolve())));
    if (holder.parentElement !== document.body) return; // already moved into the page, which fills it
    const grids: Area[] = layers.grids.map((g) => ({ ...g, kind: 'grid' as const, villageName: '' }));
    const villages: Area[] = layers.villages.map((v) => ({ ...v, kind: 'village' as const }));
    const theme: MapTheme = 'households';
    (map.getSource('grids') as GeoJSONSource).setData(areaCollection(grids, theme, themeClasses(theme, grids.filter((a) => a.geometry).map((a) => a.figures[theme]))));
    (map.getSource('villages') as GeoJSONSource).setData(areaCollection(villages, theme, themeClasses(theme, [])));
    (map.getSource('grid-labels') as GeoJSONSource).setData(labelCollection(grids));
    (map.getSource('village-labels') as GeoJSONSource).setData(labelCollection(villages));
    map.setLayoutProperty('village-fill', 'visibility', 'none');
    // Made-up points (no person's), so the circle and cluster shaders are ready for the first group ticked.
    const b = map.getBounds();
    const at = (fx: number, fy: number): [number, number] => [b.getWest() + (b.getEast() - b.getWest()) * fx, b.getSouth() + (b.getNorth() - b.getSouth()) * fy];
    (map.getSource('keygroup') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: [at(0.5, 0.5), at(0.5001, 0.5001), at(0.1, 0.1)].map((coordinates) => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { group: 'released', entryId: 0, name: '' } })),
    });
    await new Promise<void>((resolve) => map.once('idle', () => resolve()));
    (map.getSource('keygroup') as GeoJSONSource).setData(EMPTY);
    await new Promise<void>((resolve) => map.once('idle', () => resolve()));
    if (holder.parentElement === document.body) holder.remove();
    w.__ledgerMapWarm = 'done';
  } catch (err) {
    // Not allowed, or no town yet: the page makes its map when it opens, as before.
    w.__ledgerMapWarm = `skipped: ${String(err)}`;
  } finally {
    warming = false;
  }
}

export function MapPage({ town }: { town: Town }) {
  const { message } = App.useApp();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [ready, setReady] = useState(false);
  const [layers, setLayers] = useState<MapLayers | null>(null);
  const [basemap, setBasemap] = useState<BasemapState | null>(null);
  const [points, setPoints] = useState<{ points: KeyGroupPoint[]; withoutPoint: number } | null | 'hidden'>(null);
  // None shown at first: the theme's colours and the names stay readable; each group is ticked in the legend.
  const [groups, setGroups] = useState<KeyGroupKind[]>([]);
  const [theme, setTheme] = useState<MapTheme>('households');
  const [level, setLevel] = useState<Level>('grid');
  const [hover, setHover] = useState<Hover | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<MapWarning[] | null>(null);
  const [importing, setImporting] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [printImage, setPrintImage] = useState<string | null>(null);
  const { printing, print } = usePrint();
  // Write controls only for a caller the channels' declared roles admit (the core refuses the others anyway).
  const can = useCan();
  const may = { import: can('map.import.run'), draw: can('map.setBoundary'), split: can('map.split.save'), pick: can('household.setPoint') };
  // #/map?pickHousehold=N (from a household's page): the next click on the map is that household's point.
  const params = useHashParams();
  const pickId = Number(params.get('pickHousehold')) || null;
  const [picking, setPicking] = useState<{ id: number; label: string } | null>(null);
  useEffect(() => {
    if (!pickId || !may.pick) return setPicking(null);
    call('household.get', { id: pickId })
      .then((h) => setPicking({ id: h.id, label: `户 ${h.number}${h.address ? `（${h.address}）` : ''}` }))
      .catch((err) => message.error(errorMessage(err)));
  }, [pickId, may.pick, message]);

  const reload = useCallback(() => {
    call('map.layers', {})
      .then((l) => {
        setLayers(l);
        setLoadError(null);
      })
      .catch((err) => setLoadError(errorMessage(err)));
  }, []);

  // Key-group persons are read (and the view audited) only once a group is ticked, not at every opening.
  const pointsAsked = useRef(false);
  const loadPoints = useCallback(() => {
    pointsAsked.current = true;
    call('map.points', {})
      .then(setPoints)
      // A caller who may not see key-group persons gets no layer (the core decides, by role and scope).
      .catch((err) => {
        setPoints(err instanceof ApiError && (err.info.code === 'FORBIDDEN' || err.info.code === 'UNAUTHENTICATED') ? 'hidden' : null);
        message.error(errorMessage(err));
      });
  }, [message]);
  useEffect(() => {
    if (groups.length && !pointsAsked.current) loadPoints();
  }, [groups, loadPoints]);

  useEffect(() => {
    // The basemap first: it is small, and the map is made as soon as it is known (the core answers in order).
    call('basemap.get', {}).then(setBasemap, () => setBasemap({ basemap: null, problem: null, storedPath: null }));
    reload();
  }, [reload]);

  const villageNames = useMemo(() => new Map((layers?.villages ?? []).map((v) => [v.id, v.name])), [layers]);
  const areas: Area[] = useMemo(
    () => [
      ...(layers?.villages ?? []).map((v) => ({ ...v, kind: 'village' as const })),
      ...(layers?.grids ?? []).map((g) => ({ ...g, kind: 'grid' as const, villageName: villageNames.get(g.villageId) ?? '' })),
    ],
    [layers, villageNames],
  );
  const shown = useMemo(() => areas.filter((a) => a.kind === level), [areas, level]);
  const classes: ThemeClass[] = useMemo(() => themeClasses(theme, shown.filter((a) => a.geometry).map((a) => a.figures[theme])), [theme, shown]);
  const missing = shown.filter((a) => !a.geometry);

  // The map itself: made as soon as the basemap choice is known, while map.layers is still being answered (the
  // map's WebGL and style set up beside the core's work, not after it); the view moves to the boundaries when
  // they arrive (below), or starts on them when they came first. Kept when the page closes (see `kept`), so
  // opening the map again reuses its WebGL context, compiled shaders and worker tiles.
  const layersRef = useRef(layers);
  layersRef.current = layers;
  useEffect(() => {
    if (!container.current || !basemap || mapRef.current) return;
    const key = JSON.stringify(basemap.basemap);
    if (kept && kept.key !== key) {
      kept.map.remove();
      kept = null;
    }
    if (!kept) {
      const holder = document.createElement('div');
      holder.style.cssText = PAGE_HOLDER;
      container.current.appendChild(holder);
      kept = makeKeptMap(holder, basemap.basemap, layersRef.current);
    } else {
      // The map made for an earlier opening, or warmed up off-screen (warmMap).
      kept.holder.style.cssText = PAGE_HOLDER;
      kept.holder.removeAttribute('aria-hidden');
      container.current.appendChild(kept.holder);
      kept.map.resize();
    }
    const { map } = kept;
    mapRef.current = map;
    // The e2e specs read the map's projection from here to sample pixels at a grid's centre.
    (window as unknown as { __ledgerMap?: MlMap }).__ledgerMap = map;
    const onLoad = () => setReady(true);
    if (kept.loaded) setReady(true);
    else map.once('load', onLoad);
    return () => {
      map.off('load', onLoad);
      // Nobody's name stays in the kept map while the page is closed: the points and warnings go with it.
      (map.getSource('keygroup') as GeoJSONSource | undefined)?.setData(EMPTY);
      (map.getSource('problems') as GeoJSONSource | undefined)?.setData(EMPTY);
      kept?.holder.remove();
      mapRef.current = null;
      setReady(false);
    };
  }, [basemap !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  // Theme, level and data: new colours in place.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('grids') as GeoJSONSource).setData(areaCollection(areas.filter((a) => a.kind === 'grid'), theme, level === 'grid' ? classes : themeClasses(theme, [])));
    (map.getSource('villages') as GeoJSONSource).setData(areaCollection(areas.filter((a) => a.kind === 'village'), theme, level === 'village' ? classes : themeClasses(theme, [])));
    (map.getSource('grid-labels') as GeoJSONSource).setData(labelCollection(areas.filter((a) => a.kind === 'grid')));
    (map.getSource('village-labels') as GeoJSONSource).setData(labelCollection(areas.filter((a) => a.kind === 'village')));
    map.setLayoutProperty('grid-fill', 'visibility', level === 'grid' ? 'visible' : 'none');
    map.setLayoutProperty('village-fill', 'visibility', level === 'village' ? 'visible' : 'none');
    map.setLayoutProperty('grid-label', 'visibility', level === 'grid' ? 'visible' : 'none');
  }, [ready, areas, theme, level, classes]);

  // Boundaries arrived where there were none (the first import or drawing): the view moves to them.
  const framed = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const box = bboxOf(areas.map((a) => a.geometry));
    if (!box) return;
    if (framed.current) return;
    framed.current = true;
    const b = map.getBounds();
    const inside = b.getWest() <= box[0] && b.getEast() >= box[2] && b.getSouth() <= box[1] && b.getNorth() >= box[3];
    if (!inside || b.getEast() - b.getWest() > 20 * (box[2] - box[0] + 0.001)) map.fitBounds(box, { padding: 40, duration: 0 });
  }, [ready, areas]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const list = points && points !== 'hidden' ? points.points.filter((p) => groups.includes(p.group)) : [];
    (map.getSource('keygroup') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: list.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { group: p.group, entryId: p.entryId, name: p.name } })),
    });
  }, [ready, points, groups]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const features = (warnings ?? []).filter((w) => w.geometry).map((w) => ({ type: 'Feature' as const, geometry: w.geometry as GeoJSON.Geometry, properties: { kind: w.kind } }));
    (map.getSource('problems') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
  }, [ready, warnings]);

  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  // Hover and click on areas and points.
  const areasRef = useRef(areas);
  areasRef.current = areas;
  const drawingRef = useRef(drawing);
  drawingRef.current = drawing || picking !== null;
  const pickingRef = useRef(picking);
  pickingRef.current = picking;
  const marker = useRef<Marker | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    let hovered: { source: string; id: number } | null = null;
    const clear = () => {
      if (hovered) map.setFeatureState(hovered, { hover: false });
      hovered = null;
      setHover(null);
    };
    const onMove = (e: MapLayerMouseEvent) => {
      if (drawingRef.current) return clear();
      const f = e.features?.[0];
      if (!f) return clear();
      const kind = f.properties.kind as 'grid' | 'village';
      const id = Number(f.properties.fid);
      const area = areasRef.current.find((a) => a.kind === kind && a.id === id);
      if (!area) return clear();
      const source = kind === 'grid' ? 'grids' : 'villages';
      if (!hovered || hovered.id !== id || hovered.source !== source) {
        if (hovered) map.setFeatureState(hovered, { hover: false });
        hovered = { source, id };
        map.setFeatureState(hovered, { hover: true });
      }
      map.getCanvas().style.cursor = 'pointer';
      setHover({ x: e.point.x, y: e.point.y, area });
    };
    const onLeave = () => {
      map.getCanvas().style.cursor = '';
      clear();
    };
    const onClick = (e: MapLayerMouseEvent) => {
      if (drawingRef.current) return;
      // A point above an area wins.
      if (map.queryRenderedFeatures(e.point, { layers: ['kg-point', 'kg-cluster'] }).length) return;
      const f = e.features?.[0];
      if (!f) return;
      navigate(f.properties.kind === 'grid' ? `grids?grid=${f.properties.fid}` : `grids?village=${f.properties.fid}`);
    };
    const onPoint = (e: MapLayerMouseEvent) => {
      if (drawingRef.current) return;
      const f = e.features?.[0];
      if (f) navigate(`${f.properties.group}?id=${f.properties.entryId}`);
    };
    const onCluster = async (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      if (!f || f.geometry.type !== 'Point') return;
      const zoom = await (map.getSource('keygroup') as GeoJSONSource).getClusterExpansionZoom(Number(f.properties.cluster_id));
      map.easeTo({ center: f.geometry.coordinates as [number, number], zoom });
    };
    const onPick = async (e: MapLayerMouseEvent) => {
      const target = pickingRef.current;
      if (!target) return;
      const point = { lon: Math.round(e.lngLat.lng * 1e7) / 1e7, lat: Math.round(e.lngLat.lat * 1e7) / 1e7 };
      try {
        await call('household.setPoint', { householdId: target.id, point });
        marker.current?.remove();
        marker.current = new Marker({ color: '#1677ff' }).setLngLat([point.lon, point.lat]).addTo(map);
        message.success(`已设置${target.label}的位置：${point.lon.toFixed(6)}，${point.lat.toFixed(6)}`);
        reloadRef.current();
      } catch (err) {
        message.error(errorMessage(err));
      }
    };
    map.on('click', onPick);
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const unpointer = () => (map.getCanvas().style.cursor = '');
    for (const layer of ['grid-fill', 'village-fill']) {
      map.on('mousemove', layer, onMove);
      map.on('mouseleave', layer, onLeave);
      map.on('click', layer, onClick);
    }
    map.on('click', 'kg-point', onPoint);
    map.on('click', 'kg-cluster', onCluster);
    map.on('mouseenter', 'kg-point', pointer);
    map.on('mouseleave', 'kg-point', unpointer);
    return () => {
      // The kept map shows no hover or pick marker when the page opens again.
      if (hovered) map.setFeatureState(hovered, { hover: false });
      map.getCanvas().style.cursor = '';
      marker.current?.remove();
      marker.current = null;
      for (const layer of ['grid-fill', 'village-fill']) {
        map.off('mousemove', layer, onMove);
        map.off('mouseleave', layer, onLeave);
        map.off('click', layer, onClick);
      }
      map.off('click', onPick);
      map.off('click', 'kg-point', onPoint);
      map.off('click', 'kg-cluster', onCluster);
      map.off('mouseenter', 'kg-point', pointer);
      map.off('mouseleave', 'kg-point', unpointer);
    };
  }, [ready, message]);

  const flyTo = (key: string) => {
    const [kind, id] = key.split(':');
    const area = areas.find((a) => a.kind === kind && a.id === Number(id));
    if (!area) return;
    if (!area.geometry) {
      message.warning(`「${area.name}」还没有边界，请先导入或绘制`);
      return;
    }
    const box = bboxOf([area.geometry])!;
    if (kind !== level) setLevel(kind as Level);
    mapRef.current?.fitBounds(box, { padding: 80, duration: 700, maxZoom: 17 });
  };

  const viewPng = (): string | null => mapRef.current?.getCanvas().toDataURL('image/png') ?? null;

  const savePng = async () => {
    const data = viewPng();
    if (!data) return;
    const path = await window.api.pickSaveFile(`${town.name}网格地图.png`, [{ name: 'PNG 图片', extensions: ['png'] }]);
    if (!path) return;
    try {
      const r = await call('mapView.export', { path, png: data.slice(data.indexOf(',') + 1) });
      message.success(`地图图片已保存：${r.path}`);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const printMap = () => {
    setPrintImage(viewPng());
    void print();
  };

  const runCheck = async () => {
    try {
      const r = await call('map.check', {});
      setWarnings(r.warnings);
      // The boundaries as checked (changed elsewhere since the page opened, e.g. by an import in another window).
      reload();
      if (!r.warnings.length) message.success('边界检查通过：没有发现问题');
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const searchOptions = useMemo(
    () => [
      { label: '村/社区', options: areas.filter((a) => a.kind === 'village').map((a) => ({ value: `village:${a.id}`, label: a.name })) },
      { label: '网格', options: areas.filter((a): a is Area & { kind: 'grid' } => a.kind === 'grid').map((a) => ({ value: `grid:${a.id}`, label: `${a.villageName} · ${a.name}` })) },
    ],
    [areas],
  );
  const pointCount = points && points !== 'hidden' ? points.points.filter((p) => groups.includes(p.group)).length : 0;
  const themeTitle = `${level === 'grid' ? '网格' : '村/社区'} · ${mapThemeLabels[theme]}`;

  return (
    <div data-testid="map-page" className="map-page">
      <div className="page-head no-print" style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 8 }}>
        <h1 className="page-title" style={{ margin: 0 }}>
          地图
        </h1>
        <Segmented<Level> value={level} onChange={setLevel} options={[{ value: 'grid', label: '按网格' }, { value: 'village', label: '按村/社区' }]} data-testid="map-level" />
        <Select<MapTheme>
          value={theme}
          onChange={setTheme}
          style={{ width: 180 }}
          options={MAP_THEMES.map((t) => ({ value: t, label: mapThemeLabels[t] }))}
          data-testid="map-theme"
          aria-label="专题"
        />
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="搜索村/社区或网格"
          style={{ width: 240 }}
          options={searchOptions}
          value={null}
          onSelect={(v: string | null) => v && flyTo(v)}
          data-testid="map-search"
        />
        <Space wrap>
          <Button onClick={savePng} disabled={!ready} data-testid="map-save-png">
            保存图片
          </Button>
          <Button onClick={printMap} disabled={!ready} data-testid="map-print">
            打印
          </Button>
          {may.import ? (
            <Button onClick={() => setImporting(true)} data-testid="map-import">
              导入边界
            </Button>
          ) : null}
          {may.draw || may.split ? (
            <Button onClick={() => setDrawing(true)} disabled={!ready || drawing} data-testid="map-draw">
              {may.draw ? '绘制边界' : '划线分割'}
            </Button>
          ) : null}
          <Button onClick={runCheck} data-testid="map-check">
            检查边界
          </Button>
        </Space>
      </div>
      {picking ? (
        <Alert
          type="info"
          showIcon
          className="no-print"
          style={{ marginBottom: 8 }}
          data-testid="map-picking"
          title={`请在地图上点击${picking.label}的位置（可多次点击修改）`}
          action={
            <Button size="small" onClick={() => navigate('people')} data-testid="map-picking-done">
              完成
            </Button>
          }
        />
      ) : null}
      {loadError ? <Alert type="error" showIcon title={`无法读取地图数据：${loadError}`} style={{ marginBottom: 8 }} /> : null}
      {basemap?.problem ? <Alert type="warning" showIcon title={basemap.problem} style={{ marginBottom: 8 }} data-testid="basemap-problem" /> : null}
      {layers && missing.length ? (
        <Alert
          type="info"
          showIcon
          className="no-print"
          style={{ marginBottom: 8 }}
          data-testid="map-missing"
          title={`${missing.length} 个${level === 'grid' ? '网格' : '村/社区'}还没有边界：${missing.slice(0, 8).map((a) => a.name).join('、')}${missing.length > 8 ? ' 等' : ''}。${may.import && may.draw ? '可「导入边界」或「绘制边界」。' : may.draw ? '可「绘制边界」。' : '请管理员或工作人员导入或绘制边界。'}`}
        />
      ) : null}
      {warnings?.length ? (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setWarnings(null) }}
          style={{ marginBottom: 8 }}
          data-testid="map-warnings"
          title={`边界检查发现 ${warnings.length} 个问题（地图上红色部分）`}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {warnings.slice(0, 20).map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <div className="map-frame no-print" style={{ position: 'relative' }}>
        <div ref={container} className="map-canvas" data-testid="map-canvas" data-ready={ready ? '1' : '0'} style={{ height: 'calc(100vh - 210px)', minHeight: 420, borderRadius: 6, overflow: 'hidden', border: '1px solid #d9d9d9' }} />
        <div className="map-legend" data-testid="map-legend" style={{ position: 'absolute', left: 12, bottom: 28, background: 'rgba(255,255,255,0.94)', padding: '8px 12px', borderRadius: 6, boxShadow: '0 1px 4px rgba(0,0,0,0.2)', fontSize: 12, minWidth: 150 }}>
          <div style={{ fontWeight: 600, marginBottom: 4 }}>{themeTitle}</div>
          {classes.map((c) => (
            <div key={c.color} style={{ display: 'flex', alignItems: 'center', gap: 6, lineHeight: '20px' }}>
              <span style={{ display: 'inline-block', width: 18, height: 12, background: c.color, border: '1px solid #bbb' }} />
              <span>{c.label}</span>
            </div>
          ))}
          {points !== 'hidden' ? (
            <div className="no-print" style={{ marginTop: 6, borderTop: '1px solid #eee', paddingTop: 6 }}>
              <div style={{ fontWeight: 600 }}>
                重点人员
                {points ? `（${points.points.length} 人${points.withoutPoint ? `，${points.withoutPoint} 人未定位` : ''}）${groups.length ? `，显示 ${pointCount} 人` : ''}` : groups.length ? '（读取中…）' : '（勾选后显示）'}
              </div>
              <Checkbox.Group value={groups} onChange={(v) => setGroups(v as KeyGroupKind[])} data-testid="map-groups" style={{ display: 'flex', flexDirection: 'column' }}>
                {ALL_GROUPS.map((g) => (
                  <Checkbox key={g} value={g}>
                    <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: GROUP_COLORS[g], marginRight: 4 }} />
                    {GROUP_LABELS[g]}
                  </Checkbox>
                ))}
              </Checkbox.Group>
            </div>
          ) : null}
          {basemap?.basemap ? (
            <div style={{ marginTop: 6, color: '#666' }} data-testid="map-basemap-name">
              底图：{basemap.basemap.name || basemap.basemap.fileName}
            </div>
          ) : null}
        </div>
        {hover ? (
          <div className="map-hover" data-testid="map-hover" style={{ position: 'absolute', left: hover.x + 14, top: hover.y + 14, background: '#fff', padding: '6px 10px', borderRadius: 4, boxShadow: '0 2px 8px rgba(0,0,0,0.25)', fontSize: 12, pointerEvents: 'none', zIndex: 5 }}>
            <div style={{ fontWeight: 600, marginBottom: 2 }}>
              {hover.area.kind === 'grid' ? `${hover.area.villageName} · ${hover.area.name}` : hover.area.name}
              <Tag style={{ marginLeft: 6 }}>{hover.area.kind === 'grid' ? '网格' : '村/社区'}</Tag>
            </div>
            {figureLines(hover.area.figures).map(([k, v]) => (
              <div key={k}>
                {k}：{v}
              </div>
            ))}
            <div style={{ color: '#888', marginTop: 2 }}>点击查看</div>
          </div>
        ) : null}
        {drawing && mapRef.current ? (
          <DrawPanel
            map={mapRef.current}
            areas={areas}
            may={{ draw: may.draw, split: may.split }}
            onClose={() => setDrawing(false)}
            onSaved={(w) => {
              setWarnings(w.length ? w : null);
              reload();
            }}
          />
        ) : null}
      </div>
      {printing && printImage ? (
        <div className="print-only" data-testid="map-print-sheet">
          <h2 style={{ textAlign: 'center' }}>{town.name}网格地图（{themeTitle}）</h2>
          <img src={printImage} style={{ width: '100%' }} alt="地图" />
          <div style={{ marginTop: 8 }}>
            {classes.map((c) => (
              <span key={c.color} style={{ marginRight: 16 }}>
                <span style={{ display: 'inline-block', width: 18, height: 12, background: c.color, border: '1px solid #888', verticalAlign: 'middle', marginRight: 4 }} />
                {c.label}
              </span>
            ))}
          </div>
        </div>
      ) : null}
      <ImportBoundariesDialog
        open={importing && may.import}
        onClose={() => setImporting(false)}
        onImported={() => {
          setImporting(false);
          reload();
        }}
      />
    </div>
  );
}
