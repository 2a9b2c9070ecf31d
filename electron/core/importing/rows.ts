// One data row of the file → a checked record, or problems naming sheet, row, column and reason.
// Field rules are the contract's own (personInput / householdInput field schemas, the ID rules),
// applied field by field so a row's problems each point at their column; code fields are memoized
// because a file repeats the same few values thousands of times.
import type { z } from 'zod';
import type { ImportProblem } from '../../../shared/contract/importing';
import { householdInput, personInput } from '../../../shared/contract/people';
import { lat as latSchema, lon as lonSchema } from '../../../shared/contract/map';
import { education1984To2006, educationTable, householdTagTable, resolveCode } from '../../../shared/codes';
import { checkIdAgainstToday, normalizeIdNumber } from '../../../shared/rules/idNumber';
import { contradictionsWithId } from '../../../shared/rules/person';
import { cellDate, cellRaw, cleanCompact, cleanName, cleanText, rawText, yearMonth, type Raw } from './cells';
import { FIELD, type FieldKey, type MappedColumn } from './columns';
import type { resident } from '../db/schema';

/** Person columns written to the resident table (keys of the schema's resident), in the order of ParsedRow.values. */
export const PERSON_COLUMNS = [
  { key: 'formerName', empty: '' },
  { key: 'ethnicity', empty: null },
  { key: 'nativePlace', empty: '' },
  { key: 'marital', empty: null },
  { key: 'political', empty: null },
  { key: 'education', empty: null },
  { key: 'religion', empty: '' },
  { key: 'occupation', empty: '' },
  { key: 'phone', empty: '' },
  { key: 'registeredAddress', empty: '' },
  { key: 'currentAddress', empty: '' },
  { key: 'residenceKind', empty: '1' },
  { key: 'inflowReason', empty: null },
  { key: 'certificateType', empty: null },
  { key: 'certificateNumber', empty: '' },
  { key: 'inflowDate', empty: null },
  { key: 'certificateExpiry', empty: null },
  { key: 'dwellingType', empty: null },
  { key: 'keyConcern', empty: 0 },
  { key: 'relation', empty: null },
] as const satisfies readonly { key: FieldKey & keyof typeof resident.$inferInsert; empty: string | number | null }[];

type PersonColumnKey = (typeof PERSON_COLUMNS)[number]['key'];
const PERSON_INDEX = new Map<FieldKey, number>(PERSON_COLUMNS.map((c, i) => [c.key, i]));

export interface GridRef {
  text: string;
  /** Which column it came from, for problems. */
  column: MappedColumn;
  kind: 'code' | 'name' | 'any';
}

export interface ParsedRow {
  row: number;
  idNumber: string;
  sex: string;
  birthDate: string;
  name: string;
  /** Aligned with PERSON_COLUMNS; null = the file gives no value (keeps what is stored on update). */
  values: (string | number | null)[];
  householdNumber: string | null;
  tags: string[];
  grid: GridRef | null;
  /** The household's point (经度/纬度 columns), WGS-84. */
  point: { lon: number; lat: number } | null;
}

/** What the preview shows of any row, good or bad. */
export interface RowGlimpse {
  row: number;
  idNumber: string;
  name: string;
  grid: string;
  household: string;
}

const CODE_FIELDS = ['ethnicity', 'marital', 'political', 'residenceKind', 'inflowReason', 'certificateType', 'dwellingType', 'relation'] as const;
const TEXT_FIELDS = ['formerName', 'nativePlace', 'religion', 'occupation', 'registeredAddress', 'currentAddress', 'certificateNumber'] as const;
const DATE_FIELDS = ['inflowDate', 'certificateExpiry'] as const;
/** Where the grid is read from, in order: the code column, a mixed column, the name column. */
const GRID_FIELDS = [['gridCode', 'code'], ['grid', 'any'], ['gridName', 'name']] as const;
const NO_TAGS: string[] = [];

const DATE_HINT = '（可写成 2019-03-05、2019.3.5、2019/03/05、2019年3月5日 或 20190305）';
const OLD_EDUCATION_CODES = new Set(Object.keys(education1984To2006).filter((c) => resolveCode(educationTable, c) === null));
const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '✔', '重点', '重点关注']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '✗', '不是', '非', '一般', '无']);

const education1984ByLabel = new Map(Object.values(education1984To2006).map((e) => [e.label, e.code2006]));

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? '格式不正确';
}

