// The one way in. UI (through electron/main), CLI, demo, bench and tests all call channels here with
// a caller. In one place, from each channel's declaration (shared/contract/define.ts):
//  - validate the input, and the output before it leaves;
//  - village scope: a town-wide channel refuses a scoped caller; a read runs on the caller's scoped
//    connection (db/scope.ts); a write first checks that every record it names is in scope;
//  - a write runs in one immediate transaction (the lock is taken up front, so a second writer waits
//    up to the busy timeout instead of failing half-way), and a failure anywhere leaves nothing;
//  - a long job goes to the worker when the context has one (jobs/), with progress and cancel;
//  - errors become { code, message } in Chinese, with no internal text.
import { contract, isChannel, type Channel, type ChannelInput, type ChannelOutput, type ChannelResult } from '../../shared/contract';
import { ROLE_LABELS, type ChannelDef } from '../../shared/contract/define';
import { channelLabel } from '../../shared/contract/labels';
import { beginWriteAudit, recordLongWrite, recordRead } from './audit/record';
import type { Result } from '../../shared/result';
import { maskReply } from '../../shared/rules/mask';
import { describeIssues } from '../../shared/zodMessages';
import type { Caller, ServiceContext } from './context';
import { backupBeforeOperation } from './backup/service';
import { checkRefs, villageIdsOf } from './db/scope';
import { AppError, toErrorInfo } from './errors';
import { handlers } from './domains';

export type Logger = (message: string, err?: unknown) => void;

/** Observers of every call that passes validation (tests count them; the audit log itself is written in invoke, audit/record.ts). */
export type DispatchObserver = (channel: Channel, caller: Caller) => void;
export const dispatchObservers = new Set<DispatchObserver>();

const OUTPUT_MISMATCH = '程序内部错误：返回的数据格式不正确，请联系技术人员。';

export async function dispatch(ctx: ServiceContext, channelName: unknown, rawInput: unknown, log: Logger = () => {}): Promise<Result<unknown>> {
  if (!isChannel(channelName)) {
    return { ok: false, error: { code: 'VALIDATION', message: `未知的操作「${String(channelName).slice(0, 40)}」` } };
  }
  const channel: Channel = channelName;
  const def = contract[channel] as ChannelDef;
  // Who may call it, before anything about the input is told: a caller without the role learns nothing more.
  const refused = refuseCaller(channel, def, ctx.caller);
  if (refused) return { ok: false, error: refused };
  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const { message, problems } = describeIssues(parsed.error);
    return { ok: false, error: { code: 'VALIDATION', message, problems } };
  }
  for (const observe of dispatchObservers) observe(channel, ctx.caller);
  // ID numbers and phones masked by role and purpose, in this one place (shared/rules/mask.ts); a job's
  // reply from the worker passes here too.
  const masked = (value: unknown): Result<unknown> => ({ ok: true, value: maskReply(def.mask, ctx.caller.role, ctx.ledger.key !== null, value) });
  try {
    if (def.long && ctx.jobs) {
      // The worker runs this same dispatch on its own connection and sends back its result as is;
      // without a worker, the job runs here.
      const fromWorker = await ctx.jobs.run(ctx, channel, rawInput ?? {});
      if (fromWorker) return fromWorker.ok ? masked(fromWorker.value) : fromWorker;
    }
    // Imports and month packages: a verified backup first, or they do not run — taken where the job runs, so the
    // main thread never waits for it (backup/service.ts).
    const backupFirst = backupBeforeOperation(ctx, channel);
    const value = await invoke(channel, def, { ...withoutJobParts(ctx, def), backupFirst }, parsed.data);
    const checked = def.output.safeParse(value);
    if (!checked.success) {
      log(`output of ${channel} does not match its schema`, checked.error);
      return { ok: false, error: { code: 'INTERNAL', message: OUTPUT_MISMATCH } };
    }
    return masked(checked.data);
  } catch (err) {
    const info = toErrorInfo(err);
    if (info.code === 'INTERNAL') log(`channel ${channel} failed`, err);
    return { ok: false, error: info };
  }
}

