// Finds the bundled OFL fonts (resources/fonts, copied at install by scripts/copy-fonts.mjs) for the PDFs:
// LEDGER_FONTS_DIR when set, the packaged app's resources folder (electron-builder's extraResources → fonts/), then
// resources/fonts above this file (dev, tests, the built out/main) or the working folder.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors';

/** Noto Sans SC for text and tables, Noto Serif SC for titles. */
export const FONT_FILES = {
  normal: 'NotoSansSC-Regular.ttf',
  bold: 'NotoSansSC-Bold.ttf',
  serif: 'NotoSerifSC-Regular.ttf',
  serifBold: 'NotoSerifSC-Bold.ttf',
} as const;

function candidates(): string[] {
  const out: string[] = [];
  if (process.env.LEDGER_FONTS_DIR) out.push(process.env.LEDGER_FONTS_DIR);
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(join(resourcesPath, 'fonts'));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    out.push(join(dir, 'resources', 'fonts'));
    // Packaged: …/resources/app.asar/out/main/jobWorker.js, the fonts in …/resources/fonts.
    if (basename(dir) === 'resources') out.push(join(dir, 'fonts'));
    dir = dirname(dir);
  }
  out.push(join(process.cwd(), 'resources', 'fonts'));
  return out;
}

/** The folder holding every bundled font; a clear message when the install lost them. */
export function fontsDir(): string {
  const files = Object.values(FONT_FILES);
  const found = candidates().find((d) => files.every((f) => existsSync(join(d, f))));
  if (!found) throw new AppError('INTERNAL', `找不到 PDF 所用的字体文件 ${files.join('、')}（应在程序的 resources/fonts 文件夹中），请重新安装本程序。`);
  return found;
}
