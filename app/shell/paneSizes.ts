// Every resizable pane of the window: where its size is remembered, its default and its limits.

/** One resizable pane; `key` names its size in the saved layout. */
export interface PaneSize {
  key: string;
  /** The splitter's accessible name. */
  label: string;
  /** "vertical": a width, splitter beside the pane; "horizontal": a height, splitter below. */
  orientation: 'vertical' | 'horizontal';
  initial: number;
  min: number;
  max: number;
  /** The pane comes after its splitter (dragging towards it shrinks it). */
  after?: boolean;
}

/** A pane whose width is set, its splitter beside it. */
const width = (key: string, label: string, initial: number, [min, max]: [number, number]) =>
  ({ key, label, orientation: 'vertical', initial, min, max }) satisfies PaneSize;

/** A pane whose height is set, its splitter below it. */
const height = (key: string, label: string, initial: number, [min, max]: [number, number]) =>
  ({ key, label, orientation: 'horizontal', initial, min, max }) satisfies PaneSize;

/** The window's resizable panes. */
export const PANE_SIZES = {
  sidebar: width('sidebar', 'Resize library', 300, [200, 640]),
  editorTop: height('editor.top', 'Resize template and preview', 380, [120, 1600]),
  // The details pane sits right of the template: its splitter comes first.
  details: { ...width('editor.details', 'Resize details', 300, [220, 640]), after: true },
  variables: width('editor.variables', 'Resize variables and preview', 340, [200, 900]),
  diffTemplate: height('diff.template', 'Resize template and settings diffs', 360, [120, 2000]),
} satisfies Record<string, PaneSize>;
