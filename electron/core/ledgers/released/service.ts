// 刑满释放人员 (安置帮教) ledger: registering from a 释放通知书 or directly, then 衔接, 报到, 帮教协议, 分类, 安置,
// 帮教小组, 重新犯罪 and the dated status changes of domain.md Part 1. The 帮教期 end (期满日) is computed from the
// 释放日期 and the town's rules, never stored. Every write runs in one transaction and returns the entry's detail.
//
// Decisions where domain.md is silent:
// - Status at registration: with a 衔接日期 → 在册帮教, otherwise 待衔接. The first status change is dated with the
//   通知书收到日期, or without a notice the 释放日期 (the person awaits hand-over from release on); registered
//   directly with the 衔接 done, it is the 衔接日期. Registering from a notice with the 衔接 already done writes both changes
//   (待衔接 on the notice date, 在册帮教 on the 衔接 date), so the history says what happened when.
// - The class chosen at registration is written as the first 分类 assessment (reason 登记时确定的分类), dated like
//   the first status change, so the monthly figures know the class from the start.
// - A 释放日期 after today is accepted only from a 释放通知书 (prisons send it about a month before release), and at
//   most a year after the notice; registering directly needs a person already released.
// - 衔接 is not before the 通知书 (with one) or the 释放日期 (without one); 报到, 帮教协议, 分类评估, 安置, 重新犯罪 and
//   脱管 are not before the 释放日期; no date is after today; a status change is not before the current status began;
//   assessments are entered in date order (not before the last one, the registration's class included).
// - 待衔接 → 在册帮教 goes only through 衔接 (it needs the 衔接情况); → 重新犯罪 only through 重新犯罪 (it needs the 罪名).
// - Refused transitions are CONFLICT (the entry's state forbids them); a 期满解除 before the 期满日 is VALIDATION (the
//   date is wrong).
// - Steps other than status changes (报到, 协议, 分类, 安置, 小组) are refused on a closed entry; 通知书 facts may still be
//   corrected (update) as long as the recorded dates stay in order.
// - 报到, 协议 and 安置 may be corrected by recording them again (the latest value is kept).
// - The 帮教对象 cannot be a member of his or her own 帮教小组.
import type { ChannelParsed } from '../../../../shared/contract';
import type { EntryPerson } from '../../../../shared/contract/entry';
import type { ReleasedPersonDetail, ReleasedPersonRow } from '../../../../shared/contract/released';
import {
  handoverTable,
  labelOf,
  placementTable,
  resolveCode,
  releasedStatusTable,
  type ReleasedClass,
  type ReleasedStatus,
} from '../../../../shared/codes';
import { addYears } from '../../../../shared/rules/dates';
import { releasedMachine, releasedStatusAtRegistration, type ReleasedFacts, type ReleasedStep } from '../../../../shared/rules/ledgerMachines';
import { releasedTermEnd } from '../../../../shared/rules/ledgerRules';
import { checkChange, checkStep, stepViews } from '../../../../shared/rules/stateMachine';
import type { RuleSettings } from '../../../../shared/rules/ruleSettings';
import type { ServiceContext } from '../../context';
import { conflict, enforce, notFound, validationError } from '../../errors';
import { getRules } from '../../rules/service';
import { and, asc, eq, getTableColumns, inArray, isNull, max, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { row, rows } from '../../db/query';
import { record, releasedAssessment, releasedPerson, resident, statusChange, teamMember } from '../../db/schema';
import {
  entryPersonColumns,
  entryPersonJoins,
  g,
  inOrder,
  loadTeam,
  notInFuture,
  now,
  namedFragment,
  placeAndStatusClauses,
  refuseVoided,
  r,
  requirePresentResident,
  saveTeam,
  selectAs,
  statusChanges,
  v,
  whereAll,
  writeStatusChange,
  type Stored,
} from '../common';
import { queryMatch } from '../../people/search';
import { RELEASED_OPEN_STATUSES, dueView, mostPressing, releasedDues } from './dues';
import { inWrite } from '../../db/write';
import { diff, writeRevision, type Values } from '../revision';
import { voidEntry } from '../voiding';
import { correctChangeDate, requireLatest, standingChange, voidLatestChange } from '../statusRevision';
import { releasedStepLabels } from '../../../../shared/contract/released';

export const REGISTRATION_ASSESSMENT_REASON = '登记时确定的分类';

type ReleasedPersonTableRow = typeof releasedPerson.$inferSelect;

/** The released_person row as the service reads it (without its timestamps), with the resident's name and ID. */
export type ReleasedEntry = Omit<ReleasedPersonTableRow, 'createdAt' | 'updatedAt' | 'status' | 'class'> & {
  status: ReleasedStatus;
  class: ReleasedClass;
  name: string;
  idNumber: string;
};

/** The columns of released_person the service reads: all but the timestamps. */
const { createdAt: _createdAt, updatedAt: _updatedAt, ...ENTRY_FIELDS } = getTableColumns(releasedPerson);

const e = alias(releasedPerson, 'e');

/** The same columns on the entry `e`, for typed SQL. */
const entryColumns = selectAs(Object.fromEntries(Object.keys(ENTRY_FIELDS).map((k) => [k, e[k as keyof typeof ENTRY_FIELDS]])));

function loadEntry(ctx: ServiceContext, id: number): ReleasedEntry {
  const found = ctx.ledger.db
    .select({ ...ENTRY_FIELDS, name: resident.name, idNumber: resident.idNumber })
    .from(releasedPerson)
    .innerJoin(resident, eq(resident.id, releasedPerson.residentId))
    .where(eq(releasedPerson.id, id))
    .get();
  if (!found) throw notFound(`找不到编号为 ${id} 的刑满释放人员`);
  return found as ReleasedEntry;
}

/** What the state machine looks at; `date` is the date the step carries. */
function factsOf(e: Pick<ReleasedEntry, 'status' | 'statusSince' | 'name' | 'idNumber' | 'handoverOn' | 'handoverCode' | 'releaseDate' | 'endedInCorrection'>, rules: RuleSettings, date: string | null): ReleasedFacts {
  return { status: e.status, statusSince: e.statusSince, name: e.name, idNumber: e.idNumber, handoverOn: e.handoverOn, handoverCode: e.handoverCode, termEnd: termEndOf(e, rules), date };
}

/** Refuses what releasedMachine refuses, with its reason. */
function requireStep(ctx: ServiceContext, e: ReleasedEntry, step: ReleasedStep, date: string | null = null) {
  enforce(checkStep(releasedMachine, step, factsOf(e, getRules(ctx), date)));
}

export function termEndOf(e: Pick<ReleasedEntry, 'releaseDate' | 'endedInCorrection'>, rules: RuleSettings): string {
  return releasedTermEnd(e.releaseDate, e.endedInCorrection, rules);
}

const since = (e: ReleasedEntry) => ({ date: e.statusSince, label: `当前状态「${e.status}」的开始日期` });
/** The 释放日期; `path` when it was typed in this call. */
const released = (date: string, path?: string) => ({ date, label: '释放日期', path });

type EntrySets = Partial<Omit<typeof releasedPerson.$inferInsert, 'id' | 'residentId' | 'createdAt' | 'updatedAt'>>;

function touch(ctx: ServiceContext, id: number, sets: EntrySets) {
  ctx.ledger.db.update(releasedPerson).set({ ...sets, updatedAt: now() }).where(eq(releasedPerson.id, id)).run();
}

function moveStatus(ctx: ServiceContext, e: ReleasedEntry, to: ReleasedStatus, date: string, reason: string, extra: EntrySets = {}) {
  touch(ctx, e.id, { ...extra, status: to, statusSince: date });
  writeStatusChange(ctx, 'released', e.id, e.status, to, date, reason);
}

// ---------------------------------------------------------------- reading

type ListRaw = Stored<Omit<ReleasedEntry, 'name' | 'idNumber'>> & EntryPerson & { teamSize: number; lastHelpOn: string | null };

/** A row with everything the list, the detail and the export show. */
export type ReleasedFullRow = ReleasedPersonRow & Omit<ReleasedPersonDetail, 'assessments' | 'team' | 'statusChanges' | 'dues' | 'steps'>;

const tm = alias(teamMember, 't');
const h = alias(record, 'h');

const fullSql = (rest: SQL) => sql<ListRaw>`select ${entryColumns}, ${entryPersonColumns},
    (select count(*) from ${teamMember} ${tm} where ${tm.ledger} = 'released' and ${tm.entryId} = ${e.id} and ${tm.toDate} is null) as teamSize,
    (select max(${h.date}) from ${record} ${h} where ${h.ledger} = 'released' and ${h.entryId} = ${e.id} and ${h.kind} = 'help' and ${h.voidedOn} is null) as lastHelpOn
  from ${releasedPerson} ${e} ${entryPersonJoins(e.residentId)} ${rest}`;

export type ReleasedFilter = ChannelParsed<'released.list'>;

/** WHERE of the list filters: query (name, ID or phone digits, pinyin initials or full pinyin), village, grid, status. */
function filterSql(filter: ReleasedFilter): SQL {
  const clauses = placeAndStatusClauses(filter, {
    gridColumn: r.gridId,
    statusColumn: e.status,
    voidedColumn: e.voidedOn,
    open: RELEASED_OPEN_STATUSES,
    statuses: releasedStatusTable,
    statusLabel: '帮教状态',
  });
  // The same matching as person search: name, ID or phone digits, pinyin initials or full pinyin.
  const match = queryMatch(filter.query ?? '');
  if (match) clauses.push(namedFragment(match.where, match.params));
  return whereAll(clauses);
}

function toFullRows(ctx: ServiceContext, raws: ListRaw[]): ReleasedFullRow[] {
  const rules = getRules(ctx);
  const today = ctx.today();
  const dues = new Map<number, ReturnType<typeof releasedDues>>();
  for (const d of raws.length ? releasedDues(ctx, { entryIds: raws.map((r) => r.id) }) : []) {
    const list = dues.get(d.entryId);
    if (list) list.push(d);
    else dues.set(d.entryId, [d]);
  }
  return raws.map((raw) => {
    const r = { ...raw, recidivist: raw.recidivist === 1, endedInCorrection: raw.endedInCorrection === 1 };
    const next = mostPressing(dues.get(r.id) ?? []);
    return {
      id: r.id,
      residentId: r.residentId,
      idNumber: r.idNumber,
      name: r.name,
      sex: r.sex,
      birthDate: r.birthDate,
      phone: r.phone,
      currentAddress: r.currentAddress,
      residentStatus: r.residentStatus,
      villageId: r.villageId,
      villageName: r.villageName,
      gridId: r.gridId,
      gridName: r.gridName,
      releaseDate: r.releaseDate,
      termEnd: termEndOf(r, rules),
      crime: r.crime,
      class: r.class,
      status: r.status,
      statusSince: r.statusSince,
      handoverOn: r.handoverOn,
      reportedOn: r.reportedOn,
      placed: r.placementCode !== null,
      teamSize: r.teamSize,
      lastHelpOn: r.lastHelpOn,
      nextDue: next ? dueView(next, today, rules) : null,
      noticeReceivedOn: r.noticeReceivedOn,
      prison: r.prison,
      sentence: r.sentence,
      recidivist: r.recidivist,
      endedInCorrection: r.endedInCorrection,
      handoverCode: r.handoverCode,
      agreementSignedOn: r.agreementSignedOn,
      classAssessedOn: r.classAssessedOn,
      placementCode: r.placementCode,
      placedOn: r.placedOn,
      unplacedReason: r.unplacedReason,
      reoffendOn: r.reoffendOn,
      reoffendCrime: r.reoffendCrime,
      note: r.note,
    };
  });
}

/** The entries matching the filters with every field; ordered by village, then name (pinyin). */
export function queryReleased(ctx: ServiceContext, filter: ReleasedFilter): ReleasedFullRow[] {
  const raws = rows(ctx.ledger.sqlite, fullSql(sql`${filterSql(filter)} order by ${v.code} is null, ${v.code}, ${g.code}, ${r.namePinyin}, ${r.idNumber}, ${e.id}`));
  return toFullRows(ctx, raws);
}

const ROW_KEYS = [
  'id', 'residentId', 'idNumber', 'name', 'sex', 'birthDate', 'phone', 'currentAddress', 'residentStatus', 'villageId', 'villageName',
  'gridId', 'gridName', 'releaseDate', 'termEnd', 'crime', 'class', 'status', 'statusSince', 'handoverOn', 'reportedOn', 'placed',
  'teamSize', 'lastHelpOn', 'nextDue',
] as const satisfies readonly (keyof ReleasedPersonRow)[];

export function listReleased(ctx: ServiceContext, filter: ReleasedFilter): ReleasedPersonRow[] {
  return queryReleased(ctx, filter).map((full) => Object.fromEntries(ROW_KEYS.map((k) => [k, full[k]])) as ReleasedPersonRow);
}

export function getReleased(ctx: ServiceContext, id: number): ReleasedPersonDetail {
  const raw = row(ctx.ledger.sqlite, fullSql(sql`where ${e.id} = ${id}`));
  if (!raw) throw notFound(`找不到编号为 ${id} 的刑满释放人员`);
  const [full] = toFullRows(ctx, [raw]) as [ReleasedFullRow];
  const rules = getRules(ctx);
  const a = releasedAssessment;
  const assessments: ReleasedPersonDetail['assessments'] = ctx.ledger.db
    .select({ id: a.id, date: a.date, class: a.class, reason: a.reason })
    .from(a)
    .where(and(eq(a.releasedPersonId, id), isNull(a.voidedOn)))
    .orderBy(asc(a.date), asc(a.id))
    .all();
  // Asked with today: no step may be dated later, so what today refuses stays refused.
  const facts = factsOf({ ...full, status: full.status as ReleasedStatus, endedInCorrection: full.endedInCorrection }, rules, ctx.today());
  return {
    ...full,
    steps: stepViews(releasedMachine, facts),
    assessments,
    team: loadTeam(ctx, 'released', id),
    statusChanges: statusChanges(ctx, 'released', id),
    dues: releasedDues(ctx, { entryIds: [id] }).map((d) => dueView(d, ctx.today(), rules)),
  };
}

// ---------------------------------------------------------------- registering and correcting

type RegisterInput = ChannelParsed<'released.register'>;
type UpdateInput = ChannelParsed<'released.update'>;

/** 通知书, 释放 and 衔接 dates in themselves and against each other. */
function checkNoticeDates(ctx: ServiceContext, f: { noticeReceivedOn: string | null; releaseDate: string; birthDate: string; handoverOn: string | null; handoverTyped: boolean }) {
  const today = ctx.today();
  notInFuture(ctx, f.noticeReceivedOn, '通知书收到日期', 'noticeReceivedOn');
  inOrder({ date: f.birthDate, label: '出生日期' }, released(f.releaseDate, 'releaseDate'));
  if (f.releaseDate > today) {
    if (!f.noticeReceivedOn) {
      throw validationError(`释放日期（${f.releaseDate}）晚于今天（${today}）；尚未释放的人员请在收到释放通知书后按通知书登记`, [
        { field: '释放日期', path: ['releaseDate'], message: '释放日期不能晚于今天' },
      ]);
    }
    if (f.releaseDate > addYears(f.noticeReceivedOn, 1)) {
      throw validationError(`释放日期（${f.releaseDate}）在通知书收到日期（${f.noticeReceivedOn}）一年以后，请核对`, [
        { field: '释放日期', path: ['releaseDate'], message: '释放日期距通知书收到日期超过一年' },
      ]);
    }
  }
  if (f.handoverOn) {
    // Registering gives the 衔接日期; a correction (update) keeps the stored one and moves the notice or the release.
    const handover = { date: f.handoverOn, label: '衔接日期', path: f.handoverTyped ? 'handoverOn' : undefined };
    notInFuture(ctx, f.handoverOn, '衔接日期', handover.path);
    if (f.noticeReceivedOn) inOrder({ date: f.noticeReceivedOn, label: '通知书收到日期', path: 'noticeReceivedOn' }, handover);
    else inOrder(released(f.releaseDate, 'releaseDate'), handover);
  }
}

export function registerReleased(ctx: ServiceContext, input: RegisterInput): ReleasedPersonDetail {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const person = requirePresentResident(ctx, input.residentId);
    const open = db
      .select({ id: releasedPerson.id, status: releasedPerson.status, statusSince: releasedPerson.statusSince })
      .from(releasedPerson)
      .where(and(eq(releasedPerson.residentId, input.residentId), inArray(releasedPerson.status, [...RELEASED_OPEN_STATUSES]), isNull(releasedPerson.voidedOn)))
      .get();
    if (open) throw conflict(`${person.name}（${person.idNumber}）已在刑满释放人员台账中（状态「${open.status}」），不能重复登记`);

    const notice = input.noticeReceivedOn ?? null;
    const handoverOn = input.handoverOn ?? null;
    const handoverCode = input.handoverCode ?? null;
    if (handoverOn && !handoverCode) throw validationError('填写了衔接日期，请同时选择衔接情况', [{ field: '衔接情况', path: ['handoverCode'], message: '请选择衔接情况' }]);
    if (handoverCode && !handoverOn) throw validationError('选择了衔接情况，请同时填写衔接日期', [{ field: '衔接日期', path: ['handoverOn'], message: '请填写衔接日期' }]);
    checkNoticeDates(ctx, { noticeReceivedOn: notice, releaseDate: input.releaseDate, birthDate: person.birthDate, handoverOn, handoverTyped: true });

    // The status history: 待衔接 from the notice (or the release), 在册帮教 from the 衔接.
    const changes: { from: ReleasedStatus | null; to: ReleasedStatus; date: string; reason: string }[] = [];
    const handoverReason = handoverCode ? `衔接：${labelOf(handoverTable, handoverCode)}` : '';
    if (handoverOn && !notice) {
      changes.push({ from: null, to: releasedStatusAtRegistration(true), date: handoverOn, reason: `直接登记，已衔接（${labelOf(handoverTable, handoverCode)}）` });
    } else {
      changes.push({ from: null, to: releasedStatusAtRegistration(false), date: notice ?? input.releaseDate, reason: notice ? '收到释放通知书，登记待衔接' : '直接登记，待衔接' });
      if (handoverOn) changes.push({ from: '待衔接', to: '在册帮教', date: handoverOn, reason: handoverReason });
    }
    const first = changes[0]!;
    const last = changes.at(-1)!;
    const t = now();
    const { id } = db
      .insert(releasedPerson)
      .values({
        residentId: input.residentId,
        noticeReceivedOn: notice,
        prison: input.prison,
        crime: input.crime ?? null,
        sentence: input.sentence,
        releaseDate: input.releaseDate,
        recidivist: input.recidivist,
        endedInCorrection: input.endedInCorrection,
        handoverOn,
        handoverCode,
        class: input.class,
        classAssessedOn: first.date,
        status: last.to,
        statusSince: last.date,
        note: input.note,
        createdAt: t,
        updatedAt: t,
      })
      .returning({ id: releasedPerson.id })
      .get();
    for (const c of changes) writeStatusChange(ctx, 'released', id, c.from, c.to, c.date, c.reason);
    db.insert(releasedAssessment).values({ releasedPersonId: id, date: first.date, class: input.class, reason: REGISTRATION_ASSESSMENT_REASON, createdAt: t }).run();
    return getReleased(ctx, id);
  });
}

