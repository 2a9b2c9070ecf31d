// Calendar dates as 'YYYY-MM-DD' strings in the town's calendar, and the date arithmetic of
// domain.md Part 1: "+N months/years" keeps the day and clamps to the month's last day.

export function isValidDate(s: string): boolean {
  return readDate(s) !== null;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  if (Number.isInteger(month) && month >= 1 && month <= 12) return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!;
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

type DateParts = readonly [number, number, number];
/**
 * Dates already read, by text: the due rules read the same few thousand dates hundreds of thousands of times
 * on a big town (every entry's, every household's). Bounded, and the tuples are never changed by a caller.
 */
const known = new Map<string, DateParts>();
const KNOWN_MAX = 100_000;

/** 'YYYY-MM-DD' read digit by digit (a regex and a split per call were most of the due list's time). */
function readDate(s: string): DateParts | null {
  const hit = known.get(s);
  if (hit) return hit;
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const digit = (i: number) => {
    const c = s.charCodeAt(i) - 48;
    return c >= 0 && c <= 9 ? c : NaN;
  };
  const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const m = digit(5) * 10 + digit(6);
  const d = digit(8) * 10 + digit(9);
  if (!(y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return null;
  const p: DateParts = [y, m, d];
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(s, p);
  return p;
}

function parts(date: string): DateParts {
  const p = readDate(date);
  if (!p) throw new RangeError(`不是有效日期：${date}`);
  return p;
}

const two = (n: number) => (n >= 0 && n < 10 ? `0${n}` : `${n}`);
export function formatDate(y: number, m: number, d: number): string {
  return `${y >= 1000 ? y : String(y).padStart(4, '0')}-${two(m)}-${two(d)}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return formatDate(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

/** b − a in calendar days. */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

const lastDays = new Map<string, string>();
export function lastDayOfMonth(month: string): string {
  let last = lastDays.get(month);
  if (last === undefined) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    last = formatDate(y, m, daysInMonth(y, m));
    if (lastDays.size >= 10_000) lastDays.clear();
    lastDays.set(month, last);
  }
  return last;
}

export function firstDayOfMonth(month: string): string {
  return `${month}-01`;
}

export function chineseDate(date: string): string {
  const [y, m, d] = parts(date);
  return `${y}年${m}月${d}日`;
}

/** Excel's day serial (1900 system, with its fake 1900-02-29) to a date. */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const whole = Math.floor(serial);
  const t = new Date(Date.UTC(1899, 11, 30 + whole));
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/**
 * Reads the ways dates are written in real files: 2019-3-5, 2019.3.5, 2019/03/05, 2019年3月5日,
 * 20190305, full-width digits, and Excel date cells (a JS Date or a day serial).
 * Returns null when it cannot be read as a real calendar date.
 */
export function parseLooseDate(raw: unknown): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return null;
    // exceljs gives Excel dates as UTC midnight.
    return formatDate(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  }
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 19000101 && raw <= 21001231) return parseLooseDate(String(raw));
    return excelSerialToDate(raw);
  }
  const text = String(raw)
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '');
  let m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(text);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) {
    // A time part after the date ("2019-03-05 00:00:00", "2019-03-05T00:00:00.000Z").
    const withTime = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T|\d{2}:)/.exec(text.replace(/^(\d{4}-\d{1,2}-\d{1,2})(\d{2}:)/, '$1T$2'));
    if (withTime) m = withTime;
  }
  if (!m) return null;
  const date = formatDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return isValidDate(date) ? date : null;
}
