// 更正 and 作废 of a ledger entry's dated status changes (issue 8 item 3). A change keeps its place in the history: a
// correction moves its date between the changes around it; a 作废 is only of the latest change (an earlier one has
// later changes resting on it) and marks it voided, so it leaves the history shown, the status and every month figure
// while the row and its revision stay. The ledgers add their own checks (released: 期满日, 释放日期; patient: reopening).
import { eq } from 'drizzle-orm';
import type { LedgerName } from '../../../shared/contract/records';
import type { ServiceContext } from '../context';
import { statusChange } from '../db/schema';
import { conflict, notFound, validationError } from '../errors';
import { inOrder, notInFuture, statusChanges } from './common';
import { writeRevision } from './revision';

export type StandingChange = ReturnType<typeof statusChanges>[number];

/** How a change reads in a revision and a message: 在管 → 失访（2026-10-01）. */
export const changeWords = (c: Pick<StandingChange, 'fromStatus' | 'toStatus' | 'date'>) => `${c.fromStatus ?? '登记'} → ${c.toStatus}（${c.date}）`;

/** One standing change of the entry with its neighbours; the one made at registration is refused (it moves with the registration). */
export function standingChange(ctx: ServiceContext, ledger: LedgerName, entryId: number, changeId: number, doing: '更正' | '作废') {
  const history = statusChanges(ctx, ledger, entryId);
  const i = history.findIndex((s) => s.id === changeId);
  if (i < 0) throw notFound(`找不到编号为 ${changeId} 的状态变更（或已作废）`);
  const change = history[i]!;
  if (change.fromStatus === null || i === 0) {
    throw conflict(`「${change.toStatus}」（${change.date}）是登记时的状态，随登记日期，不能在此${doing}；登记有误请更正或作废登记`);
  }
  return { change, prev: history[i - 1]!, next: history[i + 1] ?? null, isLast: i === history.length - 1 };
}

/** Moves a change's date: not in the future, not before the change before it, not after the one after it. */
export function correctChangeDate(ctx: ServiceContext, ledger: LedgerName, entryId: number, found: ReturnType<typeof standingChange>, date: string, reason: string) {
  const { change, prev, next } = found;
  const field = { date, label: '变更日期', path: 'date' };
  notInFuture(ctx, date, '变更日期', 'date');
  inOrder({ date: prev.date, label: `之前的状态变更「${prev.toStatus}」的日期` }, field);
  if (next) inOrder(field, { date: next.date, label: `之后的状态变更「${next.toStatus}」的日期` });
  if (date === change.date) throw validationError('没有改动：请修改要更正的内容后再保存');
  ctx.ledger.db.update(statusChange).set({ date }).where(eq(statusChange.id, change.id)).run();
  writeRevision(ctx, { subject: ledger, subjectId: entryId, action: 'correct', step: 'status', before: { status: changeWords(change) }, after: { status: changeWords({ ...change, date }) }, reason });
}

/** Refuses a change with later changes resting on it: only the latest may be voided. */
export function requireLatest(found: ReturnType<typeof standingChange>) {
  const { change, next } = found;
  if (next) throw conflict(`「${change.toStatus}」（${change.date}）之后还有状态变更「${next.toStatus}」（${next.date}），只能作废最近一次状态变更`);
}

/** Voids the latest change; the caller puts the entry back in `prev`'s status from `prev`'s date. */
export function voidLatestChange(ctx: ServiceContext, ledger: LedgerName, entryId: number, found: ReturnType<typeof standingChange>, reason: string) {
  const { change } = found;
  requireLatest(found);
  ctx.ledger.db.update(statusChange).set({ voidedOn: ctx.today(), voidReason: reason }).where(eq(statusChange.id, change.id)).run();
  writeRevision(ctx, { subject: ledger, subjectId: entryId, action: 'void', step: 'status', before: { status: changeWords(change) }, after: { status: '（已作废）' }, reason });
}