/**
 * Corrects the notice facts. The recorded steps must stay in order with the new dates, and a 期满解除 already
 * recorded must still be on or after the new 期满日. The registration's own status change and class (dated with the
 * notice or the release) move with the corrected date.
 */
export function updateReleased(ctx: ServiceContext, input: UpdateInput): ReleasedPersonDetail {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    refuseVoided(ctx, 'released', input.id);
    const e = loadEntry(ctx, input.id);
    const rules = getRules(ctx);
    const person = db.select({ birthDate: resident.birthDate }).from(resident).where(eq(resident.id, e.residentId)).get()!;
    const notice = input.noticeReceivedOn ?? null;
    checkNoticeDates(ctx, { noticeReceivedOn: notice, releaseDate: input.releaseDate, birthDate: person.birthDate, handoverOn: e.handoverOn, handoverTyped: false });
    const rel = released(input.releaseDate, 'releaseDate');
    inOrder(rel, { date: e.reportedOn, label: '报到日期' });
    inOrder(rel, { date: e.agreementSignedOn, label: '帮教协议签订日期' });
    inOrder(rel, { date: e.placedOn, label: '安置日期' });
    inOrder(rel, { date: e.reoffendOn, label: '重新犯罪日期' });
    const a = releasedAssessment;
    const assessments = db.select({ id: a.id, date: a.date, reason: a.reason }).from(a).where(and(eq(a.releasedPersonId, e.id), isNull(a.voidedOn))).orderBy(asc(a.id)).all();
    for (const a of assessments) if (a.reason !== REGISTRATION_ASSESSMENT_REASON) inOrder(rel, { date: a.date, label: '分类评估日期' });
    const history = statusChanges(ctx, 'released', e.id);
    for (const s of history) if (s.toStatus === '脱管') inOrder(rel, { date: s.date, label: '脱管日期' });
    const termEnd = releasedTermEnd(input.releaseDate, input.endedInCorrection, rules);
    const ended = history.find((s) => s.toStatus === '期满解除');
    if (ended && ended.date < termEnd) {
      throw conflict(`按更正后的释放日期，期满日为${termEnd}，晚于已办理的期满解除日期（${ended.date}），请核对释放日期或是否社区矫正期满`);
    }

    // The registration's 待衔接 dates from the notice, or without one from the release.
    const firstChange = history.find((s) => s.fromStatus === null);
    if (firstChange && firstChange.toStatus === '待衔接') {
      const newDate = notice ?? input.releaseDate;
      const oldDate = firstChange.date;
      if (newDate !== oldDate) {
        const next = history.find((s) => s.id !== firstChange.id && s.date >= oldDate);
        if (next && newDate > next.date) {
          throw conflict(`${notice ? '通知书收到日期' : '释放日期'}（${newDate}）晚于之后的状态变更「${next.toStatus}」（${next.date}），请核对`);
        }
        db.update(statusChange).set({ date: newDate }).where(eq(statusChange.id, firstChange.id)).run();
        if (history.length === 1) touch(ctx, e.id, { statusSince: newDate });
        const reg = assessments.find((a) => a.reason === REGISTRATION_ASSESSMENT_REASON && a.date === oldDate);
        if (reg) {
          db.update(a).set({ date: newDate }).where(eq(a.id, reg.id)).run();
          if (e.classAssessedOn === oldDate && assessments.every((x) => x.id === reg.id || x.date <= newDate)) touch(ctx, e.id, { classAssessedOn: newDate });
        }
      }
    }
    touch(ctx, e.id, {
      noticeReceivedOn: notice,
      prison: input.prison,
      crime: input.crime ?? null,
      sentence: input.sentence,
      releaseDate: input.releaseDate,
      recidivist: input.recidivist,
      endedInCorrection: input.endedInCorrection,
      note: input.note,
    });
    return getReleased(ctx, e.id);
  });
}

