// Export and print for every list: export asks where to save, then the core writes the xlsx;
// print switches the page into its full, unpaged form and calls the browser's print.
import { ExportOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api';

const xlsxFilter = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];

export function ExportButton({ defaultName, run, disabled, testId }: {
  defaultName: string;
  run: (path: string) => Promise<{ path: string; rows: number }>;
  disabled?: boolean;
  testId?: string;
}) {
  const { modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    const path = await window.api.pickSaveFile(defaultName, xlsxFilter);
    if (!path) return;
    setBusy(true);
    try {
      const r = await run(path);
      modal.success({ title: '导出完成', content: <div data-testid="export-done">共 {r.rows} 行，已保存到：<br /><code style={{ wordBreak: 'break-all' }}>{r.path}</code></div> });
    } catch (err) {
      modal.error({ title: '导出失败', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<ExportOutlined />} onClick={onClick} loading={busy} disabled={disabled} data-testid={testId ?? 'export-button'}>
      导出 Excel
    </Button>
  );
}

/**
 * `printing` is true while the page should render its print form (all rows, no pager);
 * `print()` turns it on, waits for the render, prints, and turns it off again.
 */
export function usePrint(prepare?: () => Promise<boolean>) {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    if (!printing) return;
    const t = window.setTimeout(() => {
      window.print();
      setPrinting(false);
    }, 50);
    return () => window.clearTimeout(t);
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
