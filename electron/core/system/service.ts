// Installation facts for 设置 and the CLI's `info`.
import { getTableName, sql } from 'drizzle-orm';
import type { SystemInfo } from '../../../shared/contract/system';
import type { ServiceContext } from '../context';
import { APP_SCHEMA_VERSION } from '../db/open';
import { row, rows } from '../db/query';
import { grid, household, lowIncome, patient, record, releasedPerson, resident, setting, staff, town, village } from '../db/schema';
import { APP_NAME, APP_VERSION } from '../version';
import { getTown } from '../town/service';

/** The main tables, in the order `info` lists them (counted under their SQL names). Later migrations add theirs here. */
export const MAIN_TABLES = [town, setting, village, grid, staff, household, resident, releasedPerson, patient, lowIncome, record] as const;

export function systemInfo(ctx: ServiceContext): SystemInfo {
  const { sqlite } = ctx.ledger;
  // The catalog, not a schema table: which of the main tables this file has.
  const existing = new Set(rows(sqlite, sql<{ name: string }>`select name from sqlite_master where type = 'table'`).map((r) => r.name));
  const counts: Record<string, number> = {};
  for (const table of MAIN_TABLES) {
    const name = getTableName(table);
    if (!existing.has(name)) continue;
    counts[name] = row(sqlite, sql<{ n: number }>`select count(*) as n from ${table}`)!.n;
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