// ---------------------------------------------------------------- steps

function write(ctx: ServiceContext, id: number, fn: (e: ReleasedEntry) => void): ReleasedPersonDetail {
  return inWrite(ctx, () => {
    refuseVoided(ctx, 'released', id);
    fn(loadEntry(ctx, id));
    return getReleased(ctx, id);
  });
}

/** 衔接: 待衔接 → 在册帮教 with the date and the 衔接情况. */
export function handoverReleased(ctx: ServiceContext, input: ChannelParsed<'released.handover'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'handover', input.date);
    const dateField = { date: input.date, label: '衔接日期', path: 'date' };
    notInFuture(ctx, input.date, '衔接日期', 'date');
    if (e.noticeReceivedOn) inOrder({ date: e.noticeReceivedOn, label: '通知书收到日期' }, dateField);
    else inOrder(released(e.releaseDate), dateField);
    inOrder(dateField, { date: e.reportedOn, label: '已登记的报到日期' });
    const reason = `衔接：${labelOf(handoverTable, input.code)}`;
    if (e.status !== '待衔接') {
      // An entry put on the register without its 衔接 recorded: fill it in, the status stays.
      touch(ctx, e.id, { handoverOn: input.date, handoverCode: input.code });
      return;
    }
    enforce(checkChange(releasedMachine, factsOf(e, getRules(ctx), input.date), '在册帮教', 'handover'));
    inOrder(since(e), dateField);
    moveStatus(ctx, e, '在册帮教', input.date, reason, { handoverOn: input.date, handoverCode: input.code });
  });
}

