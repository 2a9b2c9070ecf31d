// Imports never silently import the wrong thing (issue 8, item 2): merged cells fill their range, the
// visible sheet is read before a hidden one and any sheet can be chosen, a second data sheet is a
// warning, a sheet cut off before its <dimension> and a part that inflates to gigabytes are refused,
// and a code typed exactly as its own label is accepted. Files are built here (exceljs, or zip bytes).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as codes from '../../shared/codes';
import { resolveCode, type CodeTable } from '../../shared/codes';
import { call } from '../../electron/core/dispatch';
import { AppError } from '../../electron/core/errors';
import { importResidents } from '../../electron/core/importing';
import { MergeFill } from '../../electron/core/importing/sheets';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { makeId, seedGrids, writeXlsx, type Cell } from '../helpers/xlsxFixtures';
import { readParts, repeatedPart, rewriteXlsx, textPart, writeZip } from '../helpers/zipParts';

let t: TempLedger;
beforeEach(() => {
  t = openTempLedger();
  seedGrids(t.ctx.ledger.sqlite);
});
afterEach(() => t.close());

const file = (name: string) => join(t.dir, name);
const run = (path: string, opts: { dryRun?: boolean; skipInvalid?: boolean; sheet?: string } = {}) =>
  importResidents(t.ctx, path, { dryRun: opts.dryRun ?? false, skipInvalid: opts.skipInvalid ?? false, sheet: opts.sheet });
const count = (table: string) => (t.ctx.ledger.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the import to be refused');
}

const HEADER = ['姓名', '公民身份号码', '户号', '现住址', '与户主关系'];
/** Distinct valid IDs: 400 per birth year. */
const idOf = (k: number) => makeId(`${1950 + Math.floor(k / 400)}0101`, (k % 400) * 2 + 1);
const people = (n: number, from = 1): Cell[][] => Array.from({ length: n }, (_, i) => [`人${from + i}`, idOf(from + i)]);

describe('merged cells', () => {
  it('a 户号 and 现住址 merged over a family of nine rows reach all nine, under a merged title row', async () => {
    const family: Cell[][] = people(9).map((p, i) => [...p, i === 0 ? 'H001' : null, i === 0 ? '东村1组8号' : null, i === 0 ? '户主' : '子']);
    const path = await writeXlsx(file('merged.xlsx'), [{
      name: '人口', rows: [['东村人口花名册'], HEADER, ...family, ...people(2, 20).map((p) => [...p, 'H002', '东村2组1号', '户主'])],
      // Columns are 1-based with A first: 户号 is C, 现住址 D; the family is rows 3–11.
      merges: ['A1:E1', 'C3:C11', 'D3:D11'],
    }]);
    const preview = await run(path, { dryRun: true });
    expect(preview.problems).toEqual([]);
    expect(preview.totalRows).toBe(11);
    expect(preview.preview.filter((p) => p.household === 'H001')).toHaveLength(9);
    const r = await run(path);
    expect(r.added).toBe(11);
    expect(r.householdsAdded).toBe(2);
    const rows = t.ctx.ledger.sqlite
      .prepare('select r.current_address as address, h.number as household from resident r left join household h on h.id = r.household_id where r.name in (' + family.map(() => '?').join(',') + ')')
      .all(...family.map((f) => f[0])) as { address: string; household: string | null }[];
    expect(rows).toHaveLength(9);
    for (const row of rows) expect(row).toEqual({ address: '东村1组8号', household: 'H001' });
  });

  it('MergeFill fills rows and columns from the top-left cell, and nothing without merges', () => {
    expect(MergeFill.of([])).toBeNull();
    expect(MergeFill.of(['A1:E1'], 2), 'a title merge above the header needs no second read').toBeNull();
    const fill = MergeFill.of(['B2:C3'])!;
    expect(fill.fill(1, [undefined, 'x', 'y'])).toEqual([undefined, 'x', 'y']);
    expect(fill.fill(2, [undefined, 'a', 'v', null])).toEqual([undefined, 'a', 'v', 'v']);
    expect(fill.fill(3, [undefined, 'b'])).toEqual([undefined, 'b', 'v', 'v']);
    expect(fill.fill(4, [undefined, 'c', null])).toEqual([undefined, 'c', null]);
  });
});

