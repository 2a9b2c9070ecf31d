// The statutory tables T1–T4 (issue 9 items 1, 2, 8): T4's dated rules, the figures channel (scoped, refused months),
// every table written as xlsx and read back with exceljs, the PDF checked with poppler (fonts embedded as subsets, the
// text there, page 1 not blank), the definitions' 合计 rule, a column added to a definition, and the CLI.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_USER } from '../../electron/core/context';
import { call } from '../../electron/core/dispatch';
import { FONT_FILES, fontsDir } from '../../electron/core/pdf/fonts';
import { buildTableWorkbook, HEAD_ROWS } from '../../electron/core/reports/tableXlsx';
import type { ReportFigures } from '../../shared/contract/reports';
import { figureOf, headerLayout, T4, TABLES, totalRow, type FigureRow, type TableDefinition } from '../../shared/reports/tables';
import { gridIndicators, totalGrids, type VillageGridFacts } from '../../shared/rules/gridIndicators';
import { DEFAULT_RULES } from '../../shared/rules/ruleSettings';
import { cli } from '../helpers/cli';
import { fails, makeTown, ok, releasedPerson, type TestTown } from '../helpers/recordsTown';
import { openTempLedger, tempDir } from '../helpers/tempLedger';

// ───────────────────────────────────────────── T4 rules on dated facts

describe('T4 rules (网格化服务管理基础情况)', () => {
  // One village: a 综合 grid (id 1) and a 专属 grid (id 2) closed on 2026-10-15; four staff on grid 1 with dates.
  const facts: VillageGridFacts = {
    grids: [
      { id: 1, kind: '综合网格', closedOn: null },
      { id: 2, kind: '专属网格', closedOn: '2026-10-15' },
    ],
    staff: [
      { role: '01', startDate: '2026-10-05', endDate: null, gridIds: [1] },
      { role: '02', startDate: null, endDate: null, gridIds: [1, 2] },
      { role: '03', startDate: '2025-01-01', endDate: null, gridIds: [1] },
      { role: '04', startDate: null, endDate: '2026-10-31', gridIds: [1] },
    ],
    households: [
      { id: 10, gridId: 1 },
      { id: 11, gridId: 1 },
      { id: 12, gridId: 1 },
    ],
    residents: [
      { householdId: 10, gridId: 1, residenceKind: '1', inflowDate: null, status: '在册', leftOn: null },
      { householdId: 10, gridId: 1, residenceKind: '1', inflowDate: null, status: '迁出', leftOn: '2026-10-10' },
      { householdId: 11, gridId: 1, residenceKind: '1', inflowDate: null, status: '死亡', leftOn: '2026-09-20' },
      { householdId: null, gridId: 1, residenceKind: '2', inflowDate: '2026-11-02', status: '在册', leftOn: null },
    ],
  };

  it('counts grids open, staff in post and people present at each month end', () => {
    const sep = gridIndicators(facts, '2026-09');
    expect(sep).toMatchObject({ comprehensiveGrids: 1, dedicatedGrids: 1, openGrids: 2, gridLeaders: 0, fullTimeStaff: 1, partTimeStaff: 1, instructors: 1 });
    // 网格长 starts in October, so no grid is 1+3 in September.
    expect(sep.fullyStaffedGrids).toBe(0);
    expect(sep.staffingRate).toBe(0);
    // Household 11's only member died on 09-20: gone. Household 12 has no members: counted. Resident 2 still there.
    expect(sep).toMatchObject({ households: 2, residents: 1 + 1, registeredResidents: 2, floatingResidents: 0 });

    const oct = gridIndicators(facts, '2026-10');
    // The 专属 grid closed on 10-15; the 指导员's last day 10-31 still counts; all four roles on grid 1.
    expect(oct).toMatchObject({ comprehensiveGrids: 1, dedicatedGrids: 0, openGrids: 1, gridLeaders: 1, instructors: 1, fullyStaffedGrids: 1, staffingRate: 100 });
    expect(oct).toMatchObject({ households: 2, residents: 1, floatingResidents: 0 });

    const nov = gridIndicators(facts, '2026-11');
    // 指导员 gone; the 流动 resident arrived on 11-02.
    expect(nov).toMatchObject({ instructors: 0, fullyStaffedGrids: 0, staffingRate: 0, residents: 2, floatingResidents: 1, registeredResidents: 1 });
  });

  it('regenerates a past month the same after later changes', () => {
    const before = gridIndicators(facts, '2026-10');
    const later: VillageGridFacts = {
      ...facts,
      grids: [...facts.grids.slice(0, 1).map((g) => ({ ...g, closedOn: '2026-11-20' })), facts.grids[1]!, { id: 3, kind: '综合网格', closedOn: null }],
      staff: [...facts.staff, { role: '02', startDate: '2026-11-10', endDate: null, gridIds: [1, 3] }],
      residents: facts.residents.map((r) => (r.status === '在册' && r.householdId === 10 ? { ...r, status: '迁出', leftOn: '2026-11-05' } : r)),
    };
    // The new grid 3 has no creation date: it shows in October too (written down in gridIndicators.ts).
    expect({ ...gridIndicators(later, '2026-10'), comprehensiveGrids: 1, openGrids: 1, staffingRate: 100 }).toEqual(before);
    // November: grid 1 closed on 11-20, so only grid 3 and the new 专职 serving it; household 10 emptied on 11-05.
    expect(gridIndicators(later, '2026-11')).toMatchObject({ comprehensiveGrids: 1, openGrids: 1, fullTimeStaff: 1, residents: 1, households: 1 });
  });

  it('flags an open 综合网格 over the size rules as 超规模, never a 专属网格', () => {
    const rules = { ...DEFAULT_RULES, gridMaxHouseholds: 1 };
    expect(gridIndicators(facts, '2026-09', rules).oversizedGrids).toBe(1);
    expect(gridIndicators(facts, '2026-09').oversizedGrids).toBe(0);
    const dedicatedOnly: VillageGridFacts = { ...facts, grids: [{ id: 1, kind: '专属网格', closedOn: null }] };
    expect(gridIndicators(dedicatedOnly, '2026-09', rules).oversizedGrids).toBe(0);
  });

  it('合计 sums counts and recomputes 1+3配齐率; no grid gives —; a bad month is refused', () => {
    const empty = gridIndicators({ grids: [], staff: [], households: [], residents: [] }, '2026-10');
    expect(empty.staffingRate).toBeNull();
    const total = totalGrids([gridIndicators(facts, '2026-10'), gridIndicators(facts, '2026-09'), empty]);
    expect(total.openGrids).toBe(3);
    expect(total.fullyStaffedGrids).toBe(1);
    expect(total.staffingRate).toBe(33.33);
    expect(() => gridIndicators(facts, '2026-13')).toThrow('不是有效的统计月份');
  });
});

