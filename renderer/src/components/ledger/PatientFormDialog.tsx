// 登记 / 修改严重精神障碍患者: diagnosis, onset, 肇事肇祸 history, 危险性 0–5 (with what each level means),
// treatment, and the guardian as a resident or a name and phone with the relation. 以奖代补 shows live.
import { Alert, Col, Form, Input, InputNumber, Modal, Row, Segmented, Select, Tag } from 'antd';
import { useState } from 'react';
import { diagnosisTable, relationTable, RISK_LEVEL_HINTS, treatmentTable, type RiskLevel } from '../../../../shared/codes';
import type { PatientDetail } from '../../../../shared/contract/ledgers';
import { awardEligible } from '../../../../shared/rules/ledgerRules';
import { call, errorMessage } from '../../api';
import { applyProblems, CodeSelect, DateField, todayString } from '../fields';
import { useRules } from './common';
import { ResidentPicker, type PickedResident } from './pickers';
import { riskOptions } from './RecordDialog';

interface Values {
  residentId?: number | null;
  registeredOn?: string | null;
  diagnosis?: string;
  firstOnsetOn?: string | null;
  priorIncidentCount?: number | null;
  priorLastIncidentOn?: string | null;
  risk?: number;
  treatment?: string | null;
  hospital?: string;
  guardianResidentId?: number | null;
  guardianName?: string;
  guardianPhone?: string;
  guardianRelation?: string | null;
  note?: string;
}

