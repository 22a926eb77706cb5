// The panel registry: every tab of the main area, each loaded on first show.
import type { ComponentType } from 'react';

/** One panel of the main area. */
export interface PanelEntry {
  id: string;
  title: string;
  /** Loads the panel's component (code-split: a panel's code arrives when first shown). */
  load: () => Promise<ComponentType>;
}

// Feature panels by file; a panel another helper has not written yet is simply absent here.
const featureModules = import.meta.glob<Record<string, ComponentType | undefined>>(
  '../features/*/*Panel.tsx',
);

function Unavailable() {
  return null;
}

/** Loads `<Name>` from `app/features/<folder>/<Name>.tsx`. */
function feature(folder: string, name: string): () => Promise<ComponentType> {
  return async () => {
    const loader = featureModules[`../features/${folder}/${name}.tsx`];
    if (!loader) return Unavailable;
    const module = await loader();
    return module[name] ?? Unavailable;
  };
}

/** The panels, in tab order. */
export const PANELS: readonly PanelEntry[] = [
  {
    id: 'editor',
    title: 'Editor',
    load: () => import('../features/editor/EditorWorkspace').then((m) => m.EditorWorkspace),
  },
  {
    id: 'history',
    title: 'History',
    load: () => import('../features/history/HistoryPanel').then((m) => m.HistoryPanel),
  },
  {
    id: 'diff',
    title: 'Diff',
    load: () => import('../features/history/DiffPanel').then((m) => m.DiffPanel),
  },
  { id: 'schemas', title: 'Schemas', load: feature('schemas', 'SchemasPanel') },
  { id: 'partials', title: 'Partials', load: feature('partials', 'PartialsPanel') },
  { id: 'export', title: 'Export', load: feature('export', 'ExportPanel') },
  { id: 'metrics', title: 'Metrics', load: feature('metrics', 'MetricsPanel') },
  { id: 'audit', title: 'Audit', load: feature('audit', 'AuditPanel') },
];

/** The panel with this id, if any. */
export function panelById(id: string): PanelEntry | undefined {
  return PANELS.find((panel) => panel.id === id);
}
