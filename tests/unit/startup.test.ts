// The app's main process and every job's worker import dispatch (and so every domain) at start. The heavy
// document libraries load on first use instead (xlsx/excel.ts, pdf/render.ts): exceljs alone costs most of a
// second of every job's start. A plain `import ExcelJS from 'exceljs'` in any core module fails this.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The CommonJS packages loaded once `modules` are imported, in a fresh Node process. */
function packagesLoadedBy(modules: string[]): string[] {
  const script = `
    import { createRequire } from 'node:module';
    for (const m of ${JSON.stringify(modules)}) await import(m);
    const loaded = new Set();
    for (const key of Object.keys(createRequire(import.meta.url).cache)) {
      const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(key);
      if (m) loaded.add(m[1].replace('\\\\', '/'));
    }
    console.log(JSON.stringify([...loaded]));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as string[];
}

describe('start-up', () => {
  it('dispatch loads without exceljs or pdfmake; a workbook loads exceljs when it is made', () => {
    const dispatch = join(root, 'electron', 'core', 'dispatch.ts');
    const atStart = packagesLoadedBy([dispatch]);
    // The check itself sees CommonJS packages: the SQLite addon is one, loaded at start.
    expect(atStart).toContain('better-sqlite3-multiple-ciphers');
    expect(atStart).not.toContain('exceljs');
    expect(atStart).not.toContain('pdfmake');
    const excel = join(root, 'electron', 'core', 'xlsx', 'excel.ts');
    const withWorkbook = packagesLoadedBy([dispatch, `data:text/javascript,import { excel } from ${JSON.stringify('file://' + excel)}; new (excel().Workbook)();`]);
    expect(withWorkbook).toContain('exceljs');
  });
});
