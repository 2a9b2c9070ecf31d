// The three key-group ledgers: 刑满释放人员 (安置帮教), 严重精神障碍患者, 低保户.
import { z } from 'zod';
import { relationTable } from '../codes/person';
import {
  careTeamRoleTable, diagnosisTable, extremePovertySupportTable, handoverTable, helpTeamRoleTable, lowIncomeAreaTable,
  lowIncomeClassTable, lowIncomeExitReasonTable, originalCrimeTable, patientStatusTable, placementTable, releasedClassTable,
  releasedStatusTable, treatmentTable,
} from '../codes/ledger';
import { channel, read, write } from './define';
import { codeOf, dateString, exportResult, id, optionalCodeOf, optionalDate, outputPath, phone, requiredText, text } from './common';

/** Who a ledger entry is about, as lists show them. */
export const entryPerson = z.object({
  residentId: z.number(),
  idNumber: z.string(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  phone: z.string(),
  currentAddress: z.string(),
  residentStatus: z.string(),
  villageId: z.number().nullable(),
  villageName: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
});
export type EntryPerson = z.infer<typeof entryPerson>;

export const statusChangeRow = z.object({ id: z.number(), fromStatus: z.string().nullable(), toStatus: z.string(), date: z.string(), reason: z.string() });

export const teamMemberRow = z.object({
  id: z.number(),
  staffId: z.number().nullable(),
  residentId: z.number().nullable(),
  name: z.string(),
  phone: z.string(),
  role: z.string(),
  fromDate: z.string().nullable(),
  toDate: z.string().nullable(),
});
export type TeamMemberRow = z.infer<typeof teamMemberRow>;

/** A member is a staff member, a resident, or just a name and phone. */
export const teamMemberInput = (roles: typeof helpTeamRoleTable) =>
  z.object({
    staffId: id.nullable().optional(),
    residentId: id.nullable().optional(),
    name: requiredText('成员姓名', 20),
    phone,
    role: codeOf(roles),
    fromDate: optionalDate('加入日期'),
  });

/** A step of the entry's state machine: may it be done now, and if not, why (shared/rules/ledgerMachines.ts). */
export const stepView = z.object({
  step: z.string(),
  label: z.string(),
  /** Status changes: the status it leads to. */
  to: z.string().nullable(),
  available: z.boolean(),
  reason: z.string().nullable(),
});
export type StepViewDto = z.infer<typeof stepView>;

/** A due item of one entry, as the person page shows it. */
export const entryDue = z.object({ kind: z.string(), dueDate: z.string(), state: z.enum(['逾期', '今日到期', '即将到期']).nullable(), daysLate: z.number() });

export const listFilter = z.object({
  query: z.string().trim().max(40).default(''),
  villageId: id.optional(),
  gridId: id.optional(),
  /** Empty: the entries still on the ledger. '全部' for every entry. */
  status: z.string().optional(),
});


/** The step channels of one entry: they name the entry, so its village decides. */
const writeReleased = write<{ id: number }>({ refs: (i) => ({ released: [i.id] }) }, { keyGroup: true });
const writePatient = write<{ id: number }>({ refs: (i) => ({ patient: [i.id] }) }, { keyGroup: true });
const writeLowIncome = write<{ id: number }>({ refs: (i) => ({ lowIncome: [i.id] }) }, { keyGroup: true });
// ───── 刑满释放人员 ─────

export const releasedPersonRow = entryPerson.extend({
  id: z.number(),
  releaseDate: z.string(),
  termEnd: z.string(),
  crime: z.string().nullable(),
  class: z.string(),
  status: z.string(),
  statusSince: z.string(),
  handoverOn: z.string().nullable(),
  reportedOn: z.string().nullable(),
  placed: z.boolean(),
  teamSize: z.number(),
  lastHelpOn: z.string().nullable(),
  /** The most pressing due item, if any. */
  nextDue: entryDue.nullable(),
});
export type ReleasedPersonRow = z.infer<typeof releasedPersonRow>;

export const releasedPersonDetail = releasedPersonRow.extend({
  noticeReceivedOn: z.string().nullable(),
  prison: z.string(),
  sentence: z.string(),
  recidivist: z.boolean(),
  endedInCorrection: z.boolean(),
  handoverCode: z.string().nullable(),
  agreementSignedOn: z.string().nullable(),
  classAssessedOn: z.string().nullable(),
  placementCode: z.string().nullable(),
  placedOn: z.string().nullable(),
  unplacedReason: z.string(),
  reoffendOn: z.string().nullable(),
  reoffendCrime: z.string(),
  note: z.string(),
  assessments: z.array(z.object({ id: z.number(), date: z.string(), class: z.string(), reason: z.string() })),
  team: z.array(teamMemberRow),
  statusChanges: z.array(statusChangeRow),
  dues: z.array(entryDue),
  steps: z.array(stepView),
});
export type ReleasedPersonDetail = z.infer<typeof releasedPersonDetail>;

export const releasedRegisterInput = z.object({
  residentId: id,
  /** 释放通知书 收到日期: registering from a notice starts the entry as 待衔接. */
  noticeReceivedOn: optionalDate('通知书收到日期'),
  prison: text('服刑场所', 60),
  crime: optionalCodeOf(originalCrimeTable),
  sentence: text('原判刑期', 30),
  releaseDate: dateString('释放日期'),
  recidivist: z.boolean().default(false),
  endedInCorrection: z.boolean().default(false),
  /** Registering directly (without a notice) may give the 衔接 at once. */
  handoverOn: optionalDate('衔接日期'),
  handoverCode: optionalCodeOf(handoverTable),
  class: codeOf(releasedClassTable).default('general'),
  note: text('备注', 500),
});
export type ReleasedRegisterInput = z.input<typeof releasedRegisterInput>;

export const releasedChannels = {
  'released.list': channel(listFilter, z.array(releasedPersonRow), read('rows', { keyGroup: true })),
  'released.get': channel(z.object({ id }), releasedPersonDetail, read('rows', { keyGroup: true })),
  'released.register': channel(releasedRegisterInput, releasedPersonDetail, write({ refs: (i) => ({ resident: [i.residentId] }) }, { keyGroup: true })),
  /** Corrects the notice facts (not the status, which moves only through the steps below). */
  'released.update': channel(
    releasedRegisterInput.omit({ residentId: true, handoverOn: true, handoverCode: true, class: true }).extend({ id }),
    releasedPersonDetail,
    writeReleased,
  ),
  'released.handover': channel(z.object({ id, date: dateString('衔接日期'), code: codeOf(handoverTable) }), releasedPersonDetail, writeReleased),
  'released.report': channel(z.object({ id, date: dateString('报到日期') }), releasedPersonDetail, writeReleased),
  'released.agreement': channel(z.object({ id, date: dateString('帮教协议签订日期') }), releasedPersonDetail, writeReleased),
  'released.assess': channel(z.object({ id, date: dateString('评估日期'), class: codeOf(releasedClassTable), reason: requiredText('评估理由', 200) }), releasedPersonDetail, writeReleased),
  'released.place': channel(
    z.object({ id, code: optionalCodeOf(placementTable), date: optionalDate('安置日期'), unplacedReason: text('未安置原因', 200) }),
    releasedPersonDetail,
    writeReleased,
  ),
  'released.reoffend': channel(z.object({ id, date: dateString('重新犯罪日期'), crime: requiredText('罪名', 60) }), releasedPersonDetail, writeReleased),
  /** 脱管, back to 在册帮教, 期满解除 (on/after 期满日), 死亡, 迁出 — each dated with a reason. */
  'released.changeStatus': channel(z.object({ id, to: codeOf(releasedStatusTable), date: dateString('变更日期'), reason: requiredText('变更原因', 200) }), releasedPersonDetail, writeReleased),
  'released.team': channel(z.object({ id, members: z.array(teamMemberInput(helpTeamRoleTable)) }), releasedPersonDetail, writeReleased),
  /** 刑满释放人员台账 */
  'released.export': channel(listFilter.extend({ path: outputPath }), exportResult, read('rows', { keyGroup: true, long: true })),
};

// ───── 严重精神障碍患者 ─────

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
  'patient.list': channel(listFilter, z.array(patientRow), read('rows', { keyGroup: true })),
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
  /** 严重精神障碍患者台账 */
  'patient.export': channel(listFilter.extend({ path: outputPath }), exportResult, read('rows', { keyGroup: true, long: true })),
};

