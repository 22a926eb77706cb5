// Preload: exposes exactly the contract's methods as window.pwb, plus ways to hear job events.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import {
  EVAL_EVENT_CHANNEL,
  LIBRARY_EVENT_CHANNEL,
  PROGRESS_CHANNEL,
  RUN_EVENT_CHANNEL,
} from '../../src-shared/contract/events';
import { OPERATION_NAMES, channelOf } from '../../src-shared/contract/operations';

const bridge: Record<string, unknown> = {};
for (const name of OPERATION_NAMES) {
  bridge[name] = (request: unknown) => ipcRenderer.invoke(channelOf(name), request);
}

/**
 * A listener on one of our event channels. It gets the event payload only (never the IPC event,
 * which would hand the page the sender), and the returned function removes it. The page may only
 * listen on the channels named here; it cannot name another.
 */
const listenOn =
  (channel: string) =>
  (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  };

// The additions to the contract's methods: progress events, model-run events and evaluation
// events of the page's own calls, and changes to the library by anyone.
bridge['onProgress'] = listenOn(PROGRESS_CHANNEL);
bridge['onRunEvent'] = listenOn(RUN_EVENT_CHANNEL);
bridge['onEvalEvent'] = listenOn(EVAL_EVENT_CHANNEL);
bridge['onLibraryEvent'] = listenOn(LIBRARY_EVENT_CHANNEL);

contextBridge.exposeInMainWorld('pwb', Object.freeze(bridge));
