// Long jobs in the worker thread: the main thread answers other channels meanwhile, progress comes
// back, cancel stops the job and leaves no file; a worker that cannot start does not cost the job
// (dispatch runs it itself); one that dies mid-job is a Chinese INTERNAL error.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import { createJobRunner } from '../../electron/core/jobs/runner';
import { newDbKey } from '../../electron/core/security/keyring';
import { ok } from '../helpers/results';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

let t: TempLedger;
let jobs: ServiceContext;
beforeAll(async () => {
  t = openTempLedger();
  await ok(dispatch(t.ctx, 'demo.prepare', {}) as never);
  await ok(dispatch(t.ctx, 'demo.load', { residents: 3000, seed: 4 }) as never);
  jobs = { ...t.ctx, jobs: createJobRunner() };
});
afterAll(() => t.close());

describe('the job worker', () => {
  it('runs an export on its own connection while the main thread keeps answering, with progress', async () => {
    const path = join(t.dir, 'population.xlsx');
    // On the main thread's connection only, the residents are hidden: an export that ran here would be empty.
    t.ctx.ledger.sqlite.exec('create temp view resident as select * from main.resident where 0');
    const progress: number[] = [];
    let exported = false;
    const job = dispatch({ ...jobs, progress: (done) => progress.push(done) }, 'person.export', { path, status: '全部' }).then((r) => {
      exported = true;
      return r;
    });
    // Another window's call is answered before the export is done.
    const town = await dispatch(t.ctx, 'town.get', {});
    expect(town.ok).toBe(true);
    expect(exported).toBe(false);
    const r = await job;
    expect(r).toMatchObject({ ok: true, value: { rows: 3000 } });
    expect(progress.length).toBeGreaterThan(0);
    expect(existsSync(path)).toBe(true);
    t.ctx.ledger.sqlite.exec('drop view temp.resident');
  });

  it('a job on an encrypted database: the worker opens it with the key it is handed in memory', async () => {
    const key = newDbKey();
    const enc = openTempLedger({ key });
    try {
      await ok(dispatch(enc.ctx, 'demo.prepare', {}) as never);
      await ok(dispatch(enc.ctx, 'demo.load', { residents: 200, seed: 5 }) as never);
      const path = join(enc.dir, 'population.xlsx');
      const r = await dispatch({ ...enc.ctx, jobs: createJobRunner() }, 'person.export', { path, status: '全部' });
      expect(r).toMatchObject({ ok: true, value: { rows: 200 } });
      // Nothing beside the database holds the key.
      for (const name of readdirSync(enc.dir)) expect(readFileSync(join(enc.dir, name)).includes(Buffer.from(key.toString('hex')))).toBe(false);
    } finally {
      enc.close();
    }
  });

  it('a cancelled job stops and leaves no file', async () => {
    const path = join(t.dir, 'cancelled.xlsx');
    const controller = new AbortController();
    const job = dispatch({ ...jobs, signal: controller.signal, progress: () => controller.abort() }, 'person.export', { path, status: '全部' });
    const r = await job;
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(existsSync(path)).toBe(false);
  });

  it('a worker that cannot start: the job runs on the main thread instead', async () => {
    const broken = join(t.dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load');\n");
    const logged: string[] = [];
    const path = join(t.dir, 'inline.xlsx');
    const r = await dispatch({ ...t.ctx, jobs: createJobRunner({ workerFile: broken, log: (m) => logged.push(m) }) }, 'person.export', { path, status: '全部' });
    expect(r).toMatchObject({ ok: true, value: { rows: 3000 } });
    expect(logged.join('\n')).toContain('to start');
  });

  it('a worker that dies mid-job is an INTERNAL error in Chinese', async () => {
    const dying = join(t.dir, 'dying-worker.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => process.exit(3));\n");
    const r = await dispatch({ ...t.ctx, jobs: createJobRunner({ workerFile: dying }) }, 'person.export', { path: join(t.dir, 'dead.xlsx'), status: '全部' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).toContain('后台任务意外中止');
  });
});
