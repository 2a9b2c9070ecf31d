// 新增/修改人员 on the GB/T 31000 base record: live ID check with derived sex and birth date, every
// code field a select of labels, 户籍/流动 switch revealing the 流动人口 items, and the household.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  certificateTypeTable, dwellingTypeTable, educationTable, ethnicityTable, inflowReasonTable, maritalTable, politicalTable, relationTable,
} from '../../../../shared/codes';
import type { GridTree } from '../../../../shared/contract/grid';
import type { Household, Person, PersonInput } from '../../../../shared/contract/people';
import { call } from '../../api';
import { describeIdInput, idItemStatus } from '../../components/fields';
import { FormDialog, type FieldDescriptor, type FormValues } from '../../components/form/FormDialog';
import { GridSelect } from '../../gridData';
import { HouseholdDialog } from './HouseholdDialog';

type HouseholdOption = { id: number; label: string; gridId: number | null; address: string };

function householdLabel(h: { number: string; headName?: string | null; villageName: string | null; gridName: string | null; memberCount?: number; address: string }) {
  const head = h.headName ? `户主 ${h.headName}` : '';
  const where = h.gridName ? `${h.villageName ?? ''}·${h.gridName}` : '无网格';
  const count = h.memberCount !== undefined ? `${h.memberCount}人` : '';
  return [h.number, head, where, count, h.address].filter(Boolean).join('　');
}