export function reportReleased(ctx: ServiceContext, input: ChannelParsed<'released.report'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'report', input.date);
    notInFuture(ctx, input.date, '报到日期', 'date');
    inOrder(released(e.releaseDate), { date: input.date, label: '报到日期', path: 'date' });
    // The person reports to the 司法所 after being handed over, not before.
    inOrder({ date: e.handoverOn, label: '衔接日期' }, { date: input.date, label: '报到日期', path: 'date' });
    touch(ctx, e.id, { reportedOn: input.date });
  });
}

export function agreementReleased(ctx: ServiceContext, input: ChannelParsed<'released.agreement'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'agreement', input.date);
    notInFuture(ctx, input.date, '帮教协议签订日期', 'date');
    inOrder(released(e.releaseDate), { date: input.date, label: '帮教协议签订日期', path: 'date' });
    touch(ctx, e.id, { agreementSignedOn: input.date });
  });
}

/** 分类: a dated assessment with its reason; the entry takes the class of its latest assessment. */
export function assessReleased(ctx: ServiceContext, input: ChannelParsed<'released.assess'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'assess', input.date);
    const dateField = { date: input.date, label: '评估日期', path: 'date' };
    notInFuture(ctx, input.date, '评估日期', 'date');
    inOrder(released(e.releaseDate), dateField);
    const a = releasedAssessment;
    const last = ctx.ledger.db.select({ date: max(a.date) }).from(a).where(and(eq(a.releasedPersonId, e.id), isNull(a.voidedOn))).get()!;
    inOrder({ date: last.date, label: '上次分类评估日期' }, dateField);
    ctx.ledger.db.insert(a).values({ releasedPersonId: e.id, date: input.date, class: input.class, reason: input.reason, createdAt: now() }).run();
    touch(ctx, e.id, { class: input.class, classAssessedOn: input.date });
  });
}

