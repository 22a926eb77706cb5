import { describe, expect, it } from 'vitest';
import type { FieldType, SchemaField, ValidationSchema } from '../model/schemaDsl';
import { appendOutputRequirements, outputRequirementsBlock } from './outputBlock';

const field = (name: string, type: FieldType, extra: Partial<SchemaField> = {}): SchemaField => ({
  name,
  type,
  required: true,
  validators: [],
  nullable: false,
  read_only: false,
  write_only: false,
  ...extra,
});

const schema = (fields: SchemaField[], description?: string): ValidationSchema => ({
  name: 'out',
  version: '1.0.0',
  strict: true,
  allow_extra: false,
  metadata: {},
  fields,
  description: description ?? null,
});

describe('outputRequirementsBlock', () => {
  it('gives an example per type, comma before the comment, none on the last line', () => {
    const block = outputRequirementsBlock(
      schema([
        field('title', 'string', { description: 'The title' }),
        field('count', 'integer', { required: false, default: 0 }),
        field('score', 'float'),
        field('ok', 'boolean'),
        field('items', 'list', { item_type: 'string' }),
        field('meta', 'dict'),
        field('kind', 'enum'),
        field('extra', 'any'),
      ]),
    );
    expect(block).toBe(
      [
        '# Output Requirements',
        '',
        'You MUST respond with valid JSON matching this exact structure:',
        '',
        'Required JSON format:',
        '```json',
        '{',
        '  "title": "your title here",  // required - The title',
        '  "count": 0,  // optional - No description',
        '  "score": 0.0,  // required - No description',
        '  "ok": true,  // required - No description',
        '  "items": [],  // required - No description',
        '  "meta": {},  // required - No description',
        '  "kind": null,  // required - No description',
        '  "extra": null  // required - No description',
        '}',
        '```',
        '',
        'IMPORTANT: Return ONLY the JSON object, no additional text or explanation.',
      ].join('\n'),
    );
  });

  it('is valid JSON once the comments are stripped', () => {
    const block = outputRequirementsBlock(
      schema([field('a', 'string'), field('b', 'list')], 'Desc'),
    );
    const body = block.split('```json\n')[1]?.split('\n```')[0] ?? '';
    expect(JSON.parse(body.replace(/\s*\/\/.*$/gm, ''))).toEqual({ a: 'your a here', b: [] });
  });

  it('appends the block after a blank line', () => {
    const s = schema([field('a', 'string')], 'Answer format');
    const text = appendOutputRequirements('Summarise this.', s);
    expect(text.startsWith('Summarise this.\n\n# Output Requirements\n')).toBe(true);
    expect(text).toContain('structure:\n\nAnswer format\n\nRequired JSON format:');
  });
});
