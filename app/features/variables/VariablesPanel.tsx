// The "Variables" region: a form generated from the template's variables and the input schema.
import { useId, useMemo } from 'react';
import { selectVariableFields } from '../../state/previewSlice';
import { useWorkbench, useWorkbenchStore } from '../../state/useWorkbench';
import { extractDocumentVariables } from '../../state/templateInsight';
import { canHoldTests } from '../../state/testsSlice';
import { Button } from '../../ui/Button';
import { Pane } from '../../ui/Pane';
import { Select, optionsOf } from '../../ui/Select';
import { placeErrors } from './fieldErrors';
import { convertValues, UNREADABLE_NUMBER } from './variableFields';
import type { RawValue, VariableField } from './variableFields';

const KIND_LABEL: Record<VariableField['kind'], string> = {
  text: 'text',
  number: 'number',
  integer: 'integer',
  boolean: 'yes/no',
  enum: 'choice',
  json: 'JSON',
};

function FieldInput(props: {
  field: VariableField;
  id: string;
  value: RawValue | undefined;
  describedBy: string | undefined;
  invalid: boolean;
  onChange: (value: RawValue) => void;
}) {
  const { field, id, value, describedBy, invalid, onChange } = props;
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    'aria-required': field.required || undefined,
  };
  const text = typeof value === 'string' ? value : '';
  switch (field.kind) {
    case 'boolean':
      return (
        <input
          {...common}
          type="checkbox"
          className="checkbox"
          checked={value === true || value === 'true'}
          onChange={(event) => onChange(event.target.checked)}
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          value={text}
          options={[
            { value: '', label: field.placeholder ? `default: ${field.placeholder}` : 'not set' },
            ...optionsOf(field.options),
          ]}
          onChange={onChange}
        />
      );
    case 'number':
    case 'integer':
      return (
        <input
          {...common}
          className="input input--small"
          type="number"
          step={field.kind === 'integer' ? 1 : 'any'}
          placeholder={field.placeholder}
          // The browser shows what was typed; unreadable text reaches the page only as a flag.
          value={text === UNREADABLE_NUMBER ? '' : text}
          onChange={(event) =>
            onChange(event.target.validity.badInput ? UNREADABLE_NUMBER : event.target.value)
          }
        />
      );
    case 'json':
      return (
        <textarea
          {...common}
          className="input input--small mono"
          rows={3}
          spellCheck={false}
          placeholder={field.placeholder || '["item"] or {"key": "value"}'}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    default:
      return (
        <textarea
          {...common}
          className="input input--small input--grow"
          rows={text.includes('\n') ? Math.min(8, text.split('\n').length + 1) : 1}
          placeholder={field.placeholder}
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}

/** Props of one row of a variables form: its field, value, errors and where changes go. */
export interface VariableRowProps {
  field: VariableField;
  value: RawValue | undefined;
  errors: readonly string[];
  onChange: (value: RawValue) => void;
}

/** One variable's label, input, hint and errors (the Variables panel and test cases share it). */
export function VariableRow(props: VariableRowProps) {
  const { field, value, errors, onChange } = props;
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [field.description ? hintId : null, errors.length > 0 ? errorId : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className={`variable ${field.kind === 'boolean' ? 'variable--inline' : ''}`}>
      <div className="variable__head">
        <label htmlFor={id} className="variable__name mono">
          {field.name}
        </label>
        <span className="variable__kind">
          {KIND_LABEL[field.kind]}
          {field.required ? '' : ' · optional'}
          {field.inTemplate ? '' : ' · schema only'}
        </span>
      </div>
      <FieldInput
        field={field}
        id={id}
        value={value}
        describedBy={describedBy}
        invalid={errors.length > 0}
        onChange={onChange}
      />
      {field.description ? (
        <p id={hintId} className="hint">
          {field.description}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <p id={errorId} className="inline-error">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/** The Variables panel's row: the value typed for the open prompt, kept in the store. */
function StoredVariableRow(props: { field: VariableField; errors: string[] }) {
  const store = useWorkbenchStore();
  const value = useWorkbench((state) => state.preview.values[props.field.name]);
  return (
    <VariableRow
      field={props.field}
      value={value}
      errors={props.errors}
      onChange={(next) => store.getState().setVariable(props.field.name, next)}
    />
  );
}

/** The Variables region. */
export function VariablesPanel() {
  const store = useWorkbenchStore();
  const fields = useWorkbench(selectVariableFields);
  const values = useWorkbench((state) => state.preview.values);
  const problems = useMemo(() => convertValues(fields, values).problems, [fields, values]);
  const canTest = useWorkbench(canHoldTests);
  const error = useWorkbench((state) => state.preview.error);
  const schemaName = useWorkbench((state) => state.preview.schemaName);
  const schemaError = useWorkbench((state) => state.preview.schemaError);
  const placed = placeErrors(fields, error, problems);
  const broken = useWorkbench((state) =>
    state.editor.document ? extractDocumentVariables(state.editor.document) === null : false,
  );
  return (
    <Pane
      title="Variables"
      className="pane--variables"
      hint={schemaName ? `input schema ${schemaName}` : 'no input schema'}
      actions={
        fields.length > 0 ? (
          <>
            <Button
              small
              tone="quiet"
              disabled={!canTest || Object.keys(problems).length > 0}
              title={canTest ? undefined : 'Save the prompt once to give it test cases'}
              onClick={() => void store.getState().saveVariablesAsCase()}
            >
              Save as test case
            </Button>
            <Button small tone="quiet" onClick={() => store.getState().clearVariables()}>
              Clear
            </Button>
          </>
        ) : null
      }
    >
      <div className="pane__body pane__body--scroll variables">
        {schemaError ? <p className="inline-error">{schemaError.message}</p> : null}
        {placed.unplaced.map((message) => (
          <p key={message} className="inline-error">
            {message}
          </p>
        ))}
        {fields.length === 0 && broken ? (
          <p className="empty-state">
            The template does not parse yet; its variables appear here once it does.
          </p>
        ) : fields.length === 0 ? (
          <p className="empty-state">
            No variables yet. Write <span className="mono">{'{{name}}'}</span> in the template and a
            field for it appears here.
          </p>
        ) : (
          <form className="variables__form" onSubmit={(event) => event.preventDefault()}>
            {fields.map((field) => (
              <StoredVariableRow
                key={field.name}
                field={field}
                errors={placed.byField[field.name] ?? []}
              />
            ))}
          </form>
        )}
      </div>
    </Pane>
  );
}
