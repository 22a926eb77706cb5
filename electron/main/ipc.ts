// IPC bridge, main side: one handler per contract operation, sender checked before the payload;
// progress events of a call go back to the calling frame on pwb:progress.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { OPERATION_NAMES, channelOf } from '../../src-shared/contract/operations';
import {
  EVAL_EVENT_CHANNEL,
  LIBRARY_EVENT_CHANNEL,
  PROGRESS_CHANNEL,
  RUN_EVENT_CHANNEL,
} from '../../src-shared/contract/events';
import type { LibraryChange, LibraryChangeEvent } from '../../src-shared/contract/events';
import type { Outcome } from '../../src-shared/errors';
import type { Dispatcher } from '../services/dispatch';
import { isTrustedSender } from './security';

/** The part of ipcMain the bridge uses (lets tests drive it). */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Registers every contract operation on Electron's own ipcMain (the app's one IPC door). */
export async function registerAppIpc(
  dispatcher: Dispatcher,
  options: { devOrigin?: string } = {},
): Promise<() => void> {
  // Loaded here so tests can import this module in plain Node, where electron is only a path.
  const { ipcMain } = await import('electron');
  return registerIpc(ipcMain, dispatcher, options);
}

/** Registers every contract operation as `pwb:<name>`; returns a function that removes them. */
export function registerIpc(
  ipcMain: IpcMainLike,
  dispatcher: Dispatcher,
  options: { devOrigin?: string } = {},
): () => void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(
      channelOf(name),
      async (event: IpcMainInvokeEvent, request: unknown): Promise<Outcome<unknown>> => {
        if (!isTrustedSender(event.senderFrame, options.devOrigin)) {
          return {
            ok: false,
            error: { code: 'forbidden', message: 'This window may not call the workbench.' },
          };
        }
        // Progress goes back to the frame that asked, never to other windows or frames.
        const frame = event.senderFrame;
        return dispatcher.dispatch(name, request, {
          onProgress: (progress) => {
            if (frame && !frame.isDestroyed()) frame.send(PROGRESS_CHANNEL, progress);
          },
          onRunEvent: (run) => {
            if (frame && !frame.isDestroyed()) frame.send(RUN_EVENT_CHANNEL, run);
          },
          onEvalEvent: (evaluation) => {
            if (frame && !frame.isDestroyed()) frame.send(EVAL_EVENT_CHANNEL, evaluation);
          },
        });
      },
    );
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(channelOf(name));
  };
}

/** The part of a window the library forward uses (lets tests pass plain objects). */
export interface WindowLike {
  isDestroyed(): boolean;
  webContents: { send(channel: string, payload: LibraryChangeEvent): void };
}

/**
 * A listener that sends each library change (a save, deletion or label move by anyone) to the
 * app's windows on pwb:library-event, as browser mode's event stream does.
 */
export function forwardLibraryChanges(
  windows: () => readonly WindowLike[],
): (change: LibraryChange) => void {
  return (change) => {
    for (const window of windows()) {
      if (!window.isDestroyed()) {
        window.webContents.send(LIBRARY_EVENT_CHANNEL, { operation: 'library', change });
      }
    }
  };
}
