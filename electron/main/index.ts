// Electron main process: one instance, one window, services on the library chosen (the user-data
// database by default, or another file or a team library picked in the library switcher).
import { BrowserWindow, app, net, protocol, safeStorage, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KeychainVault } from '../services/models/keyVault';
import { LibraryHost, keychainPasswords, rememberedLibrary } from '../services/library/libraryHost';
import type { LibraryHostOptions } from '../services/library/libraryHost';
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
  const ownLibrary = join(userData, 'workbench.db');
  // PWB_DB wins; else the library chosen last in the switcher; else the app's own file.
  const initial = process.env.PWB_DB ?? rememberedLibrary(userData) ?? ownLibrary;
  const options: Omit<LibraryHostOptions, 'initial'> = {
    transport: 'ipc',
    appVersion: app.getVersion(),
    seedIfNew: true,
    folder: userData,
    // Passwords typed in the library switcher are sealed by the OS keychain in a file beside
    // the settings; the list of libraries holds URLs without them.
    passwords: keychainPasswords(
      new KeychainVault(join(userData, 'library-passwords.json'), safeStorage),
    ),
    // Keys a person types are sealed by the OS keychain in a file beside the app's settings,
    // never in the library; keys not stored there come from the environment.
    vault: new KeychainVault(join(userData, 'provider-keys.json'), safeStorage, process.env),
    recordInitial: true,
    log: { error: (message, cause) => console.error(message, cause) },
    attach: async (library) => {
      // Copied a step at a time, so the window is served while a large library is backed up.
      const workbench = library.sqlite;
      workbench?.backupInBackground().catch((error: unknown) => {
        if (workbench.services.db.open) console.error('daily backup failed', error);
      });
      // Saves and label moves by anyone (this window, pwb in a terminal, a teammate's workbench
      // on a team library) reach the page live.
      const tell = forwardLibraryChanges(() => BrowserWindow.getAllWindows());
      if (library.postgres) return library.postgres.library.subscribe(tell);
      if (workbench) {
        const stopWatching = watchLibraryChanges(workbench.services.db, tell);
        return async () => stopWatching();
      }
      return undefined;
    },
  };
  let host: LibraryHost;
  try {
    host = await LibraryHost.start({ ...options, initial });
  } catch (error) {
    // A remembered team library that cannot be reached now: open the app's own library instead
    // (the switcher goes back to it once the server answers).
    if (initial === ownLibrary || process.env.PWB_DB !== undefined) throw error;
    console.error(`could not open ${initial}; opening ${ownLibrary}`, error);
    host = await LibraryHost.start({ ...options, initial: ownLibrary });
  }
  const devOrigin = devServer ? new URL(devServer).origin : undefined;
  // The dispatcher stays while the library behind it changes; the page reloads after a switch.
  await registerAppIpc(host.dispatcher, devOrigin ? { devOrigin } : {});

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

  app.on('window-all-closed', () => {
    // The database closes a microtask from now (once a running backup is done), long before
    // Electron gets round to quitting; import threads end with the process.
    host.dispose().catch((error: unknown) => console.error('closing failed', error));
    app.quit();
  });
}
