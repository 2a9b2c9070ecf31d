// 生成月度工作报告: asks where to save the PDF, then the core writes it in its worker (report.monthly) with progress.
import { FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Modal, Progress } from 'antd';
import { call, errorMessage, isCancelled } from '../../api';
import { PdfActions } from '../../components/pdfTools';
import { progressPercent, useJob } from '../../jobs';

const pdfFilter = [{ name: 'PDF 文件', extensions: ['pdf'] }];

export function MonthlyReportButton({ month, townName, disabled }: { month: string; townName: string; disabled?: boolean }) {
  const { modal } = App.useApp();
  const job = useJob();
  const onClick = async () => {
    const path = await window.api.pickSaveFile(`${townName}${month.slice(0, 4)}年${month.slice(5, 7)}月工作报告.pdf`, pdfFilter);
    if (!path) return;
    try {
      const r = await job.run('monthly', (jobId) => call('report.monthly', { month, path }, { jobId }));
      modal.success({ title: '已生成月度工作报告', content: <div data-testid="monthly-done">已保存到：<br /><code style={{ wordBreak: 'break-all' }}>{r.path}</code><br /><PdfActions path={r.path} /></div> });
    } catch (err) {
      if (isCancelled(err)) return;
      modal.error({ title: '生成失败', content: errorMessage(err) });
    }
  };
  return (
    <>
      <Button icon={<FilePdfOutlined />} onClick={() => void onClick()} loading={job.running} disabled={disabled} data-testid="monthly-report">
        月度工作报告
      </Button>
      {job.running ? (
        <Modal open title="正在生成月度工作报告" closable={false} mask={{ closable: false }} footer={<Button onClick={job.cancel}>取消</Button>} width={420}>
          <Progress percent={progressPercent(job.progress)} status="active" />
          <div className="muted">{job.progress ? job.progress.stage : '正在准备…'}</div>
        </Modal>
      ) : null}
    </>
  );
}
