// A generated demo town, so a newcomer sees a living town at once.
import { z } from 'zod';
import { channel, write } from './define';

export const demoSummary = z.object({
  villages: z.number().int(),
  grids: z.number().int(),
  staff: z.number().int(),
  households: z.number().int(),
  residents: z.number().int(),
  releasedPersons: z.number().int(),
  patients: z.number().int(),
  lowIncomeHouseholds: z.number().int(),
  records: z.number().int(),
  /** 事件 / 矛盾纠纷 of the past year (issue 12). */
  events: z.number().int(),
});
export type DemoSummary = z.infer<typeof demoSummary>;

export const demoChannels = {
  /** Marks an empty database (a new file) as a demo database; one holding any data is refused. */
  'demo.prepare': channel(z.object({}).strict(), z.object({ isDemo: z.literal(true) }), write('town')),
  /** Only on an empty demo database (see demo.prepare, workspace.openDemo): sets up a demo town and fills it. */
  'demo.load': channel(
    z.object({ residents: z.number().int().min(10).max(200_000).default(3000), seed: z.number().int().default(1), jobId: z.string().optional() }),
    demoSummary.extend({ town: z.object({ name: z.string(), code: z.string() }) }),
    write('town', { long: true }),
  ),
};
