// The statutory tables T1–T4 (the month's figures, a table as xlsx / PDF from its definition), the trend for the
// charts, the 月度工作报告 PDF and the month's note.
import { reportChannels } from '../../../shared/contract/reports';
import type { ServiceContext } from '../context';
import { defineDomain } from '../domain';
import { applyPdfFontSetting } from '../pdf/fontSetting';
import { writeArchiveCards } from './cards';
import { reportCommands } from './commands';
import { writeLedgerChannel } from './ledgerBooks';
import { reportFigures } from './figures';
import { writeLowIncomePosting } from './posting';
import { reportMembers } from './members';
import { exportReportMembers } from './membersExport';
import { getMonthNote, saveMonthNote } from './monthNote';
import { writeMonthlyReport } from './monthlyReport';
import { writeReportTable } from './service';
import { reportTrend } from './trend';

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
    'report.trend': (ctx, input) => reportTrend(ctx, input.month, input.months),
    'report.monthly': (ctx, input) => withFonts(ctx, () => writeMonthlyReport(ctx, input)),
    'monthNote.get': (ctx, input) => getMonthNote(ctx, input.month),
    'monthNote.save': (ctx, input) => saveMonthNote(ctx, input.month, input.text),
    'report.ledger': (ctx, input) => writeLedgerChannel(ctx, input),
  },
});
