// Figures derived from the whole town, kept per connection while nothing in the database has changed: the home
// page, the today list, the 报表 page and the map all ask for the same answers again and again, and on a town of
// 100,000 each costs 50–150 ms. "Nothing changed" is SQLite's own word for it: data_version moves when another
// connection (the job worker, the CLI, a second window) commits, total_changes() when this one writes (less the
// rows it wrote for the audit log: recording a view changes no figure). Nothing is kept from inside a
// transaction, which could still be rolled back. A kept value is shared by every caller, so it is never changed.
import { auditRowsWritten } from '../audit/log';
import type { Sqlite } from './ledger';
import { statement } from './statements';

const kept = new WeakMap<object, Map<string, { mark: string; value: unknown }>>();

/** This connection's view of the database: the same mark means nothing changed. Null inside a transaction. */
function changeMark(sqlite: Sqlite): string | null {
  if (sqlite.inTransaction) return null;
  const changes = (statement(sqlite, 'select total_changes()').pluck().get() as number) - auditRowsWritten(sqlite);
  return `${sqlite.pragma('data_version', { simple: true })}:${changes}`;
}

/**
 * `compute()`, or the value it gave last time on this connection for the same `name` and `key` (the date, the
 * caller's scope …) when nothing has changed since. One value per name and connection.
 */
export function keptWhileUnchanged<T>(sqlite: Sqlite, name: string, key: string, compute: () => T): T {
  const mark = changeMark(sqlite);
  if (mark === null) return compute();
  const full = `${mark}:${key}`;
  let byName = kept.get(sqlite);
  if (!byName) kept.set(sqlite, (byName = new Map()));
  const hit = byName.get(name);
  if (hit?.mark === full) return hit.value as T;
  const value = compute();
  byName.set(name, { mark: full, value });
  return value;
}
