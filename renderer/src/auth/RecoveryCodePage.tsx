// The recovery code, shown once after protection (and after 重新生成恢复码): print or save the one-page
// PDF for the office safe, then confirm. The code lives only in this page's memory.
import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { call, errorMessage } from '../api';
import { AuthCard } from './AuthCard';

export function RecoveryCodePage({ code, onConfirmed }: { code: string; onConfirmed: () => void }) {
  const [kept, setKept] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const savePdf = async () => {
    const path = await window.api.pickSaveFile('数据恢复码.pdf', [{ name: 'PDF', extensions: ['pdf'] }]);
    if (!path) return;
    try {
      const r = await call('auth.recoveryPdf', { recoveryCode: code, path });
      setNote({ ok: true, text: `已保存：${r.path}。打印后请删除该文件。` });
      const failed = await window.api.openPdf(r.path);
      if (failed) setNote({ ok: false, text: failed });
    } catch (err) {
      setNote({ ok: false, text: errorMessage(err) });
    }
  };
  return (
    <AuthCard title="数据恢复码" testId="recovery-code-page" width={600}>
      <Typography.Paragraph>
        所有管理员都忘记密码时，只有这个恢复码能打开本乡镇的数据。它<strong>只显示这一次</strong>，本软件不保存它。请打印后封存在办公室保险柜中。
      </Typography.Paragraph>
      <div className="recovery-code" data-testid="recovery-code" aria-label={code}>
        {/* Two lines of three groups, as on the printed sheet; copying still gives the whole code. */}
        <span>{code.split('-').slice(0, 3).join('-')}-</span>
        <wbr />
        <span>{code.split('-').slice(3).join('-')}</span>
      </div>
      {note ? <Alert type={note.ok ? 'success' : 'error'} showIcon title={note.text} style={{ margin: '12px 0' }} /> : null}
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        <Button icon={<FilePdfOutlined />} block onClick={savePdf} data-testid="recovery-pdf">
          打印/保存 PDF
        </Button>
        <Checkbox checked={kept} onChange={(e) => setKept(e.target.checked)} data-testid="recovery-kept">
          我已妥善保存恢复码
        </Checkbox>
        <Button type="primary" block disabled={!kept} onClick={onConfirmed} data-testid="recovery-done">
          进入系统
        </Button>
      </Space>
    </AuthCard>
  );
}
