// The code editor loaded on demand: Monaco is megabytes, and a panel should show before it arrives.
import { Suspense, lazy } from 'react';
import type { CodeEditorProps } from './CodeEditor';

const Editor = lazy(() =>
  import('./CodeEditor').then((module) => ({ default: module.CodeEditor })),
);

/** A CodeEditor that shows a quiet placeholder while Monaco loads. */
export function LazyCodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<p className="hint code-editor__loading">Loading editor…</p>}>
      <Editor {...props} />
    </Suspense>
  );
}
