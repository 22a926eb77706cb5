import { describe, expect, it } from 'vitest';
import { seedPrompt, seedRenderContext } from '../../electron/testKit/seedExamples';
import { EXPORT_TARGET_NAMES, PROVIDERS, exportPrompt, isProvider } from './index';

describe('export targets keyed by provider', () => {
  it('name every provider of the contract, and only those', () => {
    expect(Object.keys(EXPORT_TARGET_NAMES).sort()).toEqual([...PROVIDERS].sort());
    expect(PROVIDERS.every(isProvider)).toBe(true);
    expect(['bard', 'toString', '__proto__', '', null].some(isProvider)).toBe(false);
  });

  it('export every provider with a payload and both snippets', () => {
    const prompt = seedPrompt('greeting');
    for (const provider of PROVIDERS) {
      const result = exportPrompt(
        provider,
        prompt,
        { name: 'Ada', role: 'Admin' },
        seedRenderContext(),
      );
      expect(result.provider).toBe(provider);
      expect(result.payload).toBeTypeOf('object');
      expect(result.snippets.python).toContain('payload');
      expect(result.snippets.typescript.length).toBeGreaterThan(0);
    }
  });

  it('refuses a name that is not a provider, even one every object has', () => {
    for (const name of ['bard', 'toString']) {
      expect(() =>
        exportPrompt(name as never, seedPrompt('greeting'), {}, seedRenderContext()),
      ).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    }
  });
});
