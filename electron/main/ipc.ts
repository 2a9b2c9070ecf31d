// The one IPC router: checks the sender frame, then hands the channel to core's dispatch (which
// validates input and output and maps errors to { ok:false, error:{ code, message } }).
import { existsSync, statSync } from 'node:fs';
import { dialog, ipcMain, shell, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ServiceContext } from '../core/context';
import { dispatch } from '../core/dispatch';
import { isOpenablePdf, isTrustedSender, type Launch, type SenderFrame } from './policy';

function senderFrame(event: IpcMainInvokeEvent): SenderFrame | null {
  try {
    const frame = event.senderFrame;
    return frame && { url: frame.url, isTopLevel: frame.parent === null };
  } catch {
    return null; // the frame was disposed while the message was in flight
  }
}

export function registerIpc(getWindow: () => BrowserWindow | null, makeContext: (jobId?: string) => ServiceContext, launch: Launch) {
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(senderFrame(event), launch);
  const jobs = new Map<string, AbortController>();

  ipcMain.handle('ledger:invoke', async (event, channel: unknown, input: unknown) => {
    if (!trusted(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } };
    }
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

  ipcMain.handle('ledger:cancel', (event, jobId: unknown) => {
    if (!trusted(event)) return;
    jobs.get(String(jobId))?.abort();
  });

  ipcMain.handle('ledger:pick-open', async (event, filters: { name: string; extensions: string[] }[]) => {
    const win = getWindow();
    if (!trusted(event) || !win) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });

  ipcMain.handle('ledger:pick-folder', async (event) => {
    const win = getWindow();
    if (!trusted(event) || !win) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });

  ipcMain.handle('ledger:open-pdf', async (event, path: unknown) => {
    if (!trusted(event) || !isOpenablePdf(path, (p) => existsSync(p) && statSync(p).isFile())) return '只能打开本软件生成的 PDF 文件';
    // shell.openPath answers '' on success, else the system's reason.
    return shell.openPath(path);
  });

  ipcMain.handle('ledger:show-item', (event, path: unknown) => {
    if (!trusted(event) || typeof path !== 'string' || !path) return;
    shell.showItemInFolder(path);
  });

  ipcMain.handle('ledger:pick-save', async (event, defaultPath: string, filters: { name: string; extensions: string[] }[]) => {
    const win = getWindow();
    if (!trusted(event) || !win) return null;
    const r = await dialog.showSaveDialog(win, { defaultPath, filters });
    return r.canceled ? null : (r.filePath ?? null);
  });
}