/** The role check, from the channel's declaration: before anything runs. */
function refuseCaller(channel: Channel, def: ChannelDef, caller: Caller): { code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string } | null {
  if (def.beforeLogin) return null;
  if (caller.role === null) return { code: 'UNAUTHENTICATED', message: '请先登录后再操作。' };
  if (!def.roles.includes(caller.role)) {
    const why = def.access === 'write' && !def.roles.includes('readonly') && caller.role === 'readonly' ? '只读账号只能查看和导出，不能修改数据' : '此操作不在您的账号权限内';
    return { code: 'FORBIDDEN', message: `您的账号（${ROLE_LABELS[caller.role]}）不能执行此操作（${channelLabel(channel)}）：${why}。如需办理，请联系管理员。` };
  }
  return null;
}

/** Progress and cancel belong to long jobs only. */
function withoutJobParts(ctx: ServiceContext, def: ChannelDef): ServiceContext {
  return def.long ? ctx : { ...ctx, progress: undefined, signal: undefined };
}

const TOWN_ONLY = '此操作涉及全乡镇的数据，您的账号只能查看和处理所负责村（社区）的数据。';

async function invoke(channel: Channel, def: ChannelDef, ctx: ServiceContext, input: unknown): Promise<unknown> {
  const handler = handlers[channel] as (c: ServiceContext, i: unknown) => unknown;
  const scope = ctx.caller.villageScope;
  if (scope !== null && def.scope === 'town') throw new AppError('FORBIDDEN', TOWN_ONLY);

  if (def.access === 'read') {
    const readCtx = scope !== null && def.scope === 'rows' ? { ...ctx, ledger: ctx.ledger.scoped(scope) } : ctx;
    const value = await handler(readCtx, input);
    // On the main connection: a scoped caller's read connection is read-only.
    recordRead(ctx, channel, def, input, value);
    return value;
  }

  const checkScope = () => {
    if (scope === null || def.access !== 'write' || typeof def.scope !== 'object') return;
    checkRefs(ctx.ledger.sqlite, def.scope.refs(input), villageIdsOf(ctx.ledger.sqlite, scope));
  };
  if (def.long) {
    // Long writes (import, demo) commit in batches of their own so they can report progress.
    checkScope();
    const value = await handler(ctx, input);
    recordLongWrite(ctx, channel, def, input, value);
    return value;
  }
  const sqlite = ctx.ledger.sqlite;
  // A long job running in this process holds its own transaction across awaits (an import writes as
  // it reads): a write now would nest in it and share its fate, so it waits its turn instead.
  if (sqlite.inTransaction) throw new AppError('CONFLICT', `正在进行导入等较长的写入，「${channelLabel(channel)}」没有执行，数据未改动。请等它完成后再试。`);
  const run = sqlite.transaction(() => {
    checkScope();
    const audit = beginWriteAudit(ctx, channel, def, input);
    const value = handler(ctx, input);
    // A promise here would let the transaction commit before the work is done.
    if (value instanceof Promise) throw new Error(`write channel ${channel} must be synchronous`);
    // The entry lands in this transaction: with the change, or not at all.
    audit?.finish(value);
    return value;
  });
  return run.immediate();
}

/** Typed convenience for tests and the CLI. */
export async function call<C extends Channel>(ctx: ServiceContext, channel: C, input: unknown): Promise<ChannelResult<C>> {
  return (await dispatch(ctx, channel, input)) as ChannelResult<C>;
}

/** Like call, but a refused call throws its typed error (for scripts that stop at the first failure). */
export async function callOrThrow<C extends Channel>(ctx: ServiceContext, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const r = await call(ctx, channel, input);
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.problems, r.error.about);
  return r.value;
}
