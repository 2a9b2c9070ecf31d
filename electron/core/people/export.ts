// 实有人口台账: the persons of a filter (the same filter as the resident list) as an xlsx, with the
// GB/T 31000 base record (domain.md Part 2 §1.2) and the 户籍人口 / 流动人口 items (§1.3). Codes are
// written as their Chinese labels, ID numbers in full and as text.
//
// Rows are streamed straight from SQLite (`.iterate()`) into the streaming workbook writer, in 台账
// order (village, grid, 户号, relation to the head). The only things held in memory are the heads of
// households and the household tags, one small entry per household.
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { ChannelParsed } from '../../../shared/contract';
import {
  certificateTypeTable, dwellingTypeTable, educationTable, ethnicityTable, inflowReasonTable, labelOf, maritalTable, politicalTable,
  relationTable, residenceKindTable, sexTable, householdTagTable,
  nativePlaceLabel,
} from '../../../shared/codes';
import { chineseDate } from '../../../shared/rules/dates';
import { ageOn } from '../../../shared/rules/idNumber';
import type { ServiceContext } from '../context';
import { guardOf } from '../files/safeOutput';
import { writeListWorkbook, type ListSheet } from '../xlsx/listWorkbook';
import { PAGE_ROWS, ledgerRow, writeLedgerWorkbook, type LedgerCell, type LedgerRow, type LedgerSource, passes } from '../xlsx/ledgerWorkbook';
import { RESIDENTS_LEDGER, type LedgerKeys } from '../../../shared/reports/ledgers';
import { isHeadRelation } from './rows';
import { allOf, matchSql, r, rowConditions, type PersonFilterParsed } from './search';
import { queryHouseholds, tagLabels } from './service';
import { prepare } from '../db/query';
import { grid, household, householdTag, resident, town, village } from '../db/schema';

const h = alias(household, 'h');
const g = alias(grid, 'g');
const v = alias(village, 'v');

type ExportRow = Pick<
  typeof resident.$inferSelect,
  | 'householdId' | 'relation' | 'name' | 'formerName' | 'idNumber' | 'sex' | 'birthDate' | 'ethnicity' | 'nativePlace' | 'marital'
  | 'political' | 'education' | 'religion' | 'occupation' | 'phone' | 'registeredAddress' | 'currentAddress' | 'residenceKind'
  | 'inflowReason' | 'certificateType' | 'certificateNumber' | 'inflowDate' | 'certificateExpiry' | 'dwellingType' | 'status'
  | 'leftOn' | 'leftReason'
> & {
  villageName: string | null;
  gridName: string | null;
  gridCode: string | null;
  householdNumber: string | null;
  /** 0 or 1: the row is read raw, not mapped by drizzle. */
  keyConcern: number;
};

const SELECT = sql`
  SELECT ${r.id} AS id, ${v.name} AS villageName, ${g.name} AS gridName, ${g.code} AS gridCode, ${r.householdId} AS householdId, ${h.number} AS householdNumber,
         ${r.relation} AS relation, ${r.name} AS name, ${r.formerName} AS formerName, ${r.idNumber} AS idNumber, ${r.sex} AS sex,
         ${r.birthDate} AS birthDate, ${r.ethnicity} AS ethnicity,
         ${r.nativePlace} AS nativePlace, ${r.marital} AS marital, ${r.political} AS political, ${r.education} AS education,
         ${r.religion} AS religion, ${r.occupation} AS occupation, ${r.phone} AS phone,
         ${r.registeredAddress} AS registeredAddress, ${r.currentAddress} AS currentAddress, ${r.residenceKind} AS residenceKind,
         ${r.inflowReason} AS inflowReason, ${r.certificateType} AS certificateType, ${r.certificateNumber} AS certificateNumber,
         ${r.inflowDate} AS inflowDate, ${r.certificateExpiry} AS certificateExpiry, ${r.dwellingType} AS dwellingType,
         ${r.keyConcern} AS keyConcern, ${r.status} AS status, ${r.leftOn} AS leftOn, ${r.leftReason} AS leftReason
    FROM ${resident} ${r}
    LEFT JOIN ${household} ${h} ON ${h.id} = ${r.householdId}
    LEFT JOIN ${grid} ${g} ON ${g.id} = ${r.gridId}
    LEFT JOIN ${village} ${v} ON ${v.id} = ${g.villageId}`;

const ORDER = sql`ORDER BY ${v.code} IS NULL, ${v.code}, ${g.code}, ${h.number} IS NULL, ${h.number}, ${r.relation} IS NULL, ${r.relation}, ${r.birthDate}, ${r.id}`;

type ResidentItem = ExportRow & { index: number };

