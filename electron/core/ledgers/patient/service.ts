// 严重精神障碍患者 ledger: registration, corrections, management status, 关爱帮扶小组, 以奖代补 (监护责任书 and
// 年审) and 肇事肇祸 events; the list and the detail page. Rules come from shared/rules/ledgerRules.ts.
//
// Decisions where domain.md is silent:
// - One open entry (在管, 失访, 住院) per resident. A resident whose earlier entry is 迁出 or 死亡 may be registered
//   again; bringing a 迁出 entry back to 在管 is refused while another entry of the same resident is open.
// - 危险性 at registration is the first assessment (risk_assessed_on = 建档日期). patient.update may correct it only
//   until a 随访 has assessed 危险性; after that, changes of 危险性 come with a 随访 record (record.add).
// - Guardian: a resident (name and phone are taken from the resident; the typed phone is used only when the resident
//   has none) or a typed name and phone. A new guardian must be 在册 and cannot be the patient; a guardian already
//   on file who has since left is kept on a correction (the consistency list reports it).
// - 以奖代补: the 监护责任书 needs a guardian and an eligible patient (awardEligible on the current 危险性 and every
//   肇事肇祸, before registration included). Signing again (a new 监护年度 or a new guardian) replaces the date.
//   A 年审 needs a signed agreement and is dated on or after it; it sets last_award_review_on (the later of the
//   stored and the new date) and writes a record row kind 'visit', ledger 'patient', method 其他, content
//   "以奖代补年审：…" — not kind 'review', which is the 低保 复核 of other services' queries.
// - A 肇事肇祸 after registration is a record row kind 'incident', ledger 'patient', method 其他; one dated before the
//   registration belongs to the 既往 count on the entry and is refused here. incidentCount = 既往 + records;
//   lastIncidentOn = the later of 上次肇事肇祸日期 and the last record.
// - A closed entry (迁出, 死亡) keeps its facts: no new team, agreement or 年审; a 肇事肇祸 only if dated on or before
//   the closing date.
// - nextDue is the due item with the earliest date; daysLate is today − due (negative while not yet due).
import type { ChannelParsed } from '../../../../shared/contract';
import type { EntryPerson } from '../../../../shared/contract/entry';
import type { PatientDetail, PatientRow } from '../../../../shared/contract/patient';
import { patientStatusTable, type PatientStatus } from '../../../../shared/codes/ledger';
import { patientMachine, type PatientFacts, type PatientStep } from '../../../../shared/rules/ledgerMachines';
import { awardEligible } from '../../../../shared/rules/ledgerRules';
import { checkChange, checkStep, isOpenIn, stepViews } from '../../../../shared/rules/stateMachine';
import type { RuleSettings } from '../../../../shared/rules/ruleSettings';
import type { ServiceContext } from '../../context';
import { conflict, enforce, notFound, validationError } from '../../errors';
import { queryMatch } from '../../people/search';
import { getRules } from '../../rules/service';
import { and, isNull, desc, eq, inArray, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  refuseVoided, entryPerson, entryPersonColumns, entryPersonJoins, g, inOrder, loadTeam, namedFragment, notInFuture, now, placeAndStatusClauses, r, requirePresentResident,
  saveTeam, selectAs, statusChanges, v, whereAll, writeStatusChange,
} from '../common';
import { duesByEntry, patientDues, type EntryDueView } from './dues';
import { inWrite } from '../../db/write';
import { diff, writeRevision } from '../revision';
import { correctChangeDate, requireLatest, standingChange, voidLatestChange } from '../statusRevision';
import { row, rows } from '../../db/query';
import { lowIncome, lowIncomeMember, patient, record, resident } from '../../db/schema';

type RegisterInput = ChannelParsed<'patient.register'>;
type UpdateInput = ChannelParsed<'patient.update'>;
type ListFilter = ChannelParsed<'patient.list'>;

type PatientTableRow = typeof patient.$inferSelect;

