// Each test gets a fresh data folder, a real ledger on disk, and the built renderer served at a
// fixed http origin with window.api bridged to the real core (same dispatch as the IPC router).
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { accountsTuning } from '../../electron/core/accounts/service';
import { createSession } from '../../electron/core/accounts/session';
import type { ServiceContext } from '../../electron/core/context';
import type { Ledger } from '../../electron/core/db/open';
import { dispatch } from '../../electron/core/dispatch';
import { createJobRunner } from '../../electron/core/jobs/runner';
import { createWorkspace } from '../../electron/core/workspace/service';

export const ORIGIN = 'http://ledger.test';
/** The one date of every spec: the core's today and the page's clock agree on it. */
export const TODAY = '2026-11-23';
const root = join(import.meta.dirname, '..', '..');
const rendererDir = join(root, 'out', 'renderer');
/** The built job worker, as the app runs it (test:e2e builds first; it starts in half the time of the source under tsx). */
const builtWorker = join(root, 'out', 'main', 'jobWorker.js');
export const screenshotDir = join(root, 'tests', 'e2e', 'screenshots');

const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // maplibre's worker is an ES module file: a module worker needs a JavaScript type.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const FIXTURE_KDF = { N: 2 ** 14, r: 8, p: 1 };

/** The administrator of a `protectedTown` (its first password need not be changed). */
export const PROTECTED_ADMIN = { loginName: 'admin', displayName: '王站长', password: 'Zhan-Zhang-2026' };

export interface AppFixture {
  page: Page;
  dataDir: string;
  /** The database open now: the town's (ledger.db in dataDir) until 设置 switches to another file. */
  readonly ledger: Ledger;
  ctx: ServiceContext;
  /** Opens the app at a route (e.g. 'home'). */
  open(route?: string): Promise<void>;
  /** Queue the path the next "choose a file" dialog returns (null = the user cancelled). */
  queuePick(path: string | null): void;
  screenshot(name: string): Promise<void>;
  /** The session's clock moves on, as if the PC stood idle that long (the idle lock). */
  idle(minutes: number): void;
}

export async function bridge(page: Page, ctx: ServiceContext, picks: (string | null)[]) {
  // Like electron/main/ipc.ts: a call whose input names a jobId gets progress events and can be cancelled.
  const jobs = new Map<string, AbortController>();
  await page.exposeFunction('__ledgerInvoke', async (channel: unknown, input: unknown) => {
    const jobId = typeof input === 'object' && input !== null && 'jobId' in input ? String((input as { jobId: unknown }).jobId) : undefined;
    // As electron/main's makeContext: the idle clock restarts and the caller is the session's now.
    ctx.session?.touch();
    if (!jobId) return dispatch(ctx, channel, input);
    const controller = new AbortController();
    jobs.set(jobId, controller);
    const callCtx: ServiceContext = {
      ...ctx,
      signal: controller.signal,
      progress: (done, total, stage) => {
        void page
          .evaluate((ev) => (window as unknown as { __ledgerEmit?: (e: unknown) => void }).__ledgerEmit?.(ev), { jobId, done, total, stage })
          .catch(() => {});
      },
    };
    try {
      return await dispatch(callCtx, channel, input);
    } finally {
      jobs.delete(jobId);
    }
  });
  await page.exposeFunction('__ledgerCancel', (jobId: string) => jobs.get(jobId)?.abort());
  await page.exposeFunction('__ledgerPick', () => (picks.length ? picks.shift() : null));
  // The same shape as electron/preload's `api` object.
  await page.addInitScript(() => {
    type Listener = (e: unknown) => void;
    const w = window as unknown as Record<string, unknown> & { __ledgerInvoke: (c: unknown, i: unknown) => Promise<unknown>; __ledgerPick: () => Promise<string | null> };
    const listeners = new Set<Listener>();
    w.__ledgerEmit = (e: unknown) => listeners.forEach((l) => l(e));
    w.api = {
      invoke: (channel: unknown, input: unknown) => w.__ledgerInvoke(channel, input),
      onProgress: (listener: Listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      cancel: (jobId: string) => (w.__ledgerCancel as (id: string) => Promise<void>)(jobId),
      pickOpenFile: () => w.__ledgerPick(),
      pickSaveFile: () => w.__ledgerPick(),
      pickFolder: () => w.__ledgerPick(),
      showItem: async () => {},
      // The system viewer is not here: the spec reads which file the page asked to open.
      openPdf: async (path: string) => {
        w.__openedPdf = path;
        return '';
      },
    };
  });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, body: readFileSync(file), headers: { 'content-type': mime[extname(file)] ?? 'application/octet-stream' } });
  });
}

