// Villages (村/社区) and grids of the demo town, with their 12- and 15-digit codes, names,
// descriptions and an address maker per grid.
import { checkGridCode, checkVillageCode } from '../../../shared/rules/regionCode';
import { chineseNumber, COMMUNITY_NAMES, ESTATE_NAMES, SPECIAL_UNITS, type UnitKind, VILLAGE_NAMES } from './places';
import type { Rng } from './random';
import type { DemoWriter } from './writer';

export interface VillageInfo {
  id: number;
  code: string;
  name: string;
  type: '村' | '社区';
  /** 综合网格 then 专属网格 of this village. */
  grids: GridInfo[];
  /** Last household serial used in this village (for 户号). */
  householdSerial: number;
}

export interface GridInfo {
  id: number;
  code: string;
  name: string;
  kind: '综合网格' | '专属网格';
  village: VillageInfo;
  /** The unit of a 专属网格. */
  unit: UnitKind | null;
  /** Next address in this grid. */
  nextAddress: () => string;
}

export interface TownLayout {
  villages: VillageInfo[];
  grids: GridInfo[];
  /** 综合网格 only. */
  comprehensive: GridInfo[];
  /** 专属网格 by unit kind. */
  units: Map<UnitKind, GridInfo>;
  /** Address maker for the few households in no grid. */
  unassignedVillage: VillageInfo;
  nextUnassignedAddress: () => string;
}

export interface LayoutOptions {
  townName: string;
  townCode: string;
  /** Number of 综合网格 to create. */
  comprehensiveGrids: number;
  /** 专属网格 to create (kinds from SPECIAL_UNITS, in that order). */
  units: readonly UnitKind[];
  /** Share of 村/社区 that are 社区 (a 街道 is mostly 社区). */
  communityShare: number;
}

export function townStem(townName: string): string {
  const stem = townName.replace(/(街道办事处|街道|镇|乡)$/, '');
  return stem || townName;
}

