// The main process's security decisions (electron/main/policy.ts), fed hostile input under plain
// Node: which pages may call IPC, which file an app:// URL serves, the CSP, navigation, permissions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  dialogDefaultPath,
  dialogFilters,
  isOpenablePdf,
  isShowablePath,
  APP_ORIGIN,
  allowNavigation,
  allowPermission,
  allowRedirect,
  allowWebview,
  buildCsp,
  devServerOrigin,
  isBelow,
  isTrustedSender,
  resolveAppFile,
  startUrl,
  windowOpenAction,
  type Launch,
} from '../../electron/main/policy';

const packaged: Launch = { packaged: true };
const dev: Launch = { packaged: false, devServerUrl: 'http://localhost:5173' };
const packagedWithDevUrl: Launch = { packaged: true, devServerUrl: 'http://localhost:5173' };
const top = (url: string) => ({ url, isTopLevel: true });

describe('IPC sender trust', () => {
  it('trusts our own top-level page, packaged or not', () => {
    for (const url of ['app://ledger/index.html', 'app://ledger/', 'app://ledger/index.html#/people?village=1']) {
      expect(isTrustedSender(top(url), packaged), url).toBe(true);
      expect(isTrustedSender(top(url), dev), url).toBe(true);
    }
  });

  it('refuses our own page inside a frame, and a missing frame', () => {
    expect(isTrustedSender({ url: 'app://ledger/index.html', isTopLevel: false }, packaged)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isTopLevel: false }, dev)).toBe(false);
    expect(isTrustedSender(null, packaged)).toBe(false);
    expect(isTrustedSender(undefined, dev)).toBe(false);
  });

  it.each([
    'app://ledger.evil/index.html',
    'app://ledger@evil/index.html',
    'app://evil@ledger/index.html',
    'app://user:pw@ledger/index.html',
    'app://ledger:8080/index.html',
    'app://ledgerx/index.html',
    'app://led%67er/index.html',
    'app://evil/ledger/index.html',
    'app:ledger/index.html',
    'app:///ledger/index.html',
    'app:',
    'appx://ledger/index.html',
    'xapp://ledger/index.html',
    'http://ledger/index.html',
    'https://ledger/index.html',
    'http://app//ledger/index.html',
    'file:///index.html',
    'file://ledger/index.html',
    'file:///C:/app/resources/app.asar/out/renderer/index.html',
    'about:blank',
    'about:srcdoc',
    'data:text/html,<script>api.invoke()</script>',
    'javascript:alert(1)',
    'blob:app://ledger/0b1c6a5e-6f2b-4bd4-9d3d-2f6b9b8a1c0e',
    'chrome-extension://ledger/index.html',
    'devtools://devtools/bundled/inspector.html',
    'null',
    '',
    'not a url',
  ])('refuses %j', (url) => {
    expect(isTrustedSender(top(url), packaged)).toBe(false);
    expect(isTrustedSender(top(url), dev)).toBe(false);
  });

  it('trusts the dev server only when not packaged', () => {
    for (const url of ['http://localhost:5173/', 'http://localhost:5173/index.html#/grids']) {
      expect(isTrustedSender(top(url), dev), url).toBe(true);
      expect(isTrustedSender(top(url), packagedWithDevUrl), url).toBe(false);
      expect(isTrustedSender(top(url), packaged), url).toBe(false);
      expect(isTrustedSender(top(url), { packaged: false }), url).toBe(false);
    }
  });

  it.each([
    'http://localhost:5174/',
    'http://localhost:51730/',
    'https://localhost:5173/',
    'ws://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost/',
    'http://localhost:5173.evil.com/',
    'http://localhost.evil.com:5173/',
    'http://localhost:5173@evil.com/',
    'http://user@localhost:5173/',
    'http://evil.com/?http://localhost:5173/',
  ])('refuses a dev-server look-alike %j', (url) => {
    expect(isTrustedSender(top(url), dev)).toBe(false);
  });

  it('trusts no opaque origin when the dev server URL is not http(s)', () => {
    for (const devServerUrl of ['file:///tmp/index.html', 'about:blank', 'data:text/html,x', 'null', 'garbage', '']) {
      const launch: Launch = { packaged: false, devServerUrl };
      expect(devServerOrigin(launch), devServerUrl).toBeNull();
      for (const url of ['file:///tmp/index.html', 'file:///etc/passwd', 'about:blank', 'data:text/html,x', devServerUrl]) {
        expect(isTrustedSender(top(url), launch), `${devServerUrl} → ${url}`).toBe(false);
      }
    }
  });

  it('loads the dev server only when it is trusted, else our own page', () => {
    expect(startUrl(dev)).toBe('http://localhost:5173');
    expect(startUrl(packagedWithDevUrl)).toBe(`${APP_ORIGIN}/index.html`);
    expect(startUrl(packaged)).toBe('app://ledger/index.html');
    expect(startUrl({ packaged: false })).toBe('app://ledger/index.html');
    expect(startUrl({ packaged: false, devServerUrl: 'file:///tmp/evil.html' })).toBe('app://ledger/index.html');
    // Whatever the window loads, the IPC check must trust it.
    for (const launch of [dev, packaged, packagedWithDevUrl, { packaged: false }]) {
      expect(isTrustedSender(top(startUrl(launch)), launch)).toBe(true);
    }
  });
});

