// Facts about the installation: schema version and table counts (also the CLI's `info`).
import { z } from 'zod';
import { channel, read } from './define';
import { town } from './town';

export const systemInfo = z.object({
  appName: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  appSchemaVersion: z.number().int(),
  dbPath: z.string(),
  town: town.nullable(),
  counts: z.record(z.string(), z.number().int()),
});
export type SystemInfo = z.infer<typeof systemInfo>;

export const systemChannels = {
  'system.info': channel(z.object({}).strict(), systemInfo, read('rows')),
};
