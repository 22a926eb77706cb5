// The library banner: says when the library is read-only, busy, full, damaged or cannot be
// reached, and what to do.
import { useCommand } from '../commands/useCommand';
import type { FaultCode } from '../api/faults';
import { useWorkbench, useWorkbenchStore } from '../state/useWorkbench';
import { Button } from '../ui/Button';

const WORDS: Record<FaultCode, { title: string; advice: string }> = {
  busy: {
    title: 'Another program is writing to this library',
    advice:
      'The app in another window, pwb or a backup holds it for now. Nothing was saved and your edits are kept: save again in a moment.',
  },
  read_only: {
    title: 'This library is read-only',
    advice:
      'Its file or folder cannot be written, so saving is off; you can still browse, search and render. To make changes, copy the library to a folder you can write to, or fix its permissions.',
  },
  disk_full: {
    title: 'The disk holding this library is full',
    advice:
      'Nothing was saved and your edits are kept; what was saved before is intact. Free some space, then save again.',
  },
  unavailable: {
    title: 'The team library cannot be reached',
    advice:
      'The connection to its PostgreSQL server is lost. Trying again every few seconds; what you type is kept on this machine, and saving works again once the server answers.',
  },
  corrupt: {
    title: 'The library file is damaged',
    advice:
      'Restore a backup (pwb restore; backups are kept in backups/ beside the library), or open another library.',
  },
};

/** The banner, or nothing while the library is healthy. */
export function FaultBanner() {
  const store = useWorkbenchStore();
  const fault = useWorkbench((state) => state.libraryHealth.fault);
  const readOnly = useWorkbench((state) => state.libraryHealth.readOnly);
  const save = useCommand('prompt.save');
  const shown: FaultCode | null = fault ?? (readOnly ? 'read_only' : null);
  if (shown === null) return null;
  const { title, advice } = WORDS[shown];
  const transient = shown === 'busy' || shown === 'disk_full';
  return (
    <div className="notice notice--warning fault-banner" role="alert" aria-label={title}>
      <span>
        <strong>{title}.</strong> {advice}
      </span>
      {transient ? (
        <span className="notice__actions">
          {save.enabled ? (
            <Button small tone="primary" onClick={save.run}>
              Save again…
            </Button>
          ) : null}
          <Button small onClick={() => store.getState().dismissFault()}>
            Dismiss
          </Button>
        </span>
      ) : null}
    </div>
  );
}
