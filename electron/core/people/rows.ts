// Reading persons and households: the SQL of a list line (PersonRow) and of the full record, and
// their mapping to the contract's shapes. Typed SQL (db/query.ts) through the statement cache: the
// list and search are hot paths.
import { sql, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Person, PersonRow } from '../../../shared/contract/people';
import { ageOn } from '../../../shared/rules/idNumber';
import type { Sqlite } from '../db/open';
import { row, rows } from '../db/query';
import { grid, household, resident, village } from '../db/schema';

type ResidentRow = typeof resident.$inferSelect;

const r = alias(resident, 'r');
const h = alias(household, 'h');
const g = alias(grid, 'g');
const v = alias(village, 'v');

/** Columns of a PersonRow over resident r, household h, grid g, village v (PERSON_ROW_FROM). */
export const PERSON_ROW_COLUMNS = sql`
  ${r.id} AS id, ${r.idNumber} AS idNumber, ${r.name} AS name, ${r.sex} AS sex, ${r.birthDate} AS birthDate, ${r.phone} AS phone,
  ${r.residenceKind} AS residenceKind, ${r.status} AS status, ${r.leftOn} AS leftOn, ${r.householdId} AS householdId,
  ${h.number} AS householdNumber, ${r.relation} AS relation, ${r.gridId} AS gridId, ${g.name} AS gridName, ${v.name} AS villageName,
  ${r.currentAddress} AS currentAddress`;

export const PERSON_ROW_FROM = sql`${resident} ${r}
  LEFT JOIN ${household} ${h} ON ${h.id} = ${r.householdId}
  LEFT JOIN ${grid} ${g} ON ${g.id} = ${r.gridId}
  LEFT JOIN ${village} ${v} ON ${v.id} = ${g.villageId}`;

export type PersonRowRaw = Pick<
  ResidentRow,
  'id' | 'idNumber' | 'name' | 'sex' | 'birthDate' | 'phone' | 'residenceKind' | 'status' | 'leftOn' | 'householdId' | 'relation' | 'gridId' | 'currentAddress'
> & { householdNumber: string | null; gridName: string | null; villageName: string | null };

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
    // The column holds only the statuses the contract lists (在册 | 迁出 | 死亡).
    status: raw.status as PersonRow['status'],
    householdId: raw.householdId,
    householdNumber: raw.householdNumber,
    relation: raw.relation,
    gridId: raw.gridId,
    gridName: raw.gridName,
    villageName: raw.villageName,
    currentAddress: raw.currentAddress,
  };
}

/**
 * PersonRows for the given ids, in the order given: the list's hot path, so SQLite hands back each row in its
 * final shape, the age worked out as toPersonRow does (years passed, less one before the birthday; for the dead,
 * at death), and no second object is made per row.
 */
export function personRowsByIds(sqlite: Sqlite, ids: readonly number[], today: string): PersonRow[] {
  if (ids.length === 0) return [];
  const at = sql`CASE WHEN ${r.status} = '死亡' AND ${r.leftOn} IS NOT NULL AND ${r.leftOn} <> '' THEN ${r.leftOn} ELSE ${today} END`;
  const found = rows(
    sqlite,
    sql<PersonRow>`SELECT ${r.id} AS id, ${r.idNumber} AS idNumber, ${r.name} AS name, ${r.sex} AS sex, ${r.birthDate} AS birthDate,
        max(0, CAST(substr(${at}, 1, 4) AS INTEGER) - CAST(substr(${r.birthDate}, 1, 4) AS INTEGER) - (substr(${at}, 6) < substr(${r.birthDate}, 6))) AS age,
        ${r.phone} AS phone, ${r.residenceKind} AS residenceKind, ${r.status} AS status, ${r.householdId} AS householdId,
        ${h.number} AS householdNumber, ${r.relation} AS relation, ${r.gridId} AS gridId, ${g.name} AS gridName, ${v.name} AS villageName,
        ${r.currentAddress} AS currentAddress
      FROM ${PERSON_ROW_FROM} WHERE ${r.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
  if (found.length === ids.length && found.every((x, i) => x.id === ids[i])) return found;
  const byId = new Map(found.map((x) => [x.id, x]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const p = resident;
const PERSON_COLUMNS = sql`
  ${p.id} AS id, ${p.idNumber} AS idNumber, ${p.name} AS name, ${p.formerName} AS formerName, ${p.sex} AS sex, ${p.birthDate} AS birthDate,
  ${p.ethnicity} AS ethnicity, ${p.nativePlace} AS nativePlace, ${p.marital} AS marital, ${p.political} AS political,
  ${p.education} AS education, ${p.religion} AS religion, ${p.occupation} AS occupation, ${p.phone} AS phone,
  ${p.registeredAddress} AS registeredAddress, ${p.currentAddress} AS currentAddress, ${p.residenceKind} AS residenceKind,
  ${p.inflowReason} AS inflowReason, ${p.certificateType} AS certificateType, ${p.certificateNumber} AS certificateNumber,
  ${p.inflowDate} AS inflowDate, ${p.certificateExpiry} AS certificateExpiry, ${p.dwellingType} AS dwellingType,
  ${p.keyConcern} AS keyConcern, ${p.householdId} AS householdId, ${p.relation} AS relation, ${p.gridId} AS gridId, ${p.status} AS status,
  ${p.leftOn} AS leftOn, ${p.leftReason} AS leftReason, ${p.createdAt} AS createdAt, ${p.updatedAt} AS updatedAt`;

export function personById(sqlite: Sqlite, id: number): Person | null {
  const raw = row(sqlite, sql<Omit<Person, 'keyConcern'> & { keyConcern: number }>`SELECT ${PERSON_COLUMNS} FROM ${resident} WHERE ${p.id} = ${id}`);
  return raw ? { ...raw, keyConcern: raw.keyConcern === 1 } : null;
}

/** Members of households (in-register first, head first, then by relation code and age). */
export function householdMembers(sqlite: Sqlite, householdId: number, today: string): PersonRow[] {
  const raws = rows(
    sqlite,
    sql<PersonRowRaw>`SELECT ${PERSON_ROW_COLUMNS} FROM ${PERSON_ROW_FROM}
     WHERE ${r.householdId} = ${householdId}
     ORDER BY ${r.status} <> '在册', ${r.relation} IS NULL, ${r.relation}, ${r.birthDate}, ${r.id}`,
  );
  return raws.map((x) => toPersonRow(x, today));
}

/** 与户主关系 codes that mark the head of a household (GB/T 4761: 01 本人, 02 户主). */
export const HEAD_RELATIONS = ['02', '01'] as const;

/** `col IN ('02', '01')`: the head relations as constants (they are ours, not input). */
export const isHeadRelation = (col: SQLWrapper) => sql`${col} IN (${sql.raw(HEAD_RELATIONS.map((c) => `'${c}'`).join(', '))})`;