// ───────────────────────────────────────────── definitions

describe('table definitions', () => {
  it('lay out two header rows with merged groups; every column names a figure of its table', () => {
    const h = headerLayout(TABLES.T1);
    expect(h.rows).toBe(2);
    expect(h.cells.find((c) => c.label === '衔接情况')).toMatchObject({ row: 0, col: 4, colSpan: 3, rowSpan: 1 });
    expect(h.cells.find((c) => c.label === '序号')).toMatchObject({ row: 0, rowSpan: 2, colSpan: 1 });
    expect(headerLayout(TABLES.T2).cells.find((c) => c.label === '危险性评估')).toMatchObject({ colSpan: 6 });
    for (const def of Object.values(TABLES)) {
      for (const col of def.columns) {
        if (col.kind !== 'index') expect(col.figure, `${def.id} ${col.label}`).toBeTruthy();
        if (col.kind === 'rate') expect(col.rateOf, `${def.id} ${col.label}`).toBeTruthy();
      }
    }
  });

  it('合计 recomputes rates from the sums (never averages) and gives null for a zero denominator; money in 分', () => {
    const rows = [
      { village: '甲', noticesThisMonth: 1, handedOverThisMonth: 1, handoverRate: 100, placed: 1, registered: 3, placementRate: 33.33 },
      { village: '乙', noticesThisMonth: 3, handedOverThisMonth: 0, handoverRate: 0, placed: 0, registered: 0, placementRate: null },
    ];
    const cut: TableDefinition = { ...TABLES.T1, columns: TABLES.T1.columns.filter((c) => !c.figure || c.figure in rows[0]!) };
    const total = totalRow(cut, rows);
    // Averaging would give 50% and 33.33%.
    expect(total).toMatchObject({ village: '合计', handoverRate: 25, placementRate: 33.33, registered: 3 });
    expect(totalRow(cut, [rows[1]!]).placementRate).toBeNull();
    const moneyDef: TableDefinition = { ...TABLES.T3, columns: TABLES.T3.columns.filter((c) => c.figure === 'urbanAmount') };
    expect(totalRow(moneyDef, [{ urbanAmount: 0.1 }, { urbanAmount: 0.2 }]).urbanAmount).toBe(0.3);
    expect(() => figureOf({ village: '甲' }, 'nothing')).toThrow('不存在');
  });
});

