// 周巡查、月考核、年评比 (issue 12): the week and year rules against hand-computed cases, the grades from their rule
// settings, visit.assessment's strict period input, the whole path through a real ledger (week, month and year agree),
// the xlsx export and the CLI.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import type { AssessmentOut } from '../../shared/contract/visits';
import { DEFAULT_RULES } from '../../shared/rules/ruleSettings';
import type { HouseholdVisitFacts, WorkerFacts } from '../../shared/rules/workerFigures';
import { householdWeek, isoWeekNumber, weekFigures, weekOf, yearFigures, type MonthScores } from '../../shared/rules/workerPeriods';
import { cli } from '../helpers/cli';
import { fails, makeTown, ok, releasedPerson, type TestTown } from '../helpers/recordsTown';

const rules = DEFAULT_RULES;
const worker = (id: number, gridIds: number[], extra: Partial<WorkerFacts> = {}): WorkerFacts => ({ id, name: `员${id}`, role: '02', startDate: null, endDate: null, gridIds, ...extra });
const grids = [
  { id: 1, name: '一网格', village: '东村', closedOn: null },
  { id: 2, name: '二网格', village: '西村', closedOn: null },
];
const hh = (id: number, gridId: number, cls: '重点户' | '普通户', visits: string[] = []): HouseholdVisitFacts => ({ id, gridId, cls, visits });

