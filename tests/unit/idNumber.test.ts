import { describe, expect, it } from 'vitest';
import { ageOn, checkDigit, checkIdAgainstToday, maskIdNumber, normalizeIdNumber } from '../../shared/rules/idNumber';
import { contradictionsWithId } from '../../shared/rules/person';

describe('公民身份号码', () => {
  it('accepts a valid number and derives sex and birth date', () => {
    expect(normalizeIdNumber('11010519491231002X')).toEqual({ ok: true, idNumber: '11010519491231002X', sex: '2', birthDate: '1949-12-31', upgradedFrom15: false });
    const male = normalizeIdNumber('110105194912310038');
    expect(male.ok && male.sex).toBe('1');
  });

  it('normalizes spaces, full-width characters and a lower-case x', () => {
    for (const raw of [' 11010519491231002x ', '１１０１０５１９４９１２３１００２Ｘ', '110105 19491231 002X', '1101051949123100２ｘ']) {
      const r = normalizeIdNumber(raw);
      expect(r.ok && r.idNumber, raw).toBe('11010519491231002X');
    }
  });

  it('refuses a wrong check digit and says what it should be', () => {
    const r = normalizeIdNumber('110105194912310037');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('末位应为 8');
  });

  it('upgrades a legacy 15-digit number', () => {
    const r = normalizeIdNumber('110105491231002');
    expect(r).toMatchObject({ ok: true, idNumber: '11010519491231002X', upgradedFrom15: true, sex: '2' });
  });

  it.each([
    ['110105194902300020', '出生日期'], // 30 February
    ['110105201313010020', '出生日期'], // month 13
    ['990105194912310020', '省级代码'],
    ['1101051949123100', '18位'],
    ['11010519491231002Y', '非法字符'],
    ['', '为空'],
  ])('refuses %s (%s)', (raw, fragment) => {
    const r = normalizeIdNumber(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(fragment);
  });

  it('explains IDs that Excel turned into numbers', () => {
    const r = normalizeIdNumber(1.10105194912310e17);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('Excel');
    const sci = normalizeIdNumber('1.10105E+17');
    expect(!sci.ok && sci.reason).toContain('科学计数法');
  });

  it('refuses a birth date after today', () => {
    const first17 = '11010520300101002';
    const future = normalizeIdNumber(first17 + checkDigit(first17));
    expect(future.ok).toBe(true);
    expect(checkIdAgainstToday(future, '2026-11-23').ok).toBe(false);
  });

  it('finds a typed sex or birth date that contradicts the ID', () => {
    const id = normalizeIdNumber('11010519491231002X');
    if (!id.ok) throw new Error('fixture');
    expect(contradictionsWithId(id, { sex: '2', birthDate: '1949-12-31' })).toEqual([]);
    const bad = contradictionsWithId(id, { sex: '1', birthDate: '1950-01-01' });
    expect(bad.map((b) => b.field)).toEqual(['sex', 'birthDate']);
    expect(bad[0]!.message).toContain('号码显示为女');
  });

  it('masks for posting and computes age on a date', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(ageOn('1949-12-31', '2026-12-30')).toBe(76);
    expect(ageOn('1949-12-31', '2026-12-31')).toBe(77);
    expect(ageOn('2004-02-29', '2026-02-28')).toBe(21);
  });
});
