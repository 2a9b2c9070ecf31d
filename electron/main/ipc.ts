// The one IPC router: checks the sender frame, then hands the channel to core's dispatch (which
// validates input and output and maps errors to { ok:false, error:{ code, message } }).
import { existsSync, statSync } from 'node:fs';
import { dialog, ipcMain, shell, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ServiceContext } from '../core/context';
import { dispatch } from '../core/dispatch';
import { dialogDefaultPath, dialogFilters, isOpenablePdf, isShowablePath, isTrustedSender, type Launch, type SenderFrame } from './policy';

function senderFrame(event: IpcMainInvokeEvent): SenderFrame | null {
  try {
    const frame = event.senderFrame;
    return frame && { url: frame.url, isTopLevel: frame.parent === null };
  } catch {
    return null; // the frame was disposed while the message was in flight
  }
}

/** What each IPC handler answers a sender that is not our page: the same shape as its real answer, nothing done. */
const REFUSED = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } } as const;

export function registerIpc(getWindow: () => BrowserWindow | null, makeContext: (jobId?: string) => ServiceContext, launch: Launch) {
  // Every handler is registered through this one function, so none can skip the sender check
  // (tests/unit/main-policy.test.ts reads this file and proves ipcMain is used nowhere else).
  const handle = <A extends unknown[]>(name: string, refused: unknown, answer: (...args: A) => unknown) => {
    ipcMain.handle(name, (event, ...args) => (isTrustedSender(senderFrame(event), launch) ? answer(...(args as A)) : refused));
  };
  const jobs = new Map<string, AbortController>();

  handle('ledger:invoke', REFUSED, async (channel: unknown, input: unknown) => {
    const jobId = typeof input === 'object' && input && 'jobId' in input ? String((input as { jobId: unknown }).jobId) : undefined;
    const controller = new AbortController();
    if (jobId) jobs.set(jobId, controller);
    const ctx = makeContext(jobId);
    ctx.signal = controller.signal;
    if (jobId) {
      ctx.progress = (done, total, stage) => getWindow()?.webContents.send('ledger:progress', { jobId, done, total, stage });
    }
    try {
      return await dispatch(ctx, channel, input, (msg, err) => console.error(msg, err));
    } finally {
      if (jobId) jobs.delete(jobId);
    }
  });

  handle('ledger:cancel', undefined, (jobId: unknown) => {
    jobs.get(String(jobId))?.abort();
  });

  handle('ledger:pick-open', null, async (filters: unknown) => {
    const win = getWindow();
    if (!win) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: dialogFilters(filters) ?? [] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });

  handle('ledger:pick-folder', null, async () => {
    const win = getWindow();
    if (!win) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });

  const NOT_OPENABLE = '只能打开本软件生成的 PDF 文件';
  handle('ledger:open-pdf', NOT_OPENABLE, async (path: unknown) => {
    if (!isOpenablePdf(path, (p) => existsSync(p) && statSync(p).isFile())) return NOT_OPENABLE;
    // shell.openPath answers '' on success, else the system's reason.
    return shell.openPath(path);
  });

  handle('ledger:show-item', undefined, (path: unknown) => {
    if (!isShowablePath(path)) return;
    shell.showItemInFolder(path);
  });

  handle('ledger:pick-save', null, async (defaultPath: unknown, filters: unknown) => {
    const win = getWindow();
    if (!win) return null;
    // The renderer's arguments are checked like any other input: a bad one is dropped, not passed on.
    const r = await dialog.showSaveDialog(win, { defaultPath: dialogDefaultPath(defaultPath), filters: dialogFilters(filters) ?? [] });
    return r.canceled ? null : (r.filePath ?? null);
  });
}