// ───────────────────────────────────────────── through dispatch, files read back

let town: TestTown;
const PNG_DIR = process.env.REPORTS_PNG_DIR;

/** 东关社区: a full 1+3 (网格长 from 10-05, 指导员 until 10-31), a household of three, one leaving on 10-10.
 *  柳河村: 李强 (专职), a 专属网格, a released person. 石桥村: nothing. */
async function fillTown() {
  const ctx = town.t.ctx;
  const { east, willow } = town.grids;
  await ok(call(ctx, 'staff.create', { name: '张网长', role: '01', gridIds: [east], phone: '13900000011', startDate: '2026-10-05' }));
  await ok(call(ctx, 'staff.create', { name: '陈兼职', role: '03', gridIds: [east], phone: '13900000012' }));
  await ok(call(ctx, 'staff.create', { name: '周指导', role: '04', gridIds: [east], phone: '13900000013', endDate: '2026-10-31' }));
  await ok(call(ctx, 'grid.create', { villageId: town.villages.willow, kind: '专属网格', name: '柳河小学' }));
  const h = town.household('H001', east);
  town.resident('户主', { householdId: h, relation: '02' });
  town.resident('成员', { householdId: h, relation: '20' });
  const leaver = town.resident('迁走', { householdId: h, relation: '20' });
  await ok(call(ctx, 'person.leave', { id: leaver, kind: '迁出', date: '2026-10-10', reason: '外出' }));
  await releasedPerson(town, town.resident('甲', { gridId: willow }), { release: '2026-01-10', report: '2026-01-15', cls: 'key' });
}

async function readBack(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets[0]!;
}

const colLetter = (n: number) => String.fromCharCode(64 + n);

