// Electron security defaults: no navigation, no new windows, no permissions, a strict CSP.
// The decisions live in policy.ts; this file only hands them to Electron.
import { app, session, type WebContents } from 'electron';
import { allowNavigation, allowPermission, allowRedirect, allowWebview, buildCsp, windowOpenAction } from './policy';

export function hardenSession() {
  const ses = session.defaultSession;
  const csp = buildCsp();
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

export function hardenContents(contents: WebContents) {
  contents.on('will-navigate', (event) => {
    if (!allowNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!allowRedirect(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler((details) => ({ action: windowOpenAction(details.url) }));
  contents.on('will-attach-webview', (event, _prefs, params) => {
    if (!allowWebview(params.src)) event.preventDefault();
  });
}

export function hardenApp() {
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
}
