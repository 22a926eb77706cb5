// The Electron security settings in one place: window preferences, trusted senders, navigation.
import type { WebPreferences } from 'electron';

/** The custom scheme the page is served from in production (never file://). */
export const APP_SCHEME = 'app';
/** The origin of the page in production. */
export const APP_ORIGIN = `${APP_SCHEME}://workbench`;

/** The web preferences of the one window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

/** The minimal view of an IPC sender frame that the trust check needs. */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

/** True when the IPC message comes from our page's main frame at our own origin. */
export function isTrustedSender(
  frame: SenderFrameLike | null | undefined,
  devOrigin?: string,
): boolean {
  if (!frame || frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  // URL reports "null" as the origin of custom schemes, so compare scheme and host instead.
  if (url.protocol === `${APP_SCHEME}:` && url.host === 'workbench') return true;
  const origin = url.origin;
  return devOrigin !== undefined && origin === devOrigin;
}

/** True for links the OS browser may open (never other schemes). */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
