// A CLI command's session: the database opened with the same context the app gives its services,
// and one way to act on it — calling channels through dispatch as the command's caller. Commands
// never see the context, so none can reach a service around dispatch.
import { z } from 'zod';
import { dateString } from '../../../shared/contract/common';
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/result';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { completeLogin, unlockWithPassword, unlockWithRecovery } from '../accounts/login';
import { callerOf } from '../accounts/session';
import { localToday, type Caller, type Progress, type ServiceContext } from '../context';
import { openLedger, type Ledger } from '../db/open';
import { isProtected, resumeProtection } from '../security/encrypt';
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
  const { ledger, caller } = dbPath ? openForCli(env, dbPath) : { ledger: openLedger(':memory:'), caller: env.caller };
  const day = today ?? localToday();
  // Long jobs run in a worker as in the app, so the CLI exercises the same path.
  const jobs = dbPath ? createJobRunner({ log: (m) => env.err(`${m}\n`) }) : undefined;
  const base: ServiceContext = { ledger, caller, today: () => day, jobs };
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

/** A secret from its file: the whole file but a final line break (a password may hold spaces). */
export function readSecretFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError('NOT_FOUND', `无法读取${what}文件「${path}」（${(err as NodeJS.ErrnoException).code ?? '读取失败'}）。`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (!secret) throw new AppError('VALIDATION', `${what}文件「${path}」是空的。`);
  return secret;
}

/**
 * The database for a command: a plain file as before (the caller of --as-village); a protected one
 * only with --user/--password-file (that account, its role and villages) or --recovery-file.
 */
function openForCli(env: CliEnv, dbPath: string): { ledger: Ledger; caller: Caller } {
  resumeProtection(dbPath);
  if (!isProtected(dbPath)) return { ledger: openLedger(dbPath), caller: env.caller };
  const unlock = env.unlock ?? {};
  if (unlock.recoveryFile) {
    const key = unlockWithRecovery(dbPath, readSecretFile(unlock.recoveryFile, '恢复码'));
    if (!key) throw new AppError('WRONG_KEY', '恢复码不正确，无法打开加密的数据库。');
    return { ledger: openLedger(dbPath, { key }), caller: RECOVERY_CALLER };
  }
  if (!unlock.user || !unlock.passwordFile) {
    throw new AppError('UNAUTHENTICATED', `数据库「${basename(dbPath)}」已加密保护，请用 --user 登录名 --password-file 存放密码的文件（或 --recovery-file 存放恢复码的文件）打开。`);
  }
  const key = unlockWithPassword(dbPath, unlock.user, readSecretFile(unlock.passwordFile, '密码'));
  const ledger = openLedger(dbPath, { key });
  try {
    const user = completeLogin(ledger, unlock.user, new Date(), 'cli');
    // As in the app: an initial or reset password is changed before anything else.
    if (user.mustChangePassword) {
      throw new AppError('UNAUTHENTICATED', `账号「${user.loginName}」须先修改初始密码：user passwd ${user.loginName} --db 数据库 --user ${user.loginName} --password-file 原密码文件 --new-password-file 新密码文件（或在程序中登录后修改）。`);
    }
    return { ledger, caller: callerOf(user) };
  } catch (err) {
    ledger.close();
    throw err;
  }
}

/** Whoever holds the recovery code holds the whole town: administrator, named so in the audit log. */
const RECOVERY_CALLER: Caller = { userId: 'recovery', displayName: '恢复码', role: 'admin', villageScope: null };

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
