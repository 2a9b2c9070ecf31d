// The statutory tables T1–T4: the month's figures and a table as xlsx / PDF from its definition.
import { reportChannels } from '../../../shared/contract/reports';
import { defineDomain } from '../domain';
import { writeArchiveCards } from './cards';
import { reportCommands } from './commands';
import { reportFigures } from './figures';
import { writeLowIncomePosting } from './posting';
import { reportMembers } from './members';
import { exportReportMembers } from './membersExport';
import { writeReportTable } from './service';

export const reportsDomain = defineDomain({
  name: 'reports',
  channels: reportChannels,
  commands: reportCommands,
  handlers: {
    'report.figures': (ctx, input) => reportFigures(ctx, input.month),
    'report.table': (ctx, input) => writeReportTable(ctx, input),
    'report.card': (ctx, input) => writeArchiveCards(ctx, input, ctx.today()),
    'report.posting': (ctx, input) => writeLowIncomePosting(ctx, input, ctx.today()),
    'report.members': (ctx, input) => reportMembers(ctx, input),
    'report.membersExport': (ctx, input) => exportReportMembers(ctx, input),
  },
});
