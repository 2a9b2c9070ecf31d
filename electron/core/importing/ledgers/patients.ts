// 严重精神障碍患者 ledger files: one row per patient. 建档 (diagnosis, 危险性, guardian, 既往肇事肇祸), then the
// last 随访, the 管理状态 (住院/失访 …, dated), the 以奖代补 监护责任书 and 年审 — each through the ledger's services.
//
// The "last 随访 date" becomes a 随访记录 marked 【导入】: the next 随访 is due by the last record's class (稳定 3
// months, otherwise 2 weeks) and 下次随访日期, and the month's indicators (服药率, 规范管理率) read the records;
// a field on the entry would leave both wrong. So a 最近随访日期 needs its class and 服药情况 (the record's
// required fields, as on the form); 住院情况 follows the 管理状态 (住院 → 目前正在住院, else 期间未住院).
import { defineTable, diagnosisTable, followUpClassTable, medicationTable, PATIENT_STATUSES, recordMethodTable, relationTable, treatmentTable } from '../../../../shared/codes';
import type { CodeTable } from '../../../../shared/codes';
import { addRecord } from '../../records/records';
import { eq } from 'drizzle-orm';
import { normalizeIdNumber } from '../../../../shared/rules/idNumber';
import { resident } from '../../db/schema';
import { changePatientStatus, registerPatient, reviewAward, signAwardAgreement } from '../../ledgers/patient/service';
import type { LedgerColumn } from './columns';
import type { LedgerDefinition, LedgerRow } from './types';
import { STAFF_FALLBACK } from './released';

const patientStatusColumnTable: CodeTable = defineTable(
  'patientStatusImport',
  '管理状态',
  undefined,
  PATIENT_STATUSES.map((s) => (s === '在管' ? ([s, s, '在册', '正常管理', '管理中', '居家'] as const) : ([s, s] as const))),
);

