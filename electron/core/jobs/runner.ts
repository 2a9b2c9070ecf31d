// Runs long jobs (imports, exports, the demo, the monthly package) in a worker thread, so the main thread — in
// Electron, every window — keeps answering while they work. One worker per job: it exits after its job, so nothing
// of a job's memory outlives it.
//
// A page that is about to start a heavy job (月报) asks for a worker ahead (`warm()`, channel month.prepare): its
// modules loaded and the libraries the month's package uses (exceljs, pdfmake and the fonts, ECharts, pdf-lib)
// loaded and run once (jobs/warm.ts). The next job then starts on it without ~1 s of loading and first-run
// compiling on its critical path. The spare holds no data of any job, is unref'd (an idle spare never keeps a
// process alive) and is stopped when nobody used it for SPARE_IDLE_MS; it is not made again after a job by itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Result } from '../../../shared/result';
import type { JobRunner, ServiceContext, TaskRunner } from '../context';
import type { FromWorker, JobRequest, JobWork } from './protocol';
import { runTaskHere } from './tasks';

const WORKER_FAILED = '后台任务意外中止，操作未完成。请重试；如仍失败，请把日志发给技术人员。';

/** A spare nobody used is stopped after this long: it holds ~150 MB (fonts, libraries) for a job that did not come. */
export const SPARE_IDLE_MS = 10 * 60_000;

export interface JobRunnerOptions {
  /** The worker's script: the built jobWorker.js in the app; the TypeScript source under tsx and tests. */
  workerFile?: string;
  log?: (message: string) => void;
  /** How long an unused spare is kept (SPARE_IDLE_MS; tests shorten it). */
  spareIdleMs?: number;
}

/**
 * The worker source beside this file, run through tsx's loader; or a prebuilt bundle of it named by
 * LEDGER_JOB_WORKER (the unit tests build one per run: tests/helpers/bundledWorker.ts).
 */
function defaultWorkerFile(): string {
  return process.env.LEDGER_JOB_WORKER || fileURLToPath(new URL('./worker.ts', import.meta.url));
}

/** A started worker: whether its modules loaded, and the job that is listening to it. */
interface Started {
  worker: Worker;
  ready: boolean;
  warmed: Promise<void>;
  /** The job it runs; messages before one is attached (ready, warm) need none. */
  job: ((m: FromWorker) => void) | null;
  /** Its failure or exit, for the job that runs on it (or for the runner while it is a spare). */
  ended: ((why: 'error' | 'exit', err?: Error) => void) | null;
}

function startWorker(file: string, log: (message: string) => void, label: string): Started | null {
  const execArgv = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
  let worker: Worker;
  try {
    worker = new Worker(file, { execArgv });
  } catch (err) {
    log(`job ${label}: no worker (${(err as Error).message}); running it on this thread`);
    return null;
  }
  let warmedNow: () => void = () => {};
  const s: Started = { worker, ready: false, warmed: new Promise<void>((r) => (warmedNow = r)), job: null, ended: null };
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'ready') s.ready = true;
    else if (m.type === 'warm') {
      warmedNow();
      if (!m.ok) log(`job worker warm-up failed: ${m.message}`);
    } else if (m.type === 'log' && !s.job) log(m.message);
    else s.job?.(m);
  });
  worker.on('error', (err) => {
    warmedNow();
    if (s.ended) s.ended('error', err);
    else log(`job worker failed${s.ready ? '' : ' to start'}: ${err.stack ?? String(err)}`);
  });
  worker.on('exit', () => {
    warmedNow();
    s.ended?.('exit');
  });
  return s;
}

/** Runs one piece of work on a started worker: sends it the request, relays progress, cancel and logs, settles once. */
function runOn(s: Started, ctx: ServiceContext, label: string, what: JobWork, file: string, log: (message: string) => void): Promise<Result<unknown> | null> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Result<unknown> | null) => {
      if (settled) return;
      settled = true;
      ctx.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = () => s.worker.postMessage({ type: 'cancel' });
    if (ctx.signal?.aborted) onAbort();
    ctx.signal?.addEventListener('abort', onAbort);
    s.job = (m) => {
      if (m.type === 'progress') ctx.progress?.(m.done, m.total, m.stage);
      else if (m.type === 'log') log(m.message);
      else if (m.type === 'done') finish(m.result);
    };
    s.ended = (why, err) => {
      if (why === 'error') log(`job ${label} worker failed${s.ready ? '' : ' to start'}: ${err?.stack ?? String(err)}`);
      finish(s.ready ? { ok: false, error: { code: 'INTERNAL', message: WORKER_FAILED } } : null);
    };
    s.worker.ref();
    const request: JobRequest = { type: 'run', workerFile: file, dbPath: ctx.ledger.path, dbKey: ctx.ledger.key?.toString('hex') ?? null, caller: ctx.caller, today: ctx.today(), work: what };
    s.worker.postMessage(request);
  });
}

export interface AppJobRunner extends JobRunner {
  /** Starts the spare (if none is there), keeps it SPARE_IDLE_MS from now, and resolves once it has warmed up. */
  warm(): Promise<void>;
  /** Stops the spare (the app quitting, a test ending). */
  close(): Promise<void>;
}

export function createJobRunner(options: JobRunnerOptions = {}): AppJobRunner {
  const file = options.workerFile ?? defaultWorkerFile();
  if (!existsSync(file)) throw new Error(`job worker not found: ${file}`);
  const log = options.log ?? (() => {});
  let spare: Started | null = null;
  let expiry: NodeJS.Timeout | null = null;
  let closed = false;

  const dropSpare = () => {
    if (expiry) clearTimeout(expiry);
    expiry = null;
    const s = spare;
    spare = null;
    return s;
  };

  return {
    async run(ctx, channel, input) {
      let s = dropSpare();
      if (s) {
        s.ended = null;
        log(`job ${channel} on the worker made ready ahead`);
      }
      s ??= startWorker(file, log, channel);
      if (!s) return null;
      return runOn(s, ctx, channel, { kind: 'channel', channel, input }, file, log);
    },
    async warm() {
      if (closed) return;
      if (!spare) {
        const s = startWorker(file, log, 'spare');
        if (!s) return;
        // Kept alive while it warms up (someone may be waiting for it: the CLI, the bench), let go once ready.
        void s.warmed.then(() => {
          if (spare === s) s.worker.unref();
        });
        s.ended = () => {
          if (spare === s) dropSpare();
        };
        s.worker.postMessage({ type: 'warm' });
        spare = s;
      }
      // Asked again: the spare is wanted for longer.
      if (expiry) clearTimeout(expiry);
      const kept = spare;
      const idle = options.spareIdleMs ?? SPARE_IDLE_MS;
      expiry = setTimeout(() => {
        if (spare !== kept) return;
        log(`spare job worker stopped: unused for ${Math.round(idle / 1000)} s`);
        void dropSpare()?.worker.terminate();
      }, idle);
      expiry.unref();
      await kept.warmed;
    },
    async close() {
      closed = true;
      await dropSpare()?.worker.terminate();
    },
  };
}

/**
 * Inside a job's worker: a helper of jobs/tasks.ts in a worker of its own, so the job's biggest piece of work runs
 * on the other core. Without a worker, the task runs on this thread.
 */
export function createTaskRunner(workerFile: string, log: (message: string) => void = () => {}): TaskRunner {
  return {
    async runTask(ctx, task, args) {
      const s = startWorker(workerFile, log, task);
      const r = s ? await runOn(s, ctx, task, { kind: 'task', task, args }, workerFile, log) : null;
      return r ?? runTaskHere(ctx, task, args);
    },
  };
}
