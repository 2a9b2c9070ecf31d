// The town's corrections to the working-day calendar (calendar_day) and the calendar the event desk counts with:
// chinese-days' national days with the corrections winning, indexed per call (indexedCounter) so a list of thousands
// of events resolves each day once and every deadline in O(1).
import { asc, eq, like } from 'drizzle-orm';
import type { ChannelParsed } from '../../../shared/contract';
import { addDays } from '../../../shared/rules/dates';
import { calendarKnown, isWorkday, type CalendarCorrections } from '../../../shared/rules/workdays';
import { counterOf, type WorkdayCounter } from '../../../shared/rules/eventMachine';
import type { ServiceContext } from '../context';
import { calendarDay } from '../db/schema';
import { inWrite } from '../db/write';

const now = () => new Date().toISOString();

export function corrections(ctx: ServiceContext): Map<string, boolean> {
  const rows = ctx.ledger.db.select({ date: calendarDay.date, workday: calendarDay.workday }).from(calendarDay).all();
  return new Map(rows.map((r) => [r.date, r.workday]));
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

/**
 * Working-day arithmetic over a fixed range in O(1): every day of [from, to] with the count of working days up to
 * it. Outside the range (a long-open event, an old month) it falls back to stepping day by day.
 */
export function indexedCounter(own: CalendarCorrections, from: string, to: string): WorkdayCounter {
  const index = new Map<string, number>();
  const days: string[] = [];
  /** cum[i]: working days in (from, days[i]]; nth[k]: index of the k-th working day after `from`. */
  const cum: number[] = [];
  const nth: number[] = [];
  let n = 0;
  for (let d = from, i = 0; d <= to; d = addDays(d, 1), i++) {
    if (i > 0 && isWorkday(d, own)) {
      n++;
      nth[n] = i;
    }
    index.set(d, i);
    days.push(d);
    cum.push(n);
  }
  const slow = counterOf(own);
  return {
    add(date, k) {
      if (k === 0) return date;
      const i = index.get(date);
      const at = i === undefined ? undefined : nth[cum[i]! + k];
      return at === undefined ? slow.add(date, k) : days[at]!;
    },
    between(a, b) {
      if (b <= a) return 0;
      const i = index.get(a);
      const j = index.get(b);
      return i === undefined || j === undefined ? slow.between(a, b) : cum[j]! - cum[i]!;
    },
  };
}
