// The statutory tables T1–T4: the month's figures and a table as xlsx / PDF from its definition.
import { reportChannels } from '../../../shared/contract/reports';
import type { ServiceContext } from '../context';
import { defineDomain } from '../domain';
import { applyPdfFontSetting } from '../pdf/fontSetting';
import { writeArchiveCards } from './cards';
import { reportCommands } from './commands';
import { reportFigures } from './figures';
import { writeLowIncomePosting } from './posting';
import { reportMembers } from './members';
import { exportReportMembers } from './membersExport';
import { writeReportTable } from './service';

async function withFonts<T>(ctx: ServiceContext, write: () => Promise<T>): Promise<T> {
  await applyPdfFontSetting(ctx);
  return write();
}

export const reportsDomain = defineDomain({
  name: 'reports',
  channels: reportChannels,
  commands: reportCommands,
  handlers: {
    'report.figures': (ctx, input) => reportFigures(ctx, input.month),
    // Every PDF takes the town's font choice (设置 → PDF 字体) first.
    'report.table': (ctx, input) => withFonts(ctx, () => writeReportTable(ctx, input)),
    'report.card': (ctx, input) => withFonts(ctx, () => writeArchiveCards(ctx, input, ctx.today())),
    'report.posting': (ctx, input) => withFonts(ctx, () => writeLowIncomePosting(ctx, input, ctx.today())),
    'report.members': (ctx, input) => reportMembers(ctx, input),
    'report.membersExport': (ctx, input) => exportReportMembers(ctx, input),
  },
});
