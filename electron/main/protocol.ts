// Serves the built renderer from app://ledger/ instead of file://, so the CSP's 'self' is a real
// origin and no page can read arbitrary files. Which file a URL means is decided in policy.ts.
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { APP_SCHEME, buildCsp, resolveAppFile } from './policy';

export function registerScheme() {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string) {
  const csp = buildCsp();
  protocol.handle(APP_SCHEME, async (request) => {
    const target = resolveAppFile(request.url, rendererDir);
    if (!target.ok) return new Response(null, { status: target.status });
    const file = await net.fetch(pathToFileURL(target.file).toString());
    // webRequest's header hook (security.ts) is not reliably run for custom schemes; set it here too.
    const headers = new Headers(file.headers);
    headers.set('Content-Security-Policy', csp);
    return new Response(file.body, { status: file.status, statusText: file.statusText, headers });
  });
}