describe('app:// file resolution', () => {
  const root = '/opt/ledger/out/renderer';
  const inside = (file: string) => file.startsWith(root + path.posix.sep);
  const serve = (url: string) => resolveAppFile(url, root, path.posix);

  it('serves index.html for the bare origin', () => {
    for (const url of ['app://ledger/', 'app://ledger', 'app://ledger/?x=1', 'app://ledger/#/people']) {
      expect(serve(url), url).toEqual({ ok: true, file: `${root}/index.html` });
    }
  });

  it('maps paths to files below the folder, decoding once', () => {
    expect(serve('app://ledger/index.html')).toEqual({ ok: true, file: `${root}/index.html` });
    expect(serve('app://ledger/assets/index-B2x_9a.js?v=1#x')).toEqual({ ok: true, file: `${root}/assets/index-B2x_9a.js` });
    expect(serve('app://ledger/fonts/%E6%80%9D%E6%BA%90%E9%BB%91%E4%BD%93.woff2')).toEqual({ ok: true, file: `${root}/fonts/思源黑体.woff2` });
    expect(serve('app://ledger/a%20b.png')).toEqual({ ok: true, file: `${root}/a b.png` });
    // Double encoding stays a literal name: decoded once, never twice.
    expect(serve('app://ledger/%252e%252e/x')).toEqual({ ok: true, file: `${root}/%2e%2e/x` });
    expect(resolveAppFile('app://ledger/index.html', `${root}/`, path.posix)).toEqual({ ok: true, file: `${root}/index.html` });
  });

  it('has no SPA fallback beyond "/" (routes live in the hash)', () => {
    expect(serve('app://ledger/people')).toEqual({ ok: true, file: `${root}/people` });
    expect(serve('app://ledger/grids/1')).toEqual({ ok: true, file: `${root}/grids/1` });
  });

  it.each([
    'app://evil/index.html',
    'app://ledger.evil/index.html',
    'app://ledger@evil/index.html',
    'app://evil@ledger/index.html',
    'app://ledger:80/index.html',
    'app:ledger/index.html',
    'app:///index.html',
    'app:///etc/passwd',
    'http://ledger/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('answers 404 for another host or scheme: %j', (url) => {
    expect(serve(url)).toEqual({ ok: false, status: 404 });
  });

  it.each([
    '/..%2f..%2fetc%2fpasswd',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/assets/..%2F..%2F..%2Fetc/passwd',
    '/%2fetc%2fpasswd',
    '/assets%2findex.js',
    '/..%5c..%5cetc%5cpasswd',
    '/a\\..\\..\\etc\\passwd',
    '/%5cetc%5cpasswd',
    '/index.html%00.png',
    '/%00',
    '/a%0ab',
    '/C:/Windows/win.ini',
    '/c%3a%5cWindows%5cwin.ini',
    '/index.html::$DATA',
    '/index.html:stream',
    '/NUL',
    '/con.txt',
    '/assets/AUX.js',
    '/COM1',
    '/lpt9.log',
    '/...',
    '/..%20',
    '/.%20',
    '/index.html.',
    '/index.html%20',
  ])('refuses %j', (pathname) => {
    const r = serve(`app://ledger${pathname}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(403);
  });

  it.each(['/%E0%A4%A', '/%c0%ae%c0%ae/etc/passwd', '/%', '/%zz'])('refuses malformed encoding %j', (pathname) => {
    expect(serve(`app://ledger${pathname}`)).toEqual({ ok: false, status: 400 });
  });

  it.each([
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/%2e./.%2E/etc/passwd',
    '/assets/../../../../etc/passwd',
    '/./././../etc/passwd',
    '//etc/passwd',
    '/assets//../..//etc/passwd',
  ])('never leaves the folder for dot segments the URL parser folds: %j', (pathname) => {
    const r = serve(`app://ledger${pathname}`);
    if (r.ok) expect(inside(r.file), r.file).toBe(true);
  });

  it('refuses the folder itself', () => {
    expect(serve('app://ledger//').ok).toBe(false);
  });

  it('checks the resolved file lies below the folder (the last line of defence)', () => {
    expect(isBelow(root, `${root}/index.html`, path.posix)).toBe(true);
    expect(isBelow(`${root}/`, `${root}/assets/a.js`, path.posix)).toBe(true);
    for (const file of [root, `${root}/`, `${root}-evil/index.html`, `${root}evil`, '/opt/ledger/out/index.html', '/etc/passwd']) {
      expect(isBelow(root, file, path.posix), file).toBe(false);
    }
    const winRoot = 'C:\\app\\renderer';
    expect(isBelow(winRoot, 'C:\\app\\renderer\\index.html', path.win32)).toBe(true);
    for (const file of ['C:\\app\\renderer-evil\\x', 'C:\\app\\renderer', 'C:\\app\\index.html', 'D:\\app\\renderer\\x']) {
      expect(isBelow(winRoot, file, path.win32), file).toBe(false);
    }
  });

  describe('with Windows paths', () => {
    const winRoot = 'C:\\Program Files\\乡镇综治台账\\resources\\app.asar\\out\\renderer';
    const winServe = (url: string) => resolveAppFile(url, winRoot, path.win32);

    it('maps to files below the folder', () => {
      expect(winServe('app://ledger/')).toEqual({ ok: true, file: `${winRoot}\\index.html` });
      expect(winServe('app://ledger/assets/index-B2x_9a.js')).toEqual({ ok: true, file: `${winRoot}\\assets\\index-B2x_9a.js` });
    });

    it.each([
      '/..%5c..%5c..%5cWindows%5cwin.ini',
      '/a\\..\\..\\..\\Windows\\win.ini',
      '/C:%5cWindows%5cwin.ini',
      '/C:/Windows/win.ini',
      '/c:',
      '/D:..%5csecret',
      '/%5c%5cserver%5cshare%5cx',
      '/\\\\server\\share\\x',
      '/index.html::$DATA',
      '/NUL',
      '/nul.js',
      '/CONIN$',
      '/com%C2%B9',
      '/..%20',
      '/...',
      '/index.html.',
    ])('refuses %j', (pathname) => {
      expect(winServe(`app://ledger${pathname}`).ok).toBe(false);
    });
  });
});

describe('Content-Security-Policy', () => {
  const directives = (csp: string) =>
    new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name = '', ...sources] = d.split(/\s+/);
      return [name, sources] as const;
    }));
  const csp = buildCsp();
  const policy = directives(csp);

  it('allows only our own origin for everything, and scripts from files only', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('keeps today\'s exceptions and nothing more', () => {
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]); // antd's run-time styles
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('font-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect([...policy.keys()].sort()).toEqual([
      'base-uri', 'connect-src', 'default-src', 'font-src', 'form-action', 'frame-ancestors',
      'img-src', 'object-src', 'script-src', 'style-src', 'worker-src',
    ]);
    expect(csp.split(';').length).toBe(policy.size); // no directive twice
  });

  it('never allows eval, remote hosts or wildcards', () => {
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('wasm-unsafe-eval');
    expect(csp).not.toContain('unsafe-hashes');
    expect(csp).not.toMatch(/\*|https?:|wss?:|file:|filesystem:/);
  });

  it('matches the meta tag in renderer/index.html (which cannot carry frame-ancestors)', () => {
    const html = readFileSync(path.join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const fromHeader = new Map(policy);
    fromHeader.delete('frame-ancestors');
    expect(directives(meta ?? '')).toEqual(fromHeader);
  });
});

