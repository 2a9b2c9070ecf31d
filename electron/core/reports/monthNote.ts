// 六、本月工作情况: the staff's own text for a month, one row per month (table month_note). Saving empty text keeps
// the row with '' so the month shows it was cleared on purpose.
import { eq } from 'drizzle-orm';
import type { MonthNoteRow } from '../../../shared/contract/reports';
import type { ServiceContext } from '../context';
import { monthNote } from '../db/schema';
import { checkReportMonth } from './figures';

export function getMonthNote(ctx: ServiceContext, month: string): MonthNoteRow {
  const row = ctx.ledger.db.select().from(monthNote).where(eq(monthNote.month, month)).get();
  return row ? { month, text: row.text, updatedAt: row.updatedAt } : { month, text: '', updatedAt: null };
}

export function saveMonthNote(ctx: ServiceContext, month: string, text: string): MonthNoteRow {
  // The same months a report can be made for: not a future month, not before the town.
  checkReportMonth(ctx, month);
  const updatedAt = new Date().toISOString();
  const clean = text.replace(/\r\n?/g, '\n').replace(/\s+$/u, '');
  ctx.ledger.db
    .insert(monthNote)
    .values({ month, text: clean, updatedAt })
    .onConflictDoUpdate({ target: monthNote.month, set: { text: clean, updatedAt } })
    .run();
  return { month, text: clean, updatedAt };
}
