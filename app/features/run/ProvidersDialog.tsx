// "Providers": the built-in and added providers with their keys, adding one (openai-compatible or
// anthropic, with a base URL) and removing one. Typed keys go to the OS keychain in the app; in
// browser mode keys come from the environment of `pwb serve`, and the dialog says so.
import { useEffect, useId, useState } from 'react';
import { KEY_ENV_PATTERN, PROVIDER_NAME_PATTERN } from '../../../src-shared/models/providers';
import type { ProviderInfo, UserProviderKind } from '../../../src-shared/models/providers';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { Select } from '../../ui/Select';

const KIND_OPTIONS = [
  { value: 'openai-compatible', label: 'OpenAI-compatible' },
  { value: 'anthropic', label: 'Anthropic' },
];

/** The variable a typed key is kept under when the person names none: `PWB_<NAME>_API_KEY`. */
export function keyVariableFor(name: string): string {
  return `PWB_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

/** A labelled one-line field for names and addresses (no spelling check). */
function PlainField(props: {
  label: string;
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={props.label}>
      <input
        className="input"
        value={props.value}
        spellCheck={false}
        placeholder={props.placeholder}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </Field>
  );
}

function KeyCell({ provider, keychain }: { provider: ProviderInfo; keychain: boolean }) {
  const store = useWorkbenchStore();
  const keys = useWorkbench((state) => state.run.keys);
  const [typing, setTyping] = useState('');
  const [error, setError] = useState<string | null>(null);
  const variable = provider.api_key_env;
  if (variable === null) return <span>No key sent</span>;
  const set = keys?.keys.find((key) => key.variable === variable)?.set ?? false;
  const save = async (key: string | null): Promise<void> => {
    const failure = await store.getState().setProviderKey(variable, key);
    setError(failure?.message ?? null);
    if (!failure) setTyping('');
  };
  return (
    <div className="provider-key">
      <span>
        <code>{variable}</code> {set ? '· set' : '· not set'}
      </span>
      {keychain ? (
        <span className="provider-key__edit">
          <input
            className="input input--small"
            type="password"
            autoComplete="off"
            aria-label={`Key for ${provider.name}`}
            value={typing}
            onChange={(event) => setTyping(event.target.value)}
          />
          <Button small disabled={typing.trim() === ''} onClick={() => void save(typing)}>
            Save key
          </Button>
          {set ? (
            <Button small tone="quiet" onClick={() => void save(null)}>
              Forget key
            </Button>
          ) : null}
        </span>
      ) : null}
      {error ? (
        <span className="inline-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function AddProviderForm({ keychain }: { keychain: boolean }) {
  const store = useWorkbenchStore();
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UserProviderKind>('openai-compatible');
  const [baseUrl, setBaseUrl] = useState('');
  const [variable, setVariable] = useState('');
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    const trimmed = name.trim();
    if (!new RegExp(PROVIDER_NAME_PATTERN).test(trimmed)) {
      setProblem(
        'Name: lower-case letters, digits, “_” or “-”, starting with a letter (at most 32).',
      );
      return;
    }
    const named = variable.trim();
    if (named !== '' && !new RegExp(KEY_ENV_PATTERN).test(named)) {
      setProblem('Key variable: letters, digits and “_”, not starting with a digit.');
      return;
    }
    const typedKey = keychain ? key.trim() : '';
    const apiKeyEnv = named !== '' ? named : typedKey !== '' ? keyVariableFor(trimmed) : null;
    setBusy(true);
    const failure = await store.getState().addProvider({
      name: trimmed,
      kind,
      base_url: baseUrl.trim(),
      api_key_env: apiKeyEnv,
      ...(typedKey !== '' ? { key: typedKey } : {}),
    });
    setBusy(false);
    setProblem(failure?.message ?? null);
    if (!failure) {
      setName('');
      setBaseUrl('');
      setVariable('');
      setKey('');
    }
  };

  return (
    <form
      className="form providers__form"
      aria-label="Add a provider"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 className="providers__heading">Add a provider</h3>
      <PlainField label="Name" value={name} placeholder="lmstudio" onChange={setName} />
      <div className="field">
        {/* A label beside the select (not around it), so the select's name is "Kind" alone. */}
        <label className="field__label" htmlFor={`${id}-kind`}>
          Kind
        </label>
        <Select
          id={`${id}-kind`}
          className="input"
          value={kind}
          options={KIND_OPTIONS}
          onChange={(value) => setKind(value as UserProviderKind)}
        />
      </div>
      <PlainField
        label="Base URL"
        value={baseUrl}
        placeholder="http://127.0.0.1:1234/v1"
        onChange={setBaseUrl}
      />
      <PlainField
        label="Key variable"
        value={variable}
        placeholder={keychain ? 'optional' : 'optional, e.g. LMSTUDIO_API_KEY'}
        onChange={setVariable}
      />
      {keychain ? (
        <Field label="API key">
          <input
            className="input"
            type="password"
            autoComplete="off"
            value={key}
            placeholder="optional; kept in the OS keychain"
            onChange={(event) => setKey(event.target.value)}
          />
        </Field>
      ) : null}
      {problem ? (
        <p className="inline-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div>
        <Button type="submit" tone="primary" disabled={busy}>
          Add provider
        </Button>
      </div>
    </form>
  );
}

/** The Providers dialog. */
export function ProvidersDialog() {
  const store = useWorkbenchStore();
  const providers = useWorkbench((state) => state.run.providers);
  const keys = useWorkbench((state) => state.run.keys);
  const loadError = useWorkbench((state) => state.run.providersError);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const close = (): void => store.getState().closeDialog();
  useEffect(() => void store.getState().loadProviders(), [store]);
  const keychain = keys?.store === 'keychain';

  return (
    <Dialog
      title="Providers"
      onClose={close}
      className="dialog--wide"
      footer={<Button onClick={close}>Close</Button>}
      description={
        keychain
          ? 'Keys you type here are kept in the OS keychain, never in the library. A key not stored there is read from the environment variable the provider names.'
          : 'Browser mode reads keys from the environment of pwb serve (for example OPENAI_API_KEY, ANTHROPIC_API_KEY, or the variable a provider names): set them there and start it again. Keys are never stored in the library.'
      }
    >
      {loadError ? (
        <p className="inline-error" role="alert">
          {loadError.message}
        </p>
      ) : null}
      <table className="data-table providers__table" aria-label="Providers">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Base URL</th>
            <th scope="col">Key</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {providers.map((provider) => (
            <tr key={provider.name}>
              <th scope="row">{provider.name}</th>
              <td>{provider.kind}</td>
              <td>
                <code>{provider.base_url}</code>
              </td>
              <td>
                <KeyCell provider={provider} keychain={keychain} />
              </td>
              <td>
                {provider.builtin ? (
                  <span>built in</span>
                ) : (
                  <Button
                    small
                    tone="danger"
                    aria-label={`Remove ${provider.name}`}
                    onClick={() =>
                      void store
                        .getState()
                        .removeProvider(provider.name)
                        .then((failure) => setRemoveError(failure?.message ?? null))
                    }
                  >
                    Remove
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removeError ? (
        <p className="inline-error" role="alert">
          {removeError}
        </p>
      ) : null}
      <AddProviderForm keychain={keychain} />
    </Dialog>
  );
}
