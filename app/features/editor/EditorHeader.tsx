// The strip above the editor: which prompt and version, its save state, and its main actions.
import { useCommand } from '../../commands/useCommand';
import { conflictedTexts, fieldName } from '../../../src-shared/merge/mergePrompt';
import { isDirty } from '../../state/editorSlice';
import { newerVersion } from '../../state/liveSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Toolbar } from '../../ui/Toolbar';
import { Button } from '../../ui/Button';

/** The editor header with "Save version". */
export function EditorHeader(props: { detailsOpen: boolean; onToggleDetails: () => void }) {
  // Only what the header shows: the working copy changes on every keystroke, these rarely do.
  const id = useWorkbench((state) => state.editor.document?.id);
  const format = useWorkbench((state) => state.editor.document?.format);
  const status = useWorkbench((state) => state.editor.document?.status);
  const base = useWorkbench((state) => state.editor.base);
  const hasSaved = useWorkbench((state) => state.editor.saved !== null);
  const dirty = useWorkbench((state) => isDirty(state.editor));
  // The buttons run the commands the palette and shortcuts run, with the same enablement.
  const save = useCommand('prompt.save');
  const discard = useCommand('prompt.discard');
  const remove = useCommand('prompt.delete');
  const viewer = useWorkbench((state) => state.connection?.role === 'viewer');
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
            <span aria-hidden="true">●</span> Unsaved changes
          </span>
        ) : (
          <span className="editor-header__state">Saved</span>
        )}
      </div>
      <Toolbar label="Prompt actions" className="editor-header__actions">
        <Button small aria-pressed={props.detailsOpen} onClick={props.onToggleDetails}>
          Details
        </Button>
        <Button small disabled={!discard.enabled} onClick={discard.run}>
          Discard
        </Button>
        {hasSaved ? (
          <Button small tone="quiet" disabled={!remove.enabled} onClick={remove.run}>
            Delete…
          </Button>
        ) : null}
        <Button
          small
          tone="primary"
          disabled={!save.enabled}
          onClick={save.run}
          aria-keyshortcuts={save.keyShortcuts}
          title={viewer ? 'A viewer may not save versions of this team library' : undefined}
        >
          Save version
        </Button>
      </Toolbar>
    </div>
  );
}

/** Merges the unsaved changes with the current version, in the Save version dialog. */
function MergeButton() {
  const store = useWorkbenchStore();
  return (
    <Button
      small
      onClick={() => {
        store.getState().openDialog({ kind: 'save' });
        void store.getState().mergeWithCurrent();
      }}
    >
      Merge…
    </Button>
  );
}

/**
 * A newer version saved by someone else (heard live): what it is, a look at the changes, and a
 * way on that never drops unsaved changes (load it when there are none, else merge them into it).
 */
function NewerVersionNotice({ newer }: { newer: string }) {
  const store = useWorkbenchStore();
  const base = useWorkbench((state) => state.editor.base);
  const id = useWorkbench((state) => state.editor.id);
  const dirty = useWorkbench((state) => isDirty(state.editor));
  const save = useCommand('prompt.save');
  const seeChanges = (): void => {
    store.getState().pickVersions(base, newer);
    void store.getState().compareVersions();
  };
  return (
    <div className="notice" role="status" aria-label="A newer version exists">
      <span>
        <strong>A newer version exists:</strong> {newer} was saved after {base}, the version{' '}
        {dirty ? 'your unsaved changes are based on; they are kept.' : 'open here.'}
      </span>
      <Button small onClick={seeChanges}>
        See changes
      </Button>
      {!dirty && id ? (
        <Button small tone="primary" onClick={() => void store.getState().openPrompt(id)}>
          Load {newer}
        </Button>
      ) : null}
      {dirty && save.enabled ? <MergeButton /> : null}
    </div>
  );
}

/** Notices about the working copy: a restored draft, a refused save, a merge left unresolved. */
export function EditorNotices() {
  const restored = useWorkbench((state) => state.editor.restored);
  const conflict = useWorkbench((state) => state.editor.conflict);
  const base = useWorkbench((state) => state.editor.base);
  const saved = useWorkbench((state) => state.editor.saved);
  const dirty = useWorkbench((state) => isDirty(state.editor));
  const marked = useWorkbench((state) =>
    state.editor.document ? conflictedTexts(state.editor.document).map(fieldName).join(', ') : '',
  );
  const discard = useCommand('prompt.discard');
  const newer = useWorkbench(newerVersion);
  if (conflict) {
    return (
      <div className="notice notice--warning" role="alert">
        <span>
          Someone saved {conflict.current} meanwhile; your edits are based on {base ?? 'nothing'}.
        </span>
        <MergeButton />
        <Button small disabled={!discard.enabled} onClick={discard.run}>
          Discard my changes
        </Button>
      </div>
    );
  }
  if (marked) {
    return (
      <div className="notice notice--warning" role="status">
        <span>
          Conflict markers are left in {marked}: keep your lines, theirs or both, and delete the
          marker lines before saving.
        </span>
      </div>
    );
  }
  if (newer) return <NewerVersionNotice newer={newer} />;
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
          <Button small disabled={!discard.enabled} onClick={discard.run}>
            Discard them
          </Button>
        ) : null}
      </div>
    );
  }
  return null;
}
