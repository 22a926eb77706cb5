// The list of schemas in the library, with the prompts that use each.
import type { SchemaSummary } from '../../../src-shared/contract/dto';
import { SideList, SideListItem } from '../../ui/SideList';
import { usedByText } from '../../ui/usedBy';

/** Props of the schema list. */
export interface SchemaListProps {
  schemas: readonly SchemaSummary[];
  selected: string | null;
  onSelect: (name: string) => void;
}

/** A list of schemas; the open one is marked as current. */
export function SchemaList({ schemas, selected, onSelect }: SchemaListProps) {
  return (
    <SideList label="Schema list">
      {schemas.map((schema) => (
        <SideListItem
          key={schema.name}
          name={schema.name}
          badge={schema.version}
          meta={`${schema.field_count} ${schema.field_count === 1 ? 'field' : 'fields'} · ${usedByText(schema.used_by)}`}
          current={schema.name === selected}
          onSelect={() => onSelect(schema.name)}
        />
      ))}
    </SideList>
  );
}
