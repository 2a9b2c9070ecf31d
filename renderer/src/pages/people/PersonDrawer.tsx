// A person's base record with labels, their household and its members, and 迁出/死亡.
import { EditOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  certificateTypeTable, dwellingTypeTable, educationTable, ethnicityTable, householdTagTable, inflowReasonTable, labelOf, maritalTable,
  politicalTable, relationTable, residenceKindTable, sexTable,
  nativePlaceLabel,
} from '../../../../shared/codes';
import type { ChannelOutput } from '../../../../shared/contract';
import type { GridTree } from '../../../../shared/contract/grid';
import type { Household, PersonRow } from '../../../../shared/contract/people';
import { ageOn } from '../../../../shared/rules/idNumber';
import { call, errorMessage } from '../../api';
import { todayString } from '../../components/fields';
import { FormDialog } from '../../components/form/FormDialog';
import { PersonLedgers } from '../../components/ledger/PersonLedgers';
import { PhotoBox } from '../../components/PhotoBox';
import { gridLabels } from '../../gridData';
import { PersonDialog } from './PersonDialog';
import { navigate } from '../../useRoute';

type PersonFull = ChannelOutput<'person.get'>;

export function memberColumns(onOpen: (id: number) => void, currentId?: number) {
  return [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 90,
      render: (n: string, r: PersonRow) =>
        r.id === currentId ? (
          <b>{n}</b>
        ) : (
          <a onClick={() => onOpen(r.id)} data-testid="member-link">
            {n}
          </a>
        ),
    },
    { title: '与户主关系', dataIndex: 'relation', width: 96, render: (v: string | null) => labelOf(relationTable, v) },
    { title: '性别', dataIndex: 'sex', width: 52, render: (v: string) => labelOf(sexTable, v) },
    { title: '年龄', dataIndex: 'age', width: 52, align: 'right' as const },
    { title: '公民身份号码', dataIndex: 'idNumber', width: 180, render: (v: string) => <span className="mono">{v}</span> },
    { title: '联系电话', dataIndex: 'phone', width: 120 },
    { title: '状态', dataIndex: 'status', width: 64, render: (s: string) => (s === '在册' ? s : <Tag>{s}</Tag>) },
  ];
}

export function HouseholdBlock({ household, tree, onOpen, currentId }: { household: Household; tree: GridTree | null; onOpen: (id: number) => void; currentId?: number }) {
  const grid = household.gridId ? gridLabels(tree).get(household.gridId) ?? `${household.villageName ?? ''}·${household.gridName ?? ''}` : null;
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'number', label: '户号', children: <span className="mono">{household.number}</span> },
          { key: 'grid', label: '所属网格', children: grid ?? <Tag color="red">无网格</Tag> },
          { key: 'address', label: '住址', span: 2, children: household.address },
          {
            key: 'tags',
            label: '户标签',
            span: 2,
            children: household.tags.length ? household.tags.map((t) => <Tag key={t} color="blue">{labelOf(householdTagTable, t)}</Tag>) : '无',
          },
          ...(household.note ? [{ key: 'note', label: '备注', span: 2, children: household.note }] : []),
        ]}
      />
      <Table<PersonRow>
        size="small"
        rowKey="id"
        style={{ marginTop: 12 }}
        columns={memberColumns(onOpen, currentId)}
        dataSource={household.members}
        pagination={false}
        locale={{ emptyText: '这一户还没有成员' }}
        data-testid="household-members"
      />
    </>
  );
}

