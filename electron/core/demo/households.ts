// Household compositions for the demo town: who lives together, with ages, sexes, marital status
// and relations to the head (GB/T 4761) that agree with each other. Pure: no database here.
import { NEIGHBOUR_COUNTY_SUFFIXES, ORIGIN_COUNTIES } from './places';
import { randomGivenName, randomSurname } from './names';
import type { Rng } from './random';

export type Sex = '1' | '2';

export interface MemberPlan {
  relation: string;
  sex: Sex;
  age: number;
  birthDate: string;
  /** GB/T 2261.2; null for children under 16. */
  marital: string | null;
  name: string;
  surname: string;
  /** GB/T 3304 */
  ethnicity: string;
  /** The ID number's 6-digit address code. */
  addressCode: string;
}

export type HouseholdKind =
  | 'singleElder' | 'singleAdult' | 'elderCouple' | 'youngCouple' | 'nuclear' | 'threeGenerations' | 'withParents'
  | 'leftBehind' | 'singleParent' | 'migrantSingle' | 'migrantCouple' | 'migrantFamily';

export interface HouseholdPlan {
  kind: HouseholdKind;
  migrant: boolean;
  /** Home county of a 流动人口 household. */
  origin: (typeof ORIGIN_COUNTIES)[number] | null;
  members: MemberPlan[];
  /** householdTagTable codes. */
  tags: string[];
}

export const MAX_HOUSEHOLD_SIZE = 6;

const LOCAL_KINDS: readonly (readonly [HouseholdKind, number])[] = [
  ['singleElder', 9], ['singleAdult', 6], ['elderCouple', 12], ['youngCouple', 5], ['nuclear', 30], ['threeGenerations', 14],
  ['withParents', 10], ['leftBehind', 4], ['singleParent', 4],
];
const MIGRANT_KINDS: readonly (readonly [HouseholdKind, number])[] = [['migrantSingle', 55], ['migrantCouple', 25], ['migrantFamily', 20]];

/** Share of households that are 流动人口: gives about 6–7 % of persons. */
const MIGRANT_HOUSEHOLD_SHARE = 0.11;

const MINORITIES: readonly (readonly [string, number])[] = [['03', 40], ['11', 20], ['15', 10], ['06', 10], ['08', 10], ['02', 5], ['10', 5]];

export interface PlanContext {
  rng: Rng;
  /** YYYY-MM-DD */
  today: string;
  /** 6-digit county code of the town. */
  countyCode: string;
}

/** Dates are computed on UTC day numbers; cheap enough for 100,000 people. */
function birthFromAge(rng: Rng, today: string, age: number): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1;
  const d = Number(today.slice(8, 10));
  const end = Date.UTC(y - age, m, d);
  const start = Date.UTC(y - age - 1, m, d) + 86_400_000;
  const t = new Date(start + rng.int(0, Math.round((end - start) / 86_400_000)) * 86_400_000);
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

class Builder {
  readonly members: MemberPlan[] = [];

  constructor(
    private readonly c: PlanContext,
    readonly surname: string,
    readonly ethnicity: string,
    private readonly homeCode: string,
  ) {}

  add(relation: string, sex: Sex, age: number, marital: string | null, opts: { surname?: string; ethnicity?: string; addressCode?: string } = {}): MemberPlan {
    const { rng, today } = this.c;
    const birthDate = birthFromAge(rng, today, age);
    const surname = opts.surname ?? this.surname;
    const m: MemberPlan = {
      relation,
      sex,
      age,
      birthDate,
      marital: age < 16 ? null : marital,
      name: surname + randomGivenName(rng, sex, Number(birthDate.slice(0, 4))),
      surname,
      ethnicity: opts.ethnicity ?? this.ethnicity,
      addressCode: opts.addressCode ?? this.homeCode,
    };
    this.members.push(m);
    return m;
  }
}

function localEthnicity(rng: Rng): string {
  return rng.chance(0.98) ? '01' : rng.weighted(MINORITIES);
}

/** A spouse who married in: now and then from a neighbouring county of the same prefecture. */
function marriedInCode(c: PlanContext): string {
  if (!c.rng.chance(0.2)) return c.countyCode;
  const others = NEIGHBOUR_COUNTY_SUFFIXES.filter((s) => s !== c.countyCode.slice(4));
  return c.countyCode.slice(0, 4) + c.rng.pick(others);
}