describe('navigation, pop-ups, webviews and permissions', () => {
  const targets = [
    'app://ledger/index.html',
    'app://ledger/#/people',
    'http://localhost:5173/',
    'https://example.com/',
    'http://192.168.1.10/upload',
    'file:///C:/Windows/win.ini',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'about:blank',
    '',
  ];

  it.each(targets)('refuses to navigate or redirect to %j', (url) => {
    expect(allowNavigation(url)).toBe(false);
    expect(allowRedirect(url)).toBe(false);
  });

  it.each(targets)('refuses a new window for %j', (url) => {
    expect(windowOpenAction(url)).toBe('deny');
  });

  it('refuses every webview', () => {
    for (const src of [...targets, undefined]) expect(allowWebview(src)).toBe(false);
  });

  it.each([
    'media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'keyboardLock', 'fullscreen',
    'openExternal', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'idle-detection',
    'mediaKeySystem', 'speaker-selection', 'storage-access', 'top-level-storage-access', 'window-management',
    'fileSystem', 'hid', 'serial', 'usb', 'unknown', '',
  ])('refuses the permission %j', (permission) => {
    expect(allowPermission(permission)).toBe(false);
  });
});

describe('PDF to open in the system viewer', () => {
  const exists = (p: string) => p.endsWith('有.pdf') || p.endsWith('有.PDF');
  it('takes an absolute path to an existing .pdf only', () => {
    expect(isOpenablePdf('/home/u/月报/有.pdf', exists)).toBe(true);
    expect(isOpenablePdf('C:\\Users\\u\\有.PDF', exists, path.win32)).toBe(true);
    for (const bad of ['', '有.pdf', '../有.pdf', '/home/u/无.pdf', '/home/u/有.pdf.exe', '/home/u/run.exe', 'file:///home/u/有.pdf', 'https://x/有.pdf', '/home/u/有\n.pdf', 42, null]) {
      expect(isOpenablePdf(bad, exists), String(bad)).toBe(false);
    }
    expect(isOpenablePdf('\\\\.\\NUL.pdf', () => true, path.win32)).toBe(false);
    expect(isOpenablePdf('C:\\x\\NUL.pdf', () => true, path.win32)).toBe(false);
    expect(isOpenablePdf('C:\\x\\calc.exe', () => true, path.win32)).toBe(false);
  });
});

