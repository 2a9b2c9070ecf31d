// Serves the built renderer from app://ledger/ instead of file://, so the CSP's 'self' is a real
// origin and no page can read arbitrary files.
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';

export const APP_ORIGIN = 'app://ledger';

export function registerScheme() {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string) {
  const root = normalize(rendererDir + sep);
  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    if (url.host !== 'ledger') return new Response('not found', { status: 404 });
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root)) return new Response('forbidden', { status: 403 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
