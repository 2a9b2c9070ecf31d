// The columns an import understands: one definition per field with the header names seen in real
// files (户籍 exports, 民政 lists, villages' own sheets), used both to write the template and to
// recognise a file's header row.
import {
  certificateTypeTable, dwellingTypeTable, educationTable, ethnicityTable, householdTagTable, inflowReasonTable,
  maritalTable, politicalTable, relationTable, residenceKindTable, sexTable, type CodeTable,
} from '../../../shared/codes';

export type FieldKey =
  | 'idNumber' | 'name' | 'formerName' | 'sex' | 'birthDate' | 'ethnicity' | 'nativePlace' | 'marital' | 'political'
  | 'education' | 'religion' | 'occupation' | 'phone' | 'registeredAddress' | 'currentAddress' | 'residenceKind'
  | 'householdNumber' | 'relation' | 'householdTags' | 'gridCode' | 'gridName' | 'grid'
  | 'inflowReason' | 'certificateType' | 'certificateNumber' | 'inflowDate' | 'certificateExpiry' | 'dwellingType' | 'keyConcern'
  | 'lon' | 'lat';

export interface FieldDef {
  key: FieldKey;
  /** The field's Chinese name: the template's header and the `field` of a problem. */
  label: string;
  /** Other header names that mean this field (after normalizeHeader). */
  aliases: readonly string[];
  required?: boolean;
  table?: CodeTable;
  /** The template's second row: format and whether required. */
  explain: string;
  width: number;
  /** Keep as text in the template so Excel does not turn it into a number or date. */
  text?: boolean;
  /** Not a template column (a header variant only). */
  readOnly?: boolean;
}

export const FIELDS: readonly FieldDef[] = [
  { key: 'idNumber', label: '公民身份号码', required: true, text: true, width: 22,
    aliases: ['身份证号', '身份证号码', '身份证', '公民身份证号', '公民身份证号码', '居民身份证号码', '居民身份证号', '身份号码', '身份证件号码', '证件号码', '证件号'],
    explain: '18位（旧的15位也可），必填；末位x大小写均可' },
  { key: 'name', label: '姓名', required: true, width: 10, aliases: ['人员姓名', '居民姓名', '名字'], explain: '必填，不超过30字' },
  { key: 'formerName', label: '曾用名', width: 10, aliases: [], explain: '选填' },
  { key: 'sex', label: '性别', table: sexTable, width: 6, aliases: [], explain: '男/女，选填；须与身份证号一致' },
  { key: 'birthDate', label: '出生日期', width: 12, aliases: ['出生年月', '出生年月日', '生日', '出生时间'], explain: '如 1990-03-05，选填；须与身份证号一致' },
  { key: 'ethnicity', label: '民族', table: ethnicityTable, width: 8, aliases: [], explain: '如 汉族 或 01，选填，见「取值说明」' },
  { key: 'nativePlace', label: '籍贯', width: 12, aliases: [], explain: '选填' },
  { key: 'marital', label: '婚姻状况', table: maritalTable, width: 10, aliases: ['婚姻', '婚姻状态'], explain: '如 已婚 或 20，选填，见「取值说明」' },
  { key: 'political', label: '政治面貌', table: politicalTable, width: 12, aliases: [], explain: '如 群众 或 13，选填，见「取值说明」' },
  { key: 'education', label: '文化程度', table: educationTable, width: 12, aliases: ['学历', '文化程度代码', '学历代码'],
    explain: 'GB/T 4658-2006，如 初中毕业 或 71，选填；旧的1984版代码请把列名写成「文化程度(1984)」' },
  { key: 'religion', label: '宗教信仰', width: 10, aliases: ['宗教'], explain: '选填' },
  { key: 'occupation', label: '职业', width: 12, aliases: ['职业类别'], explain: '选填' },
  { key: 'phone', label: '联系电话', text: true, width: 14, aliases: ['电话', '手机号码', '手机', '手机号', '电话号码', '联系方式', '联系号码'], explain: '手机或固定电话，选填' },
  { key: 'registeredAddress', label: '户籍地址', width: 24,
    aliases: ['户籍地', '户籍所在地', '户籍地详址', '户籍详址', '户籍门详址', '户口所在地', '户籍住址'], explain: '选填' },
  { key: 'currentAddress', label: '现住址', width: 24,
    aliases: ['现居住地址', '居住地址', '现住地址', '现居住地', '现住地', '现住地详址', '现住门详址', '现居住地详址', '住址', '家庭住址', '家庭地址', '实际居住地址'],
    explain: '选填；新建的户以此为住址' },
  { key: 'residenceKind', label: '人员类别', table: residenceKindTable, width: 10, aliases: ['人口类型', '人口类别', '人员类型', '户籍类型', '户籍类别', '人口性质'],
    explain: '户籍 或 流动，空白按户籍' },
  { key: 'householdNumber', label: '户号', text: true, width: 14, aliases: ['户编号', '户口编号', '家庭户号'],
    explain: '同一户的人填相同户号；已有的户号会沿用，新户号会新建一户' },
  { key: 'relation', label: '与户主关系', table: relationTable, width: 10, aliases: ['关系', '与户主的关系', '家庭关系'], explain: '如 户主、配偶、子、女 或 02，见「取值说明」' },
  { key: 'householdTags', label: '户标签', table: householdTagTable, width: 18, aliases: ['家庭标签', '户类别', '户类型', '家庭类别'],
    explain: '多个用 、或 , 分隔，如 低保五保户、空巢老人户' },
  { key: 'gridCode', label: '网格编码', text: true, width: 18, aliases: ['网格代码', '所属网格编码', '所属网格代码', '网格编号'],
    explain: '15位网格编码；或在「网格名称」列填写网格名称' },
  { key: 'gridName', label: '网格名称', width: 14, aliases: ['所属网格名称'], explain: '填了网格编码可不填；重名时写成「村名+网格名」' },
  { key: 'grid', label: '网格', readOnly: true, width: 14, aliases: ['所属网格', '所在网格'], explain: '网格编码或名称' },
  { key: 'inflowReason', label: '流入原因', table: inflowReasonTable, width: 10, aliases: [], explain: '流动人口填写，如 务工' },
  { key: 'certificateType', label: '办证类型', table: certificateTypeTable, width: 10, aliases: [], explain: '流动人口填写：居住证/暂住证' },
  { key: 'certificateNumber', label: '居住证号码', text: true, width: 20, aliases: ['暂住证号码', '办证号码', '居住证号', '暂住证号', '居住证暂住证号码'], explain: '流动人口填写' },
  { key: 'inflowDate', label: '登记日期', width: 12, aliases: ['流入日期', '流入时间', '登记时间'], explain: '流动人口填写，如 2024-05-01' },
  { key: 'certificateExpiry', label: '证件到期日期', width: 12, aliases: ['证件有效期', '证件有效期至', '有效期至', '到期日期'], explain: '流动人口填写，如 2026-05-01' },
  { key: 'dwellingType', label: '住所类型', table: dwellingTypeTable, width: 10, aliases: [], explain: '流动人口填写，如 租赁房屋' },
  { key: 'keyConcern', label: '是否重点关注人员', width: 10, aliases: ['重点关注', '是否重点关注', '重点关注人员'], explain: '是/否，空白为否' },
  // The household's point on the map (issue 11).
  { key: 'lon', label: '经度', width: 12, aliases: ['住户经度', '东经', 'longitude', 'Longitude', 'lng', 'lon'],
    explain: '住户在地图上的位置，WGS-84/CGCS2000（天地图）经纬度，如 118.9012；与纬度同填，须有户号，选填' },
  { key: 'lat', label: '纬度', width: 12, aliases: ['住户纬度', '北纬', 'latitude', 'Latitude', 'lat'], explain: '如 32.0156；与经度同填，选填' },
];

