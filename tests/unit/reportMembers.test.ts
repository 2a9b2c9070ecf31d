// The persons behind a figure (issue 9 item 4, report.members): for EVERY count column of T1–T4 (taken from the
// definitions, so a new column without a list fails here) and every row of a generated town, the list is as long as
// the figure; rates and amounts have no list; a 脱管 person is listed with the columns that say why; a village-scoped
// caller sees only their villages; the export reads back; the CLI; bad input refused in Chinese.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { hasMembers } from '../../shared/reports/members';
import type { ReportFigures } from '../../shared/contract/reports';
import { figureOf, TABLES, type FigureRow } from '../../shared/reports/tables';
import { cli } from '../helpers/cli';
import { fails, help, makeTown, ok, releasedPerson, type TestTown } from '../helpers/recordsTown';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';

const TODAY = '2026-11-23';
const KEY = { T1: 't1', T2: 't2', T3: 't3', T4: 't4', T5: 't5' } as const;

function tableOf(f: ReportFigures, id: keyof typeof KEY): { rows: FigureRow[]; total: FigureRow } {
  return f[KEY[id]] as unknown as { rows: FigureRow[]; total: FigureRow };
}

describe('every count of T1–T4 is the size of its list, in a generated town', () => {
  let t: TempLedger;
  beforeAll(async () => {
    t = openTempLedger({ today: TODAY });
    await ok(call(t.ctx, 'demo.prepare', {}));
    await ok(call(t.ctx, 'demo.load', { residents: 900, seed: 11 }));
  }, 120_000);
  afterAll(() => t.close());

  it.each(['2026-11', '2026-06'])('month %s: members.total === figure for every count column, every village row and 合计', async (month) => {
    const figures = await ok(call(t.ctx, 'report.figures', { month }));
    const villages = await ok(call(t.ctx, 'village.list', {}));
    const codeOf = new Map(villages.map((v) => [v.name, v.code]));
    let nonZero = 0;
    let columns = 0;
    for (const def of Object.values(TABLES)) {
      const { rows, total } = tableOf(figures, def.id);
      for (const col of def.columns.filter((c) => c.kind === 'count')) {
        columns++;
        // A count column the drill-down does not know fails here, so a new column needs its list.
        expect(hasMembers(def.id, col), `${def.id} ${col.label} (${col.figure}) has no member list`).toBe(true);
        const asks: { village?: string; figure: number; name: string }[] = rows.map((r) => ({
          village: codeOf.get(String(r.village)) ?? String(r.village),
          figure: Number(figureOf(r, col.figure!)),
          name: String(r.village),
        }));
        asks.push({ figure: Number(figureOf(total, col.figure!)), name: '合计' });
        for (const ask of asks) {
          const m = await ok(call(t.ctx, 'report.members', { month, table: def.id, figure: col.figure!, ...(ask.village ? { village: ask.village } : {}) }));
          expect(m.total, `${def.id} ${col.label} ${ask.name}`).toBe(ask.figure);
          // Only T3's 人 columns list households with their 人数; every other list has one row per member.
          if (m.unit.includes('按户')) expect(m.rows.reduce((s, r) => s + Number(r.persons), 0)).toBe(ask.figure);
          else expect(m.rows.length, `${def.id} ${col.label} ${ask.name}`).toBe(ask.figure);
          expect(m.village).toBe(ask.name);
          if (ask.village) expect(new Set(m.rows.map((r) => r.village))).toEqual(new Set(m.rows.length ? [ask.name] : []));
          if (ask.figure > 0) nonZero++;
        }
      }
    }
    // Every count column of the five tables (10 + 16 + 16 + 11 + 20), and the town is not all zeros.
    expect(columns).toBe(73);
    expect(nonZero).toBeGreaterThan(40);
  }, 120_000);

  it('rates, amounts and the village column have no list: refused with the reason', async () => {
    const rate = await fails(call(t.ctx, 'report.members', { month: '2026-11', table: 'T1', figure: 'handoverRate' }));
    expect(rate.message).toContain('「衔接率」是比率，没有对应的名单');
    const money = await fails(call(t.ctx, 'report.members', { month: '2026-11', table: 'T3', figure: 'urbanAmount' }));
    expect(money.message).toContain('是金额');
    expect((await fails(call(t.ctx, 'report.members', { month: '2026-11', table: 'T1', figure: 'village' }))).message).toContain('没有对应的名单');
    for (const def of Object.values(TABLES)) {
      for (const col of def.columns) if (col.kind !== 'count') expect(hasMembers(def.id, col)).toBe(false);
    }
  });

  it('the export writes the same list as an xlsx that reads back', async () => {
    const query = { month: '2026-11', table: 'T4' as const, figure: 'gridLeaders' };
    const m = await ok(call(t.ctx, 'report.members', query));
    const path = join(t.dir, 'leaders.xlsx');
    const r = await ok(call(t.ctx, 'report.membersExport', { ...query, path }));
    expect(r).toEqual({ path, rows: m.rows.length });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('网格化服务管理基础情况统计表·网格力量·网格长名单');
    const header = (ws.getRow(3).values as unknown[]).slice(1).map(String);
    expect(header).toEqual(['序号', ...m.columns.map((c) => c.label)]);
    const names = [];
    for (let i = 0; i < m.rows.length; i++) names.push(String(ws.getRow(4 + i).getCell(3).value));
    expect(names).toEqual(m.rows.map((x) => x.name));
  });
});

