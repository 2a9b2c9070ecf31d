// A second program writing the same database: N saves through dispatch, each followed by a read,
// as a second window or an IT script would. Prints one JSON line: how many saved, and every refusal.
//   node --import tsx tests/helpers/writerProcess.ts DB GRID_ID TAG COUNT
import { LOCAL_USER } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { dispatch } from '../../electron/core/dispatch';

const [dbPath, gridId, tag, count] = process.argv.slice(2) as [string, string, string, string];
const ledger = openLedger(dbPath);
const ctx = { ledger, caller: LOCAL_USER, today: () => '2026-11-23' };
let saved = 0;
const refused: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const r = await dispatch(ctx, 'household.create', { gridId: Number(gridId), address: `${tag}-${i}`, tags: ['04'] });
  if (r.ok) saved++;
  else refused.push(`${r.error.code}: ${r.error.message}`);
  // A read between the saves keeps this connection switching between reader and writer.
  await dispatch(ctx, 'household.find', { query: '', gridId: Number(gridId), limit: 5 });
}
ledger.close();
process.stdout.write(JSON.stringify({ saved, refused }) + '\n');