/** Creates the villages and their grids in the database and returns them with address makers. */
export function generateVillagesAndGrids(w: DemoWriter, rng: Rng, o: LayoutOptions): TownLayout {
  const stem = townStem(o.townName);
  const g = Math.max(1, o.comprehensiveGrids);
  const unitCount = g >= 2 ? Math.max(2, Math.round(g / 3)) : 1;
  const communities = unitCount >= 2 ? Math.max(1, Math.min(unitCount - 1, Math.round(unitCount * o.communityShare))) : 0;

  // Grids per village: one each, the rest spread with communities a little denser, at most 8.
  const gridCounts = Array.from({ length: unitCount }, () => 1);
  for (let left = Math.min(g - unitCount, unitCount * 7); left > 0; ) {
    const i = rng.int(0, unitCount - 1);
    const weight = i < communities ? 1 : 0.7;
    if (gridCounts[i]! < 8 && rng.chance(weight)) {
      gridCounts[i]!++;
      left--;
    }
  }

  const communityNames = [`${stem}社区`, ...rng.shuffle(COMMUNITY_NAMES.filter((n) => n !== `${stem}社区`))];
  const villageNames = rng.shuffle([...VILLAGE_NAMES]);
  const estates = rng.shuffle([...ESTATE_NAMES]);
  let estateIndex = 0;
  const nextEstate = () => {
    const base = estates[estateIndex % estates.length]!;
    const round = Math.floor(estateIndex / estates.length);
    estateIndex++;
    return round === 0 ? base : `${base}${chineseNumber(round + 1)}期`;
  };

  const villages: VillageInfo[] = [];
  const comprehensive: GridInfo[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < unitCount; i++) {
    const isCommunity = i < communities;
    const serial = isCommunity ? i + 1 : 200 + (i - communities) + 1;
    const code = o.townCode.slice(0, 9) + String(serial).padStart(3, '0');
    if (!checkVillageCode(code, o.townCode).ok) throw new Error(`bad demo village code ${code}`);
    const pool = isCommunity ? communityNames : villageNames;
    const listIndex = isCommunity ? i : i - communities;
    let name = pool[listIndex % pool.length]!;
    if (usedNames.has(name)) name = `${name.slice(0, -(isCommunity ? 2 : 1))}${chineseNumber(Math.floor(listIndex / pool.length) + 1)}${isCommunity ? '社区' : '村'}`;
    usedNames.add(name);
    const type = isCommunity ? '社区' : '村';
    const v: VillageInfo = { id: w.village(code, name, type), code, name, type, grids: [], householdSerial: 0 };
    villages.push(v);

    for (let j = 1; j <= gridCounts[i]!; j++) {
      const gridCode = code + String(j).padStart(3, '0');
      let description: string;
      let nextAddress: () => string;
      if (isCommunity) {
        const estate = nextEstate();
        description = `${estate}及周边沿街商户`;
        let k = 0;
        nextAddress = () => {
          // 2 units × 6 floors × 2 flats a building.
          const building = Math.floor(k / 24) + 1;
          const unit = Math.floor((k % 24) / 12) + 1;
          const floor = Math.floor((k % 12) / 2) + 1;
          const flat = (k % 2) + 1;
          k++;
          return `${name}${estate}${building}栋${unit}单元${floor}0${flat}室`;
        };
      } else {
        const first = (j - 1) * 3 + 1;
        description = `${name}第${chineseNumber(first)}至第${chineseNumber(first + 2)}村民小组`;
        let k = 0;
        nextAddress = () => {
          const group = first + (k % 3);
          const number = Math.floor(k / 3) + 1;
          k++;
          return `${name}${group}组${number}号`;
        };
      }
      const gridName = `第${chineseNumber(j)}网格`;
      if (!checkGridCode(gridCode, code, '综合网格').ok) throw new Error(`bad demo grid code ${gridCode}`);
      const grid: GridInfo = {
        id: w.grid(v.id, gridCode, gridName, '综合网格', description),
        code: gridCode,
        name: gridName,
        kind: '综合网格',
        village: v,
        unit: null,
        nextAddress,
      };
      v.grids.push(grid);
      comprehensive.push(grid);
    }
  }

  // 专属网格: schools and the health centre in the town-centre community, the park and the home in a village.
  const units = new Map<UnitKind, GridInfo>();
  const firstCommunity = villages[0]!;
  const someVillage = villages[communities] ?? villages[villages.length - 1]!;
  for (const kind of o.units) {
    const def = SPECIAL_UNITS.find((u) => u.kind === kind)!;
    const v = def.place === 'community' ? firstCommunity : someVillage;
    const serial = 901 + v.grids.filter((x) => x.kind === '专属网格').length;
    const gridCode = v.code + String(serial);
    if (!checkGridCode(gridCode, v.code, '专属网格').ok) throw new Error(`bad demo grid code ${gridCode}`);
    const name = def.name(stem, o.townName);
    let k = 0;
    const nextAddress = () => {
      k++;
      switch (kind) {
        case 'park':
          return `${name}员工宿舍${Math.floor((k - 1) / 40) + 1}栋${100 * (Math.floor(((k - 1) % 40) / 10) + 1) + ((k - 1) % 10) + 1}室`;
        case 'elderly':
          return `${name}${k}号房`;
        case 'market':
          return `${name}${k}号商铺`;
        default:
          return `${name}${kind === 'hospital' ? '职工' : '教师'}宿舍${k}号`;
      }
    };
    const grid: GridInfo = { id: w.grid(v.id, gridCode, name, '专属网格', def.description), code: gridCode, name, kind: '专属网格', village: v, unit: kind, nextAddress };
    v.grids.push(grid);
    units.set(kind, grid);
  }

  const unassignedVillage = villages[villages.length - 1]!;
  let u = 0;
  return {
    villages,
    grids: villages.flatMap((v) => v.grids),
    comprehensive,
    units,
    unassignedVillage,
    nextUnassignedAddress: () => `${unassignedVillage.name}安置小区${Math.floor(u / 6) + 1}幢${(u++ % 6) + 1}号`,
  };
}
