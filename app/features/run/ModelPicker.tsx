// Choosing models to run: the chosen ones as removable chips, and a field to add `provider:model`.
import { useId, useState } from 'react';
import type { ProviderInfo } from '../../../src-shared/models/providers';
import { parseModelName } from '../../../src-shared/models/providers';
import { Button } from '../../ui/Button';

/** Props of the model picker. */
export interface ModelPickerProps {
  models: readonly string[];
  onChange: (models: string[]) => void;
  /** Offered as suggestions: the prompt's recommendations and each provider's prefix. */
  suggestions: readonly string[];
  providers: readonly ProviderInfo[];
  /** Names the group ("Models"). */
  label?: string;
  /** Said when no model is chosen (default: "No model chosen yet."). */
  emptyText?: string;
  /** Nothing can be added or removed (a run is under way). */
  disabled?: boolean;
}

/** The chosen models and a way to add one. */
export function ModelPicker(props: ModelPickerProps) {
  const { models, onChange, suggestions, providers, label, disabled } = props;
  const id = useId();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = (): void => {
    const name = draft.trim();
    if (name === '') return;
    const parsed = parseModelName(name);
    if (parsed === null) {
      setProblem('Write the model as provider:model, for example openai:gpt-4o-mini.');
      return;
    }
    if (!providers.some((provider) => provider.name === parsed.provider)) {
      setProblem(`No provider is named ${parsed.provider}: add it under Providers first.`);
      return;
    }
    setProblem(null);
    setDraft('');
    onChange([...models, `${parsed.provider}:${parsed.model}`]);
  };
  const offered = [
    ...new Set([...suggestions, ...providers.map((provider) => `${provider.name}:`)]),
  ].filter((name) => !models.includes(name));
  return (
    <div className="model-picker" role="group" aria-label={label ?? 'Models'}>
      <ul className="chip-list model-picker__chosen" aria-label="Chosen models">
        {models.map((model) => (
          <li key={model} className="chip">
            <span>{model}</span>
            <button
              type="button"
              className="chip__remove"
              aria-label={`Remove ${model}`}
              title={`Remove ${model}`}
              disabled={disabled}
              onClick={() => onChange(models.filter((m) => m !== model))}
            >
              ×
            </button>
          </li>
        ))}
        {models.length === 0 ? (
          <li className="run__muted">{props.emptyText ?? 'No model chosen yet.'}</li>
        ) : null}
      </ul>
      <div className="model-picker__add">
        <input
          className="input input--small"
          aria-label="Model"
          placeholder="provider:model"
          list={`${id}-models`}
          value={draft}
          disabled={disabled}
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setProblem(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <datalist id={`${id}-models`}>
          {offered.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <Button small disabled={disabled} onClick={add}>
          Add model
        </Button>
      </div>
      {problem ? (
        <p id={`${id}-problem`} className="inline-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
