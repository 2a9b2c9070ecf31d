// 县级报表（一表通）: load the county's own .xlsx once, see its columns as the app read them, pick the figure for each
// (the suggestion preselected), save the mapping by name; then fill any saved form for a month (in the worker, with
// progress). The help panel gives the placeholder syntax a county can write into its form instead.
import { DeleteOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { FormInspection, FormMapping, SavedForm } from '../../../../shared/contract/countyForms';
import type { Town } from '../../../../shared/contract/town';
import { BLANK, FORM_FIGURES, KEY_GROUPS, type KeyGroup } from '../../../../shared/reports/countyForms';
import type { ProblemPlace } from '../../../../shared/result';
import { ApiError, call, errorMessage } from '../../api';
import { useLoad } from '../../components/ledger/common';
import { ExportButton } from '../../components/listTools';

const xlsxFilter = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];
const letter = (n: number) => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

/** The figures a column may take, grouped by where they come from, for the kind of form. */
function figureOptions(kind: FormMapping['kind'], group: KeyGroup | null) {
  const fits = FORM_FIGURES.filter((f) =>
    f.name === BLANK ? true : kind === 'villages' ? f.scope === 'village' : f.scope === 'person' && (!group || !f.groups || f.groups.includes(group)),
  );
  const sources = [...new Set(fits.map((f) => f.source))];
  return sources.map((s) => ({ label: s, options: fits.filter((f) => f.source === s).map((f) => ({ value: f.name, label: f.name === BLANK ? '（留空，不填）' : f.name.slice(2) })) }));
}

function HelpPanel() {
  return (
    <Collapse
      size="small"
      data-testid="county-form-help"
      items={[
        {
          key: 'help',
          label: '帮助：怎样让软件填写县里的报表（占位符写法）',
          children: (
            <Typography>
              <p>两种方式任选其一：</p>
              <ol>
                <li>
                  直接载入县里下发的 Excel 样表（.xlsx），软件读出表头，为每一列建议要填的数字，核对、修改后以报表名称保存。以后每月选月份「填写」即可，
                  表格的格式、合并单元格、公式和打印设置都保持不变；每个村（社区）一行（人员名单每人一行），最后是合计行。
                </li>
                <li>
                  在样表的单元格里写占位符，软件按占位符填写：
                  <ul>
                    <li>
                      <code>{'{镇名}'}</code> <code>{'{统计期}'}</code>（如 2026年11月）<code>{'{填报日期}'}</code> <code>{'{年}'}</code> <code>{'{月}'}</code>：可写在任何单元格、任何文字中，如
                      <code>{'填报单位：{镇名}综治中心'}</code>。
                    </li>
                    <li>
                      <code>{'{村.名称}'}</code> <code>{'{村.序号}'}</code> <code>{'{村.在册帮教对象}'}</code> <code>{'{村.衔接率}'}</code> ……：写在数据行，该行按村（社区）重复，其下自动加合计行（表中已有「合计」行时填入该行，比率按合计数重新计算）。
                    </li>
                    <li>
                      <code>{'{人.姓名}'}</code> <code>{'{人.身份证号}'}</code> <code>{'{人.村}'}</code> <code>{'{人.罪名}'}</code> ……：人员名单，该行按人员重复。
                    </li>
                    <li>
                      <code>{'{留空}'}</code>：该列不填。名称与「统计报表」T1–T4 的列名一致；列名重复或过短时带上分组，如 <code>{'{村.城市低保/户}'}</code>、<code>{'{村.实有人口/合计}'}</code>。
                    </li>
                  </ul>
                </li>
              </ol>
              <p>不认识的占位符、还没有指定的列，会在填写之前列出（工作表和单元格），不会生成文件。旧版 .xls、设有密码或已损坏的文件无法读取，请先在 Excel / WPS 中另存为 .xlsx。</p>
              <details>
                <summary>全部可用的名称</summary>
                <div style={{ columns: 3, fontSize: 12 }} data-testid="county-form-names">
                  {FORM_FIGURES.map((f) => (
                    <div key={f.name}>
                      {'{'}
                      {f.name}
                      {'}'} <span className="muted">{f.source}</span>
                    </div>
                  ))}
                </div>
              </details>
            </Typography>
          ),
        },
      ]}
    />
  );
}