describe('周巡查 rule, hand-computed', () => {
  it('the ISO week: Monday to Sunday, named by any day of it', () => {
    expect(weekOf('2026-12-03')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(weekOf('2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(weekOf('2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    // Across a year's turn: 2027-01-01 is a Friday.
    expect(weekOf('2027-01-01')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(isoWeekNumber('2026-12-03')).toEqual({ year: 2026, week: 49 });
    expect(isoWeekNumber('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(() => weekOf('2026-02-30')).toThrow();
  });

  it('a household is due while still owed a visit for a period overlapping the week', () => {
    const mid = weekOf('2026-11-18'); // 11-16 … 11-22
    // Visited earlier in its month: not due this week.
    expect(householdWeek({ cls: '重点户', visits: ['2026-11-02'] }, mid, rules)).toEqual({ due: false, visited: false });
    // Still owed, visited on the Monday.
    expect(householdWeek({ cls: '重点户', visits: ['2026-10-30', '2026-11-16'] }, mid, rules)).toEqual({ due: true, visited: true });
    // Still owed, visited after the week: due and not visited.
    expect(householdWeek({ cls: '重点户', visits: ['2026-11-23'] }, mid, rules)).toEqual({ due: true, visited: false });
    // A 普通户 visited in October is not owed again in the quarter.
    expect(householdWeek({ cls: '普通户', visits: ['2026-10-10'] }, mid, rules)).toEqual({ due: false, visited: false });
  });

  // The week of 2026-11-30 (Mon) to 12-06 (Sun): November's last day and December's first six.
  const households = [
    // 重点户 visited on 11-05: November is done; December begins in the week, owed, not visited.
    hh(1, 1, '重点户', ['2026-11-05']),
    // 重点户 visited on Monday 11-30: owed for November, visited.
    hh(2, 1, '重点户', ['2026-11-30']),
    // 普通户 visited in October: the quarter is done.
    hh(3, 1, '普通户', ['2026-10-10']),
    // 普通户 visited on 12-02: owed for Q4, visited.
    hh(4, 1, '普通户', ['2026-12-02']),
    // 普通户 never visited: due, not visited.
    hh(5, 1, '普通户'),
    // 重点户 visited only after the week (12-08): that visit is not seen.
    hh(6, 1, '重点户', ['2026-12-08']),
    hh(7, 2, '普通户'),
  ];
  const visits = [
    { staffId: 1, date: '2026-11-30', finding: true },
    { staffId: 1, date: '2026-12-02', finding: false },
    { staffId: 1, date: '2026-11-29', finding: true },
    { staffId: 2, date: '2026-12-01', finding: false },
  ];
  const events = [
    { id: 1, reporterStaffId: 1, reportedOn: '2026-11-30' },
    { id: 2, reporterStaffId: 1, reportedOn: '2026-12-06' },
    { id: 3, reporterStaffId: 1, reportedOn: '2026-12-07' },
    { id: 4, reporterStaffId: null, reportedOn: '2026-12-01' },
  ];
  const facts = { workers: [worker(1, [1]), worker(2, [2]), worker(3, [1], { endDate: '2026-11-29' }), worker(4, [1], { role: '04' })], grids, households, visits, events };

  it('per worker: due and visited households, visits written, findings, events reported', () => {
    const w = weekFigures('2026-12-03', facts, rules);
    expect([w.from, w.to]).toEqual(['2026-11-30', '2026-12-06']);
    // Worker 3 left before the week, worker 4 is not a grid worker.
    expect(w.rows.map((r) => r.staffId)).toEqual([1, 2]);
    // Due: 1, 2, 4, 5, 6 (5); visited: 2, 4. 重点户 due 1, 2, 6; visited 2.
    expect(w.rows[0]).toEqual({
      staffId: 1, worker: '员1', village: '东村', grids: '一网格', households: 6, due: 5, visited: 2, visitRate: 40, keyDue: 3, keyVisited: 1, keyVisitRate: 33.33,
      visits: 2, findings: 1, reported: 2,
    });
    expect(w.rows[1]).toMatchObject({ households: 1, due: 1, visited: 0, visitRate: 0, keyDue: 0, keyVisitRate: null, visits: 1, findings: 0, reported: 0 });
    expect(w.total).toMatchObject({ worker: '合计', households: 7, due: 6, visited: 2, visitRate: 33.33, keyDue: 3, keyVisited: 1, visits: 3, findings: 1, reported: 2 });
  });

  it('a grid closed by the week’s end takes its worker out of the week', () => {
    const closed = { ...facts, grids: [{ ...grids[0]!, closedOn: '2026-12-06' }, grids[1]!] };
    expect(weekFigures('2026-12-03', closed, rules).rows.map((r) => r.staffId)).toEqual([2]);
  });
});

describe('年评比 rule, hand-computed', () => {
  const month = (i: number) => `2026-${String(i + 1).padStart(2, '0')}`;
  const r = (staffId: number, score: number | null, village = '东村') => ({ staffId, worker: `员${staffId}`, village, grids: `${staffId}网格`, score });
  // January–March before the town's first month; April–December counted. Workers: 1 (95, 95), 2 (95 ×9),
  // 3 (70, 80, 82), 4 (50), 5 (no score in any month), 6 (85 ×9).
  const months: MonthScores[] = Array.from({ length: 12 }, (_, i) => {
    if (i < 3) return { month: month(i), rows: null };
    const rows = [r(2, 95), r(5, null), r(6, 85, '西村')];
    if (i === 3 || i === 4) rows.push(r(1, i === 3 ? 90 : 100));
    if (i >= 3 && i <= 5) rows.push(r(3, [70, 80, 82][i - 3]!));
    if (i === 11) rows.push(r(4, 50));
    return { month: month(i), rows };
  });

  it('monthly scores, average, rank with ties, grades from the rule settings', () => {
    const { rows, places } = yearFigures(months, rules);
    // 5 workers ranked, 20 % → 1 place; 1 and 2 tie on it and both take it.
    expect(places).toBe(1);
    expect(rows.map((x) => [x.staffId, x.average, x.rank, x.grade])).toEqual([
      [1, 95, 1, '优秀'],
      [2, 95, 1, '优秀'],
      [6, 85, 3, '合格'],
      [3, 77.3, 4, '合格'],
      [4, 50, 5, '不合格'],
      [5, null, null, null],
    ]);
    const one = rows.find((x) => x.staffId === 1)!;
    expect(one.scores).toEqual([null, null, null, 90, 100, null, null, null, null, null, null, null]);
    expect(one.scoredMonths).toBe(2);
    expect(rows.find((x) => x.staffId === 2)!.scoredMonths).toBe(9);
  });

  it('the share, the 优秀 floor and the pass line are settings', () => {
    const g = (over: Partial<typeof rules.t6YearGrades>) => yearFigures(months, { t6YearGrades: { ...rules.t6YearGrades, ...over } });
    // 40 % of 5 → 2 places: 1 and 2 (rank 1) only; 6 is rank 3.
    expect(g({ excellentShare: 40 }).rows.filter((x) => x.grade === '优秀').map((x) => x.staffId)).toEqual([1, 2]);
    // 60 % → 3 places; 6's 85 reaches the floor of 80.
    expect(g({ excellentShare: 60 }).rows.filter((x) => x.grade === '优秀').map((x) => x.staffId)).toEqual([1, 2, 6]);
    // A floor of 96: nobody is 优秀 however they rank.
    expect(g({ excellentMinScore: 96 }).rows.filter((x) => x.grade === '优秀')).toEqual([]);
    // A pass line of 80: 3's 77.3 fails too.
    expect(g({ passScore: 80 }).rows.filter((x) => x.grade === '不合格').map((x) => x.staffId)).toEqual([3, 4]);
    expect(g({ excellentShare: 0 }).places).toBe(0);
    expect(() => yearFigures(months.slice(1), rules)).toThrow();
  });
});

describe('visit.assessment by period through the ledger', () => {
  let town: TestTown;
  afterEach(() => town.t.close());

  async function setup() {
    town = await makeTown('2026-12-05');
    const key = town.household('K001', town.grids.east);
    await releasedPerson(town, town.resident('钱一', { householdId: key, relation: '02' }), { release: '2026-06-01', report: '2026-06-05' });
    const plain = town.household('P001', town.grids.east);
    town.resident('钱二', { householdId: plain, relation: '02' });
    const willow = town.household('W001', town.grids.willow);
    town.resident('周一', { householdId: willow, relation: '02' });
    return { key, plain, willow };
  }

  it('the week: 王芳 visits the 重点户 (an event comes of it), 李强 visits 王芳’s 普通户', async () => {
    const h = await setup();
    const ctx = town.t.ctx;
    const visit = await ok(call(ctx, 'visit.add', { householdId: h.key, date: '2026-12-01', staffId: town.staff.wang, content: '发现邻里纠纷' }));
    await ok(call(ctx, 'visit.add', { householdId: h.plain, date: '2026-11-30', staffId: town.staff.li, content: '代为走访' }));
    // Last week's visit is not this week's.
    await ok(call(ctx, 'visit.add', { householdId: h.willow, date: '2026-11-29', staffId: town.staff.li, content: '上周走访' }));
    const now = '2026-12-01T00:00:00.000Z';
    town.sql(`insert into event (id, number, source, category, village_id, grid_id, title, state, reported_on, reporter_staff_id, reporter_name, source_record_id, created_at, updated_at)
      values (1, 'SJ202612000001', '01', '01', ?, ?, '邻里纠纷', 'reported', '2026-12-01', ?, '王芳', ?, ?, ?)`, town.villages.east, town.grids.east, town.staff.wang, visit.id, now, now);

    const w = (await ok(call(ctx, 'visit.assessment', { week: '2026-12-03' }))) as Extract<AssessmentOut, { period: 'week' }>;
    expect(w).toMatchObject({ period: 'week', from: '2026-11-30', to: '2026-12-06', weekNumber: '2026年第49周（11月30日—12月6日）', townName: '城关镇' });
    const wang = w.rows.find((r) => r.worker === '王芳')!;
    expect(wang).toMatchObject({ households: 2, due: 2, visited: 2, visitRate: 100, keyDue: 1, keyVisited: 1, visits: 1, findings: 1, reported: 1 });
    // W001 (普通户) was visited on 11-29, the week before: its quarter is done, so it is not due this week.
    const li = w.rows.find((r) => r.worker === '李强')!;
    expect(li).toMatchObject({ households: 1, due: 0, visited: 0, visitRate: null, visits: 1, findings: 0, reported: 0 });

    // The year agrees with each month's T6; its months begin with the town's first (the 帮教 entry's June).
    const y = (await ok(call(ctx, 'visit.assessment', { year: '2026' }))) as Extract<AssessmentOut, { period: 'year' }>;
    expect(y.months).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(y.grades).toEqual({ excellentShare: 20, excellentMinScore: 80, passScore: 60, places: 0 });
    for (const m of y.months) {
      const t6 = (await ok(call(ctx, 'visit.assessment', { month: m }))) as Extract<AssessmentOut, { period: 'month' }>;
      for (const row of y.rows) expect(row.scores[Number(m.slice(5, 7)) - 1], `${row.worker} ${m}`).toBe(t6.rows.find((r) => r.staffId === row.staffId)!.score);
    }
    const wangYear = y.rows.find((r) => r.worker === '王芳')!;
    // June–November: the 重点户 never visited, nothing reported → 0. December: both households visited (40 + 30), one
    // event reported (10), its deadline in December not met (0 of 20) → 80. Average 80 ÷ 7, below the pass line.
    expect(wangYear.scores).toEqual([null, null, null, null, null, 0, 0, 0, 0, 0, 0, 80]);
    expect(wangYear).toMatchObject({ scoredMonths: 7, average: 11.4, rank: 1, grade: '不合格' });

    // The xlsx of the week and of the year.
    const weekPath = join(town.t.dir, 'week.xlsx');
    expect((await ok(call(ctx, 'visit.assessment.export', { week: '2026-12-03', path: weekPath }))).rows).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(weekPath);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('周巡查');
    const values = Array.from(ws.getSheetValues(), (r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(values.flat()).toContain('城关镇网格员周巡查表');
    const wangRow = values.find((r) => r[0] === '王芳')!;
    expect(wangRow.slice(3)).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
    const yearPath = join(town.t.dir, 'year.xlsx');
    expect((await ok(call(ctx, 'visit.assessment.export', { year: '2026', path: yearPath }))).rows).toBe(2);
    const yb = new ExcelJS.Workbook();
    await yb.xlsx.readFile(yearPath);
    expect(JSON.stringify(yb.worksheets[0]!.getSheetValues())).toContain('城关镇网格员2026年度评比表');
  });

  it('refuses a bad period in Chinese: not a date, out of range, two at once, none, not yet come', async () => {
    await setup();
    const ctx = town.t.ctx;
    const bad = async (input: unknown, text: string) => {
      const e = await fails(call(ctx, 'visit.assessment', input));
      expect(e.code, JSON.stringify(input)).toBe('VALIDATION');
      expect(e.message, JSON.stringify(input)).toContain(text);
    };
    await bad({ week: '2026-13-40' }, '考核周');
    await bad({ week: '下周一' }, '考核周');
    await bad({ year: '1999' }, '考核年度应在 2000–2100 年之间');
    await bad({ year: '26' }, '考核年度应为 YYYY');
    await bad({ year: 2026 }, '考核年度');
    await bad({ month: '2026-11', week: '2026-11-02' }, '一次只能选一种考核周期');
    await bad({ week: '2026-11-02', year: '2026' }, '一次只能选一种考核周期');
    await bad({}, '请选择考核周期');
    await bad({ week: '2026-12-07' }, '还没有到');
    await bad({ year: '2027' }, '还没有到');
    await bad({ year: '2025' }, '早于本乡镇开始建账');
    const e = await fails(call(ctx, 'visit.assessment.export', { week: '2026-12-03', year: '2026', path: join(town.t.dir, 'x.xlsx') }));
    expect(e.message).toContain('一次只能选一种考核周期');
  });

  it('CLI: visit assessment --week / --year / --month, one at a time', async () => {
    await setup();
    const db = town.t.path;
    const week = await cli('visit', 'assessment', '--db', db, '--week', '2026-12-03', '--today', '2026-12-05', '--json');
    expect(week.code, week.stderr).toBe(0);
    expect(week.json()).toMatchObject({ period: 'week', from: '2026-11-30', rows: [expect.objectContaining({ worker: '王芳' }), expect.objectContaining({ worker: '李强' })] });
    const text = await cli('visit', 'assessment', '--db', db, '--year', '2026', '--today', '2026-12-05');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('2026 年网格员年度评比');
    const month = await cli('visit', 'assessment', '--db', db, '--month', '2026-11', '--today', '2026-12-05', '--json');
    expect(month.json().period).toBe('month');
    const two = await cli('visit', 'assessment', '--db', db, '--month', '2026-11', '--week', '2026-11-02');
    expect(two.code).not.toBe(0);
    expect(two.stderr).toContain('请只给出 --month、--week、--year 中的一个');
    const none = await cli('visit', 'assessment', '--db', db);
    expect(none.code).not.toBe(0);
    const badWeek = await cli('visit', 'assessment', '--db', db, '--week', '2026-02-30');
    expect(badWeek.code).not.toBe(0);
    expect(badWeek.stderr).toContain('--week');
  });
});