export function PersonDrawer({ id, tree, onClose, onOpen, onChanged }: {
  id: number;
  tree: GridTree | null;
  onClose: () => void;
  onOpen: (id: number) => void;
  onChanged: () => void;
}) {
  const [person, setPerson] = useState<PersonFull | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [leaving, setLeaving] = useState(false);

  const load = useCallback(async () => {
    try {
      setPerson(await call('person.get', { id }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [id]);
  useEffect(() => {
    setPerson(null);
    void load();
  }, [load]);

  const p = person;
  const floating = p ? labelOf(residenceKindTable, p.residenceKind).startsWith('流动') : false;
  const grid = p?.gridId ? gridLabels(tree).get(p.gridId) ?? String(p.gridId) : null;

  return (
    <Drawer
      open
      size={900}
      onClose={onClose}
      title={
        p ? (
          <Space>
            <span data-testid="person-title">{p.name}</span>
            {p.status === '在册' ? <Tag color="green">在册</Tag> : <Tag>{p.status}</Tag>}
            <Tag color={floating ? 'purple' : 'blue'}>{labelOf(residenceKindTable, p.residenceKind)}</Tag>
            {p.keyConcern ? <Tag color="red">重点关注</Tag> : null}
          </Space>
        ) : (
          '人员信息'
        )
      }
      extra={
        p ? (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="person-edit">
              修改
            </Button>
            <Button icon={<LogoutOutlined />} danger disabled={p.status !== '在册'} onClick={() => setLeaving(true)} data-testid="person-leave">
              迁出/死亡
            </Button>
          </Space>
        ) : null
      }
      data-testid="person-drawer"
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {!p && !error ? <Spin /> : null}
      {p ? (
        <>
          {p.status !== '在册' ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`已于 ${p.leftOn ?? ''} ${p.status}`} description={p.leftReason ? `原因：${p.leftReason}` : undefined} data-testid="person-left" />
          ) : null}
          <div className="person-record-row">
            <Descriptions
              size="small"
              bordered
              column={3}
              styles={{ label: { width: 118, whiteSpace: 'nowrap' } }}
              data-testid="person-record"
              items={[
                { key: 'id', label: '公民身份号码', span: 2, children: <span className="mono">{p.idNumber}</span> },
                { key: 'name', label: '姓名', children: p.name },
                { key: 'sex', label: '性别', children: labelOf(sexTable, p.sex) },
                { key: 'birth', label: '出生日期', children: p.birthDate },
                { key: 'age', label: '年龄', children: `${ageOn(p.birthDate, todayString())} 岁` },
                { key: 'former', label: '曾用名', children: p.formerName },
                { key: 'ethnicity', label: '民族', children: labelOf(ethnicityTable, p.ethnicity) },
                { key: 'native', label: '籍贯', children: nativePlaceLabel(p.nativePlace) },
                { key: 'marital', label: '婚姻状况', children: labelOf(maritalTable, p.marital) },
                { key: 'political', label: '政治面貌', children: labelOf(politicalTable, p.political) },
                { key: 'education', label: '学历', children: labelOf(educationTable, p.education) },
                { key: 'religion', label: '宗教信仰', children: p.religion },
                { key: 'occupation', label: '职业', children: p.occupation },
                { key: 'phone', label: '联系电话', children: p.phone },
                { key: 'reg', label: '户籍地址', span: 3, children: p.registeredAddress },
                { key: 'cur', label: '现住址', span: 3, children: p.currentAddress },
                { key: 'grid', label: '所属网格', children: grid ?? <Tag color="red">无网格</Tag> },
                { key: 'relation', label: '与户主关系', children: labelOf(relationTable, p.relation) },
                { key: 'kind', label: '人口类别', children: labelOf(residenceKindTable, p.residenceKind) },
                ...(floating
                  ? [
                      { key: 'inflow', label: '流入原因', children: labelOf(inflowReasonTable, p.inflowReason) },
                      { key: 'cert', label: '办证类型', children: labelOf(certificateTypeTable, p.certificateType) },
                      { key: 'certno', label: '证件号码', children: p.certificateNumber },
                      { key: 'inflowDate', label: '登记日期', children: p.inflowDate ?? '' },
                      { key: 'expiry', label: '证件到期日期', children: p.certificateExpiry ?? '' },
                      { key: 'dwelling', label: '住所类型', children: labelOf(dwellingTypeTable, p.dwellingType) },
                      { key: 'concern', label: '重点关注人员', span: 3, children: p.keyConcern ? '是' : '否' },
                    ]
                  : []),
                { key: 'created', label: '建档时间', children: new Date(p.createdAt).toLocaleString('zh-CN') },
                { key: 'updated', label: '最近修改', span: 2, children: new Date(p.updatedAt).toLocaleString('zh-CN') },
              ]}
            />
            <PhotoBox residentId={p.id} />
          </div>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            所在户
          </Typography.Title>
          {p.household ? <HouseholdBlock household={p.household} tree={tree} onOpen={onOpen} currentId={p.id} /> : <Typography.Text type="secondary">未登记户信息</Typography.Text>}
          <PersonLedgers residentId={p.id} name={p.name} idNumber={p.idNumber} phone={p.phone} status={p.status} householdId={p.householdId} householdNumber={p.household?.number} onChanged={onChanged} />
        </>
      ) : null}
      {editing && p ? (
        <PersonDialog
          tree={tree}
          person={p}
          household={p.household}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            void load();
            onChanged();
          }}
        />
      ) : null}
      {leaving && p ? (
        <LeaveDialog
          id={p.id}
          name={p.name}
          onCancel={() => setLeaving(false)}
          onDone={() => {
            setLeaving(false);
            void load();
            onChanged();
          }}
        />
      ) : null}
    </Drawer>
  );
}

