// Serves the built renderer from app://ledger/ instead of file://, so the CSP's 'self' is a real
// origin and no page can read arbitrary files. Which file a URL means is decided in policy.ts.
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { APP_SCHEME, resolveAppFile } from './policy';

export function registerScheme() {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string) {
  protocol.handle(APP_SCHEME, (request) => {
    const target = resolveAppFile(request.url, rendererDir);
    if (!target.ok) return new Response(null, { status: target.status });
    return net.fetch(pathToFileURL(target.file).toString());
  });
}
