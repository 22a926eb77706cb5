import { describe, expect, it } from 'vitest';
import { expectRefused, openHostileLibraryForFile } from './hostileLibrary';

// A Slack bot token as secretlint's recommended preset detects it.
const TOKEN = `xoxb-${'1234567890'}-${'1234567890123'}-${'AbCdEfGhIjKlMnOpQrStUvWx'}`;
const LEAK = TOKEN.slice(12, 26);

const { lib } = await openHostileLibraryForFile();

describe('a planted token in a shared partial', () => {
  it('is refused on save, named by rule and partial, never echoed, and writes nothing', async () => {
    const before = lib.dump();
    const error = expectRefused(
      await lib.call('savePartial', { name: 'signature', content: `Bye\ntoken ${TOKEN}` }),
      'forbidden',
      /^Possible secret found: slack in partial signature at line 2, column 7\. Remove it, or choose "Save anyway" \(allowSecrets in the API\) to save anyway\.$/,
    );
    expect(JSON.stringify(error)).not.toContain(LEAK);
    expect(error.details).toMatchObject({
      findings: [{ rule: 'slack', location: 'partial signature', line: 2, column: 7 }],
    });
    expect(lib.dump()).toBe(before);
    expect(lib.logged).toEqual([]);
  });

  it('is saved when the user overrides the check', async () => {
    const outcome = await lib.dispatcher.dispatch('savePartial', {
      name: 'signature',
      content: `Bye ${TOKEN}`,
      allowSecrets: true,
    });
    expect(outcome).toEqual({ ok: true, value: { name: 'signature' } });
    expect(lib.services.partials.get('signature')).toBe(`Bye ${TOKEN}`);
  });

  it('leaves clean partials alone', async () => {
    const outcome = await lib.dispatcher.dispatch('savePartial', {
      name: 'signature',
      content: '-- The {{team}} crew',
    });
    expect(outcome).toEqual({ ok: true, value: { name: 'signature' } });
  });
});