/** A patient entry as the service reads it: the row's fields, the person, and what the records add. */
export type PatientRaw = EntryPerson &
  Pick<
    PatientTableRow,
    | 'id' | 'registeredOn' | 'diagnosis' | 'firstOnsetOn' | 'priorIncidentCount' | 'priorLastIncidentOn' | 'risk' | 'riskAssessedOn' | 'treatment'
    | 'hospital' | 'guardianResidentId' | 'guardianName' | 'guardianPhone' | 'guardianRelation' | 'awardAgreementSignedOn' | 'lastAwardReviewOn'
    | 'statusSince' | 'note'
  > & {
    status: PatientStatus;
    guardianIdNumber: string | null;
    incidentRecords: number;
    lastIncidentRecordOn: string | null;
    lastFollowUpOn: string | null;
    lastFollowUpClass: string | null;
    /** A covered member of a 低保 household still 在保. */
    inLowIncome: number;
  };

const e = alias(patient, 'e');
const gr = alias(resident, 'gr');
const x = alias(record, 'x');
const lf = alias(record, 'lf');
const m = alias(lowIncomeMember, 'm');
const li = alias(lowIncome, 'li');

const patientSql = (rest: SQL) => sql<PatientRaw>`select ${selectAs({
    id: e.id, registeredOn: e.registeredOn, diagnosis: e.diagnosis, firstOnsetOn: e.firstOnsetOn, priorIncidentCount: e.priorIncidentCount,
    priorLastIncidentOn: e.priorLastIncidentOn, risk: e.risk, riskAssessedOn: e.riskAssessedOn, treatment: e.treatment, hospital: e.hospital,
    guardianResidentId: e.guardianResidentId, guardianName: e.guardianName, guardianPhone: e.guardianPhone, guardianRelation: e.guardianRelation,
    guardianIdNumber: gr.idNumber, awardAgreementSignedOn: e.awardAgreementSignedOn, lastAwardReviewOn: e.lastAwardReviewOn, status: e.status,
    statusSince: e.statusSince, note: e.note,
  })},
    (select count(*) from ${record} ${x} where ${x.ledger} = 'patient' and ${x.entryId} = ${e.id} and ${x.kind} = 'incident' and ${x.voidedOn} is null) as incidentRecords,
    (select max(${x.date}) from ${record} ${x} where ${x.ledger} = 'patient' and ${x.entryId} = ${e.id} and ${x.kind} = 'incident' and ${x.voidedOn} is null) as lastIncidentRecordOn,
    ${lf.date} as lastFollowUpOn, ${lf.followUpClass} as lastFollowUpClass,
    -- The person's own memberships first (+status keeps SQLite from walking every 在保 household per patient: 10×).
    exists (select 1 from ${lowIncomeMember} ${m} join ${lowIncome} ${li} on ${li.id} = ${m.lowIncomeId}
            where ${m.residentId} = ${e.residentId} and +${li.status} = '在保') as inLowIncome,
    ${entryPersonColumns}
  from ${patient} ${e} ${entryPersonJoins(e.residentId)}
  left join ${resident} ${gr} on ${gr.id} = ${e.guardianResidentId}
  left join ${record} ${lf} on ${lf.id} = (select ${x.id} from ${record} ${x} where ${x.ledger} = 'patient' and ${x.entryId} = ${e.id} and ${x.kind} = 'followUp' and ${x.voidedOn} is null
                                  order by ${x.date} desc, ${x.id} desc limit 1)
  ${rest}`;

const ORDER = sql`order by ${v.code} is null, ${v.code}, ${g.code}, ${r.namePinyin}, ${r.name}, ${e.id}`;

function isOpen(status: string): boolean {
  return isOpenIn(patientMachine, status);
}

/** What patientMachine looks at; `date` is the date the step carries. */
function factsOf(raw: PatientRaw, rules: RuleSettings, date: string | null): PatientFacts {
  return {
    status: raw.status, statusSince: raw.statusSince, name: raw.name, idNumber: raw.idNumber, risk: raw.risk, awardRiskThreshold: rules.awardRiskThreshold,
    awardEligible: isEligible(raw, rules), guardianName: raw.guardianName, awardAgreementSignedOn: raw.awardAgreementSignedOn, date,
  };
}

/** Refuses what patientMachine refuses, with its reason. */
function requireStep(ctx: ServiceContext, raw: PatientRaw, step: PatientStep, date: string | null = null) {
  enforce(checkStep(patientMachine, step, factsOf(raw, getRules(ctx), date)));
}

