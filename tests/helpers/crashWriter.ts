// The writer that crashKill.test.ts kills with SIGKILL. It loads, prints "loaded", waits for "go" on stdin (so
// the parent can start the next writer while it checks the last one), opens the encrypted database with the key
// from LEDGER_TEST_KEY (hex; a test key, never a real one) and writes until it is killed, printing the id of every
// transaction right after it committed:
//   H <address>        a household saved through the people service in an immediate transaction (as dispatch does)
//   I <file>           a residents import committed (heavy mode, through dispatch: one transaction, all or nothing)
//   M <month>          a month package generated and the month frozen (heavy mode, through dispatch)
// Records mode loads only the database and the people service, so it starts in a fraction of the heavy mode's time.
//   node out/crash-writer.mjs DB GRID_ID TAG [HEAVY_BUNDLE XLSX PKG_DIR]
import { createInterface } from 'node:readline';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { createHousehold } from '../../electron/core/people/service';
import type * as HeavyModuleNs from './crashWriterHeavy';

type HeavyModule = typeof HeavyModuleNs;

const [dbPath, gridId, tag, heavyBundle, xlsx, pkgDir] = process.argv.slice(2) as [string, string, string, string?, string?, string?];
const say = (line: string) => process.stdout.write(line + '\n');

const rl = createInterface({ input: process.stdin });
say('loaded');
rl.once('line', async () => {
  const key = Buffer.from(process.env.LEDGER_TEST_KEY ?? '', 'hex');
  const ledger = openLedger(dbPath, { key, backupBeforeMigration: false });
  const ctx: ServiceContext = { ledger, caller: LOCAL_USER, today: () => '2026-11-23' };
  say('open');
  if (heavyBundle) {
    // A bundle of its own (crashWriterHeavy.ts), loaded only here: dispatch brings every domain (imports, reports, PDFs).
    const { heavy } = (await import(heavyBundle)) as HeavyModule;
    await heavy(ctx, xlsx!, pkgDir!, say);
  }
  for (let i = 0; ; i++) {
    const address = `${tag}-${i}`;
    ledger.sqlite.transaction(() => createHousehold(ctx, { gridId: Number(gridId), address, note: '', tags: [] })).immediate();
    say(`H ${address}`);
  }
});
