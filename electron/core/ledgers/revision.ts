// One revision per 更正 or 作废 of a record, a ledger step or a ledger entry: the changed fields before and after,
// the reason, when and by whom (ctx.caller). Written inside the write it describes, so both stand or fall together.
import type { RevisionRow } from '../../../shared/contract/records';
import type { ServiceContext } from '../context';
import { revision } from '../db/schema';
import { now } from './common';

export type RevisionSubject = RevisionRow['subject'];
export type Values = Record<string, string | number | boolean | null>;

/** Writes one revision: only the fields that changed, before and after. */
export function writeRevision(
  ctx: ServiceContext,
  r: { subject: RevisionSubject; subjectId: number; action: 'correct' | 'void'; step?: string | null; before: Values; after: Values; reason: string },
) {
  ctx.ledger.db
    .insert(revision)
    .values({
      subject: r.subject, subjectId: r.subjectId, action: r.action, step: r.step ?? null, before: JSON.stringify(r.before), after: JSON.stringify(r.after),
      reason: r.reason, byUser: ctx.caller.userId, byName: ctx.caller.displayName, createdAt: now(),
    })
    .run();
}

/** The fields of `next` that differ from `cur`, as before/after pairs. */
export function diff(cur: Values, next: Values): { before: Values; after: Values } {
  const before: Values = {};
  const after: Values = {};
  for (const key of Object.keys(next)) {
    if ((cur[key] ?? null) === (next[key] ?? null)) continue;
    before[key] = cur[key] ?? null;
    after[key] = next[key] ?? null;
  }
  return { before, after };
}
