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
import { ledgerRow, pagesOf, writeLedgerWorkbook, type LedgerCell, type LedgerSource } from '../../xlsx/ledgerWorkbook';
import { LOW_INCOME_LEDGER, type LedgerKeys } from '../../../../shared/reports/ledgers';
import { fenToYuan } from '../common';
import { duesByEntry } from '../patient/dues';
import { lowIncomeDues } from './dues';
import { queryLowIncome, type LowIncomeRaw } from './service';

/** The 台账 rows of a filter, in the list's order, with the totals in the subtitle. */
export function lowIncomeLedger(ctx: ServiceContext, filter: Omit<ChannelParsed<'lowIncome.export'>, 'path'>): LedgerSource {
  const town = requireTown(ctx);
  const rules = getRules(ctx);
  const raws = queryLowIncome(ctx, filter);
  const dues = duesByEntry(lowIncomeDues(ctx, { entryIds: raws.map((r) => r.id) }), ctx.today(), rules);
  const values: Record<LedgerKeys<typeof LOW_INCOME_LEDGER>, (r: LowIncomeRaw & { index: number }) => LedgerCell> = {
    index: (r) => r.index,
    village: (r) => r.villageName ?? '',
    grid: (r) => r.gridName ?? '',
    householdNumber: (r) => r.householdNumber,
    headName: (r) => r.headName ?? '',
    headIdNumber: (r) => r.headIdNumber ?? '',
    address: (r) => r.address,
    area: (r) => r.area,
    certificateNumber: (r) => r.certificateNumber,
    coveredCount: (r) => r.coveredCount,
    monthlyAmount: (r) => fenToYuan(r.monthlyAmountFen),
    class: (r) => `${r.class}类`,
    extremePoverty: (r) => labelOf(extremePovertySupportTable, r.extremePoverty),
    confirmedOn: (r) => r.confirmedOn,
    publicity: (r) => (r.publicityFrom ? `${r.publicityFrom} 至 ${r.publicityTo ?? ''}` : ''),
    lastReviewOn: (r) => r.lastReviewOn ?? '',
    nextReviewOn: (r) => dues.get(r.id)?.[0]?.dueDate ?? '',
    status: (r) => r.status,
    exitOn: (r) => r.exitOn ?? '',
    exitReason: (r) => labelOf(lowIncomeExitReasonTable, r.exitReason),
  };
  const items = raws.map((raw, i) => ledgerRow(values, { ...raw, index: i + 1 }));
  const persons = raws.reduce((s, r) => s + r.coveredCount, 0);
  const totalFen = raws.reduce((s, r) => s + r.monthlyAmountFen, 0);
  return {
    townName: town.name,
    subtitle: `填报单位：${town.name}综治中心　　导出日期：${chineseDate(ctx.today())}　　共 ${raws.length} 户 ${persons} 人，月保障金额合计 ${(totalFen / 100).toFixed(2)} 元`,
    date: ctx.today(),
    total: items.length,
    pages: () => pagesOf(items),
  };
}

export async function exportLowIncome(ctx: ServiceContext, input: ChannelParsed<'lowIncome.export'>) {
  const { path, ...filter } = input;
  const n = await writeLedgerWorkbook(path, LOW_INCOME_LEDGER, lowIncomeLedger(ctx, filter), guardOf(ctx));
  return { path, rows: n };
}
