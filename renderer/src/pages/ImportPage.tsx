// 数据导入: what to import (实有人口, 网格员花名册 or a key-group ledger), template, choose a file, a dry run with progress, the
// preview (the sheet read and a picker for another, warnings, counts, matched columns, every
// problem), then 全部导入 or 跳过有问题的行并导入, and the result.
import { CheckCircleOutlined, DownloadOutlined, FileExcelOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Progress, Result, Segmented, Select, Space, Statistic, Steps, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { ImportProblem, ImportReport, LedgerImportReport } from '../../../shared/contract/importing';
import { ApiError, call, errorMessage } from '../api';
import { progressPercent, useJob } from '../jobs';
import { navigate } from '../useRoute';

type Phase = 'choose' | 'checking' | 'preview' | 'importing' | 'done';

const xlsxFilter = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];

/** What can be imported: each kind has its own channels, template name and wording. */
const KINDS = {
  residents: { label: '实有人口', templateName: '实有人口导入模板.xlsx', unit: '人', lastColumn: '户', doneRoute: 'people', doneLabel: '查看实有人口',
    hint: '可以用本系统的模板，也可以直接用户籍、民政导出的名单或村里自己的表格：表头在前几行即可，列的顺序不限，常见的列名（如 身份证号 / 公民身份号码、联系电话 / 手机号码、现住址、所属网格）都能识别。' },
  staff: { label: '网格员花名册', templateName: '网格员导入模板.xlsx', unit: '人', lastColumn: '职务', doneRoute: 'staff', doneLabel: '查看网格员',
    hint: '可以用本系统的网格员模板，也可以直接用乡镇自己的花名册：表头上方可以有合并的标题行；职务写名称或代码均可（如 专职网格员 / 02）；所在网格写15位网格编码或网格名称；日期写 2021.11.10、2021年11月10日 等均可。已登记的网格员按身份证号更新。' },
  released: { label: '安置帮教', templateName: '刑满释放人员台账导入模板.xlsx', unit: '人', lastColumn: '户', doneRoute: 'released', doneLabel: '查看安置帮教台账', hint: '可以用本系统的台账模板，也可以直接用乡镇自己的台账：表头上方可以有合并的标题行；代码写名称或代码均可（如 重点 / 01）；日期写 2021.11.10、2021年11月10日 等均可。' },
  patients: { label: '严重精神障碍患者', templateName: '严重精神障碍患者台账导入模板.xlsx', unit: '人', lastColumn: '户', doneRoute: 'patient', doneLabel: '查看患者台账', hint: '可以用本系统的台账模板，也可以直接用乡镇自己的台账：表头上方可以有合并的标题行；代码写名称或代码均可（如 重点 / 01）；日期写 2021.11.10、2021年11月10日 等均可。' },
  lowIncome: { label: '低保户', templateName: '低保户台账导入模板.xlsx', unit: '户', lastColumn: '户', doneRoute: 'lowIncome', doneLabel: '查看低保户台账', hint: '可以用本系统的台账模板，也可以直接用乡镇自己的台账：表头上方可以有合并的标题行；代码写名称或代码均可（如 重点 / 01）；日期写 2021.11.10、2021年11月10日 等均可。' },
  visits: { label: '走访登记表', templateName: '走访登记表模板.xlsx', unit: '条', lastColumn: '户号', doneRoute: 'visits', doneLabel: '查看走访记录',
    hint: '网格员一周的走访写在一张表里：走访日期、网格员（姓名或身份证号）、户号或被走访人身份证号、走访方式、发现情况；同一天同一网格员的行可合并单元格。同一走访不会重复导入。' },
} as const;
/** The channels of each kind (the 走访 import's are named after its domain). */
const channelsOf = (kind: Kind) =>
  kind === 'visits'
    ? ({ template: 'visit.template', preview: 'visit.import.preview', run: 'visit.import.run' } as const)
    : ({ template: `import.${kind}.template`, preview: `import.${kind}.preview`, run: `import.${kind}.run` } as const);
const isLedgerReport = (r: ImportReport): r is LedgerImportReport => 'ledger' in r;
type Kind = keyof typeof KINDS;

function fileName(path: string) {
  return path.split(/[\\/]/).pop() ?? path;
}

