// 走访记录 as xlsx: the list's rows with its filters, newest first; 网格员考核 of a week, month or year.
import type { ChannelParsed } from '../../../shared/contract';
import type { VisitRow } from '../../../shared/contract/visits';
import type { ServiceContext } from '../context';
import { guardOf } from '../files/safeOutput';
import { requireTown } from '../town/service';
import { writeListWorkbook, type ListSheet } from '../xlsx/listWorkbook';
import { assessmentTable } from '../../../shared/reports/assessment';
import { periodAssessment } from './periods';
import { allVisits } from './service';

export async function exportVisits(ctx: ServiceContext, input: ChannelParsed<'visit.export'>) {
  const town = requireTown(ctx);
  const { path, ...filter } = input;
  const rows = allVisits(ctx, filter).map((r, i) => ({ ...r, index: i + 1 }));
  const what = [filter.month && `月份：${filter.month}`, filter.householdClass && `住户类别：${filter.householdClass}`, filter.staffId !== undefined && rows[0] && `网格员：${rows[0].staffName}`]
    .filter(Boolean)
    .join('　');
  const sheet: ListSheet<VisitRow & { index: number }> = {
    name: '走访记录',
    title: `${town.name}网格员走访记录（民情日志）`,
    subtitle: `共 ${rows.length} 条${what ? `　　${what}` : ''}`,
    landscape: true,
    columns: [
      { header: '序号', width: 6, value: (r) => r.index },
      { header: '走访日期', width: 12, value: (r) => r.date },
      { header: '网格员', width: 10, value: (r) => r.staffName },
      { header: '村（社区）', width: 14, value: (r) => r.village ?? '' },
      { header: '网格', width: 16, value: (r) => r.grid ?? '' },
      { header: '户号', width: 14, value: (r) => r.householdNumber ?? '', numFmt: '@' },
      { header: '户主/被走访人', width: 12, value: (r) => r.headName ?? '' },
      { header: '地址', width: 24, value: (r) => r.address },
      { header: '方式', width: 8, value: (r) => r.method },
      { header: '发现情况', width: 40, value: (r) => r.content },
      { header: '转为事件', width: 10, value: (r) => (r.eventIds.length ? `${r.eventIds.length} 件` : '') },
    ],
    rows,
  };
  const n = await writeListWorkbook(path, [sheet as ListSheet<unknown>], guardOf(ctx));
  return { path, rows: n };
}

/** 网格员考核 of a week, month or year as xlsx: the 报表 page's columns (shared/reports/assessment.ts). */
export async function exportAssessment(ctx: ServiceContext, input: ChannelParsed<'visit.assessment.export'>) {
  const { path, ...period } = input;
  const out = periodAssessment(ctx, period);
  const table = assessmentTable(out);
  const sheet: ListSheet<unknown> = {
    name: { week: '周巡查', month: '月考核', year: '年评比' }[out.period],
    title: table.title,
    subtitle: table.subtitle,
    landscape: true,
    columns: table.columns.map((c) => ({
      header: c.header,
      width: c.width,
      // Rates as Excel percentages, scores with one decimal.
      value: (r: unknown) => {
        const v = c.value(r as never);
        return c.kind === 'rate' && typeof v === 'number' ? v / 100 : v;
      },
      ...(c.kind === 'rate' ? { numFmt: '0.00%' } : c.kind === 'score' ? { numFmt: '0.0' } : {}),
    })),
    rows: table.rows,
  };
  const n = await writeListWorkbook(path, [sheet], guardOf(ctx));
  return { path, rows: n };
}
