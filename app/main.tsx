// Entry point of the renderer: starts the library request at once, then loads the workbench.
import { createClient } from './api/client';
import { primingTransport } from './api/primedCalls';
import { pickTransport } from './api/transport';
import { primeStartupRequests } from './startup';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/panels.css';
import './styles/featurePanels.css';

const transport = primingTransport(pickTransport());
primeStartupRequests(transport);
const api = createClient(transport);

const root = document.getElementById('root');
if (root) {
  // The workbench (React, the shell, the state) is its own chunk, preloaded by index.html, so
  // this entry runs as soon as it arrives and the library request does not wait for it.
  import('./startWorkbench').then(
    ({ startWorkbench }) => startWorkbench(api, root),
    () => {
      root.textContent = 'The workbench could not be loaded. Reload the window.';
    },
  );
}