interface Draft {
  path: string;
  inspection: FormInspection;
  mapping: FormMapping;
  name: string;
}

function MappingEditor({ draft, onChange, onSaved }: { draft: Draft; onChange: (d: Draft) => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [problems, setProblems] = useState<(ProblemPlace & { message: string })[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { inspection, mapping } = draft;
  const options = useMemo(() => figureOptions(mapping.kind, mapping.group), [mapping.kind, mapping.group]);
  const setMapping = (m: FormMapping) => onChange({ ...draft, mapping: m });
  const unknown = inspection.placeholders.filter((p) => p.unknown.length);
  const open = mapping.columns.filter((c) => c.figure === null);

  const save = async () => {
    setSaving(true);
    setError(null);
    setProblems([]);
    try {
      await call('countyForm.save', { name: draft.name, path: draft.path, mapping });
      message.success(`已保存「${draft.name}」`);
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError) setProblems(err.info.problems ?? []);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={`对应关系：${inspection.file}`} data-testid="county-form-editor" style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>工作表</span>
        <Select
          style={{ width: 180 }}
          value={mapping.sheet}
          data-testid="county-form-sheet"
          options={inspection.sheets.filter((s) => s.mapping).map((s) => ({ value: s.name, label: s.name }))}
          onChange={(name) => setMapping(inspection.sheets.find((s) => s.name === name)!.mapping!)}
        />
        <Tag color="blue">{mapping.kind === 'villages' ? '按村（社区）填报' : '人员名单'}</Tag>
        {mapping.kind === 'persons' ? (
          <Select<KeyGroup>
            style={{ width: 180 }}
            placeholder="人员类别"
            value={mapping.group ?? undefined}
            data-testid="county-form-group"
            options={(Object.keys(KEY_GROUPS) as KeyGroup[]).map((g) => ({ value: g, label: KEY_GROUPS[g] }))}
            onChange={(group) => setMapping({ ...mapping, group })}
          />
        ) : null}
        <span className="muted">
          表头第 {mapping.headerFrom}–{mapping.headerTo} 行，数据从第 {mapping.dataRow} 行起{mapping.totalRow ? `，合计在第 ${mapping.totalRow} 行` : '，合计行加在各村之后'}
        </span>
      </Space>
      {inspection.usesPlaceholders ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title="表中写有占位符：各列按占位符填写。" /> : null}
      {unknown.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="county-form-unknown"
          title="表中有不认识的占位符（填写前请在 Excel 中改正）"
          description={unknown.map((p) => `工作表「${p.sheet}」${p.cell}：${p.unknown.map((u) => `{${u}}`).join('、')}`).join('；')}
        />
      ) : null}
      <Table
        size="small"
        rowKey="column"
        pagination={false}
        dataSource={mapping.columns}
        data-testid="county-form-columns"
        columns={[
          { title: '列', dataIndex: 'column', width: 60, render: (c: number) => letter(c) },
          { title: '表头', dataIndex: 'label' },
          {
            title: '填写的数字',
            width: 320,
            render: (_: unknown, c: FormMapping['columns'][number]) => (
              <Select
                showSearch
                allowClear
                status={c.figure === null ? 'warning' : undefined}
                style={{ width: '100%' }}
                placeholder="请选择"
                value={c.figure ?? undefined}
                options={options}
                data-testid={`county-form-figure-${letter(c.column)}`}
                onChange={(v: string | undefined) => setMapping({ ...mapping, columns: mapping.columns.map((x) => (x.column === c.column ? { ...x, figure: v ?? null } : x)) })}
              />
            ),
          },
        ]}
      />
      {open.length ? <div className="muted" style={{ marginTop: 8 }} data-testid="county-form-open">还有 {open.length} 列没有指定：{open.map((c) => `${letter(c.column)}列「${c.label}」`).join('、')}（不需要填的列请选「留空」）</div> : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={error}
          description={problems.length ? problems.map((p) => p.message).join('；') : undefined}
          data-testid="county-form-error"
        />
      ) : null}
      <Space style={{ marginTop: 12 }}>
        <Input style={{ width: 260 }} value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} placeholder="报表名称，如 县帮教月报" data-testid="county-form-name" maxLength={40} />
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={!draft.name.trim()} data-testid="county-form-save">
          保存
        </Button>
      </Space>
    </Card>
  );
}

