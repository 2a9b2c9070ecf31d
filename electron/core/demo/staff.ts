// Grid staff of the demo town, "1+3+N": a 网格长, a 专职网格员, a 兼职网格员 and a 网格指导员 per grid,
// sometimes a 网格党小组长. A 村's 网格长 (its party secretary) leads all its 综合网格, and one town
// cadre is 网格指导员 for every grid of a village. A few grids lack one role on purpose, so the
// "未配齐" warning has something to show.
import { addDays } from '../../../shared/rules/dates';
import type { IdRegistry, PhoneRegistry } from './identity';
import type { GridInfo, TownLayout } from './layout';
import { randomGivenName, randomSurname } from './names';
import type { Rng } from './random';
import type { DemoWriter } from './writer';

export interface StaffOptions {
  today: string;
  countyCode: string;
  ids: IdRegistry;
  phones: PhoneRegistry;
}

type Role = '01' | '02' | '03' | '04' | '05';

const ROLE_PROFILE: Record<Role, { male: number; minAge: number; maxAge: number }> = {
  '01': { male: 0.65, minAge: 35, maxAge: 58 },
  '02': { male: 0.4, minAge: 24, maxAge: 45 },
  '03': { male: 0.5, minAge: 30, maxAge: 62 },
  '04': { male: 0.6, minAge: 28, maxAge: 55 },
  '05': { male: 0.6, minAge: 40, maxAge: 62 },
};

const PART_TIME_NOTES = ['村民小组长', '楼栋长', '退休党员', '志愿者', '物业管理员', '村（居）民代表'] as const;

/** Returns the number of staff created. */
export function generateStaff(w: DemoWriter, rng: Rng, layout: TownLayout, o: StaffOptions): number {
  const before = w.counts.staff;
  const person = (role: Role, note: string, gridIds: number[]) => {
    const p = ROLE_PROFILE[role];
    const sex = rng.chance(p.male) ? '1' : '2';
    const age = rng.int(p.minAge, p.maxAge);
    const birthDate = addDays(`${Number(o.today.slice(0, 4)) - age}-01-01`, -rng.int(0, 364));
    const name = randomSurname(rng) + randomGivenName(rng, sex, Number(birthDate.slice(0, 4)));
    w.staff(
      { name, idNumber: o.ids.issue(o.countyCode, birthDate, sex), phone: o.phones.mobile(), role, startDate: addDays(o.today, -rng.int(60, 7 * 365)), note },
      gridIds,
    );
  };

  // The grids that lack one role: about 6 %, at least one once there are two grids.
  const all = layout.grids;
  const missing = new Map<number, Role>();
  const missingCount = all.length >= 2 ? Math.max(1, Math.round(all.length * 0.06)) : 0;
  const candidates = rng.shuffle([...all]);
  for (const g of candidates.slice(0, missingCount)) missing.set(g.id, rng.weighted([['03', 5], ['04', 3], ['02', 2]] as const));
  const has = (g: GridInfo, role: Role) => missing.get(g.id) !== role;

  for (const v of layout.villages) {
    const comprehensive = v.grids.filter((g) => g.kind === '综合网格');
    // 网格指导员: one town cadre per village.
    const guided = v.grids.filter((g) => has(g, '04')).map((g) => g.id);
    if (guided.length) person('04', '镇机关包联干部', guided);
    // 网格长: in a 村 the party secretary leads all its 综合网格; in a 社区 each grid has its own.
    if (v.type === '村') {
      const led = comprehensive.filter((g) => has(g, '01')).map((g) => g.id);
      if (led.length) person('01', '村党组织书记', led);
    } else {
      for (const g of comprehensive) if (has(g, '01')) person('01', '社区两委成员', [g.id]);
    }
    for (const g of v.grids) {
      if (g.kind === '专属网格' && has(g, '01')) person('01', '单位负责人', [g.id]);
      if (has(g, '02')) person('02', g.kind === '专属网格' ? '单位安保负责人' : '', [g.id]);
      if (has(g, '03')) person('03', g.kind === '专属网格' ? '单位职工' : rng.pick(PART_TIME_NOTES), [g.id]);
      if (g.kind === '综合网格' && rng.chance(0.35)) person('05', '网格党小组', [g.id]);
    }
  }
  return w.counts.staff - before;
}