describe('report.figures and report.table', () => {
  beforeEach(async () => {
    town = await makeTown('2026-11-23');
    await fillTown();
  });
  afterEach(() => town.t.close());

  it('gives T1–T3 as the indicator functions do and T4 per village, as of the month end', async () => {
    const f = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    const ind = await ok(call(town.t.ctx, 'indicators.month', { month: '2026-10' }));
    expect({ t1: f.t1, t2: f.t2, t3: f.t3 }).toEqual({ t1: ind.t1, t2: ind.t2, t3: ind.t3 });
    expect(f.townName).toBe('城关镇');
    expect(f.t4.rows.map((r) => r.village)).toEqual(['东关社区', '柳河村', '石桥村']);
    expect(f.t4.rows[0]).toMatchObject({ gridLeaders: 1, fullTimeStaff: 1, partTimeStaff: 1, instructors: 1, fullyStaffedGrids: 1, staffingRate: 100, households: 1, residents: 2 });
    expect(f.t4.rows[1]).toMatchObject({ comprehensiveGrids: 1, dedicatedGrids: 1, fullyStaffedGrids: 0, staffingRate: 0, residents: 1 });
    expect(f.t4.rows[2]).toMatchObject({ openGrids: 0, staffingRate: null, residents: 0 });
    expect(f.t4.total).toMatchObject({ village: '合计', openGrids: 3, fullyStaffedGrids: 1, staffingRate: 33.33, residents: 3 });
    // 网格长 not yet in post in September; the leaver still there.
    const sep = await ok(call(town.t.ctx, 'report.figures', { month: '2026-09' }));
    expect(sep.t4.rows[0]).toMatchObject({ gridLeaders: 0, fullyStaffedGrids: 0, residents: 3 });
    // November: the 指导员 has left.
    expect((await ok(call(town.t.ctx, 'report.figures', { month: '2026-11' }))).t4.rows[0]).toMatchObject({ instructors: 0, fullyStaffedGrids: 0 });
  });

  it('a past month regenerates the same after the data changes', async () => {
    const before = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    await ok(call(town.t.ctx, 'staff.create', { name: '新专职', role: '02', gridIds: [town.grids.willow], phone: '13900000014', startDate: '2026-11-10' }));
    await ok(call(town.t.ctx, 'person.leave', { id: town.resident('后走', { gridId: town.grids.east }), kind: '迁出', date: '2026-11-15', reason: '外出' }));
    // The base record has no arrival date, so a person registered now and gone in November shows in October too; only
    // the leaving is dated (written down in gridIndicators.ts). Everything else of October stays as it was.
    const after = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    expect(after.t4.rows[1]).toEqual(before.t4.rows[1]);
    expect(after.t4.rows[0]).toEqual({ ...before.t4.rows[0], residents: before.t4.rows[0]!.residents + 1, registeredResidents: before.t4.rows[0]!.registeredResidents + 1 });
  });

  it('a village-scoped caller gets only their villages', async () => {
    const scoped = { ...town.t.ctx, caller: { ...LOCAL_USER, userId: 'willow', villageScope: ['320121100201'] } };
    const f = await ok(call(scoped, 'report.figures', { month: '2026-10' }));
    expect(f.t4.rows.map((r) => r.village)).toEqual(['柳河村']);
    expect(f.t1.rows.map((r) => r.village)).toEqual(['柳河村']);
    expect(f.t4.total.residents).toBe(1);
  });

  it('refuses a future month and a month before the town existed, in Chinese; a month with no data gives zeros', async () => {
    const future = await fails(call(town.t.ctx, 'report.figures', { month: '2026-12' }));
    expect(future.message).toContain('2026年12月 还没有到');
    const early = await fails(call(town.t.ctx, 'report.table', { table: 'T1', month: '2019-05', path: join(town.t.dir, 'x.xlsx') }));
    expect(early.message).toMatch(/2019年5月 早于本乡镇开始建账的 2026年\d+月/);
    expect(existsSync(join(town.t.dir, 'x.xlsx'))).toBe(false);
    expect((await fails(call(town.t.ctx, 'report.figures', { month: '2026-1' }))).message).toContain('YYYY-MM');
    expect((await fails(call(town.t.ctx, 'report.table', { table: 'T9', month: '2026-10', path: join(town.t.dir, 'x.xlsx') }))).message).toContain('T1、T2、T3、T4、T5 或 T6');
    const same = join(town.t.dir, 'same.xlsx');
    expect((await fails(call(town.t.ctx, 'report.table', { table: 'T1', month: '2026-10', path: same, pdfPath: same }))).message).toContain('同一个文件');
    // 石桥村 has no data in any table: zeros and "—".
    const f = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    const stone = f.t1.rows.find((r) => r.village === '石桥村')!;
    expect(stone.registered).toBe(0);
    expect(stone.placementRate).toBeNull();
  });

  it('writes every table as an xlsx that reads back: title, merges, header, figures, 合计, formats, print setup', async () => {
    const figures = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    const keyOf = { T1: 't1', T2: 't2', T3: 't3', T4: 't4', T5: 't5' } as const;
    for (const def of Object.values(TABLES)) {
      const path = join(town.t.dir, `${def.id}.xlsx`);
      const r = await ok(call(town.t.ctx, 'report.table', { table: def.id, month: '2026-10', path }));
      expect(r).toEqual({ path, pdfPath: null, rows: 3 });
      const ws = await readBack(path);
      const n = def.columns.length;
      const last = colLetter(n);
      expect(ws.getCell('A1').value).toBe(`城关镇${def.name}`);
      expect(ws.getCell('A1').font).toMatchObject({ name: '宋体', bold: true });
      expect(String(ws.getCell('A2').value)).toBe('填报单位：城关镇综治中心（盖章）');
      expect(ws.getRow(2).values).toContain('统计期：2026年10月');
      expect(ws.getRow(2).values).toContain(def.units);
      const merges = ws.model.merges;
      expect(merges).toContain(`A1:${last}1`);
      expect(merges).toContain('A3:A4');
      expect(merges).toContain('B3:B4');
      // Every grouped header is merged across its columns, every label is in its row.
      for (const h of headerLayout(def).cells) {
        const top = HEAD_ROWS + 1 + h.row;
        expect(ws.getCell(top, h.col + 1).value, `${def.id} ${h.label}`).toBe(h.label);
        if (h.colSpan > 1) expect(merges).toContain(`${colLetter(h.col + 1)}${top}:${colLetter(h.col + h.colSpan)}${top}`);
      }
      // Village rows from row 5 in code order, then 合计.
      const rows = figures[keyOf[def.id]].rows as FigureRow[];
      const total = figures[keyOf[def.id]].total as FigureRow;
      rows.forEach((row, i) => {
        expect(ws.getCell(5 + i, 1).value).toBe(i + 1);
        def.columns.forEach((col, c) => {
          if (col.kind === 'index') return;
          const v = figureOf(row, col.figure!);
          const cell = ws.getCell(5 + i, c + 1);
          if (col.kind === 'rate') {
            if (v === null) expect(cell.value).toBe('—');
            else {
              expect(cell.value).toBeCloseTo(Number(v) / 100, 6);
              expect(cell.numFmt).toBe('0.00%');
            }
          } else expect(cell.value, `${def.id} ${col.label}`).toEqual(v);
          expect(cell.font?.name).toBe('宋体');
          expect(cell.border?.top?.style).toBe('thin');
        });
      });
      const totalRowNo = 5 + rows.length;
      expect(ws.getCell(totalRowNo, 2).value).toBe('合计');
      expect(ws.getCell(totalRowNo, 1).value).toBeNull();
      def.columns.forEach((col, c) => {
        if (col.kind === 'count' || col.kind === 'money') {
          const sum = rows.reduce((s, _row, i) => s + Number(ws.getCell(5 + i, c + 1).value), 0);
          expect(ws.getCell(totalRowNo, c + 1).value, `${def.id} 合计 ${col.label}`).toBeCloseTo(sum, 2);
        }
        // The file's 合计 is the indicator functions' 合计 too.
        if (col.kind !== 'index' && col.kind !== 'text') {
          const v = figureOf(total, col.figure!);
          const cell = ws.getCell(totalRowNo, c + 1).value;
          if (v === null) expect(cell).toBe('—');
          else expect(cell).toBeCloseTo(col.kind === 'rate' ? Number(v) / 100 : Number(v), 6);
        }
      });
      expect(String(ws.getCell(totalRowNo + 1, 1).value)).toBe('单位负责人：　　　　审核人：　　　　填表人：　　　　联系电话：　　　　　　填报日期：2026年11月23日');
      expect(merges).toContain(`A${totalRowNo + 1}:${last}${totalRowNo + 1}`);
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: def.paper === 'A3' ? 8 : 9 });
      expect(ws.pageSetup.printTitlesRow).toBe('1:4');
      expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 4 });
    }
    // Figures against the hand-made town: T1 柳河村 has the one released person, 重点.
    const t1 = await readBack(join(town.t.dir, 'T1.xlsx'));
    expect([t1.getCell('B6').value, t1.getCell('C6').value, t1.getCell('D6').value]).toEqual(['柳河村', 1, 1]);
    const t4 = await readBack(join(town.t.dir, 'T4.xlsx'));
    expect([t4.getCell('B5').value, t4.getCell('J5').value]).toEqual(['东关社区', 1]);
    expect(t4.getCell('J8').value).toBeCloseTo(1 / 3, 4);
  });

  it('adding a column is an edit to a definition: the renderer shows it', async () => {
    const figures: ReportFigures = await ok(call(town.t.ctx, 'report.figures', { month: '2026-10' }));
    const withTotal: TableDefinition = { ...T4, columns: [...T4.columns, { label: '网格总数', group: '网格', width: 8, kind: 'count', figure: 'openGrids' }] };
    const wb = buildTableWorkbook({ def: withTotal, townName: '城关镇', month: '2026-10', rows: figures.t4.rows, filledOn: '2026-11-23' });
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(3, 15).value).toBe('网格');
    expect(ws.getCell(4, 15).value).toBe('网格总数');
    expect(ws.getCell(5, 15).value).toBe(1);
    expect(ws.getCell(8, 15).value).toBe(3);
  });

  it('writes the PDF with the fonts embedded as subsets, the title and figures in its text, page 1 not blank', async () => {
    const path = join(town.t.dir, 'T4.xlsx');
    const pdfPath = join(town.t.dir, 'T4.pdf');
    await ok(call(town.t.ctx, 'report.table', { table: 'T4', month: '2026-10', path, pdfPath }));
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    // Same month, same data, same 填报日期: the same bytes (what a frozen month will need).
    const again = join(town.t.dir, 'T4-again.pdf');
    await ok(call(town.t.ctx, 'report.table', { table: 'T4', month: '2026-10', path: join(town.t.dir, 'T4-again.xlsx'), pdfPath: again }));
    expect(readFileSync(again).equals(readFileSync(pdfPath))).toBe(true);
    const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('NotoSansSC'));
    expect(fonts.length).toBe(2);
    // A subset font's name has a six-letter tag; the emb and sub columns say yes.
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+NotoSansSC-\w+\s.*\byes\s+yes\s+yes\b/);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('城关镇网格化服务管理基础情况统计表');
    expect(text).toContain('统计期：2026年10月');
    expect(text).toMatch(/合计\s+2\s+1\s+0/);
    expect(text).toContain('33.33%');
    expect(text).toMatch(/第\s*1\s*页\s*共\s*1\s*页/);
    // Page 1 as a grey image: some ink, not a blank page.
    execFileSync('pdftoppm', ['-r', '40', '-gray', '-f', '1', '-l', '1', '-singlefile', pdfPath, join(town.t.dir, 'page')]);
    const pgm = readFileSync(join(town.t.dir, 'page.pgm'));
    const data = pgm.subarray(pgm.indexOf('255\n') + 4);
    const dark = data.reduce((n, v) => n + (v < 128 ? 1 : 0), 0);
    expect(dark / data.length).toBeGreaterThan(0.005);
    if (PNG_DIR) {
      mkdirSync(PNG_DIR, { recursive: true });
      for (const id of ['T1', 'T2', 'T3'] as const) {
        await ok(call(town.t.ctx, 'report.table', { table: id, month: '2026-10', path: join(town.t.dir, `${id}.xlsx`), pdfPath: join(town.t.dir, `${id}.pdf`) }));
      }
      for (const id of ['T1', 'T2', 'T3', 'T4']) {
        copyFileSync(join(town.t.dir, `${id}.pdf`), join(PNG_DIR, `${id}.pdf`));
        execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', join(PNG_DIR, `${id}.pdf`), join(PNG_DIR, id)]);
      }
    }
  });

  it('report table CLI writes the xlsx and PDF through dispatch, refuses bad arguments and months', async () => {
    const out = join(town.t.dir, 'cli-T2.xlsx');
    const pdf = join(town.t.dir, 'cli-T2.pdf');
    const r = await cli('report', 'table', 't2', '--db', town.t.path, '--month', '2026-10', '--out', out, '--pdf', pdf, '--today', '2026-11-23', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ path: out, pdfPath: pdf, rows: 3 });
    expect((await readBack(out)).getCell('A1').value).toBe('城关镇严重精神障碍患者服务管理情况统计表');
    expect(existsSync(pdf)).toBe(true);
    const future = await cli('report', 'table', 'T1', '--db', town.t.path, '--month', '2027-01', '--out', out, '--today', '2026-11-23');
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('还没有到');
    const bad = await cli('report', 'table', 'T7', '--db', town.t.path, '--month', '2026-10', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('T1、T2、T3、T4、T5 或 T6');
    expect((await cli('report', 'table', 'T1', '--db', town.t.path, '--month', '2026-10', '--out', join(town.t.dir, 'a.csv'))).stderr).toContain('.xlsx');
    expect((await cli('report', 'table', 'T1', '--db', town.t.path, '--out', out)).stderr).toContain('--month');
  });
});

