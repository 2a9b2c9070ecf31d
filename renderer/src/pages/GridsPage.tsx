// 网格管理: the town → 村/社区 → 网格 tree with counts and warnings, and the changes staff make to it.
import { ApartmentOutlined, AppstoreOutlined, BankOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { gridKindTable, labelOf, staffRoleTable, villageTypeTable } from '../../../shared/codes';
import type { GridNode, GridTree, VillageNode } from '../../../shared/contract/grid';
import type { Town } from '../../../shared/contract/town';
import { POPULATION_RULE } from '../../../shared/rules/population';
import { checkVillageCode, guessVillageType } from '../../../shared/rules/regionCode';
import { call, errorMessage } from '../api';
import { todayString } from '../components/fields';
import { FormDialog, type FieldDescriptor, type FormValues } from '../components/form/FormDialog';
import { ExportButton, PrintButton, usePrint } from '../components/listTools';
import { useGridTree } from '../gridData';
import { navigate } from '../useRoute';
import { useHashParams } from '../components/ledger/common';

type Counts = { households: number; residents: number; staff: number; grids?: number };
interface Row {
  key: string;
  level: 'town' | 'village' | 'grid';
  name: string;
  code: string;
  kind: string;
  counts: Counts;
  warnings: ReactNode[];
  village?: VillageNode;
  grid?: GridNode;
  closed?: boolean;
  children?: Row[];
}

function gridWarnings(g: GridNode): ReactNode[] {
  const out: ReactNode[] = [];
  if (g.closedOn) out.push(<Tag key="closed">已撤销 {g.closedOn}</Tag>);
  for (const w of g.warnings) {
    if (w.startsWith('未配齐')) continue;
    out.push(
      <Tooltip key={w} title={w}>
        <Tag color="orange" className="tag-clip">{w}</Tag>
      </Tooltip>,
    );
  }
  if (!g.closedOn && (g.missingRoles.length || g.warnings.some((w) => w.startsWith('未配齐')))) {
    const roles = g.missingRoles.map((r) => labelOf(staffRoleTable, r));
    const text = roles.length ? `未配齐 1+3：缺${roles.join('、')}` : (g.warnings.find((w) => w.startsWith('未配齐')) ?? '未配齐');
    out.push(
      <Tag key="staffing" color="gold" data-testid="tag-staffing">
        {text}
      </Tag>,
    );
  }
  return out;
}

/** A village's line sums up its grids' warnings by kind; the core's own village warnings follow. */
function villageWarnings(v: VillageNode): ReactNode[] {
  const open = v.grids.filter((g) => !g.closedOn);
  const over = open.filter((g) => g.warnings.some((w) => w.startsWith('超规模'))).length;
  const under = open.filter((g) => g.missingRoles.length > 0 || g.warnings.some((w) => w.startsWith('未配齐'))).length;
  const out: ReactNode[] = [];
  if (over) out.push(<Tag key="over" color="orange">超规模 {over} 个网格</Tag>);
  if (under) out.push(<Tag key="under" color="gold">未配齐 {under} 个网格</Tag>);
  for (const w of v.warnings) {
    if (/个网格有提醒$/.test(w) && out.length) continue;
    out.push(<Tag key={w} color="orange">{w}</Tag>);
  }
  return out;
}

function toRows(tree: GridTree, townKind: string): Row[] {
  const villages: Row[] = tree.villages.map((v) => ({
    key: `v${v.id}`,
    level: 'village',
    name: v.name,
    code: v.code,
    kind: labelOf(villageTypeTable, v.type),
    counts: v.counts,
    warnings: villageWarnings(v),
    village: v,
    children: v.grids.length
      ? v.grids.map((g) => ({
          key: `g${g.id}`,
          level: 'grid' as const,
          name: g.name,
          code: g.code,
          kind: g.kind,
          counts: g.counts,
          warnings: gridWarnings(g),
          grid: g,
          village: v,
          closed: !!g.closedOn,
        }))
      : undefined,
  }));
  const unassigned = tree.unassigned.households
    ? [
        <Tag key="nogrid" color="red">
          无网格住户 {tree.unassigned.households} 户 {tree.unassigned.residents} 人
        </Tag>,
      ]
    : [];
  return [
    {
      key: 'town',
      level: 'town',
      name: tree.town.name,
      code: tree.town.code,
      kind: townKind,
      counts: tree.totals,
      warnings: unassigned,
      children: villages.length ? villages : undefined,
    },
  ];
}

const levelIcon = { town: <BankOutlined />, village: <ApartmentOutlined />, grid: <AppstoreOutlined /> };

type Dialog =
  | { kind: 'village'; village?: VillageNode }
  | { kind: 'grid'; villageId?: number; grid?: GridNode }
  | { kind: 'move'; grid: GridNode; village: VillageNode }
  | { kind: 'close'; grid: GridNode };

export function GridsPage({ town }: { town: Town }) {
  const [includeClosed, setIncludeClosed] = useState(false);
  const { tree, error, loading, reload } = useGridTree(includeClosed);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const { printing, print } = usePrint();
  // #/grids?grid=N (or ?village=N), as the map's click opens it: that row is marked and scrolled to.
  const params = useHashParams();
  const focusKey = params.get('grid') ? `g${params.get('grid')}` : params.get('village') ? `v${params.get('village')}` : null;

  const rows = useMemo(() => (tree ? toRows(tree, town.kind) : []), [tree, town.kind]);
  const villageKeys = useMemo(() => (tree?.villages ?? []).map((v) => `v${v.id}`), [tree]);
  // A big town opens with its villages folded, so the whole list of villages fits on a screen.
  const folded = useRef(false);
  useEffect(() => {
    if (!tree || folded.current) return;
    folded.current = true;
    if (tree.totals.grids > 30) setCollapsed(new Set(villageKeys));
  }, [tree, villageKeys]);
  useEffect(() => {
    if (!tree || !focusKey) return;
    // A focused grid's village is unfolded so its row is there to scroll to.
    const owner = focusKey.startsWith('g') ? tree.villages.find((v) => v.grids.some((g) => `g${g.id}` === focusKey)) : null;
    if (owner) setCollapsed((c) => (c.has(`v${owner.id}`) ? new Set([...c].filter((k) => k !== `v${owner.id}`)) : c));
    const t = window.setTimeout(() => document.querySelector('.row-focused')?.scrollIntoView({ block: 'center' }), 50);
    return () => window.clearTimeout(t);
  }, [tree, focusKey]);
  const expandedKeys = useMemo(() => {
    const keys: string[] = [];
    const walk = (rs: Row[]) => rs.forEach((r) => {
      if (r.children && (printing || !collapsed.has(r.key))) keys.push(r.key);
      if (r.children) walk(r.children);
    });
    walk(rows);
    return keys;
  }, [rows, collapsed, printing]);

  const done = (text: string) => {
    setDialog(null);
    setNotice(text);
    void reload();
  };

  const columns: ColumnsType<Row> = [
    {
      title: '名称',
      dataIndex: 'name',
      width: 220,
      render: (name: string, r) => (
        <span className={`tree-name level-${r.level}${r.closed ? ' is-closed' : ''}`} data-testid={`tree-${r.level}`}>
          {levelIcon[r.level]} {name}
        </span>
      ),
    },
    { title: '编码', dataIndex: 'code', width: 148, render: (c: string) => <span className="mono">{c}</span> },
    { title: '类别', dataIndex: 'kind', width: 84 },
    { title: '网格', width: 64, align: 'right', render: (_: unknown, r) => (r.level === 'grid' ? '' : r.counts.grids ?? '') },
    { title: '户数', width: 76, align: 'right', render: (_: unknown, r) => r.counts.households.toLocaleString('zh-CN') },
    { title: '人数', width: 84, align: 'right', render: (_: unknown, r) => r.counts.residents.toLocaleString('zh-CN') },
    { title: '网格员', width: 70, align: 'right', render: (_: unknown, r) => r.counts.staff },
    { title: '提示', render: (_: unknown, r) => <span className="tag-line">{r.warnings}</span> },
    {
      title: '操作',
      width: 206,
      className: 'no-print',
      render: (_: unknown, r) => {
        if (r.level === 'town') {
          return (
            <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'village' })}>
              新建村/社区
            </Button>
          );
        }
        if (r.level === 'village') {
          return (
            <Space size={0}>
              <Button size="small" type="link" onClick={() => setDialog({ kind: 'grid', villageId: r.village!.id })} data-testid="row-new-grid">
                新建网格
              </Button>
              <Button size="small" type="link" onClick={() => setDialog({ kind: 'village', village: r.village })}>
                修改
              </Button>
            </Space>
          );
        }
        if (r.closed) return null;
        return (
          <Space size={0}>
            <Button size="small" type="link" onClick={() => setDialog({ kind: 'grid', grid: r.grid })}>
              改名
            </Button>
            <Button size="small" type="link" onClick={() => setDialog({ kind: 'move', grid: r.grid!, village: r.village! })}>
              移至其他村
            </Button>
            <Button size="small" type="link" danger onClick={() => setDialog({ kind: 'close', grid: r.grid! })}>
              撤销
            </Button>
          </Space>
        );
      },
    },
  ];

  const warnCount = (kind: string) => tree?.warnings.filter((w) => w.kind === kind).length ?? 0;

  return (
    <div data-testid="grids-page">
      <div className="page-head">
        <h1 className="page-title">网格管理</h1>
        <Space className="no-print" wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'village' })} data-testid="new-village">
            新建村/社区
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'grid' })} disabled={!tree?.villages.length} data-testid="new-grid">
            新建网格
          </Button>
          <Button onClick={() => setCollapsed(new Set())} data-testid="expand-all">
            展开全部
          </Button>
          <Button onClick={() => setCollapsed(new Set(villageKeys))}>收起全部</Button>
          <Checkbox checked={includeClosed} onChange={(e) => setIncludeClosed(e.target.checked)}>
            显示已撤销的网格
          </Checkbox>
          <ExportButton defaultName={`${town.name}网格列表.xlsx`} run={(path, jobId) => call('grid.export', { path }, { jobId })} />
          <PrintButton onClick={() => void print()} />
        </Space>
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="grids-error" /> : null}
      {notice ? (
        <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} style={{ marginBottom: 12 }} data-testid="grids-notice" />
      ) : null}
      {tree ? (
        <div className="summary-bar" data-testid="grids-summary">
          <span>村/社区 <b>{tree.totals.villages}</b> 个</span>
          <span>网格 <b>{tree.totals.grids}</b> 个</span>
          <span title={POPULATION_RULE.households}>户 <b>{tree.totals.households.toLocaleString('zh-CN')}</b></span>
          <span title={POPULATION_RULE.residents}>实有人口 <b>{tree.totals.residents.toLocaleString('zh-CN')}</b> 人</span>
          <span>网格员 <b>{tree.totals.staff}</b> 人</span>
          <span className="summary-warn">
            {warnCount('超规模') ? <Tag color="orange">超规模 {warnCount('超规模')} 个网格</Tag> : null}
            {warnCount('未配齐') ? <Tag color="gold">未配齐 {warnCount('未配齐')} 个网格</Tag> : null}
            {tree.unassigned.households ? (
              <Tag color="red" className="clickable no-print-style" onClick={() => navigate('people?noGrid=1')}>
                无网格住户 {tree.unassigned.households} 户（点击查看）
              </Tag>
            ) : null}
          </span>
        </div>
      ) : null}
      <div className="print-title">{town.name}网格列表</div>
      <Table<Row>
        size="small"
        bordered
        loading={loading && !tree}
        columns={columns}
        dataSource={rows}
        pagination={false}
        rowClassName={(r) => `row-${r.level}${r.key === focusKey ? ' row-focused' : ''}`}
        expandable={{
          expandedRowKeys: expandedKeys,
          onExpand: (expanded, r) =>
            setCollapsed((s) => {
              const n = new Set(s);
              if (expanded) n.delete(r.key);
              else n.add(r.key);
              return n;
            }),
          indentSize: 20,
        }}
        locale={{ emptyText: tree ? '还没有村/社区。请点击「新建村/社区」。' : '正在读取…' }}
        data-testid="grid-tree"
      />
      <Typography.Paragraph type="secondary" className="page-foot">
        综合网格一般不超过 500 户或 2500 人；每个网格应配齐 1+3：网格长、专职网格员、兼职网格员、网格指导员。
      </Typography.Paragraph>

      {dialog?.kind === 'village' ? (
        <VillageDialog
          town={town}
          village={dialog.village}
          onCancel={() => setDialog(null)}
          onDone={(v, created) => done(created ? `已新建${labelOf(villageTypeTable, v.type)}「${v.name}」，代码 ${v.code}` : `已保存「${v.name}」`)}
        />
      ) : null}
      {dialog?.kind === 'grid' ? (
        <GridDialog
          tree={tree}
          villageId={dialog.villageId}
          grid={dialog.grid}
          onCancel={() => setDialog(null)}
          onDone={(g, created) => done(created ? `已新建${g.kind}「${g.name}」，网格编码 ${g.code}` : `已保存网格「${g.name}」`)}
        />
      ) : null}
      {dialog?.kind === 'move' ? (
        <MoveDialog tree={tree} grid={dialog.grid} from={dialog.village} onCancel={() => setDialog(null)} onDone={(text) => done(text)} />
      ) : null}
      {dialog?.kind === 'close' ? (
        <CloseDialog grid={dialog.grid} onCancel={() => setDialog(null)} onDone={(g) => done(`网格「${g.name}」已于 ${g.closedOn} 撤销`)} />
      ) : null}
    </div>
  );
}

