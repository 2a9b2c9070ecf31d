// 月度工作报告 (issue 9 items 4 and 6): the PDF's sections 一–六 with the figures of reportFigures, the charts (ECharts
// SVG drawn as vectors with their labels as text in the embedded font), fonts embedded as subsets, the same bytes
// twice, an empty town, refused months; report.trend; the month note; the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_USER } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { chartSvg } from '../../electron/core/reports/chartSvg';
import { reportFigures } from '../../electron/core/reports/figures';
import { monthlyReportBuffer } from '../../electron/core/reports/monthlyReport';
import { monthsEnding } from '../../electron/core/reports/trend';
import type { ReportFigures } from '../../shared/contract/reports';
import { riskChart, trendChart, trendPoint, villageChart } from '../../shared/reports/charts';
import { cli } from '../helpers/cli';
import { fails, makeTown, ok, patientEntry, releasedPerson, type TestTown } from '../helpers/recordsTown';
import { openTempLedger } from '../helpers/tempLedger';

let town: TestTown;

const NOTE = '本月开展帮教走访十二次。\n组织网格员培训一次，排查矛盾纠纷三起。';

/** Two released persons (one 重点, one who never reported), three patients (risk 0, 3, 5), a 低保 household. */
async function fillTown() {
  const { east, willow } = town.grids;
  await releasedPerson(town, town.resident('甲帮教', { gridId: willow }), { release: '2026-01-10', report: '2026-01-15', cls: 'key' });
  await releasedPerson(town, town.resident('乙未报到', { gridId: east }), { release: '2026-08-20', report: null });
  await patientEntry(town, town.resident('丙患者', { gridId: east }), { registered: '2026-03-01', risk: 0 });
  await patientEntry(town, town.resident('丁患者', { gridId: willow }), { registered: '2026-03-01', risk: 3 });
  await patientEntry(town, town.resident('戊患者', { gridId: willow }), { registered: '2026-03-01', risk: 5 });
  const h = town.household('H100', willow);
  const head = town.resident('己户主', { householdId: h, relation: '02' });
  const member = town.resident('己成员', { householdId: h, relation: '20' });
  await ok(call(town.t.ctx, 'lowIncome.register', {
    householdId: h, memberIds: [head, member], confirmedOn: '2026-03-20', certificateNumber: 'DB2026001', area: '农村', class: 'A', monthlyAmount: 350.5,
  }));
  await ok(call(town.t.ctx, 'monthNote.save', { month: '2026-10', text: NOTE }));
}

/** The PDF's text with all white space removed (paragraphs wrap anywhere). */
function flatText(path: string): string {
  return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}
const flat = (s: string) => s.replace(/\s+/g, '');

/** Pixels of page `page` close to the colour (r, g, b): the chart's bars are the only blue and red there. */
function colourPixels(pdf: string, page: number, rgb: [number, number, number], dir: string): number {
  const base = join(dir, `p${page}`);
  execFileSync('pdftoppm', ['-r', '40', '-f', String(page), '-l', String(page), '-singlefile', pdf, base]);
  const ppm = readFileSync(`${base}.ppm`);
  // P6\n<w> <h>\n255\n then RGB bytes.
  let at = 0;
  for (let fields = 0; fields < 4; at++) if (ppm[at] === 0x0a || ppm[at] === 0x20) fields++;
  let n = 0;
  for (let i = at; i + 2 < ppm.length; i += 3) {
    if (Math.abs(ppm[i]! - rgb[0]) < 40 && Math.abs(ppm[i + 1]! - rgb[1]) < 40 && Math.abs(ppm[i + 2]! - rgb[2]) < 40) n++;
  }
  return n;
}

function pageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
}

