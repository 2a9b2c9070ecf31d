// App lifecycle: open the database before any window shows data, then one hardened window.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { app, BrowserWindow, dialog } from 'electron';
import { createSession } from '../core/accounts/session';
import { localToday, type ServiceContext, type WorkspaceControl } from '../core/context';
import { AppError } from '../core/errors';
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
    const message = err instanceof AppError ? err.message : `打开数据库失败：${(err as Error).message}`;
    dialog.showErrorBox('乡镇综治台账无法启动', message);
    app.exit(1);
    return;
  }
  const open = workspace;
  // Imports and exports run in a worker thread, so the windows never freeze (electron/core/jobs).
  const jobs = createJobRunner({ workerFile: join(__dirname, 'jobWorker.js'), log: (m) => console.error(m) });
  // Who is logged in (LOCAL_USER while the town has no accounts), the idle lock: electron/core/accounts.
  const session = createSession(open);
  // Each call takes the file open at that moment and the caller of the session at that moment.
  const makeContext = (): ServiceContext => {
    session.touch();
    return { ledger: open.ledger, caller: session.caller(), today: () => localToday(), jobs, workspace: open, session };
  };
  registerIpc(() => mainWindow, makeContext, launch);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
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
