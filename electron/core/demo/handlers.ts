import type { demoChannels } from '../../../shared/contract/demo';
import type { HandlersFor } from '../handlers';
import { generateDemoTown } from './generate';

export const demoHandlers: HandlersFor<typeof demoChannels> = {
  'demo.load': (ctx, input) => generateDemoTown(ctx, { residents: input.residents, seed: input.seed }),
};
