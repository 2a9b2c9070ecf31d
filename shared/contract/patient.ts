// 严重精神障碍患者: the ledger entry, its steps and follow-ups, as the contract sees them.
import { z } from 'zod';
import { relationTable } from '../codes/person';
import { careTeamRoleTable, diagnosisTable, patientStatusTable, treatmentTable } from '../codes/ledger';
import { channel, read, write } from './define';
import { codeOf, dateString, exportResult, id, optionalCodeOf, optionalDate, outputPath, phone, requiredText, text } from './common';
import { entryDue, entryPerson, entryVoidInput, listFilter, statusChangeRow, stepView, statusCorrectInput, statusVoidInput, teamMemberInput, teamMemberRow, voidReason } from './entry';

/** Steps of an entry that may be corrected or voided. */
export const PATIENT_CORRECTABLE_STEPS = ['awardAgreement'] as const;

/** The step channels of one entry name the entry, so its village decides. */
const writePatient = write<{ id: number }>({ refs: (i) => ({ patient: [i.id] }) }, { keyGroup: true });

export const patientRow = entryPerson.extend({
  id: z.number(),
  registeredOn: z.string(),
  diagnosis: z.string(),
  risk: z.number(),
  riskAssessedOn: z.string().nullable(),
  status: z.string(),
  statusSince: z.string(),
  guardianName: z.string(),
  guardianPhone: z.string(),
  awardEligible: z.boolean(),
  awardAgreementSignedOn: z.string().nullable(),
  lastFollowUpOn: z.string().nullable(),
  lastFollowUpClass: z.string().nullable(),
  nextDue: entryDue.nullable(),
});
export type PatientRow = z.infer<typeof patientRow>;

export const patientDetail = patientRow.extend({
  firstOnsetOn: z.string().nullable(),
  priorIncidentCount: z.number(),
  priorLastIncidentOn: z.string().nullable(),
  incidentCount: z.number(),
  lastIncidentOn: z.string().nullable(),
  treatment: z.string().nullable(),
  hospital: z.string(),
  guardianResidentId: z.number().nullable(),
  guardianRelation: z.string().nullable(),
  lastAwardReviewOn: z.string().nullable(),
  note: z.string(),
  team: z.array(teamMemberRow),
  statusChanges: z.array(statusChangeRow),
  dues: z.array(entryDue),
  steps: z.array(stepView),
});
export type PatientDetail = z.infer<typeof patientDetail>;

export const patientRegisterInput = z.object({
  residentId: id,
  registeredOn: dateString('建档日期'),
  diagnosis: codeOf(diagnosisTable),
  firstOnsetOn: optionalDate('初次发病日期'),
  priorIncidentCount: z.number().int().min(0, '肇事肇祸次数不能为负').max(999).default(0),
  priorLastIncidentOn: optionalDate('上次肇事肇祸日期'),
  risk: z.number({ error: '请选择危险性评估等级' }).int().min(0, '危险性等级为 0–5 级').max(5, '危险性等级为 0–5 级'),
  treatment: optionalCodeOf(treatmentTable),
  hospital: text('治疗医院', 60),
  /** The guardian is a resident, or a name and phone. */
  guardianResidentId: id.nullable().optional(),
  guardianName: text('监护人姓名', 20),
  guardianPhone: phone,
  guardianRelation: optionalCodeOf(relationTable),
  note: text('备注', 500),
});
export type PatientRegisterInput = z.input<typeof patientRegisterInput>;

export const patientChannels = {
  'patient.list': channel(listFilter, z.array(patientRow), read('rows', { keyGroup: true, mask: 'list' })),
  'patient.get': channel(z.object({ id }), patientDetail, read('rows', { keyGroup: true })),
  'patient.register': channel(patientRegisterInput, patientDetail, write({ refs: (i) => ({ resident: [i.residentId, i.guardianResidentId] }) }, { keyGroup: true })),
  'patient.update': channel(patientRegisterInput.omit({ residentId: true, registeredOn: true }).extend({ id }), patientDetail, write({ refs: (i) => ({ patient: [i.id], resident: [i.guardianResidentId] }) }, { keyGroup: true })),
  'patient.changeStatus': channel(z.object({ id, to: codeOf(patientStatusTable), date: dateString('变更日期'), reason: requiredText('变更原因', 200) }), patientDetail, writePatient),
  'patient.team': channel(z.object({ id, members: z.array(teamMemberInput(careTeamRoleTable)) }), patientDetail, writePatient),
  /** 以奖代补: the guardian signs the 监护责任书. */
  'patient.awardAgreement': channel(z.object({ id, date: dateString('签订日期') }), patientDetail, writePatient),
  /** 以奖代补 年审 done. */
  'patient.awardReview': channel(z.object({ id, date: dateString('年审日期'), content: text('年审情况', 500) }), patientDetail, writePatient),
  /** A 肇事肇祸 event after registration. */
  'patient.incident': channel(z.object({ id, date: dateString('肇事肇祸日期'), content: requiredText('经过', 500) }), patientDetail, writePatient),
  /** 更正 the 监护责任书 signing date, with the reason (a 年审 is a record: record.correct). */
  'patient.correctStep': channel(z.object({ id, step: z.enum(PATIENT_CORRECTABLE_STEPS), date: dateString('签订日期'), reason: requiredText('更正原因', 200) }), patientDetail, writePatient),
  /** 作废 a 监护责任书 signed by mistake: as if not signed (refused while a standing 年审 rests on it). */
  'patient.voidStep': channel(z.object({ id, step: z.enum(PATIENT_CORRECTABLE_STEPS), reason: voidReason }), patientDetail, writePatient),
  /** 更正 the date of a status change (失访, 住院, 死亡, 迁出 …); not the one made at 建档. */
  'patient.correctStatus': channel(statusCorrectInput, patientDetail, writePatient),
  /** 作废 the latest status change, recorded by mistake: back to the status before it. */
  'patient.voidStatus': channel(statusVoidInput, patientDetail, writePatient),
  /** 作废 an entry registered by mistake: it leaves the lists, due items and figures, and stays on the timeline. */
  'patient.void': channel(entryVoidInput, patientDetail, writePatient),
  /** 严重精神障碍患者台账 */
  'patient.export': channel(listFilter.extend({ path: outputPath }), exportResult, read('rows', { keyGroup: true, long: true })),
};
