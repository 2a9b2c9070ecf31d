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

  it('a worker made ready ahead (month.prepare) runs the next job, then none is made again by itself', async () => {
    const logs: string[] = [];
    const runner = createJobRunner({ log: (m) => logs.push(m) });
    try {
      // The 月报 page's call: it answers at once, the worker loads meanwhile.
      expect(await dispatch({ ...t.ctx, jobs: runner }, 'month.prepare', {})).toEqual({ ok: true, value: {} });
      await runner.warm();
      expect(logs.filter((m) => m.includes('warm-up failed'))).toEqual([]);
      const first = await dispatch({ ...t.ctx, jobs: runner }, 'person.export', { path: join(t.dir, 'ahead.xlsx'), status: '全部' });
      expect(first).toMatchObject({ ok: true, value: { rows: 3000 } });
      expect(logs).toContain('job person.export on the worker made ready ahead');
      const second = await dispatch({ ...t.ctx, jobs: runner }, 'person.export', { path: join(t.dir, 'after.xlsx'), status: '全部' });
      expect(second).toMatchObject({ ok: true, value: { rows: 3000 } });
      expect(logs.filter((m) => m.startsWith('job person.export on the worker made ready ahead'))).toHaveLength(1);
    } finally {
      await runner.close();
    }
  });

  it('a spare nobody uses is stopped after its idle time, and by close(); a 只读 caller cannot ask for one', async () => {
    const logs: string[] = [];
    const runner = createJobRunner({ log: (m) => logs.push(m), spareIdleMs: 100 });
    await runner.warm();
    await new Promise((r) => setTimeout(r, 300));
    expect(logs.some((m) => m.startsWith('spare job worker stopped: unused'))).toBe(true);
    const r = await dispatch({ ...t.ctx, jobs: runner }, 'person.export', { path: join(t.dir, 'expired.xlsx'), status: '全部' });
    expect(r.ok).toBe(true);
    expect(logs.some((m) => m.includes('made ready ahead'))).toBe(false);
    await runner.warm();
    await runner.close();
    await dispatch({ ...t.ctx, jobs: runner }, 'person.export', { path: join(t.dir, 'closed.xlsx'), status: '全部' });
    expect(logs.some((m) => m.includes('made ready ahead'))).toBe(false);
    const refused = await dispatch({ ...t.ctx, caller: { ...t.ctx.caller, role: 'readonly' }, jobs: runner }, 'month.prepare', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('job threads run below the main thread: a worker lowers its own priority, the main thread keeps its own', async () => {
    const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    const before = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
    const source = `import { parentPort } from 'node:worker_threads';
      import { readFileSync } from 'node:fs';
      import { lowerThisThread } from ${JSON.stringify(join(import.meta.dirname, '../../electron/core/jobs/priority.ts'))};
      const lowered = lowerThisThread();
      parentPort.postMessage({ lowered, stat: process.platform === 'linux' ? readFileSync('/proc/thread-self/stat', 'utf8') : '' });`;
    const file = join(t.dir, 'nice-worker.mts');
    writeFileSync(file, source);
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(file, { execArgv: ['--import', 'tsx'] });
    const m = await new Promise<{ lowered: boolean; stat: string }>((resolve) => w.once('message', resolve));
    await w.terminate();
    if (process.platform === 'linux') {
      expect(m.lowered).toBe(true);
      expect(niceOf(m.stat)).toBe(10);
      expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(before);
    } else {
      expect(m.lowered).toBe(false);
    }
  });

  it('a worker that dies mid-job is an INTERNAL error in Chinese', async () => {
    const dying = join(t.dir, 'dying-worker.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => process.exit(3));\n");
    const r = await dispatch({ ...t.ctx, jobs: createJobRunner({ workerFile: dying }) }, 'person.export', { path: join(t.dir, 'dead.xlsx'), status: '全部' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).toContain('后台任务意外中止');
  });
});
