// Electron main process: one instance, one window, services on the user-data database.
import { BrowserWindow, app, net, protocol, safeStorage, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KeychainVault } from '../services/models/keyVault';
import { openWorkbench } from '../services/workbench';
import { watchLibraryChanges } from '../services/audit/libraryChanges';
import { CONTENT_SECURITY_POLICY } from '../server/security';
import { forwardLibraryChanges, registerAppIpc } from './ipc';
import { installMenu } from './menu';
import { APP_ORIGIN, APP_SCHEME } from './security';
import { createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '../renderer');
const devServer = process.env.PWB_DEV_SERVER_URL;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  void app.whenReady().then(start);
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
    const file = join(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep)) return new Response('Forbidden', { status: 403 });
    const target = existsSync(file) ? file : join(rendererDir, 'index.html');
    const response = await net.fetch(pathToFileURL(target).toString());
    const headers = new Headers(response.headers);
    if (target.endsWith('.html')) headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const dbPath = process.env.PWB_DB ?? join(userData, 'workbench.db');
  const workbench = await openWorkbench({
    dbPath,
    transport: 'ipc',
    appVersion: app.getVersion(),
    seedIfNew: true,
    // Keys a person types are sealed by the OS keychain in a file beside the app's settings,
    // never in the library; keys not stored there come from the environment.
    vault: new KeychainVault(join(userData, 'provider-keys.json'), safeStorage, process.env),
    log: { error: (message, cause) => console.error(message, cause) },
  });
  const devOrigin = devServer ? new URL(devServer).origin : undefined;
  await registerAppIpc(workbench.dispatcher, devOrigin ? { devOrigin } : {});
  // Saves and label moves by anyone (this window, pwb in a terminal) reach the page live.
  const stopWatching = watchLibraryChanges(
    workbench.services.db,
    forwardLibraryChanges(() => BrowserWindow.getAllWindows()),
  );

  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer();
  installMenu();

  createMainWindow({
    preloadPath: join(here, '../preload/index.cjs'),
    url: devServer ?? `${APP_ORIGIN}/index.html`,
    userData,
  });
  // Copied a step at a time, so the window is served while a large library is backed up.
  workbench.backupInBackground().catch((error: unknown) => {
    if (workbench.services.db.open) console.error('daily backup failed', error);
  });

  app.on('window-all-closed', () => {
    // The database closes a microtask from now (once a running backup is done), long before
    // Electron gets round to quitting; import threads end with the process.
    stopWatching();
    workbench.dispose().catch((error: unknown) => console.error('closing failed', error));
    app.quit();
  });
}
