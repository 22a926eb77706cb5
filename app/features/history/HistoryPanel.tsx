// The "History" region: versions newest first; pick two to compare, or restore one.
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { relativeTime } from './relativeTime';

/** The History region. */
export function HistoryPanel() {
  const store = useWorkbenchStore();
  const { id, versions, loading, error, from, to } = useWorkbench((state) => state.history);
  const base = useWorkbench((state) => state.editor.base);
  const now = Date.now();
  const actions = store.getState();
  return (
    <section aria-label="History" className="pane pane--full">
      <div className="pane__header">
        <h2 className="pane__title">History</h2>
        <span className="pane__hint">{id ? `${id} · ${versions.length} versions` : ''}</span>
        <span className="pane__spacer" />
        <label className="inline-field">
          From
          <select
            className="input input--small"
            value={from ?? ''}
            onChange={(event) => actions.pickVersions(event.target.value || null, to)}
          >
            <option value="">—</option>
            {versions.map((entry) => (
              <option key={entry.version} value={entry.version}>
                {entry.version}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          To
          <select
            className="input input--small"
            value={to ?? ''}
            onChange={(event) => actions.pickVersions(from, event.target.value || null)}
          >
            <option value="">—</option>
            {versions.map((entry) => (
              <option key={entry.version} value={entry.version}>
                {entry.version}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!from || !to || from === to}
          onClick={() => void actions.compareVersions()}
        >
          Compare
        </button>
      </div>
      <div className="pane__body pane__body--scroll">
        {error ? <p className="inline-error">{error.message}</p> : null}
        {!id ? (
          <p className="empty-state">Open a saved prompt to see its versions.</p>
        ) : versions.length === 0 && !loading ? (
          <p className="empty-state">No saved versions yet. Save one with Ctrl+S.</p>
        ) : (
          <table className="table table--history" aria-label="Versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Changelog</th>
                <th scope="col">Author</th>
                <th scope="col">Saved</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
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
                    <button
                      type="button"
                      className="button button--small button--quiet"
                      aria-label={`Restore ${entry.version}`}
                      disabled={entry.version === base}
                      onClick={() => void actions.restoreVersion(entry.version)}
                    >
                      Restore
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