/** Age of a child born to a mother now `motherAge` old, between `min` and `max`; null if impossible. */
function childAge(rng: Rng, motherAge: number, min: number, max: number): number | null {
  for (let i = 0; i < 8; i++) {
    const a = motherAge - rng.int(21, 38);
    if (a >= min && a <= max) return a;
  }
  return null;
}

interface Couple {
  head: MemberPlan;
  spouse: MemberPlan | null;
  /** Age of the woman of the couple (for her children's ages). */
  motherAge: number;
  /** Surname and ethnicity the children take. */
  childSurname: string;
  childEthnicity: string;
}

/** Head (and spouse, unless `withSpouse` is false) of a household. */
function couple(c: PlanContext, b: Builder, headMin: number, headMax: number, opts: { maleHead?: number; withSpouse?: boolean; spouseFrom?: () => string } = {}): Couple {
  const { rng } = c;
  const headSex: Sex = rng.chance(opts.maleHead ?? 0.86) ? '1' : '2';
  const headAge = rng.int(headMin, headMax);
  if (opts.withSpouse === false) {
    const head = b.add('02', headSex, headAge, '20');
    return { head, spouse: null, motherAge: headSex === '2' ? headAge : headAge - rng.int(-2, 5), childSurname: b.surname, childEthnicity: b.ethnicity };
  }
  const remarried = rng.chance(0.03);
  const head = b.add('02', headSex, headAge, remarried ? '22' : '20');
  const spouseSex: Sex = headSex === '1' ? '2' : '1';
  const gap = rng.int(-2, 5);
  const spouseAge = Math.max(spouseSex === '1' ? 22 : 20, headSex === '1' ? headAge - gap : headAge + gap);
  const spouseSurname = randomSurname(rng);
  const spouseEthnicity = localEthnicity(rng);
  const spouse = b.add('10', spouseSex, spouseAge, remarried ? '22' : '20', {
    surname: spouseSurname,
    ethnicity: spouseEthnicity,
    addressCode: opts.spouseFrom ? opts.spouseFrom() : marriedInCode(c),
  });
  // Children take the father's surname (now and then the mother's), and either parent's ethnicity.
  const father = headSex === '1' ? head : spouse;
  const fatherSurname = headSex === '1' ? b.surname : spouseSurname;
  const childSurname = rng.chance(0.04) ? (headSex === '1' ? spouseSurname : b.surname) : fatherSurname;
  const minority = [head.ethnicity, spouse.ethnicity].find((e) => e !== '01');
  return {
    head,
    spouse,
    motherAge: headSex === '2' ? headAge : spouseAge,
    childSurname,
    childEthnicity: minority && rng.chance(0.6) ? minority : father.ethnicity,
  };
}

function addChildren(c: PlanContext, b: Builder, cp: Couple, count: number, minAge: number, maxAge: number) {
  const ages: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = childAge(c.rng, cp.motherAge, minAge, maxAge);
    if (a !== null) ages.push(a);
  }
  ages.sort((x, y) => y - x);
  for (const age of ages) {
    const sex: Sex = c.rng.chance(0.52) ? '1' : '2';
    b.add(sex === '1' ? '20' : '30', sex, age, '10', { surname: cp.childSurname, ethnicity: cp.childEthnicity });
  }
}

