// Residents and households: create, edit, leave (迁出/死亡), read, find.
//
// Rules (domain.md Part 1 "Codes and identity", design.md §3):
//   - the ID number arrives normalized and check-digit verified (the contract's idNumber schema);
//     here it must also not be born after today, and a typed sex or birth date must agree with it;
//     sex and birth date are stored as the ID says;
//   - one person per ID number: a second registration is a CONFLICT naming the person on file;
//   - a person's grid defaults to the household's grid; a closed grid receives nobody;
//   - leaving closes the record (status, date, reason); nothing is deleted. A person who left is
//     read-only: person.update refuses. The one thing still possible is person.leave again, to correct
//     the kind, date or reason of the leaving (迁出 later found to be 死亡, a wrong date). Coming back
//     (迁回) needs its own channel and is not done yet;
//   - 户号 assigned when left empty: the grid's 15-digit code + a 4-digit serial within that grid
//     (320121100201001 + 0007); a household in no grid uses the town's code + "000" in place of the
//     grid code (a village serial 000 never exists, so these never collide with a real grid's);
//   - when a household moves to another grid, its in-register members who were in the household's old
//     grid (or in none) move with it; members placed elsewhere on purpose stay;
//   - every write in one transaction.
import { and, asc, eq, gte, gt, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ChannelOutput, ChannelParsed } from '../../../shared/contract';
import type { Household, Person } from '../../../shared/contract/people';
import { householdTagTable, labelOf } from '../../../shared/codes';
import { checkIdAgainstToday, maskIdNumber, normalizeIdNumber } from '../../../shared/rules/idNumber';
import { contradictionsWithId } from '../../../shared/rules/person';
import type { ServiceContext } from '../context';
import { grid, household as householdTable, householdTag, resident, town, village } from '../db/schema';
import { conflict, notFound, validationError } from '../errors';
import { householdMembers, isHeadRelation, personById } from './rows';
import { matchSql } from './search';
import { nameKeys } from './searchKeys';
import { inWrite } from '../db/write';
import { row, rows } from '../db/query';

type PersonCreate = ChannelParsed<'person.create'>;
type PersonUpdate = ChannelParsed<'person.update'>;
type PersonLeave = ChannelParsed<'person.leave'>;
type HouseholdCreate = ChannelParsed<'household.create'>;
type HouseholdUpdate = ChannelParsed<'household.update'>;

const FIELD = { idNumber: '公民身份号码', sex: '性别', birthDate: '出生日期' } as const;

const nowIso = () => new Date().toISOString();

type GridInfo = Pick<typeof grid.$inferSelect, 'id' | 'code' | 'name' | 'closedOn'> & { villageName: string };

function gridInfo(ctx: ServiceContext, gridId: number): GridInfo {
  const g = ctx.ledger.db
    .select({ id: grid.id, code: grid.code, name: grid.name, closedOn: grid.closedOn, villageName: village.name })
    .from(grid)
    .innerJoin(village, eq(village.id, grid.villageId))
    .where(eq(grid.id, gridId))
    .get();
  if (!g) throw notFound(`网格（编号 ${gridId}）不存在，可能已被删除，请重新选择网格`);
  return g;
}

/** A grid that is to receive a person or household must be open. */
function requireOpenGrid(ctx: ServiceContext, gridId: number, who: string): GridInfo {
  const g = gridInfo(ctx, gridId);
  if (g.closedOn) {
    throw conflict(`网格「${g.villageName} ${g.name}」（${g.code}）已于 ${g.closedOn} 撤销，不能再接收${who}，请选择其他网格`);
  }
  return g;
}

type HouseholdInfo = Pick<typeof householdTable.$inferSelect, 'id' | 'number' | 'gridId'>;

function householdInfo(ctx: ServiceContext, id: number): HouseholdInfo {
  const h = ctx.ledger.db
    .select({ id: householdTable.id, number: householdTable.number, gridId: householdTable.gridId })
    .from(householdTable)
    .where(eq(householdTable.id, id))
    .get();
  if (!h) throw notFound(`户（编号 ${id}）不存在，可能已被删除，请重新选择所属户`);
  return h;
}

