// Entry point of the renderer: picks the transport, builds the store, restores the session, renders.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { pickTransport } from './api/transport';
import { loadMonaco } from './monaco/loadMonaco';
import { Workbench } from './shell/Workbench';
import { STORAGE_KEYS } from './state/storage';
import { createWorkbenchStore } from './state/store';
import { WorkbenchProvider } from './state/useWorkbench';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/panels.css';

const api = createClient(pickTransport());
const store = createWorkbenchStore(api, { storage: window.localStorage });

void store.getState().refreshLibrary();
void store.getState().loadCatalog();
const last = window.localStorage.getItem(STORAGE_KEYS.lastPrompt);
if (last) void store.getState().openPrompt(last);

// Warm the editor's large bundle while the user looks at the library, so opening a prompt is quick.
const warmUp = (): void => void loadMonaco();
if ('requestIdleCallback' in window) window.requestIdleCallback(warmUp, { timeout: 4000 });
else setTimeout(warmUp, 1500);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <WorkbenchProvider store={store}>
        <Workbench />
      </WorkbenchProvider>
    </StrictMode>,
  );
}
