// Every PDF the core writes goes through here: pdfmake 0.3 reading nothing but the font files it was given (no other
// file, no network), embedded as subsets, and written through the safe-output guard.
// Documents name logical families, not font files: `Body` (正文), `Title` (标题). The PDF font setting (设置, key
// 'pdf.fonts', fontSetting.ts) maps them to the PC's 仿宋 / 方正小标宋 without touching any document: a service that
// writes a PDF calls applyPdfFontSetting(ctx) first (in its worker); without that call the bundled fonts are used.
// Fonts are named by their path on disk, not put in pdfmake's virtual files: text inside an `svg` node (the charts) is
// set by svg-to-pdfkit, which opens the font by that path itself. One path for both means one font object, so chart
// text and body text share one embedded subset. The local-access policy lets pdfmake read exactly those files.
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type PdfMake from 'pdfmake';
import { writeOutputFile, type OutputGuard } from '../files/safeOutput';
import { findSystemFonts, FONT_FILES, fontsDir, type SystemFontFile } from './fonts';

export const PDF_FONT = { body: 'Body', title: 'Title' } as const;

export type PdfFontChoice = 'bundled' | 'system';

/** Which file each logical family uses now (shown in 设置). */
export interface PdfFamilyUse {
  family: string;
  role: string;
  face: string;
  file: string;
  source: 'bundled' | 'system';
  systemFile: string | null;
}

// pdfmake is loaded on first use, so the app and every job's worker start without it (as exceljs, xlsx/excel.ts).
const requireHere = createRequire(import.meta.url);
let loadedPdfmake: typeof PdfMake | undefined;
const pdfmakeModule = () => (loadedPdfmake ??= requireHere('pdfmake') as typeof PdfMake);

let policiesSet = false;
let selected = false;
/** The font files pdfmake may read: the bundled ones and the PC fonts chosen. */
const readable = new Set<string>();
/** PC font files already tried, by path: usable, or why pdfmake could not use it. */
const probed = new Map<string, { ok: true } | { error: string }>();

const bundledPath = (file: string) => resolve(fontsDir(), file);

function allowFonts(): void {
  if (!policiesSet) {
    const pdfmake = pdfmakeModule();
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((path: string) => readable.has(resolve(path)));
    policiesSet = true;
  }
  for (const file of Object.values(FONT_FILES)) readable.add(bundledPath(file));
}

type FontFile = string | [string, string];

function descriptor(file: string, face?: string): FontFile {
  return face ? [file, face] : file;
}

/** Writes one line with a PC font, so a file pdfmake cannot read is found here rather than in a staffer's document. */
async function probeSystemFont(font: SystemFontFile): Promise<{ ok: true } | { error: string }> {
  const known = probed.get(font.path);
  if (known) return known;
  let result: { ok: true } | { error: string };
  const path = resolve(font.path);
  readable.add(path);
  try {
    const d = descriptor(path, font.face);
    const pdfmake = pdfmakeModule();
    pdfmake.setFonts({ Probe: { normal: d, bold: d, italics: d, bolditalics: d } });
    await pdfmake.createPdf({ content: [{ text: '字体测试 2026', font: 'Probe' }], defaultStyle: { font: 'Probe' } }).getBuffer();
    result = { ok: true };
  } catch (err) {
    readable.delete(path);
    result = { error: (err as Error)?.message ?? String(err) };
  }
  probed.set(font.path, result);
  return result;
}

const BUNDLED = {
  body: { normal: FONT_FILES.normal, bold: FONT_FILES.bold, face: '思源黑体 Noto Sans SC（内置）' },
  title: { normal: FONT_FILES.serif, bold: FONT_FILES.serifBold, face: '思源宋体 Noto Serif SC（内置）' },
} as const;
const FAMILIES = [
  { key: 'body' as const, family: PDF_FONT.body, role: '正文', wanted: '仿宋 simfang.ttf 或宋体 simsun.ttc' },
  { key: 'title' as const, family: PDF_FONT.title, role: '标题', wanted: '方正小标宋 FZXBSJW.TTF' },
];

interface Plan {
  uses: PdfFamilyUse[];
  notes: string[];
  map: Record<string, { normal: FontFile; bold: FontFile; italics: FontFile; bolditalics: FontFile }>;
}

/**
 * What each logical family uses for a choice: with 'system' the PC's 仿宋 (宋体 when it has no 仿宋) for Body and
 * 方正小标宋 for Title where found — each family keeps its bundled font where the PC has none, or where a file
 * was already tried and pdfmake could not read it. Synchronous, so a settings write can show it.
 */
export function planPdfFonts(choice: PdfFontChoice): Plan {
  const found = findSystemFonts();
  const uses: PdfFamilyUse[] = [];
  const notes: string[] = [];
  const map: Plan['map'] = {};
  for (const f of FAMILIES) {
    const system = found[f.key];
    const b = BUNDLED[f.key];
    let use: PdfFamilyUse = { family: f.family, role: f.role, face: b.face, file: join(fontsDir(), b.normal), source: 'bundled', systemFile: system?.path ?? null };
    map[f.family] = { normal: bundledPath(b.normal), bold: bundledPath(b.bold), italics: bundledPath(b.normal), bolditalics: bundledPath(b.bold) };
    if (choice === 'system') {
      const probe = system ? probed.get(system.path) : undefined;
      if (!system) notes.push(`本机没有找到${f.role}字体（${f.wanted}），${f.role}用内置字体。`);
      else if (probe && 'error' in probe) notes.push(`本机的${system.label}（${system.path}）无法用于 PDF（${probe.error}），${f.role}改用内置字体。`);
      else {
        use = { ...use, face: system.label, file: system.path, source: 'system' };
        const d = descriptor(resolve(system.path), system.face);
        // The PC's 仿宋 and 小标宋 come in one weight; bold text uses the same face.
        map[f.family] = { normal: d, bold: d, italics: d, bolditalics: d };
      }
    }
    uses.push(use);
  }
  return { uses, notes, map };
}

/** Maps the logical families for the choice (planPdfFonts), first trying each PC font file it would use. */
export async function selectPdfFonts(choice: PdfFontChoice): Promise<{ uses: PdfFamilyUse[]; notes: string[] }> {
  allowFonts();
  if (choice === 'system') {
    const found = findSystemFonts();
    for (const f of FAMILIES) {
      const system = found[f.key];
      if (system) await probeSystemFont(system);
    }
  }
  const plan = planPdfFonts(choice);
  const pdfmake = pdfmakeModule();
  pdfmake.setFonts(plan.map);
  selected = true;
  return { uses: plan.uses, notes: plan.notes };
}

/** The bundled fonts unless a font setting was selected for this process. */
export async function ensurePdfFonts(): Promise<void> {
  if (!selected) await selectPdfFonts('bundled');
}

/**
 * A document definition as PDF bytes. Pass `info.creationDate` (the generation date) so the same data gives the
 * same bytes — the frozen month's package depends on it.
 */
export async function pdfBuffer(doc: Record<string, unknown>): Promise<Buffer> {
  await ensurePdfFonts();
  return pdfmakeModule().createPdf(doc).getBuffer();
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
