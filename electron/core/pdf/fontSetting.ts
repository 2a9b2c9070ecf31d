// The PDF font setting (设置 → PDF 字体, setting key 'pdf.fonts'): 'bundled' (the OFL fonts shipped with the app,
// the default) or 'system' (the PC's 仿宋 / 方正小标宋 where found). Every service that writes a PDF calls
// applyPdfFontSetting(ctx) first, so the worker that runs the job maps Body/Title as the town chose.
import { eq } from 'drizzle-orm';
import { PDF_FONT_SETTINGS, type PdfFontSetting, type PdfFontsView } from '../../../shared/contract/letters';
import type { ServiceContext } from '../context';
import { setting } from '../db/schema';
import { systemFontDirs } from './fonts';
import { planPdfFonts, selectPdfFonts } from './render';

export const PDF_FONTS_KEY = 'pdf.fonts';

export function pdfFontSetting(ctx: ServiceContext): PdfFontSetting {
  const stored = ctx.ledger.db.select({ value: setting.value }).from(setting).where(eq(setting.key, PDF_FONTS_KEY)).get();
  if (!stored) return 'bundled';
  try {
    const value: unknown = JSON.parse(stored.value);
    // A value this version does not know (a newer app's) means the default, not an error in every PDF.
    return (PDF_FONT_SETTINGS as readonly unknown[]).includes(value) ? (value as PdfFontSetting) : 'bundled';
  } catch {
    return 'bundled';
  }
}

/** Maps the logical families as the town chose; returns what each uses now. */
export async function applyPdfFontSetting(ctx: ServiceContext): Promise<PdfFontsView> {
  const choice = pdfFontSetting(ctx);
  const { uses, notes } = await selectPdfFonts(choice);
  return { setting: choice, searched: systemFontDirs(), families: uses, notes };
}

/** Saves the choice (a write, so synchronous: the view is the plan; a PC font pdfmake cannot read shows at the next PDF). */
export function setPdfFontSetting(ctx: ServiceContext, choice: PdfFontSetting): PdfFontsView {
  const value = JSON.stringify(choice);
  const updatedAt = new Date().toISOString();
  ctx.ledger.db.insert(setting).values({ key: PDF_FONTS_KEY, value, updatedAt }).onConflictDoUpdate({ target: setting.key, set: { value, updatedAt } }).run();
  const { uses, notes } = planPdfFonts(choice);
  return { setting: choice, searched: systemFontDirs(), families: uses, notes };
}