// The wiring itself, read as source: the decisions above are worth nothing if a handler skips them.
const root = path.join(import.meta.dirname, '..', '..');
const source = (file: string) => {
  const text = readFileSync(path.join(root, file), 'utf8');
  return { text, ast: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true) };
};
function calls(node: ts.Node, out: ts.CallExpression[] = []): ts.CallExpression[] {
  if (ts.isCallExpression(node)) out.push(node);
  node.forEachChild((child) => void calls(child, out));
  return out;
}
const calleeText = (c: ts.CallExpression) => c.expression.getText();
const firstString = (c: ts.CallExpression) => (c.arguments[0] && ts.isStringLiteral(c.arguments[0]) ? c.arguments[0].text : null);

describe('IPC handlers all check their sender', () => {
  const ipc = source('electron/main/ipc.ts');
  const all = calls(ipc.ast);

  it('ipcMain is used in one place only: the guarded handle(), whose answer runs only for a trusted sender', () => {
    const mainFiles = ['index.ts', 'ipc.ts', 'policy.ts', 'protocol.ts', 'security.ts'].map((f) => source(`electron/main/${f}`));
    const uses = mainFiles.flatMap((f) => calls(f.ast).filter((c) => /^ipcMain\./.test(calleeText(c))).map((c) => `${f.ast.fileName}:${calleeText(c)}`));
    expect(uses).toEqual(['electron/main/ipc.ts:ipcMain.handle']);
    const register = all.find((c) => calleeText(c) === 'ipcMain.handle')!;
    const listener = register.arguments[1];
    expect(listener && ts.isArrowFunction(listener)).toBe(true);
    let body: ts.Node = (listener as ts.ArrowFunction).body;
    while (ts.isParenthesizedExpression(body)) body = body.expression;
    // The body is `trusted ? answer(...) : refused`, nothing before or around it.
    expect(ts.isConditionalExpression(body)).toBe(true);
    const cond = body as ts.ConditionalExpression;
    expect(cond.condition.getText()).toBe('isTrustedSender(senderFrame(event), launch)');
    expect(ts.isCallExpression(cond.whenTrue) && cond.whenTrue.expression.getText()).toBe('answer');
    expect(cond.whenFalse.getText()).toBe('refused');
  });

  it('every channel the preload invokes has a guarded handler, and there is no other', () => {
    const handled = all.filter((c) => calleeText(c) === 'handle').map(firstString);
    expect(handled.length).toBeGreaterThan(0);
    expect(handled).not.toContain(null);
    const preload = calls(source('electron/preload/index.ts').ast);
    const invoked = preload.filter((c) => calleeText(c) === 'ipcRenderer.invoke').map(firstString);
    expect([...new Set(handled)].sort()).toEqual([...new Set(invoked)].sort());
    expect(new Set(handled).size).toBe(handled.length);
    // The preload exposes one object and listens to progress only; never ipcRenderer itself.
    expect(preload.filter((c) => calleeText(c) === 'contextBridge.exposeInMainWorld').map(firstString)).toEqual(['api']);
    expect(preload.filter((c) => /^ipcRenderer\.(on|once|addListener)$/.test(calleeText(c))).map(firstString)).toEqual(['ledger:progress']);
    expect(preload.filter((c) => /^ipcRenderer\.(send|sendSync|sendTo|postMessage)$/.test(calleeText(c)))).toEqual([]);
  });
});