/** "张三（3201**********1234，在册）" — enough to recognise someone without printing the full ID. */
function describePerson(p: { name: string; idNumber: string; status: string; leftOn?: string | null }): string {
  const status = p.status === '在册' ? '在册' : `${p.leftOn ?? ''}${p.status}`;
  return `「${p.name}」（${maskIdNumber(p.idNumber)}，${status}）`;
}

// ───── persons ─────

/** Checks the ID against today and against typed sex / birth date; returns what the ID says. */
function checkIdentity(ctx: ServiceContext, input: PersonCreate) {
  const check = checkIdAgainstToday(normalizeIdNumber(input.idNumber), ctx.today());
  if (!check.ok) throw validationError(`${input.name}：${check.reason}`, [{ field: FIELD.idNumber, path: ['idNumber'], message: check.reason }]);
  const problems = contradictionsWithId(check, { sex: input.sex, birthDate: input.birthDate });
  if (problems.length > 0) {
    throw validationError(
      `${input.name}：${problems.map((p) => p.message).join('；')}。性别和出生日期以公民身份号码为准，请核对号码或改正所填内容`,
      problems.map((p) => ({ field: FIELD[p.field], path: [p.field], message: p.message })),
    );
  }
  if (input.birthDate && input.birthDate > ctx.today()) {
    throw validationError(`${input.name}：出生日期 ${input.birthDate} 晚于今天`, [{ field: FIELD.birthDate, path: ['birthDate'], message: '出生日期晚于今天' }]);
  }
  return check;
}

function checkDates(ctx: ServiceContext, input: PersonCreate, birthDate: string) {
  const today = ctx.today();
  if (input.inflowDate && input.inflowDate > today) {
    throw validationError(`${input.name}：登记日期 ${input.inflowDate} 晚于今天`, [{ field: '登记日期', path: ['inflowDate'], message: '登记日期晚于今天' }]);
  }
  if (input.inflowDate && input.inflowDate < birthDate) {
    throw validationError(`${input.name}：登记日期 ${input.inflowDate} 早于出生日期 ${birthDate}`, [{ field: '登记日期', path: ['inflowDate'], message: '登记日期早于出生日期' }]);
  }
  if (input.certificateExpiry && input.inflowDate && input.certificateExpiry < input.inflowDate) {
    throw validationError(`${input.name}：证件到期日期 ${input.certificateExpiry} 早于登记日期 ${input.inflowDate}`, [
      { field: '证件到期日期', path: ['certificateExpiry'], message: '证件到期日期早于登记日期' },
    ]);
  }
}

function requireUniqueId(ctx: ServiceContext, idNumber: string, selfId: number | null) {
  const other = ctx.ledger.db
    .select({
      id: resident.id, name: resident.name, idNumber: resident.idNumber, status: resident.status, leftOn: resident.leftOn,
      gridName: grid.name, villageName: village.name,
    })
    .from(resident)
    .leftJoin(grid, eq(grid.id, resident.gridId))
    .leftJoin(village, eq(village.id, grid.villageId))
    .where(eq(resident.idNumber, idNumber))
    .get();
  if (other && other.id !== selfId) {
    const where = other.gridName ? `，${other.villageName} ${other.gridName}` : '';
    throw conflict(`公民身份号码 ${idNumber} 已登记为${describePerson(other)}${where}，同一人不能登记两次，请在人员列表中找到该人修改`, { resident: other.id });
  }
}

/** The household (if any) and the grid the person goes to: typed, or else the household's. */
function placement(ctx: ServiceContext, input: PersonCreate, current: { gridId: number | null } | null) {
  const household = input.householdId ? householdInfo(ctx, input.householdId) : null;
  const gridId = input.gridId ?? household?.gridId ?? null;
  // A closed grid receives nobody; someone already there (before it closed) may stay on edit.
  if (gridId !== null && gridId !== current?.gridId) requireOpenGrid(ctx, gridId, '人员');
  else if (gridId !== null) gridInfo(ctx, gridId);
  return { householdId: household?.id ?? null, gridId };
}

