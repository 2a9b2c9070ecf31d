// Working days for the event desk's deadlines (issue 12): the national calendar from `chinese-days` (public holidays
// and the 调休 weekend days worked in their place), corrected by the town's own entries (calendar_day), which win.
// Decisions:
// - A deadline of n working days counts from the day after the start: accepted "within 2 working days" of a report on
//   Friday means by the following Tuesday (when no holiday falls in between).
// - A year the package does not cover yet (holidays are announced late each year) falls back to Monday–Friday, and
//   `calendarKnown` says so, so the page can ask the town to enter that year's days in 设置.
// The package is CommonJS (a UMD bundle) whose named exports Node's ESM loader cannot see (a long job's worker thread
// failed to start on a named import): take the default export, which is the whole API in both worlds.
import chineseDays from 'chinese-days';

const nationalWorkday = (date: string): boolean => chineseDays.isWorkday(date);
import { addDays } from './dates';

const nextDay = (date: string) => addDays(date, 1);

/** The town's corrections: date (YYYY-MM-DD) → true for a working day, false for a day off. */
export type CalendarCorrections = ReadonlyMap<string, boolean>;

const NONE: CalendarCorrections = new Map();
// A year is covered when its 国庆 days 1–3 October are holidays in the package: three days in a row are never all a
// weekend, so only a year whose holidays the package lists passes. (Reading the package's JSON instead needs an
// import attribute that not every loader of this file accepts.)
const coveredYears = new Map<number, boolean>();
const yearCovered = (year: number): boolean => {
  let known = coveredYears.get(year);
  if (known === undefined) {
    known = [1, 2, 3].every((d) => chineseDays.isHoliday(`${year}-10-0${d}`));
    coveredYears.set(year, known);
  }
  return known;
};

/** Whether the national calendar for this date's year is known (else only weekends count as days off). */
export function calendarKnown(date: string): boolean {
  return yearCovered(Number(date.slice(0, 4)));
}

export function isWorkday(date: string, corrections: CalendarCorrections = NONE): boolean {
  const own = corrections.get(date);
  if (own !== undefined) return own;
  return nationalWorkday(date);
}

/** The n-th working day after `date` (n ≥ 1); n = 0 gives `date` itself. */
export function addWorkdays(date: string, n: number, corrections: CalendarCorrections = NONE): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为非负整数：${n}`);
  let day = date;
  for (let left = n; left > 0; ) {
    day = nextDay(day);
    if (isWorkday(day, corrections)) left--;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workdaysBetween(from: string, to: string, corrections: CalendarCorrections = NONE): number {
  let count = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) if (isWorkday(day, corrections)) count++;
  return count;
}
