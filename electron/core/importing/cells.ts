// Cell values as exceljs's streaming reader gives them (string, number, boolean, rich text,
// formula, hyperlink, error) turned into plain values, and the text clean-ups real files need.
import { excelSerialToDate, parseLooseDate } from '../../../shared/rules/dates';
import { toHalfWidth } from './columns';

export type Raw = string | number | boolean | Date | null;

export function cellRaw(v: unknown): Raw {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'boolean':
      return v;
    case 'object': {
      if (v instanceof Date) return v;
      const o = v as { richText?: { text?: string }[]; formula?: string; result?: unknown; text?: unknown; error?: string; sharedFormula?: string };
      if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? '').join('');
      if ('result' in o || 'formula' in o || 'sharedFormula' in o) return cellRaw(o.result);
      if ('text' in o) return cellRaw(o.text);
      if (o.error) return String(o.error);
      return null;
    }
    default:
      return String(v);
  }
}

/** A cell as text (numbers as JavaScript writes them: integers below 1e21 without exponent). */
export function rawText(raw: Raw): string {
  if (raw === null) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  if (typeof raw === 'boolean') return raw ? '是' : '否';
  return parseLooseDate(raw) ?? '';
}

/** Anything cleanText would change; most cells have none of it, and one test is cheaper than the replaces. */
const NEEDS_CLEANING = /[\uFF01-\uFF5E\u3000\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\ufeff\t\n\r\f\v]|\s\s|^\s|\s$/;

/** Half-width letters and digits, one space for any run of white space, trimmed. */
export function cleanText(raw: Raw): string {
  const text = rawText(raw);
  if (!NEEDS_CLEANING.test(text)) return text;
  return toHalfWidth(text).replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const BETWEEN_CJK = new RegExp(`([${CJK}])\\s+(?=[${CJK}])`, 'g');

/** Names: spaces used to pad "张  三" removed, the middle dots of minority names unified. */
export function cleanName(raw: Raw): string {
  const text = cleanText(raw);
  if (!/[\s•・‧∙．·]/.test(text)) return text;
  return text.replace(BETWEEN_CJK, '$1').replace(/[•・‧∙．]/g, '·').replace(/\s*·\s*/g, '·');
}

/** Codes, phones, household numbers: no spaces at all. */
export function cleanCompact(raw: Raw): string {
  const text = cleanText(raw);
  return text.includes(' ') ? text.replace(/ /g, '') : text;
}

/** A calendar date from a cell; serials of a 1904-based workbook are shifted. */
export function cellDate(raw: Raw, date1904: boolean): string | null {
  if (typeof raw === 'number' && date1904 && !(Number.isInteger(raw) && raw >= 19000101)) return excelSerialToDate(raw + 1462);
  return parseLooseDate(typeof raw === 'string' ? raw.trim() : raw);
}

/**
 * A 出生年月 written as year and month only ("1990-03", "1990.3", "1990年3月", "199003", or the number
 * 1990.03 Excel made of "1990.03"): the possible months, for comparing with the ID. null = not this form.
 */
export function yearMonth(raw: Raw): { year: number; months: number[] } | null {
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 190001 && raw <= 210012) return { year: Math.floor(raw / 100), months: [raw % 100] };
    const year = Math.floor(raw);
    if (year < 1890 || year > 2100) return null;
    const frac = Math.round((raw - year) * 100);
    // 1990.1 may be "1990.1" (January) or "1990.10" with the zero dropped (October).
    const months = frac % 10 === 0 ? [frac / 10, frac] : [frac];
    return { year, months: months.filter((m) => m >= 1 && m <= 12) };
  }
  if (typeof raw !== 'string') return null;
  const text = toHalfWidth(raw).replace(/\s/g, '');
  const m = /^(\d{4})[-./年](\d{1,2})月?$/.exec(text) ?? /^(\d{4})(\d{2})$/.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year: Number(m[1]), months: [month] } : null;
}