function personValues(input: PersonCreate, identity: { idNumber: string; sex: string; birthDate: string }) {
  return {
    idNumber: identity.idNumber,
    name: input.name,
    formerName: input.formerName,
    sex: identity.sex,
    birthDate: identity.birthDate,
    ethnicity: input.ethnicity,
    nativePlace: input.nativePlace,
    marital: input.marital,
    political: input.political,
    education: input.education,
    religion: input.religion,
    occupation: input.occupation,
    phone: input.phone,
    registeredAddress: input.registeredAddress,
    currentAddress: input.currentAddress,
    residenceKind: input.residenceKind,
    inflowReason: input.inflowReason,
    certificateType: input.certificateType,
    certificateNumber: input.certificateNumber,
    inflowDate: input.inflowDate ?? null,
    certificateExpiry: input.certificateExpiry ?? null,
    dwellingType: input.dwellingType,
    keyConcern: input.keyConcern,
    relation: input.relation,
    ...nameKeys(input.name),
  };
}

export function requirePerson(ctx: ServiceContext, id: number): Person {
  const p = personById(ctx.ledger.sqlite, id);
  if (!p) throw notFound(`人员（编号 ${id}）不存在`);
  return p;
}

export function getPerson(ctx: ServiceContext, id: number): ChannelOutput<'person.get'> {
  const p = requirePerson(ctx, id);
  return { ...p, household: p.householdId ? getHousehold(ctx, p.householdId) : null };
}

export function createPerson(ctx: ServiceContext, input: PersonCreate): Person {
  return inWrite(ctx, () => {
    const identity = checkIdentity(ctx, input);
    checkDates(ctx, input, identity.birthDate);
    requireUniqueId(ctx, identity.idNumber, null);
    const place = placement(ctx, input, null);
    const now = nowIso();
    const result = ctx.ledger.db
      .insert(resident)
      .values({ ...personValues(input, identity), ...place, status: '在册', createdAt: now, updatedAt: now })
      .run();
    return requirePerson(ctx, Number(result.lastInsertRowid));
  });
}

export function updatePerson(ctx: ServiceContext, input: PersonUpdate): Person {
  return inWrite(ctx, () => {
    const current = requirePerson(ctx, input.id);
    if (current.status !== '在册') {
      throw conflict(
        `${describePerson(current)}已于 ${current.leftOn} ${current.status}，记录已关闭，不能再修改。` +
          '如离开的类别、日期或原因有误，请用「迁出/死亡」重新登记离开',
      );
    }
    const identity = checkIdentity(ctx, input);
    checkDates(ctx, input, identity.birthDate);
    requireUniqueId(ctx, identity.idNumber, current.id);
    const place = placement(ctx, input, current);
    ctx.ledger.db
      .update(resident)
      .set({ ...personValues(input, identity), ...place, updatedAt: nowIso() })
      .where(eq(resident.id, current.id))
      .run();
    return requirePerson(ctx, current.id);
  });
}

export function leavePerson(ctx: ServiceContext, input: PersonLeave): Person {
  return inWrite(ctx, () => {
    const current = requirePerson(ctx, input.id);
    if (input.date > ctx.today()) {
      throw validationError(`${current.name}：离开日期 ${input.date} 晚于今天`, [{ field: '离开日期', path: ['date'], message: '离开日期晚于今天' }]);
    }
    if (input.date < current.birthDate) {
      throw validationError(`${current.name}：离开日期 ${input.date} 早于出生日期 ${current.birthDate}`, [
        { field: '离开日期', path: ['date'], message: '离开日期早于出生日期' },
      ]);
    }
    ctx.ledger.db
      .update(resident)
      .set({ status: input.kind, leftOn: input.date, leftReason: input.reason, updatedAt: nowIso() })
      .where(eq(resident.id, current.id))
      .run();
    return requirePerson(ctx, current.id);
  });
}

// ───── households ─────

export function getHousehold(ctx: ServiceContext, id: number): Household {
  const h = ctx.ledger.db
    .select({
      id: householdTable.id, number: householdTable.number, gridId: householdTable.gridId, gridName: grid.name, villageName: village.name,
      address: householdTable.address, note: householdTable.note,
    })
    .from(householdTable)
    .leftJoin(grid, eq(grid.id, householdTable.gridId))
    .leftJoin(village, eq(village.id, grid.villageId))
    .where(eq(householdTable.id, id))
    .get();
  if (!h) throw notFound(`户（编号 ${id}）不存在`);
  return { ...h, tags: tagsOf(ctx, id), members: householdMembers(ctx.ledger.sqlite, id, ctx.today()) };
}