export const FIELD: Record<FieldKey, FieldDef> = Object.fromEntries(FIELDS.map((f) => [f.key, f])) as Record<FieldKey, FieldDef>;
export const TEMPLATE_FIELDS = FIELDS.filter((f) => !f.readOnly);

/** Header names that mean the ID only when no other column is the ID (证件号码 is also the 居住证 number). */
const WEAK_ID_ALIASES = new Set(['证件号码', '证件号']);

const ALIAS = new Map<string, FieldKey>();
for (const f of FIELDS) for (const name of [f.label, ...f.aliases]) ALIAS.set(name, f.key);

const FULLWIDTH = /[\uFF01-\uFF5E]/g;
export const toHalfWidth = (s: string) => s.replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

/**
 * A header cell as a comparable name, and the notes in its brackets:
 * "＊身份证号码\n（必填）" → { base: "身份证号码", notes: "必填" }; "文化程度(1984)" → notes "1984".
 */
export function normalizeHeader(raw: string): { base: string; notes: string } {
  const notes: string[] = [];
  const base = toHalfWidth(raw)
    .replace(/[\s\u00a0*※]/g, '')
    .replace(/[([【〔<《{]([^)\]】〕>》}]*)[)\]】〕>》}]/g, (_, inner: string) => {
      notes.push(inner);
      return '';
    })
    .replace(/^\d+[.、]/, '')
    .replace(/[:：]$/, '');
  return { base, notes: notes.join(' ') };
}

