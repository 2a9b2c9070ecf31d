// The main process's security decisions as pure functions: no 'electron' here, so plain-Node
// tests can throw hostile input at them. index/ipc/protocol/security.ts only wire them up.
import nodePath from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** How this run was started: packaged, or from the source tree with electron-vite's dev server. */
export interface Launch {
  packaged: boolean;
  devServerUrl?: string | undefined;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

// Node's URL gives non-special schemes the opaque origin "null", so an app:// URL is recognised by
// its parts; comparing `.origin` with APP_ORIGIN would never match.
function isAppUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

/** The dev server's origin: only in an unpackaged run, and only an http(s) one ("null" would match any opaque page). */
export function devServerOrigin(launch: Launch): string | null {
  if (launch.packaged || !launch.devServerUrl) return null;
  const url = parse(launch.devServerUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return url.origin;
}

/** The page the main window loads. */
export function startUrl(launch: Launch): string {
  const dev = devServerOrigin(launch) === null ? undefined : launch.devServerUrl;
  return dev ?? `${APP_ORIGIN}/index.html`;
}

/** What the IPC check needs of an event's sender frame. */
export interface SenderFrame {
  url: string;
  /** False for iframes: only our top-level page may call the main process. */
  isTopLevel: boolean;
}

/** Whether an IPC message comes from our own page: app://ledger, or the dev server when unpackaged. */
export function isTrustedSender(frame: SenderFrame | null | undefined, launch: Launch): boolean {
  if (!frame || !frame.isTopLevel) return false;
  const url = parse(frame.url);
  if (!url) return false;
  if (isAppUrl(url)) return true;
  const dev = devServerOrigin(launch);
  return dev !== null && url.origin === dev && url.username === '' && url.password === '';
}

/** The part of node:path the resolver uses; tests pass path.win32 to check Windows rules on Linux. */
export type PathApi = Pick<typeof nodePath, 'resolve' | 'sep'>;

export type AppFile = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

// Names Windows maps to devices in any folder ("NUL.js" opens the device, not a file).
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// Separators, drive and stream colons, control characters.
const FORBIDDEN_CHARS = /[/\\:\u0000-\u001f]/;

/**
 * Maps an app://ledger/... request to a file inside the built renderer. Only "/" falls back to
 * index.html (routes live in the hash, so there is no other SPA fallback). Each path segment is
 * decoded once and refused if it could leave the folder or mean something else on Windows.
 */
export function resolveAppFile(requestUrl: string, rendererDir: string, paths: PathApi = nodePath): AppFile {
  const url = parse(requestUrl);
  if (!url || !isAppUrl(url)) return { ok: false, status: 404 };
  const pathname = url.pathname === '' || url.pathname === '/' ? '/index.html' : url.pathname;
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400 };
    }
    // Windows drops trailing dots and spaces, so "..." or ".. " could end up as "..".
    if (segment === '.' || segment === '..' || /[. ]$/.test(segment)) return { ok: false, status: 403 };
    if (FORBIDDEN_CHARS.test(segment) || WINDOWS_DEVICE.test(segment)) return { ok: false, status: 403 };
    segments.push(segment);
  }
  const root = paths.resolve(rendererDir);
  const file = paths.resolve(root, ...segments);
  // Belt and braces: whatever the checks above missed, the result must lie below the folder.
  if (!isBelow(root, file, paths)) return { ok: false, status: 403 };
  return { ok: true, file };
}

/** Whether `file` lies strictly below the folder `root` (both absolute); "renderer-evil" is not below "renderer". */
export function isBelow(root: string, file: string, paths: PathApi = nodePath): boolean {
  const folder = root.endsWith(paths.sep) ? root : root + paths.sep;
  return file.startsWith(folder) && file.length > folder.length;
}

/** The Content-Security-Policy for every page: only our own origin, no eval, no plugins, no framing. */
export function buildCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'", // antd writes its styles at run time
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// The app is one page that moves by its hash (which fires no will-navigate), so any real
// navigation, redirect, pop-up or webview is refused, our own origin included.

export function allowNavigation(_targetUrl: string): boolean {
  return false;
}

export function allowRedirect(_targetUrl: string): boolean {
  return false;
}

export function windowOpenAction(_targetUrl: string): 'allow' | 'deny' {
  return 'deny';
}

export function allowWebview(_src: string | undefined): boolean {
  return false;
}

/** Camera, microphone, location, notifications, clipboard, …: a ledger needs none of them. */
export function allowPermission(_permission: string): boolean {
  return false;
}

/**
 * A file the renderer may ask the system to open (打印预览 of a PDF the app just wrote, in the PC's PDF viewer, which
 * has the system print dialog): an absolute path to an existing .pdf file, nothing else — no program, no folder, no
 * URL, no Windows device.
 */
export function isOpenablePdf(path: unknown, exists: (p: string) => boolean, paths: Pick<typeof nodePath, 'isAbsolute' | 'basename'> = nodePath): path is string {
  if (typeof path !== 'string' || path.length === 0 || path.length > 32_000) return false;
  if (/[\u0000-\u001f]/.test(path) || /^\\\\[.?]\\/.test(path) || /^[a-z][a-z0-9+.-]+:\/\//i.test(path)) return false;
  if (!paths.isAbsolute(path)) return false;
  const name = paths.basename(path);
  if (!/\.pdf$/i.test(name) || WINDOWS_DEVICE.test(name.replace(/\.pdf$/i, ''))) return false;
  return exists(path);
}

/** File-type filters for the open/save dialogs, as the renderer sends them: a few names and extensions, nothing else. */
export interface DialogFilter {
  name: string;
  extensions: string[];
}

/** The filters if they are well-formed and small, else null (the dialog then opens with none). */
export function dialogFilters(value: unknown): DialogFilter[] | null {
  if (!Array.isArray(value) || value.length > 10) return null;
  const out: DialogFilter[] = [];
  for (const f of value as unknown[]) {
    if (!f || typeof f !== 'object') return null;
    const { name, extensions } = f as { name?: unknown; extensions?: unknown };
    if (typeof name !== 'string' || name.length > 60 || /[\u0000-\u001f]/.test(name)) return null;
    if (!Array.isArray(extensions) || extensions.length > 10) return null;
    if (!extensions.every((e): e is string => typeof e === 'string' && /^(\*|[a-z0-9]{1,10})$/i.test(e))) return null;
    out.push({ name, extensions: [...extensions] });
  }
  return out;
}

/** A suggested file name or path for the save dialog: a short plain string, or none. */
export function dialogDefaultPath(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 1000 && !/[\u0000-\u001f]/.test(value) ? value : undefined;
}

/** A path to show in the file manager: absolute, plain, no URL, no Windows device path. */
export function isShowablePath(path: unknown, paths: Pick<typeof nodePath, 'isAbsolute'> = nodePath): path is string {
  if (typeof path !== 'string' || path.length === 0 || path.length > 32_000) return false;
  if (/[\u0000-\u001f]/.test(path) || /^\\\\[.?]\\/.test(path) || /^[a-z][a-z0-9+.-]+:\/\//i.test(path)) return false;
  return paths.isAbsolute(path);
}
