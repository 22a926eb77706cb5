// The seed's example schemas load, compile and validate here (SEED-BEHAVIOUR §11).
import { describe, expect, it } from 'vitest';
import { seedSchemas } from '../../electron/testKit/seedExamples';
import { AppError, type FieldIssue } from '../errors';
import type { ValidationSchema } from '../model/schemaDsl';
import { outputRequirementsBlock } from './outputBlock';
import { SchemaSet } from './schemaSet';
import { schemaWarnings } from './warnings';

const set = new SchemaSet(seedSchemas());

function issuesOf(name: string, data: unknown): FieldIssue[] {
  try {
    set.validate(name, data);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('schema_violation');
    return (error as AppError).details?.issues as FieldIssue[];
  }
  throw new Error(`expected ${name} to reject the data`);
}

const LONG_TEXT = 'Lorem ipsum dolor sit amet. '.repeat(10);
const ADDRESS = { street: '1 Main Street', city: 'Springfield', state: 'IL', postal_code: '62704' };

/** A good record and a bad one (with the path it must be rejected at) per example schema. */
const CASES: Record<
  string,
  { good: Record<string, unknown>; bad: Record<string, unknown>; path: string }
> = {
  address: { good: ADDRESS, bad: { ...ADDRESS, state: 'Illinois' }, path: 'state' },
  api_config: {
    good: { endpoint: 'https://api.example.com/v1', api_key: 'k'.repeat(32) },
    bad: { endpoint: 'ftp://files.example.com', api_key: 'k'.repeat(32) },
    path: 'endpoint',
  },
  blog_post: {
    good: { title: 'Hello world', slug: 'hello-world', content: LONG_TEXT, author: 'ada' },
    bad: { title: 'Hello world', slug: 'Hello World', content: LONG_TEXT, author: 'ada' },
    path: 'slug',
  },
  code_review_input: {
    good: { language: 'python', code: 'print("hello world")' },
    bad: { language: 'cobol', code: 'print("hello world")' },
    path: 'language',
  },
  data_analysis_input: {
    good: { datasets: [{ name: 'sales', rows: 10 }], analysis_type: 'trend' },
    bad: { datasets: ['sales'], analysis_type: 'trend' },
    path: 'datasets.0',
  },
  product: {
    good: { name: 'Desk lamp', sku: 'LMP-123456', price: 19.99, category: 'home' },
    bad: { name: 'Desk lamp', sku: 'LMP-123456', price: 19.99, category: 'garden' },
    path: 'category',
  },
  prompt_variables: {
    good: { model: 'gpt-4', user_input: 'Hi' },
    bad: { model: 'gpt-4', user_input: 'Hi', temperature: 2.5 },
    path: 'temperature',
  },
  text_summarization_input: {
    good: { content_type: 'article', length: 'brief', text: LONG_TEXT },
    bad: { content_type: 'article', length: 'huge', text: LONG_TEXT },
    path: 'length',
  },
  text_summarization_output: {
    good: { summary: 'A short summary.', key_points: ['one'], word_count: 3 },
    bad: { summary: 'A short summary.', word_count: 0 },
    path: 'word_count',
  },
  user_profile: {
    good: { username: 'ada_l', email: 'ada@example.com' },
    bad: { username: 'ada_l', email: 'ada@example.com', role: 'owner' },
    path: 'role',
  },
  user_with_address: {
    good: { name: 'Ada', email: 'ada@example.com', shipping_address: ADDRESS },
    bad: {
      name: 'Ada',
      email: 'ada@example.com',
      shipping_address: { ...ADDRESS, postal_code: '123' },
    },
    path: 'shipping_address.postal_code',
  },
};

describe('seed example schemas', () => {
  it('holds all eleven examples', () => {
    expect(set.names()).toEqual(Object.keys(CASES).sort());
  });

  for (const [name, { good, bad, path: badPath }] of Object.entries(CASES)) {
    it(`${name}: compiles, accepts a good record and rejects a bad one at ${badPath}`, () => {
      expect(() => set.validate(name, good)).not.toThrow();
      expect(issuesOf(name, bad).map((i) => i.path)).toContain(badPath);
    });
  }

  it('enum-typed fields work (the seed failed every user_profile validation)', () => {
    const { value } = set.validate('user_profile', { username: 'ada_l', email: 'ada@example.com' });
    expect(value.role).toBe('user');
    expect(issuesOf('user_profile', { username: 'ada_l', email: 'a@b.co', role: 'owner' })).toEqual(
      [{ path: 'role', rule: 'enum', message: 'Invalid role' }],
    );
  });

  it('api_config fills every default', () => {
    const { value } = set.validate('api_config', {
      endpoint: 'https://api.example.com',
      api_key: 'k'.repeat(32),
    });
    expect(value).toEqual({
      endpoint: 'https://api.example.com',
      api_key: 'k'.repeat(32),
      timeout: 30,
      retry_count: 3,
      retry_delay: 1.0,
      headers: {},
    });
  });

  it('reports the nested error path and its custom message', () => {
    const issues = issuesOf('user_with_address', {
      name: 'Ada',
      email: 'ada@example.com',
      shipping_address: { ...ADDRESS, postal_code: 'ABCDE' },
    });
    expect(issues).toEqual([
      { path: 'shipping_address.postal_code', rule: 'regex', message: 'Invalid ZIP code format' },
    ]);
  });

  it('fills nested defaults and a missing nullable nested object with null', () => {
    const { value } = set.validate('user_with_address', {
      name: 'Ada',
      email: 'ada@example.com',
      shipping_address: ADDRESS,
    });
    expect(value.shipping_address).toEqual({ ...ADDRESS, country: 'US' });
    expect(value.billing_address).toBeNull();
  });

  it('keeps extras for the non-strict blog_post and rejects them for strict schemas', () => {
    const post = { ...CASES.blog_post?.good, source: 'import' };
    expect(set.validate('blog_post', post).value.source).toBe('import');
    expect(issuesOf('address', { ...ADDRESS, planet: 'Earth' })).toEqual([
      { path: 'planet', rule: 'extra', message: 'Extra inputs are not permitted' },
    ]);
  });

  it('builds the exact output block for text_summarization_output', () => {
    const schema = set.get('text_summarization_output');
    expect(schema).toBeDefined();
    expect(outputRequirementsBlock(schema as ValidationSchema)).toBe(
      [
        '# Output Requirements',
        '',
        'You MUST respond with valid JSON matching this exact structure:',
        '',
        'Output validation for text summarization prompt',
        '',
        'Required JSON format:',
        '```json',
        '{',
        '  "summary": "your summary here",  // required - Generated summary',
        '  "key_points": [],  // optional - Key points extracted from text',
        '  "word_count": 0  // optional - Word count of summary',
        '}',
        '```',
        '',
        'IMPORTANT: Return ONLY the JSON object, no additional text or explanation.',
      ].join('\n'),
    );
  });

  it('no example declares a custom validator, so none warns', () => {
    expect(set.names().flatMap((n) => schemaWarnings(set.get(n) as ValidationSchema))).toEqual([]);
  });
});