describe('which sheet is read', () => {
  const rows = (n: number, from: number): Cell[][] => [['姓名', '公民身份号码'], ...people(n, from)];

  it('prefers the visible sheet over a hidden old one, says which was read and warns of the other data sheet', async () => {
    const path = await writeXlsx(file('hidden.xlsx'), [
      { name: '人口信息（旧）', hidden: true, rows: rows(5, 100) },
      { name: '人口信息', rows: rows(3, 1) },
    ]);
    const r = await run(path, { dryRun: true });
    expect(r.sheet).toBe('人口信息');
    expect(r.totalRows).toBe(3);
    expect(r.sheets).toEqual([
      { name: '人口信息（旧）', hidden: true, rows: 6, read: false },
      { name: '人口信息', hidden: false, rows: 4, read: true },
    ]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings![0]).toContain('隐藏工作表「人口信息（旧）」第 1 行也是表头');
  });

  it('reads the sheet the staffer chooses, also through the channel, and names the sheets when the choice does not exist', async () => {
    const path = await writeXlsx(file('two.xlsx'), [
      { name: '东村', rows: rows(2, 1) },
      { name: '西村', rows: rows(4, 10) },
    ]);
    const first = await run(path, { dryRun: true });
    expect(first.sheet).toBe('东村');
    expect(first.warnings!.join()).toContain('「西村」第 1 行也是表头');
    const chosen = await call(t.ctx, 'import.residents.run', { path, sheet: '西村' });
    expect(chosen.ok && chosen.value.sheet).toBe('西村');
    expect(chosen.ok && chosen.value.added).toBe(4);
    expect(chosen.ok && chosen.value.warnings!.join()).toContain('「东村」');
    expect(count('resident')).toBe(4);
    const err = await refusal(run(path, { sheet: '北村' }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain('没有名为「北村」的工作表');
    expect(err.message).toContain('「东村」、「西村」');
  });

  it('reads a hidden sheet when it is the only one with data, and says so', async () => {
    const path = await writeXlsx(file('onlyhidden.xlsx'), [
      { name: '封面', rows: [['城关镇人口台账'], ['2026年']] },
      { name: '数据', hidden: true, rows: rows(2, 1) },
    ]);
    const r = await run(path, { dryRun: true });
    expect(r.sheet).toBe('数据');
    expect(r.warnings!.join()).toContain('读取的是隐藏的工作表「数据」');
  });
});

describe('a sheet cut off mid-file', () => {
  async function fullFile() {
    return writeXlsx(file('full.xlsx'), [{ name: '人口', rows: [['姓名', '公民身份号码'], ...people(2000)] }]);
  }
  const sheetPath = 'xl/worksheets/sheet1.xml';

  it('that still ends its XML properly: fewer rows than its <dimension> is BAD_FILE naming both numbers, and nothing is written', async () => {
    const full = await fullFile();
    const xml = readParts(full).get(sheetPath)!;
    expect(xml).toContain('<dimension ref="A1:B2001"/>');
    const cut = xml.slice(0, xml.indexOf('<row r="1212"')) + '</sheetData></worksheet>';
    const path = rewriteXlsx(full, file('cut.xlsx'), { [sheetPath]: cut });
    const err = await refusal(run(path, { skipInvalid: true }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain('工作表「人口」不完整');
    expect(err.message).toContain('范围到第 2001 行（A1:B2001），实际只读到第 1211 行，缺少第 1212–2001 行共 790 行');
    expect(count('resident')).toBe(0);
    const preview = await refusal(run(path, { dryRun: true }));
    expect(preview.code).toBe('BAD_FILE');
  });

  it('that stops in the middle of a row: BAD_FILE, not a short import', async () => {
    const full = await fullFile();
    const xml = readParts(full).get(sheetPath)!;
    const path = rewriteXlsx(full, file('stopped.xlsx'), { [sheetPath]: xml.slice(0, xml.indexOf('<row r="1212"') + 30) });
    const err = await refusal(run(path));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain('不完整');
    expect(err.message).toContain('实际只读到第 1211 行');
    expect(count('resident')).toBe(0);
  });

  it('the untouched file imports all 2,000, the count shown before import is exact', async () => {
    const full = await fullFile();
    const preview = await run(full, { dryRun: true });
    expect(preview.totalRows).toBe(2000);
    expect(preview.added).toBe(2000);
  });
});

describe('parts that inflate far beyond their size (zip bombs)', () => {
  async function base() {
    return writeXlsx(file('base.xlsx'), [{ name: '人口', rows: [['姓名', '公民身份号码'], ...people(3)] }]);
  }

  it('shared strings of 100 MB from a file of kilobytes, stated as 1 KB: refused while inflating', async () => {
    const path = await base();
    const strings = readParts(path).get('xl/sharedStrings.xml')!;
    const head = strings.slice(0, strings.indexOf('<si>'));
    const bomb = await repeatedPart('xl/sharedStrings.xml', head, '<si><t>甲乙丙丁</t></si>', 100 * 1024 * 1024 / 24, '</sst>', 1024);
    expect(bomb.compressed.length).toBeLessThan(1024 * 1024);
    const target = rewriteXlsx(path, file('bomb.xlsx'), { 'xl/sharedStrings.xml': bomb });
    const err = await refusal(run(target, { dryRun: true }));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain('「xl/sharedStrings.xml」压缩时只有');
    expect(err.message).toContain('压缩炸弹');
    expect(count('resident')).toBe(0);
  });

  it('a sheet that inflates to 200 MB of nothing: refused', async () => {
    const path = await base();
    const xml = readParts(path).get('xl/worksheets/sheet1.xml')!;
    const at = xml.indexOf('</sheetData>');
    const bomb = await repeatedPart('xl/worksheets/sheet1.xml', xml.slice(0, at), '          ', 20 * 1024 * 1024, xml.slice(at));
    const err = await refusal(run(rewriteXlsx(path, file('sheetbomb.xlsx'), { 'xl/worksheets/sheet1.xml': bomb })));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain('「xl/worksheets/sheet1.xml」压缩时只有');
  });

  it('a workbook.xml of 32 MB: refused by the first look at the file', async () => {
    const path = await base();
    const wb = readParts(path).get('xl/workbook.xml')!;
    const at = wb.indexOf('<sheets>');
    const bomb = await repeatedPart('xl/workbook.xml', wb.slice(0, at), ' ', 32 * 1024 * 1024, wb.slice(at), 4096);
    const err = await refusal(run(rewriteXlsx(path, file('wbbomb.xlsx'), { 'xl/workbook.xml': bomb })));
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain('「xl/workbook.xml」压缩时只有');
  });

  it('the zip writer itself makes files the import reads (the tests above test the bound, not the writer)', async () => {
    const path = await base();
    const parts = readParts(path);
    const copy = writeZip(file('copy.xlsx'), [...parts].map(([name, text]) => textPart(name, text)));
    expect((await run(copy, { dryRun: true })).totalRows).toBe(3);
  });
});

describe('a code typed exactly as its own label', () => {
  it('「双相（情感）障碍」 and 「持久的妄想性障碍（偏执性精神病）」 are their codes', () => {
    expect(resolveCode(codes.diagnosisTable, '双相（情感）障碍')).toBe('04');
    expect(resolveCode(codes.diagnosisTable, '持久的妄想性障碍（偏执性精神病）')).toBe('03');
    expect(resolveCode(codes.diagnosisTable, '持久的妄想性障碍(偏执性精神病)')).toBe('03');
    expect(resolveCode(codes.diagnosisTable, '双相 (情感) 障碍')).toBe('04');
    expect(resolveCode(codes.diagnosisTable, '双相（感情）障碍')).toBeNull();
  });

  it('every label, alias and code of every code table finds its own code', () => {
    const tables = Object.values(codes).filter((v): v is CodeTable => typeof v === 'object' && v !== null && 'entries' in v && 'key' in v);
    expect(tables.length).toBeGreaterThan(20);
    for (const table of tables) {
      for (const e of table.entries) {
        for (const text of [e.code, e.label, ...(e.aliases ?? [])]) {
          const found = resolveCode(table, text);
          // An alias may name another entry's code on purpose only if it is that code; none does today.
          expect(found, `${table.name}: 「${text}」`).toBe(e.code);
        }
      }
    }
  });
});
