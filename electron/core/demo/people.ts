// Residents of the demo town: where each planned household lives (grid, address, 户号) and the rest
// of each person's base record (ID number, education, political status, phone, 流动人口 items …).
import { addDays } from '../../../shared/rules/dates';
import type { ServiceContext } from '../context';
import { AppError } from '../errors';
import { nameKeys } from '../people/searchKeys';
import type { HouseholdPlan, MemberPlan } from './households';
import type { IdRegistry, PhoneRegistry } from './identity';
import type { GridInfo, TownLayout, VillageInfo } from './layout';
import { HOME_PLACES } from './places';
import type { Rng } from './random';
import type { DemoWriter, ResidentValues } from './writer';

/** Where a planned household goes: a grid, or none (the "households without a grid" warning). */
export interface Placement {
  grid: GridInfo | null;
  village: VillageInfo;
}

export interface PeopleOptions {
  today: string;
  townName: string;
  countyCode: string;
  ids: IdRegistry;
  phones: PhoneRegistry;
}

type W<T> = readonly (readonly [T, number])[];

const EDUCATION_BY_COHORT: readonly [number, W<string>][] = [
  [1950, [['90', 40], ['81', 35], ['71', 15], ['61', 7], ['31', 2], ['21', 1]]],
  [1965, [['90', 15], ['81', 33], ['71', 33], ['61', 12], ['41', 3], ['31', 3], ['21', 1]]],
  [1980, [['90', 3], ['81', 17], ['71', 45], ['61', 18], ['41', 6], ['47', 3], ['31', 5], ['21', 3]]],
  [1995, [['81', 5], ['71', 33], ['61', 17], ['41', 6], ['44', 4], ['47', 3], ['31', 18], ['21', 12], ['14', 2]]],
  [9999, [['71', 14], ['61', 14], ['44', 8], ['47', 7], ['31', 30], ['21', 23], ['14', 4]]],
];

function education(rng: Rng, m: MemberPlan): { code: string | null; student: boolean } {
  const a = m.age;
  if (a < 6) return { code: null, student: false };
  if (a <= 11) return { code: '80', student: true };
  if (a <= 14) return { code: '70', student: true };
  if (a <= 17) return { code: rng.chance(0.8) ? '60' : '40', student: true };
  if (a <= 21 && rng.chance(0.45)) return { code: rng.chance(0.55) ? '20' : '30', student: true };
  const year = Number(m.birthDate.slice(0, 4));
  const table = EDUCATION_BY_COHORT.find(([before]) => year < before)![1];
  return { code: rng.weighted(table), student: false };
}

const HIGHER = new Set(['14', '21', '31']);

function political(rng: Rng, m: MemberPlan, edu: string | null, student: boolean): string | null {
  if (m.age < 14) return null;
  if (m.age <= 28) return rng.weighted([['03', student ? 55 : 28], ['01', 3], ['02', 1], ['13', 68]]);
  const party = (m.sex === '1' ? 0.09 : 0.04) * (edu && HIGHER.has(edu) ? 2.5 : 1);
  if (rng.chance(party)) return '01';
  if (rng.chance(0.003)) return '02';
  if (rng.chance(0.002)) return rng.pick(['05', '07', '12']);
  return '13';
}

const WORK_VILLAGE: W<string> = [
  ['农民', 35], ['外出务工', 25], ['企业职工', 15], ['个体经营', 10], ['驾驶员', 5], ['无业', 6], ['教师', 2], ['医生', 1], ['公务员', 1],
];
const WORK_COMMUNITY: W<string> = [
  ['企业职工', 30], ['个体经营', 18], ['销售人员', 7], ['外出务工', 10], ['无业', 8], ['事业单位职工', 6], ['教师', 5], ['驾驶员', 5],
  ['餐饮服务', 5], ['医生', 3], ['公务员', 3],
];
const WORK_MIGRANT: W<string> = [['企业职工', 45], ['建筑工人', 20], ['个体经营', 15], ['餐饮服务', 10], ['快递员', 5], ['保洁员', 5]];

function occupation(rng: Rng, m: MemberPlan, student: boolean, migrant: boolean, type: '村' | '社区', unit: GridInfo['unit']): string {
  if (m.age < 6) return '';
  if (student) return '学生';
  if (m.age >= (m.sex === '1' ? 60 : 55)) {
    if (migrant) return rng.chance(0.5) ? '无业' : '个体经营';
    return type === '村' ? rng.weighted([['农民', 75], ['退休人员', 10], ['无业', 15]]) : rng.weighted([['退休人员', 70], ['无业', 30]]);
  }
  if (unit === 'school' || unit === 'middleSchool') return '教师';
  if (unit === 'hospital') return '医生';
  if (migrant) return rng.weighted(WORK_MIGRANT);
  return rng.weighted(type === '村' ? WORK_VILLAGE : WORK_COMMUNITY);
}

const INFLOW_REASONS: W<string> = [['01', 65], ['03', 15], ['02', 3], ['04', 2], ['09', 3], ['08', 7], ['07', 2], ['99', 3]];
const DWELLING: W<string> = [['02', 70], ['01', 8], ['03', 4], ['04', 6], ['05', 6], ['06', 3], ['07', 2], ['99', 1]];

