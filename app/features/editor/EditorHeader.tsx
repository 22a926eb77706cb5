// The strip above the editor: which prompt and version, its save state, and its main actions.
import { isDirty } from '../../state/editorSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Toolbar } from '../../ui/Toolbar';
import { Button } from '../../ui/Button';

/** The editor header with "Save version". */
export function EditorHeader(props: { detailsOpen: boolean; onToggleDetails: () => void }) {
  const store = useWorkbenchStore();
  // Only what the header shows: the working copy changes on every keystroke, these rarely do.
  const id = useWorkbench((state) => state.editor.document?.id);
  const format = useWorkbench((state) => state.editor.document?.format);
  const status = useWorkbench((state) => state.editor.document?.status);
  const base = useWorkbench((state) => state.editor.base);
  const hasSaved = useWorkbench((state) => state.editor.saved !== null);
  const saving = useWorkbench((state) => state.editor.saving);
  const dirty = useWorkbench((state) => isDirty(state.editor));
  if (id === undefined) return null;
  return (
    <div className="editor-header">
      <div className="editor-header__title">
        <span className="editor-header__id" title={id}>
          {id}
        </span>
        <span className="badge badge--version">{base ?? 'new'}</span>
        <span className="badge">{format}</span>
        <span className={`badge badge--${status}`}>{status}</span>
        {dirty ? (
          <span className="editor-header__state editor-header__state--dirty">
            <span aria-hidden="true">●</span> Unsaved
          </span>
        ) : (
          <span className="editor-header__state">Saved</span>
        )}
      </div>
      <Toolbar label="Prompt actions" className="editor-header__actions">
        <Button small aria-pressed={props.detailsOpen} onClick={props.onToggleDetails}>
          Details
        </Button>
        {hasSaved ? (
          <Button small disabled={!dirty} onClick={() => void store.getState().discardChanges()}>
            Discard
          </Button>
        ) : null}
        {hasSaved ? (
          <Button
            small
            tone="quiet"
            onClick={() => store.getState().openDialog({ kind: 'delete', id })}
          >
            Delete…
          </Button>
        ) : null}
        <Button
          small
          tone="primary"
          disabled={!dirty || saving}
          onClick={() => store.getState().openDialog({ kind: 'save' })}
          aria-keyshortcuts="Control+S Meta+S"
        >
          Save version
        </Button>
      </Toolbar>
    </div>
  );
}

/** Notices about the working copy: a restored draft, a refused save. */
export function EditorNotices() {
  const store = useWorkbenchStore();
  const restored = useWorkbench((state) => state.editor.restored);
  const conflict = useWorkbench((state) => state.editor.conflict);
  const base = useWorkbench((state) => state.editor.base);
  const saved = useWorkbench((state) => state.editor.saved);
  const dirty = useWorkbench((state) => isDirty(state.editor));
  if (conflict) {
    return (
      <div className="notice notice--warning" role="alert">
        <span>
          Someone saved {conflict.current} meanwhile; your edits are based on {base ?? 'nothing'}.
        </span>
        <Button small onClick={() => void store.getState().rebaseOnCurrent()}>
          Rebase
        </Button>
        <Button small onClick={() => void store.getState().discardChanges()}>
          Discard my changes
        </Button>
      </div>
    );
  }
  if (restored && dirty) {
    return (
      <div className="notice" role="status">
        <span>
          Restored unsaved changes from your last session
          {base
            ? ` (based on ${base}${saved && saved.version !== base ? `; current is ${saved.version}` : ''})`
            : ''}
          .
        </span>
        {saved ? (
          <Button small onClick={() => void store.getState().discardChanges()}>
            Discard them
          </Button>
        ) : null}
      </div>
    );
  }
  return null;
}
