// The structured view of a schema: a table of its fields.
import type { ValidationSchema } from '../../../src-shared/model/schemaDsl';
import { TableHead } from '../../ui/TableHead';
import { fieldRows } from './fieldRows';

const FIELD_COLUMNS = ['Name', 'Type', 'Required', 'Nullable', 'Default', 'Validators'];

/** A table with one row per field: name, type, required, nullable, default, validators. */
export function FieldsTable({ schema }: { schema: ValidationSchema }) {
  const rows = fieldRows(schema);
  return (
    <div className="schemas__fields">
      <p className="schemas__summary">
        {schema.description ? `${schema.description}. ` : ''}
        {schema.strict ? 'Strict: unknown fields are refused.' : 'Unknown fields are allowed.'}
        {schema.extends ? ` Extends ${schema.extends}.` : ''}
      </p>
      <table className="data-table" aria-label="Fields">
        <TableHead columns={FIELD_COLUMNS} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row" className="data-table__key">
                {row.name}
                {row.description ? (
                  <span className="data-table__note">{row.description}</span>
                ) : null}
              </th>
              <td>
                <code>{row.type}</code>
              </td>
              <td>{row.required ? 'yes' : 'no'}</td>
              <td>{row.nullable ? 'yes' : 'no'}</td>
              <td>{row.defaultText ? <code>{row.defaultText}</code> : '—'}</td>
              <td>
                {row.validators.length === 0
                  ? '—'
                  : row.validators.map((text) => (
                      <code key={text} className="chip">
                        {text}
                      </code>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
