// The header row of a data table: one column header per heading.
import type { ReactNode } from 'react';

/** A table's <thead>; each heading is a column header (`scope="col"`). */
export function TableHead({ columns }: { columns: readonly ReactNode[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) => (
          <th key={index} scope="col">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