export interface RowContext {
  sheet: string;
  columns: MappedColumn[];
  date1904: boolean;
  /** The whole file says its education codes are GB/T 4658-1984. */
  education1984: boolean;
  today: string;
  problems: ProblemSink;
}

/** Keeps the first `limit` problems and counts them all, so a file wrong in every row stays manageable. */
export class ProblemSink {
  readonly items: ImportProblem[] = [];
  total = 0;
  constructor(readonly limit = 20_000) {}
  push(p: ImportProblem) {
    this.total++;
    if (this.items.length < this.limit) this.items.push(p);
  }

  /** The problems for a report, by row, with a last line saying how many more were left out (if any). */
  listed(sheet: string): ImportProblem[] {
    const out = this.items.slice().sort((a, b) => a.row - b.row);
    if (this.total > this.items.length) {
      out.push({
        sheet,
        row: 0,
        column: '',
        field: '',
        message: `另有 ${this.total - this.items.length} 个问题未列出（只列出前 ${this.items.length} 个）。请先改正上面的问题再重新检查。`,
      });
    }
    return out;
  }
}

export class RowParser {
  private readonly byField = new Map<FieldKey, MappedColumn>();
  private readonly memo = new Map<FieldKey, Map<string, { ok: true; value: string | null } | { ok: false; message: string }>>();
  readonly idColumn: MappedColumn;
  private readonly nameColumn: MappedColumn;
  private readonly mapped: MappedColumn[];
  private readonly education1984: boolean;
  /** The normalized ID of the row parse() saw last, even when the row had other problems. */
  lastIdNumber: string | null = null;

  constructor(private readonly ctx: RowContext) {
    for (const c of ctx.columns) if (c.field && !this.byField.has(c.field)) this.byField.set(c.field, c);
    this.idColumn = this.byField.get('idNumber')!;
    this.nameColumn = this.byField.get('name')!;
    this.mapped = ctx.columns.filter((c) => c.field !== null);
    const education = this.byField.get('education');
    this.education1984 = education?.education1984 ?? ctx.education1984;
  }

  /** True when none of the known columns holds anything (blank lines, lines of borders). */
  isBlank(values: readonly unknown[]): boolean {
    for (const c of this.mapped) {
      const raw = cellRaw(values[c.col]);
      if (raw !== null && (typeof raw !== 'string' || raw.trim() !== '')) return false;
    }
    return true;
  }

  glimpse(row: number, values: readonly unknown[]): RowGlimpse {
    const text = (f: FieldKey) => {
      const c = this.byField.get(f);
      return c ? cleanText(cellRaw(values[c.col])) : '';
    };
    return {
      row,
      idNumber: cleanCompact(cellRaw(values[this.idColumn.col])).toUpperCase(),
      name: cleanName(cellRaw(values[this.nameColumn.col])),
      grid: text('gridCode') || text('gridName') || text('grid'),
      household: cleanCompact(cellRaw(values[this.byField.get('householdNumber')?.col ?? -1])),
    };
  }

  private problem(row: number, column: MappedColumn | null, field: string, message: string) {
    this.ctx.problems.push({ sheet: this.ctx.sheet, row, column: column ? `${column.letter}（${column.header}）` : '', field, message });
  }

  /** Problem reported against a field's column. */
  fail(row: number, column: MappedColumn, message: string) {
    this.problem(row, column, FIELD[column.field ?? 'name'].label, message);
  }

