// Which core service answers each channel. The type makes a missing channel a compile error.
import type { Channel, ChannelOutput, ChannelParsed } from '../../shared/contract';
import type { ServiceContext } from './context';
import { systemInfo } from './services/system';
import { getTown, setupTown, updateTown } from './services/town';

export type Handlers = {
  [C in Channel]: (ctx: ServiceContext, input: ChannelParsed<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

export const handlers: Handlers = {
  'system.info': (ctx) => systemInfo(ctx),
  'town.get': (ctx) => getTown(ctx),
  'town.setup': (ctx, input) => setupTown(ctx, input),
  'town.update': (ctx, input) => updateTown(ctx, input),
};
