// The "Details" region: metadata, lifecycle status and schema references of the open prompt.
import { useEffect, useState } from 'react';
import { PROMPT_STATUSES } from '../../../src-shared/model/prompt';
import type { PromptStatus } from '../../../src-shared/model/prompt';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';

const parseList = (text: string, lower: boolean): string[] =>
  text
    .split(',')
    .map((item) => (lower ? item.trim().toLowerCase() : item.trim()))
    .filter(Boolean);

/** A text field whose typed text is kept while it parses to the stored value. */
function useTypedText<T>(stored: T, format: (value: T) => string, parse: (text: string) => T) {
  const [text, setText] = useState(() => format(stored));
  useEffect(() => {
    // Follow outside changes (another prompt, restore), but not our own parse of what is typed.
    if (JSON.stringify(parse(text)) !== JSON.stringify(stored)) setText(format(stored));
    // Only the stored value drives this; `text` is read, not watched.
  }, [stored]);
  return [text, setText] as const;
}

function ListField(props: {
  label: string;
  value: string[];
  lower?: boolean;
  onChange: (value: string[]) => void;
}) {
  const lower = props.lower ?? false;
  const [text, setText] = useTypedText(
    props.value,
    (list) => list.join(', '),
    (t) => parseList(t, lower),
  );
  return (
    <label className="field">
      <span className="field__label">{props.label}</span>
      <input
        className="input input--small"
        value={text}
        placeholder="comma, separated"
        onChange={(event) => {
          setText(event.target.value);
          props.onChange(parseList(event.target.value, lower));
        }}
      />
    </label>
  );
}

function NumberField(props: {
  label: string;
  value: number | null | undefined;
  step: string;
  min?: number;
  max?: number;
  onChange: (value: number | null) => void;
}) {
  const parse = (text: string): number | null =>
    text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text);
  const [text, setText] = useTypedText(
    props.value ?? null,
    (n) => (n === null ? '' : String(n)),
    parse,
  );
  return (
    <label className="field field--narrow">
      <span className="field__label">{props.label}</span>
      <input
        className="input input--small"
        type="number"
        inputMode="decimal"
        step={props.step}
        min={props.min}
        max={props.max}
        value={text}
        placeholder="default"
        onChange={(event) => {
          setText(event.target.value);
          props.onChange(parse(event.target.value));
        }}
      />
    </label>
  );
}

function SchemaPicker(props: {
  label: string;
  value: string | null | undefined;
  onChange: (name: string | null) => void;
}) {
  const schemas = useWorkbench((state) => state.catalog.schemas);
  const value = props.value ?? '';
  const known = schemas.some((schema) => schema.name === value);
  return (
    <label className="field">
      <span className="field__label">{props.label}</span>
      <select
        className="input input--small"
        value={value}
        onChange={(event) => props.onChange(event.target.value || null)}
      >
        <option value="">none</option>
        {value && !known ? <option value={value}>{value} (missing)</option> : null}
        {schemas.map((schema) => (
          <option key={schema.name} value={schema.name}>
            {schema.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The Details region. */
export function DetailsPanel() {
  const store = useWorkbenchStore();
  const document = useWorkbench((state) => state.editor.document);
  if (!document) return null;
  const { metadata } = document;
  const { setMetadata, setSettings } = store.getState();
  return (
    <section aria-label="Details" className="pane pane--details">
      <div className="pane__header">
        <h2 className="pane__title">Details</h2>
      </div>
      <div className="pane__body pane__body--scroll form form--dense">
        <label className="field">
          <span className="field__label">Description</span>
          <textarea
            className="input input--small"
            rows={3}
            value={metadata.description ?? ''}
            onChange={(event) => setMetadata({ description: event.target.value || null })}
          />
        </label>
        <ListField
          label="Tags"
          lower
          value={metadata.tags}
          onChange={(tags) => setMetadata({ tags })}
        />
        <label className="field">
          <span className="field__label">Category</span>
          <input
            className="input input--small"
            value={metadata.category ?? ''}
            onChange={(event) => setMetadata({ category: event.target.value || null })}
          />
        </label>
        <label className="field">
          <span className="field__label">Status</span>
          <select
            className="input input--small"
            value={document.status}
            onChange={(event) => setSettings({ status: event.target.value as PromptStatus })}
          >
            {PROMPT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Author</span>
          <input
            className="input input--small"
            value={metadata.author ?? ''}
            onChange={(event) => setMetadata({ author: event.target.value || null })}
          />
        </label>
        <ListField
          label="Model recommendations"
          value={metadata.model_recommendations}
          onChange={(model_recommendations) => setMetadata({ model_recommendations })}
        />
        <div className="field-row">
          <NumberField
            label="Temperature"
            step="0.1"
            min={0}
            max={2}
            value={metadata.temperature}
            onChange={(temperature) => setMetadata({ temperature })}
          />
          <NumberField
            label="Max tokens"
            step="1"
            min={1}
            value={metadata.max_tokens}
            onChange={(max_tokens) => setMetadata({ max_tokens })}
          />
        </div>
        <SchemaPicker
          label="Input schema"
          value={document.input_schema}
          onChange={(input_schema) => setSettings({ input_schema })}
        />
        <SchemaPicker
          label="Output schema"
          value={document.output_schema}
          onChange={(output_schema) => setSettings({ output_schema })}
        />
      </div>
    </section>
  );
}
