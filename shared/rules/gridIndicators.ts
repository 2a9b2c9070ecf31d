// The figures of table T4 网格化服务管理基础情况统计表 (reports.md) for one 村/社区 as of a reporting month's last day
// (期末), from plain dated facts, and the 合计 row — the same style as T1–T3 in indicators.ts.
//
// Decisions where domain.md is silent (it says only: 1+3 = 网格长, 专职网格员, 兼职网格员 and 网格指导员; 超规模 above
// 500 户 or 2,500 人 in a 综合网格; figures as of month end):
// - A grid is open at month end unless it was closed (撤销) on or before month end. The ledger does not date a
//   grid's creation (created_at is the machine's clock, not a business date), so a grid counts in every month before
//   its closing. Regenerating a past month after a grid was created later therefore shows it — written down here.
// - A staff member is in post at month end when their 任职日期 is empty or ≤ month end and their 离任日期 is empty or
//   ≥ month end (the last day in post still counts). They count once per role in each village where they serve an
//   open grid; someone serving grids in two villages counts in both, and 合计 is the sum of the rows.
//   The grid–staff links are not dated: a closed grid has lost its links, so past months use today's links.
// - 1+3配齐 = an open grid whose in-post staff hold all four roles (REQUIRED_STAFF_ROLES); 1+3配齐率 = 配齐 grids ÷
//   open grids (综合 and 专属), "—" when a village has no open grid.
// - A resident is present at month end unless they left (迁出/死亡) on or before month end; a resident who left without
//   a date counts as gone. A 流动人口 with an 流入日期 after month end has not arrived yet. A resident belongs to their
//   grid, or their household's grid when they have none (as the village scope places them).
// - 户数 = households with a member present at month end, plus households that have no members at all (a household
//   entered before its members; households are not dated otherwise). A household whose members have all left is gone.
// - 超规模 = an open 综合网格 whose present households exceed gridMaxHouseholds or present residents exceed
//   gridMaxResidents (the rule settings, as the grid tree warns). 专属网格 are never 超规模.
// - 实有人口 合计 = 户籍 + 流动; a resident with another residence kind would be in 合计 only (none exists today).
import { REQUIRED_STAFF_ROLES } from '../codes/grid';
import { lastDayOfMonth } from './dates';
import { rate } from './indicators';
import { DEFAULT_RULES, type RuleSettings } from './ruleSettings';

export interface GridFacts {
  id: number;
  kind: string;
  closedOn: string | null;
}

export interface StaffFacts {
  /** staffRoleTable code: 01 网格长, 02 专职, 03 兼职, 04 指导员 … */
  role: string;
  startDate: string | null;
  endDate: string | null;
  /** The grids they serve (of this village only, or all: grids not in `grids` are ignored). */
  gridIds: readonly number[];
}

export interface HouseholdFacts {
  id: number;
  gridId: number | null;
}

export interface ResidentFacts {
  householdId: number | null;
  /** The resident's grid, or their household's when they have none. */
  gridId: number | null;
  /** 1 户籍, 2 流动 */
  residenceKind: string;
  inflowDate: string | null;
  /** 在册 | 迁出 | 死亡 */
  status: string;
  leftOn: string | null;
}

export interface VillageGridFacts {
  grids: readonly GridFacts[];
  staff: readonly StaffFacts[];
  households: readonly HouseholdFacts[];
  residents: readonly ResidentFacts[];
}

export const GRID_COUNT_KEYS = [
  'comprehensiveGrids',
  'dedicatedGrids',
  'oversizedGrids',
  'gridLeaders',
  'fullTimeStaff',
  'partTimeStaff',
  'instructors',
  'fullyStaffedGrids',
  'openGrids',
  'households',
  'residents',
  'registeredResidents',
  'floatingResidents',
] as const;
export type GridCounts = Record<(typeof GRID_COUNT_KEYS)[number], number>;
export interface GridIndicators extends GridCounts {
  staffingRate: number | null;
}

export const gridLabels: Readonly<Record<keyof GridIndicators, string>> = {
  comprehensiveGrids: '综合网格',
  dedicatedGrids: '专属网格',
  oversizedGrids: '超规模网格',
  gridLeaders: '网格长',
  fullTimeStaff: '专职网格员',
  partTimeStaff: '兼职网格员',
  instructors: '网格指导员',
  fullyStaffedGrids: '1+3配齐网格',
  openGrids: '网格总数',
  staffingRate: '1+3配齐率',
  households: '户数',
  residents: '实有人口合计',
  registeredResidents: '户籍人口',
  floatingResidents: '流动人口',
};

const ROLE_KEYS: Readonly<Record<string, keyof GridCounts>> = { '01': 'gridLeaders', '02': 'fullTimeStaff', '03': 'partTimeStaff', '04': 'instructors' };

export const gridOpenAt = (g: Pick<GridFacts, 'closedOn'>, date: string): boolean => g.closedOn === null || g.closedOn > date;

