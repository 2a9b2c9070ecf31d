// The facts T5 reads (shared/rules/t5.ts): every event with its category's kind and its steps, read once, on the
// caller's scoped connection; and the month's rows per 村/社区 (code order) with 合计.
import { asc, sql } from 'drizzle-orm';
import type { T5Row } from '../../../shared/contract/reports';
import { lastDayOfMonth } from '../../../shared/rules/dates';
import { t5Figures, t5Members, t5Total, type T5EventFacts, type T5Figures, type T5Members } from '../../../shared/rules/t5';
import type { ServiceContext } from '../context';
import { keptWhileUnchanged } from '../db/kept';
import { rows } from '../db/query';
import { event, eventStep, village } from '../db/schema';
import { getRules } from '../rules/service';
import { allCategories, calendarFor } from './service';

export interface T5Inputs {
  villages: { id: number; code: string; name: string }[];
  /** Shared while the database is unchanged: never changed by a caller. */
  events: readonly T5EventFacts[];
  rules: ReturnType<typeof getRules>;
  ctx: ServiceContext;
}

export function loadT5Inputs(ctx: ServiceContext): T5Inputs {
  // The events do not depend on the month: kept while nothing in the database has changed (db/kept.ts). The whole
  // town's, for every caller: each caller's rows are its villages' (tests/unit/scope.test.ts asks as the town first).
  const events = keptWhileUnchanged(ctx.ledger.sqlite, 't5Events', 'town', () => readEvents(ctx));
  const villages = ctx.ledger.db.select({ id: village.id, code: village.code, name: village.name }).from(village).orderBy(asc(village.code)).all();
  return { villages, events, rules: getRules(ctx), ctx };
}

function readEvents(ctx: ServiceContext): readonly T5EventFacts[] {
  const sqlite = ctx.ledger.sqlite;
  const kinds = new Map(allCategories(ctx).map((c) => [c.code, c.kind]));
  // Every event of every year and all their steps: plain rows (the query builder's mapping of each row was most
  // of T1–T5's time on a town with a year of events).
  type Step = Pick<typeof eventStep.$inferSelect, 'eventId' | 'action' | 'toState' | 'on'>;
  const steps = new Map<number, Omit<Step, 'eventId'>[]>();
  for (const s of rows(sqlite, sql<Step>`select ${eventStep.eventId} as eventId, ${eventStep.action} as action, ${eventStep.toState} as toState, ${eventStep.on} as "on"
      from ${eventStep} order by ${eventStep.on}, ${eventStep.id}`)) {
    const list = steps.get(s.eventId);
    if (list) list.push(s);
    else steps.set(s.eventId, [s]);
  }
  type Event = Pick<typeof event.$inferSelect, 'id' | 'villageId' | 'category' | 'reportedOn' | 'voidedOn' | 'satisfaction'>;
  return rows(sqlite, sql<Event>`select ${event.id} as id, ${event.villageId} as villageId, ${event.category} as category,
      ${event.reportedOn} as reportedOn, ${event.voidedOn} as voidedOn, ${event.satisfaction} as satisfaction from ${event}`).map((e) => ({
    ...e,
    kind: kinds.get(e.category) ?? 'dispute',
    steps: steps.get(e.id) ?? [],
  }));
}

/** The members of each village's row for the month, in row order. */
export function t5MembersByVillage(inputs: T5Inputs, month: string): { village: { id: number; code: string; name: string }; members: T5Members }[] {
  const inMonth = inputs.events.filter((e) => e.reportedOn.slice(0, 7) === month);
  const earliest = `${month}-01`;
  const calendar = calendarFor(inputs.ctx, earliest, lastDayOfMonth(month));
  return inputs.villages.map((v) => ({ village: v, members: t5Members(inMonth.filter((e) => e.villageId === v.id), month, inputs.rules, calendar) }));
}

const toRow = (village: string, f: T5Figures): T5Row => ({ village, ...f });

export function t5Month(inputs: T5Inputs, month: string): { rows: T5Row[]; total: T5Row } {
  const figures = t5MembersByVillage(inputs, month).map((r) => ({ name: r.village.name, f: t5Figures(r.members) }));
  return { rows: figures.map((r) => toRow(r.name, r.f)), total: toRow('合计', t5Total(figures.map((r) => r.f))) };
}
