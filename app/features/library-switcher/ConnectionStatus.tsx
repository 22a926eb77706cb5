// The status bar's library item: which library (engine, name), who is connected and their role.
import { useCommand } from '../../commands/useCommand';
import { useWorkbench } from '../../state/useWorkbench';
import { ROLE_WORDS, engineName, shortLibraryName } from './connectionText';

/** "PostgreSQL · host/db · bob (viewer)", or nothing until the server said. */
export function ConnectionStatus() {
  const connection = useWorkbench((state) => state.connection);
  const switcher = useCommand('library.switch');
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
