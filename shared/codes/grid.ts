// Code tables of the grid base (domain.md Part 1 "Codes and identity", §5.3).
import { defineTable } from './table';

export const villageTypeTable = defineTable('villageType', '村/社区类别', undefined, [
  ['村', '村', '村委会', '村民委员会'],
  ['社区', '社区', '居委会', '居民委员会'],
]);

export const gridKindTable = defineTable('gridKind', '网格类型', undefined, [
  ['综合网格', '综合网格', '基础网格'],
  ['专属网格', '专属网格'],
]);

/** Roles of grid staff; the first four make the "1+3" of 1+3+N. */
export const staffRoleTable = defineTable('staffRole', '网格职务', undefined, [
  ['01', '网格长'],
  ['02', '专职网格员'],
  ['03', '兼职网格员'],
  ['04', '网格指导员'],
  ['05', '网格党小组长'],
  ['99', '其他'],
]);

export const REQUIRED_STAFF_ROLES = ['01', '02', '03', '04'] as const;
