// The one transaction of a write is dispatch's (an immediate transaction around the whole channel),
// so a failure anywhere in a service rolls back everything the call did. Services mark their
// multi-statement writes with inWrite, which refuses to run outside that transaction: a write
// reached around dispatch is a bug, not a half-saved record.
import type { ServiceContext } from '../context';

export function inWrite<T>(ctx: ServiceContext, fn: () => T): T {
  if (!ctx.ledger.sqlite.inTransaction) throw new Error('a write ran outside the transaction dispatch opens for every write channel');
  return fn();
}