function loadRaw(ctx: ServiceContext, id: number): PatientRaw {
  const raw = row(ctx.ledger.sqlite, patientSql(sql`where ${e.id} = ${id}`));
  if (!raw) throw notFound(`找不到编号为 ${id} 的严重精神障碍患者`);
  return raw;
}

export function incidentFacts(raw: PatientRaw): { incidentCount: number; lastIncidentOn: string | null } {
  const a = raw.priorLastIncidentOn;
  const b = raw.lastIncidentRecordOn;
  return { incidentCount: raw.priorIncidentCount + raw.incidentRecords, lastIncidentOn: a && b ? (a > b ? a : b) : (a ?? b) };
}

function isEligible(raw: PatientRaw, rules: RuleSettings): boolean {
  return awardEligible({ lastRisk: raw.risk, incidentCount: incidentFacts(raw).incidentCount }, rules);
}

function toRow(raw: PatientRaw, rules: RuleSettings, dues: EntryDueView[]): PatientRow {
  return {
    residentId: raw.residentId,
    idNumber: raw.idNumber,
    name: raw.name,
    sex: raw.sex,
    birthDate: raw.birthDate,
    phone: raw.phone,
    currentAddress: raw.currentAddress,
    residentStatus: raw.residentStatus,
    villageId: raw.villageId,
    villageName: raw.villageName,
    gridId: raw.gridId,
    gridName: raw.gridName,
    id: raw.id,
    registeredOn: raw.registeredOn,
    diagnosis: raw.diagnosis,
    risk: raw.risk,
    riskAssessedOn: raw.riskAssessedOn,
    status: raw.status,
    statusSince: raw.statusSince,
    guardianName: raw.guardianName,
    guardianPhone: raw.guardianPhone,
    awardEligible: isEligible(raw, rules),
    awardAgreementSignedOn: raw.awardAgreementSignedOn,
    lastFollowUpOn: raw.lastFollowUpOn,
    lastFollowUpClass: raw.lastFollowUpClass,
    nextDue: dues[0] ?? null,
  };
}

export function getPatient(ctx: ServiceContext, id: number): PatientDetail {
  const rules = getRules(ctx);
  const raw = loadRaw(ctx, id);
  const dues = duesByEntry(patientDues(ctx, { entryIds: [id] }), ctx.today(), rules).get(id) ?? [];
  return {
    ...toRow(raw, rules, dues),
    firstOnsetOn: raw.firstOnsetOn,
    priorIncidentCount: raw.priorIncidentCount,
    priorLastIncidentOn: raw.priorLastIncidentOn,
    ...incidentFacts(raw),
    treatment: raw.treatment,
    hospital: raw.hospital,
    guardianResidentId: raw.guardianResidentId,
    guardianRelation: raw.guardianRelation,
    lastAwardReviewOn: raw.lastAwardReviewOn,
    note: raw.note,
    team: loadTeam(ctx, 'patient', id),
    statusChanges: statusChanges(ctx, 'patient', id),
    dues,
    // Without a date: a 肇事肇祸 dated before the closing may still be recorded.
    steps: stepViews(patientMachine, factsOf(raw, rules, null)),
  };
}

/** The entries a list filter selects, in village, grid and name order (also used by the export). */
export function queryPatients(ctx: ServiceContext, filter: ListFilter): PatientRaw[] {
  const clauses = placeAndStatusClauses(filter, {
    gridColumn: r.gridId,
    statusColumn: e.status,
    voidedColumn: e.voidedOn,
    open: patientMachine.open,
    statuses: patientStatusTable,
    statusLabel: '患者管理状态',
  });
  const match = queryMatch(filter.query);
  if (match) clauses.push(namedFragment(match.where, match.params));
  return rows(ctx.ledger.sqlite, patientSql(sql`${whereAll(clauses)} ${ORDER}`));
}

export function listPatients(ctx: ServiceContext, filter: ListFilter): PatientRow[] {
  const rules = getRules(ctx);
  const raws = queryPatients(ctx, filter);
  const dues = duesByEntry(patientDues(ctx, { entryIds: raws.filter((r) => isOpen(r.status)).map((r) => r.id) }), ctx.today(), rules);
  return raws.map((raw) => toRow(raw, rules, dues.get(raw.id) ?? []));
}

