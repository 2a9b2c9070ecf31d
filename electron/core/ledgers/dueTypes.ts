// A due item as a ledger computes it; the today list (electron/core/records) adds the person's
// place, the state on the chosen date, and the filters.
import type { DueKind, LedgerName } from '../../../shared/contract/records';

export interface EntryDue {
  kind: DueKind;
  ledger: LedgerName;
  entryId: number;
  /** The person concerned (the household head for 低保). */
  residentId: number | null;
  householdId: number | null;
  dueDate: string;
}
