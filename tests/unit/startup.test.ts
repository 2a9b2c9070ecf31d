// The app's main process and every job's worker import dispatch (and so every domain) at start. The heavy
// document and geometry libraries load on first use instead (xlsx/excel.ts, pdf/render.ts): exceljs alone costs most of a
// second of every job's start. A plain `import ExcelJS from 'exceljs'` in any core module fails this.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The packages loaded (imported or required) once `modules` are imported, in a fresh Node process. */
function packagesLoadedBy(modules: string[]): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = new Set();
    registerHooks({
      resolve(specifier, context, next) {
        const r = next(specifier, context);
        // A URL: forward slashes on every system.
        const m = new RegExp('node_modules/((?:@[^/]+/)?[^/]+)').exec(decodeURIComponent(r.url));
        if (m) loaded.add(m[1]);
        return r;
      },
    });
    for (const m of ${JSON.stringify(modules)}) await import(m);
    console.log(JSON.stringify([...loaded]));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as string[];
}

describe('start-up', () => {
  it('dispatch loads without exceljs, pdfmake or turf; a workbook loads exceljs when it is made', () => {
    const dispatch = join(root, 'electron', 'core', 'dispatch.ts');
    const atStart = packagesLoadedBy([dispatch]);
    // The check sees what start-up does load: the SQLite addon, for one.
    expect(atStart).toContain('better-sqlite3-multiple-ciphers');
    expect(atStart).not.toContain('exceljs');
    expect(atStart).not.toContain('pdfmake');
    expect(atStart).not.toContain('@turf/turf');
    // nor the libraries of letters, boundary files, tile files and photos (lazyModule.ts)
    for (const lib of ['docx', 'shpjs', 'pmtiles', '@xmldom/xmldom', '@tmcw/togeojson', 'pngjs', 'jpeg-js']) expect(atStart, lib).not.toContain(lib);
    const excel = join(root, 'electron', 'core', 'xlsx', 'excel.ts');
    const withWorkbook = packagesLoadedBy([dispatch, `data:text/javascript,import { excel } from ${JSON.stringify('file://' + excel)}; new (excel().Workbook)();`]);
    expect(withWorkbook).toContain('exceljs');
    // and each loads where its work begins
    const lazy = join(root, 'electron', 'core', 'lazyModule.ts');
    const withLetter = packagesLoadedBy([dispatch, `data:text/javascript,import { lazyModule } from ${JSON.stringify('file://' + lazy)}; lazyModule('docx')().Packer;`]);
    expect(withLetter).toContain('docx');
  });
});