// ---------------------------------------------------------------- writes

interface GuardianFields {
  guardianResidentId?: number | null;
  guardianName: string;
  guardianPhone: string;
  guardianRelation: string | null;
}

function resolveGuardian(ctx: ServiceContext, patientResidentId: number, input: GuardianFields, keepId: number | null) {
  if (input.guardianResidentId) {
    if (input.guardianResidentId === patientResidentId) {
      throw validationError('监护人不能是患者本人', [{ field: '监护人', path: ['guardianResidentId'], message: '监护人不能是患者本人' }]);
    }
    const g = entryPerson(ctx, input.guardianResidentId);
    if (g.residentStatus !== '在册' && g.residentId !== keepId) {
      throw conflict(`监护人${g.name}（${g.idNumber}）已${g.residentStatus}，请另选监护人`);
    }
    return { residentId: g.residentId, name: g.name, phone: g.phone || input.guardianPhone, relation: input.guardianRelation };
  }
  if (!input.guardianName && input.guardianPhone) {
    throw validationError('填写了监护人联系电话，请同时填写监护人姓名', [{ field: '监护人姓名', path: ['guardianName'], message: '请填写监护人姓名' }]);
  }
  if (!input.guardianName && input.guardianRelation) {
    throw validationError('填写了监护人与患者关系，请同时填写监护人姓名', [{ field: '监护人姓名', path: ['guardianName'], message: '请填写监护人姓名' }]);
  }
  return { residentId: null, name: input.guardianName, phone: input.guardianPhone, relation: input.guardianRelation };
}

interface FactDates {
  firstOnsetOn?: string | null;
  priorIncidentCount: number;
  priorLastIncidentOn?: string | null;
}

/** `registeredTyped`: the 建档日期 comes with this call (registering), not from the stored entry. */
function checkFactDates(person: EntryPerson, registeredOn: string, input: FactDates, registeredTyped: boolean) {
  const birth = { date: person.birthDate, label: '出生日期' };
  const reg = { date: registeredOn, label: '建档日期', path: registeredTyped ? 'registeredOn' : undefined };
  const onset = { date: input.firstOnsetOn, label: '初次发病日期', path: 'firstOnsetOn' };
  const lastIncident = { date: input.priorLastIncidentOn, label: '上次肇事肇祸日期', path: 'priorLastIncidentOn' };
  inOrder(birth, reg);
  inOrder(birth, onset);
  inOrder(onset, reg);
  inOrder(birth, lastIncident);
  inOrder(lastIncident, reg);
  if (input.priorLastIncidentOn && input.priorIncidentCount === 0) {
    throw validationError('填写了上次肇事肇祸日期，肇事肇祸次数不能为 0', [{ field: '肇事肇祸次数', path: ['priorIncidentCount'], message: '肇事肇祸次数不能为 0' }]);
  }
}

export function registerPatient(ctx: ServiceContext, input: RegisterInput): PatientDetail {
  const db = ctx.ledger.db;
  const id = inWrite(ctx, () => {
    const person = requirePresentResident(ctx, input.residentId);
    const open = db
      .select({ registeredOn: patient.registeredOn, status: patient.status })
      .from(patient)
      .where(and(eq(patient.residentId, input.residentId), inArray(patient.status, [...patientMachine.open]), isNull(patient.voidedOn)))
      .get();
    if (open) {
      throw conflict(`${person.name}（${person.idNumber}）已在严重精神障碍患者台账中（${open.registeredOn} 建档，状态「${open.status}」），不能重复登记`);
    }
    notInFuture(ctx, input.registeredOn, '建档日期', 'registeredOn');
    checkFactDates(person, input.registeredOn, input, true);
    const g = resolveGuardian(ctx, input.residentId, input, null);
    const t = now();
    const { id: entryId } = db
      .insert(patient)
      .values({
        residentId: input.residentId, registeredOn: input.registeredOn, diagnosis: input.diagnosis, firstOnsetOn: input.firstOnsetOn ?? null,
        priorIncidentCount: input.priorIncidentCount, priorLastIncidentOn: input.priorLastIncidentOn ?? null, risk: input.risk, registeredRisk: input.risk,
        riskAssessedOn: input.registeredOn, treatment: input.treatment, hospital: input.hospital, guardianResidentId: g.residentId, guardianName: g.name,
        guardianPhone: g.phone, guardianRelation: g.relation, status: '在管', statusSince: input.registeredOn, note: input.note, createdAt: t, updatedAt: t,
      })
      .returning({ id: patient.id })
      .get();
    writeStatusChange(ctx, 'patient', entryId, null, '在管', input.registeredOn, '建档登记');
    return entryId;
  });
  return getPatient(ctx, id);
}

