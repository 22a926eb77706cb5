import { describe, expect, it } from 'vitest';
import { exportFileName, payloadText } from './exportFile';

describe('exportFileName', () => {
  it('names the file after the prompt and the provider', () => {
    expect(exportFileName('release_notes', 'anthropic')).toBe('pwb-release_notes-anthropic.json');
  });

  it('replaces characters that are unsafe in file names', () => {
    expect(exportFileName('a/b\\c', 'openai')).toBe('pwb-a_b_c-openai.json');
  });

  it('never starts the id with dots', () => {
    expect(exportFileName('..', 'litellm')).toBe('pwb-prompt-litellm.json');
  });

  it('falls back to "prompt" without an id', () => {
    expect(exportFileName(null, 'langchain')).toBe('pwb-prompt-langchain.json');
  });
});

describe('payloadText', () => {
  it('is indented JSON ending with a newline that parses back to the payload', () => {
    const payload = { messages: [{ role: 'user', content: 'Hi' }] };
    const text = payloadText(payload);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "messages"');
    expect(JSON.parse(text)).toEqual(payload);
  });
});
