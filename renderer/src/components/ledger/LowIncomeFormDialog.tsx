// 登记 / 修改低保户: the household, which members are covered (保障人数), 确认日期, 低保证号, 城市/农村,
// 分类 A/B/C (the 复核 cycle follows it), 月保障金额 in 元, 特困供养 and the 公示 start (its end computed).
import { UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Spin, Tag } from 'antd';
import { cloneElement, useEffect, useState } from 'react';
import { labelOf, lowIncomeAreaTable, lowIncomeClassTable, relationTable, type LowIncomeClass } from '../../../../shared/codes';
import type { LowIncomeDetail } from '../../../../shared/contract/lowIncome';
import type { Household } from '../../../../shared/contract/people';
import { isValidDate } from '../../../../shared/rules/dates';
import { lowIncomeReviewDue, publicityEnd } from '../../../../shared/rules/ledgerRules';
import { call, errorMessage } from '../../api';
import { todayString } from '../fields';
import { FormDialog, type FieldDescriptor, type FormValues } from '../form/FormDialog';
import { maskId, useRules } from './common';
import { newHousehold, NewMember } from '../../pages/people/inlineCreate';

interface MemberOption {
  id: number;
  name: string;
  idNumber: string;
  relation: string | null;
  status: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const validDate = (v: unknown): v is string => typeof v === 'string' && isValidDate(v);
const lowIncomeClass = (v: unknown) => (v === 'A' || v === 'B' || v === 'C' ? (v as LowIncomeClass) : null);

/** The member checkboxes, with 添加成员 for a person of the household not yet registered. */
function MemberChecks({ adding, children, value, onChange }: { adding?: () => void; children: React.ReactElement<{ value?: unknown; onChange?: unknown }>; value?: unknown; onChange?: unknown }) {
  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
      <div style={{ flex: 1 }}>{cloneElement(children, { value, onChange })}</div>
      {adding ? (
        <Button size="small" icon={<UserAddOutlined />} onClick={adding} data-testid="add-member-inline">
          添加成员
        </Button>
      ) : null}
    </div>
  );
}

