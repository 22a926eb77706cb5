// Keys and fragments of keys never survive in a provider's message.
import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('drops a known key wherever it appears', () => {
    expect(redactSecrets('bad key my-own-secret-token-77 sent', ['my-own-secret-token-77'])).toBe(
      'bad key [redacted] sent',
    );
  });

  it('drops OpenAI keys and their masked forms', () => {
    for (const masked of ['sk-…abcd', 'sk-proj-abc***************wxyz', 'sk-ant-api03-XYZ']) {
      const out = redactSecrets(`Incorrect API key provided: ${masked}. See the docs.`, []);
      expect(out).toBe('Incorrect API key provided: [redacted]. See the docs.');
    }
  });

  it('drops masked fragments of other keys and bearer tokens', () => {
    expect(redactSecrets('key abc…wxyz, or abc...wxyz, or Bearer t0k3n', [])).toBe(
      'key [redacted], or [redacted], or Bearer [redacted]',
    );
  });

  it('leaves ordinary prose alone', () => {
    const text = 'Rate limit reached... please retry in 20s. Model gpt-4o is busy.';
    expect(redactSecrets(text, ['unrelated-key-123456'])).toBe(text);
  });
});
