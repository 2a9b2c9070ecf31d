// 今日待办 of the event desk: each open event's running limit (受理, 分流 or 办结) that is 逾期, 今日到期 or 即将到期 on
// the date asked, as due items beside the ledgers'. The due date is the working-day deadline; 逾期天数 and the
// 即将到期 window are in calendar days, like every other item of the list.
import type { DueItem, DueKind } from '../../../shared/contract/records';
import { daysBetween } from '../../../shared/rules/dates';
import { dueState } from '../../../shared/rules/ledgerRules';
import type { ServiceContext } from '../context';
import { grid, staffGrid, staff } from '../db/schema';
import { getRules } from '../rules/service';
import { selectEvents } from './service';
import { eq, gte, isNull, or } from 'drizzle-orm';

const KIND: Record<'accept' | 'dispatch' | 'close', DueKind> = { accept: '事件受理', dispatch: '事件分流', close: '事件办结' };

export function eventDues(ctx: ServiceContext, date: string): DueItem[] {
  const rules = getRules(ctx);
  const { rows } = selectEvents(ctx, { includeVoided: false, query: '', date }, { openOnly: true });
  const gridStaff = new Map<number, number[]>();
  const serving = ctx.ledger.db
    .select({ gridId: staffGrid.gridId, staffId: staffGrid.staffId })
    .from(staffGrid)
    .innerJoin(staff, eq(staff.id, staffGrid.staffId))
    .innerJoin(grid, eq(grid.id, staffGrid.gridId))
    .where(or(isNull(staff.endDate), gte(staff.endDate, ctx.today())))
    .all();
  for (const s of serving) gridStaff.set(s.gridId, [...(gridStaff.get(s.gridId) ?? []), s.staffId]);
  const out: DueItem[] = [];
  for (const e of rows) {
    const d = e.nextDue;
    if (!d) continue;
    const state = dueState(d.dueOn, date, rules).state;
    if (!state) continue;
    const staffIds = new Set<number>([...(e.gridId !== null ? (gridStaff.get(e.gridId) ?? []) : []), ...(e.reporterStaffId !== null ? [e.reporterStaffId] : [])]);
    out.push({
      kind: KIND[d.kind],
      ledger: 'event',
      entryId: e.id,
      personId: null,
      householdId: null,
      idNumber: '',
      name: `${e.number} ${e.title}`,
      villageId: e.villageId,
      village: e.village,
      gridId: e.gridId,
      grid: e.grid,
      dueDate: d.dueOn,
      state,
      daysLate: daysBetween(d.dueOn, date),
      staffIds: [...staffIds].sort((a, b) => a - b),
    });
  }
  return out;
}
