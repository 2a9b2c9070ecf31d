// 设置 → 数据备份: the backups of the open database (time, kind, size, verified), 立即备份, 恢复 (a backup of the
// current state is made first), the folder (a USB drive), the rotation and the last full integrity check.
import { CloudDownloadOutlined, FolderOpenOutlined, SafetyCertificateOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { BackupEntryView, BackupStatus } from '../../../shared/contract/backup';
import { ApiError, call, errorMessage } from '../api';
import { FormDialog } from './form/FormDialog';

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function BackupCard({ onRestored }: { onRestored: () => void }) {
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** A backup of another PC: asks for its recovery code or an account's password. */
  const [secretFor, setSecretFor] = useState<BackupEntryView | { file: string } | null>(null);

  const load = useCallback(() => {
    call('backup.status', {}).then(setStatus).catch((err) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);

  const run = async (label: string, fn: () => Promise<unknown>, done?: string) => {
    setBusy(label);
    setError(null);
    try {
      await fn();
      if (done) message.success(done);
      load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const restore = (file: string, createdAt?: string) =>
    modal.confirm({
      title: '从备份恢复数据库？',
      content: (
        <div data-testid="restore-confirm">
          <p>将用备份「{fileName(file)}」{createdAt ? `（${when(createdAt)}）` : ''}替换当前数据库。</p>
          <p>恢复前会先把当前数据库备份一份（「恢复前」备份），当前文件也会保留在原文件夹中，恢复后可以再恢复回来。</p>
        </div>
      ),
      okText: '恢复',
      cancelText: '取消',
      okButtonProps: { danger: true, 'data-testid': 'restore-ok' } as never,
      onOk: async () => {
        setBusy('restore');
        setError(null);
        try {
          await call('backup.restore', { file });
          message.success('已恢复');
          onRestored();
          load();
        } catch (err) {
          // Another PC's backup (another key): ask for its recovery code or an account's password.
          if (err instanceof ApiError && err.info.code === 'WRONG_KEY') setSecretFor({ file });
          else setError(errorMessage(err));
        } finally {
          setBusy(null);
        }
      },
    });

  const pickBackup = async () => {
    const path = await window.api.pickOpenFile([{ name: '台账数据库备份', extensions: ['db'] }]);
    if (path) restore(path);
  };
  const pickFolder = async () => {
    if (!status) return;
    const folder = await window.api.pickFolder();
    if (folder) await run('folder', () => call('backup.settings.set', { ...status.settings, folder }), '备份文件夹已更改');
  };

  if (!status) {
    return (
      <Card title={<><SaveOutlined /> 数据备份</>} style={{ maxWidth: 900, marginBottom: 16 }} data-testid="backup-card">
        {error ? <Alert type="error" showIcon title={error} /> : <Spin />}
      </Card>
    );
  }
  const check = status.lastCheck;
  return (
    <Card title={<><SaveOutlined /> 数据备份</>} style={{ maxWidth: 900, marginBottom: 16 }} data-testid="backup-card">
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label="备份文件夹">
          <span data-testid="backup-folder">{status.folder}</span>
          {status.settings.folder === null ? <Tag style={{ marginLeft: 8 }}>默认</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label="最近一次完整性检查">
          {check ? (
            <span data-testid="last-check">
              {when(check.at)} {check.ok ? <Tag color="green">正常</Tag> : <Tag color="red">未通过：{check.detail}</Tag>}
            </span>
          ) : (
            <span data-testid="last-check">尚未检查</span>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">
        每天第一次打开、每次升级、导入和生成月报之前都会自动备份；每份备份都会重新打开并逐页校验，加密的数据库备份同样加密。
        备份最好放在另一块磁盘或 U 盘上。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<SaveOutlined />} loading={busy === 'backup'} disabled={busy !== null} onClick={() => run('backup', () => call('backup.create', {}), '已备份并校验')} data-testid="backup-now">
          立即备份
        </Button>
        <Button icon={<SafetyCertificateOutlined />} loading={busy === 'check'} disabled={busy !== null} onClick={() => run('check', () => call('backup.check', {}), '完整性检查已完成')} data-testid="check-now">
          完整性检查
        </Button>
        <Button icon={<FolderOpenOutlined />} disabled={busy !== null} onClick={pickFolder} data-testid="backup-folder-pick">
          选择备份文件夹…
        </Button>
        <Button icon={<CloudDownloadOutlined />} disabled={busy !== null} onClick={pickBackup} data-testid="restore-other">
          从其他备份文件恢复…
        </Button>
      </Space>
      {busy === 'restore' || busy === 'backup' ? <Alert type="info" showIcon title={busy === 'restore' ? '正在恢复：先备份当前数据库，再校验并替换……' : '正在备份并校验……'} style={{ marginBottom: 12 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="backup-error" /> : null}
      <RotationForm status={status} disabled={busy !== null} onSave={(settings) => run('rotation', () => call('backup.settings.set', settings), '保留设置已保存')} />
      <Table<BackupEntryView>
        size="small"
        rowKey="file"
        dataSource={status.backups}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '还没有备份' }}
        data-testid="backup-list"
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: (v: string) => when(v), width: 170 },
          { title: '类型', dataIndex: 'kindLabel', width: 80 },
          { title: '大小', dataIndex: 'bytes', render: (v: number) => size(v), width: 90 },
          {
            title: '校验',
            width: 110,
            render: (_: unknown, b) => (
              <Space size={4}>
                {b.verified ? <Tag color="green">已校验</Tag> : <Tag color="red">文件不完整</Tag>}
                {b.encrypted ? <Tag>加密</Tag> : null}
              </Space>
            ),
          },
          { title: '文件', dataIndex: 'file', render: (v: string) => <Typography.Text type="secondary" ellipsis={{ tooltip: v }}>{fileName(v)}</Typography.Text> },
          {
            title: '',
            width: 70,
            render: (_: unknown, b) => (
              <Button size="small" type="link" disabled={busy !== null || !b.verified} onClick={() => restore(b.file, b.createdAt)} data-testid="restore-row">
                恢复
              </Button>
            ),
          },
        ]}
      />
      {secretFor ? (
        <FormDialog
          title="恢复另一台电脑的备份"
          intro="这份备份用的是另一把密钥。请输入做这份备份的电脑的恢复码（打印的那张纸上），或那台电脑上一个账号及其密码。恢复前会先备份当前数据库。"
          channel="backup.restore"
          okText="恢复"
          danger
          fields={[
            { name: 'recoveryCode', label: '恢复码', kind: 'text', mono: true, placeholder: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX', testId: 'restore-recovery' },
            { name: 'loginName', label: '或：账号', kind: 'text', span: 12 },
            { name: 'password', label: '密码', kind: 'custom', span: 12, render: () => <Input.Password autoComplete="off" /> },
          ]}
          toInput={(v) => ({
            file: secretFor.file,
            recoveryCode: (v.recoveryCode as string | undefined) || undefined,
            loginName: (v.loginName as string | undefined) || undefined,
            password: (v.password as string | undefined) || undefined,
          })}
          onDone={() => {
            setSecretFor(null);
            message.success('已恢复');
            onRestored();
            load();
          }}
          onCancel={() => setSecretFor(null)}
        />
      ) : null}
    </Card>
  );
}

function RotationForm({ status, disabled, onSave }: { status: BackupStatus; disabled: boolean; onSave: (s: BackupStatus['settings']) => void }) {
  const [s, setS] = useState(status.settings);
  useEffect(() => setS(status.settings), [status.settings]);
  const num = (key: 'daily' | 'weekly' | 'monthly' | 'keepOther', label: string, min: number) => (
    <Space size={4}>
      <span>{label}</span>
      <InputNumber size="small" min={min} max={200} value={s[key]} onChange={(v) => setS({ ...s, [key]: typeof v === 'number' ? v : min })} style={{ width: 64 }} data-testid={`keep-${key}`} />
      <span>份</span>
    </Space>
  );
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="rotation-form">
      <span>保留：</span>
      {num('daily', '每日', 1)}
      {num('weekly', '每周', 0)}
      {num('monthly', '每月', 0)}
      {num('keepOther', '手动及操作前各', 1)}
      <Button size="small" disabled={disabled} onClick={() => onSave(s)} data-testid="rotation-save">
        保存
      </Button>
    </Space>
  );
}
