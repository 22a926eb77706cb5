// The status bar's library item: which library (engine, name), who is connected and their role.
import { useEffect } from 'react';
import { useCommand } from '../../commands/useCommand';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { ROLE_WORDS, engineName, shortLibraryName } from './connectionText';

/**
 * "PostgreSQL · host/db · bob (viewer)", or nothing until the server said. The role is asked
 * again whenever the window regains focus: an admin who grants a stronger role causes no refusal
 * the page could notice, and coming back to the window is when the user looks for it.
 */
export function ConnectionStatus() {
  const store = useWorkbenchStore();
  const connection = useWorkbench((state) => state.connection);
  const switcher = useCommand('library.switch');
  useEffect(() => {
    const ask = (): void => void store.getState().checkLibrary();
    window.addEventListener('focus', ask);
    return () => window.removeEventListener('focus', ask);
  }, [store]);
  if (connection === null) return null;
  const { engine, user, role, dbPath } = connection;
  return (
    <>
      <span
        className="status-bar__item status-bar__connection"
        role="group"
        aria-label="Library connection"
        title={`${dbPath}\n${user} (${role}) ${ROLE_WORDS[role]}`}
      >
        <span>{engineName(engine)}</span>
        <span>{shortLibraryName(connection)}</span>
        <span>
          {user} ({role})
        </span>
      </span>
      <button
        type="button"
        className="status-bar__button"
        disabled={!switcher.enabled}
        onClick={switcher.run}
      >
        Switch library…
      </button>
    </>
  );
}
