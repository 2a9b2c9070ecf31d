// Channels of the imports: residents, staff, and the key-group ledgers (安置帮教, 严重精神障碍患者, 低保户) —
// each with its template, preview (a dry run) and the real run.
import { importChannels } from '../../../shared/contract/importing';
import { guardOf } from '../files/safeOutput';
import { importCommands } from './commands';
import { defineDomain } from '../domain';
import { ledgerImport, ledgerTemplate } from './ledgers';
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
    'import.released.template': async (ctx, input) => {
      await ledgerTemplate('released', input.path, guardOf(ctx));
      return { path: input.path };
    },
    'import.released.preview': (ctx, input) => ledgerImport(ctx, 'released', input.path, { dryRun: true, skipInvalid: true, sheet: input.sheet }),
    'import.released.run': (ctx, input) => ledgerImport(ctx, 'released', input.path, { dryRun: false, skipInvalid: input.skipInvalid, sheet: input.sheet }),
    'import.patients.template': async (ctx, input) => {
      await ledgerTemplate('patients', input.path, guardOf(ctx));
      return { path: input.path };
    },
    'import.patients.preview': (ctx, input) => ledgerImport(ctx, 'patients', input.path, { dryRun: true, skipInvalid: true, sheet: input.sheet }),
    'import.patients.run': (ctx, input) => ledgerImport(ctx, 'patients', input.path, { dryRun: false, skipInvalid: input.skipInvalid, sheet: input.sheet }),
    'import.lowIncome.template': async (ctx, input) => {
      await ledgerTemplate('lowIncome', input.path, guardOf(ctx));
      return { path: input.path };
    },
    'import.lowIncome.preview': (ctx, input) => ledgerImport(ctx, 'lowIncome', input.path, { dryRun: true, skipInvalid: true, sheet: input.sheet }),
    'import.lowIncome.run': (ctx, input) => ledgerImport(ctx, 'lowIncome', input.path, { dryRun: false, skipInvalid: input.skipInvalid, sheet: input.sheet }),
  },
});
