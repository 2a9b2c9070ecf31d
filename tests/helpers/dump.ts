// Whole-database dumps for "nothing was written" checks. The search index has a WITHOUT ROWID table
// (resident_name_part): it has no rowid to order by, and is read in its primary-key order instead.
import { createHash } from 'node:crypto';
import type { Sqlite } from '../../electron/core/db/open';

/** The main database's tables by name (virtual ones and FTS5's shadow tables included), and whether each has a rowid. */
export function tableList(db: Sqlite): { name: string; withoutRowid: boolean; ordinary: boolean }[] {
  return (
    db.prepare("select name, type, wr from pragma_table_list where schema = 'main' and type in ('table', 'virtual', 'shadow') and name not like 'sqlite_%' order by name").all() as {
      name: string;
      type: string;
      wr: number;
    }[]
  ).map((x) => ({ name: x.name, withoutRowid: x.wr === 1, ordinary: x.type === 'table' }));
}

/** `select *` of one table in a stable order. */
export function orderedRows(db: Sqlite, name: string, raw = false): unknown[] {
  const withoutRowid = tableList(db).find((x) => x.name === name)?.withoutRowid ?? false;
  const stmt = db.prepare(`select * from main."${name}"${withoutRowid ? '' : ' order by rowid'}`);
  return raw ? stmt.raw().all() : stmt.all();
}

const hashPlans = new WeakMap<Sqlite, { schema: number; statements: { name: string; all: () => unknown[] }[] }>();

/**
 * A hash of the database's logical content (every table's rows, in a stable order), for "nothing was
 * written" checks run thousands of times: the statements are prepared once per schema version.
 */
export function logicalHash(db: Sqlite): string {
  const schema = db.pragma('schema_version', { simple: true }) as number;
  let plan = hashPlans.get(db);
  if (!plan || plan.schema !== schema) {
    const statements = tableList(db).map(({ name, withoutRowid }) => {
      const stmt = db.prepare(`select * from main."${name}"${withoutRowid ? '' : ' order by rowid'}`).raw();
      return { name, all: () => stmt.all() };
    });
    plan = { schema, statements };
    hashPlans.set(db, plan);
  }
  const h = createHash('sha256');
  for (const s of plan.statements) h.update(s.name).update(JSON.stringify(s.all()));
  return h.digest('hex');
}

/**
 * Every table's rows except the audit log and its head (setting `audit.head`): "the data is as it was" for calls
 * that, by design, leave an audit entry while changing nothing else (an export, an import that skipped every row).
 */
export function dataDump(db: Sqlite): string {
  return JSON.stringify(
    tableList(db)
      .filter(({ name }) => name !== 'audit_log')
      .map(({ name }) => [name, name === 'setting' ? (orderedRows(db, name) as { key: string }[]).filter((r) => r.key !== 'audit.head') : orderedRows(db, name)]),
  );
}
