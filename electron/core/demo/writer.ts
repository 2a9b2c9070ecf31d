// Prepared statements for writing the demo town fast (100,000 residents in one transaction).
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context';
import { grid, household, householdTag, resident, staff, staffGrid, village } from '../db/schema';

/** A resident as the demo writes one (every column but the constant ones). */
export type ResidentValues = Required<
  Pick<
    typeof resident.$inferInsert,
    | 'idNumber' | 'name' | 'sex' | 'birthDate' | 'ethnicity' | 'nativePlace' | 'marital' | 'political' | 'education' | 'occupation'
    | 'phone' | 'registeredAddress' | 'currentAddress' | 'inflowReason' | 'certificateType' | 'certificateNumber' | 'inflowDate'
    | 'certificateExpiry' | 'dwellingType' | 'keyConcern' | 'householdId' | 'relation' | 'gridId' | 'leftOn' | 'leftReason'
    | 'namePinyin' | 'nameInitials'
  >
> & {
  residenceKind: '1' | '2';
  status: '在册' | '迁出' | '死亡';
};

/** Placeholders named as the keys given: the values of one row, bound at run. */
function slots<K extends string>(...keys: K[]) {
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as { [P in K]: ReturnType<typeof sql.placeholder<P>> };
}

export class DemoWriter {
  private readonly insertVillage;
  private readonly insertGrid;
  private readonly insertStaff;
  private readonly insertStaffGrid;
  private readonly insertHousehold;
  private readonly insertTag;
  private readonly insertResident;
  readonly counts = { villages: 0, grids: 0, staff: 0, households: 0, residents: 0 };

  constructor(
    readonly ctx: ServiceContext,
    /** created_at / updated_at of every row. */
    readonly now: string,
  ) {
    // Each insert is built once from the schema, with placeholders, and run per row.
    const db = ctx.ledger.db;
    const at = { createdAt: now, updatedAt: now };
    this.insertVillage = db.insert(village).values({ ...slots('code', 'name', 'type'), ...at }).prepare();
    this.insertGrid = db.insert(grid).values({ ...slots('villageId', 'code', 'name', 'kind', 'description'), ...at }).prepare();
    this.insertStaff = db
      .insert(staff)
      .values({ ...slots('name', 'idNumber', 'phone', 'role', 'startDate', 'note'), endDate: null, ...at })
      .prepare();
    this.insertStaffGrid = db.insert(staffGrid).values(slots('staffId', 'gridId')).prepare();
    this.insertHousehold = db.insert(household).values({ ...slots('number', 'gridId', 'address', 'note'), ...at }).prepare();
    this.insertTag = db.insert(householdTag).values(slots('householdId', 'tag')).prepare();
    this.insertResident = db
      .insert(resident)
      .values({
        ...slots(
          'idNumber', 'name', 'sex', 'birthDate', 'ethnicity', 'nativePlace', 'marital', 'political', 'education', 'occupation', 'phone',
          'registeredAddress', 'currentAddress', 'residenceKind', 'inflowReason', 'certificateType', 'certificateNumber', 'inflowDate',
          'certificateExpiry', 'dwellingType', 'keyConcern', 'householdId', 'relation', 'gridId', 'status', 'leftOn', 'leftReason',
          'namePinyin', 'nameInitials',
        ),
        formerName: '',
        religion: '',
        ...at,
      })
      .prepare();
  }

  village(code: string, name: string, type: '村' | '社区'): number {
    this.counts.villages++;
    return Number(this.insertVillage.run({ code, name, type }).lastInsertRowid);
  }

  grid(villageId: number, code: string, name: string, kind: '综合网格' | '专属网格', description: string): number {
    this.counts.grids++;
    return Number(this.insertGrid.run({ villageId, code, name, kind, description }).lastInsertRowid);
  }

  staff(s: { name: string; idNumber: string; phone: string; role: string; startDate: string; note: string }, gridIds: number[]): number {
    this.counts.staff++;
    const id = Number(this.insertStaff.run(s).lastInsertRowid);
    for (const g of gridIds) this.insertStaffGrid.run({ staffId: id, gridId: g });
    return id;
  }

  household(number: string, gridId: number | null, address: string, note: string, tags: readonly string[]): number {
    this.counts.households++;
    const id = Number(this.insertHousehold.run({ number, gridId, address, note }).lastInsertRowid);
    for (const t of tags) this.insertTag.run({ householdId: id, tag: t });
    return id;
  }

  resident(r: ResidentValues): number {
    this.counts.residents++;
    return Number(this.insertResident.run(r).lastInsertRowid);
  }
}
