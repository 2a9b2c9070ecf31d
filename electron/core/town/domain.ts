// The town itself (乡镇): first-run setup and its name and code.
import { townChannels } from '../../../shared/contract/town';
import { defineDomain } from '../domain';
import { townCommands } from './commands';
import { getTown, setupTown, updateTown } from './service';

export const townDomain = defineDomain({
  name: 'town',
  channels: townChannels,
  commands: townCommands,
  handlers: {
    'town.get': (ctx) => getTown(ctx),
    'town.setup': (ctx, input) => setupTown(ctx, input),
    'town.update': (ctx, input) => updateTown(ctx, input),
  },
});
