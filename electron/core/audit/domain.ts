import { auditChannels } from '../../../shared/contract/audit';
import { defineDomain } from '../domain';
import { auditCommands } from './commands';
import { exportAudit, listAudit, verifyAudit } from './service';

export const auditDomain = defineDomain({
  name: 'audit',
  channels: auditChannels,
  commands: auditCommands,
  handlers: {
    'audit.list': (ctx, input) => listAudit(ctx, input),
    'audit.verify': (ctx) => verifyAudit(ctx),
    'audit.export': (ctx, input) => exportAudit(ctx, input),
  },
});
