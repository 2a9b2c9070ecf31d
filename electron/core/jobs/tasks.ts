// Helpers a long job runs beside itself in a worker of its own (runner.ts createTaskRunner), so a job's biggest
// pieces of work use the PC's other core: the month's package writes the 实有人口 ledger (100,000 rows) and takes
// its verified backup while it makes its tables and PDFs. A task reads through the caller's scope as a channel
// would and gets the job's progress and cancel; its arguments cross a thread, so they are checked here.
import { z } from 'zod';
import type { Result } from '../../../shared/result';
import { LEDGER_IDS } from '../../../shared/reports/ledgers';
import type { ServiceContext } from '../context';
import { toErrorInfo } from '../errors';
import { writeLedgerBook } from '../reports/ledgerBooks';
import { verifiedCopyHere } from '../backup/service';
import { BACKGROUND_NICE } from './priority';
import { BACKUP_KINDS } from '../backup/store';

const TASKS = {
  /** One ledger workbook dated the package's generation time, written to `path`. */
  ledgerBook: {
    args: z.object({ kind: z.enum(LEDGER_IDS), path: z.string().min(1), generatedAt: z.string() }).strict(),
    run: (ctx: ServiceContext, a: { kind: (typeof LEDGER_IDS)[number]; path: string; generatedAt: string }) => writeLedgerBook(ctx, a.kind, a.path, { generatedAt: a.generatedAt }),
  },
  /** The copy of a backup, verified, under a temporary name: the job checks the live file meanwhile and places it (backup/service.ts). */
  backupCopy: {
    // Needed only at the freeze, ~1.5 s after it is usually done: it yields the cores to the job and the ledger.
    nice: BACKGROUND_NICE,
    args: z.object({ kind: z.enum(BACKUP_KINDS) }).strict(),
    run: async (ctx: ServiceContext, a: { kind: (typeof BACKUP_KINDS)[number] }) => verifiedCopyHere(ctx, a.kind),
  },
} as const;
export type TaskName = keyof typeof TASKS;

/** The priority a task's own worker runs at: below the job's threads for work that is waited for last. */
export function taskNice(name: string): number | undefined {
  const t = (TASKS as Record<string, { nice?: number } | undefined>)[name];
  return t?.nice;
}
export type TaskArgs<T extends TaskName> = z.input<(typeof TASKS)[T]['args']>;

/** Runs a task on this thread: in the task's worker, or where no worker could start. */
export async function runTaskHere(ctx: ServiceContext, name: string, args: unknown): Promise<Result<unknown>> {
  try {
    const task = (TASKS as Record<string, { args: z.ZodType; run: (c: ServiceContext, a: never) => Promise<unknown> } | undefined>)[name];
    if (!task) return { ok: false, error: { code: 'INTERNAL', message: `未知的后台任务「${name.slice(0, 40)}」` } };
    const parsed = task.args.safeParse(args);
    if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: `后台任务「${name}」的参数不正确` } };
    const scope = ctx.caller.villageScope;
    const scoped = scope === null ? ctx : { ...ctx, ledger: ctx.ledger.scoped(scope) };
    return { ok: true, value: await task.run(scoped, parsed.data as never) };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

/** Typed entry for a job: beside it when a task runner is there, else here (the CLI without workers, tests). */
export async function runTask<T extends TaskName>(ctx: ServiceContext, name: T, args: TaskArgs<T>): Promise<Result<unknown>> {
  return ctx.tasks ? ctx.tasks.runTask(ctx, name, args) : runTaskHere(ctx, name, args);
}
