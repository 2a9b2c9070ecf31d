// Runs long jobs (imports, exports, the demo, later the monthly package) in a worker thread, so the
// main thread — in Electron, every window — keeps answering while they work. One worker per job.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Channel } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { JobRunner, ServiceContext } from '../context';
import type { FromWorker, JobRequest } from './protocol';

const WORKER_FAILED = '后台任务意外中止，操作未完成。请重试；如仍失败，请把日志发给技术人员。';

export interface JobRunnerOptions {
  /** The worker's script: the built jobWorker.js in the app; the TypeScript source under tsx and tests. */
  workerFile?: string;
  log?: (message: string) => void;
}

/** The worker source beside this file; run through tsx's loader when it is TypeScript. */
function defaultWorkerFile(): string {
  return fileURLToPath(new URL('./worker.ts', import.meta.url));
}

export function createJobRunner(options: JobRunnerOptions = {}): JobRunner {
  const file = options.workerFile ?? defaultWorkerFile();
  if (!existsSync(file)) throw new Error(`job worker not found: ${file}`);
  const execArgv = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const log = options.log ?? (() => {});

  return {
    run(ctx: ServiceContext, channel: Channel, input: unknown): Promise<Result<unknown> | null> {
      return new Promise((resolve) => {
        let worker: Worker;
        try {
          worker = new Worker(file, { execArgv });
        } catch (err) {
          log(`job ${channel}: no worker (${(err as Error).message}); running it on the main thread`);
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
          log(`job ${channel} worker failed${ready ? '' : ' to start'}: ${err.stack ?? String(err)}`);
          // A worker that never started (its script cannot load, e.g. from a packed archive) is no
          // reason to refuse the job: dispatch runs it itself. One that failed mid-job reports it.
          finish(ready ? { ok: false, error: { code: 'INTERNAL', message: WORKER_FAILED } } : null);
        });
        worker.on('exit', () => finish(ready ? { ok: false, error: { code: 'INTERNAL', message: WORKER_FAILED } } : null));
        const request: JobRequest = { type: 'run', dbPath: ctx.ledger.path, dbKey: ctx.ledger.key?.toString('hex') ?? null, caller: ctx.caller, today: ctx.today(), channel, input };
        worker.postMessage(request);
      });
    },
  };
}
