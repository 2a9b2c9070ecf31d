// The renderer's only door to the main process: one object, exposed once. The renderer's type
// of window.api is `typeof api` (see renderer/src/api.ts), so the two cannot drift.
import { contextBridge, ipcRenderer } from 'electron';
import type { Channel, ChannelInput, ChannelResult, ProgressEvent } from '../../shared/contract';

const api = {
  invoke: <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> =>
    ipcRenderer.invoke('ledger:invoke', channel, input),
  /** Subscribe to progress of long jobs; returns the unsubscribe function. */
  onProgress: (listener: (event: ProgressEvent) => void): (() => void) => {
    const wrapped = (_e: unknown, event: ProgressEvent) => listener(event);
    ipcRenderer.on('ledger:progress', wrapped);
    return () => ipcRenderer.removeListener('ledger:progress', wrapped);
  },
  cancel: (jobId: string): Promise<void> => ipcRenderer.invoke('ledger:cancel', jobId),
  /** Native dialogs live in main; the renderer asks for paths through these. */
  pickOpenFile: (filters: { name: string; extensions: string[] }[]): Promise<string | null> =>
    ipcRenderer.invoke('ledger:pick-open', filters),
  pickSaveFile: (defaultName: string, filters: { name: string; extensions: string[] }[]): Promise<string | null> =>
    ipcRenderer.invoke('ledger:pick-save', defaultName, filters),
  /** A folder to write into (the month's package). */
  pickFolder: (): Promise<string | null> => ipcRenderer.invoke('ledger:pick-folder'),
  /** Opens a PDF the app wrote in the PC's PDF viewer (preview, system print dialog); '' or the reason it failed. */
  openPdf: (path: string): Promise<string> => ipcRenderer.invoke('ledger:open-pdf', path),
  /** Shows a file or folder the app wrote in the system's file manager. */
  showItem: (path: string): Promise<void> => ipcRenderer.invoke('ledger:show-item', path),
} as const;

contextBridge.exposeInMainWorld('api', api);

export type LedgerApi = typeof api;
