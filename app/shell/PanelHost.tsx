// The main area: panel tabs, each panel loaded on first show and kept alive afterwards.
import { useEffect, useState } from 'react';
import type { ComponentType } from 'react';
import { useWorkbench, useWorkbenchStore } from '../state/useWorkbench';
import { TabList, TabPanel } from '../ui/Tabs';
import { PANELS } from './panels';

const PREFIX = 'main';

/** Tabs and panels of the main area. */
export function PanelHost() {
  const store = useWorkbenchStore();
  const active = useWorkbench((state) => state.ui.activeTab);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, ComponentType>>(new Map());
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    if (loaded.has(active)) return;
    const panel = PANELS.find((entry) => entry.id === active);
    if (!panel) return;
    let cancelled = false;
    panel.load().then(
      (component) => {
        if (!cancelled) setLoaded((map) => new Map(map).set(panel.id, component));
      },
      () => {
        if (!cancelled) setFailed(panel.id);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [active, loaded]);

  return (
    <div className="panels">
      <TabList
        label="Panels"
        idPrefix={PREFIX}
        tabs={PANELS}
        active={active}
        onSelect={(id) => store.getState().showTab(id)}
        className="panels__tabs"
      />
      {PANELS.map((panel) => {
        const Component = loaded.get(panel.id);
        const shown = panel.id === active;
        if (!Component && !shown) return null;
        return (
          <TabPanel
            key={panel.id}
            idPrefix={PREFIX}
            tab={panel.id}
            hidden={!shown}
            className="panels__panel"
          >
            {Component ? (
              <Component />
            ) : failed === panel.id ? (
              <p className="inline-error">This panel could not be loaded. Reload the window.</p>
            ) : (
              <p className="empty-state">Loading…</p>
            )}
          </TabPanel>
        );
      })}
    </div>
  );
}
