// The schema only grows. Ledgers are never hard-deleted, so neither is their schema: replaying the
// real migration list one by one, every table and column that existed after migration k (and could
// have held data) must still exist, with the same name, after every later one. A migration that
// drops or renames one fails here. Also: every table that holds a village's data is shadowed by the
// scope layer, so a new table cannot leak past a village-scoped caller.
import { join } from 'node:path';
import { getTableName, getTableColumns } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../electron/core/db/open';
import { migrations, type EmbeddedMigration } from '../../electron/core/db/migrations';
import * as schema from '../../electron/core/db/schema';
import { SCOPED_TABLES } from '../../electron/core/db/scope';
import { FTS_TABLES, RETIRED_SEARCH_TABLES, SEARCH_INDEX_TABLES } from '../../electron/core/db/searchIndex';
import { tempDir } from '../helpers/tempLedger';

const dir = tempDir();
afterAll(() => dir.cleanup());

type Shape = Map<string, Set<string>>;

function shapeAfter(list: EmbeddedMigration[], name: string): Shape {
  const ledger = openLedger(join(dir.dir, `${name}.db`), { migrationList: list });
  try {
    const db = ledger.sqlite;
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[];
    return new Map(tables.map((t) => [t, new Set(db.prepare(`select name from pragma_table_info(?)`).pluck().all(t) as string[])]));
  } finally {
    ledger.close();
  }
}

/** What `later` lost of `earlier`: tables and table.columns. A search table that was replaced held nothing of its own. */
export function lost(earlier: Shape, later: Shape): string[] {
  const gone: string[] = [];
  for (const [table, columns] of earlier) {
    if (RETIRED_SEARCH_TABLES.includes(table)) continue;
    const now = later.get(table);
    if (!now) {
      gone.push(table);
      continue;
    }
    for (const c of columns) if (!now.has(c)) gone.push(`${table}.${c}`);
  }
  return gone;
}

describe('schema guard', () => {
  const shapes = migrations.map((_, k) => shapeAfter(migrations.slice(0, k + 1), `v${k + 1}`));

  it.each(migrations.slice(1).map((m, i) => [m.tag, i + 1]))('migration %s keeps every table and column before it', (_tag, k) => {
    expect(lost(shapes[(k as number) - 1]!, shapes[k as number]!)).toEqual([]);
  });

  it('catches a migration that drops or renames a column', () => {
    const renaming: EmbeddedMigration = { version: migrations.length + 1, tag: '9999_rename', hash: 'x', statements: ['ALTER TABLE `resident` RENAME COLUMN `phone` TO `mobile`;', 'DROP TABLE `setting`;'] };
    const after = shapeAfter([...migrations, renaming], 'renamed');
    expect(lost(shapes.at(-1)!, after)).toEqual(['setting', 'resident.phone']);
  });

  it('the schema in schema.ts is what the migrations build', () => {
    const built = shapes.at(-1)!;
    const checked: string[] = [];
    for (const table of Object.values(schema)) {
      if (typeof table !== 'object' || table === null || !(Symbol.for('drizzle:Name') in table)) continue;
      const name = getTableName(table as never);
      const columns = Object.values(getTableColumns(table as never)).map((c) => (c as { name: string }).name);
      expect(built.get(name), name).toBeDefined();
      expect([...built.get(name)!].sort(), name).toEqual([...columns].sort());
      checked.push(name);
    }
    // all but schema_migration, which open.ts keeps, and the search index (db/searchIndex.ts), which its migration keeps
    const searchIndex = [...built.keys()].filter((name) => SEARCH_INDEX_TABLES.includes(name));
    expect(searchIndex.sort()).toEqual(SEARCH_INDEX_TABLES.filter((name) => built.has(name)).sort());
    expect(checked.length).toBe(built.size - 1 - searchIndex.length);
  });

  it('every table with a village’s data is shadowed by the scope layer', () => {
    // Town-wide tables: settings and the town itself, and the migration log.
    // FTS5's shadow tables are read only by their virtual table, which is shadowed itself.
    const shadows = SEARCH_INDEX_TABLES.filter((name) => !FTS_TABLES.includes(name as never) && name !== 'resident_name_part' && name !== 'resident_number_term');
    // The month's package, the letters and the county forms are the town's, not a village's; the
    // accounts and the audit log are the administrator's (their channels are admin-only and town-wide).
    // The working-day calendar and the town's own event categories are town-wide code tables (issue 12).
    const townWide = new Set(['town', 'setting', 'schema_migration', 'report_month', 'report_month_file', 'report_month_event', 'month_note', 'letter_template', 'county_form', 'app_user', 'user_village', 'audit_log', 'calendar_day', 'event_category', ...shadows]);
    const tables = [...shapes.at(-1)!.keys()];
    expect(tables.filter((t) => !townWide.has(t) && !SCOPED_TABLES.includes(t))).toEqual([]);
  });
});
