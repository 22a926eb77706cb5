import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../cli/cliTestKit';
import { hostileFiles } from './hostileFiles';
import { expectRefused, openHostileLibraryForFile, seedDatabase } from './hostileLibrary';
import { dumpLibrary } from './libraryDump';

const { lib, before } = await openHostileLibraryForFile();

const GOOD = 'id: innocent\nformat: text\ntemplate:\n  content: "Hello {{name}}"\n';

describe('file import refuses hostile files and leaves the library unchanged', () => {
  for (const file of hostileFiles()) {
    it(`refuses ${file.title}`, async () => {
      const folder = join(lib.dir, 'files', file.name.replace(/\W/g, '_'));
      mkdirSync(folder, { recursive: true });
      const path = join(folder, file.name);
      writeFileSync(path, file.content);
      const result = await lib.call('importFolder', { paths: [path] });
      const error = expectRefused(result, file.code, file.message);
      expect(error.details).toMatchObject({ file: expect.stringContaining(file.name) });
      expect(lib.dump()).toBe(before);
      expect(lib.logged).toEqual([]);
    });
  }

  it('imports nothing when one bad file sits beside good ones (all or nothing)', async () => {
    const folder = join(lib.dir, 'mixed', 'lib');
    mkdirSync(join(folder, 'nested'), { recursive: true });
    writeFileSync(join(folder, 'a-good.yaml'), GOOD);
    writeFileSync(
      join(folder, 'schemas.yaml'),
      'schemas:\n  - name: fine\n    fields:\n      - name: x\n        type: string\n',
    );
    writeFileSync(join(folder, 'nested', 'z-bad.yaml'), 'id: z\nformat: text\n  bad: [indent\n');
    const result = await lib.call('importFolder', { paths: [folder] });
    expectRefused(result, 'invalid_input', /^lib\/nested\/z-bad\.yaml: invalid YAML: /);
    expect(lib.dump()).toBe(before);
  });

  it('does not follow a symbolic link out of the chosen folder', async () => {
    const outside = join(lib.dir, 'outside');
    const chosen = join(lib.dir, 'chosen');
    mkdirSync(outside, { recursive: true });
    mkdirSync(chosen, { recursive: true });
    writeFileSync(join(outside, 'secret.yaml'), GOOD.replace('innocent', 'from-outside'));
    symlinkSync(join(outside, 'secret.yaml'), join(chosen, 'link.yaml'));
    symlinkSync(outside, join(chosen, 'linked-folder'));
    writeFileSync(join(chosen, 'inside.yaml'), GOOD);
    const result = await lib.call('importFolder', { paths: [chosen] });
    expect(result.outcome).toMatchObject({ ok: true, value: { prompts: 1, versions: 1 } });
    const ids = (await lib.call('listPrompts', {})).outcome;
    expect(JSON.stringify(ids)).not.toContain('from-outside');
    // Undo the one legitimate import so later tests still compare against the seed.
    await lib.call('deletePrompt', { id: 'innocent' });
  });

  it('refuses a path that does not exist, or is not a file or folder', async () => {
    expectRefused(
      await lib.call('importFolder', { paths: [join(lib.dir, 'nope', 'x.yaml')] }),
      'not_found',
      /nope\/x\.yaml: no such file or folder$/,
    );
    expectRefused(
      await lib.call('importFolder', { paths: ['/dev/null'] }),
      'invalid_input',
      '/dev/null: not a file or folder',
    );
  });

  it('refuses wrong types for the import request itself', async () => {
    for (const request of [
      { paths: 'x.yaml' },
      { paths: [] },
      { paths: [42] },
      { paths: ['a'], allowSecrets: 'yes' },
      { paths: ['a'], recursive: true },
    ]) {
      expectRefused(await lib.call('importFolder', request), 'invalid_input', /^importFolder: /);
    }
  });
});

describe('pwb import refuses hostile files with one clear line', () => {
  const box = cliSandbox();
  let cliBefore: string;

  beforeAll(async () => {
    await seedDatabase(box.db);
    cliBefore = dumpLibrary(box.db);
  });

  for (const file of hostileFiles()) {
    it(`prints one line and exits 1 for ${file.title}`, async () => {
      writeFileSync(join(box.dir, file.name), file.content);
      const started = performance.now();
      const run = await box.pwb('import', file.name);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n');
      expect(lines).toHaveLength(2); // one message line and the final newline
      expect(lines[0]?.slice('pwb: '.length)).toMatch(file.message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(dumpLibrary(box.db)).toBe(cliBefore);
    });
  }
});
