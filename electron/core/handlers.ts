// Which core service answers each channel. Each domain keeps its own handler map; the type below
// makes a missing or misspelled channel a compile error.
import type { Channel, ChannelOutput, ChannelParsed } from '../../shared/contract';
import type { ServiceContext } from './context';
import { demoHandlers } from './demo/handlers';
import { gridHandlers } from './grids/handlers';
import { importHandlers } from './importing/handlers';
import { lowIncomeHandlers, patientHandlers, releasedHandlers } from './ledgers/handlers';
import { recordHandlers } from './records/handlers';
import { personHandlers } from './people/handlers';
import { systemInfo } from './services/system';
import { getTown, setupTown, updateTown } from './services/town';

export type Handler<C extends Channel> = (ctx: ServiceContext, input: ChannelParsed<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
export type Handlers = { [C in Channel]: Handler<C> };
/** The handlers of one domain's channels. */
export type HandlersFor<Channels> = { [C in keyof Channels & Channel]: Handler<C> };

export const handlers: Handlers = {
  'system.info': (ctx) => systemInfo(ctx),
  'town.get': (ctx) => getTown(ctx),
  'town.setup': (ctx, input) => setupTown(ctx, input),
  'town.update': (ctx, input) => updateTown(ctx, input),
  ...gridHandlers,
  ...personHandlers,
  ...importHandlers,
  ...demoHandlers,
  ...releasedHandlers,
  ...patientHandlers,
  ...lowIncomeHandlers,
  ...recordHandlers,
};
