// Messages between the job runner (main thread) and its worker.
import type { Channel } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { Caller } from '../context';

/** A channel (a long job), or one of jobs/tasks.ts's helpers a job runs beside itself. */
export type JobWork = { kind: 'channel'; channel: Channel; input: unknown } | { kind: 'task'; task: string; args: unknown };

export interface JobRequest {
  type: 'run';
  /** This worker's own script, so a job can start a task beside itself. */
  workerFile: string;
  dbPath: string;
  /** The open file's SQLCipher key, hex (null for a plain file): passed in memory, never written anywhere. */
  dbKey: string | null;
  caller: Caller;
  today: string;
  work: JobWork;
}

/** `warm`: a spare worker loads and runs once what the month's package uses (jobs/warm.ts) while it waits for a job. */
export type ToWorker = JobRequest | { type: 'cancel' } | { type: 'warm' };

export type FromWorker =
  /** Sent once the worker's modules have loaded: from here on, a failure is the job's, not the worker's. */
  | { type: 'ready' }
  /** The warm-up finished (ok false: it failed, which only costs the next job its loading time). */
  | { type: 'warm'; ok: boolean; message: string }
  | { type: 'progress'; done: number; total: number; stage: string }
  | { type: 'done'; result: Result<unknown> }
  | { type: 'log'; message: string };