export function ImportPage() {
  const { message } = App.useApp();
  const [phase, setPhase] = useState<Phase>('choose');
  const [path, setPath] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind>('residents');
  /** The sheet the staffer picked; undefined = let the import choose (visible sheets first). */
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const job = useJob();
  const k = KINDS[kind];

  const downloadTemplate = async () => {
    const target = await window.api.pickSaveFile(k.templateName, xlsxFilter);
    if (!target) return;
    try {
      const r = await call(channelsOf(kind).template, { path: target });
      message.success(`模板已保存到 ${r.path}`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const check = async (file: string, chosenSheet?: string) => {
    setPath(file);
    setSheet(chosenSheet);
    setReport(null);
    setResult(null);
    setError(null);
    setPhase('checking');
    try {
      const input = { path: file, jobId: '', ...(chosenSheet ? { sheet: chosenSheet } : {}) };
      const r = await job.run('import-preview', (jobId): Promise<ImportReport> => call(channelsOf(kind).preview, { ...input, jobId }));
      setReport(r);
      setPhase('preview');
    } catch (err) {
      setError(err instanceof ApiError && err.info.code === 'CANCELLED' ? '已取消检查，数据库没有任何改动。' : errorMessage(err));
      setPhase('choose');
    }
  };

  const choose = async () => {
    const file = await window.api.pickOpenFile(xlsxFilter);
    if (file) await check(file);
  };

  const runImport = async (skipInvalid: boolean) => {
    if (!path) return;
    setPhase('importing');
    setError(null);
    try {
      const input = { path, skipInvalid, ...(sheet ? { sheet } : {}) };
      const r = await job.run('import-run', (jobId): Promise<ImportReport> => call(channelsOf(kind).run, { ...input, jobId }));
      setResult(r);
      setPhase('done');
    } catch (err) {
      setError(
        err instanceof ApiError && err.info.code === 'CANCELLED'
          ? '已取消导入，数据库没有任何改动。'
          : `${errorMessage(err)}（导入未完成，数据库没有任何改动）`,
      );
      setPhase('preview');
    }
  };

  const reset = () => {
    setPhase('choose');
    setPath(null);
    setSheet(undefined);
    setReport(null);
    setResult(null);
    setError(null);
  };

  const stepIndex = phase === 'choose' ? (path ? 1 : 0) : phase === 'checking' || phase === 'preview' ? 1 : phase === 'importing' ? 2 : 3;

  return (
    <div data-testid="import-page" className="import-page">
      <div className="page-head">
        <h1 className="page-title">数据导入：{k.label}</h1>
        <Space>
          <Segmented<Kind>
            data-testid="import-kind"
            value={kind}
            disabled={phase !== 'choose'}
            options={(Object.keys(KINDS) as Kind[]).map((value) => ({ value, label: KINDS[value].label }))}
            onChange={(value) => {
              setKind(value);
              reset();
            }}
          />
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="download-template">
            下载导入模板
          </Button>
        </Space>
      </div>
      <Card size="small" className="import-steps">
        <Steps
          size="small"
          current={stepIndex}
          items={[{ title: '选择文件' }, { title: '检查与预览', description: '不写入数据' }, { title: '导入' }, { title: '完成' }]}
        />
      </Card>

      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="import-error" closable={{ onClose: () => setError(null) }} /> : null}

      {phase === 'choose' && kind !== 'residents' && kind !== 'staff' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`导入${k.label}台账：按公民身份号码在实有人口中查找本人，查不到的连同户、网格一起新建；衔接、报到、分类、最近帮教/随访/复核日期等一并导入，到期日按规则计算。`}
          data-testid="import-ledger-hint"
        />
      ) : null}

      {phase === 'choose' ? (
        <Card>
          <div className="import-choose">
            <FileExcelOutlined className="import-icon" />
            <div>
              <Typography.Paragraph style={{ marginBottom: 8 }}>选择一个 Excel 文件（.xlsx）。{k.hint}</Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
                先做检查：列出将新增、将更新（同一身份证号已有记录）的人数和每一个问题，确认后再导入。导入要么全部成功，要么一行都不写入。
              </Typography.Paragraph>
              <Button type="primary" size="large" onClick={choose} data-testid="choose-file">
                选择文件并检查…
              </Button>
            </div>
          </div>
        </Card>
      ) : null}

      {phase === 'checking' || phase === 'importing' ? (
        <Card data-testid="import-progress">
          <Typography.Paragraph>
            {phase === 'checking' ? '正在检查' : '正在导入'}：<b>{path ? fileName(path) : ''}</b>
          </Typography.Paragraph>
          <Progress percent={progressPercent(job.progress)} status="active" />
          <Space style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">
              {job.progress ? `${job.progress.stage} ${job.progress.done.toLocaleString('zh-CN')} / ${job.progress.total.toLocaleString('zh-CN')}` : '正在读取文件…'}
            </Typography.Text>
            <Button size="small" onClick={job.cancel} data-testid="import-cancel-job">
              取消
            </Button>
          </Space>
        </Card>
      ) : null}

      {phase === 'preview' && report && path ? (
        <Preview
          kind={kind}
          report={report}
          path={path}
          onImport={runImport}
          onCancel={reset}
          onRecheck={() => void check(path, sheet)}
          onSheet={(name) => void check(path, name)}
        />
      ) : null}

      {phase === 'done' && result ? (
        <Card data-testid="import-result">
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title="导入完成"
            subTitle={`文件：${path ? fileName(path) : ''}`}
            extra={[
              <Button type="primary" key="people" onClick={() => navigate(k.doneRoute)}>
                {k.doneLabel}
              </Button>,
              <Button key="again" onClick={reset}>
                继续导入其他文件
              </Button>,
            ]}
          >
            <div className="stat-row">
              <Statistic title={isLedgerReport(result) ? `登记到台账（${k.unit}）` : '新增人员'} value={result.added} data-testid="result-added" />
              {isLedgerReport(result) ? <Statistic title="新建人员" value={result.residentsAdded} data-testid="result-residents" /> : null}
              <Statistic title="更新人员" value={result.updated} data-testid="result-updated" />
              <Statistic title="跳过的行" value={result.skipped} data-testid="result-skipped" />
              {kind === 'residents' ? <Statistic title="新增户" value={result.householdsAdded} data-testid="result-households" /> : null}
            </div>
          </Result>
        </Card>
      ) : null}
    </div>
  );
}

