// The statutory tables T1–T4 (the month's figures, a table as xlsx / PDF from its definition), the trend for the
// charts, the 月度工作报告 PDF and the month's note.
import { reportChannels } from '../../../shared/contract/reports';
import { defineDomain } from '../domain';
import { reportCommands } from './commands';
import { reportFigures } from './figures';
import { getMonthNote, saveMonthNote } from './monthNote';
import { writeMonthlyReport } from './monthlyReport';
import { writeReportTable } from './service';
import { reportTrend } from './trend';

export const reportsDomain = defineDomain({
  name: 'reports',
  channels: reportChannels,
  commands: reportCommands,
  handlers: {
    'report.figures': (ctx, input) => reportFigures(ctx, input.month),
    'report.table': (ctx, input) => writeReportTable(ctx, input),
    'report.trend': (ctx, input) => reportTrend(ctx, input.month, input.months),
    'report.monthly': (ctx, input) => writeMonthlyReport(ctx, input),
    'monthNote.get': (ctx, input) => getMonthNote(ctx, input.month),
    'monthNote.save': (ctx, input) => saveMonthNote(ctx, input.month, input.text),
  },
});