describe('月度工作报告', () => {
  beforeEach(async () => {
    town = await makeTown('2026-11-23');
    await fillTown();
  });
  afterEach(() => town.t.close());

  it('has the cover, sections 一–六 with the figures of reportFigures, the ten most overdue, the note and the signature', async () => {
    const path = join(town.t.dir, 'monthly.pdf');
    const r = await ok(call(town.t.ctx, 'report.monthly', { month: '2026-10', path }));
    expect(r.path).toBe(path);
    expect(r.bytes).toBe(readFileSync(path).length);
    const f = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    const text = flatText(path);
    for (const s of ['一、基本情况', '二、安置帮教工作', '三、严重精神障碍患者服务管理', '四、低保工作', '五、待办与逾期', '六、本月工作情况']) expect(text).toContain(s);
    // In order.
    const at = ['一、基本情况', '二、', '三、', '四、', '五、', '六、'].map((s) => text.indexOf(s));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain(flat('城关镇综治中心 2026年10月工作报告'));
    expect(text).toContain('统计期：2026年10月');
    // The generation date, on the cover and in the signature block.
    expect(text.split('2026年11月23日').length - 1).toBeGreaterThanOrEqual(2);
    expect(text).toContain('城关镇综治中心（盖章）');
    expect(text).toContain('负责人：');

    const t1 = f.t1.total;
    const t2 = f.t2.total;
    const t3 = f.t3.total;
    const t4 = f.t4.total;
    expect(t1.registered).toBe(2);
    expect(text).toContain(flat(`期末在册帮教对象 ${t1.registered} 人，其中重点帮教对象 ${t1.key} 人`));
    expect(text).toContain(flat(`脱管 ${t1.outOfContact} 人，报到逾期 ${t1.reportOverdue} 人`));
    expect(t2.registered).toBe(3);
    expect(text).toContain(flat(`期末在册患者 ${t2.registered} 人`));
    expect(text).toContain(flat(`危险性评估 3 级以上 2 人（0—5 级依次为 ${t2.risk.join('、')} 人）`));
    expect(t3.totalHouseholds).toBe(1);
    expect(text).toContain(flat(`期末在保低保户 ${t3.totalHouseholds} 户 ${t3.totalPersons} 人，当月保障金 350.50 元`));
    expect(text).toContain(flat(`实有人口 ${t4.residents} 人（户籍人口 ${t4.registeredResidents} 人、流动人口 ${t4.floatingResidents} 人），${t4.households} 户`));
    expect(text).toContain(flat(`综合网格 ${t4.comprehensiveGrids} 个、专属网格 ${t4.dedicatedGrids} 个`));
    // The short tables: each village row and 合计 (村, 在册, 重点 …).
    const layout = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(layout).toMatch(new RegExp(`合计\\s+${t1.registered}\\s+${t1.key}\\s+${t1.helpRate === null ? '—' : t1.helpRate.toFixed(2)}`));
    expect(layout).toMatch(new RegExp(`柳河村\\s+1\\s+1\\s`));

    // 五: the one who never reported is overdue as of the month's last day.
    const due = await ok(call(town.t.ctx, 'due.list', { date: '2026-10-31' }));
    const overdue = due.items.filter((i) => i.state === '逾期');
    expect(overdue.length).toBeGreaterThan(0);
    expect(text).toContain('截至2026年10月31日');
    expect(text).toContain(flat(`逾期未办 ${overdue.length} 项`));
    expect(text).toContain(`逾期最久的${Math.min(10, overdue.length)}项`);
    expect(text).toContain('乙未报到');
    // 六: the staff's text, paragraph by paragraph.
    for (const p of NOTE.split('\n')) expect(text).toContain(p);
  });

  it('draws the charts: vector bars in their colours, axis labels as text in the embedded fonts (subsets)', async () => {
    const path = join(town.t.dir, 'monthly.pdf');
    await ok(call(town.t.ctx, 'report.monthly', { month: '2026-10', path }));
    const text = flatText(path);
    expect(text).toContain('安置帮教（按村/社区）');
    expect(text).toContain('在册患者危险性评估分级');
    expect(text).toContain('低保（按村/社区）');
    for (const label of ['0级', '1级', '2级', '3级', '4级', '5级', '在册帮教对象', '重点帮教对象', '低保户数', '低保人数', '柳河村', '石桥村']) expect(text).toContain(label);
    // No raster images: the charts are vectors.
    expect(execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).trim().split('\n').length).toBe(2);
    // Some page carries the blue bars (#1677ff) and one the red 3级+ bars (#f5222d).
    const pages = Array.from({ length: pageCount(path) }, (_, i) => i + 1);
    expect(pages.some((p) => colourPixels(path, p, [0x16, 0x77, 0xff], town.t.dir) > 50)).toBe(true);
    expect(pages.some((p) => colourPixels(path, p, [0xf5, 0x22, 0x2d], town.t.dir) > 50)).toBe(true);
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    // Body and title families, regular and bold: each embedded once, as a subset (the chart text shares the body's).
    expect(fonts.map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular', 'NotoSerifSC-Bold', 'NotoSerifSC-Regular']);
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+Noto\w+-\w+\s.*\byes\s+yes\s+yes\b/);
  });

  it('gives the same bytes for the same inputs, and other bytes for another generation date', async () => {
    const ctx = town.t.ctx;
    const f = reportFigures(ctx, '2026-10');
    const a = await monthlyReportBuffer(ctx, '2026-10', f, '2026-11-23T08:00:00.000Z');
    const b = await monthlyReportBuffer(ctx, '2026-10', structuredClone(f), '2026-11-23T08:00:00.000Z');
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(b.equals(a)).toBe(true);
    const c = await monthlyReportBuffer(ctx, '2026-10', f, '2026-11-24');
    expect(c.equals(a)).toBe(false);
    // A refused input, in Chinese: figures of another month, a generation time that is no date.
    await expect(monthlyReportBuffer(ctx, '2026-09', f, '2026-11-23')).rejects.toThrow('与报告月份 2026-09 不符');
    await expect(monthlyReportBuffer(ctx, '2026-10', f, 'yesterday')).rejects.toThrow('不是日期');
  });

  it('refuses a future month and a month before the town, writing nothing; a bad path or month in Chinese', async () => {
    const path = join(town.t.dir, 'future.pdf');
    expect((await fails(call(town.t.ctx, 'report.monthly', { month: '2026-12', path }))).message).toContain('2026年12月 还没有到');
    expect((await fails(call(town.t.ctx, 'report.monthly', { month: '2019-01', path }))).message).toContain('早于本乡镇开始建账');
    expect(existsSync(path)).toBe(false);
    expect((await fails(call(town.t.ctx, 'report.monthly', { month: '2026-13', path }))).message).toContain('YYYY-MM');
    expect((await fails(call(town.t.ctx, 'report.monthly', { month: '2026-10', path: 'relative.pdf' }))).message).toContain('完整路径');
    // Never over the database itself.
    const overDb = await fails(call(town.t.ctx, 'report.monthly', { month: '2026-10', path: town.t.path }));
    expect(overDb.message).toMatch(/数据库/);
  });
});

