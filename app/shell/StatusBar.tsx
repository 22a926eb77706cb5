// The status bar: open prompt and version, saved or unsaved changes (kept or not), preview tokens.
import { useCommand } from '../commands/useCommand';
import { ConnectionStatus } from '../features/library-switcher/ConnectionStatus';
import { isDirty } from '../state/editorSlice';
import { useWorkbench } from '../state/useWorkbench';

function SaveState() {
  // Two small answers instead of the whole editor state, so typing re-renders nothing here.
  const dirty = useWorkbench((state) => isDirty(state.editor));
  const status = useWorkbench((state) => state.editor.draft);
  const hasDocument = useWorkbench((state) => state.editor.document !== null);
  if (!hasDocument) return null;
  if (!dirty) return <span className="status-bar__item">Saved</span>;
  // "Draft" is a prompt status only: these are unsaved changes, kept on this machine or not.
  const kept =
    status === 'kept'
      ? 'kept on this machine'
      : status === 'pending'
        ? 'keeping…'
        : status === 'failed'
          ? 'not kept: save a version to keep them'
          : '';
  return (
    <span className="status-bar__item status-bar__item--dirty">
      Unsaved changes{kept ? ` · ${kept}` : ''}
    </span>
  );
}

/** The status bar at the bottom of the window. */
export function StatusBar() {
  const palette = useCommand('palette.open');
  const id = useWorkbench((state) => state.editor.id);
  const base = useWorkbench((state) => state.editor.base);
  const hasDocument = useWorkbench((state) => state.editor.document !== null);
  const tokens = useWorkbench((state) => state.preview.tokens);
  const hasResult = useWorkbench((state) => state.preview.result !== null);
  return (
    <footer className="status-bar" aria-label="Status">
      {hasDocument ? (
        <>
          <span className="status-bar__item status-bar__item--strong">{id}</span>
          <span className="status-bar__item">{base ? `v${base}` : 'new prompt'}</span>
          <SaveState />
        </>
      ) : (
        <span className="status-bar__item">No prompt open</span>
      )}
      <span className="status-bar__spacer" />
      <ConnectionStatus />
      {hasDocument && hasResult && tokens !== null ? (
        <span className="status-bar__item" title="Tokens of the rendered preview (o200k encoding)">
          {tokens.toLocaleString()} tokens
        </span>
      ) : null}
      <button
        type="button"
        className="status-bar__button"
        disabled={!palette.enabled}
        onClick={palette.run}
        aria-keyshortcuts={palette.keyShortcuts}
      >
        Commands
      </button>
    </footer>
  );
}
