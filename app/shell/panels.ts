// The panel registry: every tab of the main area, in order (components live in PanelHost).

/** The panels of the main area, in tab order. */
export const PANELS = [
  { id: 'editor', title: 'Editor' },
  { id: 'history', title: 'History' },
  { id: 'diff', title: 'Diff' },
  { id: 'run', title: 'Run' },
  { id: 'compare', title: 'Side by side' },
  { id: 'schemas', title: 'Schemas' },
  { id: 'partials', title: 'Partials' },
  { id: 'tests', title: 'Tests' },
  { id: 'evaluation', title: 'Evaluation' },
  { id: 'export', title: 'Export' },
  { id: 'metrics', title: 'Metrics' },
  { id: 'audit', title: 'Audit' },
] as const;

/** One panel's id. */
export type PanelId = (typeof PANELS)[number]['id'];
