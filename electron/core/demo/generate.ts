// The demo town: a realistic, deterministic town so a newcomer (and every benchmark) sees a living
// ledger at once. Steps, each in its own module so later issues can add theirs (key-group ledgers):
//   planHouseholds → allocate to 综合/专属网格 → generateVillagesAndGrids → generateStaff
//   → placeHouseholds → generatePeople → generateDemoLedgers (安置帮教, 严重精神障碍, 低保 with a year of records)
//   → generateDemoMap (village and grid boundaries, household points).
//   → generateDemoVisits (a year of grid workers' visits).
// One transaction: either the whole town is written or nothing.
import type { DemoSummary } from '../../../shared/contract/demo';
import { townshipKind } from '../../../shared/rules/regionCode';
import type { ServiceContext } from '../context';
import { conflict, validationError } from '../errors';
import { getTown, setupTown } from '../town/service';
import { type HouseholdPlan, planHouseholds } from './households';
import { IdRegistry, PhoneRegistry } from './identity';
import { generateDemoLedgers } from './ledgers';
import { generateDemoEvents } from './events';
import { generateDemoVisits } from './visits';
import { generateVillagesAndGrids, type TownLayout } from './layout';
import { checkCancelled, generatePeople, type Placement } from './people';
import { SPECIAL_UNITS, type UnitKind } from './places';
import { Rng } from './random';
import { generateStaff } from './staff';
import { generateDemoMap } from './map';
import { DemoWriter } from './writer';
import { sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { row as one } from '../db/query';
import { grid, household, resident, staff, village } from '../db/schema';

/** The town set up when the database has none yet (320121 is a former county code, so no real town). */
export const DEMO_TOWN = { name: '青石镇', code: '320121105000' } as const;

export const DEMO_MAX_RESIDENTS = 1_000_000;

export interface DemoOptions {
  residents: number;
  seed: number;
}

export type DemoResult = DemoSummary & { town: { name: string; code: string } };

/** Households per 综合网格 we aim at (grids get 300–500). */
const HOUSEHOLDS_PER_GRID = 400;
const MIN_GRID_HOUSEHOLDS = 300;
const MAX_GRID_HOUSEHOLDS = 500;

export function assertEmptyForDemo(ctx: ServiceContext): void {
  const used = (table: SQLiteTable) => sql`exists(select 1 from ${table})`;
  const row = one(
    ctx.ledger.sqlite,
    sql<{ used: number }>`select ${used(village)} or ${used(grid)} or ${used(staff)}
          or ${used(household)} or ${used(resident)} as used`,
  )!;
  if (row.used) {
    throw conflict('数据库中已有村（社区）、网格、网格员或人员数据，演示数据只能载入空数据库。请新建一个数据库后再载入演示数据。');
  }
}

export function generateDemoTown(ctx: ServiceContext, opts: DemoOptions): DemoResult {
  if (!Number.isInteger(opts.residents) || opts.residents < 1 || opts.residents > DEMO_MAX_RESIDENTS) {
    throw validationError(`演示人数应为 1–${DEMO_MAX_RESIDENTS} 之间的整数，现在是「${opts.residents}」`);
  }
  if (!Number.isInteger(opts.seed)) throw validationError(`随机种子应为整数，现在是「${opts.seed}」`);
  checkCancelled(ctx);
  return ctx.ledger.sqlite.transaction(() => {
    assertEmptyForDemo(ctx);
    const town = getTown(ctx) ?? setupTown(ctx, { ...DEMO_TOWN });
    const today = ctx.today();
    const countyCode = town.code.slice(0, 6);
    const rng = new Rng(opts.seed);
    const planRng = rng.fork(1);
    const allocRng = rng.fork(2);
    const layoutRng = rng.fork(3);
    const staffRng = rng.fork(4);
    const placeRng = rng.fork(5);
    const peopleRng = rng.fork(6);
    const ids = new IdRegistry(rng.fork(7));
    const phones = new PhoneRegistry(rng.fork(8));
    const w = new DemoWriter(ctx, new Date().toISOString());

    ctx.progress?.(0, opts.residents, '规划住户');
    const plans = planHouseholds({ rng: planRng, today, countyCode }, opts.residents);
    const allocation = allocateHouseholds(allocRng, plans);
    checkCancelled(ctx);

    ctx.progress?.(0, opts.residents, '生成村（社区）和网格');
    const layout = generateVillagesAndGrids(w, layoutRng, {
      townName: town.name,
      townCode: town.code,
      comprehensiveGrids: allocation.comprehensiveGrids,
      units: allocation.units,
      communityShare: townshipKind(town.code) === '街道' ? 0.8 : 0.25,
    });
    generateStaff(w, staffRng, layout, { today, countyCode, ids, phones });
    const placed = placeHouseholds(placeRng, layout, plans, allocation.destinations);
    generatePeople(w, peopleRng, layout, placed, { today, townName: town.name, countyCode, ids, phones });
    checkCancelled(ctx);
    const ledgers = generateDemoLedgers(ctx, rng.fork(9), opts.residents);
    // Boundaries and household points (issue 11): a fork of its own, so the people above stay as they were.
    generateDemoMap(ctx, rng.fork(10), layout);
    checkCancelled(ctx);
    // A year of grid workers' visits (issue 12); they are records too. Before the events, which may come of a visit.
    ledgers.records += generateDemoVisits(ctx, rng.fork(12), opts.residents);
    checkCancelled(ctx);
    const events = generateDemoEvents(ctx, rng.fork(11), opts.residents);
    ctx.progress?.(opts.residents, opts.residents, '完成');
    return { ...w.counts, ...ledgers, events, town: { name: town.name, code: town.code } };
  })();
}

type Destination = 'comprehensive' | 'none' | UnitKind;

export interface Allocation {
  destinations: Destination[];
  units: UnitKind[];
  comprehensiveGrids: number;
}

/** Limits and odds of the few households that live in a 专属网格. */
const UNIT_HOUSEHOLDS: Record<UnitKind, { max: number; odds: number; fits: (p: HouseholdPlan) => boolean }> = {
  park: { max: 250, odds: 0.35, fits: (p) => p.kind === 'migrantSingle' },
  elderly: { max: 40, odds: 0.12, fits: (p) => p.kind === 'singleElder' },
  school: { max: 8, odds: 0.02, fits: (p) => p.kind === 'nuclear' || p.kind === 'youngCouple' },
  hospital: { max: 6, odds: 0.02, fits: (p) => p.kind === 'nuclear' || p.kind === 'youngCouple' },
  middleSchool: { max: 5, odds: 0.02, fits: (p) => p.kind === 'nuclear' || p.kind === 'youngCouple' },
  market: { max: 12, odds: 0.01, fits: (p) => !p.migrant && p.kind !== 'leftBehind' },
};

/** Decides which households live in a 专属网格 or in no grid, and how many 综合网格 the rest need. */
export function allocateHouseholds(rng: Rng, plans: HouseholdPlan[]): Allocation {
  const estimate = Math.max(1, Math.round(plans.length / HOUSEHOLDS_PER_GRID));
  const unitCount = estimate < 3 ? 1 : Math.min(SPECIAL_UNITS.length, Math.max(2, Math.round(estimate / 20)));
  const units = SPECIAL_UNITS.slice(0, unitCount).map((u) => u.kind);
  const destinations: Destination[] = plans.map(() => 'comprehensive');
  const filled = new Map<UnitKind, number>();
  plans.forEach((p, i) => {
    for (const u of units) {
      const rule = UNIT_HOUSEHOLDS[u];
      if ((filled.get(u) ?? 0) < rule.max && rule.fits(p) && rng.chance(rule.odds)) {
        destinations[i] = u;
        filled.set(u, (filled.get(u) ?? 0) + 1);
        if (u === 'elderly' && !p.tags.includes('01')) p.tags = ['01', ...p.tags].sort();
        break;
      }
    }
  });
  // A handful of local households not yet put in a grid (newly moved in).
  const locals = plans.flatMap((p, i) => (!p.migrant && destinations[i] === 'comprehensive' ? [i] : []));
  const unassigned = Math.min(locals.length - 1, Math.max(1, Math.min(20, Math.round(plans.length * 0.0005))));
  for (let n = 0; n < unassigned; ) {
    const i = locals[rng.int(0, locals.length - 1)]!;
    if (destinations[i] === 'comprehensive') {
      destinations[i] = 'none';
      n++;
    }
  }
  const comprehensive = destinations.filter((d) => d === 'comprehensive').length;
  return { destinations, units, comprehensiveGrids: Math.max(1, Math.round(comprehensive / HOUSEHOLDS_PER_GRID)) };
}

/**
 * Puts every household in its grid. 综合网格 get 300–500 households each (scaled to the town);
 * 流动人口 lean towards the 社区. Returns the households grid by grid, as they are written.
 */
export function placeHouseholds(rng: Rng, layout: TownLayout, plans: HouseholdPlan[], destinations: Destination[]): { plan: HouseholdPlan; placement: Placement }[] {
  const grids = layout.comprehensive;
  const total = destinations.filter((d) => d === 'comprehensive').length;
  const weights = grids.map(() => rng.int(300, 500));
  const sum = weights.reduce((a, b) => a + b, 0);
  const remaining = weights.map((x) => Math.min(MAX_GRID_HOUSEHOLDS, Math.max(MIN_GRID_HOUSEHOLDS, Math.round((x * total) / sum))));
  // Settle the rounding and clamping one household at a time, staying within 300–500 where the town allows it.
  let diff = total - remaining.reduce((a, b) => a + b, 0);
  for (let i = rng.int(0, grids.length - 1), idle = 0; diff !== 0; i = (i + 1) % grids.length) {
    const cap = remaining[i]!;
    const room = idle >= grids.length || (diff > 0 ? cap < MAX_GRID_HOUSEHOLDS : cap > MIN_GRID_HOUSEHOLDS);
    if (room && (diff > 0 || cap > 0)) {
      remaining[i] = cap + Math.sign(diff);
      diff -= Math.sign(diff);
      idle = 0;
    } else idle++;
  }

  const byGrid = new Map<number, HouseholdPlan[]>();
  const none: HouseholdPlan[] = [];
  const push = (gridId: number, p: HouseholdPlan) => {
    const list = byGrid.get(gridId);
    if (list) list.push(p);
    else byGrid.set(gridId, [p]);
  };
  plans.forEach((p, i) => {
    const d = destinations[i]!;
    if (d === 'none') none.push(p);
    else if (d !== 'comprehensive') push(layout.units.get(d)!.id, p);
    else {
      let sumW = 0;
      for (let g = 0; g < grids.length; g++) sumW += remaining[g]! * (p.migrant && grids[g]!.village.type === '社区' ? 3 : 1);
      let r = rng.next() * sumW;
      let chosen = grids.length - 1;
      for (let g = 0; g < grids.length; g++) {
        r -= remaining[g]! * (p.migrant && grids[g]!.village.type === '社区' ? 3 : 1);
        if (r < 0) {
          chosen = g;
          break;
        }
      }
      while (remaining[chosen] === 0) chosen = (chosen + 1) % grids.length;
      remaining[chosen]!--;
      push(grids[chosen]!.id, p);
    }
  });

  const out: { plan: HouseholdPlan; placement: Placement }[] = [];
  for (const v of layout.villages) {
    for (const g of v.grids) for (const plan of byGrid.get(g.id) ?? []) out.push({ plan, placement: { grid: g, village: v } });
  }
  for (const plan of none) out.push({ plan, placement: { grid: null, village: layout.unassignedVillage } });
  return out;
}