export const staffInPostAt = (s: Pick<StaffFacts, 'startDate' | 'endDate'>, date: string): boolean =>
  (s.startDate === null || s.startDate <= date) && (s.endDate === null || s.endDate >= date);

export function residentPresentAt(r: ResidentFacts, date: string): boolean {
  if (r.status !== '在册' && (r.leftOn === null || r.leftOn <= date)) return false;
  if (r.residenceKind === '2' && r.inflowDate !== null && r.inflowDate > date) return false;
  return true;
}

function withGridRates(c: GridCounts): GridIndicators {
  return { ...c, staffingRate: rate(c.fullyStaffedGrids, c.openGrids) };
}

/** What each T4 count counts, and so which list of VillageGridFacts its members index. */
export const GRID_MEMBER_KIND: Readonly<Record<(typeof GRID_COUNT_KEYS)[number], 'grid' | 'staff' | 'household' | 'resident'>> = {
  comprehensiveGrids: 'grid', dedicatedGrids: 'grid', oversizedGrids: 'grid', fullyStaffedGrids: 'grid', openGrids: 'grid',
  gridLeaders: 'staff', fullTimeStaff: 'staff', partTimeStaff: 'staff', instructors: 'staff',
  households: 'household',
  residents: 'resident', registeredResidents: 'resident', floatingResidents: 'resident',
};

/** The members of every T4 count: positions in the village's grids, staff, households or residents (GRID_MEMBER_KIND). */
export type GridMembers = Record<(typeof GRID_COUNT_KEYS)[number], number[]>;

export function gridMembers(facts: VillageGridFacts, month: string, rules: RuleSettings = DEFAULT_RULES): GridMembers {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`不是有效的统计月份：${month}（应为 YYYY-MM）`);
  const end = lastDayOfMonth(month);
  const m = Object.fromEntries(GRID_COUNT_KEYS.map((k) => [k, []])) as unknown as GridMembers;
  // Grid id → position in facts.grids, of the grids open at month end.
  const open = new Map<number, number>();
  facts.grids.forEach((g, i) => {
    if (gridOpenAt(g, end)) open.set(g.id, i);
  });
  for (const i of open.values()) {
    m.openGrids.push(i);
    if (facts.grids[i]!.kind === '专属网格') m.dedicatedGrids.push(i);
    else m.comprehensiveGrids.push(i);
  }

  const rolesByGrid = new Map<number, Set<string>>();
  facts.staff.forEach((s, i) => {
    if (!staffInPostAt(s, end)) return;
    const served = s.gridIds.filter((id) => open.has(id));
    if (served.length === 0) return;
    const key = ROLE_KEYS[s.role];
    if (key) m[key].push(i);
    for (const id of served) {
      const roles = rolesByGrid.get(id) ?? new Set<string>();
      roles.add(s.role);
      rolesByGrid.set(id, roles);
    }
  });
  for (const [id, i] of open) {
    const roles = rolesByGrid.get(id);
    if (REQUIRED_STAFF_ROLES.every((r) => roles?.has(r))) m.fullyStaffedGrids.push(i);
  }

  const membersPresent = new Map<number, number>();
  const householdsWithMembers = new Set<number>();
  const residentsByGrid = new Map<number, number>();
  facts.residents.forEach((r, i) => {
    if (r.householdId !== null) householdsWithMembers.add(r.householdId);
    if (!residentPresentAt(r, end)) return;
    m.residents.push(i);
    if (r.residenceKind === '1') m.registeredResidents.push(i);
    else if (r.residenceKind === '2') m.floatingResidents.push(i);
    if (r.householdId !== null) membersPresent.set(r.householdId, (membersPresent.get(r.householdId) ?? 0) + 1);
    if (r.gridId !== null) residentsByGrid.set(r.gridId, (residentsByGrid.get(r.gridId) ?? 0) + 1);
  });
  const householdsByGrid = new Map<number, number>();
  facts.households.forEach((h, i) => {
    if (householdsWithMembers.has(h.id) && !membersPresent.has(h.id)) return;
    m.households.push(i);
    if (h.gridId !== null) householdsByGrid.set(h.gridId, (householdsByGrid.get(h.gridId) ?? 0) + 1);
  });
  for (const [id, i] of open) {
    if (facts.grids[i]!.kind === '专属网格') continue;
    if ((householdsByGrid.get(id) ?? 0) > rules.gridMaxHouseholds || (residentsByGrid.get(id) ?? 0) > rules.gridMaxResidents) m.oversizedGrids.push(i);
  }
  return m;
}

export function gridIndicators(facts: VillageGridFacts, month: string, rules: RuleSettings = DEFAULT_RULES): GridIndicators {
  const m = gridMembers(facts, month, rules);
  return withGridRates(Object.fromEntries(GRID_COUNT_KEYS.map((k) => [k, m[k].length])) as GridCounts);
}

/** 合计: counts summed over the village rows, 1+3配齐率 recomputed from the sums. */
export function totalGrids(rows: readonly GridIndicators[]): GridIndicators {
  const c = Object.fromEntries(GRID_COUNT_KEYS.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as GridCounts;
  return withGridRates(c);
}
