// T6 网格员履职考核表 (issue 12, part 3): the pure figure rule against hand-computed cases, the score formula with its
// weights, and the whole path — visits and events in a real ledger, report.table T6 read back, report.members.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import type { AssessmentOut } from '../../shared/contract/visits';
import { DEFAULT_RULES } from '../../shared/rules/ruleSettings';
import { t6Figures, t6Score, type EventFacts, type HouseholdVisitFacts, type WorkerFacts } from '../../shared/rules/workerFigures';
import { cli } from '../helpers/cli';
import { makeTown, ok, releasedPerson, type TestTown } from '../helpers/recordsTown';

const rules = DEFAULT_RULES;
const worker = (id: number, gridIds: number[], extra: Partial<WorkerFacts> = {}): WorkerFacts => ({ id, name: `员${id}`, role: '02', startDate: null, endDate: null, gridIds, ...extra });
const grids = [
  { id: 1, name: '一网格', village: '东村', closedOn: null },
  { id: 2, name: '二网格', village: '西村', closedOn: null },
];
const hh = (id: number, gridId: number, cls: '重点户' | '普通户', visits: string[] = []): HouseholdVisitFacts => ({ id, gridId, cls, visits });
const ev = (id: number, reporter: number, reportedOn: string, closeDeadline: string, closedOn: string | null = null): EventFacts => ({ id, reporterStaffId: reporter, reportedOn, closeDeadline, closedOn });

