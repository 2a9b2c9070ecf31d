// The event desk (issue 12): reporting an event, moving it along the flow of shared/rules/eventMachine.ts, its page
// and the list. Each step is an event_step row (上报 the first), dated, by whom, with a note; the event's state is the
// last step's. Reads go through the caller's scoped views (event, village, grid …), so a 村级用户 sees only theirs.
import { and, asc, desc, eq, gte, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { disputeCategoryTable, eventSourceTable, labelOf, otherEventCategoryTable, satisfactionTable } from '../../../shared/codes';
import type { ChannelParsed } from '../../../shared/contract';
import { EVENT_STATE_LABELS, EVENT_STEPS, EVENT_STEP_LABELS, type EventDetail, type EventRow, type EventState } from '../../../shared/contract/events';
import { addDays, chineseDate } from '../../../shared/rules/dates';
import { checkEventStep, eventDeadlines, isOpenEvent, runningDeadline, STEP_NEEDS, stepTarget, type Deadline, type EventFacts, type StepFact, type WorkdayCounter } from '../../../shared/rules/eventMachine';
import type { ServiceContext } from '../context';
import { event, eventAttachment, eventCategory, eventParty, eventStep, grid, record, resident, staff, village } from '../db/schema';
import { inWrite } from '../db/write';
import { row } from '../db/query';
import { conflict, enforce, notFound, validationError } from '../errors';
import { getRules } from '../rules/service';
import { addAttachmentFile } from './attachments';
import { corrections, indexedCounter } from './calendar';

const now = () => new Date().toISOString();
const OPEN_STATES: EventState[] = ['reported', 'accepted', 'dispatched', 'handling', 'checking'];

// ───── Categories ─────

export interface CategoryInfo {
  code: string;
  name: string;
  kind: 'dispute' | 'event';
  builtIn: boolean;
  closedOn: string | null;
}

const BUILT_IN: CategoryInfo[] = [
  ...disputeCategoryTable.entries.map((e) => ({ code: e.code, name: e.label, kind: 'dispute' as const, builtIn: true, closedOn: null })),
  ...otherEventCategoryTable.entries.map((e) => ({ code: e.code, name: e.label, kind: 'event' as const, builtIn: true, closedOn: null })),
];

export function allCategories(ctx: ServiceContext): CategoryInfo[] {
  const own = ctx.ledger.db.select().from(eventCategory).orderBy(asc(eventCategory.code)).all();
  return [...BUILT_IN, ...own.map((r) => ({ code: r.code, name: r.name, kind: r.kind === 'event' ? ('event' as const) : ('dispute' as const), builtIn: false, closedOn: r.closedOn }))];
}

export function listCategories(ctx: ServiceContext, input: ChannelParsed<'eventCategory.list'>) {
  return allCategories(ctx).filter((c) => input.includeClosed || c.closedOn === null);
}

export function createCategory(ctx: ServiceContext, input: ChannelParsed<'eventCategory.create'>) {
  return inWrite(ctx, () => {
    const all = allCategories(ctx);
    const same = all.find((c) => c.name === input.name);
    if (same) throw conflict(`已有名为「${input.name}」的事件类别（${same.code}${same.closedOn ? '，已停用' : ''}）`);
    const serial = Math.max(0, ...all.filter((c) => /^T\d+$/.test(c.code)).map((c) => Number(c.code.slice(1)))) + 1;
    const code = `T${String(serial).padStart(2, '0')}`;
    const t = now();
    ctx.ledger.db.insert(eventCategory).values({ code, name: input.name, kind: input.kind, closedOn: null, createdAt: t, updatedAt: t }).run();
    return { code, name: input.name, kind: input.kind, builtIn: false, closedOn: null };
  });
}

export function closeCategory(ctx: ServiceContext, input: ChannelParsed<'eventCategory.close'>) {
  return inWrite(ctx, () => {
    const c = allCategories(ctx).find((x) => x.code === input.code);
    if (!c) throw notFound(`找不到代码为「${input.code}」的事件类别`);
    if (c.builtIn) throw conflict(`「${c.name}」是内置的矛盾纠纷（事件）类别，不能停用`);
    if (c.closedOn) throw conflict(`事件类别「${c.name}」已于${chineseDate(c.closedOn)}停用`);
    ctx.ledger.db.update(eventCategory).set({ closedOn: input.on, updatedAt: now() }).where(eq(eventCategory.code, c.code)).run();
    return { ...c, closedOn: input.on };
  });
}

// ───── Reading ─────

type EventRecord = typeof event.$inferSelect;
type StepRecord = typeof eventStep.$inferSelect;

interface Names {
  villages: Map<number, string>;
  grids: Map<number, string>;
  categories: Map<string, CategoryInfo>;
}

function names(ctx: ServiceContext): Names {
  const db = ctx.ledger.db;
  return {
    villages: new Map(db.select({ id: village.id, name: village.name }).from(village).all().map((r) => [r.id, r.name])),
    grids: new Map(db.select({ id: grid.id, name: grid.name }).from(grid).all().map((r) => [r.id, r.name])),
    categories: new Map(allCategories(ctx).map((c) => [c.code, c])),
  };
}

/** The working-day counter for a set of events: every day from the earliest report to two months past `asOf` indexed once. */
export function calendarFor(ctx: ServiceContext, earliest: string, asOf: string): WorkdayCounter {
  return indexedCounter(corrections(ctx), addDays(earliest < asOf ? earliest : asOf, -1), addDays(asOf, 60));
}

const stepFacts = (steps: readonly StepRecord[]): StepFact[] => steps.map((s) => ({ action: s.action, toState: s.toState, on: s.on }));

function toRow(e: EventRecord, steps: readonly StepRecord[], deadlines: Deadline[], n: Names): EventRow {
  const cat = n.categories.get(e.category);
  const lastRoute = [...steps].reverse().find((s) => s.action === 'dispatch');
  const voided = e.voidedOn ? { on: e.voidedOn, reason: e.voidReason ?? '' } : null;
  const state = e.state as EventState;
  return {
    id: e.id,
    number: e.number,
    source: e.source,
    sourceLabel: labelOf(eventSourceTable, e.source),
    category: e.category,
    categoryName: cat?.name ?? e.category,
    categoryKind: cat?.kind ?? 'dispute',
    villageId: e.villageId,
    village: n.villages.get(e.villageId) ?? '',
    gridId: e.gridId,
    grid: e.gridId === null ? null : (n.grids.get(e.gridId) ?? null),
    title: e.title,
    place: e.place,
    involved: e.involved,
    state,
    stateLabel: EVENT_STATE_LABELS[state] ?? e.state,
    reportedOn: e.reportedOn,
    reporterStaffId: e.reporterStaffId,
    reporterName: e.reporterName,
    assignee: lastRoute?.assignee ?? '',
    nextDue: voided || !isOpenEvent(state) ? null : runningDeadline(deadlines),
    overdue: !voided && deadlines.some((d) => d.status === 'late' || d.status === 'overdue'),
    satisfaction: e.satisfaction,
    satisfactionLabel: labelOf(satisfactionTable, e.satisfaction),
    voided,
  };
}

function requireEvent(ctx: ServiceContext, id: number): EventRecord {
  const e = ctx.ledger.db.select().from(event).where(eq(event.id, id)).get();
  if (!e) throw notFound(`找不到编号为 ${id} 的事件`);
  return e;
}

function stepsOf(ctx: ServiceContext, id: number): StepRecord[] {
  return ctx.ledger.db.select().from(eventStep).where(eq(eventStep.eventId, id)).orderBy(asc(eventStep.on), asc(eventStep.id)).all();
}

function factsOf(e: EventRecord, steps: readonly StepRecord[], today: string | null, date: string | null, extra: Partial<EventFacts> = {}): EventFacts {
  return {
    status: e.state as EventState,
    lastOn: steps.length ? steps[steps.length - 1]!.on : e.reportedOn,
    date,
    today,
    voidedOn: e.voidedOn,
    assignee: '',
    satisfaction: null,
    note: '',
    ...extra,
  };
}

export function getEvent(ctx: ServiceContext, input: { id: number; date?: string }): EventDetail {
  const asOf = input.date ?? ctx.today();
  const e = requireEvent(ctx, input.id);
  const steps = stepsOf(ctx, e.id);
  const rules = getRules(ctx);
  const cal = calendarFor(ctx, e.reportedOn, asOf);
  const deadlines = eventDeadlines(stepFacts(steps), rules, cal, asOf);
  const n = names(ctx);
  const facts = factsOf(e, steps, asOf, null);
  const next = EVENT_STEPS.map((step) => {
    const check = checkEventStep(step, facts);
    return {
      step,
      label: EVENT_STEP_LABELS[step],
      to: step === 'supervise' ? null : stepTarget(step, facts.status),
      available: check.ok,
      reason: check.ok ? null : check.reason,
      needs: STEP_NEEDS[step],
    };
  });
  const db = ctx.ledger.db;
  const parties = db
    .select({ id: eventParty.id, residentId: eventParty.residentId, name: eventParty.name, phone: eventParty.phone, role: eventParty.role })
    .from(eventParty)
    .where(eq(eventParty.eventId, e.id))
    .orderBy(asc(eventParty.id))
    .all();
  const attachments = db
    .select({ id: eventAttachment.id, name: eventAttachment.name, mime: eventAttachment.mime, size: eventAttachment.size, createdAt: eventAttachment.createdAt })
    .from(eventAttachment)
    .where(eq(eventAttachment.eventId, e.id))
    .orderBy(asc(eventAttachment.id))
    .all();
  return {
    ...toRow(e, steps, deadlines, n),
    lon: e.lon,
    lat: e.lat,
    description: e.description,
    sourceRecordId: e.sourceRecordId,
    parties,
    steps: steps.map((s) => ({
      id: s.id,
      action: s.action,
      label: (EVENT_STEP_LABELS as Record<string, string>)[s.action] ?? s.action,
      fromState: s.fromState,
      toState: s.toState,
      on: s.on,
      assignee: s.assignee,
      note: s.note,
      byName: s.byName,
      createdAt: s.createdAt,
    })),
    deadlines,
    next,
    attachments,
    supervised: steps.filter((s) => s.action === 'supervise').length,
  };
}

type EventFilterInput = Omit<ChannelParsed<'event.list'>, 'offset' | 'limit'>;

export interface SelectOptions {
  /** Only this slice of the sorted list gets its deadlines judged (the rest are counted); all when absent. */
  page?: { offset: number; limit: number };
  /** Only these events (the members of a figure). */
  ids?: readonly number[];
  /** Only open events (the today list). */
  openOnly?: boolean;
}

/**
 * The events a filter selects, newest first, with their steps and their limits judged on `asOf`. Only the rows
 * returned are judged — except with the overdue filter, which needs every open candidate's (closed events have no
 * running limit, so they are left out in SQL first).
 */
export function selectEvents(ctx: ServiceContext, input: EventFilterInput, opts: SelectOptions = {}): { rows: EventRow[]; total: number; asOf: string } {
  const db = ctx.ledger.db;
  const asOf = input.date ?? ctx.today();
  const where: SQL[] = [];
  if (!input.includeVoided) where.push(isNull(event.voidedOn));
  if (input.state) where.push(eq(event.state, input.state));
  if (input.overdue || opts.openOnly) where.push(inArray(event.state, OPEN_STATES));
  if (input.category) where.push(eq(event.category, input.category));
  if (input.villageId) where.push(eq(event.villageId, input.villageId));
  if (input.gridId) where.push(eq(event.gridId, input.gridId));
  if (input.staffId) where.push(eq(event.reporterStaffId, input.staffId));
  if (input.month) where.push(like(event.reportedOn, `${input.month}-%`));
  if (opts.ids) where.push(inArray(event.id, sql`(select value from json_each(${JSON.stringify(opts.ids)}))`));
  if (input.query) {
    const q = `%${input.query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        sql`${event.title} like ${q} escape '\\'`,
        sql`${event.number} like ${q} escape '\\'`,
        sql`${event.place} like ${q} escape '\\'`,
        inArray(event.id, db.select({ id: eventParty.eventId }).from(eventParty).where(sql`${eventParty.name} like ${q} escape '\\'`)),
      )!,
    );
  }
  const n = names(ctx);
  if (input.kind) {
    const codes = [...n.categories.values()].filter((c) => c.kind === input.kind).map((c) => c.code);
    where.push(inArray(event.category, codes));
  }
  const all = db.select().from(event).where(and(...where)).orderBy(desc(event.reportedOn), desc(event.id)).all();
  const judgeAll = input.overdue === true || !opts.page;
  const chosen = judgeAll ? all : all.slice(opts.page!.offset, opts.page!.offset + opts.page!.limit);
  if (!chosen.length) return { rows: [], total: all.length, asOf };
  const byEvent = stepsByEvent(ctx, chosen.map((e) => e.id));
  const earliest = chosen.reduce((m, e) => (e.reportedOn < m ? e.reportedOn : m), asOf);
  const cal = calendarFor(ctx, earliest, asOf);
  const rules = getRules(ctx);
  let rows = chosen.map((e) => {
    const steps = byEvent.get(e.id) ?? [];
    return toRow(e, steps, eventDeadlines(stepFacts(steps), rules, cal, asOf), n);
  });
  if (input.overdue) rows = rows.filter((r) => r.nextDue?.status === 'overdue');
  const total = input.overdue ? rows.length : all.length;
  if (input.overdue && opts.page) rows = rows.slice(opts.page.offset, opts.page.offset + opts.page.limit);
  return { rows, total, asOf };
}

/** The steps of these events in order, one statement whatever their number (the ids as one JSON array). */
function stepsByEvent(ctx: ServiceContext, ids: readonly number[]): Map<number, StepRecord[]> {
  const out = new Map<number, StepRecord[]>();
  const list = ctx.ledger.db
    .select()
    .from(eventStep)
    .where(inArray(eventStep.eventId, sql`(select value from json_each(${JSON.stringify(ids)}))`))
    .orderBy(asc(eventStep.eventId), asc(eventStep.on), asc(eventStep.id))
    .all();
  for (const s of list) {
    const l = out.get(s.eventId);
    if (l) l.push(s);
    else out.set(s.eventId, [s]);
  }
  return out;
}

export function listEvents(ctx: ServiceContext, input: ChannelParsed<'event.list'>) {
  const { rows, total } = selectEvents(ctx, input, { page: { offset: input.offset, limit: input.limit } });
  return { total, rows };
}

// ───── Writing ─────

function nextNumber(ctx: ServiceContext, reportedOn: string): string {
  const prefix = `SJ${reportedOn.slice(0, 4)}${reportedOn.slice(5, 7)}`;
  // A range on the unique index (LIKE would scan the table): the numbers of the month sort between these two.
  const last = ctx.ledger.db.select({ number: event.number }).from(event).where(and(gte(event.number, prefix), lt(event.number, `${prefix}:`))).orderBy(desc(event.number)).limit(1).get();
  const serial = last ? Number(last.number.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(serial).padStart(5, '0')}`;
}

const field = (path: string, message: string) => validationError(message, [{ path: [path], message }]);

export function createEvent(ctx: ServiceContext, input: ChannelParsed<'event.create'>): EventDetail {
  return getEvent(ctx, { id: insertEvent(ctx, input) });
}

/** The write of event.create (checks, event, parties, the 上报 step, files); its id. The demo calls it directly. */
export function insertEvent(ctx: ServiceContext, input: ChannelParsed<'event.create'>, categories: CategoryInfo[] = allCategories(ctx)): number {
  const db = ctx.ledger.db;
  return inWrite(ctx, () => {
    const today = ctx.today();
    if (input.reportedOn > today) throw field('reportedOn', `上报日期${chineseDate(input.reportedOn)}晚于今天`);
    const v = db.select({ id: village.id }).from(village).where(eq(village.id, input.villageId)).get();
    if (!v) throw field('villageId', `找不到编号为 ${input.villageId} 的村（社区）`);
    if (input.gridId) {
      const g = db.select({ villageId: grid.villageId, name: grid.name }).from(grid).where(eq(grid.id, input.gridId)).get();
      if (!g) throw field('gridId', `找不到编号为 ${input.gridId} 的网格`);
      if (g.villageId !== input.villageId) throw field('gridId', `网格「${g.name}」不属于所选的村（社区）`);
    }
    const cat = categories.find((c) => c.code === input.category || c.name === input.category);
    if (!cat) throw field('category', `事件类别「${input.category}」不在类别表中`);
    if (cat.closedOn && cat.closedOn <= input.reportedOn) throw field('category', `事件类别「${cat.name}」已于${chineseDate(cat.closedOn)}停用`);
    let reporterName = input.reporterName;
    if (input.reporterStaffId) {
      const s = db.select({ name: staff.name }).from(staff).where(eq(staff.id, input.reporterStaffId)).get();
      if (!s) throw field('reporterStaffId', `找不到编号为 ${input.reporterStaffId} 的网格员`);
      reporterName ||= s.name;
    }
    if (input.sourceRecordId) {
      const r = db.select({ kind: record.kind, date: record.date, voidedOn: record.voidedOn }).from(record).where(eq(record.id, input.sourceRecordId)).get();
      if (!r) throw field('sourceRecordId', `找不到编号为 ${input.sourceRecordId} 的走访记录`);
      if (r.kind !== 'visit') throw field('sourceRecordId', `编号为 ${input.sourceRecordId} 的记录不是走访记录，不能由它生成事件`);
      if (r.voidedOn) throw field('sourceRecordId', `编号为 ${input.sourceRecordId} 的走访记录已作废`);
      if (r.date > input.reportedOn) throw field('reportedOn', `上报日期${chineseDate(input.reportedOn)}早于走访日期${chineseDate(r.date)}`);
    }
    const parties = input.parties.map((p, i) => {
      if (p.residentId === undefined) return { residentId: null, name: p.name, phone: p.phone, role: p.role };
      const r = db.select({ name: resident.name }).from(resident).where(eq(resident.id, p.residentId)).get();
      if (!r) throw validationError(`第 ${i + 1} 位当事人：找不到编号为 ${p.residentId} 的居民`, [{ path: ['parties', String(i), 'residentId'], message: `找不到编号为 ${p.residentId} 的居民` }]);
      return { residentId: p.residentId, name: r.name, phone: p.phone, role: p.role };
    });
    const t = now();
    const number = nextNumber(ctx, input.reportedOn);
    const { id } = db
      .insert(event)
      .values({
        number,
        source: input.source,
        category: cat.code,
        villageId: input.villageId,
        gridId: input.gridId ?? null,
        lon: input.lon ?? null,
        lat: input.lat ?? null,
        place: input.place,
        title: input.title,
        description: input.description,
        involved: input.involved,
        state: 'reported',
        reportedOn: input.reportedOn,
        reporterStaffId: input.reporterStaffId ?? null,
        reporterName,
        sourceRecordId: input.sourceRecordId ?? null,
        createdAt: t,
        updatedAt: t,
      })
      .returning({ id: event.id })
      .get();
    for (const p of parties) db.insert(eventParty).values({ eventId: id, ...p }).run();
    db.insert(eventStep)
      .values({ eventId: id, action: 'report', fromState: null, toState: 'reported', on: input.reportedOn, assignee: '', note: input.note, byUser: ctx.caller.userId, byName: ctx.caller.displayName, createdAt: t })
      .run();
    input.attachments.forEach((path, i) => addAttachmentFile(ctx, id, path, `第 ${i + 1} 个附件`));
    return id;
  });
}

export function stepEvent(ctx: ServiceContext, input: ChannelParsed<'event.step'>): EventDetail {
  applyStep(ctx, input);
  return getEvent(ctx, { id: input.id });
}

/** The write of event.step: the machine's check, the step row, the event's new state. */
export function applyStep(ctx: ServiceContext, input: ChannelParsed<'event.step'>): void {
  const db = ctx.ledger.db;
  const sqlite = ctx.ledger.sqlite;
  inWrite(ctx, () => {
    // Only what the machine looks at, through the statement cache: the demo writes thousands of these.
    const e = row(sqlite, sql<Pick<EventRecord, 'state' | 'voidedOn' | 'reportedOn' | 'number' | 'satisfaction'>>`select ${event.state} as state, ${event.voidedOn} as voidedOn,
      ${event.reportedOn} as reportedOn, ${event.number} as number, ${event.satisfaction} as satisfaction from ${event} where ${event.id} = ${input.id}`);
    if (!e) throw notFound(`找不到编号为 ${input.id} 的事件`);
    const last = row(sqlite, sql<{ lastOn: string | null }>`select max(${eventStep.on}) as lastOn from ${eventStep} where ${eventStep.eventId} = ${input.id}`)?.lastOn ?? e.reportedOn;
    const facts: EventFacts = {
      status: e.state as EventState, lastOn: last, date: input.on, today: ctx.today(), voidedOn: e.voidedOn,
      assignee: input.assignee ?? '', satisfaction: input.satisfaction ?? null, note: input.note,
    };
    enforce(checkEventStep(input.step, facts), `事件 ${e.number}：`);
    const to = stepTarget(input.step, facts.status);
    const t = now();
    db.insert(eventStep)
      .values({ eventId: input.id, action: input.step, fromState: e.state, toState: to, on: input.on, assignee: input.step === 'dispatch' ? (input.assignee ?? '') : '', note: input.note, byUser: ctx.caller.userId, byName: ctx.caller.displayName, createdAt: t })
      .run();
    db.update(event)
      .set({ state: to, satisfaction: input.step === 'rate' ? (input.satisfaction ?? null) : e.satisfaction, updatedAt: t })
      .where(eq(event.id, input.id))
      .run();
  });
}

export function voidEvent(ctx: ServiceContext, input: ChannelParsed<'event.void'>): EventDetail {
  return inWrite(ctx, () => {
    const e = requireEvent(ctx, input.id);
    if (e.voidedOn) throw conflict(`事件 ${e.number} 已于${chineseDate(e.voidedOn)}作废`);
    if (input.on < e.reportedOn) throw field('on', `作废日期${chineseDate(input.on)}早于上报日期${chineseDate(e.reportedOn)}`);
    ctx.ledger.db.update(event).set({ voidedOn: input.on, voidReason: input.reason, updatedAt: now() }).where(eq(event.id, e.id)).run();
    return getEvent(ctx, { id: e.id });
  });
}
