// After a PDF is written: where it is, and the two things staff do next — open it in the PC's PDF viewer to look at
// it and print (the system print dialog), or show it in its folder.
import { FilePdfOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import type { ReactNode } from 'react';

type ModalApi = ReturnType<typeof App.useApp>['modal'];

export function PdfActions({ path }: { path: string }) {
  const { message } = App.useApp();
  const open = async () => {
    const failed = await window.api.openPdf(path);
    if (failed) message.error(`无法打开 PDF：${failed}`);
  };
  return (
    <Space style={{ marginTop: 8 }}>
      <Button type="primary" size="small" icon={<FilePdfOutlined />} onClick={() => void open()} data-testid="pdf-open">
        预览并打印
      </Button>
      <Button size="small" icon={<FolderOpenOutlined />} onClick={() => void window.api.showItem(path)} data-testid="pdf-folder">
        打开所在文件夹
      </Button>
    </Space>
  );
}

/** The "done" dialog of a PDF: what was written, then 预览并打印 / 打开所在文件夹. */
export function showPdfDone(modal: ModalApi, path: string, what: ReactNode = 'PDF 已生成'): void {
  modal.success({
    title: what,
    width: 520,
    content: (
      <div data-testid="pdf-done">
        已保存到：
        <br />
        <code style={{ wordBreak: 'break-all' }}>{path}</code>
        <br />
        <PdfActions path={path} />
      </div>
    ),
  });
}