describe('T6 figure rule, hand-computed', () => {
  // November 2026 (not a quarter end): only 重点户 are due. 4 households in grid 1: two 重点 (one visited in November,
  // one only in October), two 普通 (one never visited). Worker 1 reports 3 events in November; 2 have their deadline
  // in November, one closed on time, one late; a third's deadline falls in December.
  const households = [hh(1, 1, '重点户', ['2026-11-05']), hh(2, 1, '重点户', ['2026-10-30']), hh(3, 1, '普通户', ['2026-10-10']), hh(4, 1, '普通户'), hh(5, 2, '普通户')];
  const events = [
    // Closed on its deadline's very day: in time.
    ev(1, 1, '2026-11-02', '2026-11-09', '2026-11-09'),
    ev(2, 1, '2026-11-10', '2026-11-17', '2026-11-20'),
    ev(3, 1, '2026-11-27', '2026-12-04'),
    ev(4, 2, '2026-10-01', '2026-10-13', '2026-10-10'),
  ];
  const facts = { workers: [worker(1, [1]), worker(2, [2])], grids, households, events };

  it('November: 重点户 only', () => {
    const { rows, total } = t6Figures('2026-11', facts, rules);
    const w1 = rows.find((r) => r.staffId === 1)!;
    expect(w1).toMatchObject({ households: 4, due: 2, visited: 1, visitRate: 50, keyDue: 2, keyVisited: 1, keyVisitRate: 50, reported: 3, closeDue: 2, closedInTime: 1, closedInTimeRate: 50 });
    // 40×0.5 + 30×0.5 + 10×min(1, 3/1) + 20×0.5 = 55 of 100.
    expect(w1.score).toBe(55);
    expect(w1.members).toMatchObject({ due: [1, 2], visited: [1], reported: [1, 2, 3], closeDue: [1, 2], closedInTime: [1] });
    // Worker 2: nothing due, no event; only 事件上报 applies and earns 0.
    const w2 = rows.find((r) => r.staffId === 2)!;
    expect(w2).toMatchObject({ households: 1, due: 0, visitRate: null, keyVisitRate: null, reported: 0, closeDue: 0, closedInTimeRate: null, score: 0 });
    expect(total).toMatchObject({ worker: '合计', households: 5, due: 2, visited: 1, reported: 3, closeDue: 2, closedInTime: 1, score: 27.5 });
  });

  it('December (a quarter end): 普通户 are due too, a visit in the quarter counts', () => {
    const w1 = t6Figures('2026-12', facts, rules).rows.find((r) => r.staffId === 1)!;
    // Due: 1, 2 (重点, no December visit), 3 (visited 10-10 in Q4), 4 (never). Visited: 3 only.
    expect(w1).toMatchObject({ due: 4, visited: 1, keyDue: 2, keyVisited: 0, closeDue: 1, closedInTime: 0 });
    expect(w1.members.visited).toEqual([3]);
    // 40×0.25 + 30×0 + 10×0 (no December report) + 20×0 = 10.
    expect(w1.score).toBe(10);
  });

  it('who is assessed: a worker role, in post in the month, serving an open grid', () => {
    const more = {
      ...facts,
      workers: [worker(1, [1]), worker(3, [1], { role: '04' }), worker(4, [1], { endDate: '2026-10-31' }), worker(5, [1], { startDate: '2026-12-01' }), worker(6, [9])],
    };
    expect(t6Figures('2026-11', more, rules).rows.map((r) => r.staffId)).toEqual([1]);
    const closed = { ...facts, grids: [{ ...grids[0]!, closedOn: '2026-11-30' }, grids[1]!] };
    expect(t6Figures('2026-11', closed, rules).rows.map((r) => r.staffId)).toEqual([2]);
  });

  it('the score: weights from the rules, parts without a denominator left out', () => {
    const counts = { due: 10, visited: 8, keyDue: 4, keyVisited: 4, reported: 0, closeDue: 0, closedInTime: 0 };
    // (40×0.8 + 30×1 + 10×0) / (40+30+10) = 62/80.
    expect(t6Score(counts, rules)).toBe(77.5);
    expect(t6Score(counts, { ...rules, t6Weights: { visits: 1, keyVisits: 0, reports: 0, closedInTime: 0 } })).toBe(80);
    expect(t6Score({ ...counts, reported: 3 }, { ...rules, t6ReportTarget: 4 })).toBe(Math.round(((32 + 30 + 7.5) / 80) * 1000) / 10);
    expect(t6Score(counts, { ...rules, t6Weights: { visits: 0, keyVisits: 0, reports: 0, closedInTime: 0 } })).toBeNull();
    // No 重点户 due: that part's weight is left out, not scored zero.
    expect(t6Score({ due: 2, visited: 2, keyDue: 0, keyVisited: 0, reported: 1, closeDue: 0, closedInTime: 0 }, rules)).toBe(100);
  });
});