export function updatePatient(ctx: ServiceContext, input: UpdateInput): PatientDetail {
  const db = ctx.ledger.db;
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    checkFactDates(cur, cur.registeredOn, input, false);
    if (input.risk !== cur.risk) {
      const assessed = db
        .select({ date: record.date })
        .from(record)
        .where(and(eq(record.ledger, 'patient'), eq(record.entryId, cur.id), eq(record.kind, 'followUp'), isNull(record.voidedOn), isNotNull(record.risk)))
        .orderBy(desc(record.date), desc(record.id))
        .limit(1)
        .get();
      if (assessed) {
        throw conflict(`危险性已由 ${assessed.date} 的随访评估为 ${cur.risk} 级；危险性的变化请通过随访记录登记`);
      }
    }
    const g = resolveGuardian(ctx, cur.residentId, input, cur.guardianResidentId);
    db.update(patient)
      .set({
        diagnosis: input.diagnosis, firstOnsetOn: input.firstOnsetOn ?? null, priorIncidentCount: input.priorIncidentCount,
        priorLastIncidentOn: input.priorLastIncidentOn ?? null, risk: input.risk, registeredRisk: input.risk, treatment: input.treatment, hospital: input.hospital,
        guardianResidentId: g.residentId, guardianName: g.name, guardianPhone: g.phone, guardianRelation: g.relation, note: input.note, updatedAt: now(),
      })
      .where(eq(patient.id, cur.id))
      .run();
  });
  return getPatient(ctx, input.id);
}

export function changePatientStatus(ctx: ServiceContext, input: ChannelParsed<'patient.changeStatus'>): PatientDetail {
  const db = ctx.ledger.db;
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    const to = input.to as PatientStatus;
    const facts = factsOf(cur, getRules(ctx), input.date);
    enforce(checkStep(patientMachine, 'changeStatus', facts), `${cur.name}：`);
    enforce(checkChange(patientMachine, facts, to, 'changeStatus'), `${cur.name}：`);
    notInFuture(ctx, input.date, '变更日期', 'date');
    inOrder({ date: cur.statusSince, label: `当前状态「${cur.status}」的开始日期` }, { date: input.date, label: '变更日期', path: 'date' });
    if (!isOpen(cur.status) && isOpen(to)) {
      requirePresentResident(ctx, cur.residentId);
      const other = db
        .select({ registeredOn: patient.registeredOn })
        .from(patient)
        .where(and(eq(patient.residentId, cur.residentId), ne(patient.id, cur.id), inArray(patient.status, [...patientMachine.open]), isNull(patient.voidedOn)))
        .get();
      if (other) throw conflict(`${cur.name}已有 ${other.registeredOn} 建档的在管记录，不能再恢复这条记录`);
    }
    db.update(patient).set({ status: to, statusSince: input.date, updatedAt: now() }).where(eq(patient.id, cur.id)).run();
    writeStatusChange(ctx, 'patient', cur.id, cur.status, to, input.date, input.reason);
  });
  return getPatient(ctx, input.id);
}

export function savePatientTeam(ctx: ServiceContext, input: ChannelParsed<'patient.team'>): PatientDetail {
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    requireStep(ctx, cur, 'team');
    for (const m of input.members) notInFuture(ctx, m.fromDate, `${m.name}的加入日期`);
    saveTeam(ctx, 'patient', cur.id, input.members);
  });
  return getPatient(ctx, input.id);
}

