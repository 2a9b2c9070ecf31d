// Copies the two Noto Sans SC weights the PDFs embed into resources/fonts, so the packaged
// app ships two TTFs rather than the whole font package.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const target = join(root, 'resources', 'fonts');
mkdirSync(target, { recursive: true });
let pkgDir;
try {
  pkgDir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
} catch {
  console.warn('copy-fonts: @expo-google-fonts/noto-sans-sc 未安装，跳过字体复制');
  process.exit(0);
}
for (const [from, to] of [
  ['400Regular/NotoSansSC_400Regular.ttf', 'NotoSansSC-Regular.ttf'],
  ['700Bold/NotoSansSC_700Bold.ttf', 'NotoSansSC-Bold.ttf'],
]) {
  const src = join(pkgDir, from);
  if (!existsSync(src)) {
    console.warn(`copy-fonts: 找不到 ${src}`);
    continue;
  }
  copyFileSync(src, join(target, to));
}