export function CountyFormsPage({ town }: { town: Town }) {
  const { modal } = App.useApp();
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const saved = useLoad(() => call('countyForm.list', {}), []);

  const load = async () => {
    const path = await window.api.pickOpenFile(xlsxFilter);
    if (!path) return;
    setLoadError(null);
    try {
      const inspection = await call('countyForm.inspect', { path });
      const sheet = inspection.sheets.find((s) => s.name === inspection.suggestedSheet)?.mapping;
      if (!sheet) {
        setLoadError(`没有在「${inspection.file}」中找到表头：${inspection.sheets.map((s) => `${s.name}（${s.note}）`).join('、')}`);
        return;
      }
      setDraft({ path, inspection, mapping: sheet, name: inspection.file.replace(/\.xlsx$/i, '') });
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  };

  const remove = (f: SavedForm) =>
    modal.confirm({
      title: `删除县级报表「${f.name}」？`,
      content: '只删除保存的样表和对应关系，已经填好的文件不受影响。',
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await call('countyForm.remove', { name: f.name });
          saved.reload();
        } catch (err) {
          modal.error({ title: '删除失败', content: errorMessage(err) });
        }
      },
    });

  return (
    <div data-testid="county-forms-page">
      <div className="page-head">
        <h1 className="page-title">县级报表（一表通）</h1>
        <Space>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            data-testid="county-form-month"
          />
          <Button icon={<UploadOutlined />} onClick={() => void load()} data-testid="county-form-load">
            载入县级报表
          </Button>
        </Space>
      </div>
      <div style={{ marginBottom: 16 }}>
        <HelpPanel />
      </div>
      {loadError ? <Alert type="error" showIcon closable style={{ marginBottom: 16 }} title={loadError} data-testid="county-form-load-error" onClose={() => setLoadError(null)} /> : null}
      {draft ? (
        <MappingEditor
          draft={draft}
          onChange={setDraft}
          onSaved={() => {
            setDraft(null);
            saved.reload();
          }}
        />
      ) : null}
      <Card size="small" title="已保存的县级报表">
        {saved.error ? <Alert type="error" showIcon title={saved.error} /> : null}
        {saved.value && saved.value.length === 0 ? (
          <Empty description="还没有保存县级报表：点「载入县级报表」选择县里下发的 .xlsx 样表" />
        ) : (
          <Table<SavedForm>
            size="small"
            rowKey="name"
            loading={saved.loading}
            pagination={false}
            dataSource={saved.value ?? []}
            data-testid="county-form-list"
            columns={[
              { title: '报表名称', dataIndex: 'name', render: (n: string) => <><FileExcelOutlined /> {n}</> },
              { title: '工作表', render: (_: unknown, f) => f.mapping.sheet },
              { title: '类型', render: (_: unknown, f) => (f.mapping.kind === 'villages' ? '按村填报' : `人员名单（${f.mapping.group ? KEY_GROUPS[f.mapping.group] : '未选类别'}）`) },
              { title: '列数', render: (_: unknown, f) => f.mapping.columns.length },
              { title: '保存时间', dataIndex: 'updatedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
              {
                title: '操作',
                width: 260,
                render: (_: unknown, f) => (
                  <Space>
                    <ExportButton
                      defaultName={`${town.name}${f.name}${month}.xlsx`}
                      run={(path, jobId) => call('countyForm.fill', { name: f.name, month, path }, { jobId })}
                      testId={`county-form-fill-${f.name}`}
                      label={`填写 ${month}`}
                    />
                    <Button icon={<DeleteOutlined />} danger size="small" onClick={() => remove(f)} data-testid={`county-form-remove-${f.name}`}>
                      删除
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
