// A PDF the core writes (档案卡, 公示表): asks where to save it with the save dialog the exports use, then the core
// writes it in its worker, with progress and cancel; the result names the file.
import { FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Modal, Progress } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage, isCancelled } from '../api';
import { progressPercent, useJob } from '../jobs';
import { PdfActions } from './pdfTools';

const pdfFilter = [{ name: 'PDF 文件', extensions: ['pdf'] }];

export function PdfButton({ label, defaultName, run, done, disabled, testId, size }: {
  label: string;
  defaultName: string;
  run: (path: string, jobId: string) => Promise<{ path: string }>;
  /** What the success message says besides the path (e.g. 共 3 张). */
  done?: (result: never) => ReactNode;
  disabled?: boolean;
  testId?: string;
  size?: 'small' | 'middle';
}) {
  const { modal } = App.useApp();
  const job = useJob();
  const onClick = async () => {
    const path = await window.api.pickSaveFile(defaultName, pdfFilter);
    if (!path) return;
    try {
      const r = await job.run('pdf', (jobId) => run(path, jobId));
      modal.success({
        title: `${label}已生成`,
        content: (
          <div data-testid="pdf-done">
            {done ? done(r as never) : null}已保存到：<br />
            <code style={{ wordBreak: 'break-all' }}>{r.path}</code>
            <br />
            <PdfActions path={r.path} />
          </div>
        ),
      });
    } catch (err) {
      if (isCancelled(err)) return;
      modal.error({ title: `${label}生成失败`, content: <span data-testid="pdf-error">{errorMessage(err)}</span> });
    }
  };
  return (
    <>
      <Button icon={<FilePdfOutlined />} size={size} onClick={onClick} loading={job.running} disabled={disabled} data-testid={testId ?? 'pdf-button'}>
        {label}
      </Button>
      {job.running ? (
        <Modal open title={`正在生成${label}`} closable={false} mask={{ closable: false }} footer={<Button onClick={job.cancel} data-testid="pdf-cancel">取消</Button>} width={420}>
          <Progress percent={progressPercent(job.progress)} status="active" data-testid="pdf-progress" />
          <div className="muted">{job.progress ? `${job.progress.stage}：${job.progress.done.toLocaleString('zh-CN')} / ${job.progress.total.toLocaleString('zh-CN')}` : '正在准备…'}</div>
        </Modal>
      ) : null}
    </>
  );
}
