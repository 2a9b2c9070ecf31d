// 登记 / 修改低保户: the household, which members are covered (保障人数), 确认日期, 低保证号, 城市/农村,
// 分类 A/B/C (the 复核 cycle follows it), 月保障金额 in 元, 特困供养 and the 公示 start (its end computed).
import { Alert, Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { labelOf, lowIncomeAreaTable, lowIncomeClassTable, relationTable } from '../../../../shared/codes';
import type { LowIncomeDetail } from '../../../../shared/contract/ledgers';
import type { Household } from '../../../../shared/contract/people';
import { isValidDate } from '../../../../shared/rules/dates';
import { lowIncomeReviewDue, publicityEnd } from '../../../../shared/rules/ledgerRules';
import { call, errorMessage } from '../../api';
import { applyProblems, CodeSelect, DateField, todayString } from '../fields';
import { maskId, useRules } from './common';
import { HouseholdPicker } from './pickers';

interface Values {
  householdId?: number | null;
  confirmedOn?: string | null;
  certificateNumber?: string;
  area?: string;
  class?: string;
  memberIds?: number[];
  monthlyAmount?: number | null;
  extremePoverty?: string;
  publicityFrom?: string | null;
}

interface MemberOption {
  id: number;
  name: string;
  idNumber: string;
  relation: string | null;
  status: string;
}

export function LowIncomeFormDialog({ householdId: presetHousehold, entry, onCancel, onDone }: {
  householdId?: number | null;
  entry?: LowIncomeDetail | null;
  onCancel: () => void;
  onDone: (e: LowIncomeDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const rules = useRules();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [household, setHousehold] = useState<Household | null>(null);
  const [loadingMembers, setLoadingMembers] = useState(false);
  const householdId = Form.useWatch('householdId', form);
  const publicityFrom = Form.useWatch('publicityFrom', form);
  const confirmedOn = Form.useWatch('confirmedOn', form);
  const cls = Form.useWatch('class', form);

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
      .catch((err) => live && setError(errorMessage(err)))
      .finally(() => live && setLoadingMembers(false));
    return () => {
      live = false;
    };
  }, [householdId, entry, form]);

  const members: MemberOption[] = entry
    ? entry.members.map((m) => ({ id: m.residentId, name: m.name, idNumber: m.idNumber, relation: m.relation, status: m.residentStatus }))
    : (household?.members ?? []).map((m) => ({ id: m.id, name: m.name, idNumber: m.idNumber, relation: m.relation, status: m.status }));

  const initial: Values = entry
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

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      certificateNumber: v.certificateNumber ?? '',
      area: v.area ?? '',
      class: v.class ?? '',
      memberIds: v.memberIds ?? [],
      monthlyAmount: v.monthlyAmount ?? 0,
      extremePoverty: v.extremePoverty ? v.extremePoverty : null,
      publicityFrom: v.publicityFrom ?? null,
    };
    setSaving(true);
    setError(null);
    try {
      const e = entry
        ? await call('lowIncome.update', { id: entry.id, ...body })
        : await call('lowIncome.register', { householdId: v.householdId ?? 0, confirmedOn: v.confirmedOn ?? '', ...body });
      onDone(e);
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err, {
        householdId: ['住户'],
        confirmedOn: ['确认日期'],
        certificateNumber: ['低保证号'],
        area: ['低保类别'],
        class: ['低保分类'],
        memberIds: ['保障对象', 'memberIds'],
        monthlyAmount: ['月保障金额'],
        publicityFrom: ['公示开始日期'],
      });
    } finally {
      setSaving(false);
    }
  };

  const pubEnd = publicityFrom && isValidDate(publicityFrom) && rules ? publicityEnd(publicityFrom, rules) : null;
  const firstReview = !entry && confirmedOn && isValidDate(confirmedOn) && cls && rules ? lowIncomeReviewDue(confirmedOn, cls as 'A' | 'B' | 'C', rules) : null;

  return (
    <Modal
      open
      title={entry ? `修改低保户：${entry.headName ?? ''}户（户号 ${entry.householdNumber}）` : '登记低保户'}
      onCancel={onCancel}
      onOk={submit}
      okText={entry ? '保存' : '登记'}
      okButtonProps={{ 'data-testid': 'register-ok' }}
      confirmLoading={saving}
      width={800}
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" className="dense-form" requiredMark="optional" initialValues={initial} data-testid="low-income-form">
        <Row gutter={16}>
          {!entry ? (
            <>
              <Col span={16}>
                <Form.Item label="住户" name="householdId" rules={[{ required: true, message: '请选择住户（先在「实有人口」中建户）' }]}>
                  <HouseholdPicker known={household ? { id: household.id, label: `户号 ${household.number}　${household.address}　${household.members.length} 人` } : null} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="确认日期" name="confirmedOn" rules={[{ required: true, message: '请选择确认日期' }]} extra={firstReview ? `首次复核 ${firstReview}` : '从次月起发放保障金'}>
                  <DateField />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col span={24}>
            <Form.Item
              label="保障对象（保障人数）"
              name="memberIds"
              rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一名保障对象' }]}
              extra={!entry && !householdId ? '选择住户后列出户内成员' : undefined}
            >
              {loadingMembers ? (
                <Spin size="small" />
              ) : (
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
              )}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="低保证号" name="certificateNumber">
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="城市/农村" name="area" rules={[{ required: true, message: '请选择城市或农村' }]}>
              <Radio.Group optionType="button" options={lowIncomeAreaTable.entries.map((e) => ({ value: e.code, label: e.label }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="月保障金额" name="monthlyAmount" rules={[{ required: true, message: '请填写月保障金额' }]}>
              <InputNumber min={0} max={100000} precision={2} step={10} suffix="元" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="分类" name="class" rules={[{ required: true, message: '请选择分类' }]} extra={rules && cls ? `每 ${rules.lowIncomeReviewMonths[cls as 'A' | 'B' | 'C']} 个月复核一次` : undefined}>
              <CodeSelect table={lowIncomeClassTable} allowClear={false} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="特困供养" name="extremePoverty">
              <Radio.Group
                options={[
                  { value: '', label: '否' },
                  { value: '集中', label: '集中' },
                  { value: '分散', label: '分散' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="公示开始日期" name="publicityFrom" extra={pubEnd ? `公示至 ${pubEnd}` : undefined}>
              <DateField />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="register-error" /> : null}
    </Modal>
  );
}
