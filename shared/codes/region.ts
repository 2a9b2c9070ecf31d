// 籍贯 as a GB/T 2260 region code (as imports and the demo give it) shows a name, never the digits.
// The table is china-area-data's (MIT; the 国家统计局's codes of 2019-10-31): provinces, cities and
// counties, plus the towns of the two cities without counties (东莞, 中山). A code the table no longer
// holds (a county since merged, as 白下区 320103) shows the levels above it that it still knows.
import areas from 'china-area-data/data.json' with { type: 'json' };
import { defineTable } from './table';

/** code → name, every level of the table in one map. */
const names = new Map<string, string>();
for (const children of Object.values(areas as Record<string, Record<string, string>>)) {
  for (const [code, name] of Object.entries(children)) names.set(code, name);
}

export const provinceTable = defineTable(
  'province',
  '省级行政区',
  'GB/T 2260',
  Object.entries((areas as Record<string, Record<string, string>>)['86']!).map(([code, name]) => [code.slice(0, 2), name] as [string, string]),
);

/** Placeholders of the table that are not places: a city level that only groups a province's counties. */
const GROUPING = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function place(code: string): string | undefined {
  const name = names.get(code);
  return name === undefined || GROUPING.has(name) ? undefined : name;
}

/**
 * The region a code names, from the province down to the county (or a 东莞/中山 town): 320102 →
 * 江苏省南京市玄武区, 3201 → 江苏省南京市, 32 → 江苏省, 410102000000 → 河南省郑州市中原区. Null when not
 * even the province is known.
 */
export function regionName(code: string): string | null {
  if (!/^\d{2,12}$/.test(code)) return null;
  // An export asks for the same few hundred codes 100,000 times; the table has ~3,800, so this stays small.
  const known = named.get(code);
  if (known !== undefined) return known;
  const out = nameOf(code);
  if (named.size < 20_000) named.set(code, out);
  return out;
}

const named = new Map<string, string | null>();

function nameOf(code: string): string | null {
  const province = place(code.slice(0, 2) + '0000');
  if (province === undefined) return null;
  let out = province;
  if (code.length >= 4 && code.slice(2, 4) !== '00') out += place(code.slice(0, 4) + '00') ?? '';
  if (code.length >= 6 && code.slice(4, 6) !== '00') out += place(code.slice(0, 6)) ?? '';
  if (code.length >= 9 && code.slice(6, 9) !== '000') out += place(code.slice(0, 9)) ?? '';
  return out;
}

/** 籍贯 as people read it: free text as written, a region code (2–12 digits) as its place's name. */
export function nativePlaceLabel(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  return regionName(v) ?? v;
}
