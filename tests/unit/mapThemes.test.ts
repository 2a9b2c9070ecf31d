// The map page's theme classes and colours (renderer/src/pages/map/themes.ts): the legend and the fill
// come from the same classes, counts get whole-number classes, 0 is always grey.
import { describe, expect, it } from 'vitest';
import { THEME_COLORS, ZERO_COLOR, bboxOf, colorOf, themeClasses } from '../../renderer/src/pages/map/themes';

describe('theme classes', () => {
  it('gives counts whole-number classes from the smallest value above 0 to the largest', () => {
    const c = themeClasses('households', [0, 2, 5, 3]);
    expect(c.map((k) => k.label)).toEqual(['0', '2', '3', '4', '5']);
    expect(colorOf(c, 5)).toBe(THEME_COLORS.households[3]);
    expect(colorOf(c, 2)).toBe(THEME_COLORS.households[0]);
    expect(colorOf(c, 0)).toBe(ZERO_COLOR);
  });

  it('skips empty classes and keeps the darkest for the largest', () => {
    const c = themeClasses('staffingGap', [3, 4, 3]);
    expect(c.map((k) => k.label)).toEqual(['0', '3', '4']);
    expect(colorOf(c, 4)).toBe(THEME_COLORS.staffingGap[3]);
    expect(colorOf(c, 3)).toBe(THEME_COLORS.staffingGap[0]);
    expect(themeClasses('overdue', [7, 7]).map((k) => k.label)).toEqual(['0', '7']);
  });

  it('keeps fractions for rates, and only grey when nothing is above 0', () => {
    const c = themeClasses('keyGroupPer1000', [0.5, 12.3, 4.1]);
    expect(c).toHaveLength(5);
    expect(c[1]!.label).toBe('0.5 – 3.5');
    expect(colorOf(c, 12.3)).toBe(THEME_COLORS.keyGroupPer1000[3]);
    expect(themeClasses('residents', [0, 0])).toEqual([{ color: ZERO_COLOR, from: 0, to: 0, label: '0' }]);
    // Bad figures never break the colouring.
    expect(colorOf(c, Number.NaN)).toBe(ZERO_COLOR);
    expect(colorOf(c, -3)).toBe(ZERO_COLOR);
  });

  it('frames polygons and multipolygons, and nothing when there are none', () => {
    expect(bboxOf([null, { type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 5], [1, 2]]] }, { type: 'MultiPolygon', coordinates: [[[[0, 9], [1, 9], [1, 10], [0, 9]]]] }])).toEqual([0, 2, 3, 10]);
    expect(bboxOf([null])).toBeNull();
  });
});
