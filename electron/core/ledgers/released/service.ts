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
import type { ReleasedPersonDetail, ReleasedPersonRow } from '../../../../shared/contract/released';
import {
  handoverTable,
  labelOf,
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
import {
  ENTRY_PERSON_COLUMNS,
  ENTRY_PERSON_JOINS,
  inOrder,
  loadTeam,
  notInFuture,
  now,
  placeAndStatusClauses,
  requirePresentResident,
  saveTeam,
  statusChanges,
  writeStatusChange,
} from '../common';
import { queryMatch } from '../../people/search';
import { OPEN_STATUS_SQL, dueView, mostPressing, releasedDues } from './dues';
import { inWrite } from '../../db/write';
import { statement } from '../../db/statements';

export const REGISTRATION_ASSESSMENT_REASON = '登记时确定的分类';

/** The released_person row as the service reads it. */
export interface ReleasedEntry {
  id: number;
  residentId: number;
  name: string;
  idNumber: string;
  noticeReceivedOn: string | null;
  prison: string;
  crime: string | null;
  sentence: string;
  releaseDate: string;
  recidivist: boolean;
  endedInCorrection: boolean;
  handoverOn: string | null;
  handoverCode: string | null;
  reportedOn: string | null;
  agreementSignedOn: string | null;
  class: ReleasedClass;
  classAssessedOn: string | null;
  placementCode: string | null;
  placedOn: string | null;
  unplacedReason: string;
  reoffendOn: string | null;
  reoffendCrime: string;
  status: ReleasedStatus;
  statusSince: string;
  note: string;
}

export const ENTRY_COLUMNS = `e.id, e.resident_id as residentId, e.notice_received_on as noticeReceivedOn, e.prison, e.crime, e.sentence,
  e.release_date as releaseDate, e.recidivist, e.ended_in_correction as endedInCorrection, e.handover_on as handoverOn,
  e.handover_code as handoverCode, e.reported_on as reportedOn, e.agreement_signed_on as agreementSignedOn, e.class,
  e.class_assessed_on as classAssessedOn, e.placement_code as placementCode, e.placed_on as placedOn,
  e.unplaced_reason as unplacedReason, e.reoffend_on as reoffendOn, e.reoffend_crime as reoffendCrime, e.status,
  e.status_since as statusSince, e.note`;

type Raw<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] };

function fromRaw<T extends { recidivist: boolean; endedInCorrection: boolean }>(raw: Raw<T>): T {
  return { ...raw, recidivist: raw.recidivist === 1, endedInCorrection: raw.endedInCorrection === 1 } as unknown as T;
}

