// The Editor tab: the template (and details) above, variables and the live preview side by side below.
import { useEffect, useState } from 'react';
import { CommandButton } from '../../commands/CommandButton';
import { formatBinding } from '../../commands/registry';
import { IS_MAC } from '../../commands/useShortcuts';
import { completionNamesChanged, setCompletionSource } from '../../monaco/templateLanguage';
import { selectVariableFields } from '../../state/previewSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { ResizablePane } from '../../shell/ResizablePane';
import { PANE_SIZES } from '../../shell/paneSizes';
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
  return (
    <div className="welcome">
      <h2 className="welcome__title">Prompt Workbench</h2>
      <p>Pick a prompt in the library on the left, or start one.</p>
      <div className="welcome__actions">
        <CommandButton command="prompt.new" tone="primary">
          New prompt
        </CommandButton>
        <CommandButton command="library.import">Import folder…</CommandButton>
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
    // Editors re-check their partial references when the library's partials change.
    return store.subscribe((state, previous) => {
      if (state.catalog.partials !== previous.catalog.partials) completionNamesChanged();
    });
  }, [store]);
}

/** The Editor tab's content. */
export function EditorWorkspace() {
  useCompletionSource();
  const status = useWorkbench((state) => state.editor.status);
  const error = useWorkbench((state) => state.editor.error);
  const hasDocument = useWorkbench((state) => state.editor.document !== null);
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
      <ResizablePane size={PANE_SIZES.editorTop} className="workspace__top">
        <TemplatePanel />
        {detailsOpen ? (
          <ResizablePane size={PANE_SIZES.details} className="workspace__details">
            <DetailsPanel />
          </ResizablePane>
        ) : null}
      </ResizablePane>
      <div className="workspace__bottom">
        <ResizablePane size={PANE_SIZES.variables} className="workspace__variables">
          <VariablesPanel />
        </ResizablePane>
        <PreviewPanel />
      </div>
    </div>
  );
}
