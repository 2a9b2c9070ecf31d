// 新增/修改人员 on the GB/T 31000 base record: live ID check with derived sex and birth date, every
// code field a select of labels, 户籍/流动 switch revealing the 流动人口 items, and the household.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Divider, Form, Input, Modal, Radio, Row, Select, Space, Switch } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  certificateTypeTable, dwellingTypeTable, educationTable, ethnicityTable, inflowReasonTable, maritalTable, politicalTable, relationTable,
} from '../../../../shared/codes';
import type { GridTree } from '../../../../shared/contract/grid';
import type { Household, Person, PersonInput } from '../../../../shared/contract/people';
import { call, errorMessage } from '../../api';
import { applyProblems, CodeSelect, DateField, describeIdInput, idItemStatus, idNumberRule } from '../../components/fields';
import { GridSelect } from '../../gridData';
import { HouseholdDialog } from './HouseholdDialog';

type Values = {
  idNumber: string;
  name: string;
  formerName?: string;
  ethnicity?: string | null;
  nativePlace?: string;
  marital?: string | null;
  political?: string | null;
  education?: string | null;
  religion?: string;
  occupation?: string;
  phone?: string;
  registeredAddress?: string;
  currentAddress?: string;
  residenceKind: string;
  inflowReason?: string | null;
  certificateType?: string | null;
  certificateNumber?: string;
  inflowDate?: string | null;
  certificateExpiry?: string | null;
  dwellingType?: string | null;
  keyConcern?: boolean;
  householdId?: number | null;
  relation?: string | null;
  gridId?: number | null;
};

const aliases: Record<string, string[]> = {
  idNumber: ['公民身份号码'],
  name: ['名称', '姓名'],
  formerName: ['曾用名'],
  ethnicity: ['民族'],
  nativePlace: ['籍贯'],
  marital: ['婚姻状况'],
  political: ['政治面貌'],
  education: ['学历'],
  religion: ['宗教信仰'],
  occupation: ['职业'],
  phone: ['联系电话'],
  registeredAddress: ['户籍地址'],
  currentAddress: ['现住址'],
  residenceKind: ['人口类别'],
  inflowReason: ['流入原因'],
  certificateType: ['办证类型'],
  certificateNumber: ['证件号码'],
  inflowDate: ['登记日期'],
  certificateExpiry: ['证件到期日期'],
  dwellingType: ['住所类型'],
  householdId: ['户'],
  relation: ['与户主关系'],
  gridId: ['网格'],
};

type HouseholdOption = { id: number; label: string; gridId: number | null; address: string };

function householdLabel(h: { number: string; headName?: string | null; villageName: string | null; gridName: string | null; memberCount?: number; address: string }) {
  const head = h.headName ? `户主 ${h.headName}` : '';
  const where = h.gridName ? `${h.villageName ?? ''}·${h.gridName}` : '无网格';
  const count = h.memberCount !== undefined ? `${h.memberCount}人` : '';
  return [h.number, head, where, count, h.address].filter(Boolean).join('　');
}

