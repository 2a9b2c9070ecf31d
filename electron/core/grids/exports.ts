// 网格员花名册 and the grid list as xlsx.
import { labelOf, sexTable, staffRoleTable } from '../../../shared/codes';
import { chineseDate } from '../../../shared/rules/dates';
import { normalizeIdNumber } from '../../../shared/rules/idNumber';
import type { ServiceContext } from '../context';
import { requireTown } from '../town/service';
import { guardOf } from '../files/safeOutput';
import { writeListWorkbook, type ListSheet } from '../xlsx/listWorkbook';
import { gridTree } from './service';
import { listStaff } from './staff';

export async function exportStaffRoster(ctx: ServiceContext, input: { path: string; includeEnded: boolean }) {
  const town = requireTown(ctx);
  const staff = listStaff(ctx, { includeEnded: input.includeEnded });
  const rows = staff.map((s, i) => ({ ...s, index: i + 1 }));
  const sheet: ListSheet<(typeof rows)[number]> = {
    name: '网格员花名册',
    title: `${town.name}网格员花名册`,
    subtitle: `填报单位：${town.name}综治中心　　导出日期：${chineseDate(ctx.today())}　　共 ${rows.length} 人`,
    columns: [
      { header: '序号', width: 6, value: (r) => r.index },
      { header: '姓名', width: 10, value: (r) => r.name },
      { header: '性别', width: 6, value: (r) => { const c = r.idNumber ? normalizeIdNumber(r.idNumber) : null; return c?.ok ? labelOf(sexTable, c.sex) : ''; } },
      { header: '公民身份号码', width: 21, value: (r) => r.idNumber ?? '' },
      { header: '联系电话', width: 14, value: (r) => r.phone },
      { header: '网格职务', width: 12, value: (r) => labelOf(staffRoleTable, r.role) },
      { header: '村（社区）', width: 14, value: (r) => [...new Set(r.grids.map((g) => g.villageName))].join('、') },
      { header: '服务网格', width: 22, value: (r) => r.grids.map((g) => g.name).join('、') },
      { header: '网格编码', width: 18, value: (r) => r.grids.map((g) => g.code).join('、') },
      { header: '任职日期', width: 12, value: (r) => r.startDate ?? '' },
      { header: '离任日期', width: 12, value: (r) => r.endDate ?? '' },
      { header: '备注', width: 16, value: (r) => r.note },
    ],
    rows,
  };
  const n = await writeListWorkbook(input.path, [sheet as ListSheet<unknown>], guardOf(ctx));
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
