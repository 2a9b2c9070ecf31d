// 网格员花名册 and the grid list as xlsx.
import { labelOf, sexTable, staffRoleTable } from '../../../shared/codes';
import { chineseDate } from '../../../shared/rules/dates';
import { normalizeIdNumber } from '../../../shared/rules/idNumber';
import type { ServiceContext } from '../context';
import { requireTown } from '../town/service';
import { guardOf } from '../files/safeOutput';
import { writeListWorkbook, type ListSheet } from '../xlsx/listWorkbook';
import { ledgerRow, pagesOf, writeLedgerWorkbook, type LedgerCell, type LedgerSource } from '../xlsx/ledgerWorkbook';
import { STAFF_LEDGER, type LedgerKeys } from '../../../shared/reports/ledgers';
import { gridTree } from './service';
import { listStaff } from './staff';

/** The 花名册 rows: the staff in the roster's order (ended posts too when asked). */
export function staffLedger(ctx: ServiceContext, input: { includeEnded: boolean }): LedgerSource {
  const town = requireTown(ctx);
  const staff = listStaff(ctx, { includeEnded: input.includeEnded });
  type Item = (typeof staff)[number] & { index: number };
  const values: Record<LedgerKeys<typeof STAFF_LEDGER>, (r: Item) => LedgerCell> = {
    index: (r) => r.index,
    name: (r) => r.name,
    sex: (r) => {
      const c = r.idNumber ? normalizeIdNumber(r.idNumber) : null;
      return c?.ok ? labelOf(sexTable, c.sex) : '';
    },
    idNumber: (r) => r.idNumber ?? '',
    phone: (r) => r.phone,
    role: (r) => labelOf(staffRoleTable, r.role),
    villages: (r) => [...new Set(r.grids.map((g) => g.villageName))].join('、'),
    grids: (r) => r.grids.map((g) => g.name).join('、'),
    gridCodes: (r) => r.grids.map((g) => g.code).join('、'),
    startDate: (r) => r.startDate ?? '',
    endDate: (r) => r.endDate ?? '',
    note: (r) => r.note,
  };
  const items = staff.map((s, i) => ledgerRow(values, { ...s, index: i + 1 }));
  return {
    townName: town.name,
    subtitle: `填报单位：${town.name}综治中心　　导出日期：${chineseDate(ctx.today())}　　共 ${items.length} 人`,
    date: ctx.today(),
    total: items.length,
    pages: () => pagesOf(items),
  };
}

export async function exportStaffRoster(ctx: ServiceContext, input: { path: string; includeEnded: boolean }) {
  const n = await writeLedgerWorkbook(input.path, STAFF_LEDGER, staffLedger(ctx, input), guardOf(ctx));
  return { path: input.path, rows: n };
}

export async function exportGridList(ctx: ServiceContext, input: { path: string }) {
  const tree = gridTree(ctx, { includeClosed: true });
  const rows = tree.villages.flatMap((v) => v.grids.map((g) => ({ v, g })));
  const sheet: ListSheet<(typeof rows)[number]> = {
    name: '网格一览',
    title: `${tree.town.name}网格划分一览表`,
    subtitle: `导出日期：${chineseDate(ctx.today())}　　${tree.totals.villages} 个村（社区）、${tree.totals.grids} 个网格`,
    columns: [
      { header: '村（社区）', width: 14, value: (r) => r.v.name },
      { header: '村（社区）代码', width: 15, value: (r) => r.v.code },
      { header: '网格名称', width: 16, value: (r) => r.g.name },
      { header: '网格编码', width: 18, value: (r) => r.g.code },
      { header: '网格类型', width: 10, value: (r) => r.g.kind },
      { header: '户数', width: 8, value: (r) => r.g.counts.households },
      { header: '人数', width: 8, value: (r) => r.g.counts.residents },
      { header: '网格力量', width: 9, value: (r) => r.g.counts.staff },
      { header: '提醒', width: 36, value: (r) => r.g.warnings.join('；') },
      { header: '描述', width: 30, value: (r) => r.g.description },
    ],
    rows,
  };
  const n = await writeListWorkbook(input.path, [sheet as ListSheet<unknown>], guardOf(ctx));
  return { path: input.path, rows: n };
}