function residentValues(today: string, heads: Map<number, [string, string]>, tags: Map<number, string>): Record<LedgerKeys<typeof RESIDENTS_LEDGER>, (r: ResidentItem) => LedgerCell> {
  const head = (r: ExportRow) => (r.householdId === null ? undefined : heads.get(r.householdId));
  return {
    index: (r) => r.index,
    village: (r) => r.villageName ?? '',
    grid: (r) => r.gridName ?? '（无网格）',
    householdNumber: (r) => r.householdNumber ?? '',
    headName: (r) => head(r)?.[0] ?? '',
    headIdNumber: (r) => head(r)?.[1] ?? '',
    relation: (r) => labelOf(relationTable, r.relation),
    name: (r) => r.name,
    formerName: (r) => r.formerName,
    idNumber: (r) => r.idNumber,
    sex: (r) => labelOf(sexTable, r.sex),
    birthDate: (r) => r.birthDate,
    age: (r) => Math.max(0, ageOn(r.birthDate, r.status === '死亡' && r.leftOn ? r.leftOn : today)),
    ethnicity: (r) => labelOf(ethnicityTable, r.ethnicity),
    nativePlace: (r) => nativePlaceLabel(r.nativePlace),
    marital: (r) => labelOf(maritalTable, r.marital),
    political: (r) => labelOf(politicalTable, r.political),
    education: (r) => labelOf(educationTable, r.education),
    religion: (r) => r.religion,
    occupation: (r) => r.occupation,
    phone: (r) => r.phone,
    registeredAddress: (r) => r.registeredAddress,
    currentAddress: (r) => r.currentAddress,
    residenceKind: (r) => labelOf(residenceKindTable, r.residenceKind),
    inflowReason: (r) => labelOf(inflowReasonTable, r.inflowReason),
    certificateType: (r) => labelOf(certificateTypeTable, r.certificateType),
    certificateNumber: (r) => r.certificateNumber,
    inflowDate: (r) => r.inflowDate ?? '',
    certificateExpiry: (r) => r.certificateExpiry ?? '',
    dwellingType: (r) => labelOf(dwellingTypeTable, r.dwellingType),
    keyConcern: (r) => (r.keyConcern ? '是' : ''),
    tags: (r) => (r.householdId === null ? '' : (tags.get(r.householdId) ?? '')),
    status: (r) => r.status,
    leftOn: (r) => r.leftOn ?? '',
    leftReason: (r) => r.leftReason ?? '',
  };
}

/** Columns the 在册 view leaves out: everyone listed is 在册. */
const LEAVING_KEYS: ReadonlySet<string> = new Set(['status', 'leftOn', 'leftReason']);

/** Head of each household (in-register first; 02 户主 before 01 本人): name and ID number. */
function householdHeads(ctx: ServiceContext): Map<number, [string, string]> {
  const heads = new Map<number, [string, string]>();
  const { stmt, params } = prepare(
    ctx.ledger.sqlite,
    sql`SELECT ${resident.householdId}, ${resident.name}, ${resident.idNumber} FROM ${resident}
      WHERE ${resident.householdId} IS NOT NULL AND ${isHeadRelation(resident.relation)}
      ORDER BY ${resident.householdId}, ${resident.status} <> '在册', ${resident.relation} DESC, ${resident.id}`,
  );
  for (const [hid, name, id] of stmt.raw(true).iterate(...params) as IterableIterator<[number, string, string]>) {
    if (!heads.has(hid)) heads.set(hid, [name, id]);
  }
  return heads;
}

function householdTags(ctx: ServiceContext): Map<number, string> {
  const tags = new Map<number, string>();
  const { stmt, params } = prepare(
    ctx.ledger.sqlite,
    sql`SELECT ${householdTag.householdId}, ${householdTag.tag} FROM ${householdTag} ORDER BY ${householdTag.householdId}, ${householdTag.tag}`,
  );
  for (const [hid, tag] of stmt.raw(true).iterate(...params) as IterableIterator<[number, string]>) {
    const label = labelOf(householdTagTable, tag);
    tags.set(hid, tags.has(hid) ? `${tags.get(hid)}、${label}` : label);
  }
  return tags;
}

function describeFilter(ctx: ServiceContext, filter: PersonFilterParsed): string {
  const db = ctx.ledger.db;
  const parts: string[] = [];
  if (filter.villageId !== undefined) {
    parts.push(db.select({ name: village.name }).from(village).where(eq(village.id, filter.villageId)).get()?.name ?? `村（社区）${filter.villageId}`);
  }
  if (filter.gridId !== undefined) {
    parts.push(db.select({ name: grid.name }).from(grid).where(eq(grid.id, filter.gridId)).get()?.name ?? `网格${filter.gridId}`);
  }
  if (filter.noGrid) parts.push('无网格');
  if (filter.tag !== undefined) parts.push(labelOf(householdTagTable, filter.tag));
  if (filter.residenceKind !== undefined) parts.push(labelOf(residenceKindTable, filter.residenceKind));
  if (filter.query.trim()) parts.push(`搜索“${filter.query.trim()}”`);
  parts.push(filter.status === '全部' ? '含已迁出、死亡' : filter.status);
  return parts.join('，');
}