function LeaveDialog({ id, name, onCancel, onDone }: { id: number; name: string; onCancel: () => void; onDone: () => void }) {
  return (
    <FormDialog
      title={`${name}：迁出或死亡`}
      intro="登记后此人不再计入在册人口，但记录保留，历史报表不受影响。"
      fields={[
        { kind: 'choice', name: 'kind', label: '类别', as: 'radio', options: [{ value: '迁出', label: '迁出' }, { value: '死亡', label: '死亡' }] },
        { kind: 'date', name: 'date', label: '日期', required: true },
        { kind: 'textarea', name: 'reason', label: '原因', required: true, rows: 2, max: 200, placeholder: '例如：迁往南京市玄武区；因病去世' },
      ]}
      initialValues={{ kind: '迁出', date: todayString() }}
      channel="person.leave"
      toInput={(v) => ({ id, kind: v.kind === '死亡' ? '死亡' : '迁出', date: typeof v.date === 'string' ? v.date : '', reason: typeof v.reason === 'string' ? v.reason : '' })}
      onCancel={onCancel}
      onDone={() => onDone()}
      okText="确认"
      danger
      requiredMark
      testIds={{ dialog: 'leave-dialog', ok: 'leave-ok', error: 'leave-error' }}
    />
  );
}

export function HouseholdDrawer({ id, tree, onClose, onOpenPerson, onAddMember, onEdit, reloadKey }: {
  id: number;
  tree: GridTree | null;
  onClose: () => void;
  onOpenPerson: (id: number) => void;
  onAddMember: (h: Household) => void;
  onEdit: (h: Household) => void;
  reloadKey: number;
}) {
  const [household, setHousehold] = useState<Household | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('household.get', { id })
      .then((h) => live && (setHousehold(h), setError(null)))
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [id, reloadKey]);
  return (
    <Drawer
      open
      size={820}
      onClose={onClose}
      title={household ? <span data-testid="household-title">户 {household.number}</span> : '户信息'}
      extra={
        household ? (
          <Space>
            <Button onClick={() => onEdit(household)}>修改户</Button>
            <Button onClick={() => navigate(`map?pickHousehold=${household.id}`)} data-testid="household-pick-point">
              在地图上定位
            </Button>
            <Button type="primary" onClick={() => onAddMember(household)} data-testid="add-member">
              添加成员
            </Button>
          </Space>
        ) : null
      }
      data-testid="household-drawer"
    >
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {household ? <HouseholdBlock household={household} tree={tree} onOpen={onOpenPerson} /> : error ? null : <Spin />}
    </Drawer>
  );
}
