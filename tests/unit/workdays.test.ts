// Working-day arithmetic for the event desk's deadlines, around 国庆 2026 and its 调休 days, with the town's corrections.
import { describe, expect, it } from 'vitest';
import { addWorkdays, calendarKnown, isWorkday, workdaysBetween } from '../../shared/rules/workdays';

describe('working days', () => {
  it('knows 国庆 2026: the holiday is off, the 调休 Saturday is worked', () => {
    expect(isWorkday('2026-09-30')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(isWorkday(`2026-10-0${d}`)).toBe(false);
    expect(isWorkday('2026-10-10')).toBe(true); // a Saturday, worked in lieu
    expect(isWorkday('2026-10-11')).toBe(false);
    expect(isWorkday('2026-09-20')).toBe(true); // a Sunday, worked in lieu
  });

  it('an event reported on the last working day before 国庆 is accepted within 2 working days only after it', () => {
    expect(addWorkdays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkdays('2026-09-30', 2)).toBe('2026-10-09');
    // The 调休 Saturday counts: the third working day is Saturday 10 October.
    expect(addWorkdays('2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkdays('2026-09-30', 5)).toBe('2026-10-13');
    expect(workdaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(workdaysBetween('2026-10-10', '2026-09-30')).toBe(0);
  });

  it('an ordinary week: Friday plus 2 working days is Tuesday', () => {
    expect(addWorkdays('2026-11-06', 2)).toBe('2026-11-10');
    expect(addWorkdays('2026-11-06', 0)).toBe('2026-11-06');
  });

  it("the town's corrections win over the national calendar", () => {
    const own = new Map([['2026-11-09', false], ['2026-11-07', true]]);
    expect(isWorkday('2026-11-09', own)).toBe(false);
    expect(isWorkday('2026-11-07', own)).toBe(true);
    // Friday 6th + 2: Saturday 7th (worked by the town's own entry), then Tuesday 10th (Monday 9th is off).
    expect(addWorkdays('2026-11-06', 2, own)).toBe('2026-11-10');
    expect(addWorkdays('2026-11-06', 1, own)).toBe('2026-11-07');
  });

  it('says when a year is not yet in the national calendar', () => {
    expect(calendarKnown('2026-10-01')).toBe(true);
    expect(calendarKnown('2099-10-01')).toBe(false);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkdays('2026-11-06', -1)).toThrow('工作日数');
    expect(() => addWorkdays('2026-11-06', 1.5)).toThrow('工作日数');
  });
});