// ───── 低保户 ─────

export const lowIncomeRow = z.object({
  id: z.number(),
  householdId: z.number(),
  householdNumber: z.string(),
  headName: z.string().nullable(),
  headIdNumber: z.string().nullable(),
  villageId: z.number().nullable(),
  villageName: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  address: z.string(),
  confirmedOn: z.string(),
  certificateNumber: z.string(),
  area: z.string(),
  class: z.string(),
  /** 元 */
  monthlyAmount: z.number(),
  coveredCount: z.number(),
  extremePoverty: z.string().nullable(),
  status: z.string(),
  lastReviewOn: z.string().nullable(),
  nextDue: entryDue.nullable(),
});
export type LowIncomeRow = z.infer<typeof lowIncomeRow>;

export const lowIncomeDetail = lowIncomeRow.extend({
  publicityFrom: z.string().nullable(),
  publicityTo: z.string().nullable(),
  exitOn: z.string().nullable(),
  exitReason: z.string().nullable(),
  exitNote: z.string(),
  members: z.array(z.object({ residentId: z.number(), name: z.string(), idNumber: z.string(), relation: z.string().nullable(), residentStatus: z.string(), covered: z.boolean() })),
  statusChanges: z.array(statusChangeRow),
  dues: z.array(entryDue),
  steps: z.array(stepView),
});
export type LowIncomeDetail = z.infer<typeof lowIncomeDetail>;

