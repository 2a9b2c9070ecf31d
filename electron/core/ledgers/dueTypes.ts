// A due item as a ledger computes it; the today list (electron/core/records) adds the person's
// place, the state on the chosen date, and the filters.
import type { DueKind, LedgerName } from '../../../shared/contract/records';

export interface EntryDue {
  kind: DueKind;
  /** null for 住户走访 (the household is entryId and householdId). */
  ledger: LedgerName | null;
  entryId: number;
  /** The person concerned (the household head for 低保). */
  residentId: number | null;
  householdId: number | null;
  dueDate: string;
}
