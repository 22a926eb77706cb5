import { describe, expect, it } from 'vitest';
import { field, schema } from '../testKit/schemaFixtures';
import { appendOutputRequirements, outputRequirementsBlock } from './outputBlock';

describe('outputRequirementsBlock', () => {
  it('gives an example per type, comma before the comment, none on the last line', () => {
    const block = outputRequirementsBlock(
      schema('out', [
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
      schema('out', [field('a', 'string'), field('b', 'list')], { description: 'Desc' }),
    );
    const body = block.split('```json\n')[1]?.split('\n```')[0] ?? '';
    expect(JSON.parse(body.replace(/\s*\/\/.*$/gm, ''))).toEqual({ a: 'your a here', b: [] });
  });

  it('appends the block after a blank line', () => {
    const s = schema('out', [field('a', 'string')], { description: 'Answer format' });
    const text = appendOutputRequirements('Summarise this.', s);
    expect(text.startsWith('Summarise this.\n\n# Output Requirements\n')).toBe(true);
    expect(text).toContain('structure:\n\nAnswer format\n\nRequired JSON format:');
  });
});