const columns: LedgerColumn[] = [
  { key: 'registeredOn', label: '建档日期', required: true, kind: 'date', aliases: ['建档时间', '纳入管理日期', '纳入管理时间', '登记日期', '管理日期'], explain: '必填；首次随访在建档后14天内', width: 12 },
  { key: 'diagnosis', label: '目前诊断类型', required: true, kind: 'code', table: diagnosisTable, aliases: ['诊断', '诊断类型', '疾病诊断', '诊断名称', '疾病类型', '疾病名称'], explain: '必填，如 精神分裂症 或 01，见「取值说明」', width: 16 },
  { key: 'risk', label: '危险性评估等级', required: true, kind: 'risk', aliases: ['目前危险性评估等级', '危险性评估', '危险性等级', '危险等级', '风险等级', '危险性'], explain: '必填，0–5 或 0级–5级', width: 10 },
  { key: 'firstOnsetOn', label: '初次发病日期', kind: 'date', aliases: ['初次发病时间', '首次发病日期', '首次发病时间', '发病日期'], explain: '选填', width: 12 },
  { key: 'priorIncidentCount', label: '肇事肇祸次数', kind: 'int', aliases: ['肇事次数', '肇祸次数'], explain: '建档前的次数，空白为0', width: 8 },
  { key: 'priorLastIncidentOn', label: '上次肇事肇祸日期', kind: 'date', aliases: ['最近肇事肇祸日期', '上次肇事日期'], explain: '选填；填了则次数不能为0', width: 12 },
  { key: 'treatment', label: '治疗情况', kind: 'code', table: treatmentTable, aliases: ['治疗状况', '目前治疗情况'], explain: '如 居家服用抗精神病药物治疗 或 02', width: 16 },
  { key: 'hospital', label: '治疗医院名称', kind: 'text', max: 60, aliases: ['治疗医院', '就诊医院', '医院名称'], explain: '选填', width: 16 },
  { key: 'guardianName', label: '监护人姓名', kind: 'text', max: 20, aliases: ['监护人'], explain: '选填；签监护责任书须有监护人', width: 10 },
  { key: 'guardianIdNumber', label: '监护人公民身份号码', kind: 'text', max: 20, aliases: ['监护人身份证号', '监护人身份证号码', '监护人身份证'], explain: '选填；监护人在实有人口中的，关联到该人（姓名、电话取实有人口的）', width: 20 },
  { key: 'guardianPhone', label: '监护人联系电话', kind: 'text', max: 40, aliases: ['监护人电话', '监护人联系方式', '监护人手机'], explain: '选填', width: 14 },
  { key: 'guardianRelation', label: '监护人与患者关系', kind: 'code', table: relationTable, aliases: ['与患者关系', '监护人关系'], explain: '如 配偶、父亲、母亲 或 GB/T 4761 代码', width: 10 },
  { key: 'status', label: '管理状态', kind: 'code', table: patientStatusColumnTable, aliases: ['患者状态', '人员状态', '状态'], explain: '空白为在管；住院、失访等须填状态日期', width: 10 },
  { key: 'statusOn', label: '状态日期', kind: 'date', aliases: ['状态变更日期', '住院日期', '失访日期', '变更日期'], explain: '管理状态不是在管时必填', width: 12 },
  { key: 'lastFollowUpOn', label: '最近随访日期', kind: 'date', aliases: ['最近一次随访日期', '上次随访日期', '末次随访日期', '最后随访日期'], explain: '记为一条随访记录（注明导入）；须同时填随访分类和服药情况', width: 12 },
  { key: 'followUpClass', label: '随访分类', kind: 'code', table: followUpClassTable, aliases: ['本次随访分类', '最近随访分类', '病情稳定情况', '病情分类', '稳定情况'], explain: '稳定/基本稳定/不稳定/未访到；下次随访按此计算', width: 10 },
  { key: 'medication', label: '服药情况', kind: 'code', table: medicationTable, aliases: ['服药依从性', '用药情况'], explain: '规律服药/间断服药/不服药/医嘱勿需服药', width: 12 },
  { key: 'followUpMethod', label: '随访方式', kind: 'code', table: recordMethodTable, aliases: [], explain: '面谈/家访/电话/其他，空白为其他', width: 8 },
  { key: 'followUpStaff', label: '随访人', kind: 'text', max: 20, aliases: ['随访医生', '随访人员', '随访责任人'], explain: '空白记为「台账导入」', width: 10 },
  { key: 'nextFollowUpOn', label: '下次随访日期', kind: 'date', aliases: ['下次随访时间', '预约随访日期'], explain: '选填；不能晚于规则允许的日期', width: 12 },
  { key: 'awardAgreementSignedOn', label: '监护责任书签订日期', kind: 'date', aliases: ['以奖代补协议签订日期', '监护协议签订日期', '责任书签订日期'], explain: '以奖代补：危险性≥3级或有肇事肇祸史的患者', width: 12 },
  { key: 'lastAwardReviewOn', label: '以奖代补年审日期', kind: 'date', aliases: ['最近年审日期', '年审日期'], explain: '选填；须在签订之后', width: 12 },
  { key: 'note', label: '备注', kind: 'text', max: 500, aliases: [], explain: '选填', width: 16 },
];