function ErrorBox({ error }: { error: string | null }) {
  return error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="dialog-error" /> : null;
}

function VillageDialog({ town, village, onCancel, onDone }: {
  town: Town;
  village?: VillageNode;
  onCancel: () => void;
  onDone: (v: { name: string; code: string; type: string }, created: boolean) => void;
}) {
  const prefix = town.code.slice(0, 9);
  const codeOf = (v: FormValues) => (typeof v.code === 'string' ? v.code : '');
  const fields: FieldDescriptor[] = [
    {
      kind: 'text', name: 'code', label: '村/社区代码（12位统计用区划代码）', required: '请填写村/社区代码', max: 14, numeric: true, mono: true, autoFocus: !village,
      disabled: () => Boolean(village),
      // The town's code is not in the schema: the first 9 digits are checked here, as the core checks them.
      check: (v) => {
        const c = checkVillageCode(codeOf(v), town.code);
        return c.ok ? null : c.reason;
      },
      help: (v) => {
        if (village) return '代码不能修改：网格编码都以它开头';
        const c = codeOf(v) ? checkVillageCode(codeOf(v), town.code) : null;
        if (c && !c.ok) return undefined;
        return c?.ok ? `末三位 ${c.code.slice(9)}，按惯例为${guessVillageType(c.code)}` : `前9位与本乡镇相同（${prefix}），末3位为村/社区序号，如 ${prefix}201`;
      },
    },
    { kind: 'text', name: 'name', label: '名称', required: '请填写村/社区名称', max: 30, placeholder: '例如：东关村、城南社区' },
    { kind: 'code', name: 'type', label: '类别', table: villageTypeTable, as: 'radio', required: true },
  ];
  const toInput = (v: FormValues) => ({ code: codeOf(v), name: typeof v.name === 'string' ? v.name : '', type: typeof v.type === 'string' ? v.type : undefined });
  return (
    <FormDialog
      title={village ? `修改「${village.name}」` : '新建村/社区'}
      fields={fields}
      initialValues={village ? { code: village.code, name: village.name, type: village.type } : { code: prefix }}
      channel={village ? 'village.update' : 'village.create'}
      toInput={(v) => (village ? { id: village.id, ...toInput(v) } : toInput(v))}
      onValuesChange={(changed, _all, form) => {
        // A valid code suggests the 类别 until staff choose one.
        if (typeof changed.code !== 'string') return;
        const c = checkVillageCode(changed.code, town.code);
        if (c.ok && !form.isFieldTouched('type')) form.setFieldValue('type', guessVillageType(c.code));
      }}
      onCancel={onCancel}
      onDone={(v) => onDone(v, !village)}
      width={560}
      requiredMark
      testIds={{ dialog: 'village-dialog', ok: 'village-ok', error: 'dialog-error' }}
    />
  );
}

