// 设置 → 底图: the optional local basemap (a PMTiles or MBTiles file on this PC, e.g. prepared by the county
// from 天地图 data): which is in use, its kind, zoom levels and attribution; choose another or go without.
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Tag } from 'antd';
import type { BasemapState } from '../../../shared/contract/basemap';
import { call, errorMessage } from '../api';
import { useLoad } from './ledger/common';

const FORMAT_LABELS = { png: 'PNG 图片', jpg: 'JPEG 图片', webp: 'WebP 图片', pbf: '矢量（pbf）' } as const;

export function BasemapCard() {
  const { message } = App.useApp();
  const state = useLoad(() => call('basemap.get', {}), []);

  const choose = async () => {
    const path = await window.api.pickOpenFile([{ name: '离线底图（PMTiles、MBTiles）', extensions: ['pmtiles', 'mbtiles'] }]);
    if (!path) return;
    try {
      const s: BasemapState = await call('basemap.set', { path });
      state.reload();
      message.success(`已使用底图「${s.basemap?.name || s.basemap?.fileName}」`);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const clear = async () => {
    try {
      await call('basemap.clear', {});
      state.reload();
      message.success('已取消底图，地图只显示边界');
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const s = state.value;
  const b = s?.basemap ?? null;
  return (
    <Card title="地图底图" style={{ maxWidth: 640, marginBottom: 16 }} data-testid="basemap-card">
      {state.error ? <Alert type="error" showIcon title={state.error} /> : null}
      {s?.problem ? <Alert type="warning" showIcon title={s.problem} style={{ marginBottom: 8 }} data-testid="basemap-card-problem" /> : null}
      {b ? (
        <Descriptions column={1} size="small" data-testid="basemap-in-use">
          <Descriptions.Item label="正在使用">
            {b.name || b.fileName} <Tag>{b.kind === 'pmtiles' ? 'PMTiles' : 'MBTiles'}</Tag>
            <Tag color={b.tiles === 'raster' ? 'blue' : 'purple'}>{b.tiles === 'raster' ? '影像/栅格' : '矢量'}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="文件">
            <span style={{ wordBreak: 'break-all' }}>{b.path}</span>
          </Descriptions.Item>
          <Descriptions.Item label="瓦片格式">{FORMAT_LABELS[b.format]}</Descriptions.Item>
          <Descriptions.Item label="缩放级别">
            {b.minzoom} – {b.maxzoom} 级
          </Descriptions.Item>
          <Descriptions.Item label="范围">{b.bounds ? b.bounds.map((n) => n.toFixed(3)).join('，') : '文件未注明'}</Descriptions.Item>
          <Descriptions.Item label="版权/来源">
            <span data-testid="basemap-attribution">{b.attribution || '文件未注明'}</span>
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <p className="muted" data-testid="basemap-none">
          未使用底图：地图只显示村/社区和网格的边界，任何电脑都能离线使用。可选用县里提供的离线底图文件（.pmtiles 或 .mbtiles），地图不会连接网络。
        </p>
      )}
      <Space style={{ marginTop: 12 }}>
        <Button onClick={choose} data-testid="basemap-choose">
          {b ? '换一个底图文件…' : '选择底图文件…'}
        </Button>
        {b || s?.storedPath ? (
          <Popconfirm title="不再使用底图？" okText="不使用" cancelText="取消" onConfirm={clear}>
            <Button data-testid="basemap-clear">不使用底图</Button>
          </Popconfirm>
        ) : null}
      </Space>
    </Card>
  );
}
