// The worker thread of a long job: its own connection to the same file (WAL lets it read and write
// beside the main thread's), the same dispatch with the same caller, progress and cancel by message.
// It runs one job and exits, so nothing of the job's memory outlives it.
import { parentPort } from 'node:worker_threads';
import type { ServiceContext } from '../context';
import { openLedger } from '../db/open';
import { dispatch } from '../dispatch';
import { toErrorInfo } from '../errors';
import type { FromWorker, ToWorker } from './protocol';
import { createTaskRunner } from './runner';
import { runTaskHere, taskNice } from './tasks';
import { lowerThisThread } from './priority';
import { warmUp } from './warm';

const port = parentPort;
if (!port) throw new Error('jobs/worker.ts runs only as a worker thread');
const post = (m: FromWorker) => port.postMessage(m);
const controller = new AbortController();
lowerThisThread();
post({ type: 'ready' });

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    controller.abort();
    return;
  }
  if (m.type === 'warm') {
    void warmUp().then(
      () => post({ type: 'warm', ok: true, message: '' }),
      (err: unknown) => post({ type: 'warm', ok: false, message: String((err as Error)?.stack ?? err) }),
    );
    return;
  }
  void (async () => {
    let result;
    try {
      // The main thread has this file open and checked it at open: no second quick_check (db/open.ts).
      const ledger = openLedger(m.dbPath, { key: m.dbKey ? Buffer.from(m.dbKey, 'hex') : null, checkedByMain: true });
      try {
        const ctx: ServiceContext = {
          ledger,
          caller: m.caller,
          today: () => m.today,
          signal: controller.signal,
          progress: (done, total, stage) => post({ type: 'progress', done, total, stage }),
        };
        const log = (message: string, err?: unknown) => post({ type: 'log', message: err === undefined ? message : `${message}: ${String((err as Error)?.stack ?? err)}` });
        if (m.work.kind === 'channel') {
          // A job may run one task beside itself (no deeper: a task gets no runner).
          ctx.tasks = createTaskRunner(m.workerFile, log);
          result = await dispatch(ctx, m.work.channel, m.work.input, log);
        } else {
          const nice = taskNice(m.work.task);
          if (nice !== undefined) lowerThisThread(nice);
          result = await runTaskHere(ctx, m.work.task, m.work.args);
          // Relayed to the app's log through the job's worker: which work ran beside the job, and how it ended.
          log(`task ${m.work.task} ran in a worker of its own: ${result.ok ? 'done' : result.error.code}`);
        }
      } finally {
        ledger.close();
      }
    } catch (err) {
      result = { ok: false as const, error: toErrorInfo(err) };
    }
    post({ type: 'done', result });
    port.close();
  })();
});
