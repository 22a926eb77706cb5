// Preload: exposes exactly the contract's methods as window.pwb, plus one way to hear progress.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { PROGRESS_CHANNEL } from '../../src-shared/contract/events';
import { OPERATION_NAMES, channelOf } from '../../src-shared/contract/operations';

const bridge: Record<string, unknown> = {};
for (const name of OPERATION_NAMES) {
  bridge[name] = (request: unknown) => ipcRenderer.invoke(channelOf(name), request);
}

/**
 * The one addition to the contract's methods: progress events of the page's own calls. The
 * listener gets the event payload only (never the IPC event, which would hand the page the
 * sender), and the returned function removes it. The page may only listen on this one
 * channel; it cannot name another.
 */
bridge['onProgress'] = (listener: (event: unknown) => void): (() => void) => {
  const forward = (_event: IpcRendererEvent, progress: unknown): void => listener(progress);
  ipcRenderer.on(PROGRESS_CHANNEL, forward);
  return () => void ipcRenderer.removeListener(PROGRESS_CHANNEL, forward);
};

contextBridge.exposeInMainWorld('pwb', Object.freeze(bridge));