describe('the window and the package', () => {
  it('opens its one window isolated, sandboxed, without Node, webviews or insecure content', () => {
    const { text } = source('electron/main/index.ts');
    const prefs = /webPreferences:\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
    for (const [key, value] of Object.entries({
      contextIsolation: 'true', sandbox: 'true', nodeIntegration: 'false', webSecurity: 'true', allowRunningInsecureContent: 'false',
      experimentalFeatures: 'false', webviewTag: 'false', navigateOnDragDrop: 'false', disableBlinkFeatures: "'Auxclick'",
    })) {
      expect(prefs, key).toMatch(new RegExp(`\\b${key}: ${value},`));
    }
    expect(prefs).not.toMatch(/nodeIntegrationIn|enableBlinkFeatures|enableRemoteModule/);
    expect(text.match(/new BrowserWindow\(/g)).toHaveLength(1);
  });

  it('flips every fuse the checklist asks for', () => {
    const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^asar: true$/m);
    // The block's own lines (two-space `key: value`, comments skipped), read without a YAML library of ours.
    const block = /^electronFuses:\n((?:  .*\n)+)/m.exec(yml)?.[1] ?? '';
    const entries = block.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.split(/:\s*/));
    const fuses = Object.fromEntries(entries.map(([k, v]) => [k, v === 'true' ? true : v === 'false' ? false : v]));
    expect(Object.keys(fuses)).toHaveLength(entries.length); // no key twice
    const config = { electronFuses: fuses };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The electron-builder in node_modules knows each key (an unknown one would be ignored silently).
    const options = readFileSync(path.join(root, 'node_modules/app-builder-lib/out/configuration.d.ts'), 'utf8');
    const known = /interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(options)?.[1] ?? '';
    for (const key of Object.keys(config.electronFuses ?? {})) expect(known, key).toMatch(new RegExp(`\\b${key}\\?: boolean;`));
  });
});

describe('dialog and file-manager arguments from the renderer', () => {
  it('takes the filters the pages send, and drops anything else', () => {
    const ours = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }, { name: '照片（JPEG、PNG）', extensions: ['jpg', 'jpeg', 'png'] }];
    expect(dialogFilters(ours)).toEqual(ours);
    expect(dialogFilters([])).toEqual([]);
    for (const bad of [null, 'xlsx', {}, [null], [{ name: 1, extensions: [] }], [{ name: 'x', extensions: ['../exe'] }], [{ name: 'x', extensions: 'xlsx' }],
      [{ name: 'a\u0000b', extensions: ['x'] }], Array.from({ length: 11 }, () => ({ name: 'x', extensions: ['x'] })), [{ name: 'x', extensions: Array(11).fill('x') }]]) {
      expect(dialogFilters(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('a default save name is a short plain string', () => {
    expect(dialogDefaultPath('实有人口.xlsx')).toBe('实有人口.xlsx');
    for (const bad of [undefined, 3, {}, 'a\nb', '长'.repeat(1001)]) expect(dialogDefaultPath(bad)).toBeUndefined();
  });

  it('shows only absolute plain paths in the file manager', () => {
    expect(isShowablePath('/home/u/报送/月报.zip')).toBe(true);
    expect(isShowablePath('C:\\Users\\u\\报送', path.win32)).toBe(true);
    for (const bad of ['', 'relative/x', 'file:///etc/passwd', 'https://x/y', '/a\nb', 42, null, '\\\\.\\PhysicalDrive0']) expect(isShowablePath(bad, path.win32), String(bad)).toBe(false);
  });
});