function townNameOf(ctx: ServiceContext): string | undefined {
  return ctx.ledger.db.select({ name: town.name }).from(town).where(eq(town.id, 1)).get()?.name;
}

/**
 * The 实有人口 rows of a filter, streamed: each call of `rows()` runs the query again and yields rows straight from
 * SQLite, so the two sheets of the workbook never hold more than one row at a time.
 */
export function residentsLedger(ctx: ServiceContext, filter: PersonFilterParsed): LedgerSource {
  const sqlite = ctx.ledger.sqlite;
  const today = ctx.today();
  const where = rowConditions(filter);
  const match = matchSql(filter.query);
  if (match) where.push(sql`${r.id} IN (SELECT m.id FROM (${match}) AS m)`);
  const clause = where.length ? sql`WHERE ${allOf(where)}` : sql``;
  const townName = townNameOf(ctx) ?? '';
  const values = residentValues(today, householdHeads(ctx), householdTags(ctx));
  // The ids in 台账 order (one small number each), then the rows a page at a time by id: no iterator stays open
  // while the workbook writer yields, and memory holds one page.
  const order = prepare(sqlite, sql`SELECT ${r.id} FROM ${resident} ${r}
    LEFT JOIN ${household} ${h} ON ${h.id} = ${r.householdId}
    LEFT JOIN ${grid} ${g} ON ${g.id} = ${r.gridId}
    LEFT JOIN ${village} ${v} ON ${v.id} = ${g.villageId} ${clause} ${ORDER}`);
  const ids = order.stmt.pluck().all(...order.params) as number[];
  function* pages(): Generator<readonly LedgerRow[]> {
    for (let at = 0; at < ids.length; at += PAGE_ROWS) {
      const chunk = ids.slice(at, at + PAGE_ROWS);
      const q = prepare(sqlite, sql`${SELECT} WHERE ${r.id} IN (SELECT value FROM json_each(${JSON.stringify(chunk)}))`);
      const byId = new Map((q.stmt.all(...q.params) as (ExportRow & { id: number })[]).map((x) => [x.id, x]));
      yield chunk.flatMap((id, i) => {
        const item = byId.get(id) as ResidentItem | undefined;
        if (!item) return [];
        // The row as read, numbered (a copy per row cost more than the row's own values).
        item.index = at + i + 1;
        return [ledgerRow(values, item)];
      });
    }
  }
  return {
    townName,
    subtitle: `范围：${describeFilter(ctx, filter)}    共 ${ids.length} 人    导出日期：${today}`,
    date: today,
    total: ids.length,
    pages,
    omit: filter.status === '在册' ? LEAVING_KEYS : undefined,
  };
}

export async function exportPopulation(ctx: ServiceContext, filter: ChannelParsed<'person.export'>): Promise<{ path: string; rows: number }> {
  const { path, ...rest } = filter;
  const source = residentsLedger(ctx, rest);
  const progress = ctx.progress;
  // Both sheets stream every row: progress counts the two passes.
  const written = await writeLedgerWorkbook(path, RESIDENTS_LEDGER, source, guardOf(ctx), progress ? (n) => progress(n, passes(source.total), '导出实有人口') : undefined);
  return { path, rows: written };
}

/** 户 list as the 户 view shows it (same filters), for staff who keep a household register. */
export async function exportHouseholds(ctx: ServiceContext, input: ChannelParsed<'household.export'>): Promise<{ path: string; rows: number }> {
  const townName = townNameOf(ctx);
  const rows = queryHouseholds(ctx, { query: input.query, gridId: input.gridId }, -1).map((h, i) => ({ ...h, index: i + 1 }));
  const sheet: ListSheet<(typeof rows)[number]> = {
    name: '户',
    title: `${townName ?? ''}住户一览表`,
    subtitle: `导出日期：${chineseDate(ctx.today())}　　共 ${rows.length} 户${input.query ? `　　条件：${input.query}` : ''}`,
    columns: [
      { header: '序号', width: 7, value: (h) => h.index },
      { header: '户号', width: 20, value: (h) => h.number },
      { header: '户主', width: 10, value: (h) => h.headName ?? '' },
      { header: '户主公民身份号码', width: 21, value: (h) => h.headIdNumber ?? '' },
      { header: '在册人数', width: 9, value: (h) => h.memberCount },
      { header: '村（社区）', width: 14, value: (h) => h.villageName ?? '' },
      { header: '网格', width: 14, value: (h) => h.gridName ?? '无网格' },
      { header: '住址', width: 30, value: (h) => h.address },
      { header: '户标签', width: 24, value: (h) => tagLabels(h.tags) },
    ],
    rows,
  };
  const n = await writeListWorkbook(input.path, [sheet as ListSheet<unknown>], guardOf(ctx));
  return { path: input.path, rows: n };
}
