// The renderer's typed access to the core, through the one object the preload exposes.
import type { LedgerApi } from '../../electron/preload';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { ErrorInfo } from '../../shared/result';

declare global {
  interface Window {
    api: LedgerApi;
  }
}

/** A failed call, carrying the Chinese message (and the places of each problem) from the core. */
export class ApiError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

/**
 * One channel call. `job` names a long job (every export and import is one) so its progress events and cancel
 * refer to it; the core accepts the key on long channels only.
 */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>, job?: { jobId: string }): Promise<ChannelOutput<C>> {
  const result = await window.api.invoke(channel, job ? { ...input, jobId: job.jobId } : input);
  if (!result.ok) {
    // Locked by the idle time or logged out elsewhere: the login gate asks the core again.
    if (result.error.code === 'UNAUTHENTICATED') window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    throw new ApiError(result.error);
  }
  return result.value;
}

export const UNAUTHENTICATED_EVENT = 'ledger:unauthenticated';

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '操作失败：与后台的连接出现问题，请重试。';
}

/** The staffer stopped a long job (the core has undone what it began). */
export function isCancelled(err: unknown): boolean {
  return err instanceof ApiError && err.info.code === 'CANCELLED';
}
