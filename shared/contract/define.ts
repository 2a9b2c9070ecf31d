import type { z } from 'zod';

/** One IPC channel: what the renderer may send and what it gets back. */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Channels that report progress and can be cancelled. */
  long?: boolean;
}

export const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, opts: { long?: boolean } = {}): ChannelDef<I, O> => ({
  input,
  output,
  ...opts,
});
