import { demoChannels } from '../../../shared/contract/demo';
import { demoCommands } from './commands';
import { defineDomain } from '../domain';
import { generateDemoTown } from './generate';
import { markEmptyAsDemo, requireDemoDatabase } from './marker';

export const demoDomain = defineDomain({
  name: 'demo',
  channels: demoChannels,
  commands: demoCommands,
  handlers: {
    'demo.prepare': (ctx) => markEmptyAsDemo(ctx),
    'demo.load': (ctx, input) => {
      requireDemoDatabase(ctx);
      return generateDemoTown(ctx, { residents: input.residents, seed: input.seed });
    },
  },
});