function planLocal(c: PlanContext, kind: HouseholdKind, surname: string): HouseholdPlan {
  const { rng } = c;
  const ethnicity = localEthnicity(rng);
  const b = new Builder(c, surname, ethnicity, c.countyCode);
  const tags: string[] = [];
  switch (kind) {
    case 'singleElder': {
      const sex: Sex = rng.chance(0.6) ? '2' : '1';
      b.add('02', sex, rng.int(65, 92), rng.weighted([['30', 85], ['10', 6], ['40', 9]]));
      break;
    }
    case 'singleAdult': {
      const age = rng.int(22, 60);
      b.add('02', rng.chance(0.65) ? '1' : '2', age, age < 35 ? rng.weighted([['10', 85], ['40', 15]]) : rng.weighted([['10', 40], ['40', 45], ['30', 15]]));
      break;
    }
    case 'elderCouple':
      couple(c, b, 60, 88);
      break;
    case 'youngCouple':
      couple(c, b, 22, 40);
      break;
    case 'nuclear': {
      const cp = couple(c, b, 28, 58);
      addChildren(c, b, cp, rng.weighted([[1, 50], [2, 38], [3, 12]]), 0, 30);
      break;
    }
    case 'threeGenerations': {
      const widowed = rng.chance(0.2);
      const cp = couple(c, b, 48, 72, { withSpouse: !widowed });
      if (widowed) cp.head.marital = '30';
      const viaDaughter = rng.chance(0.15);
      const childSex: Sex = viaDaughter ? '2' : '1';
      const age = childAge(rng, cp.motherAge, 22, 45) ?? Math.max(22, cp.motherAge - 25);
      const child = b.add(viaDaughter ? '30' : '20', childSex, age, '20', { surname: cp.childSurname, ethnicity: cp.childEthnicity });
      const inLawSurname = randomSurname(rng);
      const inLawAge = Math.max(viaDaughter ? 22 : 20, viaDaughter ? age + rng.int(-2, 5) : age - rng.int(-2, 5));
      b.add(viaDaughter ? '28' : '38', viaDaughter ? '1' : '2', inLawAge, '20', { surname: inLawSurname, ethnicity: localEthnicity(rng), addressCode: marriedInCode(c) });
      const youngMother = viaDaughter ? age : inLawAge;
      const grandSurname = viaDaughter ? (rng.chance(0.3) ? cp.childSurname : inLawSurname) : child.surname;
      const grandAges: number[] = [];
      for (let i = rng.weighted([[1, 55], [2, 45]]); i > 0; i--) {
        const a = childAge(rng, youngMother, 0, 20);
        if (a !== null) grandAges.push(a);
      }
      grandAges.sort((x, y) => y - x);
      for (const a of grandAges) {
        const sex: Sex = rng.chance(0.52) ? '1' : '2';
        const relation = viaDaughter ? (sex === '1' ? '43' : '44') : sex === '1' ? '41' : '42';
        b.add(relation, sex, a, '10', { surname: grandSurname, ethnicity: child.ethnicity });
      }
      // Now and then an unmarried younger child still at home.
      if (b.members.length < MAX_HOUSEHOLD_SIZE && rng.chance(0.2)) {
        const a = childAge(rng, cp.motherAge, 16, 32);
        if (a !== null && a < age) {
          const sex: Sex = rng.chance(0.5) ? '1' : '2';
          b.add(sex === '1' ? '20' : '30', sex, a, '10', { surname: cp.childSurname, ethnicity: cp.childEthnicity });
        }
      }
      break;
    }
    case 'withParents': {
      const withSpouse = rng.chance(0.9);
      const cp = couple(c, b, 30, 55, { withSpouse });
      if (!withSpouse) cp.head.marital = rng.weighted([['40', 60], ['10', 25], ['30', 15]]);
      if (withSpouse) addChildren(c, b, cp, rng.weighted([[0, 25], [1, 45], [2, 30]]), 0, 25);
      const head = cp.head;
      // The head's own parents, or (now and then) the spouse's.
      const spouseSide = cp.spouse !== null && rng.chance(0.15);
      const base = spouseSide ? cp.spouse! : head;
      const parentSurname = base.surname;
      const fatherAge = base.age + rng.int(22, 35);
      const motherAge = fatherAge - rng.int(-1, 5);
      const which = rng.weighted([['both', 50], ['mother', 33], ['father', 17]] as const);
      const rel = (father: boolean) =>
        !spouseSide ? (father ? '51' : '52') : head.sex === '2' ? (father ? '53' : '54') : father ? '55' : '56';
      const parentCode = spouseSide ? base.addressCode : c.countyCode;
      if ((which === 'both' || which === 'father') && fatherAge <= 95 && b.members.length < MAX_HOUSEHOLD_SIZE) {
        b.add(rel(true), '1', fatherAge, which === 'both' ? '20' : '30', { surname: parentSurname, ethnicity: base.ethnicity, addressCode: parentCode });
      }
      if ((which === 'both' || which === 'mother') && motherAge <= 95 && b.members.length < MAX_HOUSEHOLD_SIZE) {
        b.add(rel(false), '2', motherAge, which === 'both' ? '20' : '30', { surname: randomSurname(rng), ethnicity: localEthnicity(rng), addressCode: marriedInCode(c) });
      }
      break;
    }
    case 'leftBehind': {
      const withSpouse = rng.chance(0.8);
      const cp = couple(c, b, 56, 75, { maleHead: 0.7, withSpouse });
      if (!withSpouse) cp.head.marital = '30';
      const viaSon = rng.chance(0.75);
      const grandSurname = viaSon ? cp.childSurname : randomSurname(rng);
      const n = rng.weighted([[1, 55], [2, 45]]);
      const ages = Array.from({ length: n }, () => rng.int(1, 15)).sort((x, y) => y - x);
      for (const a of ages) {
        const sex: Sex = rng.chance(0.52) ? '1' : '2';
        b.add(viaSon ? (sex === '1' ? '41' : '42') : sex === '1' ? '43' : '44', sex, a, '10', { surname: grandSurname, ethnicity: cp.childEthnicity });
      }
      tags.push('05');
      break;
    }
    case 'singleParent': {
      const sex: Sex = rng.chance(0.65) ? '2' : '1';
      const age = rng.int(28, 55);
      b.add('02', sex, age, rng.weighted([['40', 60], ['30', 40]]));
      const motherAge = sex === '2' ? age : age - rng.int(-2, 5);
      const childSurname = sex === '1' || rng.chance(0.3) ? surname : randomSurname(rng);
      addChildren(c, b, { head: b.members[0]!, spouse: null, motherAge, childSurname, childEthnicity: ethnicity }, rng.weighted([[1, 65], [2, 35]]), 0, 25);
      break;
    }
    default:
      throw new Error(`not a local household kind: ${kind}`);
  }
  if (b.members.length > MAX_HOUSEHOLD_SIZE) b.members.length = MAX_HOUSEHOLD_SIZE;

  // Household tags on a few per cent (空巢 only where everyone is 60 or older, 留守儿童 set above).
  if (b.members.every((m) => m.age >= 60) && rng.chance(0.15)) tags.push('04');
  if (rng.chance(kind === 'singleElder' ? 0.08 : 0.025)) tags.push('01');
  if (rng.chance(0.015)) tags.push('02');
  if (rng.chance(0.01)) tags.push('03');
  if (rng.chance(0.007)) tags.push('06');
  tags.sort();
  return { kind, migrant: false, origin: null, members: b.members, tags };
}

