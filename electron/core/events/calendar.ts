// The town's corrections to the working-day calendar (calendar_day) and the calendar the event desk counts with:
// chinese-days' national days with the corrections winning, memoized per call so a list of thousands of events asks
// the package once per day, not once per deadline.
import { asc, eq, like } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import { addDays } from '../../../shared/rules/dates';
import { calendarKnown, isWorkday, type CalendarCorrections } from '../../../shared/rules/workdays';
import type { ServiceContext } from '../context';
import { calendarDay } from '../db/schema';
import { inWrite } from '../db/write';

const now = () => new Date().toISOString();

export function corrections(ctx: ServiceContext): Map<string, boolean> {
  const rows = ctx.ledger.db.select({ date: calendarDay.date, workday: calendarDay.workday }).from(calendarDay).all();
  return new Map(rows.map((r) => [r.date, r.workday]));
}

/** Every day of [from, to] resolved (corrections first, then the national calendar) in one map, for hot loops. */
export function resolvedCalendar(own: CalendarCorrections, from: string, to: string): CalendarCorrections {
  // The town's own days everywhere, and every day of the range resolved once.
  const out = new Map<string, boolean>(own);
  for (let d = from; d <= to; d = addDays(d, 1)) if (!out.has(d)) out.set(d, isWorkday(d));
  return out;
}

export function listCalendar(ctx: ServiceContext, input: ChannelParsed<'calendar.list'>) {
  const rows = ctx.ledger.db.select().from(calendarDay).where(like(calendarDay.date, `${input.year}-%`)).orderBy(asc(calendarDay.date)).all();
  return rows.map((r) => ({ date: r.date, workday: r.workday, note: r.note, national: isWorkday(r.date) }));
}

export function setCalendarDay(ctx: ServiceContext, input: ChannelParsed<'calendar.set'>) {
  return inWrite(ctx, () => {
    const t = now();
    ctx.ledger.db
      .insert(calendarDay)
      .values({ date: input.date, workday: input.workday, note: input.note, createdAt: t, updatedAt: t })
      .onConflictDoUpdate({ target: calendarDay.date, set: { workday: input.workday, note: input.note, updatedAt: t } })
      .run();
    return { date: input.date, workday: input.workday, note: input.note, national: isWorkday(input.date) };
  });
}

export function clearCalendarDay(ctx: ServiceContext, input: ChannelParsed<'calendar.clear'>) {
  return inWrite(ctx, () => ({ removed: ctx.ledger.db.delete(calendarDay).where(eq(calendarDay.date, input.date)).run().changes > 0 }));
}

export function calendarStatus(ctx: ServiceContext, input: ChannelParsed<'calendar.status'>) {
  const date = input.date ?? ctx.today();
  const year = Number(date.slice(0, 4));
  const count = ctx.ledger.db.select({ date: calendarDay.date }).from(calendarDay).where(like(calendarDay.date, `${year}-%`)).all().length;
  return { year, known: calendarKnown(`${year}-06-01`), nextYear: year + 1, nextKnown: calendarKnown(`${year + 1}-06-01`), corrections: count };
}
