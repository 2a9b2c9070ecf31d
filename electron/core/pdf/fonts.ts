// Finds the bundled OFL fonts (resources/fonts, copied at install by scripts/copy-fonts.mjs) for the PDFs:
// LEDGER_FONTS_DIR when set, the packaged app's resources folder (electron-builder's extraResources → fonts/), then
// resources/fonts above this file (dev, tests, the built out/main) or the working folder.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
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

// ───── The PC's own fonts (the 'system' font setting) ─────

/** A font file of the PC: a path and, inside a .ttc collection, the face's PostScript name. */
export interface SystemFontFile {
  path: string;
  face?: string;
  /** As staff know it. */
  label: string;
}

/** What each logical family looks for, best first (file names compared without case). */
export const SYSTEM_FONT_CANDIDATES = {
  body: [
    { file: 'simfang.ttf', label: '仿宋' },
    { file: 'fangsong_gb2312.ttf', label: '仿宋_GB2312' },
    { file: 'fzfsjw.ttf', label: '方正仿宋简体' },
    // 宋体 when the PC has no 仿宋; pdfmake reads a face of a .ttc by its PostScript name.
    { file: 'simsun.ttc', face: 'SimSun', label: '宋体' },
  ],
  title: [
    { file: 'fzxbsjw.ttf', label: '方正小标宋简体' },
    { file: 'fzxbsjw--gb1-0.ttf', label: '方正小标宋简体' },
    { file: '方正小标宋简体.ttf', label: '方正小标宋简体' },
    { file: 'fzxbsk.ttf', label: '方正小标宋_GBK' },
  ],
} as const satisfies Record<string, readonly { file: string; face?: string; label: string }[]>;

/**
 * Where the PC keeps its fonts: LEDGER_SYSTEM_FONTS_DIR (folders separated by the path delimiter; tests and
 * unusual installs), else the Windows Fonts folders, else the usual Linux ones.
 */
export function systemFontDirs(): string[] {
  const override = process.env.LEDGER_SYSTEM_FONTS_DIR;
  if (override) return override.split(delimiter).filter(Boolean);
  if (process.platform === 'win32') {
    const out = [join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts')];
    if (process.env.LOCALAPPDATA) out.push(join(process.env.LOCALAPPDATA, 'Microsoft', 'Windows', 'Fonts'));
    return out;
  }
  return [join(homedir(), '.fonts'), join(homedir(), '.local', 'share', 'fonts'), '/usr/share/fonts'];
}

/** Every file under the folders by its lower-case name (two levels deep: Linux sorts fonts into folders). */
function fontFilesIn(dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, e.name);
      if (e.isDirectory() && depth < 3) walk(path, depth + 1);
      else if (e.isFile() && !out.has(e.name.toLowerCase())) out.set(e.name.toLowerCase(), path);
    }
  };
  for (const d of dirs) walk(d, 0);
  return out;
}

/** The PC's 仿宋 (or 宋体) for Body and 方正小标宋 for Title, null where the PC has none. */
export function findSystemFonts(dirs = systemFontDirs()): { body: SystemFontFile | null; title: SystemFontFile | null } {
  const files = fontFilesIn(dirs);
  const pick = (list: readonly { file: string; face?: string; label: string }[]): SystemFontFile | null => {
    for (const c of list) {
      const path = files.get(c.file.toLowerCase());
      if (path) return c.face ? { path, face: c.face, label: c.label } : { path, label: c.label };
    }
    return null;
  };
  return { body: pick(SYSTEM_FONT_CANDIDATES.body), title: pick(SYSTEM_FONT_CANDIDATES.title) };
}
