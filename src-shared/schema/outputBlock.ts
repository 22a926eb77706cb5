// The "# Output Requirements" block appended to a rendered prompt that has an output schema.
import type { FieldType, ValidationSchema } from '../model/schemaDsl';

function exampleValue(type: FieldType, name: string): string {
  switch (type) {
    case 'string':
      return JSON.stringify(`your ${name} here`);
    case 'integer':
      return '0';
    case 'float':
      return '0.0';
    case 'boolean':
      return 'true';
    case 'list':
      return '[]';
    case 'dict':
      return '{}';
    default:
      return 'null';
  }
}

/**
 * The seed's output-requirements block (SEED-BEHAVIOUR §3.9) with its comma bug fixed: the comma
 * comes before the `//` comment, so the example is valid JSON-with-comments.
 */
export function outputRequirementsBlock(schema: ValidationSchema): string {
  const lines = [
    '# Output Requirements',
    '',
    'You MUST respond with valid JSON matching this exact structure:',
    '',
  ];
  if (schema.description) lines.push(schema.description, '');
  lines.push('Required JSON format:', '```json', '{');
  schema.fields.forEach((field, index) => {
    const comma = index < schema.fields.length - 1 ? ',' : '';
    const need = field.required ? 'required' : 'optional';
    const about = field.description || 'No description';
    const key = JSON.stringify(field.name);
    lines.push(`  ${key}: ${exampleValue(field.type, field.name)}${comma}  // ${need} - ${about}`);
  });
  lines.push(
    '}',
    '```',
    '',
    'IMPORTANT: Return ONLY the JSON object, no additional text or explanation.',
  );
  return lines.join('\n');
}

/** `text` followed by a blank line and the output-requirements block of `schema`. */
export function appendOutputRequirements(text: string, schema: ValidationSchema): string {
  return `${text}\n\n${outputRequirementsBlock(schema)}`;
}
