import { describe, it, expect } from 'vitest';
import { unifiedDiff } from './unifiedDiff';
import { textPrompt } from '../testKit/testPrompts';

describe('unifiedDiff', () => {
  it('shows the changed template line with both version headers', () => {
    const from = textPrompt('line one\nHello {{name}}\nline three');
    const to = textPrompt('line one\nHi {{name}}!\nline three', { version: '1.0.1' });
    const patch = unifiedDiff(from, to);
    expect(patch).toContain('--- greeting@1.0.0\ttemplate');
    expect(patch).toContain('+++ greeting@1.0.1\ttemplate');
    expect(patch).toContain('-Hello {{name}}\n');
    expect(patch).toContain('+Hi {{name}}!\n');
    expect(patch).not.toContain('No newline at end of file');
  });

  it('shows settings changes after the template', () => {
    const from = textPrompt('same');
    const to = textPrompt('same', { version: '1.1.0', status: 'deprecated' });
    const patch = unifiedDiff(from, to);
    expect(patch).toContain('-status: active\n');
    expect(patch).toContain('+status: deprecated\n');
    expect(patch.indexOf('\ttemplate')).toBeLessThan(patch.indexOf('\tsettings'));
  });

  it('has no hunks when only the version label differs', () => {
    const patch = unifiedDiff(textPrompt('same'), textPrompt('same', { version: '2.0.0' }));
    expect(patch).not.toContain('@@');
  });
});
