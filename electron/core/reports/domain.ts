// The statutory tables T1–T4: the month's figures and a table as xlsx / PDF from its definition.
import { reportChannels } from '../../../shared/contract/reports';
import { defineDomain } from '../domain';
import { reportCommands } from './commands';
import { reportFigures } from './figures';
import { writeReportTable } from './service';
import { writeLedgerChannel } from './ledgerBooks';

export const reportsDomain = defineDomain({
  name: 'reports',
  channels: reportChannels,
  commands: reportCommands,
  handlers: {
    'report.figures': (ctx, input) => reportFigures(ctx, input.month),
    'report.table': (ctx, input) => writeReportTable(ctx, input),
    'report.ledger': (ctx, input) => writeLedgerChannel(ctx, input),
  },
});
