// The one application window: hardened preferences, remembered bounds, navigation locked down.
import { BrowserWindow, shell } from 'electron';
import type { Rectangle } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExternalLink, secureWebPreferences } from './security';

interface WindowState {
  bounds?: Rectangle;
  maximized?: boolean;
}

function readState(file: string): WindowState {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return value && typeof value === 'object' ? (value as WindowState) : {};
  } catch {
    return {};
  }
}

/** Creates the main window, loads the page and keeps its size and position between runs. */
export function createMainWindow(options: {
  preloadPath: string;
  url: string;
  userData: string;
}): BrowserWindow {
  const stateFile = join(options.userData, 'window-state.json');
  const state = readState(stateFile);
  const window = new BrowserWindow({
    width: state.bounds?.width ?? 1400,
    height: state.bounds?.height ?? 900,
    ...(state.bounds ? { x: state.bounds.x, y: state.bounds.y } : {}),
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Prompt Workbench',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (state.maximized) window.maximize();

  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  const save = () => {
    const current: WindowState = {
      bounds: window.getNormalBounds(),
      maximized: window.isMaximized(),
    };
    try {
      writeFileSync(stateFile, JSON.stringify(current));
    } catch {
      // Losing the window position is not worth interrupting the user for.
    }
  };
  window.on('close', save);

  void window.loadURL(options.url);
  return window;
}
