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
import { writeListWorkbook, type ListColumn, type ListSheet } from '../xlsx/listWorkbook';
import { isHeadRelation } from './rows';
import { allOf, matchSql, r, rowConditions, type PersonFilterParsed } from './search';
import { queryHouseholds, tagLabels } from './service';
import { prepare, row } from '../db/query';
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
  SELECT ${v.name} AS villageName, ${g.name} AS gridName, ${g.code} AS gridCode, ${r.householdId} AS householdId, ${h.number} AS householdNumber,
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

const TEXT = '@';

function columns(today: string, heads: Map<number, [string, string]>, tags: Map<number, string>, withLeaving: boolean): ListColumn<ExportRow>[] {
  let n = 0;
  const head = (r: ExportRow) => (r.householdId === null ? undefined : heads.get(r.householdId));
  const cols: ListColumn<ExportRow>[] = [
    { header: '序号', width: 7, value: () => ++n },
    { header: '村（社区）', width: 12, value: (r) => r.villageName ?? '' },
    { header: '网格', width: 14, value: (r) => r.gridName ?? '（无网格）' },
    { header: '户号', width: 20, value: (r) => r.householdNumber ?? '', numFmt: TEXT },
    { header: '户主姓名', width: 9, value: (r) => head(r)?.[0] ?? '' },
    { header: '户主公民身份号码', width: 21, value: (r) => head(r)?.[1] ?? '', numFmt: TEXT },
    { header: '与户主关系', width: 9, value: (r) => labelOf(relationTable, r.relation) },
    { header: '姓名', width: 9, value: (r) => r.name },
    { header: '曾用名', width: 9, value: (r) => r.formerName },
    { header: '公民身份号码', width: 21, value: (r) => r.idNumber, numFmt: TEXT },
    { header: '性别', width: 5, value: (r) => labelOf(sexTable, r.sex) },
    { header: '出生日期', width: 11, value: (r) => r.birthDate, numFmt: TEXT },
    { header: '年龄', width: 5, value: (r) => Math.max(0, ageOn(r.birthDate, r.status === '死亡' && r.leftOn ? r.leftOn : today)) },
    { header: '民族', width: 8, value: (r) => labelOf(ethnicityTable, r.ethnicity) },
    { header: '籍贯', width: 12, value: (r) => nativePlaceLabel(r.nativePlace) },
    { header: '婚姻状况', width: 8, value: (r) => labelOf(maritalTable, r.marital) },
    { header: '政治面貌', width: 12, value: (r) => labelOf(politicalTable, r.political) },
    { header: '学历', width: 12, value: (r) => labelOf(educationTable, r.education) },
    { header: '宗教信仰', width: 8, value: (r) => r.religion },
    { header: '职业', width: 12, value: (r) => r.occupation },
    { header: '联系电话', width: 14, value: (r) => r.phone, numFmt: TEXT },
    { header: '户籍地址', width: 28, value: (r) => r.registeredAddress },
    { header: '现住址', width: 28, value: (r) => r.currentAddress },
    { header: '人口类别', width: 9, value: (r) => labelOf(residenceKindTable, r.residenceKind) },
    { header: '流入原因', width: 9, value: (r) => labelOf(inflowReasonTable, r.inflowReason) },
    { header: '办证类型', width: 8, value: (r) => labelOf(certificateTypeTable, r.certificateType) },
    { header: '证件号码', width: 18, value: (r) => r.certificateNumber, numFmt: TEXT },
    { header: '登记日期', width: 11, value: (r) => r.inflowDate ?? '', numFmt: TEXT },
    { header: '证件到期日期', width: 11, value: (r) => r.certificateExpiry ?? '', numFmt: TEXT },
    { header: '住所类型', width: 10, value: (r) => labelOf(dwellingTypeTable, r.dwellingType) },
    { header: '重点关注', width: 6, value: (r) => (r.keyConcern ? '是' : '') },
    { header: '户标签', width: 16, value: (r) => (r.householdId === null ? '' : (tags.get(r.householdId) ?? '')) },
  ];
  if (withLeaving) {
    cols.push(
      { header: '状态', width: 6, value: (r) => r.status },
      { header: '离开日期', width: 11, value: (r) => r.leftOn ?? '', numFmt: TEXT },
      { header: '离开原因', width: 20, value: (r) => r.leftReason ?? '' },
    );
  }
  return cols;
}

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

export async function exportPopulation(ctx: ServiceContext, filter: ChannelParsed<'person.export'>): Promise<{ path: string; rows: number }> {
  const sqlite = ctx.ledger.sqlite;
  const today = ctx.today();
  const where = rowConditions(filter);
  const match = matchSql(filter.query);
  if (match) where.push(sql`${r.id} IN (SELECT m.id FROM (${match}) AS m)`);
  const clause = where.length ? sql`WHERE ${allOf(where)}` : sql``;
  const townName = townNameOf(ctx);
  const { n: total } = row(sqlite, sql<{ n: number }>`SELECT count(*) AS n FROM ${resident} ${r} ${clause}`)!;
  const heads = householdHeads(ctx);
  const tags = householdTags(ctx);
  const q = prepare(sqlite, sql`${SELECT} ${clause} ${ORDER}`);
  const rows = q.stmt.iterate(...q.params) as IterableIterator<ExportRow>;
  let written: number;
  try {
    written = await writeListWorkbook(
      filter.path,
      [
        {
          name: '实有人口',
          title: `${townName ?? ''}实有人口台账`,
          subtitle: `范围：${describeFilter(ctx, filter)}    共 ${total} 人    导出日期：${today}`,
          columns: columns(today, heads, tags, filter.status !== '在册') as ListColumn<unknown>[],
          rows,
        },
      ],
      guardOf(ctx),
      ctx.progress ? (n) => ctx.progress?.(n, total, '导出实有人口') : undefined,
    );
  } finally {
    // A failed write may leave the statement open, and the connection busy for everyone else.
    rows.return?.();
  }
  return { path: filter.path, rows: written };
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