export function signAwardAgreement(ctx: ServiceContext, input: ChannelParsed<'patient.awardAgreement'>): PatientDetail {
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    requireStep(ctx, cur, 'awardAgreement', input.date);
    notInFuture(ctx, input.date, '签订日期', 'date');
    inOrder({ date: cur.registeredOn, label: '建档日期' }, { date: input.date, label: '签订日期', path: 'date' });
    ctx.ledger.db.update(patient).set({ awardAgreementSignedOn: input.date, updatedAt: now() }).where(eq(patient.id, cur.id)).run();
  });
  return getPatient(ctx, input.id);
}

export function reviewAward(ctx: ServiceContext, input: ChannelParsed<'patient.awardReview'>): PatientDetail {
  const db = ctx.ledger.db;
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    requireStep(ctx, cur, 'awardReview', input.date);
    notInFuture(ctx, input.date, '年审日期', 'date');
    inOrder({ date: cur.awardAgreementSignedOn, label: '监护责任书签订日期' }, { date: input.date, label: '年审日期', path: 'date' });
    const last = cur.lastAwardReviewOn && cur.lastAwardReviewOn > input.date ? cur.lastAwardReviewOn : input.date;
    const t = now();
    db.update(patient).set({ lastAwardReviewOn: last, updatedAt: t }).where(eq(patient.id, cur.id)).run();
    db.insert(record)
      .values({
        kind: 'visit', ledger: 'patient', entryId: cur.id, residentId: cur.residentId, householdId: householdOf(ctx, cur.residentId), date: input.date,
        method: '其他', staffName: '', content: input.content ? `以奖代补年审：${input.content}` : '以奖代补年审', createdAt: t,
      })
      .run();
  });
  return getPatient(ctx, input.id);
}

/** The resident's household (the 户 a record of the resident is filed under). */
function householdOf(ctx: ServiceContext, residentId: number): number | null {
  return ctx.ledger.db.select({ h: resident.householdId }).from(resident).where(eq(resident.id, residentId)).get()!.h;
}

export function recordIncident(ctx: ServiceContext, input: ChannelParsed<'patient.incident'>): PatientDetail {
  const db = ctx.ledger.db;
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    notInFuture(ctx, input.date, '肇事肇祸日期', 'date');
    if (input.date < cur.registeredOn) {
      throw validationError(
        `肇事肇祸日期（${input.date}）早于建档日期（${cur.registeredOn}）；建档前的肇事肇祸请在患者信息的「肇事肇祸次数」和「上次肇事肇祸日期」中登记`,
        [{ field: '肇事肇祸日期', path: ['date'], message: '肇事肇祸日期早于建档日期' }],
      );
    }
    requireStep(ctx, cur, 'incident', input.date);
    db.insert(record)
      .values({
        kind: 'incident', ledger: 'patient', entryId: cur.id, residentId: cur.residentId, householdId: householdOf(ctx, cur.residentId), date: input.date,
        method: '其他', staffName: '', content: input.content, createdAt: now(),
      })
      .run();
    db.update(patient).set({ updatedAt: now() }).where(eq(patient.id, cur.id)).run();
  });
  return getPatient(ctx, input.id);
}

// ---------------------------------------------------------------- 更正 and 作废 of the 监护责任书

/** The standing 以奖代补年审 records of an entry (a 年审 is a 'visit' record whose content starts 以奖代补年审), oldest first. */
export function awardReviews(ctx: ServiceContext, patientId: number): { id: number; date: string }[] {
  const x = record;
  return ctx.ledger.db
    .select({ id: x.id, date: x.date })
    .from(x)
    .where(and(eq(x.ledger, 'patient'), eq(x.entryId, patientId), eq(x.kind, 'visit'), sql`${x.content} like '以奖代补年审%'`, isNull(x.voidedOn)))
    .orderBy(x.date, x.id)
    .all();
}

/**
 * 更正 the 监护责任书 date: not in the future, not before 建档, and not after a standing 年审 (which rests on it). The
 * 年审 due date follows (it runs from the agreement until the first 年审).
 */