export function PatientFormDialog({ resident, entry, onCancel, onDone }: {
  resident?: PickedResident | null;
  /** Given: correct this patient (patient.update). */
  entry?: PatientDetail | null;
  onCancel: () => void;
  onDone: (e: PatientDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const rules = useRules();
  const [guardianMode, setGuardianMode] = useState<'resident' | 'typed'>(entry && !entry.guardianResidentId ? 'typed' : 'resident');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const risk = Form.useWatch('risk', form);
  const prior = Form.useWatch('priorIncidentCount', form);
  const patientId = Form.useWatch('residentId', form);

  const initial: Values = entry
    ? {
        diagnosis: entry.diagnosis,
        firstOnsetOn: entry.firstOnsetOn,
        priorIncidentCount: entry.priorIncidentCount,
        priorLastIncidentOn: entry.priorLastIncidentOn,
        risk: entry.risk,
        treatment: entry.treatment,
        hospital: entry.hospital,
        guardianResidentId: entry.guardianResidentId,
        guardianName: entry.guardianName,
        guardianPhone: entry.guardianPhone,
        guardianRelation: entry.guardianRelation,
        note: entry.note,
      }
    : { residentId: resident?.id, registeredOn: todayString(), risk: 0, priorIncidentCount: 0 };

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      diagnosis: v.diagnosis ?? '',
      firstOnsetOn: v.firstOnsetOn ?? null,
      priorIncidentCount: v.priorIncidentCount ?? 0,
      priorLastIncidentOn: v.priorLastIncidentOn ?? null,
      risk: v.risk ?? 0,
      treatment: v.treatment ?? null,
      hospital: v.hospital ?? '',
      guardianResidentId: guardianMode === 'resident' ? (v.guardianResidentId ?? null) : null,
      guardianName: guardianMode === 'typed' ? (v.guardianName ?? '') : '',
      guardianPhone: guardianMode === 'typed' ? (v.guardianPhone ?? '') : '',
      guardianRelation: v.guardianRelation ?? null,
      note: v.note ?? '',
    };
    setSaving(true);
    setError(null);
    try {
      const e = entry
        ? await call('patient.update', { id: entry.id, ...body })
        : await call('patient.register', { residentId: v.residentId ?? 0, registeredOn: v.registeredOn ?? '', ...body });
      onDone(e);
    } catch (err) {
      setError(errorMessage(err));
      applyProblems(form, err, {
        residentId: ['人员'],
        registeredOn: ['建档日期'],
        diagnosis: ['目前诊断类型'],
        firstOnsetOn: ['初次发病日期'],
        priorIncidentCount: ['肇事肇祸次数'],
        priorLastIncidentOn: ['上次肇事肇祸日期'],
        risk: ['危险性评估等级'],
        treatment: ['治疗情况'],
        hospital: ['治疗医院'],
        guardianName: ['监护人姓名'],
        guardianPhone: ['联系电话'],
        guardianRelation: ['与户主关系', '监护人关系'],
      });
    } finally {
      setSaving(false);
    }
  };

  const eligible = rules && risk !== undefined ? awardEligible({ lastRisk: risk, incidentCount: prior ?? 0 }, rules) : false;

  return (
    <Modal
      open
      title={entry ? `修改患者信息：${entry.name}` : '登记严重精神障碍患者'}
      onCancel={onCancel}
      onOk={submit}
      okText={entry ? '保存' : '登记'}
      okButtonProps={{ 'data-testid': 'register-ok' }}
      confirmLoading={saving}
      width={820}
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" className="dense-form" requiredMark="optional" initialValues={initial} data-testid="patient-form">
        <Row gutter={16}>
          {!entry ? (
            <>
              <Col span={16}>
                <Form.Item label="患者" name="residentId" rules={[{ required: true, message: '请选择在册人员（先在「实有人口」中登记）' }]}>
                  <ResidentPicker initial={resident} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="建档日期" name="registeredOn" rules={[{ required: true, message: '请选择建档日期' }]}>
                  <DateField />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col span={16}>
            <Form.Item label="目前诊断类型" name="diagnosis" rules={[{ required: true, message: '请选择目前诊断类型' }]}>
              <CodeSelect table={diagnosisTable} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="初次发病日期" name="firstOnsetOn">
              <DateField />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="既往肇事肇祸次数" name="priorIncidentCount">
              <InputNumber min={0} max={999} precision={0} style={{ width: '100%' }} suffix="次" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="上次肇事肇祸日期" name="priorLastIncidentOn">
              <DateField placeholder="无则不填" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="以奖代补">
              {rules ? (
                eligible ? (
                  <Tag color="orange" data-testid="award-hint">
                    是以奖代补对象
                  </Tag>
                ) : (
                  <span className="muted">危险性 {rules.awardRiskThreshold} 级及以上或有肇事肇祸史时为以奖代补对象</span>
                )
              ) : null}
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              label="目前危险性评估等级"
              name="risk"
              rules={[{ required: true, message: '请选择危险性评估等级' }]}
              extra={risk !== undefined && risk !== null ? `${risk} 级：${RISK_LEVEL_HINTS[risk as RiskLevel]}` : undefined}
            >
              <Select options={riskOptions()} optionLabelProp="title" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="治疗情况" name="treatment">
              <CodeSelect table={treatmentTable} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="治疗医院" name="hospital">
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="监护人" style={{ marginBottom: 8 }}>
              <Segmented
                value={guardianMode}
                onChange={(m) => setGuardianMode(m as 'resident' | 'typed')}
                options={[
                  { value: 'resident', label: '本镇居民' },
                  { value: 'typed', label: '填写姓名电话' },
                ]}
              />
            </Form.Item>
          </Col>
          {guardianMode === 'resident' ? (
            <Col span={16}>
              <Form.Item name="guardianResidentId" label="监护人（居民）">
                <ResidentPicker
                  excludeId={patientId ?? entry?.residentId}
                  initial={entry?.guardianResidentId ? { id: entry.guardianResidentId, name: entry.guardianName, idNumber: '', phone: entry.guardianPhone } : null}
                />
              </Form.Item>
            </Col>
          ) : (
            <>
              <Col span={8}>
                <Form.Item name="guardianName" label="监护人姓名">
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="guardianPhone" label="监护人电话">
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col span={8}>
            <Form.Item name="guardianRelation" label="监护人与患者关系">
              <CodeSelect table={relationTable} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="备注" name="note">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="register-error" /> : null}
    </Modal>
  );
}
