// 设置 → 数据库: which file is open; switch between the town's database and the demo, open another
// database file, create a new one. The switch itself is the main process's (electron/core/workspace).
import { DatabaseOutlined, ExperimentOutlined, FileAddOutlined, FolderOpenOutlined, HomeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, List, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { WorkspaceState } from '../../../shared/contract/workspace';
import { call, errorMessage } from '../api';
import { progressPercent, useJob } from '../jobs';
import { dbFilter, openDemo } from '../workspace';

export function WorkspaceCard({ workspace, onSwitched }: { workspace: WorkspaceState; onSwitched: () => void }) {
  const job = useJob();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const done = await fn();
      if (done !== null) onSwitched();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const openOther = async () => {
    const path = await window.api.pickOpenFile(dbFilter);
    return path ? call('workspace.openFile', { path }) : null;
  };
  const createNew = async () => {
    const path = await window.api.pickSaveFile('新数据库.db', dbFilter);
    return path ? call('workspace.createFile', { path }) : null;
  };
  const kind = workspace.isDemo ? <Tag color="orange">演示数据库</Tag> : workspace.isTownDatabase ? <Tag color="green">本乡镇数据库</Tag> : <Tag>其他数据库</Tag>;

  return (
    <Card title={<><DatabaseOutlined /> 数据库</>} style={{ maxWidth: 640, marginBottom: 16 }} data-testid="workspace-card">
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label="当前打开">
          <span data-testid="workspace-path">{workspace.path}</span> {kind}
        </Descriptions.Item>
        <Descriptions.Item label="本乡镇数据库">{workspace.townPath}</Descriptions.Item>
        <Descriptions.Item label="演示数据库">{workspace.demoPath}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">
        演示数据保存在单独的演示数据库中，不会写入本乡镇的数据库。切换后各页面显示所打开数据库中的数据。
      </Typography.Paragraph>
      <Space wrap>
        <Button icon={<HomeOutlined />} disabled={busy || workspace.isTownDatabase} onClick={() => act(() => call('workspace.openTown', {}))} data-testid="open-town-db">
          打开本乡镇数据库
        </Button>
        <Button icon={<ExperimentOutlined />} disabled={busy || workspace.isDemo} onClick={() => act(() => openDemo(job))} data-testid="open-demo-db">
          打开演示数据库
        </Button>
        <Button icon={<FolderOpenOutlined />} disabled={busy} onClick={() => act(openOther)} data-testid="open-other-db">
          打开其他数据库文件…
        </Button>
        <Button icon={<FileAddOutlined />} disabled={busy} onClick={() => act(createNew)} data-testid="create-db">
          新建数据库…
        </Button>
      </Space>
      {job.running ? (
        <div style={{ marginTop: 12 }} data-testid="demo-progress">
          <Progress percent={progressPercent(job.progress)} status="active" />
          <Typography.Text type="secondary">{job.progress?.stage ?? '正在生成演示数据…'}</Typography.Text>
        </div>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="workspace-error" /> : null}
      {workspace.recent.length > 0 ? (
        <List
          size="small"
          header="最近打开"
          style={{ marginTop: 12 }}
          dataSource={workspace.recent}
          renderItem={(r) => (
            <List.Item
              actions={[
                <Button key="open" size="small" type="link" disabled={busy || !r.exists || r.path === workspace.path} onClick={() => act(() => call('workspace.openFile', { path: r.path }))}>
                  打开
                </Button>,
              ]}
            >
              <Typography.Text type={r.exists ? undefined : 'secondary'} delete={!r.exists}>
                {r.path}
              </Typography.Text>
              {r.isDemo ? <Tag color="orange" style={{ marginLeft: 8 }}>演示</Tag> : null}
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}
