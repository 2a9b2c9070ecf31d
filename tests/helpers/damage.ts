// A database damaged as only the full integrity_check sees: the index on resident.grid_id made to claim it is on
// household_id, so its entries no longer match the rows. quick_check (the check at open) does not compare an index
// with its table. The file must be closed by every connection first.
import Database from 'better-sqlite3-multiple-ciphers';

export function misdeclareResidentIndex(path: string): void {
  const raw = new Database(path);
  try {
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    const index = raw.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'resident' and sql like '%(%grid_id%)%' limit 1`).get() as { name: string; sql: string };
    raw.prepare('update sqlite_master set sql = ? where name = ?').run(index.sql.replace(/grid_id/, 'household_id'), index.name);
    raw.pragma('writable_schema = OFF');
  } finally {
    raw.close();
  }
}