export function fieldForHeader(raw: string): { key: FieldKey; weak: boolean } | null {
  const { base } = normalizeHeader(raw);
  if (!base) return null;
  const direct = ALIAS.get(base);
  if (direct) return { key: direct, weak: WEAK_ID_ALIASES.has(base) };
  // "联系电话/手机", "户号、户编号": the first part that is a known name.
  for (const part of base.split(/[/、|或]/)) {
    const key = ALIAS.get(part);
    if (key) return { key, weak: WEAK_ID_ALIASES.has(part) };
  }
  return null;
}

export interface MappedColumn {
  col: number;
  letter: string;
  /** The header as written, line breaks turned to spaces. */
  header: string;
  field: FieldKey | null;
  /** For education: the header names GB/T 4658-1984 (true) or 2006 (false); unset when it names neither. */
  education1984?: boolean;
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * Matches a row's cells against the known header names. Returns null unless the row looks like a
 * header: at least two known columns, one of them the ID number or the name.
 */
export function matchHeader(cells: readonly string[]): MappedColumn[] | null {
  const columns: MappedColumn[] = [];
  const taken = new Map<FieldKey, MappedColumn>();
  const weak: MappedColumn[] = [];
  cells.forEach((text, col) => {
    if (col === 0 || !text || !text.trim()) return;
    const header = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    const found = fieldForHeader(text);
    const column: MappedColumn = { col, letter: columnLetter(col), header, field: null };
    columns.push(column);
    if (!found) return;
    if (found.weak) {
      weak.push(column);
      column.field = found.key;
      return;
    }
    if (taken.has(found.key)) return;
    column.field = found.key;
    taken.set(found.key, column);
    if (found.key === 'education') {
      const { notes } = normalizeHeader(text);
      // The header decides when it names a version; otherwise the file-level hint does.
      if (/2006/.test(notes + header)) column.education1984 = false;
      else if (/1984/.test(notes + header)) column.education1984 = true;
    }
  });
  // 证件号码: the ID when there is no other ID column, else the 居住证 number.
  for (const column of weak) {
    if (!taken.has('idNumber')) taken.set('idNumber', column);
    else if (!taken.has('certificateNumber')) {
      column.field = 'certificateNumber';
      taken.set('certificateNumber', column);
    } else column.field = null;
  }
  const known = taken.size;
  if (known < 2 || !(taken.has('idNumber') || taken.has('name'))) return null;
  return columns;
}

export const REQUIRED_FIELDS = FIELDS.filter((f) => f.required);

export function requiredColumnsText(): string {
  return REQUIRED_FIELDS.map((f) => `「${f.label}」（也可写作 ${f.aliases.slice(0, 4).join('、')}）`).join('和');
}

/** A column of any import: its key, its Chinese name (template header, problem field) and the header variants. */
export interface ColumnDef<K extends string> {
  key: K;
  label: string;
  aliases: readonly string[];
}

export interface MatchedColumn<K extends string> {
  col: number;
  letter: string;
  /** The header as written, line breaks turned to spaces. */
  header: string;
  key: K | null;
}

/**
 * Matches a row's cells (index = column number) against an import's column names, after
 * normalizeHeader ("＊身份证号码\n（必填）", "联系电话/手机" …); the first column of a key wins.
 * Returns null unless the row names at least `minKnown` keys and all of `needed` (or one of each
 * inner list): a title row or a data row is never taken for the header.
 */
export function matchColumns<K extends string>(
  cells: readonly string[],
  defs: readonly ColumnDef<K>[],
  needed: readonly (K | readonly K[])[],
  minKnown = 2,
): MatchedColumn<K>[] | null {
  const alias = aliasMapOf(defs);
  const columns: MatchedColumn<K>[] = [];
  const taken = new Set<K>();
  cells.forEach((text, col) => {
    if (col === 0 || !text || !text.trim()) return;
    const header = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    const { base } = normalizeHeader(text);
    let key = alias.get(base) ?? null;
    if (!key) for (const part of base.split(/[/、|或]/)) if ((key = alias.get(part) ?? null)) break;
    const column: MatchedColumn<K> = { col, letter: columnLetter(col), header, key: null };
    columns.push(column);
    if (key && !taken.has(key)) {
      column.key = key;
      taken.add(key);
    }
  });
  if (taken.size < minKnown) return null;
  for (const n of needed) if (typeof n === 'string' ? !taken.has(n) : !n.some((k) => taken.has(k))) return null;
  return columns;
}

const aliasMaps = new WeakMap<readonly ColumnDef<string>[], Map<string, string>>();
function aliasMapOf<K extends string>(defs: readonly ColumnDef<K>[]): Map<string, K> {
  let map = aliasMaps.get(defs);
  if (!map) {
    map = new Map();
    for (const d of defs) for (const name of [d.label, ...d.aliases]) if (!map.has(normalizeHeader(name).base)) map.set(normalizeHeader(name).base, d.key);
    aliasMaps.set(defs, map);
  }
  return map as Map<string, K>;
}