export function correctPatientStep(ctx: ServiceContext, input: ChannelParsed<'patient.correctStep'>): PatientDetail {
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    if (!cur.awardAgreementSignedOn) throw conflict(`${cur.name}尚未签订监护责任书，没有可更正的签订日期`);
    const field = { date: input.date, label: '签订日期', path: 'date' };
    notInFuture(ctx, input.date, '签订日期', 'date');
    inOrder({ date: cur.registeredOn, label: '建档日期' }, field);
    const first = awardReviews(ctx, cur.id)[0];
    if (first) inOrder(field, { date: first.date, label: '已登记的以奖代补年审日期' });
    const { before, after } = diff({ awardAgreementSignedOn: cur.awardAgreementSignedOn }, { awardAgreementSignedOn: input.date });
    if (!Object.keys(after).length) throw validationError('没有改动：请修改要更正的内容后再保存');
    ctx.ledger.db.update(patient).set({ awardAgreementSignedOn: input.date, updatedAt: now() }).where(eq(patient.id, cur.id)).run();
    writeRevision(ctx, { subject: 'patient', subjectId: cur.id, action: 'correct', step: input.step, before, after, reason: input.reason });
  });
  return getPatient(ctx, input.id);
}

/** 作废 a 监护责任书 recorded by mistake: as if not signed. Refused while a standing 年审 rests on it (void that first). */
export function voidPatientStep(ctx: ServiceContext, input: ChannelParsed<'patient.voidStep'>): PatientDetail {
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    if (!cur.awardAgreementSignedOn) throw conflict(`${cur.name}尚未签订监护责任书，没有可作废的内容`);
    const reviews = awardReviews(ctx, cur.id);
    if (reviews.length) {
      throw conflict(`${cur.name}已有 ${reviews.length} 条以奖代补年审记录（最近 ${reviews.at(-1)!.date}）以此监护责任书为据，请先作废年审记录再作废监护责任书`);
    }
    ctx.ledger.db.update(patient).set({ awardAgreementSignedOn: null, updatedAt: now() }).where(eq(patient.id, cur.id)).run();
    writeRevision(ctx, {
      subject: 'patient', subjectId: cur.id, action: 'void', step: input.step, before: { awardAgreementSignedOn: cur.awardAgreementSignedOn }, after: { awardAgreementSignedOn: null }, reason: input.reason,
    });
  });
  return getPatient(ctx, input.id);
}

// ---------------------------------------------------------------- 更正 and 作废 of a status change

/** 更正 a status change's date, between the changes around it; the latest one moves the status's start with it. */
export function correctPatientStatus(ctx: ServiceContext, input: ChannelParsed<'patient.correctStatus'>): PatientDetail {
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    const found = standingChange(ctx, 'patient', cur.id, input.changeId, '更正');
    correctChangeDate(ctx, 'patient', cur.id, found, input.date, input.reason);
    if (found.isLast) ctx.ledger.db.update(patient).set({ statusSince: input.date, updatedAt: now() }).where(eq(patient.id, cur.id)).run();
  });
  return getPatient(ctx, input.id);
}

/**
 * 作废 the latest status change: the patient is back in the status before it, from that status's date. Back to an
 * open status (在管, 失访, 住院) from 死亡 or 迁出 needs the resident 在册 and no other open entry, as reopening does.
 */
export function voidPatientStatus(ctx: ServiceContext, input: ChannelParsed<'patient.voidStatus'>): PatientDetail {
  const db = ctx.ledger.db;
  inWrite(ctx, () => {
    refuseVoided(ctx, 'patient', input.id);
    const cur = loadRaw(ctx, input.id);
    const found = standingChange(ctx, 'patient', cur.id, input.changeId, '作废');
    requireLatest(found);
    const back = found.prev.toStatus as PatientStatus;
    if (!isOpen(cur.status) && isOpen(back)) {
      requirePresentResident(ctx, cur.residentId);
      const other = db
        .select({ registeredOn: patient.registeredOn })
        .from(patient)
        .where(and(eq(patient.residentId, cur.residentId), ne(patient.id, cur.id), inArray(patient.status, [...patientMachine.open]), isNull(patient.voidedOn)))
        .get();
      if (other) throw conflict(`${cur.name}已有 ${other.registeredOn} 建档的在管记录，不能作废这次「${cur.status}」`);
    }
    voidLatestChange(ctx, 'patient', cur.id, found, input.reason);
    db.update(patient).set({ status: back, statusSince: found.prev.date, updatedAt: now() }).where(eq(patient.id, cur.id)).run();
  });
  return getPatient(ctx, input.id);
}
