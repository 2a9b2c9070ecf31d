// The demo lives in a database file of its own. A setting row marks that file when it is made, and
// demo.load refuses any database without it, so the town's real data can never receive invented people.
import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../context';
import type { Ledger, Sqlite } from '../db/ledger';
import { row } from '../db/query';
import { household, resident, setting, town, village } from '../db/schema';
import { inWrite } from '../db/write';
import { conflict } from '../errors';

export const DEMO_MARKER_KEY = 'workspace.demo';

/** Whether the database carries the demo marker. */
export function isDemoDatabase(sqlite: Sqlite): boolean {
  const marker = row(sqlite, sql<{ value: string }>`select ${setting.value} as value from ${setting} where ${setting.key} = ${DEMO_MARKER_KEY}`);
  return marker?.value === 'true';
}

/** Writes the marker; the caller holds the write transaction. */
export function writeDemoMarker(ledger: Ledger): void {
  const updatedAt = new Date().toISOString();
  ledger.db
    .insert(setting)
    .values({ key: DEMO_MARKER_KEY, value: 'true', updatedAt })
    .onConflictDoUpdate({ target: setting.key, set: { value: 'true', updatedAt } })
    .run();
}

/** demo.load's guard. */
export function requireDemoDatabase(ctx: ServiceContext): void {
  if (isDemoDatabase(ctx.ledger.sqlite)) return;
  throw conflict(
    '当前打开的不是演示数据库，演示数据不会写入这里，以免虚构的人员混入本乡镇的真实数据。请在「设置 → 数据库」中打开演示数据库（命令行中请用一个新的空文件生成演示数据）。',
  );
}

/** demo.prepare: marks an empty database (a new file) as the demo; one with any data is refused. */
export function markEmptyAsDemo(ctx: ServiceContext): { isDemo: true } {
  const { sqlite } = ctx.ledger;
  if (isDemoDatabase(sqlite)) return { isDemo: true };
  const used = row(
    sqlite,
    sql<{ n: number }>`select (select count(*) from ${town}) + (select count(*) from ${village}) + (select count(*) from ${household}) + (select count(*) from ${resident}) as n`,
  )!;
  if (used.n > 0) {
    const name = ctx.ledger.db.select({ name: town.name }).from(town).where(eq(town.id, 1)).get()?.name;
    throw conflict(
      `该数据库已有数据${name ? `（乡镇「${name}」）` : ''}，不能用作演示数据库。演示数据只能放在单独的新文件中，请换一个新的文件名。`,
    );
  }
  inWrite(ctx, () => writeDemoMarker(ctx.ledger));
  return { isDemo: true };
}