describe('a long table', () => {
  it('breaks onto more pages with the header repeated on each, and 第 n 页 共 m 页', async () => {
    const t = openTempLedger({ today: '2026-11-23' });
    try {
      await ok(call(t.ctx, 'town.setup', { name: '大镇', code: '320121100000' }));
      for (let i = 1; i <= 45; i++) await ok(call(t.ctx, 'village.create', { code: `320121100${String(200 + i)}`, name: `第${i}村` }));
      const pdfPath = join(t.dir, 'T1.pdf');
      const r = await ok(call(t.ctx, 'report.table', { table: 'T1', month: '2026-11', path: join(t.dir, 'T1.xlsx'), pdfPath }));
      expect(r.rows).toBe(45);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))![1]);
      expect(pages).toBeGreaterThan(1);
      const last = execFileSync('pdftotext', ['-layout', '-f', String(pages), '-l', String(pages), pdfPath, '-'], { encoding: 'utf8' });
      expect(last).toContain('衔接情况');
      expect(last).toMatch(/大镇刑满释放人员安置帮教工作情况统计表（续）\s*统计期：2026年11月/);
      expect(last).toContain('合计');
      expect(last).toMatch(new RegExp(`第\\s*${pages}\\s*页\\s*共\\s*${pages}\\s*页`));
      const ws = await readBack(join(t.dir, 'T1.xlsx'));
      expect(ws.getCell(5 + 45, 2).value).toBe('合计');
      if (PNG_DIR) execFileSync('pdftoppm', ['-r', '60', '-png', '-f', String(pages), '-l', String(pages), '-singlefile', pdfPath, join(PNG_DIR, 'T1-long-last')]);
    } finally {
      t.close();
    }
  });
});

