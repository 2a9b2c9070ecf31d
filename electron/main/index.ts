// App lifecycle: open the database before any window shows data, then one hardened window.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { app, BrowserWindow, dialog } from 'electron';
import { createSession } from '../core/accounts/session';
import { LOCAL_USER, localToday, type ServiceContext, type WorkspaceControl } from '../core/context';
import { AppError } from '../core/errors';
import { openLedger } from '../core/db/open';
import { dispatch } from '../core/dispatch';
import { createJobRunner } from '../core/jobs/runner';
import { createWorkspace } from '../core/workspace/service';
import { registerIpc } from './ipc';
import { startUrl, type Launch } from './policy';
import { registerScheme, serveRenderer } from './protocol';
import { hardenApp, hardenSession } from './security';

// exceljs builds many short-lived objects per cell; V8's allocation-site pretenuring moves them to
// old space and big imports and exports slow down (see electron/core/importing/residents.ts).
// js-flags reaches the processes Chromium starts from now on; this process's V8 is already running
// and takes the flag directly (Electron leaves the main process's V8 flags unfrozen).
const NO_PRETENURING = '--no-allocation-site-pretenuring';
const jsFlags = app.commandLine.getSwitchValue('js-flags');
app.commandLine.appendSwitch('js-flags', jsFlags ? `${jsFlags} ${NO_PRETENURING}` : NO_PRETENURING);
setFlagsFromString(NO_PRETENURING);

registerScheme();
hardenApp();

const launch: Launch = { packaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL };
let mainWindow: BrowserWindow | null = null;
let workspace: WorkspaceControl | null = null;

function createWindow() {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 680,
    title: '乡镇综治台账',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click opens links without will-navigate; the app has no links to follow (docs/SECURITY.md).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  void mainWindow.loadURL(startUrl(launch));
}

function start() {
  hardenSession();
  serveRenderer(join(__dirname, '../renderer'));
  const dbPath = process.env.LEDGER_DB ?? join(app.getPath('userData'), 'ledger.db');
  try {
    // The open file (the town's, the demo or another) and its switches: electron/core/workspace.
    workspace = createWorkspace({ townPath: dbPath });
  } catch (err) {
    if (err instanceof AppError && err.code === 'DB_DAMAGED') return startDamaged(dbPath, err.message);
    const message = err instanceof AppError ? err.message : `打开数据库失败：${(err as Error).message}`;
    dialog.showErrorBox('乡镇综治台账无法启动', message);
    app.exit(1);
    return;
  }
  const open = workspace;
  // Imports and exports run in a worker thread, so the windows never freeze (electron/core/jobs).
  const jobs = createJobRunner({ workerFile: join(__dirname, 'jobWorker.js'), log: (m) => console.error(m) });
  // Who is logged in (LOCAL_USER while the town has no accounts), the idle lock: electron/core/accounts.
  const session = createSession(open, { onDamagedRestored: relaunchSoon });
  // Each call takes the file open at that moment and the caller of the session at that moment.
  const makeContext = (): ServiceContext => {
    session.touch();
    return { ledger: open.ledger, caller: session.caller(), today: () => localToday(), jobs, workspace: open, session, damaged: session.damaged() ?? undefined };
  };
  registerIpc(() => mainWindow, makeContext, launch);
  createWindow();
  // Each day's housekeeping — a full integrity check and a verified backup (backup/service.ts) — once the file is
  // unlocked (a protected file can be read only after a login), whoever logged in: it is the app's own job, so it
  // runs as the system and is audited as such. Retried every minute until it succeeds; then not again that day.
  let housekeptOn = '';
  const housekeeping = () => {
    const day = localToday();
    if (housekeptOn === day || session.caller().role === null) return;
    const ctx: ServiceContext = { ledger: open.ledger, caller: SYSTEM_CALLER, today: () => day, jobs, workspace: open };
    void dispatch(ctx, 'backup.daily', {}, (m, e) => console.error(m, e)).then((r) => {
      if (r.ok) housekeptOn = day;
      else console.error(r.error.message);
    });
  };
  setTimeout(housekeeping, 3000);
  setInterval(housekeeping, 60_000);
  app.on('will-quit', () => void jobs.close());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/**
 * The town's file is damaged: never deleted, emptied or rebuilt. The window shows the damaged screen (the newest
 * good backup, the backup folder), whose restore keeps the damaged file beside and starts the app again.
 */
/** The app's own scheduled work (the daily backup): not a person, so the audit log names it as the system. */
const SYSTEM_CALLER = { userId: 'system', displayName: '系统（每日检查与备份）', role: 'admin', villageScope: null } as const satisfies ServiceContext['caller'];

/** After a restore over a damaged file: the reply reaches the window first, then the app starts again on the restored file. */
const relaunchSoon = () => setTimeout(() => { app.relaunch(); app.exit(0); }, 500);

function startDamaged(dbPath: string, message: string) {
  const empty = openLedger(':memory:');
  const damaged = { path: dbPath, message, onRestored: relaunchSoon };
  registerIpc(() => mainWindow, (): ServiceContext => ({ ledger: empty, caller: LOCAL_USER, today: () => localToday(), damaged }), launch);
  createWindow();
}

// One copy at a time: a second one would open the same database beside the first. Starting the
// app again brings the open window forward instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  void app.whenReady().then(start);
}

app.on('window-all-closed', () => {
  workspace?.close();
  workspace = null;
  app.quit();
});
