// The built job worker (out/main/jobWorker.js, what Electron ships) starts and answers: a bundle that cannot load
// (an import Node refuses, say the chinese-days JSON without its import attribute) would otherwise send every
// import, export and package back to the main thread, or stop the app at start, while the TypeScript sources pass.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { LOCAL_USER, type ServiceContext } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { openLedger } from '../../electron/core/db/open';
import { createJobRunner } from '../../electron/core/jobs/runner';

const built = join(import.meta.dirname, '..', '..', 'out', 'main', 'jobWorker.js');

test('the built job worker loads and runs a channel and a package part beside it', async () => {
  expect(existsSync(built), '先运行 electron-vite build').toBe(true);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-built-worker-'));
  const ledger = openLedger(join(dir, 'ledger.db'));
  try {
    const ctx: ServiceContext = { ledger, caller: LOCAL_USER, today: () => '2026-12-05' };
    expect((await call(ctx, 'town.setup', { name: '城关镇', code: '320121100000' })).ok).toBe(true);
    // Set up earlier in the year, so last month can be reported whatever the clock says.
    ledger.sqlite.prepare("update town set created_at = '2026-01-05T08:00:00.000Z'").run();
    const logs: string[] = [];
    const jobs = createJobRunner({ workerFile: built, log: (m) => logs.push(m) });
    // null would mean the worker did not start (the app then runs the job on its main thread).
    const town = await jobs.run(ctx, 'town.get', {});
    expect(town, logs.join('\n')).toMatchObject({ ok: true, value: { name: '城关镇' } });
    const pkg = await call({ ...ctx, jobs }, 'month.package', { month: '2026-11', dir, zip: false });
    expect(pkg.ok, JSON.stringify(pkg).slice(0, 300)).toBe(true);
    expect(logs).toContain('task ledgerBook ran in a worker of its own: done');
  } finally {
    ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
