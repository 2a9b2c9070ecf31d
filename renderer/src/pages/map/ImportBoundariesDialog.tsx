// 导入边界: choose a GeoJSON, KML or zipped Shapefile; the dry run (map.import.preview) lists what matched,
// what did not and why, and the invalid polygons; then 导入 writes the matches (map.import.run). Both are long
// jobs in the core's worker: a progress bar with its stage, and 停止 cancels (nothing is written).
import { Alert, App, Button, Modal, Progress, Radio, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ImportPreview } from '../../../../shared/contract/map';
import { call, errorMessage, isCancelled } from '../../api';
import { progressPercent, useJob } from '../../jobs';

const FILTERS = [{ name: '边界文件（GeoJSON、KML、压缩的 Shapefile）', extensions: ['geojson', 'json', 'kml', 'zip'] }];
const CRS_LABELS = { wgs84: 'WGS-84 / CGCS2000（天地图）', gcj02: 'GCJ-02（部分网络地图），导入时已换算' } as const;

interface Props {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}

export function ImportBoundariesDialog({ open, onClose, onImported }: Props) {
  const { message } = App.useApp();
  const [path, setPath] = useState<string | null>(null);
  const [match, setMatch] = useState<'code' | 'name'>('code');
  const [crs, setCrs] = useState<'auto' | 'wgs84' | 'gcj02'>('auto');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useJob();
  const busy = job.running;

  const check = async (file: string, m = match, c = crs) => {
    setPath(file);
    setError(null);
    try {
      setPreview(await job.run('map-import-preview', (jobId) => call('map.import.preview', { path: file, match: m, crs: c }, { jobId })));
    } catch (err) {
      setPreview(null);
      setError(isCancelled(err) ? '已停止预检，可重新选择文件' : errorMessage(err));
    }
  };

  const choose = async () => {
    const file = await window.api.pickOpenFile(FILTERS);
    if (file) await check(file);
  };

  const run = async (skipInvalid: boolean) => {
    if (!path) return;
    try {
      const r = await job.run('map-import', (jobId) => call('map.import.run', { path, match, crs, skipInvalid }, { jobId }));
      message.success(`已导入 ${r.written} 个边界`);
      setPreview(null);
      setPath(null);
      onImported();
    } catch (err) {
      if (isCancelled(err)) message.info('已停止导入，边界没有改动');
      else setError(errorMessage(err));
    }
  };

  const close = () => {
    job.cancel();
    setPreview(null);
    setPath(null);
    setError(null);
    onClose();
  };

  const issueColumns = [
    { title: '第几个', dataIndex: 'index', width: 70, render: (i: number) => i + 1 },
    { title: '名称', dataIndex: 'name', width: 160 },
    { title: '原因', dataIndex: 'reason' },
  ];

  return (
    <Modal
      open={open}
      title="导入村/社区、网格边界"
      width={860}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>取消</Button>
          {preview?.problems.length ? (
            <Button onClick={() => run(true)} loading={busy} disabled={!preview.matches.length} data-testid="boundary-import-skip">
              跳过有问题的并导入
            </Button>
          ) : null}
          <Button type="primary" onClick={() => run(false)} loading={busy} disabled={!preview || !preview.matches.length || preview.problems.length > 0} data-testid="boundary-import-run">
            导入 {preview ? preview.matches.length : ''} 个边界
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Button onClick={choose} loading={busy} data-testid="boundary-choose">
            选择文件…
          </Button>
          <Typography.Text type="secondary">{path ?? '支持 .geojson、.kml 和压缩的 Shapefile（.zip，含 .prj）'}</Typography.Text>
        </Space>
        <Space wrap>
          <span>按</span>
          <Radio.Group value={match} onChange={(e) => { setMatch(e.target.value); if (path) void check(path, e.target.value, crs); }} data-testid="boundary-match">
            <Radio.Button value="code">代码匹配</Radio.Button>
            <Radio.Button value="name">名称匹配</Radio.Button>
          </Radio.Group>
          <span>坐标系</span>
          <Radio.Group value={crs} onChange={(e) => { setCrs(e.target.value); if (path) void check(path, match, e.target.value); }}>
            <Radio.Button value="auto">自动判断</Radio.Button>
            <Radio.Button value="wgs84">WGS-84</Radio.Button>
            <Radio.Button value="gcj02">GCJ-02</Radio.Button>
          </Radio.Group>
        </Space>
        {busy ? (
          <Space style={{ width: '100%' }} data-testid="boundary-progress">
            <Progress percent={progressPercent(job.progress)} size="small" style={{ width: 420 }} />
            <Typography.Text type="secondary">{job.progress?.stage ?? '准备中'}…</Typography.Text>
            <Button size="small" onClick={job.cancel} data-testid="boundary-cancel">
              停止
            </Button>
          </Space>
        ) : null}
        {error ? <Alert type="error" showIcon title={error} data-testid="boundary-error" /> : null}
        {preview ? (
          <>
            <Alert
              type={preview.unmatched.length || preview.problems.length ? 'warning' : 'success'}
              showIcon
              data-testid="boundary-summary"
              title={`文件中 ${preview.features} 个图形：匹配 ${preview.matches.length} 个，未匹配 ${preview.unmatched.length} 个，有问题 ${preview.problems.length} 个`}
              description={`坐标系：${CRS_LABELS[preview.crsAssumed]}（${preview.crsReason}）`}
            />
            <Tabs
              items={[
                {
                  key: 'matches',
                  label: `匹配 ${preview.matches.length}`,
                  children: (
                    <Table
                      size="small"
                      rowKey="index"
                      pagination={{ pageSize: 8 }}
                      dataSource={preview.matches}
                      data-testid="boundary-matches"
                      columns={[
                        { title: '文件中的名称', dataIndex: 'featureName' },
                        { title: '文件中的代码', dataIndex: 'featureCode' },
                        { title: '对应', render: (_: unknown, m) => `${m.kind === 'village' ? '村/社区' : '网格'} ${m.name}（${m.code}）` },
                        { title: '', dataIndex: 'replaces', width: 90, render: (r: boolean) => (r ? <Tag color="orange">替换原边界</Tag> : <Tag color="green">新增</Tag>) },
                      ]}
                    />
                  ),
                },
                { key: 'unmatched', label: `未匹配 ${preview.unmatched.length}`, children: <Table size="small" rowKey="index" pagination={{ pageSize: 8 }} dataSource={preview.unmatched} columns={issueColumns} data-testid="boundary-unmatched" /> },
                { key: 'problems', label: `有问题 ${preview.problems.length}`, children: <Table size="small" rowKey="index" pagination={{ pageSize: 8 }} dataSource={preview.problems} columns={issueColumns} data-testid="boundary-problems" /> },
              ]}
            />
          </>
        ) : null}
      </Space>
    </Modal>
  );
}
