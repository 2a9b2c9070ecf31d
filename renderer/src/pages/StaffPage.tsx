// 网格员: who serves which grid, with filters, the create/edit form and the 网格员花名册 export.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { labelOf, staffRoleTable } from '../../../shared/codes';
import type { StaffMember } from '../../../shared/contract/grid';
import type { Town } from '../../../shared/contract/town';
import { call, errorMessage } from '../api';
import { idItemStatus, todayString } from '../components/fields';
import { FormDialog, type FieldDescriptor, type FormValues } from '../components/form/FormDialog';
import { ExportButton, PrintButton, usePrint } from '../components/listTools';
import { GridSelect, useGridTree, VillageSelect } from '../gridData';

export function StaffPage({ town }: { town: Town }) {
  const { tree, error: treeError } = useGridTree();
  const [villageId, setVillageId] = useState<number | undefined>();
  const [gridId, setGridId] = useState<number | undefined>();
  const [includeEnded, setIncludeEnded] = useState(false);
  const [rows, setRows] = useState<StaffMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<StaffMember | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { printing, print } = usePrint();

  const load = useCallback(async () => {
    try {
      setRows(await call('staff.list', { villageId, gridId, includeEnded }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [villageId, gridId, includeEnded]);
  useEffect(() => {
    void load();
  }, [load]);

  const today = todayString();
  const columns: ColumnsType<StaffMember> = [
    { title: '序号', width: 56, align: 'right', render: (_v, _r, i) => i + 1 },
    { title: '姓名', dataIndex: 'name', width: 90 },
    { title: '职务', dataIndex: 'role', width: 110, render: (r: string) => labelOf(staffRoleTable, r) },
    {
      title: '服务网格',
      render: (_: unknown, s) => (
        <span className="tag-line">
          {s.grids.map((g) => (
            <Tag key={g.id}>
              {g.villageName}·{g.name}
            </Tag>
          ))}
        </span>
      ),
    },
    { title: '联系电话', dataIndex: 'phone', width: 130 },
    { title: '公民身份号码', dataIndex: 'idNumber', width: 180, render: (v: string | null) => <span className="mono">{v ?? ''}</span> },
    { title: '任职日期', dataIndex: 'startDate', width: 104 },
    { title: '离任日期', dataIndex: 'endDate', width: 104 },
    {
      title: '状态',
      width: 76,
      render: (_: unknown, s) => (s.endDate && s.endDate <= today ? <Tag>已离任</Tag> : <Tag color="green">在任</Tag>),
    },
    {
      title: '操作',
      width: 70,
      className: 'no-print',
      render: (_: unknown, s) => (
        <Button type="link" size="small" onClick={() => setEditing(s)}>
          修改
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="staff-page">
      <div className="page-head">
        <h1 className="page-title">网格员</h1>
        <Space className="no-print">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-staff">
            新增网格员
          </Button>
          <ExportButton defaultName={`${town.name}网格员花名册.xlsx`} run={(path) => call('staff.export', { path, includeEnded })} />
          <PrintButton onClick={() => void print()} />
        </Space>
      </div>
      <div className="filter-bar no-print">
        <VillageSelect
          tree={tree}
          value={villageId}
          onChange={(v) => {
            setVillageId(v ?? undefined);
            setGridId(undefined);
          }}
          style={{ width: 180 }}
          data-testid="staff-filter-village"
        />
        <GridSelect tree={tree} villageId={villageId} value={gridId} onChange={(v) => setGridId(v ?? undefined)} style={{ width: 240 }} />
        <Checkbox checked={includeEnded} onChange={(e) => setIncludeEnded(e.target.checked)}>
          包括已离任
        </Checkbox>
        <span className="filter-count" data-testid="staff-count">
          共 {rows?.length ?? 0} 人
        </span>
      </div>
      {treeError || error ? <Alert type="error" showIcon title={error ?? treeError} style={{ marginBottom: 12 }} /> : null}
      {notice ? <Alert type="success" showIcon closable={{ onClose: () => setNotice(null) }} title={notice} style={{ marginBottom: 12 }} data-testid="staff-notice" /> : null}
      <div className="print-title">{town.name}网格员花名册</div>
      <Table<StaffMember>
        size="small"
        bordered
        rowKey="id"
        columns={columns}
        dataSource={rows ?? []}
        loading={rows === null && !error}
        pagination={printing ? false : { pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 人` }}
        locale={{ emptyText: '没有符合条件的网格员' }}
        data-testid="staff-table"
      />
      {editing ? (
        <StaffDialog
          staff={editing === 'new' ? null : editing}
          tree={tree}
          onCancel={() => setEditing(null)}
          onDone={(s, created) => {
            setEditing(null);
            setNotice(created ? `已新增网格员「${s.name}」（${labelOf(staffRoleTable, s.role)}）` : `已保存「${s.name}」`);
            void load();
          }}
        />
      ) : null}
    </div>
  );
}

function StaffDialog({ staff, tree, onCancel, onDone }: {
  staff: StaffMember | null;
  tree: ReturnType<typeof useGridTree>['tree'];
  onCancel: () => void;
  onDone: (s: StaffMember, created: boolean) => void;
}) {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const orNull = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const fields: FieldDescriptor[] = [
    { kind: 'text', name: 'name', label: '姓名', required: true, max: 20, autoFocus: true, span: 8 },
    { kind: 'text', name: 'idNumber', label: '公民身份号码（可不填）', max: 22, mono: true, span: 16, item: (v) => idItemStatus(str(v.idNumber)) },
    { kind: 'code', name: 'role', label: '职务', table: staffRoleTable, required: true, placeholder: '请选择职务', span: 8 },
    { kind: 'text', name: 'phone', label: '联系电话', max: 40, span: 8 },
    { kind: 'note', name: 'gap', span: 8, render: () => null },
    { kind: 'grid', name: 'gridIds', label: '服务的网格（可多选）', tree, multiple: true, required: '请至少选择一个服务的网格' },
    { kind: 'date', name: 'startDate', label: '任职日期', span: 8 },
    {
      kind: 'date', name: 'endDate', label: '离任日期', placeholder: '在任不填', span: 8, dependencies: ['startDate'],
      check: (v) => (str(v.endDate) && str(v.startDate) && str(v.endDate) < str(v.startDate) ? '离任日期不能早于任职日期' : null),
    },
    { kind: 'text', name: 'note', label: '备注', max: 200 },
  ];
  const toInput = (v: FormValues) => ({
    name: str(v.name),
    idNumber: str(v.idNumber).trim() ? str(v.idNumber) : null,
    phone: str(v.phone),
    role: str(v.role),
    gridIds: Array.isArray(v.gridIds) ? (v.gridIds as number[]) : [],
    startDate: orNull(v.startDate),
    endDate: orNull(v.endDate),
    note: str(v.note),
  });
  return (
    <FormDialog
      title={staff ? `修改网格员「${staff.name}」` : '新增网格员'}
      fields={fields}
      initialValues={
        staff
          ? { name: staff.name, idNumber: staff.idNumber ?? '', phone: staff.phone, role: staff.role, gridIds: staff.grids.map((g) => g.id), startDate: staff.startDate, endDate: staff.endDate, note: staff.note }
          : { gridIds: [], startDate: todayString() }
      }
      channel={staff ? 'staff.update' : 'staff.create'}
      toInput={(v) => (staff ? { id: staff.id, ...toInput(v) } : toInput(v))}
      onCancel={onCancel}
      onDone={(s) => onDone(s, !staff)}
      width={720}
      requiredMark
      testIds={{ dialog: 'staff-dialog', form: 'staff-form', ok: 'staff-ok', error: 'dialog-error' }}
    />
  );
}
