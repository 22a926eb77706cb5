// Loads Monaco on first use, so the shell paints before the editor's large bundle arrives.
import type * as Monaco from 'monaco-editor/editor/editor.api';

let loading: Promise<typeof Monaco> | null = null;

/** Monaco with our language and themes registered (loaded once). */
export function loadMonaco(): Promise<typeof Monaco> {
  loading ??= import('./monaco').then((module) => module.monaco);
  return loading;
}
