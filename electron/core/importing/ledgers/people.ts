// The person of a ledger row in 实有人口: found by the ID number, or created through the people services
// (person.create, household.create, with the contract's own checks) with the household and grid the
// file names. A person already on file is not rewritten from a ledger file; the one change made is
// placing someone who has no household into the household the file gives (a 低保 member must live in it).
import { eq } from 'drizzle-orm';
import { personInput } from '../../../../shared/contract/people';
import type { ServiceContext } from '../../context';
import { grid, household, resident, village } from '../../db/schema';
import { createHousehold, createPerson, requirePerson, updatePerson } from '../../people/service';
import { toHalfWidth } from '../columns';
import type { ApplyKit, LedgerRow, PeopleDoor } from './types';

interface GridRow {
  id: number;
  code: string;
  name: string;
  village: string;
}

const gridKey = (s: string) => toHalfWidth(s).replace(/[\s/\\\-—_·|>＞]+/g, '');

/** The person columns a new resident is made from (the rest of the base record stays empty). */
const PERSON_FIELDS = ['sex', 'ethnicity', 'phone', 'registeredAddress', 'currentAddress', 'relation'] as const;

export class PeopleOnFile implements PeopleDoor {
  private grids: { byCode: Map<string, GridRow>; byName: Map<string, GridRow[]> } | null = null;

  constructor(private readonly ctx: ServiceContext) {}

  private loadGrids() {
    if (this.grids) return this.grids;
    const all = this.ctx.ledger.db
      .select({ id: grid.id, code: grid.code, name: grid.name, village: village.name })
      .from(grid)
      .innerJoin(village, eq(village.id, grid.villageId))
      .all();
    const byName = new Map<string, GridRow[]>();
    for (const g of all) {
      for (const key of new Set([gridKey(g.name), gridKey(g.village + g.name)])) byName.set(key, [...(byName.get(key) ?? []), g]);
    }
    this.grids = { byCode: new Map(all.map((g) => [g.code, g])), byName };
    return this.grids;
  }

  /** The grid the row names (code, or name, or 村名+网格名), or null when it names none. */
  gridOf(kit: ApplyKit, row: LedgerRow): number | null {
    for (const key of ['gridCode', 'grid', 'gridName']) {
      const text = kit.text(row, key);
      if (!text) continue;
      const { byCode, byName } = this.loadGrids();
      if (/^\d{15}$/.test(text)) {
        const g = byCode.get(text);
        if (!g) kit.refuse(row, key, `网格编码「${text}」不存在，请先在「网格」页面建立该网格，或核对编码`);
        return g.id;
      }
      if (key === 'gridCode') kit.refuse(row, key, `网格编码「${text}」应为15位数字（12位村/社区代码 + 3位网格序号）`);
      const list = byName.get(gridKey(text)) ?? [];
      if (list.length === 0) kit.refuse(row, key, `网格「${text}」不存在，请先在「网格」页面建立该网格，或改填15位网格编码`);
      if (list.length > 1) kit.refuse(row, key, `有多个网格叫「${text}」（${list.map((g) => g.village).join('、')}），请改填15位网格编码，或写成「村名+网格名」`);
      return list[0]!.id;
    }
    return null;
  }

  /**
   * The household of the row's 户号: the one on file, or a new one (in the row's grid, at its address).
   * Without a 户号, a new household with a number of its own when `create` (a 低保 household), else none.
   */
  householdOf(kit: ApplyKit, row: LedgerRow, create: boolean): { id: number; number: string } | null {
    const number = kit.text(row, 'householdNumber');
    if (number) {
      const found = this.ctx.ledger.db.select({ id: household.id, number: household.number }).from(household).where(eq(household.number, number)).get();
      if (found) return found;
    } else if (!create) return null;
    const gridId = this.gridOf(kit, row);
    const input = kit.input('household.create', { number: number || undefined, gridId, address: kit.text(row, 'currentAddress'), note: '', tags: [] }, row, {
      number: 'householdNumber',
      gridId: 'gridCode',
      address: 'currentAddress',
    });
    const made = kit.step(row, number ? 'householdNumber' : 'idNumber', () => createHousehold(this.ctx, input), { number: 'householdNumber', gridId: 'gridCode' });
    kit.tally.householdsAdded++;
    return { id: made.id, number: made.number };
  }

  /**
   * The row's person: matched by ID number (the name must agree), or created with the row's household and grid.
   * `home` places the person in that household (a 低保 household's member); otherwise the row's 户号 decides.
   */
  personOf(kit: ApplyKit, row: LedgerRow, home?: { id: number; number: string }): number {
    const db = this.ctx.ledger.db;
    const found = db
      .select({ id: resident.id, name: resident.name, householdId: resident.householdId })
      .from(resident)
      .where(eq(resident.idNumber, row.idNumber))
      .get();
    if (found) {
      if (found.name !== row.name) {
        kit.refuse(row, 'name', `公民身份号码 ${row.idNumber} 在实有人口中登记的姓名是「${found.name}」，与本行的「${row.name}」不一致，请核对`);
      }
      kit.tally.residentsMatched++;
      if (home && found.householdId === null) this.placeInHousehold(kit, row, found.id, home.id);
      return found.id;
    }
    const target = home ?? this.householdOf(kit, row, false);
    const gridId = this.gridOf(kit, row);
    const raw: Record<string, unknown> = { idNumber: row.idNumber, name: row.name, householdId: target?.id ?? null, gridId };
    for (const key of PERSON_FIELDS) {
      const v = kit.value(row, key);
      if (v !== null) raw[key] = String(v);
    }
    const paths = { gridId: 'gridCode', householdId: 'householdNumber' };
    const input = kit.input('person.create', raw, row, paths);
    const person = kit.step(row, 'idNumber', () => createPerson(this.ctx, input), paths);
    kit.tally.residentsAdded++;
    return person.id;
  }

  /** A person on file with no household, placed in the file's (keeping every other field as stored). */
  private placeInHousehold(kit: ApplyKit, row: LedgerRow, residentId: number, householdId: number) {
    const p = requirePerson(this.ctx, residentId);
    const raw: Record<string, unknown> = { id: p.id };
    for (const key of Object.keys(personInput.shape) as (keyof typeof personInput.shape)[]) raw[key] = p[key];
    raw.householdId = householdId;
    const relation = kit.value(row, 'relation');
    if (relation !== null) raw.relation = String(relation);
    const input = kit.input('person.update', raw, row, { householdId: 'householdNumber' });
    kit.step(row, 'householdNumber', () => updatePerson(this.ctx, input));
    kit.tally.residentsUpdated++;
  }

  householdNumberOf(idNumber: string): string | null {
    const found = this.ctx.ledger.db
      .select({ number: household.number })
      .from(resident)
      .innerJoin(household, eq(household.id, resident.householdId))
      .where(eq(resident.idNumber, idNumber))
      .get();
    return found?.number ?? null;
  }
}
