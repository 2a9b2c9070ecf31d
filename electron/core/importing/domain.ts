// Channels of the imports (residents, staff): template, preview (a dry run) and the real run.
import { importChannels } from '../../../shared/contract/importing';
import { guardOf } from '../files/safeOutput';
import { importCommands } from './commands';
import { defineDomain } from '../domain';
import { importResidents } from './residents';
import { importStaff, writeStaffTemplate } from './staff';
import { writeResidentTemplate } from './template';

export const importingDomain = defineDomain({
  name: 'importing',
  channels: importChannels,
  commands: importCommands,
  handlers: {
    'import.residents.template': async (ctx, input) => {
      await writeResidentTemplate(input.path, guardOf(ctx));
      return { path: input.path };
    },
    'import.residents.preview': (ctx, input) => importResidents(ctx, input.path, { dryRun: true, skipInvalid: true, sheet: input.sheet }),
    'import.residents.run': (ctx, input) => importResidents(ctx, input.path, { dryRun: false, skipInvalid: input.skipInvalid, sheet: input.sheet }),
    'import.staff.template': async (ctx, input) => {
      await writeStaffTemplate(input.path, guardOf(ctx));
      return { path: input.path };
    },
    'import.staff.preview': (ctx, input) => importStaff(ctx, input.path, { dryRun: true, skipInvalid: true, sheet: input.sheet }),
    'import.staff.run': (ctx, input) => importStaff(ctx, input.path, { dryRun: false, skipInvalid: input.skipInvalid, sheet: input.sheet }),
  },
});