/** Writes the households in the given order (grid by grid) and their members. */
export function generatePeople(
  w: DemoWriter,
  rng: Rng,
  layout: TownLayout,
  households: readonly { plan: HouseholdPlan; placement: Placement }[],
  o: PeopleOptions,
): void {
  const { ctx } = w;
  const total = households.reduce((n, h) => n + h.plan.members.length, 0);
  const keysCache = new Map<string, { namePinyin: string; nameInitials: string }>();
  const keysOf = (name: string) => {
    let k = keysCache.get(name);
    if (!k) keysCache.set(name, (k = nameKeys(name)));
    return k;
  };
  let done = 0;
  let nextReport = 0;
  ctx.progress?.(0, total, '生成人员');

  for (const { plan, placement } of households) {
    checkCancelled(ctx);
    const { grid, village } = placement;
    const address = grid ? grid.nextAddress() : layout.nextUnassignedAddress();
    const number = village.code.slice(6) + String(++village.householdSerial).padStart(4, '0');
    const note = grid?.unit === 'elderly' ? '特困人员集中供养' : plan.migrant ? '流动人口租住户' : '';
    const householdId = w.household(number, grid?.id ?? null, address, note, plan.tags);

    // 流动人口: one arrival date and reason for the household; the family came along (随迁).
    const arrived = plan.migrant ? addDays(o.today, -rng.int(20, 3650)) : null;
    const headReason = plan.migrant ? rng.weighted(INFLOW_REASONS) : null;
    const dwelling = plan.migrant ? (grid?.unit === 'park' ? rng.weighted([['05', 85], ['06', 15]]) : rng.weighted(DWELLING)) : null;
    const homeAddress = plan.origin ? `${plan.origin.label}${rng.pick(HOME_PLACES)}${rng.int(1, 20)}组${rng.int(1, 90)}号` : '';

    for (const m of plan.members) {
      const edu = education(rng, m);
      const head = m.relation === '02';
      let status: ResidentValues['status'] = '在册';
      let leftOn: string | null = null;
      let leftReason: string | null = null;
      if (!plan.migrant && !head) {
        if ((m.relation === '20' || m.relation === '30') && m.age >= 18 && m.age <= 35 && rng.chance(0.02)) {
          status = '迁出';
          leftOn = addDays(o.today, -rng.int(30, 900));
          leftReason = rng.pick(['升学迁出', '迁往外地工作', '婚嫁迁出']);
        } else if (['51', '52', '53', '54', '55', '56'].includes(m.relation) && m.marital === '30' && m.age >= 78 && rng.chance(0.06)) {
          status = '死亡';
          leftOn = addDays(o.today, -rng.int(10, 700));
          leftReason = '病故';
        }
      }
      let inflowDate: string | null = null;
      let certificateType: string | null = null;
      let certificateExpiry: string | null = null;
      let certificateNumber = '';
      if (plan.migrant && arrived) {
        inflowDate = arrived > m.birthDate ? arrived : m.birthDate;
        if (m.age >= 16) {
          certificateType = rng.weighted([['01', 70], ['02', 10], [null, 20]]);
          if (certificateType) {
            certificateNumber = `${o.countyCode}${inflowDate.slice(0, 4)}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
            const expiry = addDays(o.today, rng.int(-90, 365));
            certificateExpiry = expiry > inflowDate ? expiry : addDays(inflowDate, 365);
          }
        }
      }
      const idNumber = o.ids.issue(m.addressCode, m.birthDate, m.sex);
      const hasPhone = m.age >= 16 && rng.chance(m.age >= 75 ? 0.55 : 0.93);
      w.resident({
        idNumber,
        name: m.name,
        sex: m.sex,
        birthDate: m.birthDate,
        ethnicity: m.ethnicity,
        nativePlace: m.addressCode,
        marital: m.marital,
        political: political(rng, m, edu.code, edu.student),
        education: edu.code,
        occupation: occupation(rng, m, edu.student, plan.migrant, village.type, grid?.unit ?? null),
        phone: hasPhone ? o.phones.mobile() : '',
        registeredAddress: plan.migrant ? homeAddress : `${o.townName}${address}`,
        currentAddress: address,
        residenceKind: plan.migrant ? '2' : '1',
        inflowReason: plan.migrant ? (head || (m.age >= 16 && rng.chance(0.5)) ? headReason : '06') : null,
        certificateType,
        certificateNumber,
        inflowDate,
        certificateExpiry,
        dwellingType: dwelling,
        keyConcern: plan.migrant && m.age >= 18 && rng.chance(0.01),
        householdId,
        relation: m.relation,
        gridId: grid?.id ?? null,
        status,
        leftOn,
        leftReason,
        ...keysOf(m.name),
      });
      done++;
    }
    if (done >= nextReport) {
      ctx.progress?.(done, total, '生成人员');
      nextReport = done + 2000;
    }
  }
  ctx.progress?.(total, total, '生成人员');
}

export function checkCancelled(ctx: ServiceContext): void {
  if (ctx.signal?.aborted) throw new AppError('CANCELLED', '已取消载入演示数据，数据库没有改动。');
}
