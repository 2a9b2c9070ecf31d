// 一表通: the figures and fields a county's own .xlsx form can be filled with, named once, and the placeholder syntax
// written in a form's cells. The mapping a staffer saves (which figure fills which column) and the placeholders a county
// writes into its template use the same names, so one name means one thing everywhere.
//
// Syntax (also in the app's help and README):
//   {镇名} {统计期} {填报日期} {年} {月}        town fields, anywhere in any sheet (also inside text: 填报单位：{镇名}综治中心)
//   {村.在册帮教对象} {村.名称} {村.序号}        a village figure: the row holding it is repeated once per 村/社区, then 合计
//   {人.姓名} {人.身份证号} {人.罪名} …          a person field: the row is repeated once per person of the form's key group
// A grouped column is named group/label ({村.衔接情况/衔接率}) where its label alone is ambiguous ({村.城市低保/户}).
//
// Decisions:
// - Figures are named after the column labels of T1–T4 (shared/reports/tables.ts), so a county form's header usually
//   matches a name by its label; the suggestion compares normalized labels (no spaces, brackets or 数/人数 suffixes).
// - A name that would be ambiguous across the tables (「户」 of 城市低保 and 农村低保), or says little alone (合计, 稳定,
//   0级: two characters or fewer), carries its group; one ambiguous
//   even then carries its table (T3:合计/户 never happens today, but the rule keeps names unique if a definition grows).
// - {留空} marks a column deliberately left empty, so "not mapped" stays an error the staffer must answer.
// - A person form lists the open entries of one key group (安置帮教, 严重精神障碍患者, 低保户) as the ledgers do today.
import { TABLES, type VillageTableId } from './tables';

export type FigureScope = 'town' | 'village' | 'person';
export type KeyGroup = 'released' | 'patient' | 'lowIncome';

export interface FormFigure {
  /** The name in a mapping and inside a placeholder: 镇名, 村.在册帮教对象, 人.姓名. */
  name: string;
  scope: FigureScope;
  /** Where it comes from, for the picker: T1 刑满释放人员…, 镇, 人员. */
  source: string;
  /** For a village figure: the table and the key of its row (tables.ts). */
  table?: VillageTableId;
  figure?: string;
  kind?: 'text' | 'count' | 'money' | 'rate' | 'index' | 'date';
  /** For a person field: the key groups that have it (all when absent). */
  groups?: readonly KeyGroup[];
}

export const BLANK = '留空';
export const KEY_GROUPS: Record<KeyGroup, string> = { released: '安置帮教', patient: '严重精神障碍患者', lowIncome: '低保户' };

const PLACEHOLDER = /\{([^{}\s]{1,40})\}/g;

/** The names of the placeholders in a cell's text, in order. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** The text with each placeholder replaced; `value` returns null to leave one as written. */
export function substitute(text: string, value: (name: string) => string | null): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => value(name) ?? whole);
}

/** A cell holding exactly one placeholder (so its value keeps its type: a count stays a number). */
export function onlyPlaceholder(text: string): string | null {
  const m = /^\s*\{([^{}\s]{1,40})\}\s*$/.exec(text);
  return m ? m[1]! : null;
}

const TOWN_FIELDS: FormFigure[] = [
  { name: '镇名', scope: 'town', source: '镇', kind: 'text' },
  { name: '统计期', scope: 'town', source: '镇', kind: 'text' },
  { name: '填报日期', scope: 'town', source: '镇', kind: 'text' },
  { name: '年', scope: 'town', source: '镇', kind: 'count' },
  { name: '月', scope: 'town', source: '镇', kind: 'count' },
];

function villageFigures(): FormFigure[] {
  const out: FormFigure[] = [
    { name: '村.序号', scope: 'village', source: '村（社区）', kind: 'index' },
    { name: '村.名称', scope: 'village', source: '村（社区）', kind: 'text' },
  ];
  const defs = Object.values(TABLES);
  const cols = defs.flatMap((def) => def.columns.filter((c) => c.figure && c.kind !== 'text' && c.kind !== 'index').map((c) => ({ def, c })));
  const labelCount = new Map<string, number>();
  for (const { c } of cols) labelCount.set(c.label, (labelCount.get(c.label) ?? 0) + 1);
  const named = cols.map(({ def, c }) => ({ def, c, name: (labelCount.get(c.label)! > 1 || c.label.length <= 2) && c.group ? `${c.group}/${c.label}` : c.label }));
  const nameCount = new Map<string, number>();
  for (const n of named) nameCount.set(n.name, (nameCount.get(n.name) ?? 0) + 1);
  for (const { def, c, name } of named) {
    out.push({
      name: `村.${nameCount.get(name)! > 1 ? `${def.id}:${name}` : name}`,
      scope: 'village',
      source: `${def.id} ${def.name}`,
      table: def.id,
      figure: c.figure!,
      kind: c.kind as FormFigure['kind'],
    });
  }
  return out;
}

