// 村/社区, 网格 and 网格员: the three-level grid tree of the town.
import { z } from 'zod';
import { gridKindTable, staffRoleTable, villageTypeTable } from '../codes/grid';
import { channel, read, write } from './define';
import { codeOf, dateString, exportResult, id, idNumber, optionalDate, outputPath, phone, requiredText, text } from './common';

export const village = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
});
export type Village = z.infer<typeof village>;

export const villageInput = z.object({
  code: z.string({ error: '请填写村/社区代码' }),
  name: requiredText('村/社区名称', 30),
  type: codeOf(villageTypeTable).optional(),
});
export type VillageInput = z.input<typeof villageInput>;

export const grid = z.object({
  id: z.number(),
  villageId: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  description: z.string(),
  closedOn: z.string().nullable(),
  closeReason: z.string().nullable(),
});
export type Grid = z.infer<typeof grid>;

export const gridCounts = z.object({ households: z.number(), residents: z.number(), staff: z.number() });

export const gridNode = grid.extend({
  counts: gridCounts,
  /** Roles of 1+3 still missing (staffRoleTable codes). */
  missingRoles: z.array(z.string()),
  /** Chinese warnings: 超规模, 未配齐 … */
  warnings: z.array(z.string()),
});
export type GridNode = z.infer<typeof gridNode>;

export const villageNode = village.extend({
  counts: gridCounts.extend({ grids: z.number() }),
  grids: z.array(gridNode),
  warnings: z.array(z.string()),
});
export type VillageNode = z.infer<typeof villageNode>;

export const gridTree = z.object({
  town: z.object({ name: z.string(), code: z.string() }),
  villages: z.array(villageNode),
  totals: gridCounts.extend({ grids: z.number(), villages: z.number() }),
  /** Households (and their residents) in no open grid. */
  unassigned: z.object({ households: z.number(), residents: z.number() }),
  warnings: z.array(z.object({ kind: z.enum(['超规模', '未配齐', '无网格住户']), message: z.string(), gridId: z.number().nullable() })),
});
export type GridTree = z.infer<typeof gridTree>;

export const gridCreateInput = z.object({
  villageId: id,
  kind: codeOf(gridKindTable),
  name: requiredText('网格名称', 40),
  description: text('网格描述', 500),
  /** Optional: the next free serial is used when omitted. */
  code: z.string().optional(),
});

export const staffMember = z.object({
  id: z.number(),
  name: z.string(),
  idNumber: z.string().nullable(),
  phone: z.string(),
  role: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  note: z.string(),
  grids: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), villageName: z.string() })),
});
export type StaffMember = z.infer<typeof staffMember>;

export const staffInput = z.object({
  name: requiredText('姓名', 20),
  idNumber: idNumber.nullable().optional(),
  phone,
  role: codeOf(staffRoleTable),
  gridIds: z.array(id).min(1, '请至少选择一个服务的网格'),
  startDate: optionalDate('任职日期'),
  endDate: optionalDate('离任日期'),
  note: text('备注', 200),
});
export type StaffInput = z.input<typeof staffInput>;

export const gridChannels = {
  'village.list': channel(z.object({}).strict(), z.array(village), read('rows')),
  'village.create': channel(villageInput, village, write('town')),
  'village.update': channel(villageInput.extend({ id }), village, write({ refs: (i) => ({ village: [i.id] }) })),
  'grid.tree': channel(z.object({ includeClosed: z.boolean().default(false) }), gridTree, read('rows')),
  'grid.create': channel(gridCreateInput, grid, write({ refs: (i) => ({ village: [i.villageId] }) })),
  'grid.update': channel(z.object({ id, name: requiredText('网格名称', 40), description: text('网格描述', 500) }), grid, write({ refs: (i) => ({ grid: [i.id] }) })),
  /** Moves a grid to another village; its code becomes that village's next free serial. */
  'grid.move': channel(z.object({ id, villageId: id }), grid, write({ refs: (i) => ({ grid: [i.id], village: [i.villageId] }) })),
  /** Refused while households are still in the grid. */
  'grid.close': channel(z.object({ id, date: dateString('撤销日期'), reason: requiredText('撤销原因', 200) }), grid, write({ refs: (i) => ({ grid: [i.id] }) })),
  'grid.export': channel(z.object({ path: outputPath }), exportResult, read('rows', { long: true })),
  'staff.list': channel(
    z.object({ villageId: id.optional(), gridId: id.optional(), includeEnded: z.boolean().default(false) }),
    z.array(staffMember),
    read('rows'),
  ),
  'staff.create': channel(staffInput, staffMember, write({ refs: (i) => ({ grid: i.gridIds }) })),
  'staff.update': channel(staffInput.extend({ id }), staffMember, write({ refs: (i) => ({ staff: [i.id], grid: i.gridIds }) })),
  /** 网格员花名册 */
  'staff.export': channel(z.object({ path: outputPath, includeEnded: z.boolean().default(false) }), exportResult, read('rows', { long: true })),
};