/**
 * - 'none'       a plain town used without accounts (本机用户), as every spec before issue 10;
 * - 'firstStart' as the app: once the town is set up, its administrator is asked for (which protects the file);
 * - 'protected'  城关镇 already protected with PROTECTED_ADMIN, nobody logged in: the page opens on the login.
 */
export type AccountsMode = 'none' | 'firstStart' | 'protected';

export const test = base.extend<{ app: AppFixture; accounts: AccountsMode }>({
  /** `test.use({ accounts: 'protected' })`; the default is a plain town as before. */
  accounts: ['none', { option: true }],
  app: async ({ page, accounts }, use) => {
    const protectedTown = accounts === 'protected';
    if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(builtWorker)) throw new Error('先运行 electron-vite build：找不到 out/renderer/index.html 或 out/main/jobWorker.js');
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
    // As in the app (electron/main/index.ts): the town's file in the data folder, switchable in 设置.
    const workspace = createWorkspace({ townPath: join(dataDir, 'ledger.db') });
    // The session decides the caller as in the app: LOCAL_USER on a plain town, the logged-in account on a protected one.
    // A protected town's spec makes its accounts with a lower scrypt cost (each login stays fast).
    const withAccounts = accounts !== 'none';
    // The session's clock, which a spec moves on to try the idle lock.
    let idleOffset = 0;
    const clock = () => Date.now() + idleOffset;
    const session = createSession(workspace, withAccounts ? { kdfCost: FIXTURE_KDF, clock } : { offerProtection: false, clock });
    if (withAccounts) accountsTuning.kdfCost = FIXTURE_KDF;
    // Long jobs go to a worker thread as in the app; the ledger is whichever file is open now. A spec may act as
    // another caller on a plain town (`app.ctx.caller = …`), as the CLI's --as-village does.
    let callerOverride: ServiceContext['caller'] | null = null;
    // A spec sets the damaged file of a start (`app.ctx.damaged = …`); one found damaged at login comes from the session.
    let damagedOverride: ServiceContext['damaged'] | null = null;
    const jobs = createJobRunner({ workerFile: builtWorker });
    const ctx: ServiceContext = {
      get ledger() {
        return workspace.ledger;
      },
      get caller() {
        return callerOverride ?? session.caller();
      },
      set caller(c) {
        callerOverride = c;
      },
      get damaged() {
        return damagedOverride ?? session.damaged() ?? undefined;
      },
      set damaged(d) {
        damagedOverride = d ?? null;
      },
      session,
      today: () => TODAY,
      jobs,
      workspace,
    };
    if (protectedTown) {
      // 城关镇 set up and protected, its administrator logged out: the page opens on the login.
      const setup = await dispatch(ctx, 'town.setup', { name: '城关镇', code: '320121100000' });
      if (!setup.ok) throw new Error(setup.error.message);
      await session.protect(PROTECTED_ADMIN);
      session.logout();
    }
    const picks: (string | null)[] = [];
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await bridge(page, ctx, picks);
    // The page's clock (date pickers' 今天, todayString()) shows the same day as the core.
    await page.clock.install({ time: new Date(`${TODAY}T10:00:00+08:00`) });
    mkdirSync(screenshotDir, { recursive: true });
    await use({
      page,
      dataDir,
      get ledger() {
        return workspace.ledger;
      },
      ctx,
      open: async (route = 'home') => {
        await page.goto(`${ORIGIN}/index.html#/${route}`);
      },
      queuePick: (p) => picks.push(p),
      idle: (minutes) => {
        idleOffset += minutes * 60_000;
      },
      screenshot: async (name) => {
        // Animations stopped, so a screenshot never catches a fade half-way.
        await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true, animations: 'disabled' });
      },
    });
    // A spare the 月报 page asked for (month.prepare) goes with the test.
    await jobs.close();
    workspace.close();
    accountsTuning.kdfCost = undefined;
    rmSync(dataDir, { recursive: true, force: true });
    expect(errors, '页面脚本错误').toEqual([]);
  },
});

export { expect };
