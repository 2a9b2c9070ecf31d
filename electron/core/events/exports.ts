// 事件登记表: the list as the page filters it, as xlsx (printable, A4 landscape).
import type { ChannelParsed } from '../../../shared/contract';
import { chineseDate } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { guardOf } from '../files/safeOutput';
import { requireTown } from '../town/service';
import { writeListWorkbook, type ListSheet } from '../xlsx/listWorkbook';
import { selectEvents } from './service';
import type { EventRow } from '../../../shared/contract/events';

export async function exportEvents(ctx: ServiceContext, input: ChannelParsed<'event.export'>) {
  const town = requireTown(ctx);
  const { rows, asOf } = selectEvents(ctx, input);
  const sheet: ListSheet<EventRow> = {
    name: '事件登记表',
    title: `${town.name}事件（矛盾纠纷）登记表`,
    subtitle: `${input.month ? `上报月份：${input.month}　　` : ''}统计日期：${chineseDate(asOf)}　　共 ${rows.length} 件`,
    landscape: true,
    columns: [
      { header: '事件编号', width: 16, value: (r) => r.number },
      { header: '上报日期', width: 11, value: (r) => r.reportedOn },
      { header: '来源', width: 10, value: (r) => r.sourceLabel },
      { header: '类别', width: 14, value: (r) => r.categoryName },
      { header: '标题', width: 28, value: (r) => r.title },
      { header: '村（社区）', width: 12, value: (r) => r.village },
      { header: '网格', width: 12, value: (r) => r.grid ?? '' },
      { header: '涉及人数', width: 8, value: (r) => r.involved },
      { header: '上报人', width: 9, value: (r) => r.reporterName },
      { header: '承办单位', width: 14, value: (r) => r.assignee },
      { header: '状态', width: 8, value: (r) => (r.voided ? '已作废' : r.stateLabel) },
      { header: '当前时限', width: 16, value: (r) => (r.nextDue ? `${r.nextDue.label} ${r.nextDue.dueOn}` : '') },
      { header: '逾期', width: 6, value: (r) => (r.overdue ? '是' : '') },
      { header: '满意度', width: 8, value: (r) => r.satisfactionLabel },
    ],
    rows,
  };
  const n = await writeListWorkbook(input.path, [sheet as ListSheet<unknown>], guardOf(ctx));
  return { path: input.path, rows: n };
}
