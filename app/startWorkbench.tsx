// Starts the workbench over a ready API client: the store, the restored session, React, warm-ups.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Api } from '../src-shared/contract/operations';
import { loadMonaco } from './monaco/loadMonaco';
import { Workbench } from './shell/Workbench';
import { STORAGE_KEYS } from './state/storage';
import { createWorkbenchStore } from './state/store';
import { WorkbenchProvider } from './state/useWorkbench';

/** Builds the store over `api`, asks for the library and renders the workbench into `root`. */
export function startWorkbench(api: Api, root: HTMLElement): void {
  const store = createWorkbenchStore(api, { storage: window.localStorage });
  // The library comes first (its first page is already on its way); schema and partial names
  // serve the editor, so they wait for it instead of competing with it.
  void store
    .getState()
    .refreshLibrary()
    .finally(() => void store.getState().loadCatalog());
  void store.getState().checkLibrary();
  // Others' saves and label moves show in the list, the history and the editor as they happen.
  void store.getState().startLiveUpdates();
  const last = window.localStorage.getItem(STORAGE_KEYS.lastPrompt);
  if (last) void store.getState().openPrompt(last);

  // Warm the editor's large bundle while the user looks at the library, so opening a prompt is quick.
  const warmUp = (): void => void loadMonaco();
  if ('requestIdleCallback' in window) window.requestIdleCallback(warmUp, { timeout: 4000 });
  else setTimeout(warmUp, 1500);

  createRoot(root).render(
    <StrictMode>
      <WorkbenchProvider store={store}>
        <Workbench />
      </WorkbenchProvider>
    </StrictMode>,
  );
}