function tagsOf(ctx: ServiceContext, householdId: number): string[] {
  return ctx.ledger.db
    .select({ tag: householdTag.tag })
    .from(householdTag)
    .where(eq(householdTag.householdId, householdId))
    .orderBy(asc(householdTag.tag))
    .all()
    .map((t) => t.tag);
}

/**
 * The next free 户号 for a grid (or for no grid): prefix + 4-digit serial. Serials past 9999 grow
 * to 5 digits. Exported for the import and the demo town.
 */
export function nextHouseholdNumber(ctx: ServiceContext, gridId: number | null): string {
  const db = ctx.ledger.db;
  let prefix: string;
  if (gridId !== null) prefix = gridInfo(ctx, gridId).code;
  else {
    const code = db.select({ code: town.code }).from(town).where(eq(town.id, 1)).get()?.code;
    prefix = `${(code ?? '000000000000').slice(0, 12)}000`;
  }
  const numbers = db
    .select({ number: householdTable.number })
    .from(householdTable)
    .where(and(gte(householdTable.number, prefix), lt(householdTable.number, `${prefix}:`), gt(sql`length(${householdTable.number})`, prefix.length)))
    .all();
  let max = 0;
  for (const { number: n } of numbers) {
    const tail = n.slice(prefix.length);
    if (/^\d{4,}$/.test(tail)) max = Math.max(max, Number(tail));
  }
  return `${prefix}${String(max + 1).padStart(4, '0')}`;
}

function requireUniqueNumber(ctx: ServiceContext, number: string, selfId: number | null) {
  const h = alias(householdTable, 'h');
  const r = alias(resident, 'r');
  const other = row(
    ctx.ledger.sqlite,
    sql<Pick<HouseholdInfo, 'id'> & { address: string; head: string | null }>`SELECT ${h.id} AS id, ${h.address} AS address,
            (SELECT ${r.name} FROM ${resident} ${r} WHERE ${r.householdId} = ${h.id} AND ${r.relation} IN ('02', '01') ORDER BY ${r.status} <> '在册', ${r.id} LIMIT 1) AS head
       FROM ${householdTable} ${h} WHERE ${h.number} = ${number}`,
  );
  if (other && other.id !== selfId) {
    const who = [other.head && `户主${other.head}`, other.address].filter(Boolean).join('，');
    throw conflict(`户号「${number}」已被另一户使用${who ? `（${who}）` : ''}，请换一个户号，或留空由系统编号`);
  }
}

function writeTags(ctx: ServiceContext, householdId: number, tags: string[]) {
  ctx.ledger.db.delete(householdTag).where(eq(householdTag.householdId, householdId)).run();
  for (const tag of new Set(tags)) ctx.ledger.db.insert(householdTag).values({ householdId, tag }).run();
}

export function createHousehold(ctx: ServiceContext, input: HouseholdCreate): Household {
  return inWrite(ctx, () => {
    if (input.gridId !== null) requireOpenGrid(ctx, input.gridId, '住户');
    const number = input.number || nextHouseholdNumber(ctx, input.gridId);
    requireUniqueNumber(ctx, number, null);
    const now = nowIso();
    const result = ctx.ledger.db
      .insert(householdTable)
      .values({ number, gridId: input.gridId, address: input.address, note: input.note, createdAt: now, updatedAt: now })
      .run();
    const id = Number(result.lastInsertRowid);
    writeTags(ctx, id, input.tags);
    return getHousehold(ctx, id);
  });
}

