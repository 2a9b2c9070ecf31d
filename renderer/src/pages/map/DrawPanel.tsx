// Drawing a boundary on the map (terra-draw): pick the village or grid, draw a new polygon or edit the one
// it has (drag vertices, add one from a midpoint), save through map.setBoundary and show its warnings; or draw
// a line across it (划线分割): the core cuts it (map.split.preview), the pieces are shown numbered on the map,
// each is given to a grid of the village, and map.split.save writes them in one go.
import { App, Button, Select, Space, Typography } from 'antd';
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BoundaryGeometry, MapWarning, SplitPreview } from '../../../../shared/contract/map';
import { call, errorMessage } from '../../api';
import type { Area } from './themes';

interface Props {
  map: MlMap;
  areas: Area[];
  onClose: () => void;
  onSaved: (warnings: MapWarning[]) => void;
  /** What the caller's role may do here (from the channels' declared roles): hidden otherwise. */
  may: { draw: boolean; split: boolean };
}

/** Each piece's colour on the map and beside its row in the panel. */
export const PIECE_COLORS = ['#f5222d', '#1677ff', '#52c41a', '#fa8c16', '#722ed1', '#13c2c2', '#eb2f96', '#a0d911'];
const pieceColor = (i: number) => PIECE_COLORS[i % PIECE_COLORS.length]!;
const SPLIT_SOURCE = 'split-pieces';
const SPLIT_LAYERS = ['split-fill', 'split-line', 'split-label'];

function showPieces(map: MlMap, preview: SplitPreview | null) {
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: (preview?.pieces ?? []).map((p) => ({ type: 'Feature', geometry: p.geometry as GeoJSON.Geometry, properties: { label: `第 ${p.index + 1} 块`, color: pieceColor(p.index) } })),
  };
  const source = map.getSource(SPLIT_SOURCE) as GeoJSONSource | undefined;
  if (source) {
    source.setData(data);
    return;
  }
  if (!preview) return;
  map.addSource(SPLIT_SOURCE, { type: 'geojson', data });
  map.addLayer({ id: 'split-fill', type: 'fill', source: SPLIT_SOURCE, paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.45 } });
  map.addLayer({ id: 'split-line', type: 'line', source: SPLIT_SOURCE, paint: { 'line-color': ['get', 'color'], 'line-width': 2.5 } });
  map.addLayer({
    id: 'split-label',
    type: 'symbol',
    source: SPLIT_SOURCE,
    layout: { 'text-field': ['get', 'label'], 'text-font': ['Microsoft YaHei', 'Noto Sans CJK SC', 'sans-serif'], 'text-size': 14, 'text-allow-overlap': true },
    paint: { 'text-color': '#000000', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
  });
}

function removePieces(map: MlMap) {
  // The map may be gone already (the page closed).
  try {
    for (const id of SPLIT_LAYERS) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(SPLIT_SOURCE)) map.removeSource(SPLIT_SOURCE);
  } catch {
    /* removed with the map */
  }
}

const hectares = (m2: number) => (m2 >= 10_000 ? `${(m2 / 10_000).toFixed(2)} 公顷` : `${Math.round(m2)} 平方米`);

/** The polygons drawn, as one boundary (several become a MultiPolygon); null when there are none. */
export function drawnGeometry(features: GeoJSONStoreFeatures[]): BoundaryGeometry | null {
  const polys = features.filter((f) => f.geometry.type === 'Polygon').map((f) => f.geometry.coordinates as [number, number][][]);
  if (!polys.length) return null;
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}

