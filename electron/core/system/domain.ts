// Installation facts (设置 → 关于, the CLI's info).
import { systemChannels } from '../../../shared/contract/system';
import { defineDomain } from '../domain';
import { systemCommands } from './commands';
import { systemInfo } from './service';

export const systemDomain = defineDomain({
  name: 'system',
  channels: systemChannels,
  commands: systemCommands,
  handlers: {
    'system.info': (ctx) => systemInfo(ctx),
  },
});
