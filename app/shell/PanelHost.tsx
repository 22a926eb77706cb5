// The main area: panel tabs, each panel mounted on first show and kept alive afterwards.
import { useEffect, useRef, useState } from 'react';
import type { ComponentType } from 'react';
import { AuditPanel } from '../features/audit/AuditPanel';
import { EditorWorkspace } from '../features/editor/EditorWorkspace';
import { ExportPanel } from '../features/export/ExportPanel';
import { DiffPanel } from '../features/history/DiffPanel';
import { HistoryPanel } from '../features/history/HistoryPanel';
import { MetricsPanel } from '../features/metrics/MetricsPanel';
import { PartialsPanel } from '../features/partials/PartialsPanel';
import { RunPanel } from '../features/run/RunPanel';
import { SideBySidePanel } from '../features/run/SideBySidePanel';
import { SchemasPanel } from '../features/schemas/SchemasPanel';
import { TestsPanel } from '../features/tests/TestsPanel';
import { EvaluationPanel } from '../features/evaluation/EvaluationPanel';
import { useWorkbench, useWorkbenchStore } from '../state/useWorkbench';
import { TabList, TabPanel, tabId } from '../ui/Tabs';
import { PANELS } from './panels';
import type { PanelId } from './panels';

/** Each panel's component (a panel without one is a compile error). */
const PANEL_COMPONENTS: Readonly<Record<PanelId, ComponentType>> = {
  editor: EditorWorkspace,
  history: HistoryPanel,
  diff: DiffPanel,
  run: RunPanel,
  compare: SideBySidePanel,
  schemas: SchemasPanel,
  partials: PartialsPanel,
  tests: TestsPanel,
  evaluation: EvaluationPanel,
  export: ExportPanel,
  metrics: MetricsPanel,
  audit: AuditPanel,
};

const PREFIX = 'main';

/** Tabs and panels of the main area. */
export function PanelHost() {
  const store = useWorkbenchStore();
  const active = useWorkbench((state) => state.ui.activeTab);
  // Panels shown at least once stay mounted (hidden), so their editors keep scroll and undo.
  const [shown, setShown] = useState<ReadonlySet<string>>(() => new Set([active]));
  if (!shown.has(active)) setShown(new Set(shown).add(active));

  // A panel shown by a shortcut, the palette or an action (Compare shows the diff) hides the one
  // holding focus: focus goes to the new panel's tab, one Tab away from its content, instead of
  // being lost with the hidden panel (or left on the old panel's tab).
  const previous = useRef(active);
  useEffect(() => {
    if (previous.current === active) return;
    previous.current = active;
    const focused = document.activeElement;
    const lost =
      focused === null ||
      focused === document.body ||
      focused.closest('[role="tabpanel"][hidden]') !== null ||
      // On the tab of the panel just left: follow to the one shown.
      focused.id.startsWith(`${PREFIX}-tab-`);
    if (lost) document.getElementById(tabId(PREFIX, active))?.focus();
  }, [active]);

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
        if (!shown.has(panel.id) && panel.id !== active) return null;
        const Component = PANEL_COMPONENTS[panel.id];
        return (
          <TabPanel
            key={panel.id}
            idPrefix={PREFIX}
            tab={panel.id}
            hidden={panel.id !== active}
            className="panels__panel"
          >
            <Component />
          </TabPanel>
        );
      })}
    </div>
  );
}
