// Prepared statements for writing the demo town fast (100,000 residents in one transaction).
import type { ServiceContext } from '../context';
import { statement } from '../db/statements';

export interface ResidentValues {
  idNumber: string;
  name: string;
  sex: string;
  birthDate: string;
  ethnicity: string | null;
  nativePlace: string;
  marital: string | null;
  political: string | null;
  education: string | null;
  occupation: string;
  phone: string;
  registeredAddress: string;
  currentAddress: string;
  residenceKind: '1' | '2';
  inflowReason: string | null;
  certificateType: string | null;
  certificateNumber: string;
  inflowDate: string | null;
  certificateExpiry: string | null;
  dwellingType: string | null;
  keyConcern: boolean;
  householdId: number | null;
  relation: string | null;
  gridId: number | null;
  status: '在册' | '迁出' | '死亡';
  leftOn: string | null;
  leftReason: string | null;
  namePinyin: string;
  nameInitials: string;
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
    const db = ctx.ledger.sqlite;
    this.insertVillage = statement(db, 'insert into village (code, name, type, created_at, updated_at) values (?, ?, ?, ?, ?)');
    this.insertGrid = statement(db,
      'insert into grid (village_id, code, name, kind, description, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertStaff = statement(db,
      'insert into staff (name, id_number, phone, role, start_date, end_date, note, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertStaffGrid = statement(db, 'insert into staff_grid (staff_id, grid_id) values (?, ?)');
    this.insertHousehold = statement(db,
      'insert into household (number, grid_id, address, note, created_at, updated_at) values (?, ?, ?, ?, ?, ?)',
    );
    this.insertTag = statement(db, 'insert into household_tag (household_id, tag) values (?, ?)');
    this.insertResident = statement(db,
      `insert into resident (id_number, name, former_name, sex, birth_date, ethnicity, native_place, marital, political, education,
        religion, occupation, phone, registered_address, current_address, residence_kind, inflow_reason, certificate_type,
        certificate_number, inflow_date, certificate_expiry, dwelling_type, key_concern, household_id, relation, grid_id, status,
        left_on, left_reason, name_pinyin, name_initials, created_at, updated_at)
       values (?, ?, '', ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  village(code: string, name: string, type: '村' | '社区'): number {
    this.counts.villages++;
    return Number(this.insertVillage.run(code, name, type, this.now, this.now).lastInsertRowid);
  }

  grid(villageId: number, code: string, name: string, kind: '综合网格' | '专属网格', description: string): number {
    this.counts.grids++;
    return Number(this.insertGrid.run(villageId, code, name, kind, description, this.now, this.now).lastInsertRowid);
  }

  staff(s: { name: string; idNumber: string; phone: string; role: string; startDate: string; note: string }, gridIds: number[]): number {
    this.counts.staff++;
    const id = Number(this.insertStaff.run(s.name, s.idNumber, s.phone, s.role, s.startDate, null, s.note, this.now, this.now).lastInsertRowid);
    for (const g of gridIds) this.insertStaffGrid.run(id, g);
    return id;
  }

  household(number: string, gridId: number | null, address: string, note: string, tags: readonly string[]): number {
    this.counts.households++;
    const id = Number(this.insertHousehold.run(number, gridId, address, note, this.now, this.now).lastInsertRowid);
    for (const t of tags) this.insertTag.run(id, t);
    return id;
  }

  resident(r: ResidentValues): number {
    this.counts.residents++;
    return Number(
      this.insertResident.run(
        r.idNumber, r.name, r.sex, r.birthDate, r.ethnicity, r.nativePlace, r.marital, r.political, r.education, r.occupation,
        r.phone, r.registeredAddress, r.currentAddress, r.residenceKind, r.inflowReason, r.certificateType, r.certificateNumber,
        r.inflowDate, r.certificateExpiry, r.dwellingType, r.keyConcern ? 1 : 0, r.householdId, r.relation, r.gridId, r.status,
        r.leftOn, r.leftReason, r.namePinyin, r.nameInitials, this.now, this.now,
      ).lastInsertRowid,
    );
  }
}
