// The strip above the editor: which prompt and version, its save state, and its main actions.
import { isDirty } from '../../state/editorSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Toolbar } from '../../ui/Toolbar';
import { Button } from '../../ui/Button';

/** The editor header with "Save version". */
export function EditorHeader(props: { detailsOpen: boolean; onToggleDetails: () => void }) {
  const store = useWorkbenchStore();
  const editor = useWorkbench((state) => state.editor);
  const dirty = isDirty(editor);
  const document = editor.document;
  if (!document) return null;
  return (
    <div className="editor-header">
      <div className="editor-header__title">
        <span className="editor-header__id" title={document.id}>
          {document.id}
        </span>
        <span className="badge badge--version">{editor.base ?? 'new'}</span>
        <span className="badge">{document.format}</span>
        <span className={`badge badge--${document.status}`}>{document.status}</span>
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
        {editor.saved ? (
          <Button small disabled={!dirty} onClick={() => void store.getState().discardChanges()}>
            Discard
          </Button>
        ) : null}
        {editor.saved ? (
          <Button
            small
            tone="quiet"
            onClick={() => store.getState().openDialog({ kind: 'delete', id: document.id })}
          >
            Delete…
          </Button>
        ) : null}
        <Button
          small
          tone="primary"
          disabled={!dirty || editor.saving}
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
  const { restored, conflict, base, saved } = useWorkbench((state) => state.editor);
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
