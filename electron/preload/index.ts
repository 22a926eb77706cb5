// Preload: exposes exactly the contract's methods as window.pwb, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { OPERATION_NAMES, channelOf } from '../../src-shared/contract/operations';

const bridge: Record<string, (request: unknown) => Promise<unknown>> = {};
for (const name of OPERATION_NAMES) {
  bridge[name] = (request: unknown) => ipcRenderer.invoke(channelOf(name), request);
}

contextBridge.exposeInMainWorld('pwb', Object.freeze(bridge));