describe('a figure and its persons in a small town', () => {
  let town: TestTown;
  let lostId: number;
  beforeAll(async () => {
    town = await makeTown(TODAY);
    const ctx = town.t.ctx;
    const { willow, east } = town.grids;
    lostId = await releasedPerson(town, town.resident('脱管甲', { gridId: willow }), { release: '2026-01-10', report: '2026-01-15', cls: 'key' });
    await ok(call(ctx, 'record.add', help(lostId, '2026-03-02')));
    await ok(call(ctx, 'released.changeStatus', { id: lostId, to: '脱管', date: '2026-09-20', reason: '电话停机，家属称外出务工' }));
    await releasedPerson(town, town.resident('在册乙', { gridId: willow }), { release: '2026-02-10', report: '2026-02-12' });
    await releasedPerson(town, town.resident('东关丙', { gridId: east }), { release: '2026-03-10', report: '2026-03-12' });
  });
  afterAll(() => town.t.close());

  it('answers "who is the 脱管?" with the columns that explain it, as of the month', async () => {
    const m = await ok(call(town.t.ctx, 'report.members', { month: '2026-10', table: 'T1', figure: 'outOfContact', village: '320121100201' }));
    expect(m).toMatchObject({ title: '柳河村 · T1 脱管 · 2026年10月', village: '柳河村', unit: '人', total: 1 });
    expect(m.rows).toEqual([
      expect.objectContaining({
        name: '脱管甲', village: '柳河村', grid: '柳河一网格', releaseDate: '2026-01-10', reportedOn: '2026-01-15', lastHelp: '2026-03-02',
        status: '脱管', statusDate: '2026-09-20', class: '重点',
      }),
    ]);
    expect(m.columns.map((c) => c.label)).toEqual(expect.arrayContaining(['姓名', '村（社区）', '网格', '释放日期', '最近帮教', '月末状态']));
    // In August the person was not yet 脱管; the register of 合计 holds all three.
    expect((await ok(call(town.t.ctx, 'report.members', { month: '2026-08', table: 'T1', figure: 'outOfContact' }))).rows).toEqual([]);
    const all = await ok(call(town.t.ctx, 'report.members', { month: '2026-10', table: 'T1', figure: 'registered' }));
    expect(all.rows.map((r) => [r.village, r.name])).toEqual([['东关社区', '东关丙'], ['柳河村', '脱管甲'], ['柳河村', '在册乙']]);
  });

  it('a village-scoped caller gets members of their villages only', async () => {
    const scoped = { ...town.t.ctx, caller: { ...LOCAL_USER, userId: 'willow', villageScope: ['320121100201'] } };
    const all = await ok(call(scoped, 'report.members', { month: '2026-10', table: 'T1', figure: 'registered' }));
    expect(all.rows.map((r) => r.name)).toEqual(['脱管甲', '在册乙']);
    const other = await fails(call(scoped, 'report.members', { month: '2026-10', table: 'T1', figure: 'registered', village: '320121100001' }));
    expect(other.message).toContain('没有区划代码为 320121100001 的村（社区）');
    const path = join(town.t.dir, 'scoped.xlsx');
    await ok(call(scoped, 'report.membersExport', { month: '2026-10', table: 'T4', figure: 'fullTimeStaff', path }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const text: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => text.push(String(c.value))));
    expect(text.join(' ')).toContain('李强');
    expect(text.join(' ')).not.toContain('王芳');
  });

  it('refuses an unknown figure, an unknown village, a future month and bad tables, in Chinese, writing nothing', async () => {
    const ctx = town.t.ctx;
    expect((await fails(call(ctx, 'report.members', { month: '2026-10', table: 'T1', figure: 'nothing' }))).message).toContain('没有「nothing」这一列');
    // A T2 figure asked of T1.
    expect((await fails(call(ctx, 'report.members', { month: '2026-10', table: 'T1', figure: 'risk.3' }))).message).toContain('没有「risk.3」这一列');
    expect((await fails(call(ctx, 'report.members', { month: '2026-10', table: 'T1', figure: 'registered', village: '320121999999' }))).message).toContain(
      '没有区划代码为 320121999999 的村（社区）',
    );
    expect((await fails(call(ctx, 'report.members', { month: '2026-10', table: 'T1', figure: 'registered', village: '未划分网格' }))).message).toContain('没有「未划分网格」这一行');
    expect((await fails(call(ctx, 'report.members', { month: '2026-12', table: 'T1', figure: 'registered' }))).message).toContain('2026年12月 还没有到');
    expect((await fails(call(ctx, 'report.members', { month: '2019-05', table: 'T1', figure: 'registered' }))).message).toContain('早于本乡镇开始建账');
    expect((await fails(call(ctx, 'report.members', { month: '2026-13', table: 'T1', figure: 'registered' }))).message).toContain('YYYY-MM');
    expect((await fails(call(ctx, 'report.members', { month: '2026-10', table: 'T9', figure: 'registered' }))).message).toContain('T1、T2、T3、T4、T5 或 T6');
    const path = join(town.t.dir, 'never.xlsx');
    expect((await fails(call(ctx, 'report.membersExport', { month: '2026-12', table: 'T1', figure: 'registered', path }))).message).toContain('还没有到');
    const { existsSync } = await import('node:fs');
    expect(existsSync(path)).toBe(false);
  });

  it('report members CLI prints the list, writes it with --out, refuses bad arguments', async () => {
    const db = town.t.path;
    const r = await cli('report', 'members', '--db', db, '--month', '2026-10', '--table', 't1', '--figure', 'outOfContact', '--today', TODAY, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ total: 1, rows: [expect.objectContaining({ name: '脱管甲' })] });
    const out = join(town.t.dir, 'cli-members.xlsx');
    const w = await cli('report', 'members', '--db', db, '--month', '2026-10', '--table', 'T1', '--figure', 'registered', '--village', '320121100201', '--out', out, '--today', TODAY);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).toContain('柳河村 · T1 在册帮教对象 · 2026年10月：2（人）');
    expect(w.stdout).toContain(`已导出：${out}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets[0]!.getRow(5).getCell(4).value).toBe('在册乙');
    const unknown = await cli('report', 'members', '--db', db, '--month', '2026-10', '--table', 'T1', '--figure', 'nothing', '--today', TODAY);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('没有「nothing」这一列');
    const noFigure = await cli('report', 'members', '--db', db, '--month', '2026-10', '--table', 'T1');
    expect(noFigure.code).toBe(2);
    expect(noFigure.stderr).toContain('--figure');
    expect((await cli('report', 'members', '--db', db, '--month', '2026-10', '--table', 'T7', '--figure', 'x')).stderr).toContain('--table 应为 T1、T2、T3、T4、T5 或 T6');
    expect((await cli('report', 'members', '--db', db, '--month', '2026-10', '--table', 'T1', '--figure', 'x', '--out', 'a.csv')).stderr).toContain('.xlsx');
    expect((await cli('report', 'what', '--db', db)).stderr).toContain('report members');
  });
});