function planMigrant(c: PlanContext, kind: HouseholdKind): HouseholdPlan {
  const { rng } = c;
  const origin = rng.pick(ORIGIN_COUNTIES);
  const ethnicity = origin.minorities && rng.chance(0.3) ? rng.pick(origin.minorities) : '01';
  const b = new Builder(c, randomSurname(rng), ethnicity, origin.code);
  const fromHome = () => origin.code;
  switch (kind) {
    case 'migrantSingle': {
      const age = rng.int(18, 52);
      b.add('02', rng.chance(0.65) ? '1' : '2', age, age < 28 ? '10' : rng.weighted([['20', 60], ['10', 30], ['40', 10]]));
      break;
    }
    case 'migrantCouple':
      couple(c, b, 22, 48, { spouseFrom: fromHome });
      break;
    case 'migrantFamily': {
      const cp = couple(c, b, 25, 45, { spouseFrom: fromHome });
      addChildren(c, b, cp, rng.weighted([[1, 60], [2, 40]]), 0, 14);
      break;
    }
    default:
      throw new Error(`not a migrant household kind: ${kind}`);
  }
  return { kind, migrant: true, origin, members: b.members, tags: [] };
}

/** Households until exactly `residents` people are planned, in random order. */
export function planHouseholds(c: PlanContext, residents: number): HouseholdPlan[] {
  const plans: HouseholdPlan[] = [];
  let remaining = residents;
  while (remaining > 0) {
    let plan: HouseholdPlan | null = null;
    for (let attempt = 0; attempt < 20 && !plan; attempt++) {
      const migrant = c.rng.chance(MIGRANT_HOUSEHOLD_SHARE);
      const p = migrant ? planMigrant(c, c.rng.weighted(MIGRANT_KINDS)) : planLocal(c, c.rng.weighted(LOCAL_KINDS), randomSurname(c.rng));
      if (p.members.length <= remaining) plan = p;
    }
    plan ??= planLocal(c, 'singleElder', randomSurname(c.rng));
    plans.push(plan);
    remaining -= plan.members.length;
  }
  return plans;
}
