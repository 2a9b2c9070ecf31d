// Runs long jobs (imports, exports, the demo, later the monthly package) in a worker thread, so the
// main thread — in Electron, every window — keeps answering while they work. One worker per job.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Result } from '../../../shared/result';
import type { JobRunner, ServiceContext, TaskRunner } from '../context';
import type { FromWorker, JobRequest, JobWork } from './protocol';
import { runTaskHere } from './tasks';

const WORKER_FAILED = '后台任务意外中止，操作未完成。请重试；如仍失败，请把日志发给技术人员。';

export interface JobRunnerOptions {
  /** The worker's script: the built jobWorker.js in the app; the TypeScript source under tsx and tests. */
  workerFile?: string;
  log?: (message: string) => void;
}

/**
 * The worker source beside this file, run through tsx's loader; or a prebuilt bundle of it named by
 * LEDGER_JOB_WORKER (the unit tests build one per run: tests/helpers/bundledWorker.ts).
 */
function defaultWorkerFile(): string {
  return process.env.LEDGER_JOB_WORKER || fileURLToPath(new URL('./worker.ts', import.meta.url));
}

/** The workers' common part: start one, send it the request, relay progress, cancel and logs, settle once. */
function spawner(file: string, log: (message: string) => void) {
  const execArgv = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return (ctx: ServiceContext, label: string, what: JobWork): Promise<Result<unknown> | null> =>
    new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(file, { execArgv });
      } catch (err) {
        log(`job ${label}: no worker (${(err as Error).message}); running it on this thread`);
        resolve(null);
        return;
      }
      let ready = false;
      let settled = false;
      const finish = (r: Result<unknown> | null) => {
        if (settled) return;
        settled = true;
        ctx.signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const onAbort = () => worker.postMessage({ type: 'cancel' });
      if (ctx.signal?.aborted) onAbort();
      ctx.signal?.addEventListener('abort', onAbort);
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') ready = true;
        else if (m.type === 'progress') ctx.progress?.(m.done, m.total, m.stage);
        else if (m.type === 'log') log(m.message);
        else finish(m.result);
      });
      worker.on('error', (err) => {
        log(`job ${label} worker failed${ready ? '' : ' to start'}: ${err.stack ?? String(err)}`);
        finish(ready ? { ok: false, error: { code: 'INTERNAL', message: WORKER_FAILED } } : null);
      });
      worker.on('exit', () => finish(ready ? { ok: false, error: { code: 'INTERNAL', message: WORKER_FAILED } } : null));
      const request: JobRequest = { type: 'run', workerFile: file, dbPath: ctx.ledger.path, dbKey: ctx.ledger.key?.toString('hex') ?? null, caller: ctx.caller, today: ctx.today(), work: what };
      worker.postMessage(request);
    });
}

export function createJobRunner(options: JobRunnerOptions = {}): JobRunner {
  const file = options.workerFile ?? defaultWorkerFile();
  if (!existsSync(file)) throw new Error(`job worker not found: ${file}`);
  const spawn = spawner(file, options.log ?? (() => {}));
  return { run: (ctx, channel, input) => spawn(ctx, channel, { kind: 'channel', channel, input }) };
}

/**
 * Inside a job's worker: a helper of jobs/tasks.ts in a worker of its own, so the job's biggest piece of work runs
 * on the other core. Without a worker, the task runs on this thread.
 */
export function createTaskRunner(workerFile: string, log: (message: string) => void = () => {}): TaskRunner {
  const spawn = spawner(workerFile, log);
  return {
    async runTask(ctx, task, args) {
      return (await spawn(ctx, task, { kind: 'task', task, args })) ?? runTaskHere(ctx, task, args);
    },
  };
}
