// `import residents FILE --db DB [--dry-run] [--skip-invalid] [--json]` through the real CLI runner.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedger } from '../../electron/core/db/open';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';
import { makeId, seedGrids, withBadCheckDigit, writeXlsx } from '../helpers/xlsxFixtures';

let dir: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'town.db');
  const ledger = openLedger(db);
  seedGrids(ledger.sqlite);
  ledger.close();
});
afterEach(() => cleanup());

const residents = () => {
  const raw = new Database(db, { readonly: true });
  try {
    return raw.prepare('select count(*) from resident').pluck().get() as number;
  } finally {
    raw.close();
  }
};

async function fileWithProblems() {
  return writeXlsx(join(dir, '人口.xlsx'), [{ name: '人口', rows: [
    ['东村人口'],
    ['姓名', '公民身份号码', '民族', '网格编码'],
    ['甲', makeId('19800101', 11), '汉族', '320121100201001'],
    ['乙', withBadCheckDigit(makeId('19800102', 13)), '汉族', '320121100201001'],
    ['丙', makeId('19800103', 15), '火星族', '320121100201001'],
    ['丁', makeId('19800104', 17), '01', '320121100209999'],
    ['戊', makeId('19800105', 19), '02', null],
  ] }]);
}

describe('cli import residents', () => {
  it('--dry-run prints { added, updated, skipped, problems } with sheet, row, column, field, message and writes nothing', async () => {
    const path = await fileWithProblems();
    const r = await cli('import', 'residents', path, '--db', db, '--dry-run', '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const body = r.json();
    expect(body).toMatchObject({ added: 2, updated: 0, skipped: 3, dryRun: true });
    expect(body.problems).toEqual([
      { sheet: '人口', row: 4, column: 'B（公民身份号码）', field: '公民身份号码', message: expect.stringContaining('校验位错误') },
      { sheet: '人口', row: 5, column: 'C（民族）', field: '民族', message: expect.stringContaining('民族「火星族」不在代码表中') },
      { sheet: '人口', row: 6, column: 'D（网格编码）', field: '网格编码', message: expect.stringContaining('不存在') },
    ]);
    expect(r.stderr).toContain('导入：读取并检查');
    expect(residents()).toBe(0);
  });

  it('without --skip-invalid: exit 1, the problems still listed, nothing written', async () => {
    const path = await fileWithProblems();
    const r = await cli('import', 'residents', path, '--db', db, '--json');
    expect(r.code).toBe(1);
    const body = r.json();
    expect(body.ok).toBe(false);
    expect(body.error).toMatchObject({ code: 'VALIDATION', added: 0, updated: 0, skipped: 5 });
    // The report's counts and problems are also at the top level, as for a dry run.
    expect(body).toMatchObject({ added: 0, updated: 0, skipped: 5, dryRun: false });
    expect(body.problems).toHaveLength(3);
    expect(body.error.message).toContain('没有导入任何数据');
    expect(body.error.problems.map((p: { row: number; column: string }) => `${p.row} ${p.column}`)).toEqual(['4 B（公民身份号码）', '5 C（民族）', '6 D（网格编码）']);
    expect(residents()).toBe(0);
    // Without --json the problems go to stderr, one per line with row and column.
    const text = await cli('import', 'residents', path, '--db', db);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('工作表「人口」 第5行 C（民族）列：民族「火星族」不在代码表中');
  });

  it('with --skip-invalid: imports the good rows and reports the rest', async () => {
    const path = await fileWithProblems();
    const r = await cli('import', 'residents', path, '--db', db, '--skip-invalid', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ added: 2, updated: 0, skipped: 3, dryRun: false });
    expect(r.json().problems).toHaveLength(3);
    expect(residents()).toBe(2);
    // The same file again: the two are now updates.
    const again = await cli('import', 'residents', path, '--db', db, '--skip-invalid');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('已新增 0 人，已更新 2 人');
    expect(again.stdout).toContain('第5行 C（民族）');
  });

  it('a bad file exits 1 with BAD_FILE; bad arguments exit 2 with usage', async () => {
    writeFileSync(join(dir, 'a.xlsx'), 'name,id\n');
    const bad = await cli('import', 'residents', join(dir, 'a.xlsx'), '--db', db, '--json');
    expect(bad.code).toBe(1);
    expect(bad.json().error.code).toBe('BAD_FILE');
    expect(bad.json().error.message).toContain('另存为');

    const noFile = await cli('import', 'residents', '--db', db);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('请给出要导入的 Excel 文件');
    const wrongKind = await cli('import', 'cats', 'x.xlsx', '--db', db);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('不认识的导入类型「cats」');
    const noDb = await cli('import', 'residents', 'x.xlsx');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('--db');
  });

  it('--sheet reads the sheet named, the report says which was read and warns of the other', async () => {
    const path = await writeXlsx(join(dir, '两村.xlsx'), [
      { name: '东村', rows: [['姓名', '公民身份号码'], ['甲', makeId('19800101', 11)]] },
      { name: '西村', rows: [['姓名', '公民身份号码'], ['乙', makeId('19800102', 13)], ['丙', makeId('19800103', 15)]] },
    ]);
    const first = await cli('import', 'residents', path, '--db', db, '--dry-run');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('工作表「东村」共 1 行');
    expect(first.stdout).toContain('提示：文件中的工作表「西村」第 1 行也是表头');
    const chosen = await cli('import', 'residents', path, '--db', db, '--sheet', '西村', '--json');
    expect(chosen.code).toBe(0);
    expect(chosen.json()).toMatchObject({ sheet: '西村', added: 2, sheets: [{ name: '东村', read: false }, { name: '西村', read: true }] });
    expect(residents()).toBe(2);
    const missing = await cli('import', 'residents', path, '--db', db, '--sheet', '北村', '--json');
    expect(missing.code).toBe(1);
    expect(missing.json().error).toMatchObject({ code: 'BAD_FILE', message: expect.stringContaining('没有名为「北村」的工作表') });
  });

  it('import template writes the template, which a dry run then reads as header only', async () => {
    const path = join(dir, 'tpl.xlsx');
    const r = await cli('import', 'template', path, '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ path });
    const dry = await cli('import', 'residents', path, '--db', db, '--dry-run', '--json');
    expect(dry.code).toBe(1);
    expect(dry.json().error).toMatchObject({ code: 'BAD_FILE', message: expect.stringContaining('只有表头') });
  });
});
