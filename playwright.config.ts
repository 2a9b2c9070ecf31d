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
  // One spec at a time: with two, a dialog's opening animation on a loaded 2-core machine once swallowed a click
  // (inline.spec). CI stays within its budget with vitest running two files at a time.
  workers: 1,
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