export const money = (label: string) =>
  z.number({ error: `请填写${label}` }).min(0, `${label}不能为负`).max(100_000, `${label}过大`).refine((v) => Math.round(v * 100) === Math.round(v * 100 * 1000) / 1000, { message: `${label}最多两位小数` });

export const lowIncomeRegisterInput = z.object({
  householdId: id,
  confirmedOn: dateString('确认日期'),
  certificateNumber: text('低保证号', 40),
  area: codeOf(lowIncomeAreaTable),
  class: codeOf(lowIncomeClassTable),
  /** Residents of the household who are covered (保障人数). */
  memberIds: z.array(id).min(1, '请至少选择一名保障对象'),
  monthlyAmount: money('月保障金额'),
  extremePoverty: optionalCodeOf(extremePovertySupportTable),
  publicityFrom: optionalDate('公示开始日期'),
});
export type LowIncomeRegisterInput = z.input<typeof lowIncomeRegisterInput>;

export const lowIncomeChannels = {
  'lowIncome.list': channel(listFilter, z.array(lowIncomeRow), read('rows', { keyGroup: true })),
  'lowIncome.get': channel(z.object({ id }), lowIncomeDetail, read('rows', { keyGroup: true })),
  'lowIncome.register': channel(lowIncomeRegisterInput, lowIncomeDetail, write({ refs: (i) => ({ household: [i.householdId] }) }, { keyGroup: true })),
  'lowIncome.update': channel(lowIncomeRegisterInput.omit({ householdId: true, confirmedOn: true }).extend({ id }), lowIncomeDetail, writeLowIncome),
  /** Leaves 低保 without a 复核 (e.g. 死亡, 迁出, 本人申请). A 复核 with 停发 closes it too. */
  'lowIncome.exit': channel(z.object({ id, date: dateString('退出日期'), reason: codeOf(lowIncomeExitReasonTable), note: text('说明', 200) }), lowIncomeDetail, writeLowIncome),
  /** 低保户台账 */
  'lowIncome.export': channel(listFilter.extend({ path: outputPath }), exportResult, read('rows', { keyGroup: true, long: true })),
};