export function DrawPanel({ map, areas, onClose, onSaved, may }: Props) {
  const { message } = App.useApp();
  const draw = useRef<TerraDraw | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [mode, setMode] = useState<'idle' | 'polygon' | 'select' | 'line' | 'pieces'>('idle');
  const [count, setCount] = useState(0);
  const [saving, setSaving] = useState(false);
  const [split, setSplit] = useState<{ line: [number, number][]; preview: SplitPreview; assign: (number | null)[] } | null>(null);
  const targetRef = useRef<string | null>(null);
  targetRef.current = target;

  useEffect(() => {
    const d = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode(),
        new TerraDrawLineStringMode(),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: false, coordinates: { midpoints: true, draggable: true, deletable: true } } } },
        }),
      ],
    });
    d.start();
    d.on('finish', (id) => {
      if (d.getMode() === 'linestring') {
        const f = d.getSnapshot().find((x) => x.id === id);
        if (f?.geometry.type === 'LineString') void previewLine(f.geometry.coordinates as [number, number][]);
        return;
      }
      // A polygon closed: straight on to editing it.
      setCount(d.getSnapshot().filter((f) => f.geometry.type === 'Polygon').length);
      d.setMode('select');
      d.selectFeature(id);
      setMode('select');
    });
    draw.current = d;
    return () => {
      d.stop();
      draw.current = null;
      removePieces(map);
    };
  }, [map]); // eslint-disable-line react-hooks/exhaustive-deps -- previewLine reads the target through a ref

  // The core cuts the boundary; a refused line is said and drawn again.
  const previewLine = async (line: [number, number][]) => {
    const d = draw.current;
    const key = targetRef.current;
    if (!d || !key) return;
    const [kind, id] = key.split(':');
    try {
      const preview = await call('map.split.preview', { kind: kind as 'village' | 'grid', id: Number(id), line });
      d.clear();
      d.setMode('static');
      // Splitting a grid: the largest piece stays with it; a village's pieces wait for their grids.
      const assign = preview.pieces.map((_, i) => (preview.kind === 'grid' && i === 0 ? preview.id : null));
      setSplit({ line, preview, assign });
      showPieces(map, preview);
      setMode('pieces');
    } catch (err) {
      message.error(errorMessage(err));
      d.clear();
      d.setMode('linestring');
      setMode('line');
    }
  };

  const area = useMemo(() => {
    if (!target) return null;
    const [kind, id] = target.split(':');
    return areas.find((a) => a.kind === kind && a.id === Number(id)) ?? null;
  }, [target, areas]);

  const resetSplit = () => {
    setSplit(null);
    showPieces(map, null);
  };

  const startLine = () => {
    const d = draw.current;
    if (!d) return;
    d.clear();
    resetSplit();
    setCount(0);
    d.setMode('linestring');
    setMode('line');
  };

  const saveSplit = async () => {
    const d = draw.current;
    if (!d || !split) return;
    setSaving(true);
    try {
      const r = await call('map.split.save', { kind: split.preview.kind, id: split.preview.id, line: split.line, assign: split.assign });
      message.success(`已按分割线保存 ${r.written.length} 个网格的边界（${r.written.map((w) => w.name).join('、')}）${r.warnings.length ? `，有 ${r.warnings.length} 个提醒` : ''}`);
      resetSplit();
      d.clear();
      d.setMode('static');
      setMode('idle');
      onSaved(r.warnings);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const startNew = () => {
    const d = draw.current;
    if (!d) return;
    resetSplit();
    d.clear();
    setCount(0);
    d.setMode('polygon');
    setMode('polygon');
  };

  const editExisting = () => {
    const d = draw.current;
    if (!d || !area?.geometry) return;
    resetSplit();
    d.clear();
    d.setMode('select');
    const polys = area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates;
    const results = d.addFeatures(polys.map((coordinates) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties: { mode: 'polygon' } })));
    const bad = results.filter((r) => !r.valid);
    if (bad.length) message.warning(`现有边界中有 ${bad.length} 块无法编辑（${bad[0]!.reason ?? '形状无效'}），请重新绘制`);
    const first = results.find((r) => r.valid);
    if (first) d.selectFeature(first.id!);
    setCount(results.filter((r) => r.valid).length);
    setMode('select');
  };

  const save = async () => {
    const d = draw.current;
    if (!d || !area) return;
    const geometry = drawnGeometry(d.getSnapshot());
    if (!geometry) {
      message.warning('还没有画好多边形：在地图上逐点点击，回到第一个点（或双击）结束');
      return;
    }
    setSaving(true);
    try {
      const r = await call('map.setBoundary', { kind: area.kind, id: area.id, geometry });
      message.success(`「${area.name}」的边界已保存${r.warnings.length ? `，有 ${r.warnings.length} 个提醒` : ''}`);
      d.clear();
      setMode('idle');
      setCount(0);
      onSaved(r.warnings);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const options = [
    { label: '村/社区', options: areas.filter((a) => a.kind === 'village').map((a) => ({ value: `village:${a.id}`, label: `${a.name}${a.geometry ? '' : '（无边界）'}` })) },
    { label: '网格', options: areas.filter((a): a is Area & { kind: 'grid' } => a.kind === 'grid').map((a) => ({ value: `grid:${a.id}`, label: `${a.villageName} · ${a.name}${a.geometry ? '' : '（无边界）'}` })) },
  ];

  return (
    <div className="map-draw-panel no-print" data-testid="map-draw-panel" style={{ position: 'absolute', top: 12, right: 12, width: 300, background: '#fff', padding: 12, borderRadius: 6, boxShadow: '0 2px 8px rgba(0,0,0,0.25)', zIndex: 6 }}>
      <Typography.Text strong>绘制边界</Typography.Text>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="选择要画边界的村/社区或网格"
        style={{ width: '100%', margin: '8px 0' }}
        options={options}
        value={target}
        onChange={(v: string) => {
          setTarget(v);
          if (split) {
            resetSplit();
            draw.current?.clear();
            setMode('idle');
          }
        }}
        data-testid="draw-target"
      />
      <div style={{ fontSize: 12, color: '#666', marginBottom: 8 }} data-testid="draw-hint">
        {mode === 'polygon'
          ? '在地图上逐点点击画出边界，点回第一个点结束。'
          : mode === 'select'
            ? `已有 ${count} 块多边形：拖动顶点可修改，拖动边中间的小点可加顶点，右键顶点可删除。`
            : mode === 'line'
              ? `从「${area?.name ?? ''}」的边界外开始，逐点点击画一条穿过它的线，到另一侧边界外后再点一下最后一点结束。`
              : mode === 'pieces' && split
                ? `分割线把「${split.preview.name}」分成 ${split.preview.pieces.length} 块：请为每一块选择所属网格。`
                : may.draw
                  ? '选好对象后，点「新画」「修改现有边界」或「划线分割」。'
                  : '选好对象后，点「划线分割」。'}
      </div>
      {mode === 'pieces' && split ? (
        <div data-testid="split-pieces" style={{ marginBottom: 8, maxHeight: 260, overflowY: 'auto' }}>
          {split.preview.pieces.map((p) => (
            <div key={p.index} style={{ display: 'flex', alignItems: 'center', gap: 6, marginBottom: 4 }}>
              <span style={{ display: 'inline-block', width: 12, height: 12, background: pieceColor(p.index), borderRadius: 2 }} />
              <span style={{ fontSize: 12, width: 110 }}>
                第 {p.index + 1} 块（{hectares(p.areaM2)}）
              </span>
              <Select<number | 'none'>
                size="small"
                style={{ flex: 1 }}
                value={split.assign[p.index] ?? 'none'}
                onChange={(v) => setSplit({ ...split, assign: split.assign.map((a, i) => (i === p.index ? (v === 'none' ? null : v) : a)) })}
                options={[
                  ...split.preview.grids.map((g) => ({
                    value: g.id,
                    label: split.preview.kind === 'grid' && g.id === split.preview.id ? `${g.name}（本网格）` : `${g.name}${split.preview.kind === 'grid' ? '（并入）' : ''}`,
                  })),
                  { value: 'none' as const, label: '不分配' },
                ]}
                data-testid={`split-assign-${p.index + 1}`}
                aria-label={`第 ${p.index + 1} 块归属`}
              />
            </div>
          ))}
        </div>
      ) : null}
      <Space wrap>
        {may.draw ? (
          <>
            <Button size="small" onClick={startNew} disabled={!area} data-testid="draw-new">
              新画
            </Button>
            <Button size="small" onClick={editExisting} disabled={!area?.geometry} data-testid="draw-edit">
              修改现有边界
            </Button>
          </>
        ) : null}
        {may.split ? (
          <Button size="small" onClick={startLine} disabled={!area?.geometry} title={area && !area.geometry ? `「${area.name}」还没有边界，先画出或导入边界才能分割` : undefined} data-testid="draw-split">
            划线分割
          </Button>
        ) : null}
        {mode === 'pieces' ? (
          <Button size="small" type="primary" onClick={saveSplit} loading={saving} disabled={!split || split.assign.every((a) => a === null)} data-testid="split-save">
            保存分割
          </Button>
        ) : may.draw ? (
          <Button size="small" type="primary" onClick={save} loading={saving} disabled={!area || mode === 'idle' || mode === 'line'} data-testid="draw-save">
            保存边界
          </Button>
        ) : null}
        <Button size="small" onClick={onClose} data-testid="draw-close">
          关闭
        </Button>
      </Space>
    </div>
  );
}
