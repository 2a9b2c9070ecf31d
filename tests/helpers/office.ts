// Looking at what we write, as a county office would: LibreOffice converts an xlsx/docx to PDF headless (it must
// convert), poppler renders a page to PNG, and the page must not be blank.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PNG } from 'pngjs';

/** A LibreOffice profile per test process, so parallel test files never share one (it locks). */
const profile = `file://${join(tmpdir(), `lo-profile-${process.pid}`)}`;

/** Converts an office file to PDF in outDir; throws when LibreOffice writes nothing. */
export function officeToPdf(file: string, outDir: string): string {
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, file], { stdio: 'ignore', timeout: 180_000 });
  const pdf = join(outDir, basename(file).replace(/\.[^.]+$/, '.pdf'));
  if (!existsSync(pdf)) throw new Error(`LibreOffice 没有转换出 ${basename(file)} 的 PDF`);
  return pdf;
}

/** The share of non-white pixels of a PDF page rendered at a low resolution (0 = blank). */
export function inkOfPage(pdf: string, page = 1): number {
  const dir = mkdtempSync(join(tmpdir(), 'ink-'));
  try {
    execFileSync('pdftoppm', ['-r', '30', '-png', '-f', String(page), '-l', String(page), '-singlefile', pdf, join(dir, 'p')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'p.png')));
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200 || png.data[i + 1]! < 200 || png.data[i + 2]! < 200) ink++;
    return ink / (png.width * png.height);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
