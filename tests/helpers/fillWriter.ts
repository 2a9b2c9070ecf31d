// A program saving households until the disk refuses (the parent limits its file size with `ulimit -f` and
// ignores SIGXFSZ, so a write past the limit fails with EFBIG as on a full disk). Prints one JSON line: how
// many saved, and the typed error of the save that failed.
//   node --import tsx tests/helpers/fillWriter.ts DB GRID_ID
import { LOCAL_USER } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { dispatch } from '../../electron/core/dispatch';

const [dbPath, gridId] = process.argv.slice(2) as [string, string];
const ledger = openLedger(dbPath);
const ctx = { ledger, caller: LOCAL_USER, today: () => '2026-11-23' };
let saved = 0;
let error: unknown = null;
for (let i = 0; i < 5000; i++) {
  const r = await dispatch(ctx, 'household.create', { gridId: Number(gridId), address: `满盘路${i}号${'一'.repeat(100)}`, tags: [] });
  if (!r.ok) {
    error = r.error;
    break;
  }
  saved++;
}
try {
  ledger.close();
} catch {
  // closing may fail on the same full disk; the parent checks the file
}
process.stdout.write(JSON.stringify({ saved, error }) + '\n');
