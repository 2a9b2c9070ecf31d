// The residents import writes each good row as it reads it, inside one transaction (issue 7: the job
// holds no more of the file than the reader does). What that must not change: a row taken back when
// its ID turns up again leaves no trace (an added person gone with the household only it made, an
// updated person as stored before), a household whose grid comes from a later member gives it to the
// earlier ones, and a write arriving in the same process while the import runs is refused, not nested.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/core/dispatch';
import { importResidents } from '../../electron/core/importing';
import { addPerson } from '../helpers/people';
import { openTempLedger, type TempLedger } from '../helpers/tempLedger';
import { makeId, seedGrids, writeXlsx, type Cell } from '../helpers/xlsxFixtures';

let t: TempLedger;
beforeEach(() => {
  t = openTempLedger();
  seedGrids(t.ctx.ledger.sqlite);
});
afterEach(() => t.close());

const HEADER = ['姓名', '公民身份号码', '户号', '现住址', '户标签', '网格编码', '职业'];
const G1 = '320121100201001';
const G2 = '320121100201002';
const sqlite = () => t.ctx.ledger.sqlite;
const count = (table: string) => sqlite().prepare(`select count(*) from ${table}`).pluck().get() as number;
const file = (rows: Cell[][]) => writeXlsx(join(t.dir, `f${Math.random().toString(36).slice(2)}.xlsx`), [{ name: '人口', rows: [HEADER, ...rows] }]);
const stored = (idNumber: string) => sqlite().prepare('select * from resident where id_number = ?').get(idNumber) as Record<string, unknown> | undefined;

const dup = makeId('19800101', 11);
/** 甲 alone in H-ONLY (with a tag), then 乙, then 丙 with 甲's ID. */
const repeatedIdFile = () =>
  file([
    ['甲', dup, 'H-ONLY', '东村1号', '空巢老人户', G1, ''],
    ['乙', makeId('19800101', 13), 'H-KEEP', '东村2号', '', G1, ''],
    ['丙', dup, 'H-KEEP', '东村2号', '', G1, ''],
  ]);

describe('rows written as they are read', () => {
  it('an added person whose ID turns up again later is taken back, with the household and tag only that row made', async () => {
    const report = await importResidents(t.ctx, await repeatedIdFile(), { dryRun: false, skipInvalid: true });
    expect(report).toMatchObject({ totalRows: 3, added: 1, updated: 0, skipped: 2, householdsAdded: 1 });
    expect(report.preview.map((p) => p.action)).toEqual(['跳过', '新增', '跳过']);
    expect(stored(dup)).toBeUndefined();
    expect(sqlite().prepare('select number from household').pluck().all()).toEqual(['H-KEEP']);
    expect(count('household_tag')).toBe(0);
    expect(count('resident')).toBe(1);
  });

  it('an updated person whose ID turns up again later is left exactly as stored, and the other rows go in', async () => {
    const id = makeId('19700505', 21);
    addPerson(t.ctx, { idNumber: id, name: '原名', occupation: '教师', currentAddress: '原地址', phone: '13800000000' });
    const other = makeId('19700505', 25);
    addPerson(t.ctx, { idNumber: other, name: '老住户', occupation: '教师' });
    const before = stored(id);
    const path = await file([
      ['新名', id, '', '新地址', '', G2, '农民'],
      ['另一个', makeId('19700505', 23), '', '', '', G1, ''],
      ['老住户', other, '', '', '', G1, '退休'],
      ['又一个', id, '', '', '', G1, ''],
    ]);
    const report = await importResidents(t.ctx, path, { dryRun: false, skipInvalid: true });
    expect(report).toMatchObject({ added: 1, updated: 1, skipped: 2 });
    // Read twice (the second time with that ID left alone), yet each problem is named once.
    expect(report.problems.map((p) => p.row)).toEqual([2, 5]);
    expect(stored(id)).toEqual(before);
    expect(stored(other)).toMatchObject({ occupation: '退休' });
    // The search index follows the row back too: the old name finds them, the new one does not.
    const found = async (q: string) => {
      const r = await call(t.ctx, 'person.search', { query: q });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.rows.map((p) => p.name);
    };
    expect(await found('原名')).toEqual(['原名']);
    expect(await found('新名')).toEqual([]);
  });

  it('a dry run counts a taken-back row the same way, and writes nothing', async () => {
    const report = await importResidents(t.ctx, await repeatedIdFile(), { dryRun: true, skipInvalid: true });
    expect(report).toMatchObject({ added: 1, updated: 0, skipped: 2, householdsAdded: 1 });
    expect(count('resident') + count('household')).toBe(0);
  });

  it('a household that gets its grid from a later member gives it to the members before', async () => {
    const path = await file([
      ['户主', makeId('19600101', 31), 'H1', '东村3号', '', '', ''],
      ['配偶', makeId('19620101', 32), 'H1', '', '', G2, ''],
      ['子女', makeId('19900101', 33), 'H1', '', '', '', ''],
    ]);
    const report = await importResidents(t.ctx, path, { dryRun: false, skipInvalid: false });
    expect(report).toMatchObject({ added: 3, householdsAdded: 1 });
    const grids = sqlite().prepare('select g.code from resident r left join grid g on g.id = r.grid_id order by r.id').pluck().all();
    expect(grids).toEqual([G2, G2, G2]);
    expect(sqlite().prepare('select g.code from household h join grid g on g.id = h.grid_id').pluck().get()).toBe(G2);
    expect(sqlite().prepare('select address from household').pluck().get()).toBe('东村3号');
  });

  it('a refused file leaves the database as it was, though its good rows were written on the way', async () => {
    const path = await file([
      ['好', makeId('19800101', 41), 'H1', '', '', G1, ''],
      ['坏', makeId('19800101', 43), 'H2', '', '', '999999999999999', ''],
      ['也好', makeId('19800101', 45), 'H3', '', '', G1, ''],
    ]);
    await expect(importResidents(t.ctx, path, { dryRun: false, skipInvalid: false })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(count('resident') + count('household')).toBe(0);
    expect(sqlite().inTransaction).toBe(false);
  });

  it('a write in the same process while the import runs is refused, and the import keeps all it wrote', async () => {
    const rows: Cell[][] = Array.from({ length: 3000 }, (_, i) => [`人${i}`, makeId(`${1950 + Math.floor(i / 400)}0101`, (i % 400) * 2 + 1), `H${i}`, '', '', G1, '']);
    const path = await file(rows);
    let during: Awaited<ReturnType<typeof call<'household.create'>>> | null = null;
    const pending: Promise<void>[] = [];
    const ctx = {
      ...t.ctx,
      progress: () => {
        if (!pending.length) pending.push(call(t.ctx, 'household.create', { number: 'X-DURING', gridId: null, address: '', tags: [] }).then((r) => void (during = r)));
      },
    };
    const report = await importResidents(ctx, path, { dryRun: false, skipInvalid: false });
    await Promise.all(pending);
    expect(during).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(report.added).toBe(3000);
    expect(count('resident')).toBe(3000);
    expect(sqlite().prepare("select count(*) from household where number = 'X-DURING'").pluck().get()).toBe(0);
    // Once it is done, the same write goes through.
    expect((await call(t.ctx, 'household.create', { number: 'X-AFTER', gridId: null, address: '', tags: [] })).ok).toBe(true);
  });
});