export const patientsImport: LedgerDefinition = {
  ledger: 'patient',
  title: '严重精神障碍患者',
  sheetName: '严重精神障碍患者',
  preferredSheet: /精神|患者|精防/,
  columns,
  notes: [
    '每行一名患者。按公民身份号码在实有人口中查找本人；查不到时按本行的姓名、户号、网格等新建。',
    '「最近随访日期」记为一条随访记录，内容注明「导入」，须同时填写随访分类和服药情况；下次随访按分类计算（稳定3个月，基本稳定、不稳定、未访到2周）。',
    '管理状态为住院、失访、迁出、死亡的，须填写状态日期。任何一项不通过，该行整行不导入。',
    '已在严重精神障碍患者台账中（在管、失访、住院）的人员不会重复登记，该行会列为问题。',
  ],
  apply(kit, [row]) {
    const r = row as LedgerRow;
    const { ctx } = kit;
    const residentId = kit.people.personOf(kit, r);
    const optional = (key: string) => kit.value<string>(r, key) ?? undefined;
    // A guardian in 实有人口 is linked to the person; one who is not stays a typed name and phone.
    let guardianResidentId: number | null = null;
    const guardianId = kit.text(r, 'guardianIdNumber');
    if (guardianId) {
      const checked = normalizeIdNumber(guardianId);
      if (!checked.ok) return kit.refuse(r, 'guardianIdNumber', `监护人公民身份号码：${checked.reason}`);
      const g = ctx.ledger.db.select({ id: resident.id, name: resident.name }).from(resident).where(eq(resident.idNumber, checked.idNumber)).get();
      const typed = kit.text(r, 'guardianName');
      if (g && typed && typed !== g.name) {
        kit.refuse(r, 'guardianName', `监护人公民身份号码 ${checked.idNumber} 在实有人口中登记的姓名是「${g.name}」，与监护人姓名「${typed}」不一致，请核对`);
      }
      guardianResidentId = g?.id ?? null;
    }
    const register = kit.input(
      'patient.register',
      {
        residentId,
        registeredOn: optional('registeredOn'),
        diagnosis: optional('diagnosis'),
        firstOnsetOn: optional('firstOnsetOn'),
        priorIncidentCount: kit.value<number>(r, 'priorIncidentCount') ?? 0,
        priorLastIncidentOn: optional('priorLastIncidentOn'),
        risk: kit.value<number>(r, 'risk') ?? undefined,
        treatment: optional('treatment'),
        hospital: kit.text(r, 'hospital'),
        guardianResidentId,
        guardianName: kit.text(r, 'guardianName'),
        guardianPhone: kit.text(r, 'guardianPhone'),
        guardianRelation: optional('guardianRelation'),
        note: kit.text(r, 'note'),
      },
      r,
      { guardianResidentId: 'guardianIdNumber' },
    );
    const entry = kit.step(r, 'idNumber', () => registerPatient(ctx, register), { guardianResidentId: 'guardianIdNumber' });
    kit.tally.entries++;
    const id = entry.id;
    const status = kit.value<string>(r, 'status');

    const followUpOn = kit.value<string>(r, 'lastFollowUpOn');
    if (followUpOn) {
      const cls = kit.value<string>(r, 'followUpClass');
      const medication = kit.value<string>(r, 'medication');
      const where = (key: string) => (kit.has(key) ? key : 'lastFollowUpOn');
      if (cls === null) kit.refuse(r, where('followUpClass'), '填写了最近随访日期，请同时填写随访分类（稳定、基本稳定、不稳定或未访到）：下次随访日期按分类计算');
      if (medication === null) kit.refuse(r, where('medication'), '填写了最近随访日期，请同时填写服药情况（规律服药、间断服药、不服药或医嘱勿需服药）');
      const input = kit.input(
        'record.add',
        {
          kind: 'followUp', patientId: id, date: followUpOn, method: kit.value<string>(r, 'followUpMethod') ?? '其他',
          staffName: kit.text(r, 'followUpStaff') || STAFF_FALLBACK, content: `【导入】台账记载的最近一次随访（文件「${kit.file}」第 ${r.row} 行）`,
          risk: entry.risk, medication, followUpClass: cls, hospitalization: status === '住院' ? '1' : '0',
          nextFollowUpOn: optional('nextFollowUpOn'),
        },
        r,
        { date: 'lastFollowUpOn', followUpClass: 'followUpClass', medication: 'medication', method: 'followUpMethod', staffName: 'followUpStaff', nextFollowUpOn: 'nextFollowUpOn' },
      );
      kit.step(r, 'lastFollowUpOn', () => addRecord(ctx, input), { date: 'lastFollowUpOn', nextFollowUpOn: 'nextFollowUpOn' });
      kit.tally.records++;
    }
    if (status && status !== '在管') {
      const date = kit.value<string>(r, 'statusOn');
      if (!date) kit.refuse(r, kit.has('statusOn') ? 'statusOn' : 'status', `管理状态为「${status}」，请填写状态日期（${status}的日期）`);
      const input = kit.input('patient.changeStatus', { id, to: status, date, reason: `导入：台账记载的管理状态「${status}」` }, r, { date: 'statusOn', to: 'status' });
      kit.step(r, 'status', () => changePatientStatus(ctx, input), { date: 'statusOn', to: 'status' });
    }
    const signedOn = kit.value<string>(r, 'awardAgreementSignedOn');
    if (signedOn) {
      const input = kit.input('patient.awardAgreement', { id, date: signedOn }, r, { date: 'awardAgreementSignedOn' });
      kit.step(r, 'awardAgreementSignedOn', () => signAwardAgreement(ctx, input), { date: 'awardAgreementSignedOn' });
    }
    const reviewedOn = kit.value<string>(r, 'lastAwardReviewOn');
    if (reviewedOn) {
      const input = kit.input('patient.awardReview', { id, date: reviewedOn, content: '导入：台账记载的最近一次年审' }, r, { date: 'lastAwardReviewOn' });
      kit.step(r, 'lastAwardReviewOn', () => reviewAward(ctx, input), { date: 'lastAwardReviewOn' });
    }
  },
};
