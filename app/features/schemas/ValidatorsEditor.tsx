// The validators of one field, each with its type, the settings that type reads and its message.
import { useState } from 'react';
import { VALIDATOR_TYPES } from '../../../src-shared/model/schemaDsl';
import type {
  FieldValidator,
  SchemaField,
  ValidatorType,
} from '../../../src-shared/model/schemaDsl';
import type { SchemaEdit } from '../../../src-shared/yaml/schemaEdits';
import { Button } from '../../ui/Button';
import { Select, optionsOf } from '../../ui/Select';
import { CommitInput } from '../../ui/CommitInput';
import { usePendingFocus } from '../../ui/usePendingFocus';

type ValidatorEdit = Extract<
  SchemaEdit,
  { kind: 'addValidator' | 'removeValidator' | 'setValidator' }
>;
type WithoutField<E> = E extends unknown ? Omit<E, 'field'> : never;
/** Edits of one field's validators (the table fills in the field). */
export type ValidatorChange = WithoutField<ValidatorEdit>;

interface Param {
  key: 'min_value' | 'max_value' | 'pattern' | 'allowed_values' | 'custom_function';
  label: string;
  kind: 'number' | 'text' | 'list';
}

const MIN = (label: string): Param => ({ key: 'min_value', label, kind: 'number' });
const MAX = (label: string): Param => ({ key: 'max_value', label, kind: 'number' });

/** The settings each validator type reads (the seed's length validators read min/max_value). */
const PARAMS: Record<ValidatorType, Param[]> = {
  min_length: [MIN('Minimum length')],
  max_length: [MAX('Maximum length')],
  min_value: [MIN('Minimum')],
  max_value: [MAX('Maximum')],
  range: [MIN('Minimum'), MAX('Maximum')],
  regex: [{ key: 'pattern', label: 'Pattern', kind: 'text' }],
  enum: [{ key: 'allowed_values', label: 'Allowed values (comma-separated)', kind: 'list' }],
  custom: [{ key: 'custom_function', label: 'Function', kind: 'text' }],
  email: [],
  url: [],
  uuid: [],
  date: [],
  datetime: [],
};

/** Where a setting is written: its own key, or `value` when the YAML wrote it there. */
function keyOf(validator: FieldValidator, param: Param): string {
  const own = validator[param.key];
  const single = PARAMS[validator.type].length === 1;
  return own === undefined && single && validator.value !== undefined ? 'value' : param.key;
}

function shownValue(validator: FieldValidator, param: Param): string {
  const value = (validator as unknown as Record<string, unknown>)[keyOf(validator, param)];
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => String(item)).join(', ');
  return String(value);
}

/** The value to write for a setting typed as text, or an error message. */
function readParam(param: Param, text: string): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  if (param.kind === 'number') {
    const number = Number(trimmed);
    return Number.isFinite(number) ? { value: number } : { error: `${param.label}: a number` };
  }
  if (param.kind === 'list') {
    return {
      value: trimmed
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    };
  }
  return { value: text };
}

/** Props of the validators editor. */
export interface ValidatorsEditorProps {
  field: SchemaField;
  fieldNumber: number;
  onEdit: (edits: ValidatorChange[]) => boolean;
}

/** One fieldset per validator, then Add validator. */
export function ValidatorsEditor({ field, fieldNumber, onEdit }: ValidatorsEditorProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const { root, focusAfterRender } = usePendingFocus<HTMLDivElement>();

  const add = (): void => {
    focusAfterRender(`validator-type-${field.validators.length}`);
    if (!onEdit([{ kind: 'addValidator', type: 'min_length' }])) focusAfterRender(null);
  };
  const remove = (index: number): void => {
    if (!onEdit([{ kind: 'removeValidator', validator: index }])) return;
    const left = field.validators.length - 1;
    focusAfterRender(
      left === 0 ? 'validator-add' : `validator-remove-${Math.min(index, left - 1)}`,
    );
  };
  const setType = (index: number, validator: FieldValidator, type: ValidatorType): void => {
    // Settings the new type does not read go with the old type.
    const keep = new Set(PARAMS[type].map((param) => param.key));
    const dropped = PARAMS[validator.type]
      .filter((param) => !keep.has(param.key))
      .map((param) => ({
        kind: 'setValidator' as const,
        validator: index,
        key: keyOf(validator, param),
        value: undefined,
      }));
    onEdit([{ kind: 'setValidator', validator: index, key: 'type', value: type }, ...dropped]);
  };
  const setParam = (index: number, validator: FieldValidator, param: Param, text: string) => {
    const read = readParam(param, text);
    if ('error' in read) {
      setProblem(`Validator ${index + 1}: ${read.error}`);
      return;
    }
    setProblem(null);
    onEdit([
      { kind: 'setValidator', validator: index, key: keyOf(validator, param), value: read.value },
    ]);
  };

  return (
    <div className="validators-editor" ref={root}>
      {field.validators.length === 0 ? (
        <p className="hint">No validators: any {field.type} value is accepted.</p>
      ) : null}
      {field.validators.map((validator, index) => {
        const label = `validator ${index + 1} of field ${fieldNumber}`;
        return (
          <fieldset
            key={index}
            className="validators-editor__item"
            aria-label={`Validator ${index + 1} of field ${fieldNumber}`}
          >
            <label className="validators-editor__field">
              <span className="field__label">Type</span>
              <Select
                data-focus={`validator-type-${index}`}
                value={validator.type}
                options={optionsOf(VALIDATOR_TYPES)}
                onChange={(type) => setType(index, validator, type as ValidatorType)}
              />
            </label>
            {PARAMS[validator.type].map((param) => (
              <label key={param.key} className="validators-editor__field">
                <span className="field__label">{param.label}</span>
                <CommitInput
                  inputMode={param.kind === 'number' ? 'decimal' : undefined}
                  spellCheck={false}
                  value={shownValue(validator, param)}
                  onCommit={(text) => setParam(index, validator, param, text)}
                />
              </label>
            ))}
            <label className="validators-editor__field validators-editor__field--grow">
              <span className="field__label">Error message</span>
              <CommitInput
                placeholder="the default message"
                value={validator.error_message ?? ''}
                onCommit={(text) =>
                  onEdit([
                    {
                      kind: 'setValidator',
                      validator: index,
                      key: 'error_message',
                      value: text.trim() || undefined,
                    },
                  ])
                }
              />
            </label>
            <button
              type="button"
              className="icon-button"
              data-focus={`validator-remove-${index}`}
              aria-label={`Remove ${label}`}
              title={`Remove ${label}`}
              onClick={() => remove(index)}
            >
              ×
            </button>
          </fieldset>
        );
      })}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <Button small data-focus="validator-add" onClick={add}>
        Add validator
      </Button>
    </div>
  );
}
