// Every PDF the core writes goes through here: pdfmake 0.3 reading nothing but the bundled font files (no other
// file, no network), embedded as subsets, and written through the safe-output guard.
// Documents name logical families, not font files: `Body` (正文), `Title` (标题), so a later setting can map them
// to the PC's 仿宋 / 方正小标宋 without touching any document.
import { resolve } from 'node:path';
import pdfmake from 'pdfmake';
import { writeOutputFile, type OutputGuard } from '../files/safeOutput';
import { FONT_FILES, fontsDir } from './fonts';

export const PDF_FONT = { body: 'Body', title: 'Title' } as const;

let fontsReady = false;
export function ensurePdfFonts(): void {
  if (fontsReady) return;
  const dir = fontsDir();
  // The fonts by their path on disk, not in pdfmake's virtual files: text inside an `svg` node (the charts) is set
  // by svg-to-pdfkit, which opens the font by that path itself and bypasses the virtual files. One path for both
  // means one font object, so the chart text and the body share one embedded subset. Only these files may be read.
  const f = Object.fromEntries(Object.entries(FONT_FILES).map(([k, file]) => [k, resolve(dir, file)])) as Record<keyof typeof FONT_FILES, string>;
  const allowed = new Set(Object.values(f));
  pdfmake.setFonts({
    [PDF_FONT.body]: { normal: f.normal, bold: f.bold, italics: f.normal, bolditalics: f.bold },
    [PDF_FONT.title]: { normal: f.serif, bold: f.serifBold, italics: f.serif, bolditalics: f.serifBold },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path: string) => allowed.has(resolve(path)));
  fontsReady = true;
}

/**
 * A document definition as PDF bytes. Pass `info.creationDate` (the generation date) so the same data gives the
 * same bytes — the frozen month's package depends on it.
 */
export async function pdfBuffer(doc: Record<string, unknown>): Promise<Buffer> {
  ensurePdfFonts();
  return pdfmake.createPdf(doc).getBuffer();
}

export async function writePdf(path: string, doc: Record<string, unknown>, guard: OutputGuard): Promise<void> {
  const buffer = await pdfBuffer(doc);
  await writeBuffer(path, buffer, guard);
}

export async function writeBuffer(path: string, buffer: Buffer, guard: OutputGuard): Promise<void> {
  await writeOutputFile(path, guard, async (out) => {
    await new Promise<void>((resolve, reject) => out.end(buffer, (err?: Error | null) => (err ? reject(err) : resolve())));
  });
}