function GridDialog({ tree, villageId, grid, onCancel, onDone }: {
  tree: GridTree | null;
  villageId?: number;
  grid?: GridNode;
  onCancel: () => void;
  onDone: (g: { name: string; code: string; kind: string }, created: boolean) => void;
}) {
  const fields: FieldDescriptor[] = [
    {
      kind: 'note', name: 'code', show: () => Boolean(grid),
      render: () => (
        <Form.Item label="网格编码">
          <span className="mono">{grid?.code}</span>（{grid?.kind}）
        </Form.Item>
      ),
    },
    {
      kind: 'choice', name: 'villageId', label: '所属村/社区', required: true, placeholder: '请选择', show: () => !grid,
      options: (tree?.villages ?? []).map((v) => ({ value: v.id, label: `${v.name}（${v.code}）` })),
    },
    {
      kind: 'code', name: 'kind', label: '网格类型', table: gridKindTable, as: 'radio', required: true, show: () => !grid,
      help: '综合网格按地域划分，编码序号 001–899；专属网格为学校、医院、园区、企业等，序号 901–999。编码由系统自动分配。',
    },
    { kind: 'text', name: 'name', label: '网格名称', required: true, max: 40, autoFocus: true, placeholder: '例如：第一网格、中心小学专属网格' },
    { kind: 'textarea', name: 'description', label: '网格描述（范围、四至）', max: 500, placeholder: '例如：东至人民路，西至河堤，南至文化街，北至环城路' },
  ];
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return (
    <FormDialog
      title={grid ? `修改网格「${grid.name}」` : '新建网格'}
      fields={fields}
      initialValues={grid ? { name: grid.name, description: grid.description, kind: grid.kind } : { villageId, kind: '综合网格', description: '' }}
      channel={grid ? 'grid.update' : 'grid.create'}
      toInput={(v) =>
        grid
          ? { id: grid.id, name: str(v.name), description: str(v.description) }
          : { villageId: typeof v.villageId === 'number' ? v.villageId : 0, kind: str(v.kind), name: str(v.name), description: str(v.description) }
      }
      onCancel={onCancel}
      onDone={(g) => onDone(g, !grid)}
      width={560}
      requiredMark
      testIds={{ dialog: 'grid-dialog', ok: 'grid-ok', error: 'dialog-error' }}
    />
  );
}

