import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from '../cli/cliTestKit';
import { GREETING, expectRefused, openHostileLibraryForFile } from './hostileLibrary';

// A GitHub token as secretlint's recommended preset detects it: ghp_ and 36 alphanumerics.
const TOKEN = `ghp_${'Zy9Xw8Vu7Ts6Rq5Po4Nm'}${'3Lk2Ji1Hg0Fe9Dc8'}`;
// Any 12 characters of the token would be a leak; the middle is what we look for.
const LEAK = TOKEN.slice(6, 18);

const { lib, before } = await openHostileLibraryForFile();

const SAVE_ANYWAY = 'use --allow-secrets ("Save anyway" in the app) to save anyway.';

describe('a planted API key', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'in a template',
      { template: { content: `Call GitHub with\n\t${TOKEN} please` } },
      `Possible secret found: github in template at line 2, column 2. Remove it, or ${SAVE_ANYWAY}`,
    ],
    [
      'in a chat message',
      {
        format: 'chat',
        template: null,
        chat_template: {
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: `token=${TOKEN}` },
          ],
        },
      },
      `Possible secret found: github in message 2 at line 1, column 7. Remove it, or ${SAVE_ANYWAY}`,
    ],
    [
      'in a local partial',
      { template: { content: '{{> auth}}', partials: { auth: TOKEN } } },
      `Possible secret found: github in partial auth at line 1, column 1. Remove it, or ${SAVE_ANYWAY}`,
    ],
    [
      'in metadata',
      { metadata: { description: 'demo', custom: { key: TOKEN } } },
      /^Possible secret found: github in metadata at line 1, column \d+\. Remove it, or use --allow-secrets/ as never,
    ],
  ];
  for (const [where, change, message] of cases) {
    it(`is reported on save ${where}, without the key in any message or log`, async () => {
      const result = await lib.call('savePrompt', {
        document: { ...GREETING, id: 'leaky', ...change },
      });
      const error = expectRefused(result, 'forbidden', message);
      expect(error.details).toMatchObject({
        findings: [{ rule: 'github', line: expect.any(Number), column: expect.any(Number) }],
      });
      expect(JSON.stringify(result.outcome)).not.toContain(LEAK);
      expect(lib.logged).toEqual([]);
      expect(lib.dump()).toBe(before);
      expect(lib.dump()).not.toContain(LEAK);
    });
  }

  it('is reported when imported from a file, and nothing is imported', async () => {
    const file = join(lib.dir, 'leaky.yaml');
    writeFileSync(file, `id: leaky\nformat: text\ntemplate:\n  content: "key ${TOKEN}"\n`);
    const result = await lib.call('importFolder', { paths: [file] });
    expectRefused(
      result,
      'forbidden',
      'Possible secret found: github in leaky.yaml: template at line 1, column 5. Remove it, or use --allow-secrets to save anyway.',
    );
    expect(JSON.stringify(result.outcome)).not.toContain(LEAK);
    expect(lib.dump()).toBe(before);
  });

  it('is reported by pwb save on one line that does not print the key', async () => {
    const box = cliSandbox();
    writeFileSync(
      join(box.dir, 'leaky.yaml'),
      `id: leaky\nformat: text\ntemplate:\n  content: "key ${TOKEN}"\n`,
    );
    const run = await box.pwb('save', 'leaky', '--file', 'leaky.yaml');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `pwb: Possible secret found: github in template at line 1, column 5. Remove it, or ${SAVE_ANYWAY}\n`,
    );
    const list = await box.pwb('list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
