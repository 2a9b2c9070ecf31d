// T5 矛盾纠纷排查化解情况统计表 against a hand-computed month: which disputes count (kind, month, voided), 化解 as of the
// month's end, 按期受理 / 按期办结 with the limits still running left out, 满意率, the town's own dispute category under
// 其他, 合计 from the sums; the xlsx and the events behind a figure.
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { T5 } from '../../shared/reports/tables';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { fails, ok, twoVillageTown } from '../helpers/results';
import { cli } from '../helpers/cli';

let t: TempLedger;
let ids: Record<string, number> = {};

async function dispute(key: string, villageId: number, category: string, reportedOn: string, steps: [string, string, Record<string, unknown>?][] = []) {
  const e = await ok(call(t.ctx, 'event.create', { source: '群众来访', category, villageId, title: `纠纷${key}`, reportedOn }));
  ids[key] = e.id;
  for (const [step, on, extra] of steps) await ok(call(t.ctx, 'event.step', { id: e.id, step, on, ...(extra ?? {}) }));
}
const route = { assignee: '综治工作平台' };

beforeAll(async () => {
  t = openTempLedger({ today: '2026-12-05' });
  const town = await twoVillageTown(t.ctx);
  const A = town.villageId; // 柳河村
  const B = town.otherVillageId; // 东关社区
  const own = await ok(call(t.ctx, 'eventCategory.create', { name: '养殖异味纠纷', kind: 'dispute' }));
  const other = await ok(call(t.ctx, 'eventCategory.create', { name: '乱堆乱放', kind: 'event' }));
  ids = {};
  // 1: all in time, 满意.
  await dispute('1', A, 'D02', '2026-11-02', [['accept', '2026-11-03'], ['dispatch', '2026-11-04', route], ['handle', '2026-11-05'], ['check', '2026-11-06'], ['close', '2026-11-06'], ['rate', '2026-11-09', { satisfaction: '满意' }]]);
  // 2: accepted late (due 4th), routed in time (due 11th), not closed by the 30th (due 16th).
  await dispute('2', A, 'D01', '2026-11-02', [['accept', '2026-11-06'], ['dispatch', '2026-11-09', route]]);
  // 3: reported Friday 27th, accepted 1 December (in time, after the month): still within its limit on the 30th.
  await dispute('3', A, 'D03', '2026-11-27', [['accept', '2026-12-01']]);
  // 4: an event of kind 'event', 5: October's, 6: voided — none counts in November.
  await dispute('4', A, other.code, '2026-11-05');
  await dispute('5', A, 'D02', '2026-10-30');
  await dispute('6', A, 'D02', '2026-11-10');
  await ok(call(t.ctx, 'event.void', { id: ids['6']!, on: '2026-11-11', reason: '重复上报' }));
  // 7: the town's own dispute category (其他), all in time, 不满意.
  await dispute('7', A, own.code, '2026-11-12', [['accept', '2026-11-13'], ['dispatch', '2026-11-13', route], ['handle', '2026-11-16'], ['check', '2026-11-19'], ['close', '2026-11-20'], ['rate', '2026-11-23', { satisfaction: '不满意' }]]);
  // 8: 东关社区, 劳动争议, all in time, 基本满意.
  await dispute('8', B, 'D06', '2026-11-16', [['accept', '2026-11-16'], ['dispatch', '2026-11-17', route], ['handle', '2026-11-18'], ['check', '2026-11-19'], ['close', '2026-11-19'], ['rate', '2026-11-20', { satisfaction: '基本满意' }]]);
});
afterAll(() => t.close());

const cats = (entries: Record<number, number>) => Array.from({ length: 12 }, (_, i) => entries[i] ?? 0);

