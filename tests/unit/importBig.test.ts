// A 50,000-row file (written with exceljs's streaming writer): imported whole with progress in
// one pass that reads and writes, and cancelled early, half way and at the end with the database left untouched.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../electron/core/errors';
import { importResidents } from '../../electron/core/importing';
import { addHousehold } from '../helpers/people';
import { openTempLedger, tempDir, type TempLedger } from '../helpers/tempLedger';
import { bigRow, seedGrids, writeBigResidentFile } from '../helpers/xlsxFixtures';

const ROWS = 50_000;
const GRIDS = ['320121100201001', '320121100201002', '320121100202001'];
let shared: { dir: string; cleanup: () => void };
let bigFile: string;

beforeAll(async () => {
  shared = tempDir('import-big-');
  bigFile = join(shared.dir, 'town.xlsx');
  await writeBigResidentFile(bigFile, ROWS, { gridCodes: GRIDS });
});
afterAll(() => shared.cleanup());

let t: TempLedger;
beforeEach(() => {
  t = openTempLedger();
  seedGrids(t.ctx.ledger.sqlite);
});
afterEach(() => t.close());

const count = (table: string) => (t.ctx.ledger.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe(`a ${ROWS.toLocaleString()}-row file`, () => {
  it('imports every row with households, tags and grids, reporting progress as it reads and writes', async () => {
    const events: { done: number; total: number; stage: string }[] = [];
    const report = await importResidents({ ...t.ctx, progress: (done, total, stage) => events.push({ done, total, stage }) }, bigFile, { dryRun: false, skipInvalid: false });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ totalRows: ROWS, added: ROWS, updated: 0, skipped: 0, householdsAdded: Math.ceil(ROWS / 3) });
    expect(report.preview).toHaveLength(200);
    expect(count('resident')).toBe(ROWS);
    expect(count('household')).toBe(Math.ceil(ROWS / 3));
    expect(count('household_tag')).toBe(Math.ceil(ROWS / 3 / 50));

    // Row 12,345 of the data as stored.
    const source = bigRow(12_344, { gridCodes: GRIDS });
    const stored = t.ctx.ledger.sqlite
      .prepare('select r.name, r.phone, r.relation, r.residence_kind as kind, h.number, g.code from resident r join household h on h.id = r.household_id join grid g on g.id = r.grid_id where r.id_number = ?')
      .get(source[1]);
    const relation = { 户主: '02', 10: '10', 子: '20' }[String(source[13])];
    expect(stored).toEqual({ name: source[2], phone: source[9], relation, kind: source[16] === '流动' ? '2' : '1', number: source[12], code: source[15] });
    // Every name and address exactly as written: none split into U+FFFD at a chunk boundary of the zip stream.
    const byId = new Map((t.ctx.ledger.sqlite.prepare('select id_number, name, current_address from resident').raw().all() as string[][]).map((r) => [r[0], r]));
    const wrong: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const r = bigRow(i, { gridCodes: GRIDS });
      const got = byId.get(String(r[1]));
      if (!got || got[1] !== r[2] || got[2] !== r[11]) wrong.push(`${i}: ${got?.[1]} ${got?.[2]}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    const noPinyin = t.ctx.ledger.sqlite.prepare("select count(*) from resident where name_pinyin = '' or name_initials = ''").pluck().get();
    expect(noPinyin).toBe(0);

    const stages = [...new Set(events.map((e) => e.stage))];
    expect(stages).toEqual(['读取并写入']);
    for (const stage of stages) {
      const mine = events.filter((e) => e.stage === stage);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.at(-1)!.done).toBe(mine.at(-1)!.total);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.done).toBeGreaterThanOrEqual(mine[i - 1]!.done);
    }
  });

  it('keeps every Chinese character of a sheet with inline strings (no shared strings) intact', async () => {
    const path = join(shared.dir, 'inline.xlsx');
    const opts = { gridCodes: GRIDS, start: 7, sharedStrings: false };
    await writeBigResidentFile(path, 20_000, opts);
    const report = await importResidents(t.ctx, path, { dryRun: false, skipInvalid: false });
    expect(report).toMatchObject({ added: 20_000, skipped: 0 });
    const rows = t.ctx.ledger.sqlite.prepare('select id_number, name, registered_address from resident').raw().all() as string[][];
    const byId = new Map(rows.map((r) => [r[0], r]));
    let wrong = 0;
    for (let i = 0; i < 20_000; i++) {
      const r = bigRow(i, opts);
      const got = byId.get(String(r[1]));
      if (got?.[1] !== r[2] || got?.[2] !== r[10]) wrong++;
    }
    expect(wrong).toBe(0);
  });

  // The rows are written as they are read, so a cancel at any point — the last report included, when
  // every row is in — must roll all of them back.
  it.each([
    ['early', 0],
    ['half way', 0.5],
    ['after the last row', 1],
  ])('a cancel %s leaves the database untouched', async (_when, fraction) => {
    const controller = new AbortController();
    let seen = 0;
    const ctx = {
      ...t.ctx,
      signal: controller.signal,
      progress: (done: number, total: number) => {
        if (done > 0 && ++seen >= 2 && done >= fraction * total && !controller.signal.aborted) controller.abort();
      },
    };
    const residentsBefore = count('resident');
    let error: unknown;
    try {
      await importResidents(ctx, bigFile, { dryRun: false, skipInvalid: false });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CANCELLED');
    expect((error as AppError).message).toBe('已取消导入，数据库未改动');
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(count('resident')).toBe(residentsBefore);
    expect(count('household')).toBe(0);
    expect(count('household_tag')).toBe(0);
    // The database is still usable: a write outside the import succeeds.
    addHousehold(t.ctx, { number: 'X1', gridId: null, address: '', tags: [] });
    expect(count('household')).toBe(1);
  });
});