function loadEntry(ctx: ServiceContext, id: number): ReleasedEntry {
  const raw = statement(ctx.ledger.sqlite, `select ${ENTRY_COLUMNS}, r.name, r.id_number as idNumber from released_person e join resident r on r.id = e.resident_id where e.id = ?`)
    .get(id) as Raw<ReleasedEntry> | undefined;
  if (!raw) throw notFound(`找不到编号为 ${id} 的刑满释放人员`);
  return fromRaw(raw);
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

function touch(ctx: ServiceContext, id: number, sets: Record<string, string | number | null>) {
  const cols = Object.keys(sets);
  statement(ctx.ledger.sqlite, `update released_person set ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updatedAt where id = @id`)
    .run({ ...sets, updatedAt: now(), id });
}

function moveStatus(ctx: ServiceContext, e: ReleasedEntry, to: ReleasedStatus, date: string, reason: string, extra: Record<string, string | number | null> = {}) {
  touch(ctx, e.id, { ...extra, status: to, status_since: date });
  writeStatusChange(ctx, 'released', e.id, e.status, to, date, reason);
}

// ---------------------------------------------------------------- reading

interface ListRaw extends Raw<Omit<ReleasedEntry, 'name' | 'idNumber'>> {
  sex: string;
  birthDate: string;
  phone: string;
  currentAddress: string;
  residentStatus: string;
  villageId: number | null;
  villageName: string | null;
  gridId: number | null;
  gridName: string | null;
  name: string;
  idNumber: string;
  teamSize: number;
  lastHelpOn: string | null;
}

/** A row with everything the list, the detail and the export show. */
export type ReleasedFullRow = ReleasedPersonRow & Omit<ReleasedPersonDetail, 'assessments' | 'team' | 'statusChanges' | 'dues' | 'steps'>;

const FULL_SQL = `select ${ENTRY_COLUMNS}, ${ENTRY_PERSON_COLUMNS},
    (select count(*) from team_member t where t.ledger = 'released' and t.entry_id = e.id and t.to_date is null) as teamSize,
    (select max(h.date) from record h where h.ledger = 'released' and h.entry_id = e.id and h.kind = 'help') as lastHelpOn
  from released_person e ${ENTRY_PERSON_JOINS}`;

export type ReleasedFilter = ChannelParsed<'released.list'>;

/** WHERE of the list filters: query (name, ID or phone digits, pinyin initials or full pinyin), village, grid, status. */
function filterSql(filter: ReleasedFilter): { where: string; params: Record<string, string | number> } {
  const { clauses, params } = placeAndStatusClauses(filter, {
    gridColumn: 'r.grid_id',
    openSql: `(${OPEN_STATUS_SQL})`,
    statuses: releasedStatusTable,
    statusLabel: '帮教状态',
  });
  // The same matching as person search: name, ID or phone digits, pinyin initials or full pinyin.
  const match = queryMatch(filter.query ?? '');
  if (match) {
    clauses.push(match.where);
    Object.assign(params, match.params);
  }
  return { where: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
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
  const { where, params } = filterSql(filter);
  const raws = statement(ctx.ledger.sqlite, `${FULL_SQL} ${where} order by v.code is null, v.code, g.code, r.name_pinyin, r.id_number, e.id`)
    .all(params) as ListRaw[];
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
  const db = ctx.ledger.sqlite;
  const raw = statement(db, `${FULL_SQL} where e.id = ?`).get(id) as ListRaw | undefined;
  if (!raw) throw notFound(`找不到编号为 ${id} 的刑满释放人员`);
  const [full] = toFullRows(ctx, [raw]) as [ReleasedFullRow];
  const rules = getRules(ctx);
  const assessments = statement(db, 'select id, date, class, reason from released_assessment where released_person_id = ? order by date, id')
    .all(id) as ReleasedPersonDetail['assessments'];
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
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    const person = requirePresentResident(ctx, input.residentId);
    const open = statement(db, `select id, status, status_since as statusSince from released_person where resident_id = ? and status in (${OPEN_STATUS_SQL})`)
      .get(input.residentId) as { id: number; status: string; statusSince: string } | undefined;
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
    const r = statement(db,
        `insert into released_person (resident_id, notice_received_on, prison, crime, sentence, release_date, recidivist, ended_in_correction,
           handover_on, handover_code, class, class_assessed_on, status, status_since, note, created_at, updated_at)
         values (@residentId, @notice, @prison, @crime, @sentence, @releaseDate, @recidivist, @endedInCorrection,
           @handoverOn, @handoverCode, @class, @classAssessedOn, @status, @statusSince, @note, @t, @t)`,
      )
      .run({
        residentId: input.residentId,
        notice,
        prison: input.prison,
        crime: input.crime ?? null,
        sentence: input.sentence,
        releaseDate: input.releaseDate,
        recidivist: input.recidivist ? 1 : 0,
        endedInCorrection: input.endedInCorrection ? 1 : 0,
        handoverOn,
        handoverCode,
        class: input.class,
        classAssessedOn: first.date,
        status: last.to,
        statusSince: last.date,
        note: input.note,
        t,
      });
    const id = Number(r.lastInsertRowid);
    for (const c of changes) writeStatusChange(ctx, 'released', id, c.from, c.to, c.date, c.reason);
    statement(db, 'insert into released_assessment (released_person_id, date, class, reason, created_at) values (?, ?, ?, ?, ?)').run(
      id,
      first.date,
      input.class,
      REGISTRATION_ASSESSMENT_REASON,
      t,
    );
    return getReleased(ctx, id);
  });
}

/**
 * Corrects the notice facts. The recorded steps must stay in order with the new dates, and a 期满解除 already
 * recorded must still be on or after the new 期满日. The registration's own status change and class (dated with the
 * notice or the release) move with the corrected date.
 */
export function updateReleased(ctx: ServiceContext, input: UpdateInput): ReleasedPersonDetail {
  const db = ctx.ledger.sqlite;
  return inWrite(ctx, () => {
    const e = loadEntry(ctx, input.id);
    const rules = getRules(ctx);
    const person = statement(db, 'select birth_date as birthDate from resident where id = ?').get(e.residentId) as { birthDate: string };
    const notice = input.noticeReceivedOn ?? null;
    checkNoticeDates(ctx, { noticeReceivedOn: notice, releaseDate: input.releaseDate, birthDate: person.birthDate, handoverOn: e.handoverOn, handoverTyped: false });
    const rel = released(input.releaseDate, 'releaseDate');
    inOrder(rel, { date: e.reportedOn, label: '报到日期' });
    inOrder(rel, { date: e.agreementSignedOn, label: '帮教协议签订日期' });
    inOrder(rel, { date: e.placedOn, label: '安置日期' });
    inOrder(rel, { date: e.reoffendOn, label: '重新犯罪日期' });
    const assessments = statement(db, 'select id, date, reason from released_assessment where released_person_id = ? order by id')
      .all(e.id) as { id: number; date: string; reason: string }[];
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
        statement(db, 'update status_change set date = ? where id = ?').run(newDate, firstChange.id);
        if (history.length === 1) touch(ctx, e.id, { status_since: newDate });
        const reg = assessments.find((a) => a.reason === REGISTRATION_ASSESSMENT_REASON && a.date === oldDate);
        if (reg) {
          statement(db, 'update released_assessment set date = ? where id = ?').run(newDate, reg.id);
          if (e.classAssessedOn === oldDate && assessments.every((a) => a.id === reg.id || a.date <= newDate)) touch(ctx, e.id, { class_assessed_on: newDate });
        }
      }
    }
    touch(ctx, e.id, {
      notice_received_on: notice,
      prison: input.prison,
      crime: input.crime ?? null,
      sentence: input.sentence,
      release_date: input.releaseDate,
      recidivist: input.recidivist ? 1 : 0,
      ended_in_correction: input.endedInCorrection ? 1 : 0,
      note: input.note,
    });
    return getReleased(ctx, e.id);
  });
}

