// The columns a ledger import understands: the person columns every ledger file has (taken from the
// resident import's definitions, so 身份证号/联系方式/户号 … are recognised the same way), then the
// ledger's own columns, each with the header names towns write and how its cells are read.
import type { CodeTable } from '../../../../shared/codes';
import { FIELD, columnLetter, normalizeHeader, type FieldKey } from '../columns';

export type CellKind = 'text' | 'date' | 'code' | 'int' | 'money' | 'yesno' | 'risk';

export interface LedgerColumn {
  /** For ledger columns: the service input field it feeds, where there is one (so a refusal's path finds its column). */
  key: string;
  /** The template's header and a problem's `field`. */
  label: string;
  aliases: readonly string[];
  kind: CellKind;
  table?: CodeTable;
  required?: boolean;
  /** Longest text accepted (text columns). */
  max?: number;
  /** The template's explanation row. */
  explain: string;
  width?: number;
}

/** The person columns (实有人口) a ledger file may carry, in the template's order. */
const PERSON_KEYS: readonly FieldKey[] = [
  'idNumber', 'name', 'sex', 'ethnicity', 'phone', 'registeredAddress', 'currentAddress', 'householdNumber', 'relation', 'gridCode', 'gridName', 'grid',
];

const PERSON_EXPLAIN: Partial<Record<FieldKey, string>> = {
  idNumber: '18位（旧的15位也可），必填；按此号码在实有人口中查找本人，查不到时新建',
  name: '必填；须与实有人口中的姓名一致',
  currentAddress: '选填；新建人员、新建户时使用',
  householdNumber: '选填；已有的户号沿用，新户号新建一户',
  gridCode: '15位网格编码，选填；或在「网格名称」列填写',
};

export const PERSON_COLUMNS: readonly LedgerColumn[] = PERSON_KEYS.map((key) => {
  const f = FIELD[key];
  return {
    key,
    label: f.label,
    aliases: f.aliases,
    kind: key === 'sex' || key === 'ethnicity' || key === 'relation' ? 'code' : 'text',
    table: f.table,
    required: f.required,
    explain: PERSON_EXPLAIN[key] ?? f.explain,
    width: f.width,
  };
});

/** A header cell's column among `columns`, or null. Exact names first, then "甲/乙" forms by their first known part. */
export function columnForHeader(raw: string, byName: ReadonlyMap<string, LedgerColumn>): LedgerColumn | null {
  const { base } = normalizeHeader(raw);
  if (!base) return null;
  const direct = byName.get(base);
  if (direct) return direct;
  for (const part of base.split(/[/、|或]/)) {
    const found = byName.get(part);
    if (found) return found;
  }
  return null;
}

export interface MatchedColumn {
  col: number;
  letter: string;
  header: string;
  column: LedgerColumn | null;
}

export function nameIndex(columns: readonly LedgerColumn[]): Map<string, LedgerColumn> {
  const byName = new Map<string, LedgerColumn>();
  for (const c of columns) {
    for (const name of [c.label, ...c.aliases]) {
      const { base } = normalizeHeader(name);
      if (!byName.has(base)) byName.set(base, c);
    }
  }
  return byName;
}

/**
 * A row as the header row: at least three known columns, the ID number among them. Each known column is
 * taken once (the leftmost); later cells with the same meaning are listed but not read.
 */
export function matchLedgerHeader(cells: readonly string[], byName: ReadonlyMap<string, LedgerColumn>): MatchedColumn[] | null {
  const out: MatchedColumn[] = [];
  const taken = new Set<string>();
  cells.forEach((text, col) => {
    if (col === 0 || !text || !text.trim()) return;
    const header = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    let column = columnForHeader(text, byName);
    if (column && taken.has(column.key)) column = null;
    if (column) taken.add(column.key);
    out.push({ col, letter: columnLetter(col), header, column });
  });
  if (taken.size < 3 || !taken.has('idNumber')) return null;
  return out;
}
