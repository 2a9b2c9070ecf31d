// Export and print for every list: export asks where to save, then the core writes the xlsx;
// print switches the page into its full, unpaged form and calls the browser's print.
import { ExportOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Modal, Progress } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, isCancelled } from '../api';
import { progressPercent, useJob } from '../jobs';

const xlsxFilter = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];

/**
 * 导出 Excel: asks where to save, then the core writes the file in its worker; a long export shows its progress
 * and can be cancelled (the half-written file is removed by the core).
 */
export function ExportButton({ defaultName, run, disabled, testId, label = '导出 Excel' }: {
  defaultName: string;
  /** The button's text (填写 for a county form). */
  label?: string;
  run: (path: string, jobId: string) => Promise<{ path: string; rows: number }>;
  disabled?: boolean;
  testId?: string;
}) {
  const { modal } = App.useApp();
  const job = useJob();
  const onClick = async () => {
    const path = await window.api.pickSaveFile(defaultName, xlsxFilter);
    if (!path) return;
    try {
      const r = await job.run('export', (jobId) => run(path, jobId));
      modal.success({ title: '导出完成', content: <div data-testid="export-done">共 {r.rows} 行，已保存到：<br /><code style={{ wordBreak: 'break-all' }}>{r.path}</code></div> });
    } catch (err) {
      if (isCancelled(err)) return;
      modal.error({ title: '导出失败', content: errorMessage(err) });
    }
  };
  return (
    <>
      <Button icon={<ExportOutlined />} onClick={onClick} loading={job.running} disabled={disabled} data-testid={testId ?? 'export-button'}>
        {label}
      </Button>
      {job.running ? (
        <Modal open title="正在导出" closable={false} mask={{ closable: false }} footer={<Button onClick={job.cancel} data-testid="export-cancel">取消导出</Button>} width={420}>
          <Progress percent={progressPercent(job.progress)} status="active" data-testid="export-progress" />
          <div className="muted">{job.progress ? `${job.progress.stage}：${job.progress.done.toLocaleString('zh-CN')} / ${job.progress.total.toLocaleString('zh-CN')}` : '正在准备…'}</div>
        </Modal>
      ) : null}
    </>
  );
}

/** The @page rules of one printout: the page's print title on every page, and 第 n 页 共 m 页 at the foot. */
function pageStyle(): HTMLStyleElement {
  const title = (document.querySelector('.print-title')?.textContent ?? '').trim();
  const quoted = (t: string) => `"${t.replace(/["\\]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`;
  const style = document.createElement('style');
  style.dataset.print = 'page';
  style.textContent =
    `@page { ${title ? `@top-center { content: ${quoted(title)}; font-size: 9pt; color: #555; }` : ''}` +
    ` @bottom-center { content: "第 " counter(page) " 页  共 " counter(pages) " 页"; font-size: 9pt; } }`;
  document.head.appendChild(style);
  return style;
}

/**
 * `printing` is true while the page should render its print form (all rows, no pager);
 * `print()` turns it on, waits for the render and prints. The print form stays until the browser says the
 * printout is done (`afterprint`), so what is printed is never the screen form coming back.
 */
export function usePrint(prepare?: () => Promise<boolean>) {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    if (!printing) return;
    const done = () => setPrinting(false);
    window.addEventListener('afterprint', done);
    let style: HTMLStyleElement | null = null;
    const t = window.setTimeout(() => {
      style = pageStyle();
      window.print();
    }, 50);
    return () => {
      window.clearTimeout(t);
      window.removeEventListener('afterprint', done);
      style?.remove();
    };
  }, [printing]);
  const print = useCallback(async () => {
    if (prepare && !(await prepare())) return;
    setPrinting(true);
  }, [prepare]);
  return { printing, print };
}

export function PrintButton({ onClick, disabled }: { onClick: () => void; disabled?: boolean }) {
  return (
    <Button icon={<PrinterOutlined />} onClick={onClick} disabled={disabled} data-testid="print-button">
      打印
    </Button>
  );
}
