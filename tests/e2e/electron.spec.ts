// Smoke test of the real Electron app. It needs an Electron binary, which our build machines
// cannot download; there it reports itself skipped with the reason. With a binary, it needs a
// test build whose inspect fuse is on (see README).
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Looks for the binary the way electron's index.js does, but never triggers its download.
function electronBinary(): { path: string | null; reason: string } {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist');
  const path = join(dist, name);
  if (existsSync(path)) return { path, reason: '' };
  return { path: null, reason: `本机没有 Electron 可执行文件（${path} 不存在；构建机不能下载 Electron），跳过真实应用的冒烟测试` };
}

test('the real Electron app starts and shows the setup page', async () => {
  const binary = electronBinary();
  if (binary.path === null) console.log(`[electron smoke] 跳过：${binary.reason}`);
  test.skip(binary.path === null, binary.reason);
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-electron-'));
  const root = join(import.meta.dirname, '..', '..');
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [join(root, 'out', 'main', 'index.js')],
    env: { ...process.env, LEDGER_DB: join(dataDir, 'ledger.db') },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByText('欢迎使用乡镇综治台账')).toBeVisible();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
