// The list of schemas in the library, with the prompts that use each.
import type { SchemaSummary } from '../../../src-shared/contract/dto';

/** Props of the schema list. */
export interface SchemaListProps {
  schemas: readonly SchemaSummary[];
  selected: string | null;
  onSelect: (name: string) => void;
}

/** A list of schemas; the open one is marked as current. */
export function SchemaList({ schemas, selected, onSelect }: SchemaListProps) {
  return (
    <ul className="side-list" aria-label="Schema list">
      {schemas.map((schema) => (
        <li key={schema.name}>
          <button
            type="button"
            className="side-list__item"
            aria-current={schema.name === selected ? 'true' : undefined}
            onClick={() => onSelect(schema.name)}
          >
            <span className="side-list__title">
              <span className="side-list__name">{schema.name}</span>
              <span className="side-list__badge">{schema.version}</span>
            </span>
            <span className="side-list__meta">
              {schema.field_count} {schema.field_count === 1 ? 'field' : 'fields'}
              {' · '}
              {schema.used_by.length === 0
                ? 'not used by any prompt'
                : `used by ${schema.used_by.join(', ')}`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
