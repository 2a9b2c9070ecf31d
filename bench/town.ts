// Databases for the benchmark: the demo town, and fresh copies of its skeleton (town, villages,
// grids, staff) for imports to write into.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_USER, type ServiceContext } from '../electron/core/context';
import { openLedger } from '../electron/core/db/open';

/** A fixed date, so the town (ages, dates) is the same whatever day the bench runs. */
export const BENCH_TODAY = '2026-06-30';
/** The month just ended on the bench's fixed date: the month a town reports. */
export const BENCH_LAST_MONTH = (() => {
  const [y, m] = BENCH_TODAY.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

export function openContext(path: string): ServiceContext {
  return { ledger: openLedger(path), caller: LOCAL_USER, today: () => BENCH_TODAY };
}

export function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

const SKELETON_TABLES = ['town', 'village', 'grid', 'staff', 'staff_grid'] as const;

/** A new database (migrated by openLedger) holding the town's skeleton but no households or residents. */
export function skeletonCopy(sourcePath: string, dir: string, name: string): ServiceContext {
  const path = join(dir, name);
  removeDb(path);
  const ctx = openContext(path);
  const db = ctx.ledger.sqlite;
  db.prepare('attach database ? as src').run(sourcePath);
  db.transaction(() => {
    for (const t of SKELETON_TABLES) db.exec(`insert into main.${t} select * from src.${t}`);
  })();
  db.exec('detach database src');
  return ctx;
}