describe('font locator', () => {
  it('takes LEDGER_FONTS_DIR when it holds both weights, else the bundled resources/fonts', () => {
    const dir = tempDir('fonts-');
    const saved = process.env.LEDGER_FONTS_DIR;
    try {
      process.env.LEDGER_FONTS_DIR = dir.dir;
      expect(fontsDir()).toMatch(/resources[\\/]fonts$/);
      const bundled = fontsDir();
      for (const f of Object.values(FONT_FILES)) copyFileSync(join(bundled, f), join(dir.dir, f));
      expect(fontsDir()).toBe(dir.dir);
    } finally {
      if (saved === undefined) delete process.env.LEDGER_FONTS_DIR;
      else process.env.LEDGER_FONTS_DIR = saved;
      dir.cleanup();
    }
  });
});

describe('an empty town', () => {
  it('refuses a database with no town set up, and gives a table of zeros for a town without villages', async () => {
    const t = openTempLedger({ today: '2026-11-23' });
    try {
      expect((await fails(call(t.ctx, 'report.figures', { month: '2026-11' }))).message).toContain('尚未设置本乡镇');
      await ok(call(t.ctx, 'town.setup', { name: '空镇', code: '320121100000' }));
      const f = await ok(call(t.ctx, 'report.figures', { month: '2026-11' }));
      expect(f.t4.rows).toEqual([]);
      expect(f.t4.total).toMatchObject({ village: '合计', openGrids: 0, staffingRate: null, residents: 0 });
      const path = join(t.dir, 'T3.xlsx');
      await ok(call(t.ctx, 'report.table', { table: 'T3', month: '2026-11', path }));
      const ws = await readBack(path);
      expect(ws.getCell('B5').value).toBe('合计');
      expect(ws.getCell('C5').value).toBe(0);
      // Set up today: earlier months are before the town existed.
      expect((await fails(call(t.ctx, 'report.figures', { month: '2026-10' }))).message).toContain('早于本乡镇开始建账');
    } finally {
      t.close();
    }
  });
});
