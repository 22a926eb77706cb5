// The Audit log panel: who changed which prompt, schema or partial, and when.
import { useEffect, useId } from 'react';
import { Button } from '../../ui/Button';
import { EmptyState, LoadFailure } from '../../ui/EmptyState';
import { PaneHeader } from '../../ui/PaneHeader';
import { TableHead } from '../../ui/TableHead';
import { Toolbar } from '../../ui/Toolbar';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { actionLabel, entityText, localTime } from './auditRows';

/** How long typing in the filter settles before the log reloads. */
const FILTER_DELAY_MS = 250;

const EMPTY_HINT =
  'Saving a prompt version, a schema or a partial, or importing a folder, adds a line here.';

const AUDIT_COLUMNS = ['Time', 'Actor', 'Action', 'Entity', 'Version', 'Summary'];

/** The Audit log region. */
export function AuditPanel() {
  const store = useWorkbenchStore();
  const state = useWorkbench((s) => s.audit);
  const actions = store.getState();
  const openId = useWorkbench((s) => s.editor.id);
  const id = useId();
  const visible = useWorkbench((s) => s.ui.activeTab === 'audit');

  useEffect(() => {
    if (!visible) return;
    const timer = setTimeout(() => void store.getState().reloadAudit(), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [store, visible, state.filter]);

  const filtered = state.filter.trim() !== '';

  return (
    <section className="pwb-feature audit" aria-label="Audit log">
      <PaneHeader title="Audit log">
        <Toolbar label="Audit log filter" className="pane-header__actions">
          <input
            id={`${id}-filter`}
            type="search"
            className="input input--small input--filter"
            aria-label="Filter by prompt"
            placeholder="Filter by prompt id"
            value={state.filter}
            onChange={(event) => actions.setAuditFilter(event.target.value)}
          />
          <Button
            small
            disabled={!openId || state.filter === openId}
            onClick={() => openId && actions.setAuditFilter(openId)}
          >
            Current prompt
          </Button>
          <Button small onClick={() => void actions.reloadAudit()}>
            Refresh
          </Button>
        </Toolbar>
      </PaneHeader>
      {state.status === 'error' ? (
        <LoadFailure
          what="the audit log"
          error={state.error}
          onRetry={() => void actions.reloadAudit()}
        />
      ) : state.entries.length === 0 && state.status === 'ready' ? (
        <EmptyState hint={EMPTY_HINT}>
          {filtered ? (
            <>
              Nothing recorded for <code>{state.filter.trim()}</code>. The filter matches a whole
              prompt, schema or partial name.
            </>
          ) : (
            'No changes recorded yet.'
          )}
        </EmptyState>
      ) : (
        <div className="audit__scroll">
          <table className="data-table" aria-label="Audit entries">
            <TableHead columns={AUDIT_COLUMNS} />
            <tbody>
              {state.entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="data-table__time">
                    <time dateTime={entry.at} title={entry.at}>
                      {localTime(entry.at)}
                    </time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>{actionLabel(entry.action)}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      title={`Show only ${entry.entity_id}`}
                      onClick={() => actions.setAuditFilter(entry.entity_id)}
                    >
                      {entityText(entry)}
                    </button>
                  </td>
                  <td>{entry.version ?? '—'}</td>
                  <td className="data-table__summary">{entry.summary ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {state.more ? (
            <Button
              small
              className="audit__more"
              onClick={() => void actions.loadMoreAudit()}
              disabled={state.status === 'loading'}
            >
              Load more
            </Button>
          ) : null}
        </div>
      )}
    </section>
  );
}