describe('T6 through the ledger', () => {
  let town: TestTown;
  afterEach(() => town.t.close());

  it('visits and events become the month’s T6, in the table file and behind each figure', async () => {
    town = await makeTown('2026-12-05');
    const ctx = town.t.ctx;
    const key = town.household('K001', town.grids.east);
    await releasedPerson(town, town.resident('钱一', { householdId: key, relation: '02' }), { release: '2026-06-01', report: '2026-06-05' });
    const plain = town.household('P001', town.grids.east);
    town.resident('钱二', { householdId: plain, relation: '02' });
    town.resident('钱三', { householdId: plain, relation: '20', birth: '2001-01-01' });
    const willow = town.household('W001', town.grids.willow);
    town.resident('周一', { householdId: willow, relation: '02' });
    town.resident('周二', { householdId: willow, relation: '10' });
    const visit = await ok(call(ctx, 'visit.add', { householdId: key, date: '2026-11-12', staffId: town.staff.wang, content: '发现邻里纠纷' }));
    // Two events reported by 王芳 in November, read from the event tables (E1's desk writes them; here by SQL).
    const now = '2026-11-01T00:00:00.000Z';
    const insertEvent = (id: number, reportedOn: string, sourceRecordId: number | null) =>
      town.sql(`insert into event (id, number, source, category, village_id, grid_id, title, state, reported_on, reporter_staff_id, reporter_name, source_record_id, created_at, updated_at)
        values (?, ?, '01', '01', ?, ?, '邻里纠纷', 'reported', ?, ?, '王芳', ?, ?, ?)`, id, `SJ2026110000${id}`, town.villages.east, town.grids.east, reportedOn, town.staff.wang, sourceRecordId, now, now);
    insertEvent(1, '2026-11-12', visit.id);
    insertEvent(2, '2026-11-13', null);
    // The assessment's deadline is the desk's three limits together (2 + 3 + 5 = 10 working days): event 1 closed on the
    // 3rd working day (deadline 11-26), event 2 not closed (deadline 11-27).
    town.sql(`insert into event_step (event_id, action, from_state, to_state, "on", by_user, by_name, created_at) values (1, 'close', 'checking', 'closed', '2026-11-17', 'local', '本机用户', ?)`, now);

    const a = (await ok(call(ctx, 'visit.assessment', { month: '2026-11' }))) as Extract<AssessmentOut, { period: 'month' }>;
    expect(a.period).toBe('month');
    const wang = a.rows.find((r) => r.worker === '王芳')!;
    expect(wang).toMatchObject({ households: 2, due: 1, visited: 1, keyVisitRate: 100, reported: 2, closeDue: 2, closedInTime: 1, closedInTimeRate: 50 });
    // 40×1 + 30×1 + 10×1 + 20×0.5 = 90.
    expect(wang.score).toBe(90);
    const li = a.rows.find((r) => r.worker === '李强')!;
    expect(li).toMatchObject({ households: 1, due: 0, reported: 0, score: 0 });
    // The visit shows the event that came of it.
    expect((await ok(call(ctx, 'visit.list', { staffId: town.staff.wang }))).rows[0]!.eventIds).toEqual([1]);

    const path = join(town.t.dir, 't6.xlsx');
    const written = await ok(call(ctx, 'report.table', { table: 'T6', month: '2026-11', path, pdfPath: join(town.t.dir, 't6.pdf') }));
    expect(written.rows).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('城关镇网格员履职考核表');
    const values = Array.from(ws.getSheetValues(), (r) => (Array.isArray(r) ? r.slice(1) : []));
    const wangRow = values.find((r) => r[1] === '王芳')!;
    expect(wangRow.slice(4)).toEqual([2, 1, 1, 1, 1, 1, 1, 2, 2, 1, 0.5, 90]);
    const totalRow = values.find((r) => r[1] === '合计')!;
    expect(totalRow[15]).toBe(45);

    const due = await ok(call(ctx, 'report.members', { month: '2026-11', table: 'T6', figure: 'keyVisited', village: String(town.staff.wang) }));
    expect(due).toMatchObject({ village: '王芳', unit: '户', total: 1, rows: [expect.objectContaining({ number: 'K001', cls: '重点户', reasons: '安置帮教', lastVisit: '2026-11-12' })] });
    const closed = await ok(call(ctx, 'report.members', { month: '2026-11', table: 'T6', figure: 'closedInTime' }));
    expect(closed).toMatchObject({ village: '合计', unit: '件', total: 1, rows: [expect.objectContaining({ number: 'SJ20261100001', deadline: '2026-11-26' })] });
    const rateRefused = await call(ctx, 'report.members', { month: '2026-11', table: 'T6', figure: 'visitRate' });
    expect(rateRefused.ok).toBe(false);
    const unknown = await call(ctx, 'report.members', { month: '2026-11', table: 'T6', figure: 'due', village: '99999' });
    expect(unknown.ok).toBe(false);

    const viaCli = await cli('report', 'table', 'T6', '--db', town.t.path, '--month', '2026-11', '--out', join(town.t.dir, 't6-cli.xlsx'), '--today', '2026-12-05', '--json');
    expect(viaCli.code, viaCli.stderr).toBe(0);
    expect(viaCli.json().rows).toBe(2);
  });
});
