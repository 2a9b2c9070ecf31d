// report.trend: the key figures of the last months for the trend charts: reportFigures of each month (the same
// figures the tables show, so a chart never disagrees with T1–T4), the facts read once for all months. Months before the town's first reportable month
// are left out rather than drawn as zeros that never were.
import type { TrendPoint } from '../../../shared/contract/reports';
import { trendPoint } from '../../../shared/reports/charts';
import type { ServiceContext } from '../context';
import { checkReportMonth, firstReportMonth, reportFiguresSeries } from './figures';
import { requireTown } from '../town/service';

/** `count` months ending with `month`, oldest first. */
export function monthsEnding(month: string, count: number): string[] {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const t = y * 12 + m - (count - 1 - i);
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  });
}

export function reportTrend(ctx: ServiceContext, month: string, months: number): TrendPoint[] {
  checkReportMonth(ctx, month);
  const first = firstReportMonth(ctx, requireTown(ctx).createdAt);
  return reportFiguresSeries(ctx, monthsEnding(month, months).filter((m) => m >= first)).map(trendPoint);
}