function MoveDialog({ tree, grid, from, onCancel, onDone }: { tree: GridTree | null; grid: GridNode; from: VillageNode; onCancel: () => void; onDone: (text: string) => void }) {
  const { modal } = App.useApp();
  const [target, setTarget] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const targetVillage = tree?.villages.find((v) => v.id === target);

  const submit = () => {
    if (!targetVillage) {
      setError('请选择要移入的村/社区');
      return;
    }
    modal.confirm({
      title: '确认移动网格',
      content: `把「${from.name}·${grid.name}」移到「${targetVillage.name}」？网格编码将改为${targetVillage.name}的下一个空闲编码，网格内的户和网格员随网格一起移动。`,
      okText: '移动',
      cancelText: '取消',
      onOk: async () => {
        setSaving(true);
        setError(null);
        try {
          const g = await call('grid.move', { id: grid.id, villageId: targetVillage.id });
          onDone(`网格「${g.name}」已移至「${targetVillage.name}」，新编码 ${g.code}（原编码 ${grid.code}）`);
        } catch (err) {
          setError(errorMessage(err));
        } finally {
          setSaving(false);
        }
      },
    });
  };

  return (
    <Modal open title={`移动网格「${grid.name}」`} onCancel={onCancel} onOk={submit} okText="移动…" confirmLoading={saving} width={520} data-testid="move-dialog">
      <p>
        现属：{from.name}，编码 <span className="mono">{grid.code}</span>
      </p>
      <Select
        style={{ width: '100%' }}
        placeholder="选择要移入的村/社区"
        value={target}
        onChange={setTarget}
        options={(tree?.villages ?? []).filter((v) => v.id !== from.id).map((v) => ({ value: v.id, label: `${v.name}（${v.code}）` }))}
      />
      <div style={{ height: 12 }} />
      <ErrorBox error={error} />
    </Modal>
  );
}

function CloseDialog({ grid, onCancel, onDone }: { grid: GridNode; onCancel: () => void; onDone: (g: { name: string; closedOn: string | null }) => void }) {
  return (
    <FormDialog
      title={`撤销网格「${grid.name}」`}
      intro={`撤销前须先把网格内的 ${grid.counts.households} 户移到其他网格。撤销后网格保留在历史记录中，不再接收新的户。`}
      fields={[
        { kind: 'date', name: 'date', label: '撤销日期', required: true },
        { kind: 'textarea', name: 'reason', label: '撤销原因', required: true, rows: 2, max: 200, placeholder: '例如：区划调整，并入第二网格' },
      ]}
      initialValues={{ date: todayString() }}
      channel="grid.close"
      toInput={(v) => ({ id: grid.id, date: typeof v.date === 'string' ? v.date : '', reason: typeof v.reason === 'string' ? v.reason : '' })}
      onCancel={onCancel}
      onDone={onDone}
      okText="撤销网格"
      danger
      requiredMark
      testIds={{ dialog: 'close-dialog', ok: 'close-ok', error: 'dialog-error' }}
    />
  );
}
