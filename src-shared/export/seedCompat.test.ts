import { describe, expect, it } from 'vitest';
import { seedPrompt } from '../../electron/testKit/seedExamples';
import { createSchemaSet } from '../schema';
import { seedOpenAIConversion } from './seedCompat';

const ctx = { partials: {}, schemas: createSchemaSet([]) };

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
