// The CLI's search and population export, in-process through the same runner as `npm run cli`.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_USER } from '../../electron/core/context';
import { openLedger } from '../../electron/core/db/open';
import { call } from '../../electron/core/dispatch';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';
import { expectOk, makeId, seedTown, type Town } from '../helpers/peopleFixtures';

let dir: string;
let cleanup: () => void;
let db: string;
let town: Town;
const ZS = makeId('19800315', '011');

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'town.db');
  const ledger = openLedger(db);
  const ctx = { ledger, caller: LOCAL_USER, today: () => '2026-11-23' };
  try {
    town = seedTown(ctx);
    const h = expectOk(await call(ctx, 'household.create', { gridId: town.grid1 }));
    expectOk(await call(ctx, 'person.create', { idNumber: ZS, name: '张三', householdId: h.id, relation: '02', phone: '13812345678' }));
    expectOk(await call(ctx, 'person.create', { idNumber: makeId('19920704', '022'), name: '张珊', householdId: h.id, relation: '12' }));
    expectOk(await call(ctx, 'person.create', { idNumber: makeId('19750101', '033'), name: '赵四', gridId: town.grid3 }));
  } finally {
    ledger.close();
  }
});
afterEach(() => cleanup());

describe('cli search', () => {
  it('prints { total, rows } as one JSON object', async () => {
    const r = await cli('search', 'zs', '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const body = r.json();
    expect(body.total).toBe(3);
    expect(body.rows.map((p: { name: string }) => p.name).sort()).toEqual(['张三', '张珊', '赵四'].sort());
    expect(body.rows.find((p: { name: string }) => p.name === '张三')).toMatchObject({ idNumber: ZS, gridName: '东村一网格' });
  });

  it('filters by village and grid and limits the rows, keeping the total', async () => {
    expect((await cli('search', 'zs', '--db', db, '--village', String(town.westVillage), '--json')).json().rows.map((p: { name: string }) => p.name)).toEqual(['赵四']);
    expect((await cli('search', '张', '--db', db, '--grid', String(town.grid3), '--json')).json().total).toBe(0);
    const limited = (await cli('search', 'zs', '--db', db, '--limit', '1', '--json')).json();
    expect(limited.total).toBe(3);
    expect(limited.rows).toHaveLength(1);
    expect((await cli('search', ZS.slice(-6), '--db', db, '--json')).json().rows[0].name).toBe('张三');
  });

  it('prints a readable list without --json', async () => {
    const r = await cli('search', '张三', '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('共 1 人');
    expect(r.stdout).toContain(ZS);
  });

  it('exits 2 with a Chinese message on bad arguments', async () => {
    const noQuery = await cli('search', '--db', db, '--json');
    expect(noQuery.code).toBe(2);
    expect(noQuery.json().error.message).toContain('查找的内容');
    const badLimit = await cli('search', 'zs', '--db', db, '--limit', 'abc', '--json');
    expect(badLimit.code).toBe(2);
    expect(badLimit.json().error.message).toContain('--limit');
    expect((await cli('search', 'zs', '--db', db, '--limit', '0')).code).toBe(2);
    expect((await cli('search', 'zs', '--db', db, '--village', 'east')).code).toBe(2);
    const tag = await cli('search', 'zs', '--db', db, '--tag', '富裕户', '--json');
    expect(tag.code).toBe(2);
    expect(tag.json().error.message).toContain('富裕户');
    expect((await cli('search', 'zs', 'ls', '--db', db)).code).toBe(2);
    const noDb = await cli('search', 'zs');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('--db');
  });
});

describe('cli export population', () => {
  it('writes the xlsx and reports rows as JSON', async () => {
    const out = join(dir, 'pop.xlsx');
    const r = await cli('export', 'population', '--db', db, '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ path: out, rows: 3 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('实有人口')!;
    const header = (ws.getRow(3).values as unknown[]).map(String);
    const idCol = header.indexOf('公民身份号码');
    expect(idCol).toBeGreaterThan(0);
    const ids = [4, 5, 6].map((n) => ws.getRow(n).getCell(idCol).value);
    expect(ids).toContain(ZS);
    const west = join(dir, 'west.xlsx');
    expect((await cli('export', 'population', '--db', db, '--out', west, '--village', String(town.westVillage), '--json')).json().rows).toBe(1);
  });

  it('exits 2 on a wrong subject, a missing --out or a non-xlsx name', async () => {
    const what = await cli('export', 'people', '--db', db, '--out', join(dir, 'x.xlsx'), '--json');
    expect(what.code).toBe(2);
    expect(what.json().error.message).toContain('population');
    expect((await cli('export', '--db', db, '--out', join(dir, 'x.xlsx'))).code).toBe(2);
    const noOut = await cli('export', 'population', '--db', db, '--json');
    expect(noOut.code).toBe(2);
    expect(noOut.json().error.message).toContain('--out');
    expect((await cli('export', 'population', '--db', db, '--out', join(dir, 'x.csv'))).code).toBe(2);
  });

  it('exits 1 when the file cannot be written', async () => {
    const r = await cli('export', 'population', '--db', db, '--out', join(db, 'inside-a-file.xlsx'), '--json');
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe('VALIDATION');
  });
});