/** 安置: a 安置情况 code with its date, or no placement with the reason. */
export function placeReleased(ctx: ServiceContext, input: ChannelParsed<'released.place'>) {
  return write(ctx, input.id, (e) => {
    const date = input.date ?? null;
    requireStep(ctx, e, 'place', date);
    if (input.code) {
      if (!date) throw validationError('请填写安置日期', [{ field: '安置日期', path: ['date'], message: '请填写安置日期' }]);
      notInFuture(ctx, date, '安置日期', 'date');
      inOrder(released(e.releaseDate), { date, label: '安置日期', path: 'date' });
      touch(ctx, e.id, { placementCode: input.code, placedOn: date, unplacedReason: '' });
      return;
    }
    if (date) throw validationError('填写了安置日期，请同时选择安置情况', [{ field: '安置情况', path: ['code'], message: '请选择安置情况' }]);
    if (!input.unplacedReason) {
      throw validationError('请选择安置情况，或填写未安置原因', [{ field: '未安置原因', path: ['unplacedReason'], message: '请选择安置情况或填写未安置原因' }]);
    }
    touch(ctx, e.id, { placementCode: null, placedOn: null, unplacedReason: input.unplacedReason });
  });
}

export function reoffendReleased(ctx: ServiceContext, input: ChannelParsed<'released.reoffend'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'reoffend', input.date);
    const dateField = { date: input.date, label: '重新犯罪日期', path: 'date' };
    notInFuture(ctx, input.date, '重新犯罪日期', 'date');
    inOrder(released(e.releaseDate), dateField);
    inOrder(since(e), dateField);
    moveStatus(ctx, e, '重新犯罪', input.date, `重新犯罪：${input.crime}`, { reoffendOn: input.date, reoffendCrime: input.crime });
  });
}

