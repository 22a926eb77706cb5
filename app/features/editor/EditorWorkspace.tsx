// The Editor tab: the template (and details) above, variables and the live preview side by side below.
import { useEffect, useState } from 'react';
import { formatBinding } from '../../commands/registry';
import { IS_MAC } from '../../commands/useShortcuts';
import { setCompletionSource } from '../../monaco/templateLanguage';
import { selectVariableFields } from '../../state/previewSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { usePersistentSize } from '../../shell/usePersistentSize';
import { Splitter } from '../../ui/Splitter';
import { PreviewPanel } from '../preview/PreviewPanel';
import { VariablesPanel } from '../variables/VariablesPanel';
import { DetailsPanel } from './DetailsPanel';
import { EditorHeader, EditorNotices } from './EditorHeader';
import { TemplatePanel } from './TemplatePanel';

const WELCOME_KEYS = [
  ['Mod+K', 'All commands'],
  ['Mod+P', 'Search prompts'],
  ['Mod+S', 'Save a version'],
  ['Alt+N', 'New prompt'],
] as const;

function Welcome() {
  const store = useWorkbenchStore();
  return (
    <div className="welcome">
      <h2 className="welcome__title">Prompt Workbench</h2>
      <p>Pick a prompt in the library on the left, or start one.</p>
      <div className="welcome__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => store.getState().openDialog({ kind: 'new' })}
        >
          New prompt
        </button>
        <button
          type="button"
          className="button"
          onClick={() => store.getState().openDialog({ kind: 'import' })}
        >
          Import folder…
        </button>
      </div>
      <dl className="welcome__keys">
        {WELCOME_KEYS.map(([binding, what]) => (
          <div key={binding} className="welcome__key">
            <dt>
              <kbd>{formatBinding(binding, IS_MAC)}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Feeds editor completion from the open prompt's variables and the library's partials. */
function useCompletionSource(): void {
  const store = useWorkbenchStore();
  useEffect(() => {
    setCompletionSource(() => {
      const state = store.getState();
      const inline = Object.keys(state.editor.document?.template?.partials ?? {});
      return {
        variables: selectVariableFields(state).map((field) => ({
          name: field.name,
          detail: field.inTemplate ? `variable · ${field.kind}` : `input schema · ${field.kind}`,
        })),
        partials: [...state.catalog.partials.map((partial) => partial.name), ...inline],
      };
    });
  }, [store]);
}

/** The Editor tab's content. */
export function EditorWorkspace() {
  useCompletionSource();
  const status = useWorkbench((state) => state.editor.status);
  const error = useWorkbench((state) => state.editor.error);
  const hasDocument = useWorkbench((state) => state.editor.document !== null);
  const [topHeight, setTopHeight] = usePersistentSize('editor.top', 380);
  const [variablesWidth, setVariablesWidth] = usePersistentSize('editor.variables', 340);
  const [detailsWidth, setDetailsWidth] = usePersistentSize('editor.details', 300);
  const [detailsOpen, setDetailsOpen] = useState(false);

  if (status === 'empty') return <Welcome />;
  if (status === 'error') {
    return (
      <div className="welcome">
        <p className="inline-error" role="alert">
          {error?.message ?? 'The prompt could not be opened.'}
        </p>
      </div>
    );
  }
  if (!hasDocument)
    return (
      <div className="welcome" aria-busy="true">
        Opening…
      </div>
    );
  return (
    <div className="workspace">
      <EditorHeader
        detailsOpen={detailsOpen}
        onToggleDetails={() => setDetailsOpen(!detailsOpen)}
      />
      <EditorNotices />
      <div className="workspace__top" style={{ height: topHeight }}>
        <TemplatePanel />
        {detailsOpen ? (
          <>
            <Splitter
              label="Resize details"
              orientation="vertical"
              value={detailsWidth}
              min={220}
              max={640}
              invert
              onChange={setDetailsWidth}
            />
            <div className="workspace__details" style={{ width: detailsWidth }}>
              <DetailsPanel />
            </div>
          </>
        ) : null}
      </div>
      <Splitter
        label="Resize template and preview"
        orientation="horizontal"
        value={topHeight}
        min={120}
        max={1600}
        onChange={setTopHeight}
      />
      <div className="workspace__bottom">
        <div className="workspace__variables" style={{ width: variablesWidth }}>
          <VariablesPanel />
        </div>
        <Splitter
          label="Resize variables and preview"
          orientation="vertical"
          value={variablesWidth}
          min={200}
          max={900}
          onChange={setVariablesWidth}
        />
        <PreviewPanel />
      </div>
    </div>
  );
}
