// 低保户台账 as xlsx (domain.md Part 2 §4.4): village, 户号, 户主 and ID, 城市/农村, 低保证号, 保障人数, 月保障金额 (a
// number cell with 2 decimals, so Excel can sum it), 分类, 特困供养, 确认日期, the last 复核 and the next one.
import type { ChannelParsed } from '../../../../shared/contract';
import { labelOf } from '../../../../shared/codes';
import { extremePovertySupportTable, lowIncomeExitReasonTable } from '../../../../shared/codes/ledger';
import { chineseDate } from '../../../../shared/rules/dates';
import type { ServiceContext } from '../../context';
import { getRules } from '../../rules/service';
import { requireTown } from '../../town/service';
import { guardOf } from '../../files/safeOutput';
import { writeListWorkbook, type ListSheet } from '../../xlsx/listWorkbook';
import { fenToYuan } from '../common';
import { duesByEntry } from '../patient/dues';
import { lowIncomeDues } from './dues';
import { queryLowIncome, type LowIncomeRaw } from './service';

export async function exportLowIncome(ctx: ServiceContext, input: ChannelParsed<'lowIncome.export'>) {
  const town = requireTown(ctx);
  const rules = getRules(ctx);
  const { path, ...filter } = input;
  const raws = queryLowIncome(ctx, filter);
  const dues = duesByEntry(lowIncomeDues(ctx, { entryIds: raws.map((r) => r.id) }), ctx.today(), rules);
  const rows = raws.map((raw, i) => ({ raw, index: i + 1 }));
  type Row = (typeof rows)[number];
  const c = (header: string, width: number, value: (r: LowIncomeRaw, row: Row) => string | number | null, numFmt?: string) => ({
    header,
    width,
    value: (row: Row) => value(row.raw, row),
    numFmt,
  });
  const persons = raws.reduce((s, r) => s + r.coveredCount, 0);
  const totalFen = raws.reduce((s, r) => s + r.monthlyAmountFen, 0);
  const sheet: ListSheet<Row> = {
    name: '低保户台账',
    title: `${town.name}低保户台账`,
    subtitle: `填报单位：${town.name}综治中心　　导出日期：${chineseDate(ctx.today())}　　共 ${raws.length} 户 ${persons} 人，月保障金额合计 ${(totalFen / 100).toFixed(2)} 元`,
    columns: [
      c('序号', 6, (_r, row) => row.index),
      c('村（社区）', 12, (r) => r.villageName ?? ''),
      c('网格', 12, (r) => r.gridName ?? ''),
      c('户号', 14, (r) => r.householdNumber, '@'),
      c('户主姓名', 9, (r) => r.headName ?? ''),
      c('户主公民身份号码', 21, (r) => r.headIdNumber ?? '', '@'),
      c('家庭住址', 22, (r) => r.address),
      c('城市/农村', 8, (r) => r.area),
      c('低保证号', 16, (r) => r.certificateNumber, '@'),
      c('保障人数', 7, (r) => r.coveredCount),
      c('月保障金额（元）', 11, (r) => fenToYuan(r.monthlyAmountFen), '0.00'),
      c('分类', 6, (r) => `${r.class}类`),
      c('特困供养', 9, (r) => labelOf(extremePovertySupportTable, r.extremePoverty)),
      c('确认日期', 11, (r) => r.confirmedOn),
      c('公示日期', 22, (r) => (r.publicityFrom ? `${r.publicityFrom} 至 ${r.publicityTo ?? ''}` : '')),
      c('最近复核日期', 11, (r) => r.lastReviewOn ?? ''),
      c('下次复核日期', 11, (r) => dues.get(r.id)?.[0]?.dueDate ?? ''),
      c('状态', 6, (r) => r.status),
      c('停保日期', 11, (r) => r.exitOn ?? ''),
      c('停保原因', 14, (r) => labelOf(lowIncomeExitReasonTable, r.exitReason)),
    ],
    rows,
  };
  const n = await writeListWorkbook(path, [sheet as ListSheet<unknown>], guardOf(ctx));
  return { path, rows: n };
}
