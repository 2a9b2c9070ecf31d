// A domain of the core (town, grids, people, released …): its channels from its own contract file,
// the services that answer them, and its CLI commands, registered together in its folder's
// domain.ts. electron/core/domains.ts lists the domains; dispatch and the CLI take everything from
// there. This file holds only types, so nothing imports in a circle through it.
import type { Channel, ChannelOutput, ChannelParsed } from '../../shared/contract';
import type { CliCommand } from './cli/run';
import type { ServiceContext } from './context';

export type Handler<C extends Channel> = (ctx: ServiceContext, input: ChannelParsed<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
/** The handlers of one domain's channels: a missing or misspelled one does not compile. */
export type HandlersFor<Channels> = { [C in keyof Channels & Channel]: Handler<C> };

export interface Domain<Channels> {
  /** Its folder's name, for messages and the layout note. */
  name: string;
  channels: Channels;
  handlers: HandlersFor<Channels>;
  commands: CliCommand[];
}

export const defineDomain = <Channels>(domain: Domain<Channels>): Domain<Channels> => domain;
