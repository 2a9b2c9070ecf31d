// Installation facts for 设置 and the CLI's `info`.
import type { SystemInfo } from '../../../shared/contract/system';
import type { ServiceContext } from '../context';
import { APP_SCHEMA_VERSION } from '../db/open';
import { APP_NAME, APP_VERSION } from '../version';
import { getTown } from '../town/service';
import { statement } from '../db/statements';

/** The main tables, in the order `info` lists them. Later migrations add theirs here. */
export const MAIN_TABLES = ['town', 'setting', 'village', 'grid', 'staff', 'household', 'resident', 'released_person', 'patient', 'low_income', 'record'] as const;

export function systemInfo(ctx: ServiceContext): SystemInfo {
  const { sqlite } = ctx.ledger;
  const existing = new Set(
    (statement(sqlite, "select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name),
  );
  const counts: Record<string, number> = {};
  for (const table of MAIN_TABLES) {
    if (!existing.has(table)) continue;
    counts[table] = (statement(sqlite, `select count(*) as n from "${table}"`).get() as { n: number }).n;
  }
  return {
    appName: APP_NAME,
    appVersion: APP_VERSION,
    schemaVersion: ctx.ledger.schemaVersion,
    appSchemaVersion: APP_SCHEMA_VERSION,
    dbPath: ctx.ledger.path,
    town: getTown(ctx),
    counts,
  };
}
