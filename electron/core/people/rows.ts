// Reading persons and households: the SQL of a list line (PersonRow) and of the full record, and
// their mapping to the contract's shapes. Raw SQL on purpose: the list and search are hot paths.
import type { Person, PersonRow } from '../../../shared/contract/people';
import { ageOn } from '../../../shared/rules/idNumber';
import type { Sqlite } from '../db/open';
import { statement } from '../db/statements';

/** Columns of a PersonRow; the query must alias resident r, household h, grid g, village v. */
export const PERSON_ROW_COLUMNS = `
  r.id, r.id_number AS idNumber, r.name, r.sex, r.birth_date AS birthDate, r.phone,
  r.residence_kind AS residenceKind, r.status, r.left_on AS leftOn, r.household_id AS householdId,
  h.number AS householdNumber, r.relation, r.grid_id AS gridId, g.name AS gridName, v.name AS villageName,
  r.current_address AS currentAddress`;

export const PERSON_ROW_JOINS = `
  LEFT JOIN household h ON h.id = r.household_id
  LEFT JOIN grid g ON g.id = r.grid_id
  LEFT JOIN village v ON v.id = g.village_id`;

export interface PersonRowRaw extends Omit<PersonRow, 'age'> {
  leftOn: string | null;
}

/** Age today; for the dead, age at death. */
export function toPersonRow(raw: PersonRowRaw, today: string): PersonRow {
  const at = raw.status === '死亡' && raw.leftOn ? raw.leftOn : today;
  return {
    id: raw.id,
    idNumber: raw.idNumber,
    name: raw.name,
    sex: raw.sex,
    birthDate: raw.birthDate,
    age: Math.max(0, ageOn(raw.birthDate, at)),
    phone: raw.phone,
    residenceKind: raw.residenceKind,
    status: raw.status,
    householdId: raw.householdId,
    householdNumber: raw.householdNumber,
    relation: raw.relation,
    gridId: raw.gridId,
    gridName: raw.gridName,
    villageName: raw.villageName,
    currentAddress: raw.currentAddress,
  };
}

/** PersonRows for the given ids, in the order given. */
export function personRowsByIds(sqlite: Sqlite, ids: readonly number[], today: string): PersonRow[] {
  if (ids.length === 0) return [];
  const raws = statement(
    sqlite,
    `SELECT ${PERSON_ROW_COLUMNS} FROM resident r ${PERSON_ROW_JOINS} WHERE r.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as PersonRowRaw[];
  const byId = new Map(raws.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const raw = byId.get(id);
    return raw ? [toPersonRow(raw, today)] : [];
  });
}

const PERSON_COLUMNS = `
  id, id_number AS idNumber, name, former_name AS formerName, sex, birth_date AS birthDate, ethnicity,
  native_place AS nativePlace, marital, political, education, religion, occupation, phone,
  registered_address AS registeredAddress, current_address AS currentAddress, residence_kind AS residenceKind,
  inflow_reason AS inflowReason, certificate_type AS certificateType, certificate_number AS certificateNumber,
  inflow_date AS inflowDate, certificate_expiry AS certificateExpiry, dwelling_type AS dwellingType,
  key_concern AS keyConcern, household_id AS householdId, relation, grid_id AS gridId, status,
  left_on AS leftOn, left_reason AS leftReason, created_at AS createdAt, updated_at AS updatedAt`;

export function personById(sqlite: Sqlite, id: number): Person | null {
  const raw = statement(sqlite, `SELECT ${PERSON_COLUMNS} FROM resident WHERE id = ?`).get(id) as
    | (Omit<Person, 'keyConcern'> & { keyConcern: number })
    | undefined;
  return raw ? { ...raw, keyConcern: raw.keyConcern === 1 } : null;
}

/** Members of households (in-register first, head first, then by relation code and age). */
export function householdMembers(sqlite: Sqlite, householdId: number, today: string): PersonRow[] {
  const raws = statement(
    sqlite,
    `SELECT ${PERSON_ROW_COLUMNS} FROM resident r ${PERSON_ROW_JOINS}
     WHERE r.household_id = ?
     ORDER BY r.status <> '在册', r.relation IS NULL, r.relation, r.birth_date, r.id`,
  ).all(householdId) as PersonRowRaw[];
  return raws.map((r) => toPersonRow(r, today));
}

/** 与户主关系 codes that mark the head of a household (GB/T 4761: 01 本人, 02 户主). */
export const HEAD_RELATIONS = ['02', '01'] as const;
