// A stand-in for Electron's main-process API that records what the app asks of it, so the bundled
// main process can run under plain Node in tests where no Electron runtime is installed.
/* global Response, Buffer */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const seen = {
  handlers: new Map(),
  windows: [],
  protocols: new Map(),
  appEvents: {},
  quit: false,
};
globalThis.__electronStandIn = seen;

export const app = {
  requestSingleInstanceLock: () => true,
  on: (name, listener) => void (seen.appEvents[name] = listener),
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.PWB_STAND_IN_USER_DATA,
  getVersion: () => '0.0.0-stand-in',
  quit: () => void (seen.quit = true),
};

export class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.listeners = {};
    this.webContents = {
      setWindowOpenHandler: (handler) => void (this.openHandler = handler),
      on: (name, listener) => void (this.listeners[`contents:${name}`] = listener),
      getURL: () => this.url,
    };
    seen.windows.push(this);
  }
  static getAllWindows() {
    return seen.windows;
  }
  maximize() {}
  restore() {}
  focus() {}
  isMinimized() {
    return false;
  }
  once(name, listener) {
    this.listeners[name] = listener;
  }
  on(name, listener) {
    this.listeners[name] = listener;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
  isMaximized() {
    return false;
  }
  loadURL(url) {
    this.url = url;
    return Promise.resolve();
  }
}

export const ipcMain = {
  handle: (channel, handler) => void seen.handlers.set(channel, handler),
  removeHandler: (channel) => void seen.handlers.delete(channel),
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => void (seen.schemes = schemes),
  handle: (scheme, handler) => void seen.protocols.set(scheme, handler),
};

export const net = {
  fetch: async (url) => new Response(await readFile(fileURLToPath(url))),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => void (seen.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => void (seen.permissionCheck = handler),
  },
};

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: (menu) => void (seen.menu = menu),
};

export const shell = { openExternal: async () => undefined };

// The OS keychain, standing in as a reversible scrambling (never the plain text on disk), so
// tests can see that a typed key is sealed before it is written.
const scramble = (buffer) => Buffer.from(buffer.map((byte) => byte ^ 0x5a));
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => scramble(Buffer.from(`sealed:${plain}`, 'utf8')),
  decryptString: (sealed) =>
    scramble(sealed)
      .toString('utf8')
      .replace(/^sealed:/, ''),
};