/** 脱管, back to 在册帮教, 期满解除 (on or after the 期满日), 死亡, 迁出. */
export function changeReleasedStatus(ctx: ServiceContext, input: ChannelParsed<'released.changeStatus'>) {
  return write(ctx, input.id, (e) => {
    const to = input.to as ReleasedStatus;
    const facts = factsOf(e, getRules(ctx), input.date);
    enforce(checkStep(releasedMachine, 'changeStatus', facts));
    enforce(checkChange(releasedMachine, facts, to, 'changeStatus'));
    const dateField = { date: input.date, label: '变更日期', path: 'date' };
    notInFuture(ctx, input.date, '变更日期', 'date');
    if (to === '脱管') inOrder(released(e.releaseDate), dateField);
    inOrder(since(e), dateField);
    moveStatus(ctx, e, to, input.date, input.reason);
  });
}

export function teamReleased(ctx: ServiceContext, input: ChannelParsed<'released.team'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'team');
    for (const m of input.members) {
      if (m.residentId === e.residentId) throw validationError(`帮教对象本人（${e.name}）不能作为帮教小组成员`, [{ field: '成员姓名', path: ['members'], message: '帮教对象本人不能作为成员' }]);
      notInFuture(ctx, m.fromDate, `${m.name}的加入日期`);
    }
    saveTeam(ctx, 'released', e.id, input.members);
  });
}

// ---------------------------------------------------------------- 更正 and 作废 of steps and of the entry

/** The entry's columns each correctable step wrote. */
const STEP_FIELDS = {
  handover: ['handoverOn', 'handoverCode'],
  report: ['reportedOn'],
  agreement: ['agreementSignedOn'],
  place: ['placementCode', 'placedOn', 'unplacedReason'],
} as const satisfies Record<ChannelParsed<'released.correctStep'>['step'], readonly (keyof ReleasedEntry)[]>;

const stepValues = (e: ReleasedEntry, step: keyof typeof STEP_FIELDS): Values =>
  Object.fromEntries(STEP_FIELDS[step].map((k) => [k, e[k]])) as Values;

/**
 * 更正 a step: a new date (and, for 衔接 and 安置, the code), checked as the step itself is — not before the 释放日期
 * (衔接: not before the notice), not in the future, 报到 not before 衔接. A 衔接 that moved the status moves that change's
 * date with it, as long as no later change comes between.
 */
export function correctReleasedStep(ctx: ServiceContext, input: ChannelParsed<'released.correctStep'>) {
  return write(ctx, input.id, (e) => {
    const labels = { handover: '衔接日期', report: '报到日期', agreement: '帮教协议签订日期', place: '安置日期' } as const;
    const label = labels[input.step];
    const field = { date: input.date, label, path: 'date' };
    const before = stepValues(e, input.step);
    const recorded = { handover: e.handoverOn, report: e.reportedOn, agreement: e.agreementSignedOn, place: e.placedOn }[input.step];
    if (!recorded) throw conflict(`${e.name}尚未登记${releasedStepLabels[input.step]}，没有可更正的${label}`);
    notInFuture(ctx, input.date, label, 'date');
    const sets: EntrySets = {};
    if (input.step === 'handover') {
      if (e.noticeReceivedOn) inOrder({ date: e.noticeReceivedOn, label: '通知书收到日期' }, field);
      else inOrder(released(e.releaseDate), field);
      inOrder(field, { date: e.reportedOn, label: '报到日期' });
      const code = input.code ? resolveCode(handoverTable, input.code) : e.handoverCode;
      if (!code) throw validationError(`衔接情况「${input.code}」不在代码表中`, [{ field: '衔接情况', path: ['code'], message: '不在代码表中' }]);
      const moved = statusChanges(ctx, 'released', e.id).filter((s) => s.toStatus === '在册帮教' && s.date === e.handoverOn && (s.fromStatus === '待衔接' || s.fromStatus === null));
      for (const s of moved) {
        const between = statusChanges(ctx, 'released', e.id).find((x) => x.id !== s.id && x.id > s.id && x.date < input.date);
        if (between) throw conflict(`衔接日期（${input.date}）晚于之后的状态变更「${between.toStatus}」（${between.date}），请核对`);
        ctx.ledger.db.update(statusChange).set({ date: input.date }).where(eq(statusChange.id, s.id)).run();
        if (e.status === '在册帮教' && e.statusSince === e.handoverOn) sets.statusSince = input.date;
      }
      Object.assign(sets, { handoverOn: input.date, handoverCode: code });
    } else {
      inOrder(released(e.releaseDate), field);
      if (input.step === 'report') {
        inOrder({ date: e.handoverOn, label: '衔接日期' }, field);
        sets.reportedOn = input.date;
      } else if (input.step === 'agreement') {
        sets.agreementSignedOn = input.date;
      } else {
        const code = input.code ? resolveCode(placementTable, input.code) : e.placementCode;
        if (!code) throw validationError(`安置情况「${input.code ?? ''}」不在代码表中`, [{ field: '安置情况', path: ['code'], message: '请选择安置情况' }]);
        Object.assign(sets, { placementCode: code, placedOn: input.date, unplacedReason: '' });
      }
    }
    const changed = diff(before, Object.fromEntries(STEP_FIELDS[input.step].map((k) => [k, (sets as Values)[k] ?? before[k] ?? null])) as Values);
    if (!Object.keys(changed.after).length) throw validationError('没有改动：请修改要更正的内容后再保存');
    touch(ctx, e.id, sets);
    writeRevision(ctx, { subject: 'released', subjectId: e.id, action: 'correct', step: input.step, ...changed, reason: input.reason });
  });
}

