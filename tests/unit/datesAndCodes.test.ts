import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { educationTable, ethnicityTable, maritalTable, relationTable, resolveCode, labelOf, sexTable, staffRoleTable } from '../../shared/codes';
import { addDays, addMonths, addYears, daysBetween, daysInMonth, excelSerialToDate, formatDate, isValidDate, lastDayOfMonth, parseLooseDate } from '../../shared/rules/dates';

// The calendar as JavaScript's Date keeps it: what the fast date reader must agree with.
const byDate = (s: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
};

describe('the calendar', () => {
  it('knows the length of every month, leap years included', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
      const t = new Date(Date.UTC(2000, m, 0));
      t.setUTCFullYear(y, m, 0);
      expect(daysInMonth(y, m)).toBe(t.getUTCDate());
    }), { numRuns: 2000, seed: 11 });
    expect([daysInMonth(2024, 2), daysInMonth(2023, 2), daysInMonth(1900, 2), daysInMonth(2000, 2)]).toEqual([29, 28, 28, 29]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
      const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
      expect(lastDayOfMonth(month)).toBe(`${month}-${daysInMonth(y, m)}`);
      expect(lastDayOfMonth(month)).toBe(`${month}-${daysInMonth(y, m)}`);
      expect(formatDate(y, m, 7)).toBe(`${month}-07`);
    }), { numRuns: 2000, seed: 11 });
  });

  it('accepts exactly the real dates written YYYY-MM-DD (asked twice: the second answer comes from what it has read)', () => {
    const text = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.string({ minLength: 8, maxLength: 12 }),
    );
    fc.assert(fc.property(text, (s) => {
      expect(isValidDate(s)).toBe(byDate(s));
      expect(isValidDate(s)).toBe(byDate(s));
    }), { numRuns: 5000, seed: 11 });
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-1-01', '２０２４-01-01', 'abcd-01-01', '2024-01-0a', '2024/01/01', '']) {
      expect(isValidDate(bad), bad).toBe(false);
    }
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(() => addDays('2023-02-29', 1)).toThrow('不是有效日期：2023-02-29');
  });
});

describe('reading dates as files write them', () => {
  it.each([
    ['2019-3-5', '2019-03-05'],
    ['2019.3.5', '2019-03-05'],
    ['2019/03/05', '2019-03-05'],
    ['2019年3月5日', '2019-03-05'],
    ['20190305', '2019-03-05'],
    ['２０１９年３月５日', '2019-03-05'],
    [' 2019-03-05 ', '2019-03-05'],
    ['2019-03-05 00:00:00', '2019-03-05'],
  ])('%s → %s', (raw, date) => expect(parseLooseDate(raw)).toBe(date));

  it('reads Excel date cells and serials', () => {
    expect(parseLooseDate(new Date(Date.UTC(2019, 2, 5)))).toBe('2019-03-05');
    expect(parseLooseDate(43529)).toBe('2019-03-05');
    expect(parseLooseDate(20190305)).toBe('2019-03-05');
    expect(excelSerialToDate(60)).toBe('1900-02-28'); // Excel's fake 1900-02-29 lands before 03-01
    expect(excelSerialToDate(61)).toBe('1900-03-01');
  });

  it.each(['2019-02-30', '2019-13-01', '2019年3月', 'abc', '3/5/2019', '', '2019-3-5-6'])('refuses %j', (raw) => {
    expect(parseLooseDate(raw)).toBeNull();
  });
});

describe('date arithmetic (clamped to month ends)', () => {
  it('adds months and years keeping the day, clamping at month ends', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-12-31', 1)).toBe('2027-01-31');
    expect(addYears('2024-02-29', 5)).toBe('2029-02-28');
    expect(addYears('2021-02-28', 5)).toBe('2026-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('adds calendar days across year ends and leap days', () => {
    expect(addDays('2026-12-25', 7)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
});

describe('code tables', () => {
  it('have unique codes and labels', () => {
    for (const table of [sexTable, maritalTable, ethnicityTable, educationTable, relationTable, staffRoleTable]) {
      const codes = table.entries.map((e) => e.code);
      expect(new Set(codes).size, table.name).toBe(codes.length);
      const labels = table.entries.map((e) => e.label);
      expect(new Set(labels).size, table.name).toBe(labels.length);
    }
    expect(ethnicityTable.entries).toHaveLength(58);
  });

  it('resolve codes, unpadded codes, labels and aliases', () => {
    expect(resolveCode(ethnicityTable, '1')).toBe('01');
    expect(resolveCode(ethnicityTable, '汉族')).toBe('01');
    expect(resolveCode(ethnicityTable, '汉')).toBe('01');
    expect(resolveCode(ethnicityTable, '毛难族')).toBe('36');
    expect(resolveCode(ethnicityTable, '崩龙族')).toBe('46');
    expect(resolveCode(maritalTable, '已婚')).toBe('20');
    expect(resolveCode(sexTable, '男')).toBe('1');
    expect(resolveCode(educationTable, '大专')).toBe('30');
    expect(resolveCode(relationTable, '户主')).toBe('02');
    expect(resolveCode(relationTable, '０２')).toBe('02');
    expect(resolveCode(ethnicityTable, '火星族')).toBeNull();
    expect(resolveCode(ethnicityTable, '')).toBeNull();
    expect(labelOf(educationTable, '21')).toBe('大学本科毕业');
    expect(labelOf(educationTable, 'zz')).toBe('zz');
  });
});