const ALL: readonly KeyGroup[] = ['released', 'patient', 'lowIncome'];
const person = (label: string, groups: readonly KeyGroup[] = ALL, kind: FormFigure['kind'] = 'text'): FormFigure => ({
  name: `人.${label}`, scope: 'person', source: groups.length === 3 ? '人员' : groups.map((g) => KEY_GROUPS[g]).join('、'), kind, groups,
});

const PERSON_FIELDS: FormFigure[] = [
  person('序号', ALL, 'index'), person('姓名'), person('性别', ['released', 'patient']), person('身份证号'), person('出生日期', ['released', 'patient'], 'date'),
  person('联系电话', ['released', 'patient']), person('住址'), person('村'), person('网格'), person('状态'),
  person('罪名', ['released']), person('释放日期', ['released'], 'date'), person('帮教期满', ['released'], 'date'), person('衔接日期', ['released'], 'date'),
  person('报到日期', ['released'], 'date'), person('是否安置', ['released']), person('最近帮教', ['released'], 'date'),
  person('诊断', ['patient']), person('危险性等级', ['patient'], 'count'), person('监护人', ['patient']), person('监护人电话', ['patient']),
  person('最近随访', ['patient'], 'date'),
  person('户号', ['lowIncome']), person('保障类别', ['lowIncome']), person('保障人数', ['lowIncome'], 'count'), person('月保障金', ['lowIncome'], 'money'),
  person('认定日期', ['lowIncome'], 'date'), person('最近复核', ['lowIncome'], 'date'),
];

export const FORM_FIGURES: readonly FormFigure[] = [...TOWN_FIELDS, ...villageFigures(), ...PERSON_FIELDS, { name: BLANK, scope: 'town', source: '不填' }];
export const FORM_FIGURE = new Map(FORM_FIGURES.map((f) => [f.name, f]));

/** A header label reduced for comparison: no spaces, brackets' contents kept, 人数/数 suffixes dropped. */
export function normalizeLabel(label: string): string {
  return label
    .replace(/[\s\u3000]/g, '')
    .replace(/[（(][^）)]*(人|户|元|%|个|名)[）)]$/, '')
    .replace(/[（）()【】[\]：:、·]/g, '')
    .replace(/(人数|数)$/, '');
}

const VILLAGE_LABELS = /^(村社区|村居|村居委会|村名|单位|村|社区|村委会|单位名称|乡镇村社区)$/;

/**
 * The figure suggested for a column by its header label (group labels joined with /): the exact figure name first,
 * then the last part of the label, then a figure whose name ends with it. null when nothing fits.
 */
export function suggestFigure(label: string, scope: 'village' | 'person', group: KeyGroup | null = null): string | null {
  const parts = label.split('/').map(normalizeLabel).filter(Boolean);
  if (parts.length === 0) return null;
  const last = parts[parts.length - 1]!;
  if (last === '序号' || last === '编号') return scope === 'village' ? '村.序号' : '人.序号';
  if (scope === 'person') {
    const byLabel = (l: string) => PERSON_FIELDS.find((f) => normalizeLabel(f.name.slice(2)) === l && (!group || f.groups!.includes(group)));
    const aliases: Record<string, string> = { 公民身份号码: '身份证号', 身份证号码: '身份证号', 身份证: '身份证号', 村社区: '村', 所在村: '村', 现住址: '住址', 家庭住址: '住址', 电话: '联系电话', 户主: '姓名', 户主姓名: '姓名' };
    const hit = byLabel(last) ?? byLabel(aliases[last] ?? '');
    return hit?.name ?? null;
  }
  if (VILLAGE_LABELS.test(last)) return '村.名称';
  const village = FORM_FIGURES.filter((f) => f.scope === 'village' && f.table);
  const key = (f: FormFigure) => f.name.slice(2).replace(/^T\d:/, '');
  const raw = label.split('/').map((p) => p.replace(/[\s\u3000]/g, '')).filter(Boolean);
  // The label as written first (户数 is T4's 户数, not 户), then reduced.
  for (const [ps, norm] of [[raw, (x: string) => x.replace(/[\s\u3000]/g, '')], [parts, normalizeLabel]] as const) {
    const tip = ps[ps.length - 1]!;
    const exact = village.find((f) => key(f).split('/').map(norm).join('/') === ps.join('/'));
    if (exact) return exact.name;
    const byLast = village.filter((f) => norm(key(f).split('/').pop()!) === tip);
    if (byLast.length === 1) return byLast[0]!.name;
    // Several tables share the label (户): the one whose group appears in the header.
    const withGroup = byLast.find((f) => ps.some((p) => p !== tip && key(f).includes(p)));
    if (withGroup) return withGroup.name;
  }
  const tail = village.find((f) => last.length >= 2 && normalizeLabel(key(f)).endsWith(last));
  return tail?.name ?? null;
}

/** 2026年11月 */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** The key group a list form is about, guessed from its title and header texts. */
export function guessGroup(texts: readonly string[]): KeyGroup | null {
  const all = texts.join(' ');
  if (/帮教|刑满|释放|罪名/.test(all)) return 'released';
  if (/精神|患者|监护|危险性/.test(all)) return 'patient';
  if (/低保|保障金|救助/.test(all)) return 'lowIncome';
  return null;
}