export function PersonDialog({ tree, person, household, onCancel, onDone }: {
  tree: GridTree | null;
  /** null = new person. */
  person: Person | null;
  /** The household to put a new person in (from 户 → 添加成员), or the person's own household. */
  household?: Household | null;
  onCancel: () => void;
  onDone: (p: Person, created: boolean) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [newHousehold, setNewHousehold] = useState(false);
  const idValue = Form.useWatch('idNumber', form);
  const residenceKind = Form.useWatch('residenceKind', form);
  const householdId = Form.useWatch('householdId', form);
  const hint = describeIdInput(idValue);

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

  const initialValues: Partial<Values> = person
    ? {
        ...person,
        keyConcern: person.keyConcern,
      }
    : { residenceKind: '1', keyConcern: false, householdId: household?.id ?? null, relation: household && household.members.length === 0 ? '02' : null, currentAddress: household?.address ?? '' };

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const floating = v.residenceKind === '2';
    const input: PersonInput = {
      idNumber: v.idNumber,
      name: v.name,
      formerName: v.formerName ?? '',
      ethnicity: v.ethnicity ?? null,
      nativePlace: v.nativePlace ?? '',
      marital: v.marital ?? null,
      political: v.political ?? null,
      education: v.education ?? null,
      religion: v.religion ?? '',
      occupation: v.occupation ?? '',
      phone: v.phone ?? '',
      registeredAddress: v.registeredAddress ?? '',
      currentAddress: v.currentAddress ?? '',
      residenceKind: v.residenceKind,
      inflowReason: floating ? (v.inflowReason ?? null) : null,
      certificateType: floating ? (v.certificateType ?? null) : null,
      certificateNumber: floating ? (v.certificateNumber ?? '') : '',
      inflowDate: floating ? (v.inflowDate ?? null) : null,
      certificateExpiry: floating ? (v.certificateExpiry ?? null) : null,
      dwellingType: floating ? (v.dwellingType ?? null) : null,
      keyConcern: floating ? !!v.keyConcern : false,
      householdId: v.householdId ?? null,
      relation: v.relation ?? null,
      gridId: v.gridId ?? null,
    };
    try {
      const p = person ? await call('person.update', { id: person.id, ...input }) : await call('person.create', input);
      onDone(p, !person);
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err, aliases);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={person ? `修改人员信息：${person.name}` : household ? `为户 ${household.number} 添加成员` : '新增人员'}
      onCancel={onCancel}
      onOk={submit}
      okText="保存"
      confirmLoading={saving}
      width={980}
      mask={{ closable: false }}
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', overflowX: 'hidden', paddingRight: 8 } }}
      centered
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="person-form" className="dense-form">
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item label="公民身份号码" name="idNumber" required rules={[idNumberRule(true)]} {...idItemStatus(idValue)}>
              <Input maxLength={22} className="mono" autoFocus={!person} placeholder="18位，末位可为 X" data-testid="person-id" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="性别">
              <Input value={hint?.status === 'ok' ? hint.sex : ''} disabled placeholder="自动得出" data-testid="derived-sex" />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="出生日期">
              <Input value={hint?.status === 'ok' ? hint.birthDate : ''} disabled placeholder="由号码自动得出" data-testid="derived-birth" />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
              <Input maxLength={30} data-testid="person-name" />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="曾用名" name="formerName">
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="民族" name="ethnicity">
              <CodeSelect table={ethnicityTable} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="婚姻状况" name="marital">
              <CodeSelect table={maritalTable} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="政治面貌" name="political">
              <CodeSelect table={politicalTable} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="学历" name="education">
              <CodeSelect table={educationTable} popupMatchSelectWidth={200} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="籍贯" name="nativePlace">
              <Input maxLength={60} placeholder="如 江苏南京" />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="宗教信仰" name="religion">
              <Input maxLength={30} placeholder="无则不填" />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item label="职业" name="occupation">
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Form.Item label="联系电话" name="phone">
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="户籍地址" name="registeredAddress">
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="现住址" name="currentAddress">
              <Input maxLength={120} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain className="form-divider">
          户与网格
        </Divider>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item label="所在户" extra={chosenHousehold ? undefined : '可搜索户号、户主姓名或住址；没有合适的户就新建一户'}>
              <Space.Compact style={{ width: '100%', display: 'flex' }}>
                <Form.Item name="householdId" noStyle>
                  <Select<number>
                    allowClear
                    showSearch={{ filterOption: false, onSearch: searchHouseholds }}
                    loading={searching}
                    placeholder="搜索户号、户主或住址"
                    style={{ flex: 1, minWidth: 0 }}
                    options={options.map((o) => ({ value: o.id, label: o.label }))}
                    notFoundContent={searching ? '正在查找…' : '没有找到，请新建户'}
                    data-testid="household-picker"
                    onChange={(id) => {
                      const o = options.find((x) => x.id === id);
                      if (o && !form.getFieldValue('currentAddress')) form.setFieldValue('currentAddress', o.address);
                    }}
                  />
                </Form.Item>
                <Button icon={<PlusOutlined />} onClick={() => setNewHousehold(true)} data-testid="new-household-inline">
                  新建户
                </Button>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label="与户主关系" name="relation">
              <CodeSelect table={relationTable} popupMatchSelectWidth={220} placeholder="请选择" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="网格" name="gridId" extra={chosenHousehold && !form.getFieldValue('gridId') ? '不选则随户所在网格' : undefined}>
              <GridSelect tree={tree} placeholder={chosenHousehold ? '随户' : '请选择网格'} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain className="form-divider">
          人口类别
        </Divider>
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item name="residenceKind" style={{ marginBottom: 12 }}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: '1', label: '户籍人口' },
                  { value: '2', label: '流动人口' },
                ]}
                data-testid="residence-kind"
              />
            </Form.Item>
          </Col>
          {residenceKind === '2' ? (
            <>
              <Col span={6}>
                <Form.Item label="流入原因" name="inflowReason" rules={[{ required: true, message: '请选择流入原因' }]}>
                  <CodeSelect table={inflowReasonTable} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="住所类型" name="dwellingType">
                  <CodeSelect table={dwellingTypeTable} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="办证类型" name="certificateType">
                  <CodeSelect table={certificateTypeTable} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="证件号码" name="certificateNumber">
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="登记日期" name="inflowDate">
                  <DateField />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="证件到期日期" name="certificateExpiry">
                  <DateField />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="是否重点关注人员" name="keyConcern" valuePropName="checked">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="dialog-error" /> : null}
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
    </Modal>
  );
}