// ---------------------------------------------------------------- steps

function write(ctx: ServiceContext, id: number, fn: (e: ReleasedEntry) => void): ReleasedPersonDetail {
  return inWrite(ctx, () => {
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
    const reason = `衔接：${labelOf(handoverTable, input.code)}`;
    if (e.status !== '待衔接') {
      // An entry put on the register without its 衔接 recorded: fill it in, the status stays.
      touch(ctx, e.id, { handover_on: input.date, handover_code: input.code });
      return;
    }
    enforce(checkChange(releasedMachine, factsOf(e, getRules(ctx), input.date), '在册帮教', 'handover'));
    inOrder(since(e), dateField);
    moveStatus(ctx, e, '在册帮教', input.date, reason, { handover_on: input.date, handover_code: input.code });
  });
}

export function reportReleased(ctx: ServiceContext, input: ChannelParsed<'released.report'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'report', input.date);
    notInFuture(ctx, input.date, '报到日期', 'date');
    inOrder(released(e.releaseDate), { date: input.date, label: '报到日期', path: 'date' });
    touch(ctx, e.id, { reported_on: input.date });
  });
}

export function agreementReleased(ctx: ServiceContext, input: ChannelParsed<'released.agreement'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'agreement', input.date);
    notInFuture(ctx, input.date, '帮教协议签订日期', 'date');
    inOrder(released(e.releaseDate), { date: input.date, label: '帮教协议签订日期', path: 'date' });
    touch(ctx, e.id, { agreement_signed_on: input.date });
  });
}

/** 分类: a dated assessment with its reason; the entry takes the class of its latest assessment. */
export function assessReleased(ctx: ServiceContext, input: ChannelParsed<'released.assess'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'assess', input.date);
    const dateField = { date: input.date, label: '评估日期', path: 'date' };
    notInFuture(ctx, input.date, '评估日期', 'date');
    inOrder(released(e.releaseDate), dateField);
    const last = statement(ctx.ledger.sqlite, 'select max(date) as date from released_assessment where released_person_id = ?').get(e.id) as { date: string | null };
    inOrder({ date: last.date, label: '上次分类评估日期' }, dateField);
    statement(ctx.ledger.sqlite, 'insert into released_assessment (released_person_id, date, class, reason, created_at) values (?, ?, ?, ?, ?)')
      .run(e.id, input.date, input.class, input.reason, now());
    touch(ctx, e.id, { class: input.class, class_assessed_on: input.date });
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
      touch(ctx, e.id, { placement_code: input.code, placed_on: date, unplaced_reason: '' });
      return;
    }
    if (date) throw validationError('填写了安置日期，请同时选择安置情况', [{ field: '安置情况', path: ['code'], message: '请选择安置情况' }]);
    if (!input.unplacedReason) {
      throw validationError('请选择安置情况，或填写未安置原因', [{ field: '未安置原因', path: ['unplacedReason'], message: '请选择安置情况或填写未安置原因' }]);
    }
    touch(ctx, e.id, { placement_code: null, placed_on: null, unplaced_reason: input.unplacedReason });
  });
}

export function reoffendReleased(ctx: ServiceContext, input: ChannelParsed<'released.reoffend'>) {
  return write(ctx, input.id, (e) => {
    requireStep(ctx, e, 'reoffend', input.date);
    const dateField = { date: input.date, label: '重新犯罪日期', path: 'date' };
    notInFuture(ctx, input.date, '重新犯罪日期', 'date');
    inOrder(released(e.releaseDate), dateField);
    inOrder(since(e), dateField);
    moveStatus(ctx, e, '重新犯罪', input.date, `重新犯罪：${input.crime}`, { reoffend_on: input.date, reoffend_crime: input.crime });
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