/** 作废 a step recorded by mistake: 报到, 帮教协议 or 安置 is as if not done (its due items come back); a 衔接, back to 待衔接. */
export function voidReleasedStep(ctx: ServiceContext, input: ChannelParsed<'released.voidStep'>) {
  return write(ctx, input.id, (e) => {
    if (input.step === 'handover') return voidHandover(ctx, e, input.reason);
    const before = stepValues(e, input.step);
    const recorded = { report: e.reportedOn, agreement: e.agreementSignedOn, place: e.placedOn ?? (e.unplacedReason || null) }[input.step];
    if (!recorded) throw conflict(`${e.name}尚未登记${releasedStepLabels[input.step]}，没有可作废的内容`);
    const sets: EntrySets = input.step === 'report' ? { reportedOn: null } : input.step === 'agreement' ? { agreementSignedOn: null } : { placementCode: null, placedOn: null, unplacedReason: '' };
    touch(ctx, e.id, sets);
    writeRevision(ctx, { subject: 'released', subjectId: e.id, action: 'void', step: input.step, before, after: { ...before, ...(sets as Values) }, reason: input.reason });
  });
}

export function voidReleased(ctx: ServiceContext, input: ChannelParsed<'released.void'>) {
  voidEntry(ctx, 'released', input.id, input.reason);
  return getReleased(ctx, input.id);
}

/**
 * 作废 a 衔接 recorded by mistake: the person is 待衔接 again. Only while nothing rests on it — no 报到, 帮教协议, 安置,
 * 帮教记录 or 分类评估 after registration, and no status change after it; registered directly as handed over (no 待衔接
 * before), the 衔接 is the registration itself and only the registration can be voided.
 */
function voidHandover(ctx: ServiceContext, e: ReleasedEntry, reason: string) {
  if (!e.handoverOn) throw conflict(`${e.name}尚未登记衔接，没有可作废的内容`);
  const rests = [
    e.reportedOn && `报到（${e.reportedOn}）`,
    e.agreementSignedOn && `帮教协议（${e.agreementSignedOn}）`,
    (e.placedOn || e.unplacedReason) && '安置',
  ].filter(Boolean) as string[];
  const helps = ctx.ledger.db
    .select({ n: sql<number>`count(*)` })
    .from(record)
    .where(and(eq(record.ledger, 'released'), eq(record.entryId, e.id), eq(record.kind, 'help'), isNull(record.voidedOn)))
    .get()!.n;
  if (helps) rests.push(`${helps} 条帮教记录`);
  const a = releasedAssessment;
  const assessed = ctx.ledger.db.select({ id: a.id }).from(a).where(and(eq(a.releasedPersonId, e.id), isNull(a.voidedOn))).orderBy(asc(a.id)).all();
  if (assessed.length > 1) rests.push(`${assessed.length - 1} 次分类评估`);
  if (rests.length) throw conflict(`${e.name}的衔接之后已办理${rests.join('、')}，不能作废衔接；请先作废这些内容，或更正衔接日期`);
  const history = statusChanges(ctx, 'released', e.id);
  const i = history.findIndex((c) => c.toStatus === '在册帮教' && c.fromStatus === '待衔接' && c.date === e.handoverOn);
  const before = stepValues(e, 'handover');
  const sets: EntrySets = { handoverOn: null, handoverCode: null };
  if (i >= 0) {
    const change = history[i]!;
    const next = history[i + 1];
    if (next) throw conflict(`衔接之后还有状态变更「${next.toStatus}」（${next.date}），不能作废衔接`);
    ctx.ledger.db.update(statusChange).set({ voidedOn: ctx.today(), voidReason: reason }).where(eq(statusChange.id, change.id)).run();
    Object.assign(sets, { status: '待衔接', statusSince: history[i - 1]!.date });
  } else if (history.length === 1 && history[0]!.fromStatus === null && history[0]!.toStatus === '在册帮教') {
    throw conflict(`${e.name}是直接登记为已衔接的，衔接即登记本身，不能单独作废；衔接日期有误请更正，登记有误请作废登记`);
  }
  touch(ctx, e.id, sets);
  writeRevision(ctx, { subject: 'released', subjectId: e.id, action: 'void', step: 'handover', before, after: { handoverOn: null, handoverCode: null }, reason });
}

// ---------------------------------------------------------------- 更正 and 作废 of status changes and 分类评估

/**
 * 更正 a status change's date, between the changes around it. 脱管 and 重新犯罪 are not before the 释放日期, 期满解除 not
 * before the 期满日; a 重新犯罪 moves its date on the entry. The 衔接's change is corrected as the 衔接 (correctStep).
 */
export function correctReleasedStatus(ctx: ServiceContext, input: ChannelParsed<'released.correctStatus'>) {
  return write(ctx, input.id, (e) => {
    const found = standingChange(ctx, 'released', e.id, input.changeId, '更正');
    const { change } = found;
    if (change.fromStatus === '待衔接' && change.toStatus === '在册帮教' && change.date === e.handoverOn) {
      throw conflict(`这次状态变更是衔接（${change.date}），请用「更正步骤」更正衔接日期`);
    }
    const field = { date: input.date, label: '变更日期', path: 'date' };
    if (change.toStatus === '脱管' || change.toStatus === '重新犯罪') inOrder(released(e.releaseDate), field);
    if (change.toStatus === '期满解除') {
      const termEnd = releasedTermEnd(e.releaseDate, e.endedInCorrection, getRules(ctx));
      if (input.date < termEnd) throw validationError(`期满解除日期（${input.date}）早于期满日（${termEnd}）`, [{ field: '变更日期', path: ['date'], message: '早于期满日' }]);
    }
    correctChangeDate(ctx, 'released', e.id, found, input.date, input.reason);
    const sets: EntrySets = {};
    if (found.isLast) sets.statusSince = input.date;
    if (change.toStatus === '重新犯罪' && e.reoffendOn === change.date) sets.reoffendOn = input.date;
    if (Object.keys(sets).length) touch(ctx, e.id, sets);
  });
}