  /** Parses one row; on problems reports them all and returns null. */
  parse(row: number, values: readonly unknown[]): ParsedRow | null {
    const before = this.ctx.problems.total;
    this.lastIdNumber = null;
    const raw = (f: FieldKey): Raw => {
      const c = this.byField.get(f);
      return c ? cellRaw(values[c.col]) : null;
    };

    // 公民身份号码
    const idRaw = raw('idNumber');
    let id: ReturnType<typeof normalizeIdNumber> | null = null;
    if (idRaw === null || rawText(idRaw).trim() === '') this.fail(row, this.idColumn, '缺少公民身份号码（必填）');
    else {
      id = checkIdAgainstToday(normalizeIdNumber(typeof idRaw === 'number' ? idRaw : rawText(idRaw)), this.ctx.today);
      if (!id.ok) this.fail(row, this.idColumn, id.reason);
    }

    // 姓名
    const name = cleanName(raw('name'));
    if (!name) this.fail(row, this.nameColumn, '缺少姓名（必填）');
    else {
      const checked = personInput.shape.name.safeParse(name);
      if (!checked.success) this.fail(row, this.nameColumn, firstIssue(checked.error));
    }

    // 性别 and 出生日期: must agree with the ID.
    const sex = this.code(row, 'sex', raw('sex'));
    const birthColumn = this.byField.get('birthDate');
    let birthDate: string | null = null;
    const birthRaw = raw('birthDate');
    if (birthColumn && birthRaw !== null && rawText(birthRaw).trim() !== '') {
      const ym = yearMonth(birthRaw);
      if (ym) {
        if (id?.ok) {
          const idYear = Number(id.birthDate.slice(0, 4));
          const idMonth = Number(id.birthDate.slice(5, 7));
          if (ym.year !== idYear || !ym.months.includes(idMonth)) {
            this.fail(row, birthColumn, `出生年月「${rawText(birthRaw).trim()}」与公民身份号码不符（号码显示为 ${id.birthDate.slice(0, 7)}）`);
          }
        }
      } else {
        birthDate = cellDate(birthRaw, this.ctx.date1904);
        if (!birthDate) this.fail(row, birthColumn, `出生日期「${rawText(birthRaw).trim()}」不是有效日期${DATE_HINT}`);
      }
    }
    if (id?.ok) {
      for (const c of contradictionsWithId(id, { sex, birthDate })) {
        this.fail(row, this.byField.get(c.field)!, c.message);
      }
    }

    const values_: (string | number | null)[] = new Array<string | number | null>(PERSON_COLUMNS.length).fill(null);
    const set = (key: PersonColumnKey, v: string | number | null) => {
      values_[PERSON_INDEX.get(key)!] = v;
    };

    // Code columns.
    for (const key of CODE_FIELDS) {
      if (this.byField.has(key)) set(key, this.code(row, key, raw(key)));
    }
    if (this.byField.has('education')) set('education', this.education(row, raw('education')));

    // Free text.
    for (const key of TEXT_FIELDS) {
      const column = this.byField.get(key);
      if (!column) continue;
      const text = key === 'formerName' ? cleanName(raw(key)) : key === 'certificateNumber' ? cleanCompact(raw(key)) : cleanText(raw(key));
      if (!text) continue;
      const checked = personInput.shape[key].safeParse(text);
      if (checked.success) set(key, checked.data);
      else this.fail(row, column, firstIssue(checked.error));
    }
    const phoneColumn = this.byField.get('phone');
    if (phoneColumn) {
      const text = cleanText(raw('phone'));
      if (text) {
        const checked = personInput.shape.phone.safeParse(text);
        if (checked.success) set('phone', checked.data);
        else this.fail(row, phoneColumn, `${firstIssue(checked.error)}，「${text}」不是电话号码`);
      }
    }

    // Dates.
    for (const key of DATE_FIELDS) {
      const column = this.byField.get(key);
      const r = raw(key);
      if (!column || r === null || rawText(r).trim() === '') continue;
      const date = cellDate(r, this.ctx.date1904);
      if (date) set(key, date);
      else this.fail(row, column, `${FIELD[key].label}「${rawText(r).trim()}」不是有效日期${DATE_HINT}`);
    }

    // 是否重点关注人员
    const keyColumn = this.byField.get('keyConcern');
    if (keyColumn) {
      const text = cleanCompact(raw('keyConcern')).toUpperCase();
      if (YES.has(text)) set('keyConcern', 1);
      else if (NO.has(text)) set('keyConcern', 0);
      else if (text) this.fail(row, keyColumn, `是否重点关注人员应填「是」或「否」，不能是「${text}」`);
    }

    // 户号 and 户标签
    let householdNumber: string | null = null;
    const householdColumn = this.byField.get('householdNumber');
    if (householdColumn) {
      const text = cleanCompact(raw('householdNumber'));
      if (text) {
        const checked = householdInput.shape.number.safeParse(text);
        if (checked.success && checked.data) householdNumber = checked.data;
        else if (!checked.success) this.fail(row, householdColumn, firstIssue(checked.error));
      }
    }
    let tags = NO_TAGS;
    const tagColumn = this.byField.get('householdTags');
    const tagText = tagColumn ? cleanText(raw('householdTags')) : '';
    if (tagColumn && tagText) {
      tags = [];
      for (const part of tagText.split(/[、,，;；/|\s]+/)) {
        if (!part) continue;
        const code = resolveCode(householdTagTable, part);
        if (code === null) this.fail(row, tagColumn, `户标签「${part}」不在代码表中（可填：${householdTagTable.entries.map((e) => e.label).join('、')}）`);
        else if (!tags.includes(code)) tags.push(code);
      }
      if (tags.length === 0) tags = NO_TAGS;
      else if (!householdNumber) this.fail(row, tagColumn, '填了户标签但没有户号：户标签属于一户，请填写户号');
    }

    // 经度/纬度: the household's point, both or neither, and only with a 户号 (a point belongs to a household).
    let point: ParsedRow['point'] = null;
    const lonColumn = this.byField.get('lon');
    const latColumn = this.byField.get('lat');
    const lonText = lonColumn ? cleanCompact(raw('lon')) : '';
    const latText = latColumn ? cleanCompact(raw('lat')) : '';
    if (lonText || latText) {
      const column = (lonText ? latColumn : lonColumn) ?? (lonColumn ?? latColumn)!;
      if (!lonText || !latText) this.fail(row, column, '经度和纬度应同时填写（只填了一个）');
      else {
        const lon = lonSchema.safeParse(Number(lonText));
        const lat = latSchema.safeParse(Number(latText));
        if (!lon.success) this.fail(row, lonColumn!, `经度「${lonText}」${/^-?\d+(\.\d+)?$/.test(lonText) ? '应在 -180 至 180 之间' : '不是数字（应为小数度数，如 118.9012）'}`);
        if (!lat.success) this.fail(row, latColumn!, `纬度「${latText}」${/^-?\d+(\.\d+)?$/.test(latText) ? '应在 -90 至 90 之间' : '不是数字（应为小数度数，如 32.0156）'}`);
        if (lon.success && lat.success) {
          if (!householdNumber) this.fail(row, lonColumn!, '填了经纬度但没有户号：位置属于一户，请填写户号');
          else point = { lon: lon.data, lat: lat.data };
        }
      }
    }

    // 网格: the code column first, then a mixed column, then the name.
    let grid: GridRef | null = null;
    for (const [key, kind] of GRID_FIELDS) {
      const column = this.byField.get(key);
      if (!column) continue;
      const text = kind === 'name' ? cleanText(raw(key)) : cleanCompact(raw(key));
      if (text) {
        grid = { text, column, kind };
        break;
      }
    }

    if (id?.ok) this.lastIdNumber = id.idNumber;
    if (this.ctx.problems.total > before || !id?.ok) return null;
    return { row, idNumber: id.idNumber, sex: id.sex, birthDate: id.birthDate, name, values: values_, householdNumber, tags, grid, point };
  }

