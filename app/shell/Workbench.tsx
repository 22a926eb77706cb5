// The window: library sidebar, resizable main area with panel tabs, status bar, overlays.
import { useEffect } from 'react';
import { CommandPalette } from '../commands/CommandPalette';
import { useShortcuts } from '../commands/useShortcuts';
import { WORKBENCH_COMMANDS } from '../commands/workbenchCommands';
import { LibrarySidebar } from '../features/library/LibrarySidebar';
import { useWorkbenchStore } from '../state/useWorkbench';
import { Toasts } from '../ui/Toasts';
import { Dialogs } from './Dialogs';
import { FaultBanner } from './FaultBanner';
import { PanelHost } from './PanelHost';
import { ResizablePane } from './ResizablePane';
import { PANE_SIZES } from './paneSizes';
import { StatusBar } from './StatusBar';

/** The whole workbench. */
export function Workbench() {
  const store = useWorkbenchStore();
  useShortcuts(WORKBENCH_COMMANDS);

  useEffect(() => {
    // Write a pending draft when the window goes away or is hidden (hot exit).
    const flush = (): void => store.getState().flushDraft();
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [store]);

  return (
    <div className="workbench">
      <FaultBanner />
      <div className="workbench__body">
        {/* The splitter belongs to the sidebar's landmark, not to the page at large. */}
        <aside className="workbench__side" aria-label="Library sidebar">
          <ResizablePane size={PANE_SIZES.sidebar} className="workbench__sidebar">
            <LibrarySidebar />
          </ResizablePane>
        </aside>
        <main className="workbench__main">
          <PanelHost />
        </main>
      </div>
      <StatusBar />
      <CommandPalette commands={WORKBENCH_COMMANDS} />
      <Dialogs />
      <Toasts />
    </div>
  );
}