describe('an empty town', () => {
  it('gives a report of zeros, not errors', async () => {
    const t = openTempLedger({ today: '2026-11-23' });
    try {
      await ok(call(t.ctx, 'town.setup', { name: '空镇', code: '320121100000' }));
      const path = join(t.dir, 'empty.pdf');
      await ok(call(t.ctx, 'report.monthly', { month: '2026-11', path }));
      const text = flatText(path);
      expect(text).toContain('全镇共有村（社区）0个');
      expect(text).toContain('期末在册帮教对象0人');
      expect(text).toContain('期末在册患者0人');
      expect(text).toContain('期末在保低保户0户0人');
      expect(text).toContain('没有逾期未办的事项');
      expect(text).toContain('（本月工作情况未填写。）');
      expect(text).toContain('六、本月工作情况');
      // Not yet over: 待办 counted at the generation date.
      expect(text).toContain('截至2026年11月23日');
    } finally {
      t.close();
    }
  });
});

describe('charts', () => {
  const f = (risk: number[], villages: string[]): ReportFigures => {
    const t1 = { village: '', registered: 0, key: 0, noticesThisMonth: 0, handedOverThisMonth: 0, handoverRate: null, placed: 0, placementRate: null, helped: 0, helpRate: null, reoffendThisYear: 0, reoffendRate: null, outOfContact: 0, releasedThisMonth: 0, reportOverdue: 0 };
    return {
      month: '2026-10', townName: '镇',
      t1: { rows: villages.map((v, i) => ({ ...t1, village: v, registered: i + 1 })), total: { ...t1, village: '合计', registered: 9 } },
      t2: { rows: [], total: { village: '合计', registered: 6, managedThisYear: 0, managementRate: null, standardManaged: 0, standardRate: null, medicated: 0, medicationRate: null, regularMedicated: 0, regularMedicationRate: null, atHome: 0, stable: 4, stableRate: null, risk, awardEligible: 0, awardSigned: 0, incidentsThisMonth: 0 } },
      t3: { rows: [], total: { village: '合计', urbanHouseholds: 0, urbanPersons: 0, urbanAmount: 0, ruralHouseholds: 0, ruralPersons: 0, ruralAmount: 0, newHouseholds: 0, newPersons: 0, stoppedHouseholds: 0, stoppedPersons: 0, increasedHouseholds: 0, decreasedHouseholds: 0, extremeConcentrated: 0, extremeDispersed: 0, reviewDue: 0, reviewed: 0, totalHouseholds: 2, totalPersons: 5, totalAmount: 0 } },
      t4: { rows: [], total: { village: '合计', comprehensiveGrids: 0, dedicatedGrids: 0, oversizedGrids: 0, gridLeaders: 0, fullTimeStaff: 0, partTimeStaff: 0, instructors: 0, fullyStaffedGrids: 0, openGrids: 0, staffingRate: null, households: 7, residents: 20, registeredResidents: 0, floatingResidents: 0 } },
      t5: { rows: [], total: { village: '合计', found: 0, resolved: 0, resolvedRate: null, byCategory: [], acceptJudged: 0, acceptOnTime: 0, acceptRate: null, closeJudged: 0, closeOnTime: 0, closeRate: null, rated: 0, satisfied: 0, satisfiedRate: null } },
    };
  };

  it('one definition per chart: the villages and risk levels as categories, no 合计 bar, the same SVG twice', async () => {
    const figures = f([1, 0, 2, 1, 1, 1], ['东村', '西村']);
    const v = villageChart(figures, 'released', 'Body') as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(v.xAxis.data).toEqual(['东村', '西村']);
    expect(v.series[0]!.data).toEqual([1, 2]);
    const r = riskChart(figures, 'Body') as { series: { data: { value: number }[] }[] };
    expect(r.series[0]!.data.map((d) => d.value)).toEqual([1, 0, 2, 1, 1, 1]);
    expect(trendPoint(figures)).toMatchObject({ released: 9, patients: 6, patientsStable: 4, highRisk: 3, lowIncomeHouseholds: 2, lowIncomePersons: 5, residents: 20, households: 7 });
    const svg = await chartSvg(riskChart(figures, 'Body'), 400, 240);
    expect(svg).toContain('font-family:Body');
    expect(svg).toContain('3级');
    // pdfmake's SVG ignores paint-order: a white text border would hide the value labels.
    expect(svg).not.toContain('paint-order');
    expect(await chartSvg(riskChart(figures, 'Body'), 400, 240)).toBe(svg);
    const t = trendChart([trendPoint(figures), { ...trendPoint(figures), month: '2026-11', released: 10 }], 'released', 'Body') as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(t.xAxis.data).toEqual(['26年10月', '26年11月']);
    expect(t.series[0]!.data).toEqual([9, 10]);
  });

  it('months ending with a month, across a year', () => {
    expect(monthsEnding('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsEnding('2026-11', 12)[0]).toBe('2025-12');
  });
});

describe('report.trend', () => {
  beforeEach(async () => {
    town = await makeTown('2026-11-23');
    await fillTown();
  });
  afterEach(() => town.t.close());

  it('gives each month its reportFigures, oldest first, from the first month the town can report', async () => {
    const started = performance.now();
    const points = await ok(call(town.t.ctx, 'report.trend', { month: '2026-11', months: 12 }));
    const ms = performance.now() - started;
    // The records reach back to January (a release reported on 01-15): Jan–Nov, December 2025 left out.
    expect(points.map((p) => p.month)).toEqual(monthsEnding('2026-11', 11));
    for (const p of points) expect(p).toEqual(trendPoint(reportFigures(town.t.ctx, p.month)));
    expect(points.at(-1)).toMatchObject({ released: 2, patients: 3, highRisk: 2, lowIncomeHouseholds: 1, lowIncomePersons: 2 });
    expect(points[0]).toMatchObject({ released: 1, patients: 0 });
    console.info(`report.trend, 12 months of a small town: ${ms.toFixed(0)} ms`);
    expect((await ok(call(town.t.ctx, 'report.trend', { month: '2026-10', months: 3 }))).map((p) => p.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect((await fails(call(town.t.ctx, 'report.trend', { month: '2026-12', months: 12 }))).message).toContain('还没有到');
    expect((await fails(call(town.t.ctx, 'report.trend', { month: '2026-10', months: 30 }))).message).toContain('最多 24 个月');
  });

  it('a village-scoped caller sees only their villages in every month', async () => {
    const scoped = { ...town.t.ctx, caller: { ...LOCAL_USER, userId: 'east', villageScope: ['320121100001'] } };
    const points = await ok(call(scoped, 'report.trend', { month: '2026-11', months: 2 }));
    expect(points.at(-1)).toMatchObject({ released: 1, patients: 1, highRisk: 0, lowIncomeHouseholds: 0 });
  });
});

describe('month note', () => {
  beforeEach(async () => {
    town = await makeTown('2026-11-23');
  });
  afterEach(() => town.t.close());

  it('is saved per month and read back; empty before; refused for a future month, too long, or a village caller', async () => {
    const ctx = town.t.ctx;
    expect(await ok(call(ctx, 'monthNote.get', { month: '2026-11' }))).toEqual({ month: '2026-11', text: '', updatedAt: null });
    const saved = await ok(call(ctx, 'monthNote.save', { month: '2026-11', text: '第一段\r\n第二段\n\n' }));
    expect(saved.text).toBe('第一段\n第二段');
    expect(await ok(call(ctx, 'monthNote.get', { month: '2026-11' }))).toEqual(saved);
    await ok(call(ctx, 'monthNote.save', { month: '2026-11', text: '改过' }));
    expect((await ok(call(ctx, 'monthNote.get', { month: '2026-11' }))).text).toBe('改过');
    expect((await ok(call(ctx, 'monthNote.get', { month: '2026-10' }))).text).toBe('');
    expect((await fails(call(ctx, 'monthNote.save', { month: '2026-12', text: 'x' }))).message).toContain('还没有到');
    expect((await fails(call(ctx, 'monthNote.save', { month: '2026-11', text: '字'.repeat(4001) }))).message).toContain('不超过 4000 字');
    const scoped = { ...ctx, caller: { ...LOCAL_USER, userId: 'east', villageScope: ['320121100001'] } };
    await fails(call(scoped, 'monthNote.save', { month: '2026-11', text: '村里改' }));
    expect(town.count('month_note')).toBe(1);
    expect((await ok(call(ctx, 'monthNote.get', { month: '2026-11' }))).text).toBe('改过');
  });
});

describe('report monthly CLI', () => {
  beforeEach(async () => {
    town = await makeTown('2026-11-23');
    await fillTown();
  });
  afterEach(() => town.t.close());

  it('writes the PDF through dispatch and refuses bad arguments', async () => {
    const out = join(town.t.dir, 'cli-monthly.pdf');
    const r = await cli('report', 'monthly', '--db', town.t.path, '--month', '2026-10', '--out', out, '--today', '2026-11-23', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ path: out, bytes: readFileSync(out).length });
    expect(flatText(out)).toContain('六、本月工作情况');
    expect((await cli('report', 'monthly', '--db', town.t.path, '--month', '2026-10', '--out', join(town.t.dir, 'a.xlsx'))).stderr).toContain('.pdf');
    expect((await cli('report', 'monthly', '--db', town.t.path, '--month', '2026-10', '--out', out, '--pdf', join(town.t.dir, 'c.pdf'))).stderr).toContain('--pdf');
    expect((await cli('report', 'monthly', 'x', '--db', town.t.path, '--month', '2026-10', '--out', out)).stderr).toContain('不接受其他参数');
    // Refused in the worker, before anything is written.
    const future = await cli('report', 'monthly', '--db', town.t.path, '--month', '2027-01', '--out', join(town.t.dir, 'f.pdf'), '--today', '2026-11-23');
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('还没有到');
    expect(existsSync(join(town.t.dir, 'f.pdf'))).toBe(false);
    expect((await cli('report', 'pie', '--db', town.t.path, '--month', '2026-10', '--out', out)).stderr).toContain('report monthly');
    // Two jobs in a fresh worker each, on a machine shared with other runs.
  }, 180_000);
});