  /** A code column: code, label or alias → code (memoized per distinct text). */
  private code(row: number, key: FieldKey, r: Raw): string | null {
    const column = this.byField.get(key);
    if (!column || r === null) return null;
    const text = cleanText(r);
    if (!text) return null;
    let cache = this.memo.get(key);
    if (!cache) this.memo.set(key, (cache = new Map()));
    let hit = cache.get(text);
    if (!hit) {
      const schema = personInput.shape[key as 'sex'];
      const checked = schema.safeParse(text);
      hit = checked.success ? { ok: true, value: checked.data } : { ok: false, message: `${firstIssue(checked.error)}（可填写的值见导入模板的「取值说明」）` };
      cache.set(text, hit);
    }
    if (!hit.ok) {
      this.fail(row, column, hit.message);
      return null;
    }
    return hit.value;
  }

  /** 文化程度: GB/T 4658-2006 codes or labels; the 1984 codes when the file says so. */
  private education(row: number, r: Raw): string | null {
    const column = this.byField.get('education')!;
    const text = cleanCompact(r);
    if (!text) return null;
    if (!this.education1984) {
      if (/^\d{1,2}$/.test(text) && OLD_EDUCATION_CODES.has(text.padStart(2, '0'))) {
        this.fail(row, column, `文化程度「${text}」不是 GB/T 4658-2006 的代码；如果本文件用的是 1984 年版旧代码，请把列名改为「文化程度(1984)」后重新导入`);
        return null;
      }
      return this.code(row, 'education', r);
    }
    const code = /^\d{1,2}$/.test(text) ? education1984To2006[text.padStart(2, '0')]?.code2006 : (education1984ByLabel.get(text) ?? resolveCode(educationTable, text) ?? undefined);
    if (!code) {
      this.fail(row, column, `文化程度「${text}」不是 GB/T 4658-1984 的代码或名称（本列按 1984 年版代码读取）`);
      return null;
    }
    return code;
  }
}
