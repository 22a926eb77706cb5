// The "History" region: versions newest first with their labels; pick two to compare, restore
// one, promote one to production, move another label to it or remove a label.
import { CommandButton } from '../../commands/CommandButton';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { Pane } from '../../ui/Pane';
import { Select, optionsOf } from '../../ui/Select';
import { TableHead } from '../../ui/TableHead';
import { relativeTime } from './relativeTime';
import { useClock } from '../../ui/useClock';
import { PRODUCTION, labelsAt, mayMoveLabel } from '../../state/historySlice';
import { LabelChips } from './LabelChips';

const HISTORY_COLUMNS = [
  'Version',
  'Changelog',
  'Author',
  'Saved',
  <span className="visually-hidden">Actions</span>,
];

/** The History region. */
export function HistoryPanel() {
  const store = useWorkbenchStore();
  const { id, versions, loading, error, from, to } = useWorkbench((state) => state.history);
  const base = useWorkbench((state) => state.editor.base);
  const labels = useWorkbench((state) => state.history.labels);
  const mayPromote = useWorkbench((state) => mayMoveLabel(state, PRODUCTION));
  const mayLabel = useWorkbench((state) => mayMoveLabel(state, 'staging'));
  const production = labels.find((entry) => entry.label === PRODUCTION)?.version;
  const now = useClock();
  const actions = store.getState();
  const versionOptions = [{ value: '', label: '—' }, ...optionsOf(versions.map((v) => v.version))];
  const pickers = (
    <>
      <label className="inline-field">
        From
        <Select
          value={from ?? ''}
          options={versionOptions}
          onChange={(value) => actions.pickVersions(value || null, to)}
        />
      </label>
      <label className="inline-field">
        To
        <Select
          value={to ?? ''}
          options={versionOptions}
          onChange={(value) => actions.pickVersions(from, value || null)}
        />
      </label>
      <CommandButton command="history.compare" small tone="primary">
        Compare
      </CommandButton>
    </>
  );
  return (
    <Pane
      title="History"
      className="pane--full"
      hint={id ? `${id} · ${versions.length} versions` : ''}
      actions={pickers}
    >
      <div className="pane__body pane__body--scroll">
        {error ? <p className="inline-error">{error.message}</p> : null}
        {!id ? (
          <p className="empty-state">Open a saved prompt to see its versions.</p>
        ) : versions.length === 0 && !loading ? (
          <p className="empty-state">No saved versions yet. Save one with Ctrl+S.</p>
        ) : (
          <table className="table table--history" aria-label="Versions">
            <TableHead columns={HISTORY_COLUMNS} />
            <tbody>
              {versions.map((entry) => (
                <tr
                  key={entry.version}
                  className={entry.version === base ? 'table__row--current' : ''}
                >
                  <td className="mono">
                    {entry.version}
                    {entry.version === versions[0]?.version ? (
                      <span className="badge badge--small">current</span>
                    ) : null}
                    <LabelChips
                      labels={Object.fromEntries(
                        labelsAt(labels, entry.version).map((label) => [label, entry.version]),
                      )}
                      removal={{
                        may: (label) => (label === PRODUCTION ? mayPromote : mayLabel),
                        remove: (label) =>
                          actions.openDialog({
                            kind: 'removeLabel',
                            label,
                            version: entry.version,
                          }),
                      }}
                    />
                  </td>
                  <td>{entry.changelog ?? <span className="muted">no changelog</span>}</td>
                  <td>{entry.author ?? <span className="muted">unknown</span>}</td>
                  <td>
                    <time
                      dateTime={entry.created_at}
                      title={new Date(entry.created_at).toLocaleString()}
                    >
                      {relativeTime(entry.created_at, now)}
                    </time>
                  </td>
                  <td className="table__actions">
                    {mayPromote && entry.version !== production ? (
                      <Button
                        small
                        tone="quiet"
                        aria-label={`Promote ${entry.version} to production`}
                        onClick={() => void actions.moveLabel(PRODUCTION, entry.version)}
                      >
                        Promote
                      </Button>
                    ) : null}
                    {mayLabel ? (
                      <Button
                        small
                        tone="quiet"
                        aria-label={`Move a label to ${entry.version}`}
                        onClick={() =>
                          actions.openDialog({ kind: 'label', version: entry.version })
                        }
                      >
                        Label…
                      </Button>
                    ) : null}
                    <Button
                      small
                      tone="quiet"
                      aria-label={`Restore ${entry.version}`}
                      disabled={entry.version === base}
                      onClick={() => void actions.restoreVersion(entry.version)}
                    >
                      Restore
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Pane>
  );
}
