// The damaged-database screen: the town's file failed its checks, so nothing was opened or changed. It says so in
// plain words, offers the newest good backup (with its date) and the backup folder, and restores through the same
// verified restore as 设置 (the damaged file is kept beside, never deleted).
import { FolderOpenOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Input, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import type { DamagedState } from '../../../shared/contract/backup';
import { ApiError, call, errorMessage } from '../api';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function DamagedPage({ state }: { state: DamagedState }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  /** An encrypted backup needs its recovery code (nobody could log in to the damaged file). */
  const [needsCode, setNeedsCode] = useState<string | null>(null);
  const [code, setCode] = useState('');

  const restore = async (file: string, recoveryCode?: string) => {
    setBusy(true);
    setError(null);
    try {
      await call('backup.restoreDamaged', { file, recoveryCode });
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.info.code === 'WRONG_KEY') setNeedsCode(file);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const pick = async () => {
    const file = await window.api.pickOpenFile([{ name: '台账数据库备份', extensions: ['db'] }]);
    if (file) await restore(file);
  };

  if (done) {
    return <Result status="success" title="已从备份恢复" subTitle="程序正在重新启动并打开恢复后的数据库。损坏的文件已原样保留在原文件夹中。" data-testid="damaged-restored" />;
  }
  return (
    <div style={{ maxWidth: 760, margin: '48px auto', padding: '0 16px' }} data-testid="damaged-page">
      <Result
        icon={<WarningOutlined style={{ color: '#d4380d' }} />}
        title="数据库文件已损坏，本软件没有打开它"
        subTitle="为保护数据，本软件不会修改、清空或重建这个文件。请从最近一次完好的备份恢复；恢复时损坏的文件会原样保留。"
      />
      <Alert type="error" showIcon title={state.message} style={{ marginBottom: 16 }} data-testid="damaged-message" />
      <Card title="最近一次完好的备份" style={{ marginBottom: 16 }}>
        {state.newest ? (
          <>
            <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
              <Descriptions.Item label="时间">
                <span data-testid="damaged-newest-date">{when(state.newest.createdAt)}</span>（{state.newest.kindLabel}备份）
              </Descriptions.Item>
              <Descriptions.Item label="文件">{fileName(state.newest.file)}</Descriptions.Item>
              <Descriptions.Item label="备份文件夹">{state.folder}</Descriptions.Item>
            </Descriptions>
            <Button type="primary" danger loading={busy} onClick={() => restore(state.newest!.file)} data-testid="damaged-restore-newest">
              用这份备份恢复
            </Button>
          </>
        ) : (
          <Typography.Paragraph data-testid="damaged-no-backup">
            在备份文件夹「{state.folder}」中没有找到这个数据库的备份。如果备份在 U 盘或其他文件夹中，请选择备份文件。
          </Typography.Paragraph>
        )}
        <div style={{ marginTop: 12 }}>
          <Button icon={<FolderOpenOutlined />} disabled={busy} onClick={pick} data-testid="damaged-pick">
            选择其他备份文件…
          </Button>
        </div>
        {state.others.length > 0 ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            另有 {state.others.length} 份较早的备份，可用「选择其他备份文件」从备份文件夹中挑选。
          </Typography.Paragraph>
        ) : null}
      </Card>
      {needsCode ? (
        <Card title="这份备份已加密" style={{ marginBottom: 16 }}>
          <Typography.Paragraph>请输入恢复码（设置时打印的那张纸上的 30 位字符）。</Typography.Paragraph>
          <Space.Compact style={{ width: '100%' }}>
            <Input value={code} onChange={(e) => setCode(e.target.value)} placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" data-testid="damaged-code" />
            <Button type="primary" loading={busy} onClick={() => restore(needsCode, code)} data-testid="damaged-code-ok">
              恢复
            </Button>
          </Space.Compact>
        </Card>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} data-testid="damaged-error" /> : null}
    </div>
  );
}
