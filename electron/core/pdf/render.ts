// Every PDF the core writes goes through here: pdfmake 0.3 with the fonts in its own virtual file system (it never
// reads the disk or the network itself), embedded as subsets, and written through the safe-output guard.
// Documents name logical families, not font files: `Body` (正文), `Title` (标题), so a later setting can map them
// to the PC's 仿宋 / 方正小标宋 without touching any document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pdfmake from 'pdfmake';
import { writeOutputFile, type OutputGuard } from '../files/safeOutput';
import { FONT_FILES, fontsDir } from './fonts';

export const PDF_FONT = { body: 'Body', title: 'Title' } as const;

let fontsReady = false;
export function ensurePdfFonts(): void {
  if (fontsReady) return;
  const dir = fontsDir();
  for (const file of Object.values(FONT_FILES)) pdfmake.virtualfs.writeFileSync(file, readFileSync(join(dir, file)));
  pdfmake.setFonts({
    [PDF_FONT.body]: { normal: FONT_FILES.normal, bold: FONT_FILES.bold, italics: FONT_FILES.normal, bolditalics: FONT_FILES.bold },
    [PDF_FONT.title]: { normal: FONT_FILES.serif, bold: FONT_FILES.serifBold, italics: FONT_FILES.serif, bolditalics: FONT_FILES.serifBold },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
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
