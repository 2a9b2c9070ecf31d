// 帮教小组 / 关爱帮扶小组 editor: members from the staff list, from the residents, or typed, each with a role.
// Saving replaces the current team; members who leave keep their dates in the history (the core does that).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CodeTable } from '../../../../shared/codes/table';
import { labelOf } from '../../../../shared/codes';
import type { TeamMemberRow } from '../../../../shared/contract/entry';
import { errorMessage } from '../../api';
import { CodeSelect } from '../fields';
import { ResidentPicker, staffLabel, useStaff, type PickedResident } from './pickers';

export interface TeamMemberDraft {
  key: string;
  staffId: number | null;
  residentId: number | null;
  name: string;
  phone: string;
  role: string;
  fromDate: string | null;
}

type Source = 'staff' | 'resident' | 'typed';

let seq = 0;
const newKey = () => `m${++seq}`;

export function TeamEditor({ title, team, roles, excludeResidentId, save, onCancel, onDone }: {
  title: string;
  team: TeamMemberRow[];
  roles: CodeTable;
  /** The 帮教对象 / patient, who cannot be in their own team. */
  excludeResidentId?: number;
  save: (members: Omit<TeamMemberDraft, 'key'>[]) => Promise<unknown>;
  onCancel: () => void;
  onDone: () => void;
}) {
  const staff = useStaff();
  const [members, setMembers] = useState<TeamMemberDraft[]>(() => team.map((m) => ({ ...m, key: newKey() })));
  const [source, setSource] = useState<Source>('staff');
  const [staffId, setStaffId] = useState<number | null>(null);
  const [resident, setResident] = useState<PickedResident | null>(null);
  const [residentId, setResidentId] = useState<number | null>(null);
  const [typedName, setTypedName] = useState('');
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<string | undefined>();
  const [addError, setAddError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const add = () => {
    setAddError(null);
    if (!role) return setAddError('请选择成员职务');
    let m: Omit<TeamMemberDraft, 'key'>;
    if (source === 'staff') {
      const s = staff.find((x) => x.id === staffId);
      if (!s) return setAddError('请选择网格员');
      m = { staffId: s.id, residentId: null, name: s.name, phone: phone.trim() || s.phone, role, fromDate: null };
    } else if (source === 'resident') {
      if (!resident) return setAddError('请选择居民');
      // A phone picked from a list comes masked (138****5678) and cannot be saved; then the staffer types it.
      const listed = resident.phone?.includes('*') ? '' : (resident.phone ?? '');
      m = { staffId: null, residentId: resident.id, name: resident.name, phone: phone.trim() || listed, role, fromDate: null };
    } else {
      if (!typedName.trim()) return setAddError('请填写成员姓名');
      m = { staffId: null, residentId: null, name: typedName.trim(), phone: phone.trim(), role, fromDate: null };
    }
    const same = members.some((x) => x.name === m.name && x.role === m.role && x.staffId === m.staffId && x.residentId === m.residentId);
    if (same) return setAddError(`${m.name}已是${labelOf(roles, m.role)}`);
    setMembers([...members, { ...m, key: newKey() }]);
    setStaffId(null);
    setResident(null);
    setResidentId(null);
    setTypedName('');
    setPhone('');
  };

  const onOk = async () => {
    setSaving(true);
    setError(null);
    try {
      await save(members.map(({ key: _key, ...m }) => m));
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={title} onCancel={onCancel} onOk={onOk} okText="保存小组" confirmLoading={saving} width={820} mask={{ closable: false }} okButtonProps={{ 'data-testid': 'team-ok' }}>
      <Table<TeamMemberDraft>
        size="small"
        bordered
        rowKey="key"
        pagination={false}
        dataSource={members}
        locale={{ emptyText: '小组还没有成员' }}
        data-testid="team-table"
        columns={[
          { title: '姓名', dataIndex: 'name', width: 100 },
          {
            title: '来源',
            width: 80,
            render: (_: unknown, m) => (m.staffId ? <Tag color="blue">网格员</Tag> : m.residentId ? <Tag color="green">居民</Tag> : <Tag>手填</Tag>),
          },
          {
            title: '职务',
            width: 200,
            render: (_: unknown, m) => (
              <CodeSelect table={roles} value={m.role} allowClear={false} size="small" style={{ width: '100%' }} onChange={(v) => setMembers(members.map((x) => (x.key === m.key ? { ...x, role: v } : x)))} />
            ),
          },
          {
            title: '联系电话',
            render: (_: unknown, m) => (
              <Input size="small" value={m.phone} maxLength={40} onChange={(e) => setMembers(members.map((x) => (x.key === m.key ? { ...x, phone: e.target.value } : x)))} />
            ),
          },
          { title: '加入日期', dataIndex: 'fromDate', width: 104, render: (d: string | null) => d ?? <span className="muted">保存日</span> },
          {
            title: '',
            width: 48,
            render: (_: unknown, m) => <Button size="small" type="text" danger icon={<DeleteOutlined />} title="移出小组" onClick={() => setMembers(members.filter((x) => x.key !== m.key))} />,
          },
        ]}
      />
      <div className="team-add" data-testid="team-add">
        <Typography.Text strong>添加成员</Typography.Text>
        <Space wrap style={{ marginTop: 8, width: '100%' }}>
          <Segmented<Source>
            value={source}
            onChange={setSource}
            options={[
              { value: 'staff', label: '网格员' },
              { value: 'resident', label: '居民' },
              { value: 'typed', label: '手填' },
            ]}
          />
          {source === 'staff' ? (
            <Select<number>
              value={staffId ?? undefined}
              onChange={(v) => setStaffId(v ?? null)}
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              placeholder="选择网格员"
              options={staff.map((s) => ({ value: s.id, label: staffLabel(s) }))}
              style={{ width: 260 }}
              data-testid="team-staff"
            />
          ) : source === 'resident' ? (
            <ResidentPicker value={residentId} onChange={setResidentId} onPicked={setResident} excludeId={excludeResidentId} style={{ width: 300 }} />
          ) : (
            <Input value={typedName} onChange={(e) => setTypedName(e.target.value)} placeholder="成员姓名" maxLength={20} style={{ width: 140 }} data-testid="team-name" />
          )}
          <CodeSelect table={roles} value={role} onChange={(v) => setRole(v ?? undefined)} placeholder="职务" style={{ width: 170 }} data-testid="team-role" />
          <Input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder={source === 'typed' ? '联系电话' : '电话（不填用已登记的）'} maxLength={40} style={{ width: 170 }} />
          <Button icon={<PlusOutlined />} onClick={add} data-testid="team-add-button">
            加入
          </Button>
        </Space>
        {addError ? <Alert type="warning" showIcon title={addError} style={{ marginTop: 8 }} /> : null}
      </div>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="team-error" /> : null}
    </Modal>
  );
}
