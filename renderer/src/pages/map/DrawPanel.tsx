// Drawing a boundary on the map (terra-draw): pick the village or grid, draw a new polygon or edit the one
// it has (drag vertices, add one from a midpoint), save through map.setBoundary and show its warnings.
import { App, Button, Select, Space, Typography } from 'antd';
import type { Map as MlMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BoundaryGeometry, MapWarning } from '../../../../shared/contract/map';
import { call, errorMessage } from '../../api';
import type { Area } from './themes';

interface Props {
  map: MlMap;
  areas: Area[];
  onClose: () => void;
  onSaved: (warnings: MapWarning[]) => void;
}

/** The polygons drawn, as one boundary (several become a MultiPolygon); null when there are none. */
export function drawnGeometry(features: GeoJSONStoreFeatures[]): BoundaryGeometry | null {
  const polys = features.filter((f) => f.geometry.type === 'Polygon').map((f) => f.geometry.coordinates as [number, number][][]);
  if (!polys.length) return null;
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}

export function DrawPanel({ map, areas, onClose, onSaved }: Props) {
  const { message } = App.useApp();
  const draw = useRef<TerraDraw | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [mode, setMode] = useState<'idle' | 'polygon' | 'select'>('idle');
  const [count, setCount] = useState(0);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const d = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode(),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: false, coordinates: { midpoints: true, draggable: true, deletable: true } } } },
        }),
      ],
    });
    d.start();
    d.on('finish', (id) => {
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
    };
  }, [map]);

  const area = useMemo(() => {
    if (!target) return null;
    const [kind, id] = target.split(':');
    return areas.find((a) => a.kind === kind && a.id === Number(id)) ?? null;
  }, [target, areas]);

  const startNew = () => {
    const d = draw.current;
    if (!d) return;
    d.clear();
    setCount(0);
    d.setMode('polygon');
    setMode('polygon');
  };

  const editExisting = () => {
    const d = draw.current;
    if (!d || !area?.geometry) return;
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
        onChange={(v: string) => setTarget(v)}
        data-testid="draw-target"
      />
      <div style={{ fontSize: 12, color: '#666', marginBottom: 8 }} data-testid="draw-hint">
        {mode === 'polygon'
          ? '在地图上逐点点击画出边界，点回第一个点结束。'
          : mode === 'select'
            ? `已有 ${count} 块多边形：拖动顶点可修改，拖动边中间的小点可加顶点，右键顶点可删除。`
            : '选好对象后，点「新画」或「修改现有边界」。'}
      </div>
      <Space wrap>
        <Button size="small" onClick={startNew} disabled={!area} data-testid="draw-new">
          新画
        </Button>
        <Button size="small" onClick={editExisting} disabled={!area?.geometry} data-testid="draw-edit">
          修改现有边界
        </Button>
        <Button size="small" type="primary" onClick={save} loading={saving} disabled={!area || mode === 'idle'} data-testid="draw-save">
          保存边界
        </Button>
        <Button size="small" onClick={onClose} data-testid="draw-close">
          关闭
        </Button>
      </Space>
    </div>
  );
}
