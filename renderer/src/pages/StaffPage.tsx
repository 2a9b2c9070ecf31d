// 网格员: who serves which grid, with filters, the create/edit form and the 网格员花名册 export.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Col, Form, Input, Modal, Row, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { labelOf, staffRoleTable } from '../../../shared/codes';
import type { StaffMember } from '../../../shared/contract/grid';
import type { Town } from '../../../shared/contract/town';
import { call, errorMessage } from '../api';
import { applyProblems, CodeSelect, DateField, idItemStatus, idNumberRule, todayString } from '../components/fields';
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

interface StaffValues {
  name: string;
  idNumber?: string;
  phone?: string;
  role?: string;
  gridIds: number[];
  startDate?: string | null;
  endDate?: string | null;
  note?: string;
}

function StaffDialog({ staff, tree, onCancel, onDone }: {
  staff: StaffMember | null;
  tree: ReturnType<typeof useGridTree>['tree'];
  onCancel: () => void;
  onDone: (s: StaffMember, created: boolean) => void;
}) {
  const [form] = Form.useForm<StaffValues>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const idValue = Form.useWatch('idNumber', form);

  const submit = async () => {
    let v: StaffValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const input = {
      name: v.name,
      idNumber: v.idNumber?.trim() ? v.idNumber : null,
      phone: v.phone ?? '',
      role: v.role ?? '',
      gridIds: v.gridIds ?? [],
      startDate: v.startDate ?? null,
      endDate: v.endDate ?? null,
      note: v.note ?? '',
    };
    try {
      const s = staff ? await call('staff.update', { id: staff.id, ...input }) : await call('staff.create', input);
      onDone(s, !staff);
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={staff ? `修改网格员「${staff.name}」` : '新增网格员'} onCancel={onCancel} onOk={submit} okText="保存" confirmLoading={saving} width={720} mask={{ closable: false }}>
      <Form
        form={form}
        layout="vertical"
       
        data-testid="staff-form"
        initialValues={
          staff
            ? { name: staff.name, idNumber: staff.idNumber ?? '', phone: staff.phone, role: staff.role, gridIds: staff.grids.map((g) => g.id), startDate: staff.startDate, endDate: staff.endDate, note: staff.note }
            : { gridIds: [], startDate: todayString() }
        }
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
              <Input maxLength={20} autoFocus />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="公民身份号码（可不填）" name="idNumber" rules={[idNumberRule(false)]} {...idItemStatus(idValue)}>
              <Input maxLength={22} className="mono" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="职务" name="role" rules={[{ required: true, message: '请选择职务' }]}>
              <CodeSelect table={staffRoleTable} placeholder="请选择职务" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="联系电话" name="phone">
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={8} />
          <Col span={24}>
            <Form.Item label="服务的网格（可多选）" name="gridIds" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个服务的网格' }]}>
              <GridSelect<number[]> tree={tree} mode="multiple" placeholder="请选择网格" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="任职日期" name="startDate">
              <DateField />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label="离任日期"
              name="endDate"
              dependencies={['startDate']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_r, v: string | null) => {
                    const s = getFieldValue('startDate') as string | null;
                    return v && s && v < s ? Promise.reject(new Error('离任日期不能早于任职日期')) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DateField placeholder="在任不填" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="备注" name="note">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="dialog-error" /> : null}
    </Modal>
  );
}
