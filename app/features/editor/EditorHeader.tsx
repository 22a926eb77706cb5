// The strip above the editor: which prompt and version, its save state, and its main actions.
import { isDirty } from '../../state/editorSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Toolbar } from '../../ui/Toolbar';

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
        <button
          type="button"
          className="button button--small"
          aria-pressed={props.detailsOpen}
          onClick={props.onToggleDetails}
        >
          Details
        </button>
        {editor.saved ? (
          <button
            type="button"
            className="button button--small"
            disabled={!dirty}
            onClick={() => void store.getState().discardChanges()}
          >
            Discard
          </button>
        ) : null}
        {editor.saved ? (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => store.getState().openDialog({ kind: 'delete', id: document.id })}
          >
            Delete…
          </button>
        ) : null}
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!dirty || editor.saving}
          onClick={() => store.getState().openDialog({ kind: 'save' })}
          aria-keyshortcuts="Control+S Meta+S"
        >
          Save version
        </button>
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
        <button
          type="button"
          className="button button--small"
          onClick={() => void store.getState().rebaseOnCurrent()}
        >
          Rebase
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => void store.getState().discardChanges()}
        >
          Discard my changes
        </button>
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
          <button
            type="button"
            className="button button--small"
            onClick={() => void store.getState().discardChanges()}
          >
            Discard them
          </button>
        ) : null}
      </div>
    );
  }
  return null;
}
