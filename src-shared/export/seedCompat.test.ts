import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePrompt } from '../model/validatePrompt';
import { createSchemaSet } from '../schema';
import { seedOpenAIConversion } from './seedCompat';

const prompts = fileURLToPath(new URL('../../../shared/seed/examples/prompts', import.meta.url));
const ctx = { partials: {}, schemas: createSchemaSet([]) };

function seedPrompt(id: string) {
  return parsePrompt(parse(readFileSync(join(prompts, `${id}.yaml`), 'utf8')));
}

describe('seedOpenAIConversion', () => {
  it('returns a text prompt as the rendered string, as the seed did', () => {
    const result = seedOpenAIConversion(
      seedPrompt('greeting'),
      { name: 'Alice', role: 'Developer' },
      ctx,
    );
    expect(result).toBe('Hello Alice! Welcome to our platform. Your role is Developer.');
  });

  it('returns a chat prompt as the bare message list, as the seed did', () => {
    const variables = { company: 'Acme', customer_query: 'Where is my order?' };
    expect(seedOpenAIConversion(seedPrompt('customer_support'), variables, ctx)).toEqual([
      {
        role: 'system',
        content:
          'You are a helpful customer support agent for Acme. Be professional and empathetic.',
      },
      { role: 'user', content: 'Where is my order?' },
    ]);
  });
});
