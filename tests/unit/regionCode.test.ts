import { describe, expect, it } from 'vitest';
import { checkGridCode, checkTownCode, checkVillageCode, townshipKind } from '../../shared/rules/regionCode';

describe('统计用区划代码 of a town', () => {
  it('accepts a town code and normalizes full-width digits and spaces', () => {
    expect(checkTownCode('320121100000')).toEqual({ ok: true, code: '320121100000' });
    expect(checkTownCode(' ３２０１２１１００００ ０')).toEqual({ ok: true, code: '320121100000' });
  });

  it.each([
    ['32012110000', '12位'],
    ['3201211000001', '12位'],
    ['32012110000A', '12位'],
    ['990121100000', '省级代码'],
    ['320100100000', '县级代码'],
    ['320121000000', '乡镇代码'],
    ['320121700000', '001–599'],
    ['320121100201', '000 结尾'],
  ])('refuses %s with a reason naming the problem', (code, fragment) => {
    const r = checkTownCode(code);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(fragment);
  });

  it('tells 街道, 镇 and 乡 apart by the township segment', () => {
    expect(townshipKind('320121001000')).toBe('街道');
    expect(townshipKind('320121100000')).toBe('镇');
    expect(townshipKind('320121201000')).toBe('乡');
  });
});

describe('village and grid codes', () => {
  it('requires a village code under the town', () => {
    expect(checkVillageCode('320121100201', '320121100000').ok).toBe(true);
    expect(checkVillageCode('320121101201', '320121100000').ok).toBe(false);
    expect(checkVillageCode('320121100000', '320121100000').ok).toBe(false);
  });

  it('keeps 001–899 for 综合网格 and 901–999 for 专属网格', () => {
    expect(checkGridCode('320121100201001', '320121100201', '综合网格').ok).toBe(true);
    expect(checkGridCode('320121100201901', '320121100201', '综合网格').ok).toBe(false);
    expect(checkGridCode('320121100201901', '320121100201', '专属网格').ok).toBe(true);
    expect(checkGridCode('320121100201000', '320121100201', '综合网格').ok).toBe(false);
    expect(checkGridCode('320121100202001', '320121100201', '综合网格').ok).toBe(false);
  });
});
