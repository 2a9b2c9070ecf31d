// The one path from a channel name and raw input to a typed result: validate input, call the
// service, validate output, map errors. electron/main (after its sender check), the e2e bridge
// and anything else that speaks the contract go through here.
import { contract, isChannel, type Channel, type ChannelResult } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { describeIssues } from '../../shared/zodMessages';
import type { ServiceContext } from './context';
import { toErrorInfo } from './errors';
import { handlers } from './handlers';

export type Logger = (message: string, err?: unknown) => void;

export async function dispatch(
  ctx: ServiceContext,
  channelName: unknown,
  rawInput: unknown,
  log: Logger = () => {},
): Promise<Result<unknown>> {
  if (!isChannel(channelName)) {
    return { ok: false, error: { code: 'VALIDATION', message: `未知的操作「${String(channelName)}」` } };
  }
  const channel: Channel = channelName;
  const def = contract[channel];
  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const { message, problems } = describeIssues(parsed.error);
    return { ok: false, error: { code: 'VALIDATION', message, problems } };
  }
  try {
    const handler = handlers[channel] as (c: ServiceContext, i: unknown) => unknown;
    const value = await handler(ctx, parsed.data);
    const checked = def.output.safeParse(value);
    if (!checked.success) {
      log(`output of ${channel} does not match its schema`, checked.error);
      return { ok: false, error: { code: 'INTERNAL', message: '程序内部错误：返回的数据格式不正确，请联系技术人员。' } };
    }
    return { ok: true, value: checked.data };
  } catch (err) {
    const info = toErrorInfo(err);
    if (info.code === 'INTERNAL') log(`channel ${channel} failed`, err);
    return { ok: false, error: info };
  }
}

/** Typed convenience for tests and the CLI. */
export async function call<C extends Channel>(ctx: ServiceContext, channel: C, input: unknown): Promise<ChannelResult<C>> {
  return (await dispatch(ctx, channel, input)) as ChannelResult<C>;
}