/** 所在户: search a household, or make a new one beside it. */
function HouseholdChooser({ value, onChange, id, options, searching, onSearch, onNew }: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
  options: HouseholdOption[];
  searching: boolean;
  onSearch: (q: string) => void;
  onNew: () => void;
}) {
  return (
    <Space.Compact style={{ width: '100%', display: 'flex' }}>
      <Select<number>
        id={id}
        value={value ?? undefined}
        onChange={(v) => onChange?.(v ?? null)}
        allowClear
        showSearch={{ filterOption: false, onSearch }}
        loading={searching}
        placeholder="搜索户号、户主或住址"
        style={{ flex: 1, minWidth: 0 }}
        options={options.map((o) => ({ value: o.id, label: o.label }))}
        notFoundContent={searching ? '正在查找…' : '没有找到，请新建户'}
        data-testid="household-picker"
      />
      <Button icon={<PlusOutlined />} onClick={onNew} data-testid="new-household-inline">
        新建户
      </Button>
    </Space.Compact>
  );
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const orNull = (v: unknown) => (typeof v === 'string' && v ? v : null);
const floating = (v: FormValues) => v.residenceKind === '2';

export function PersonDialog({ tree, person, household, onCancel, onDone }: {
  tree: GridTree | null;
  /** null = new person. */
  person: Person | null;
  /** The household to put a new person in (from 户 → 添加成员), or the person's own household. */
  household?: Household | null;
  onCancel: () => void;
  onDone: (p: Person, created: boolean) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const [newHousehold, setNewHousehold] = useState(false);
  const householdId = Form.useWatch('householdId', form) as number | null | undefined;

  const [options, setOptions] = useState<HouseholdOption[]>(() =>
    household ? [{ id: household.id, label: householdLabel({ ...household, memberCount: household.members.length, headName: null }), gridId: household.gridId, address: household.address }] : [],
  );
  const [searching, setSearching] = useState(false);
  const searchSeq = useRef(0);
  const searchHouseholds = (query: string) => {
    const seq = ++searchSeq.current;
    setSearching(true);
    call('household.find', { query, limit: 20 })
      .then((list) => {
        if (seq !== searchSeq.current) return;
        setOptions((prev) => {
          const chosen = prev.filter((o) => o.id === form.getFieldValue('householdId'));
          const found = list.map((h) => ({ id: h.id, label: householdLabel(h), gridId: h.gridId, address: h.address }));
          return [...chosen, ...found.filter((f) => !chosen.some((c) => c.id === f.id))];
        });
      })
      .catch(() => {})
      .finally(() => {
        if (seq === searchSeq.current) setSearching(false);
      });
  };
  useEffect(() => {
    searchHouseholds('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const chosenHousehold = useMemo(() => options.find((o) => o.id === householdId), [options, householdId]);

  const initialValues: FormValues = person
    ? { ...person }
    : { residenceKind: '1', keyConcern: false, householdId: household?.id ?? null, relation: household && household.members.length === 0 ? '02' : null, currentAddress: household?.address ?? '' };

  const derived = (name: string, label: string, testId: string, span: number, key: 'sex' | 'birthDate', placeholder: string): FieldDescriptor => ({
    kind: 'note',
    name,
    span,
    render: (v) => {
      const hint = describeIdInput(str(v.idNumber));
      return (
        <Form.Item label={label}>
          <Input value={hint?.status === 'ok' ? hint[key] : ''} disabled placeholder={placeholder} data-testid={testId} />
        </Form.Item>
      );
    },
  });

  const fields: FieldDescriptor[] = [
    {
      kind: 'text', name: 'idNumber', label: '公民身份号码', required: true, max: 22, mono: true, autoFocus: !person, placeholder: '18位，末位可为 X', span: 10,
      testId: 'person-id', item: (v) => idItemStatus(str(v.idNumber)),
    },
    derived('derivedSex', '性别', 'derived-sex', 4, 'sex', '自动得出'),
    derived('derivedBirth', '出生日期', 'derived-birth', 5, 'birthDate', '由号码自动得出'),
    { kind: 'text', name: 'name', label: '姓名', required: true, max: 30, span: 5, testId: 'person-name' },
    { kind: 'text', name: 'formerName', label: '曾用名', max: 30, span: 5 },
    { kind: 'code', name: 'ethnicity', label: '民族', table: ethnicityTable, span: 5 },
    { kind: 'code', name: 'marital', label: '婚姻状况', table: maritalTable, span: 5 },
    { kind: 'code', name: 'political', label: '政治面貌', table: politicalTable, span: 5 },
    { kind: 'code', name: 'education', label: '学历', table: educationTable, popupWidth: 200, span: 4 },
    { kind: 'text', name: 'nativePlace', label: '籍贯', max: 60, placeholder: '如 江苏南京', span: 5 },
    { kind: 'text', name: 'religion', label: '宗教信仰', max: 30, placeholder: '无则不填', span: 5 },
    { kind: 'text', name: 'occupation', label: '职业', max: 60, span: 5 },
    { kind: 'text', name: 'phone', label: '联系电话', max: 40, span: 9 },
    { kind: 'text', name: 'registeredAddress', label: '户籍地址', max: 120, span: 12 },
    { kind: 'text', name: 'currentAddress', label: '现住址', max: 120, span: 12 },

    { kind: 'section', name: 'householdSection', label: '户与网格' },
    {
      kind: 'custom', name: 'householdId', label: '所在户', span: 14,
      help: () => (chosenHousehold ? undefined : '可搜索户号、户主姓名或住址；没有合适的户就新建一户'),
      render: () => <HouseholdChooser options={options} searching={searching} onSearch={searchHouseholds} onNew={() => setNewHousehold(true)} />,
    },
    { kind: 'code', name: 'relation', label: '与户主关系', table: relationTable, popupWidth: 220, placeholder: '请选择', span: 4 },
    {
      kind: 'custom', name: 'gridId', label: '网格', span: 6,
      help: (v) => (chosenHousehold && !v.gridId ? '不选则随户所在网格' : undefined),
      render: () => <GridSelect tree={tree} placeholder={chosenHousehold ? '随户' : '请选择网格'} />,
    },

    { kind: 'section', name: 'kindSection', label: '人口类别' },
    {
      kind: 'choice', name: 'residenceKind', as: 'solid', testId: 'residence-kind', item: () => ({ style: { marginBottom: 12 } }),
      options: [
        { value: '1', label: '户籍人口' },
        { value: '2', label: '流动人口' },
      ],
    },
    { kind: 'code', name: 'inflowReason', label: '流入原因', table: inflowReasonTable, required: true, span: 6, show: floating },
    { kind: 'code', name: 'dwellingType', label: '住所类型', table: dwellingTypeTable, span: 6, show: floating },
    { kind: 'code', name: 'certificateType', label: '办证类型', table: certificateTypeTable, span: 6, show: floating },
    { kind: 'text', name: 'certificateNumber', label: '证件号码', max: 40, span: 6, show: floating },
    { kind: 'date', name: 'inflowDate', label: '登记日期', span: 6, show: floating },
    { kind: 'date', name: 'certificateExpiry', label: '证件到期日期', span: 6, show: floating },
    { kind: 'switch', name: 'keyConcern', label: '是否重点关注人员', on: '是', off: '否', span: 6, show: floating },
  ];

  const toInput = (v: FormValues): PersonInput => {
    const isFloating = floating(v);
    return {
      idNumber: str(v.idNumber),
      name: str(v.name),
      formerName: str(v.formerName),
      ethnicity: orNull(v.ethnicity),
      nativePlace: str(v.nativePlace),
      marital: orNull(v.marital),
      political: orNull(v.political),
      education: orNull(v.education),
      religion: str(v.religion),
      occupation: str(v.occupation),
      phone: str(v.phone),
      registeredAddress: str(v.registeredAddress),
      currentAddress: str(v.currentAddress),
      residenceKind: str(v.residenceKind),
      inflowReason: isFloating ? orNull(v.inflowReason) : null,
      certificateType: isFloating ? orNull(v.certificateType) : null,
      certificateNumber: isFloating ? str(v.certificateNumber) : '',
      inflowDate: isFloating ? orNull(v.inflowDate) : null,
      certificateExpiry: isFloating ? orNull(v.certificateExpiry) : null,
      dwellingType: isFloating ? orNull(v.dwellingType) : null,
      keyConcern: isFloating ? Boolean(v.keyConcern) : false,
      householdId: typeof v.householdId === 'number' ? v.householdId : null,
      relation: orNull(v.relation),
      gridId: typeof v.gridId === 'number' ? v.gridId : null,
    };
  };

  return (
    <>
      <FormDialog
        form={form}
        title={person ? `修改人员信息：${person.name}` : household ? `为户 ${household.number} 添加成员` : '新增人员'}
        fields={fields}
        initialValues={initialValues}
        channel={person ? 'person.update' : 'person.create'}
        toInput={(v) => (person ? { id: person.id, ...toInput(v) } : toInput(v))}
        onValuesChange={(changed, all, f) => {
          // A chosen household fills an empty 现住址.
          const o = 'householdId' in changed ? options.find((x) => x.id === changed.householdId) : undefined;
          if (o && !all.currentAddress) f.setFieldValue('currentAddress', o.address);
        }}
        onCancel={onCancel}
        onDone={(p) => onDone(p, !person)}
        width={980}
        centered
        bodyStyle={{ maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', overflowX: 'hidden', paddingRight: 8 }}
        requiredMark
        testIds={{ dialog: 'person-dialog', form: 'person-form', ok: 'person-ok', error: 'dialog-error' }}
      />
      {newHousehold ? (
        <HouseholdDialog
          tree={tree}
          defaults={{ address: form.getFieldValue('currentAddress') ?? '', gridId: form.getFieldValue('gridId') ?? null }}
          onCancel={() => setNewHousehold(false)}
          onDone={(h) => {
            setNewHousehold(false);
            setOptions((prev) => [{ id: h.id, label: householdLabel({ ...h, memberCount: h.members.length, headName: null }), gridId: h.gridId, address: h.address }, ...prev]);
            form.setFieldValue('householdId', h.id);
            if (!form.getFieldValue('relation')) form.setFieldValue('relation', '02');
            if (!form.getFieldValue('currentAddress')) form.setFieldValue('currentAddress', h.address);
          }}
        />
      ) : null}
    </>
  );
}
