// The structured view of a schema: a table of its fields, each cell an editor. Every change is
// a table edit applied to the YAML text (so the YAML tab shows it at once, comments kept).
import { useState } from 'react';
import { FIELD_TYPES } from '../../../src-shared/model/schemaDsl';
import type { FieldType, SchemaField, ValidationSchema } from '../../../src-shared/model/schemaDsl';
import type { SchemaEdit } from '../../../src-shared/yaml/schemaEdits';
import { Button } from '../../ui/Button';
import { CommitInput } from '../../ui/CommitInput';
import { Select, optionsOf } from '../../ui/Select';
import { TableHead } from '../../ui/TableHead';
import { usePendingFocus } from '../../ui/usePendingFocus';
import { ValidatorsEditor } from './ValidatorsEditor';
import { validatorText } from './fieldRows';
import { defaultFromText } from './schemaText';

// Description, default and validators sit on lines under each field, so the table fits its pane
// beside the test data (every field the same few short lines, however many validators it has).
const FIELD_COLUMNS = [
  'Field',
  'Type',
  'Required',
  'Nullable',
  <span key="actions" className="visually-hidden">
    Actions
  </span>,
];

/** The flag columns, in order (a checkbox each, named `Field <n> required`…). */
const FLAGS = ['required', 'nullable'] as const;

const ITEM_TYPES = [{ value: '', label: 'any item' }, ...optionsOf(FIELD_TYPES)];

/** Props of the fields table; `onEdit` applies edits to the YAML and says whether it could. */
export interface FieldsTableProps {
  schema: ValidationSchema;
  onEdit: (edits: SchemaEdit[]) => boolean;
}

/** A name no field has yet: `field_1`, `field_2`… */
function freeName(schema: ValidationSchema): string {
  const taken = new Set(schema.fields.map((field) => field.name));
  let n = schema.fields.length + 1;
  while (taken.has(`field_${n}`)) n += 1;
  return `field_${n}`;
}

function defaultText(field: SchemaField): string {
  return field.default === undefined ? '' : JSON.stringify(field.default);
}

/**
 * The table of fields, with Add field below it: each field a group of rows (its name, type and
 * flags; its default, description and validators in words; the validators' editor when open).
 */