export function updateHousehold(ctx: ServiceContext, input: HouseholdUpdate): Household {
  return inWrite(ctx, () => {
    const current = householdInfo(ctx, input.id);
    if (input.gridId !== null && input.gridId !== current.gridId) requireOpenGrid(ctx, input.gridId, '住户');
    const number = input.number || current.number;
    requireUniqueNumber(ctx, number, current.id);
    const now = nowIso();
    ctx.ledger.db
      .update(householdTable)
      .set({ number, gridId: input.gridId, address: input.address, note: input.note, updatedAt: now })
      .where(eq(householdTable.id, current.id))
      .run();
    if (input.gridId !== current.gridId) {
      ctx.ledger.db
        .update(resident)
        .set({ gridId: input.gridId, updatedAt: now })
        .where(and(eq(resident.householdId, current.id), eq(resident.status, '在册'), sql`(${resident.gridId} IS NULL OR ${resident.gridId} IS ${current.gridId})`))
        .run();
    }
    writeTags(ctx, current.id, input.tags);
    return getHousehold(ctx, current.id);
  });
}

/** For pickers: by 户号, address, or a member's name / initials / ID (the person search's rules). */
export function findHouseholds(ctx: ServiceContext, input: ChannelParsed<'household.find'>): ChannelOutput<'household.find'> {
  // The contract caps limit at 100 but has no floor; SQLite reads a negative LIMIT as "no limit".
  return queryHouseholds(ctx, input, Math.max(0, input.limit));
}

export type HouseholdListRow = ChannelOutput<'household.find'>[number] & { headIdNumber: string | null };

/** Households matching 户号, address or a member (as person search matches), optionally in one grid; limit -1 = all. */
export function queryHouseholds(ctx: ServiceContext, input: { query: string; gridId?: number }, limit: number): HouseholdListRow[] {
  const h = alias(householdTable, 'h');
  const g = alias(grid, 'g');
  const v = alias(village, 'v');
  const r = alias(resident, 'r');
  const t = alias(householdTag, 't');
  const clauses: SQL[] = [];
  const q = input.query.replace(/[\s\u3000]/g, '');
  if (q) {
    const members = matchSql(q);
    const ofMembers = members
      ? sql` OR ${h.id} IN (SELECT ${resident.householdId} FROM ${resident} WHERE ${resident.id} IN (SELECT m.id FROM (${members}) AS m))`
      : sql``;
    clauses.push(sql`(instr(${h.number}, ${q}) > 0 OR instr(${h.address}, ${q}) > 0${ofMembers})`);
  }
  if (input.gridId !== undefined) clauses.push(sql`${h.gridId} = ${input.gridId}`);
  const where = clauses.length ? sql`WHERE ${sql.join(clauses, sql` AND `)}` : sql``;
  const order = q ? sql`ORDER BY ${h.number} <> ${q}, ${h.number}` : sql`ORDER BY ${h.id} DESC`;
  const head = (col: typeof r.name | typeof r.idNumber) =>
    sql`(SELECT ${col} FROM ${resident} ${r} WHERE ${r.householdId} = ${h.id} AND ${isHeadRelation(r.relation)}
              ORDER BY ${r.status} <> '在册', ${r.relation} DESC, ${r.id} LIMIT 1)`;
  const found = rows(
    ctx.ledger.sqlite,
    sql<Omit<HouseholdListRow, 'tags'> & { tags: string | null }>`SELECT ${h.id} AS id, ${h.number} AS number, ${h.gridId} AS gridId, ${g.name} AS gridName,
            ${v.name} AS villageName, ${h.address} AS address, ${h.note} AS note,
            (SELECT count(*) FROM ${resident} ${r} WHERE ${r.householdId} = ${h.id} AND ${r.status} = '在册') AS memberCount,
            ${head(r.name)} AS headName,
            ${head(r.idNumber)} AS headIdNumber,
            (SELECT group_concat(tag, ',') FROM (SELECT ${t.tag} AS tag FROM ${householdTag} ${t} WHERE ${t.householdId} = ${h.id} ORDER BY ${t.tag})) AS tags
       FROM ${householdTable} ${h} LEFT JOIN ${grid} ${g} ON ${g.id} = ${h.gridId} LEFT JOIN ${village} ${v} ON ${v.id} = ${g.villageId}
       ${where} ${order} LIMIT ${limit}`,
  );
  return found.map((x) => ({ ...x, tags: x.tags ? x.tags.split(',') : [] }));
}

/** Labels of a household's tags, for lists and exports. */
export function tagLabels(tags: readonly string[]): string {
  return tags.map((t) => labelOf(householdTagTable, t)).join('、');
}
