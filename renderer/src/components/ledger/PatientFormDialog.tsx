// 登记 / 修改严重精神障碍患者: diagnosis, onset, 肇事肇祸 history, 危险性 0–5 (with what each level means),
// treatment, and the guardian as a resident or a name and phone with the relation. 以奖代补 shows live.
import { Form, Segmented, Tag } from 'antd';
import { diagnosisTable, relationTable, RISK_LEVEL_HINTS, treatmentTable, type RiskLevel } from '../../../../shared/codes';
import type { PatientDetail } from '../../../../shared/contract/patient';
import { awardEligible } from '../../../../shared/rules/ledgerRules';
import { todayString } from '../fields';
import { FormDialog, type FieldDescriptor, type FormValues } from '../form/FormDialog';
import { useRules } from './common';
import { type PickedResident } from './pickers';
import { newResident } from '../../pages/people/inlineCreate';
import { riskOptions } from './RecordDialog';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const orNull = (v: unknown) => (typeof v === 'string' && v ? v : null);
const byResident = (v: FormValues) => v.guardianMode !== 'typed';

export function PatientFormDialog({ resident, entry, onCancel, onDone }: {
  resident?: PickedResident | null;
  /** Given: correct this patient (patient.update). */
  entry?: PatientDetail | null;
  onCancel: () => void;
  onDone: (e: PatientDetail) => void;
}) {
  const rules = useRules();

  const initial: FormValues = entry
    ? {
        diagnosis: entry.diagnosis,
        firstOnsetOn: entry.firstOnsetOn,
        priorIncidentCount: entry.priorIncidentCount,
        priorLastIncidentOn: entry.priorLastIncidentOn,
        risk: entry.risk,
        treatment: entry.treatment,
        hospital: entry.hospital,
        guardianMode: entry.guardianResidentId ? 'resident' : 'typed',
        guardianResidentId: entry.guardianResidentId,
        guardianName: entry.guardianName,
        guardianPhone: entry.guardianPhone,
        guardianRelation: entry.guardianRelation,
        note: entry.note,
      }
    : { residentId: resident?.id, registeredOn: todayString(), risk: 0, priorIncidentCount: 0, guardianMode: 'resident' };

  const body = (v: FormValues) => ({
    diagnosis: str(v.diagnosis),
    firstOnsetOn: orNull(v.firstOnsetOn),
    priorIncidentCount: typeof v.priorIncidentCount === 'number' ? v.priorIncidentCount : 0,
    priorLastIncidentOn: orNull(v.priorLastIncidentOn),
    risk: typeof v.risk === 'number' ? v.risk : 0,
    treatment: orNull(v.treatment),
    hospital: str(v.hospital),
    guardianResidentId: byResident(v) && typeof v.guardianResidentId === 'number' ? v.guardianResidentId : null,
    guardianName: byResident(v) ? '' : str(v.guardianName),
    guardianPhone: byResident(v) ? '' : str(v.guardianPhone),
    guardianRelation: orNull(v.guardianRelation),
    note: str(v.note),
  });

  const fields: FieldDescriptor[] = [
    { kind: 'person', name: 'residentId', label: '患者', initial: resident, create: newResident, required: '请选择在册人员；不在册的点「新登记人员」', span: 16, show: () => !entry },
    { kind: 'date', name: 'registeredOn', label: '建档日期', required: true, span: 8, show: () => !entry },
    { kind: 'code', name: 'diagnosis', label: '目前诊断类型', table: diagnosisTable, required: true, span: 16 },
    { kind: 'date', name: 'firstOnsetOn', label: '初次发病日期', span: 8 },
    { kind: 'number', name: 'priorIncidentCount', label: '既往肇事肇祸次数', min: 0, max: 999, precision: 0, suffix: '次', span: 8 },
    { kind: 'date', name: 'priorLastIncidentOn', label: '上次肇事肇祸日期', placeholder: '无则不填', span: 8 },
    {
      kind: 'note',
      name: 'award',
      span: 8,
      render: (v) => (
        <Form.Item label="以奖代补">
          {rules ? (
            awardEligible({ lastRisk: typeof v.risk === 'number' ? v.risk : null, incidentCount: typeof v.priorIncidentCount === 'number' ? v.priorIncidentCount : 0 }, rules) ? (
              <Tag color="orange" data-testid="award-hint">
                是以奖代补对象
              </Tag>
            ) : (
              <span className="muted">危险性 {rules.awardRiskThreshold} 级及以上或有肇事肇祸史时为以奖代补对象</span>
            )
          ) : null}
        </Form.Item>
      ),
    },
    {
      kind: 'choice', name: 'risk', label: '目前危险性评估等级', options: riskOptions(), optionLabelProp: 'title', required: '请选择危险性评估等级',
      help: (v) => (typeof v.risk === 'number' ? `${v.risk} 级：${RISK_LEVEL_HINTS[v.risk as RiskLevel]}` : undefined),
    },
    { kind: 'code', name: 'treatment', label: '治疗情况', table: treatmentTable, span: 12 },
    { kind: 'text', name: 'hospital', label: '治疗医院', max: 60, span: 12 },
    {
      kind: 'custom',
      name: 'guardianMode',
      label: '监护人',
      path: [],
      item: () => ({ style: { marginBottom: 8 } }),
      render: () => (
        <Segmented
          options={[
            { value: 'resident', label: '本镇居民' },
            { value: 'typed', label: '填写姓名电话' },
          ]}
        />
      ),
    },
    {
      kind: 'person', name: 'guardianResidentId', label: '监护人（居民）', span: 16, show: byResident,
      excludeId: (v) => (typeof v.residentId === 'number' ? v.residentId : entry?.residentId),
      initial: entry?.guardianResidentId ? { id: entry.guardianResidentId, name: entry.guardianName, idNumber: '', phone: entry.guardianPhone } : null,
    },
    { kind: 'text', name: 'guardianName', label: '监护人姓名', max: 20, span: 8, show: (v) => !byResident(v) },
    { kind: 'text', name: 'guardianPhone', label: '监护人电话', max: 40, span: 8, show: (v) => !byResident(v) },
    { kind: 'code', name: 'guardianRelation', label: '监护人与患者关系', table: relationTable, span: 8 },
    { kind: 'text', name: 'note', label: '备注', max: 500 },
  ];

  return (
    <FormDialog
      title={entry ? `修改患者信息：${entry.name}` : '登记严重精神障碍患者'}
      fields={fields}
      initialValues={initial}
      channel={entry ? 'patient.update' : 'patient.register'}
      toInput={(v) => (entry ? { id: entry.id, ...body(v) } : { residentId: typeof v.residentId === 'number' ? v.residentId : 0, registeredOn: str(v.registeredOn), ...body(v) })}
      onCancel={onCancel}
      onDone={onDone}
      okText={entry ? '保存' : '登记'}
      width={820}
      testIds={{ dialog: 'patient-dialog', form: 'patient-form', ok: 'register-ok', error: 'register-error' }}
    />
  );
}