export function FieldsTable({ schema, onEdit }: FieldsTableProps) {
  const [openRow, setOpenRow] = useState<number | null>(null);
  const { root, focusAfterRender } = usePendingFocus<HTMLDivElement>();

  const addField = (): void => {
    focusAfterRender(`name-${schema.fields.length}`);
    if (!onEdit([{ kind: 'addField', name: freeName(schema), type: 'string' }])) {
      focusAfterRender(null);
    }
  };
  const removeField = (index: number): void => {
    const left = schema.fields.length - 1;
    focusAfterRender(left === 0 ? 'add-field' : `remove-${Math.min(index, left - 1)}`);
    if (!onEdit([{ kind: 'removeField', field: index }])) {
      focusAfterRender(null);
      return;
    }
    if (openRow === index) setOpenRow(null);
  };
  const setType = (index: number, type: FieldType): void => {
    onEdit([{ kind: 'setType', field: index, type }]);
  };
  const set = (index: number, key: string, value: unknown): boolean =>
    onEdit([{ kind: 'setField', field: index, key, value }]);

  return (
    <div className="schemas__fields" ref={root}>
      <p className="schemas__summary">
        {schema.description ? `${schema.description}. ` : ''}
        {schema.strict ? 'Strict: unknown fields are refused.' : 'Unknown fields are allowed.'}
        {schema.extends ? ` Extends ${schema.extends}.` : ''} Edit a cell and press Enter or leave
        it: the YAML changes with it.
      </p>
      <table className="data-table fields-table" aria-label="Fields">
        <TableHead columns={FIELD_COLUMNS} />
        {schema.fields.map((field, index) => {
          const n = index + 1;
          const open = openRow === index;
          const validators = field.validators.map(validatorText).join(' · ');
          return (
            <tbody key={index} className="fields-table__field">
              <tr>
                <th scope="row" className="data-table__key">
                  <CommitInput
                    className="input input--small fields-table__name"
                    aria-label={`Name of field ${n}`}
                    data-focus={`name-${index}`}
                    spellCheck={false}
                    value={field.name}
                    onCommit={(name) => set(index, 'name', name.trim())}
                  />
                </th>
                <td>
                  <Select
                    className="input input--small fields-table__type"
                    aria-label={`Type of field ${n}`}
                    value={field.type}
                    options={optionsOf(FIELD_TYPES)}
                    onChange={(type) => setType(index, type as FieldType)}
                  />
                  {field.type === 'list' ? (
                    <Select
                      className="input input--small fields-table__type"
                      aria-label={`Item type of field ${n}`}
                      value={field.item_type ?? ''}
                      options={ITEM_TYPES}
                      onChange={(type) => set(index, 'item_type', type || undefined)}
                    />
                  ) : null}
                  {field.type === 'dict' ? (
                    <CommitInput
                      className="input input--small fields-table__type"
                      aria-label={`Nested schema of field ${n}`}
                      placeholder="nested schema"
                      spellCheck={false}
                      value={field.nested_schema ?? ''}
                      onCommit={(name) => set(index, 'nested_schema', name.trim() || undefined)}
                    />
                  ) : null}
                </td>
                {FLAGS.map((flag) => (
                  <td key={flag}>
                    <input
                      type="checkbox"
                      aria-label={`Field ${n} ${flag}`}
                      checked={field[flag]}
                      onChange={(event) => set(index, flag, event.target.checked)}
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="icon-button"
                    data-focus={`remove-${index}`}
                    aria-label={`Remove field ${n}`}
                    title={`Remove field ${n} (${field.name})`}
                    onClick={() => removeField(index)}
                  >
                    ×
                  </button>
                </td>
              </tr>
              <tr className="fields-table__more">
                <td colSpan={FIELD_COLUMNS.length}>
                  <div className="fields-table__line">
                    <label className="fields-table__labelled fields-table__labelled--description">
                      <span className="field__label">Description</span>
                      <CommitInput
                        className="input input--small fields-table__description"
                        aria-label={`Description of field ${n}`}
                        value={field.description ?? ''}
                        onCommit={(text) => set(index, 'description', text.trim() || undefined)}
                      />
                    </label>
                    <label className="fields-table__labelled">
                      <span className="field__label">Default</span>
                      <CommitInput
                        className="input input--small fields-table__default"
                        aria-label={`Default of field ${n}`}
                        placeholder="none"
                        spellCheck={false}
                        value={defaultText(field)}
                        onCommit={(text) => set(index, 'default', defaultFromText(text))}
                      />
                    </label>
                    <div className="fields-table__labelled fields-table__labelled--grow">
                      <span className="field__label">Validators</span>
                      <span className="fields-table__validators" title={validators || undefined}>
                        {validators || 'none'}
                      </span>
                      <Button
                        small
                        tone="quiet"
                        aria-expanded={open}
                        aria-controls={`validators-${index}`}
                        aria-label={`Edit validators of field ${n}`}
                        title={`Edit validators of field ${n}`}
                        onClick={() => setOpenRow(open ? null : index)}
                      >
                        Edit
                      </Button>
                    </div>
                  </div>
                </td>
              </tr>
              {open ? (
                <tr id={`validators-${index}`} className="fields-table__detail">
                  <td colSpan={FIELD_COLUMNS.length}>
                    <ValidatorsEditor
                      field={field}
                      fieldNumber={n}
                      onEdit={(edits) =>
                        onEdit(edits.map((edit) => ({ ...edit, field: index }) as SchemaEdit))
                      }
                    />
                  </td>
                </tr>
              ) : null}
            </tbody>
          );
        })}
      </table>
      <div className="fields-table__actions">
        <Button small data-focus="add-field" onClick={addField}>
          Add field
        </Button>
      </div>
    </div>
  );
}
