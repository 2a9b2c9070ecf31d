// report.membersExport: the list behind a figure (report.members) as an xlsx — title, the month and the figure, the
// same columns as on screen — written in the job worker like every export.
import type { ChannelParsed } from '../../../shared/contract';
import { chineseDate } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { guardOf } from '../files/safeOutput';
import { requireTown } from '../town/service';
import { writeListWorkbook, type ListSheet } from '../xlsx/listWorkbook';
import { reportMembers } from './members';

type Row = Record<string, string | number | null>;

export async function exportReportMembers(ctx: ServiceContext, input: ChannelParsed<'report.membersExport'>) {
  const town = requireTown(ctx);
  ctx.progress?.(0, 2, '查找名单');
  const { path, ...query } = input;
  const list = reportMembers(ctx, query);
  const sheet: ListSheet<Row & { index: number }> = {
    name: '名单',
    title: `${town.name}${list.tableName}·${list.figureLabel}名单`,
    subtitle: `${list.village}　　统计期：${input.month.slice(0, 4)}年${Number(input.month.slice(5, 7))}月　　${list.figureLabel}：${list.total}　　导出日期：${chineseDate(ctx.today())}`,
    columns: [
      { header: '序号', width: 6, value: (r) => r.index },
      ...list.columns.map((c) => ({ header: c.label, width: c.width, value: (r: Row) => r[c.key], ...(c.key === 'idNumber' || c.key === 'phone' ? { numFmt: '@' } : {}) })),
    ],
    rows: list.rows.map((r, i) => ({ ...r, index: i + 1 })),
    landscape: true,
  };
  ctx.progress?.(1, 2, '写入 Excel');
  const rows = await writeListWorkbook(path, [sheet as ListSheet<unknown>], guardOf(ctx));
  ctx.progress?.(2, 2, '完成');
  return { path, rows };
}
