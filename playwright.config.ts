import { defineConfig } from '@playwright/test';
import { exitOnUnsupportedNode } from './electron/core/nodeVersion';

// The fixtures load the SQLite addon, which crashes on Node 20: one line instead.
exitOnUnsupportedNode();

// The built renderer runs in Debian's Chromium with window.api bridged to the real core in the
// test process (tests/e2e/fixtures.ts). Playwright's own browser download is not used.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  // Two spec files at a time: a spec mostly waits (on the page, its animations, a job's worker), so one at a time left
  // the 2-core machine two-thirds idle (9.7 min against 6.8). The dialog that once swallowed a click with two
  // (inline.spec) is waited for in ui.ts (dialogsSettled) before any select is opened.
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    actionTimeout: 15_000,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // As a PC with animations switched off: every antd animation lasts 0 s (renderer/src/main.tsx), so a dialog is
    // not zooming for a third of a second while a test clicks in it (two tests lost clicks that way under CI load).
    reducedMotion: 'reduce',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
