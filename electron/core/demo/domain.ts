import { demoChannels } from '../../../shared/contract/demo';
import { demoCommands } from './commands';
import { defineDomain } from '../domain';
import { generateDemoTown } from './generate';

export const demoDomain = defineDomain({
  name: 'demo',
  channels: demoChannels,
  commands: demoCommands,
  handlers: {
    'demo.load': (ctx, input) => generateDemoTown(ctx, { residents: input.residents, seed: input.seed }),
  },
});
