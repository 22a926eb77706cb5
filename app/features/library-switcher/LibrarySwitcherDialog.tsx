// "Switch library": open a library file or a team library (a PostgreSQL URL and its password), or
// one opened before. The app (or the server, in browser mode) opens it first; only when it
// answers does the workbench move to it, and the page starts again on it. A refusal says why and
// nothing changes.
import { useEffect, useState } from 'react';
import type { KnownLibrary, LibraryChoices } from '../../../src-shared/contract/dto';
import { toUiError } from '../../state/uiError';
import { useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { engineName } from './connectionText';

const isTeamUrl = (text: string): boolean => /^postgres(ql)?:\/\//i.test(text.trim());

/** Starts the page again on the library now open (the store and panels begin afresh). */
function restartPage(): void {
  window.location.reload();
}

/** The Switch library dialog. */
export function LibrarySwitcherDialog(props: { onSwitched?: () => void }) {
  const store = useWorkbenchStore();
  const [choices, setChoices] = useState<LibraryChoices | null>(null);
  const [location, setLocation] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const close = (): void => store.getState().closeDialog();
  const { api } = store.getState().deps;

  useEffect(() => {
    api
      .listLibraries({})
      .then(setChoices, (error: unknown) => setProblem(toUiError(error).message));
  }, [api]);

  const open = async (target: string, typedPassword?: string): Promise<void> => {
    if (target.trim() === '') {
      setProblem('Give the path of a library file or a postgres:// URL.');
      return;
    }
    setProblem(null);
    setOpening(target);
    // What was typed in the editor is kept with the library open now before it closes.
    store.getState().flushDraft();
    try {
      await api.switchLibrary({
        location: target.trim(),
        ...(typedPassword ? { password: typedPassword } : {}),
      });
    } catch (error) {
      setOpening(null);
      setProblem(toUiError(error).message);
      return;
    }
    (props.onSwitched ?? restartPage)();
  };

  const team = isTeamUrl(location);
  const where =
    choices?.passwords === 'keychain'
      ? 'kept in the OS keychain on this machine'
      : 'kept only while this server runs (put it in PGPASSWORD or ~/.pgpass to keep it)';
  return (
    <FormDialog
      title="Switch library"
      onClose={close}
      onSubmit={() => void open(location, team ? password : undefined)}
      submitLabel={opening !== null ? 'Opening…' : 'Open library'}
      submitDisabled={opening !== null || choices?.switchable === false}
      className="dialog--wide library-switcher"
      after={
        choices && choices.recent.length > 0 ? (
          <section className="library-switcher__recent" aria-label="Recent libraries">
            <h3 className="field__label">Recent libraries</h3>
            <ul className="library-switcher__list">
              {choices.recent.map((entry) => (
                <RecentLibrary
                  key={entry.location}
                  entry={entry}
                  disabled={opening !== null}
                  onOpen={() => void open(entry.location)}
                />
              ))}
            </ul>
          </section>
        ) : null
      }
    >
      {choices ? (
        <p className="library-switcher__current">
          Open now: <strong>{engineName(choices.current.engine)}</strong>{' '}
          <code>{choices.current.location}</code>
        </p>
      ) : null}
      <Field label="Library file or PostgreSQL URL">
        <input
          className="input"
          data-autofocus
          value={location}
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/me/prompts.db or postgres://me@db.example.com/prompts"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'library-switcher-problem' : undefined}
          onChange={(event) => {
            setLocation(event.target.value);
            setProblem(null);
          }}
        />
      </Field>
      {team ? (
        <Field label="Password">
          <input
            className="input"
            type="password"
            value={password}
            autoComplete="off"
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
      ) : null}
      {team ? (
        <p className="hint">
          The password is {where}; the URL is remembered without it. Leave it empty to use
          PGPASSWORD, ~/.pgpass or the password kept before.
        </p>
      ) : (
        <p className="hint">
          A library file (SQLite) is all on this machine. A team library is a postgres:// URL;
          unsaved changes stay on this machine either way.
        </p>
      )}
      {problem ? (
        <p id="library-switcher-problem" className="inline-error" role="alert">
          {problem}
        </p>
      ) : null}
    </FormDialog>
  );
}

function RecentLibrary(props: { entry: KnownLibrary; disabled: boolean; onOpen: () => void }) {
  const { entry } = props;
  return (
    <li className="library-switcher__item">
      <span className="library-switcher__engine">{engineName(entry.engine)}</span>
      <code className="library-switcher__location" title={entry.location}>
        {entry.location}
      </code>
      <Button
        small
        disabled={props.disabled}
        onClick={props.onOpen}
        aria-label={`Open ${entry.location}`}
      >
        Open
      </Button>
    </li>
  );
}
