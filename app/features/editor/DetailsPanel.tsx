// The "Details" region: metadata, lifecycle status and schema references of the open prompt.
import { useState } from 'react';
import { PROMPT_STATUSES } from '../../../src-shared/model/prompt';
import type { PromptStatus } from '../../../src-shared/model/prompt';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { Field } from '../../ui/Field';
import { Pane } from '../../ui/Pane';
import { Select, optionsOf } from '../../ui/Select';

const STATUS_OPTIONS = optionsOf(PROMPT_STATUSES);

const parseList = (text: string, lower: boolean): string[] =>
  text
    .split(',')
    .map((item) => (lower ? item.trim().toLowerCase() : item.trim()))
    .filter(Boolean);

/** A text field whose typed text is kept while it parses to the stored value. */
function useTypedText<T>(stored: T, format: (value: T) => string, parse: (text: string) => T) {
  const [typed, setTyped] = useState(() => ({ text: format(stored), stored }));
  let text = typed.text;
  if (typed.stored !== stored) {
    // Follow outside changes (another prompt, restore), but not our own parse of what is typed.
    if (JSON.stringify(parse(text)) !== JSON.stringify(stored)) text = format(stored);
    setTyped({ text, stored });
  }
  const setText = (next: string): void => setTyped({ text: next, stored });
  return [text, setText] as const;
}

/** A one-line text field; an emptied field stores null. */
function TextField(props: {
  label: string;
  value: string | null | undefined;
  onChange: (value: string | null) => void;
}) {
  return (
    <Field label={props.label}>
      <input
        className="input input--small"
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value || null)}
      />
    </Field>
  );
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
    <Field label={props.label}>
      <input
        className="input input--small"
        value={text}
        placeholder="comma, separated"
        onChange={(event) => {
          setText(event.target.value);
          props.onChange(parseList(event.target.value, lower));
        }}
      />
    </Field>
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
    <Field label={props.label} narrow>
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
    </Field>
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
    <Field label={props.label}>
      <Select
        value={value}
        options={[
          { value: '', label: 'none' },
          ...(value && !known ? [{ value, label: `${value} (missing)` }] : []),
          ...optionsOf(schemas.map((schema) => schema.name)),
        ]}
        onChange={(name) => props.onChange(name || null)}
      />
    </Field>
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
    <Pane title="Details" className="pane--details">
      <div className="pane__body pane__body--scroll form form--dense">
        <Field label="Description">
          <textarea
            className="input input--small"
            rows={3}
            value={metadata.description ?? ''}
            onChange={(event) => setMetadata({ description: event.target.value || null })}
          />
        </Field>
        <ListField
          label="Tags"
          lower
          value={metadata.tags}
          onChange={(tags) => setMetadata({ tags })}
        />
        <TextField
          label="Category"
          value={metadata.category}
          onChange={(category) => setMetadata({ category })}
        />
        <Field label="Status">
          <Select
            value={document.status}
            options={STATUS_OPTIONS}
            onChange={(status) => setSettings({ status: status as PromptStatus })}
          />
        </Field>
        <TextField
          label="Author"
          value={metadata.author}
          onChange={(author) => setMetadata({ author })}
        />
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
    </Pane>
  );
}