/**
 * 作废 the latest status change: back to the status before it, from that status's date (a 重新犯罪 takes its date and
 * crime off the entry). Back to an open status needs no other open entry of the person. The 衔接's: voidStep.
 */
export function voidReleasedStatus(ctx: ServiceContext, input: ChannelParsed<'released.voidStatus'>) {
  return write(ctx, input.id, (e) => {
    const found = standingChange(ctx, 'released', e.id, input.changeId, '作废');
    const { change, prev } = found;
    if (change.fromStatus === '待衔接' && change.toStatus === '在册帮教' && change.date === e.handoverOn) {
      throw conflict(`这次状态变更是衔接（${change.date}），请用「作废步骤」作废衔接`);
    }
    requireLatest(found);
    const open = (s: string) => (RELEASED_OPEN_STATUSES as readonly string[]).includes(s);
    if (!open(e.status) && open(prev.toStatus)) {
      const other = ctx.ledger.db
        .select({ status: releasedPerson.status })
        .from(releasedPerson)
        .where(and(eq(releasedPerson.residentId, e.residentId), inArray(releasedPerson.status, [...RELEASED_OPEN_STATUSES]), isNull(releasedPerson.voidedOn), sql`${releasedPerson.id} <> ${e.id}`))
        .get();
      if (other) throw conflict(`${e.name}已有另一条在帮教的登记（状态「${other.status}」），不能作废这次「${e.status}」`);
    }
    voidLatestChange(ctx, 'released', e.id, found, input.reason);
    const sets: EntrySets = { status: prev.toStatus as ReleasedStatus, statusSince: prev.date };
    if (change.toStatus === '重新犯罪') Object.assign(sets, { reoffendOn: null, reoffendCrime: '' });
    touch(ctx, e.id, sets);
  });
}

/** The entry's standing assessments, oldest first; the first is the class chosen at registration. */
function standingAssessments(ctx: ServiceContext, entryId: number) {
  const a = releasedAssessment;
  return ctx.ledger.db
    .select({ id: a.id, date: a.date, class: a.class, reason: a.reason })
    .from(a)
    .where(and(eq(a.releasedPersonId, entryId), isNull(a.voidedOn)))
    .orderBy(asc(a.id))
    .all();
}

/** The entry takes the class of its latest standing assessment (by date, then as entered). */
function recomputeClass(ctx: ServiceContext, entryId: number) {
  const latest = standingAssessments(ctx, entryId).reduce<{ date: string; id: number; class: string } | null>(
    (best, x) => (!best || x.date > best.date || (x.date === best.date && x.id > best.id) ? x : best),
    null,
  );
  if (latest) touch(ctx, entryId, { class: latest.class, classAssessedOn: latest.date });
}

function findAssessment(ctx: ServiceContext, e: ReleasedEntry, assessmentId: number) {
  const list = standingAssessments(ctx, e.id);
  const i = list.findIndex((x) => x.id === assessmentId);
  if (i < 0) throw notFound(`找不到${e.name}编号为 ${assessmentId} 的分类评估（或已作废）`);
  return { list, i, found: list[i]! };
}

/**
 * 更正 a 分类评估: its class, and its date (not in the future, not before the 释放日期, between the assessments around it).
 * The registration's is dated with the registration: only its class may change.
 */
export function correctReleasedAssessment(ctx: ServiceContext, input: ChannelParsed<'released.correctAssessment'>) {
  return write(ctx, input.id, (e) => {
    const { list, i, found } = findAssessment(ctx, e, input.assessmentId);
    const field = { date: input.date, label: '评估日期', path: 'date' };
    if (i === 0 && input.date !== found.date) {
      throw validationError(`登记时确定的分类随登记日期（${found.date}），只能更正分类，不能更正日期`, [{ field: '评估日期', path: ['date'], message: '登记时的分类不能改日期' }]);
    }
    notInFuture(ctx, input.date, '评估日期', 'date');
    if (i > 0) {
      inOrder(released(e.releaseDate), field);
      inOrder({ date: list[i - 1]!.date, label: '上一次分类评估日期' }, field);
      const next = list[i + 1];
      if (next) inOrder(field, { date: next.date, label: '下一次分类评估日期' });
    }
    const changed = diff({ date: found.date, class: found.class }, { date: input.date, class: input.class });
    if (!Object.keys(changed.after).length) throw validationError('没有改动：请修改要更正的内容后再保存');
    ctx.ledger.db.update(releasedAssessment).set({ date: input.date, class: input.class }).where(eq(releasedAssessment.id, found.id)).run();
    recomputeClass(ctx, e.id);
    writeRevision(ctx, { subject: 'released', subjectId: e.id, action: 'correct', step: 'assessment', ...changed, reason: input.reason });
  });
}

/** 作废 a 分类评估 recorded by mistake; the class falls back to the latest standing one. Not the registration's. */
export function voidReleasedAssessment(ctx: ServiceContext, input: ChannelParsed<'released.voidAssessment'>) {
  return write(ctx, input.id, (e) => {
    const { i, found } = findAssessment(ctx, e, input.assessmentId);
    if (i === 0) throw conflict(`这是登记时确定的分类（${found.date}），不能作废；分类有误请更正`);
    ctx.ledger.db.update(releasedAssessment).set({ voidedOn: ctx.today(), voidReason: input.reason }).where(eq(releasedAssessment.id, found.id)).run();
    recomputeClass(ctx, e.id);
    writeRevision(ctx, {
      subject: 'released', subjectId: e.id, action: 'void', step: 'assessment', before: { date: found.date, class: found.class }, after: { date: found.date, class: found.class, voidedOn: ctx.today() }, reason: input.reason,
    });
  });
}
