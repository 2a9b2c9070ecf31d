// Copies the font weights the PDFs embed into resources/fonts, so the packaged app ships four TTFs rather than
// the whole font packages: Noto Sans SC for text and tables, Noto Serif SC for the titles of reports and letters.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const target = join(root, 'resources', 'fonts');
mkdirSync(target, { recursive: true });

const FONTS = [
  ['@expo-google-fonts/noto-sans-sc', '400Regular/NotoSansSC_400Regular.ttf', 'NotoSansSC-Regular.ttf'],
  ['@expo-google-fonts/noto-sans-sc', '700Bold/NotoSansSC_700Bold.ttf', 'NotoSansSC-Bold.ttf'],
  ['@expo-google-fonts/noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf', 'NotoSerifSC-Regular.ttf'],
  ['@expo-google-fonts/noto-serif-sc', '700Bold/NotoSerifSC_700Bold.ttf', 'NotoSerifSC-Bold.ttf'],
];
for (const [pkg, from, to] of FONTS) {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    console.warn(`copy-fonts: ${pkg} 未安装，跳过 ${to}`);
    continue;
  }
  const src = join(pkgDir, from);
  if (!existsSync(src)) {
    console.warn(`copy-fonts: 找不到 ${src}`);
    continue;
  }
  copyFileSync(src, join(target, to));
}