function Preview({ kind, report, path, onImport, onCancel, onRecheck, onSheet }: {
  kind: Kind;
  report: ImportReport;
  path: string;
  onImport: (skipInvalid: boolean) => void;
  onCancel: () => void;
  onRecheck: () => void;
  onSheet: (name: string) => void;
}) {
  const sheets = report.sheets ?? [];
  const problems = report.problems;
  const badRows = useMemo(() => new Set(problems.map((p) => `${p.sheet}\u0000${p.row}`)).size, [problems]);
  const hasProblems = problems.length > 0;
  const importable = report.added + report.updated;
  const matched = report.columns.filter((c) => c.field);
  const ignored = report.columns.filter((c) => !c.field);

  const problemColumns: ColumnsType<ImportProblem> = [
    { title: '工作表', dataIndex: 'sheet', width: 120 },
    { title: '行', dataIndex: 'row', width: 64, align: 'right' },
    { title: '列', dataIndex: 'column', width: 200, render: (c: string) => c || '整行' },
    { title: '原因', dataIndex: 'message' },
  ];
  const previewColumns: ColumnsType<ImportReport['preview'][number]> = [
    { title: '行', dataIndex: 'row', width: 64, align: 'right' },
    {
      title: '处理',
      dataIndex: 'action',
      width: 72,
      render: (a: string) => <Tag color={a === '新增' ? 'green' : a === '更新' ? 'blue' : 'default'}>{a}</Tag>,
    },
    { title: '姓名', dataIndex: 'name', width: 96 },
    { title: '公民身份号码', dataIndex: 'idNumber', width: 180, render: (v: string) => <span className="mono">{v}</span> },
    { title: '网格', dataIndex: 'grid', width: 200 },
    { title: KINDS[kind].lastColumn, dataIndex: 'household' },
  ];

  return (
    <div data-testid="import-preview">
      <Card
        size="small"
        title={
          <Space>
            <FileExcelOutlined />
            <span>{fileName(path)}</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="import-sheet-read">
              工作表「{report.sheet}」，共 {report.totalRows.toLocaleString('zh-CN')} 行数据
            </Typography.Text>
            {sheets.length > 1 ? (
              <Select
                size="small"
                style={{ minWidth: 200 }}
                value={report.sheet}
                onChange={onSheet}
                data-testid="import-sheet-picker"
                options={sheets.map((s) => ({
                  value: s.name,
                  label: `${s.name}${s.hidden ? '（隐藏）' : ''}`,
                }))}
                popupMatchSelectWidth={false}
                aria-label="选择要读取的工作表"
              />
            ) : null}
          </Space>
        }
        extra={
          <Button size="small" type="link" onClick={onRecheck}>
            重新检查（文件改过后）
          </Button>
        }
        style={{ marginBottom: 12 }}
      >
        {report.warnings?.length ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="import-warnings"
            title={report.warnings.length === 1 ? report.warnings[0] : `请注意（${report.warnings.length} 条）`}
            description={report.warnings.length > 1 ? <ul style={{ margin: 0, paddingLeft: 18 }}>{report.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : undefined}
          />
        ) : null}
        <div className="stat-row">
          <Statistic title={isLedgerReport(report) ? '将登记到台账' : '将新增'} value={report.added} suffix={KINDS[kind].unit} data-testid="preview-added" />
          {isLedgerReport(report) ? <Statistic title="实有人口中已有" value={report.residentsMatched} suffix="人" /> : null}
          {isLedgerReport(report) ? <Statistic title="将新建人员" value={report.residentsAdded} suffix="人" data-testid="preview-residents" /> : null}
          {isLedgerReport(report) ? <Statistic title="将记入的记录" value={report.recordsAdded} suffix="条" /> : null}
          <Statistic title="将更新" value={report.updated} suffix="人" data-testid="preview-updated" />
          <Statistic title="将跳过" value={report.skipped} suffix="行" data-testid="preview-skipped" />
          {kind === 'residents' ? <Statistic title="将新增户" value={report.householdsAdded} suffix="户" /> : null}
          <Statistic
            title="问题"
            value={problems.length}
            suffix={hasProblems ? `个（涉及 ${badRows} 行）` : '个'}
            styles={{ content: { color: hasProblems ? '#cf1322' : '#389e0d' } }}
            data-testid="preview-problems"
          />
        </div>
        <div className="import-actions">
          {hasProblems ? (
            <Tooltip title={`文件中有 ${problems.length} 个问题。请修正文件后重新检查，或选择跳过有问题的行。`}>
              <Button type="primary" disabled data-testid="import-all">
                全部导入
              </Button>
            </Tooltip>
          ) : (
            <Button type="primary" onClick={() => onImport(false)} disabled={importable === 0} data-testid="import-all">
              全部导入（{importable} 人）
            </Button>
          )}
          {hasProblems ? (
            <Popconfirm
              title="跳过有问题的行"
              description={`将跳过 ${badRows} 行有问题的数据，导入其余 ${importable} 人。确定吗？`}
              okText="跳过并导入"
              cancelText="再看看"
              onConfirm={() => onImport(true)}
            >
              <Button type="primary" icon={<WarningOutlined />} disabled={importable === 0} data-testid="import-skip">
                跳过有问题的行并导入
              </Button>
            </Popconfirm>
          ) : null}
          <Button onClick={onCancel} data-testid="import-cancel">
            取消
          </Button>
          <Typography.Text type="secondary">检查不会写入任何数据；导入时要么全部写入，要么一行都不写入。</Typography.Text>
        </div>
      </Card>

      <Card size="small" title="列的对应" style={{ marginBottom: 12 }} data-testid="import-columns">
        <div className="tag-wrap">
          {matched.map((c) => (
            <Tag key={c.column} color="blue">
              {c.column} {c.header} → {c.field}
            </Tag>
          ))}
          {ignored.map((c) => (
            <Tooltip key={c.column} title="未识别的列，导入时忽略">
              <Tag>
                {c.column} {c.header}（忽略）
              </Tag>
            </Tooltip>
          ))}
        </div>
      </Card>

      {hasProblems ? (
        <Card size="small" title={<span style={{ color: '#cf1322' }}>问题清单（{problems.length}）</span>} style={{ marginBottom: 12 }}>
          <Table<ImportProblem>
            size="small"
            bordered
            rowKey={(p) => `${p.sheet}-${p.row}-${p.column}-${p.message}`}
            columns={problemColumns}
            dataSource={problems}
            pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 个问题` } : false}
            data-testid="import-problems"
          />
        </Card>
      ) : null}

      {report.preview.length ? (
        <Card size="small" title={`前 ${report.preview.length} 行预览`}>
          <Table
            size="small"
            bordered
            rowKey="row"
            columns={previewColumns}
            dataSource={report.preview}
            pagination={report.preview.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            data-testid="import-preview-rows"
          />
        </Card>
      ) : null}
    </div>
  );
}
