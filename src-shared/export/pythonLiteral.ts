// Writes JSON data as a Python literal (dicts, lists, True/False/None) for code snippets.

/**
 * Formats `value` (plain JSON data) as Python source, indented by four spaces per level.
 * Strings use JSON's escapes, which Python string literals read the same way.
 */
export function pythonLiteral(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = value.every((item) => item === null || typeof item !== 'object');
    const inline = `[${value.map((item) => pythonLiteral(item)).join(', ')}]`;
    // Short lists of plain values (ids, variable names) read better on one line.
    if (flat && inline.length <= 72) return inline;
    const items = value.map((item) => `${inner}${pythonLiteral(item, inner)},`);
    return `[\n${items.join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, item]) => item !== undefined,
  );
  if (entries.length === 0) return '{}';
  const lines = entries.map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${pythonLiteral(item, inner)},`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}