describe('T5 figures', () => {
  it('per village and 合计, as computed by hand', async () => {
    const f = await ok(call(t.ctx, 'report.figures', { month: '2026-11' }));
    const [dongguan, liuhe] = f.t5.rows;
    expect(dongguan).toEqual({
      village: '东关社区', found: 1, resolved: 1, resolvedRate: 100, byCategory: cats({ 5: 1 }),
      acceptJudged: 1, acceptOnTime: 1, acceptRate: 100, closeJudged: 1, closeOnTime: 1, closeRate: 100, rated: 1, satisfied: 1, satisfiedRate: 100,
    });
    expect(liuhe).toEqual({
      village: '柳河村', found: 4, resolved: 2, resolvedRate: 50, byCategory: cats({ 0: 1, 1: 1, 2: 1, 11: 1 }),
      acceptJudged: 3, acceptOnTime: 2, acceptRate: 66.67, closeJudged: 3, closeOnTime: 2, closeRate: 66.67, rated: 2, satisfied: 1, satisfiedRate: 50,
    });
    expect(f.t5.total).toEqual({
      village: '合计', found: 5, resolved: 3, resolvedRate: 60, byCategory: cats({ 0: 1, 1: 1, 2: 1, 5: 1, 11: 1 }),
      acceptJudged: 4, acceptOnTime: 3, acceptRate: 75, closeJudged: 4, closeOnTime: 3, closeRate: 75, rated: 3, satisfied: 2, satisfiedRate: 66.67,
    });
  });

  it('another month counts only its own disputes; an empty month gives zeros and —', async () => {
    const oct = await ok(call(t.ctx, 'report.figures', { month: '2026-10' }));
    // Reported Friday 30 October, due Tuesday 3 November: not yet judged on the 31st.
    expect(oct.t5.total).toMatchObject({ found: 1, resolved: 0, resolvedRate: 0, acceptJudged: 0, acceptRate: null, closeJudged: 0, closeRate: null });
    const dec = await ok(call(t.ctx, 'report.figures', { month: '2026-12' }));
    expect(dec.t5.total).toMatchObject({ found: 0, resolvedRate: null, acceptRate: null, satisfiedRate: null });
  });

  it('writes the table from its definition and lists the events behind a figure', async () => {
    const path = join(t.dir, 'T5.xlsx');
    await ok(call(t.ctx, 'report.table', { table: 'T5', month: '2026-11', path }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell(1, 1).value)).toContain('矛盾纠纷排查化解情况统计表');
    const foundCol = T5.columns.findIndex((c) => c.figure === 'found') + 1;
    // Rows from 5: 东关社区, 柳河村, 合计.
    expect([ws.getCell(5, foundCol).value, ws.getCell(6, foundCol).value, ws.getCell(7, foundCol).value]).toEqual([1, 4, 5]);

    const found = await ok(call(t.ctx, 'report.members', { month: '2026-11', table: 'T5', figure: 'found', village: '320121100201' }));
    expect(found.rows.map((r) => r.title).sort()).toEqual(['纠纷1', '纠纷2', '纠纷3', '纠纷7']);
    expect(found.total).toBe(4);
    const late = await ok(call(t.ctx, 'report.members', { month: '2026-11', table: 'T5', figure: 'acceptOnTime' }));
    expect(late.rows.map((r) => r.title).sort()).toEqual(['纠纷1', '纠纷7', '纠纷8']);
    const other = await ok(call(t.ctx, 'report.members', { month: '2026-11', table: 'T5', figure: 'byCategory.11' }));
    expect(other.rows.map((r) => r.category)).toEqual(['养殖异味纠纷']);
    expect((await fails(call(t.ctx, 'report.members', { month: '2026-11', table: 'T5', figure: 'acceptRate' }))).message).toContain('是比率，没有对应的名单');
  });

  it('report table T5 through the CLI; a bad table is refused in Chinese', async () => {
    const out = join(t.dir, 'T5-cli.xlsx');
    const r = await cli('report', 'table', 'T5', '--db', t.path, '--month', '2026-11', '--out', out, '--today', '2026-12-05', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ path: out, rows: 2 });
    expect((await cli('report', 'table', 'T7', '--db', t.path, '--month', '2026-11', '--out', out)).stderr).toContain('报表应为 T1、T2、T3、T4、T5 或 T6');
  });
});

// Last: it adds a dispute of its own.
describe('T5 between asks', () => {
  it('between asks the events are kept while nothing changed, and follow a commit by another connection and a write here', async () => {
    const found = async () => (await ok(call(t.ctx, 'report.figures', { month: '2026-11' }))).t5.total.found;
    const before = await found();
    expect(await found()).toBe(before);
    // Another connection (a second window, the job worker, the CLI) voids dispute 1, then takes it back.
    const other = new Database(t.path);
    other.prepare('update event set voided_on = ? where id = ?').run('2026-11-20', ids['1']);
    expect(await found()).toBe(before - 1);
    other.prepare('update event set voided_on = null where id = ?').run(ids['1']);
    other.close();
    expect(await found()).toBe(before);
    // This connection writes: a new dispute of the month counts at once.
    const villageId = t.ctx.ledger.sqlite.prepare('select village_id from event where id = ?').pluck().get(ids['1']) as number;
    await ok(call(t.ctx, 'event.create', { source: '群众来访', category: 'D02', villageId, title: '新纠纷', reportedOn: '2026-11-25' }));
    expect(await found()).toBe(before + 1);
  });
});
