import { describe, expect, it } from 'vitest';
import { educationTable, ethnicityTable, maritalTable, relationTable, resolveCode, labelOf, sexTable, staffRoleTable } from '../../shared/codes';
import { addDays, addMonths, addYears, daysBetween, excelSerialToDate, parseLooseDate } from '../../shared/rules/dates';

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
