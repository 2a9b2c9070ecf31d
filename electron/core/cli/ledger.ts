// A CLI command's session: the database opened with the same context the app gives its services,
// and one way to act on it — calling channels through dispatch as the command's caller. Commands
// never see the context, so none can reach a service around dispatch.
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/result';
import { localToday, type Progress, type ServiceContext } from '../context';
import { openLedger } from '../db/open';
import { AppError } from '../errors';
import { createJobRunner } from '../jobs/runner';
import type { CliEnv, CliIo } from './env';

export const dbOption = z.string({ error: '请用 --db 指定数据库文件' }).min(1, '请用 --db 指定数据库文件');
/** The options report commands share: the month, the pinned today, and no positional arguments. */
export const monthOption = z.string({ error: '请用 --month 指定统计月份（YYYY-MM）' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, '--month 应为 YYYY-MM，如 2026-11');
export const todayOption = dateString('--today（今天的日期）').optional();
export const noPositionals = (what: string) => z.array(z.string()).max(0, `${what} 不接受其他参数`);


export interface CliSession {
  /** Calls a channel as the command's caller; a refusal throws its typed error. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>, progress?: Progress): Promise<ChannelOutput<C>>;
  /** The same for a channel and input only known at run time (`ledger CHANNEL --input JSON`). */
  callAny(channel: Channel, input: unknown): Promise<unknown>;
  /** The date the services take as today (pinned by --today, else the PC's date). */
  today: string;
}

/**
 * Opens the database for one command and closes it when the work is done. Without a database
 * (`import template`), channels that need none run on an empty in-memory one.
 */
export async function withSession<T>(env: CliEnv, dbPath: string | null, fn: (s: CliSession) => T | Promise<T>, today?: string): Promise<T> {
  const ledger = openLedger(dbPath ?? ':memory:');
  const day = today ?? localToday();
  // Long jobs run in a worker as in the app, so the CLI exercises the same path.
  const jobs = dbPath ? createJobRunner({ log: (m) => env.err(`${m}\n`) }) : undefined;
  const base: ServiceContext = { ledger, caller: env.caller, today: () => day, jobs };
  const callAny = async (channel: Channel, input: unknown, progress?: Progress) => {
    const r = await env.dispatch(progress ? { ...base, progress } : base, channel, input, (msg, err) => env.err(`${msg}: ${String((err as Error)?.stack ?? err)}\n`));
    if (!r.ok) throw new RefusedCall(r.error);
    return r.value;
  };
  try {
    return await fn({ call: callAny as CliSession['call'], callAny: (c, i) => callAny(c, i), today: day });
  } finally {
    ledger.close();
  }
}

/** A refused call, keeping every field of its error (a refused import carries its report). */
export class RefusedCall extends AppError {
  readonly report: Record<string, unknown>;
  constructor(readonly info: ErrorInfo) {
    super(info.code, info.message, info.problems);
    const { code: _code, message: _message, ...report } = info;
    this.report = report;
  }
  override toInfo(): ErrorInfo {
    return this.info;
  }
}

/** Progress on stderr for long commands, so --json output on stdout stays one object. */
export function stderrProgress(io: CliIo, label: string): Progress {
  let last = 0;
  let lastStage = '';
  return (done, total, stage) => {
    const now = Date.now();
    if (stage === lastStage && now - last < 500 && done < total) return;
    last = now;
    lastStage = stage;
    io.err(`${label}：${stage} ${done}/${total}\n`);
  };
}