export function LowIncomeFormDialog({ householdId: presetHousehold, entry, onCancel, onDone }: {
  householdId?: number | null;
  entry?: LowIncomeDetail | null;
  onCancel: () => void;
  onDone: (e: LowIncomeDetail) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const rules = useRules();
  const [household, setHousehold] = useState<Household | null>(null);
  const [loadingMembers, setLoadingMembers] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const householdId = Form.useWatch('householdId', form) as number | undefined;
  const [reload, setReload] = useState(0);
  const [addingMember, setAddingMember] = useState(false);

  // The chosen household's members, all 在册 ones covered until staff untick some.
  useEffect(() => {
    if (entry || !householdId) {
      setHousehold(null);
      return;
    }
    let live = true;
    setLoadingMembers(true);
    call('household.get', { id: householdId })
      .then((h) => {
        if (!live) return;
        setHousehold(h);
        form.setFieldValue('memberIds', h.members.filter((m) => m.status === '在册').map((m) => m.id));
      })
      .catch((err) => live && setLoadError(errorMessage(err)))
      .finally(() => live && setLoadingMembers(false));
    return () => {
      live = false;
    };
  }, [householdId, entry, form, reload]);

  const members: MemberOption[] = entry
    ? entry.members.map((m) => ({ id: m.residentId, name: m.name, idNumber: m.idNumber, relation: m.relation, status: m.residentStatus }))
    : (household?.members ?? []).map((m) => ({ id: m.id, name: m.name, idNumber: m.idNumber, relation: m.relation, status: m.status }));

  const initial: FormValues = entry
    ? {
        certificateNumber: entry.certificateNumber,
        area: entry.area,
        class: entry.class,
        memberIds: entry.members.filter((m) => m.covered).map((m) => m.residentId),
        monthlyAmount: entry.monthlyAmount,
        extremePoverty: entry.extremePoverty ?? '',
        publicityFrom: entry.publicityFrom,
      }
    : { householdId: presetHousehold ?? undefined, confirmedOn: todayString(), area: '农村', class: 'A', extremePoverty: '', memberIds: [] };

  const fields: FieldDescriptor[] = [
    {
      kind: 'household', name: 'householdId', label: '住户', required: '请选择住户；没有的点「新建户」', span: 16, show: () => !entry, create: newHousehold,
      known: household ? { id: household.id, label: `户号 ${household.number}　${household.address}　${household.members.length} 人` } : null,
    },
    {
      kind: 'date', name: 'confirmedOn', label: '确认日期', required: true, span: 8, show: () => !entry,
      help: (v) => {
        const cls = lowIncomeClass(v.class);
        return validDate(v.confirmedOn) && cls && rules ? `首次复核 ${lowIncomeReviewDue(v.confirmedOn, cls, rules)}` : '从次月起发放保障金';
      },
    },
    {
      kind: 'custom', name: 'memberIds', label: '保障对象（保障人数）', required: '请至少选择一名保障对象',
      help: (v) => (!entry && !v.householdId ? '选择住户后列出户内成员' : undefined),
      render: () =>
        loadingMembers ? (
          <Spin size="small" />
        ) : (
          <MemberChecks adding={!entry && household ? () => setAddingMember(true) : undefined}>
          <Checkbox.Group style={{ display: 'flex', flexWrap: 'wrap', gap: '6px 18px' }} data-testid="member-checks">
            {members.map((m) => (
              <Checkbox key={m.id} value={m.id} disabled={m.status !== '在册'}>
                {m.name}
                <span className="muted" style={{ marginLeft: 4, fontSize: 12 }}>
                  {labelOf(relationTable, m.relation) || '成员'} · {maskId(m.idNumber)}
                </span>
                {m.status !== '在册' ? <Tag style={{ marginLeft: 4 }}>{m.status}</Tag> : null}
              </Checkbox>
            ))}
          </Checkbox.Group>
          </MemberChecks>
        ),
    },
    { kind: 'text', name: 'certificateNumber', label: '低保证号', max: 40, span: 8 },
    { kind: 'code', name: 'area', label: '城市/农村', table: lowIncomeAreaTable, as: 'buttons', required: '请选择城市或农村', span: 8 },
    { kind: 'number', name: 'monthlyAmount', label: '月保障金额', required: true, max: 100000, precision: 2, step: 10, suffix: '元', span: 8 },
    {
      kind: 'code', name: 'class', label: '分类', table: lowIncomeClassTable, allowClear: false, required: '请选择分类', span: 16,
      help: (v) => {
        const cls = lowIncomeClass(v.class);
        return rules && cls ? `每 ${rules.lowIncomeReviewMonths[cls]} 个月复核一次` : undefined;
      },
    },
    {
      kind: 'choice', name: 'extremePoverty', label: '特困供养', as: 'radio', span: 8,
      options: [
        { value: '', label: '否' },
        { value: '集中', label: '集中' },
        { value: '分散', label: '分散' },
      ],
    },
    { kind: 'date', name: 'publicityFrom', label: '公示开始日期', span: 8, help: (v) => (validDate(v.publicityFrom) && rules ? `公示至 ${publicityEnd(v.publicityFrom, rules)}` : undefined) },
  ];

  const body = (v: FormValues) => ({
    certificateNumber: str(v.certificateNumber),
    area: str(v.area),
    class: str(v.class),
    memberIds: Array.isArray(v.memberIds) ? (v.memberIds as number[]) : [],
    monthlyAmount: typeof v.monthlyAmount === 'number' ? v.monthlyAmount : 0,
    extremePoverty: str(v.extremePoverty) || null,
    publicityFrom: str(v.publicityFrom) || null,
  });

  return (
    <FormDialog
      form={form}
      title={entry ? `修改低保户：${entry.headName ?? ''}户（户号 ${entry.householdNumber}）` : '登记低保户'}
      fields={fields}
      initialValues={initial}
      channel={entry ? 'lowIncome.update' : 'lowIncome.register'}
      toInput={(v) => (entry ? { id: entry.id, ...body(v) } : { householdId: typeof v.householdId === 'number' ? v.householdId : 0, confirmedOn: str(v.confirmedOn), ...body(v) })}
      footer={addingMember && household ? (
        <NewMember
          household={household}
          done={(p) => {
            setAddingMember(false);
            if (p) setReload((n) => n + 1);
          }}
        />
      ) : loadError ? <Alert type="error" showIcon title={loadError} style={{ marginBottom: 12 }} /> : null}
      onCancel={onCancel}
      onDone={onDone}
      okText={entry ? '保存' : '登记'}
      width={800}
      testIds={{ dialog: 'low-income-dialog', form: 'low-income-form', ok: 'register-ok', error: 'register-error' }}
    />
  );
}
