import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from './fixtures/writeTree';
import { AppError } from '../../../src-shared/errors';
import { MAX_YAML_BYTES } from '../../../src-shared/yaml/parseYaml';
import { isImportable, listImportFiles, readSource } from './folderReader';

const dir = mkdtempSync(join(tmpdir(), 'pwb-folder-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tree = (name: string, files: Record<string, string | Uint8Array>) =>
  writeTree(dir, name, files);

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('isImportable', () => {
  it.each([
    ['a.yaml', true],
    ['a.YML', true],
    ['lib/partials/header.hbs', true],
    ['lib/header.hbs', false],
    ['lib/readme.md', false],
    ['lib/a/_versions/1.0.0.json', true],
  ])('%s → %s', (path, expected) => expect(isImportable(path)).toBe(expected));
});

describe('listImportFiles', () => {
  it('tells its watcher once, as soon as the listing is big enough', () => {
    const root = tree('watched', { 'a.yaml': 'id: a', 'b.yaml': 'id: b', 'c.yaml': 'id: c' });
    const heard: string[] = [];
    const watch = (name: string, files: number, bytes: number) => ({
      files,
      bytes,
      reached: () => heard.push(name),
    });
    expect(listImportFiles([root], watch('by count', 2, Infinity))).toHaveLength(3);
    expect(listImportFiles([root], watch('by size', 99, 10))).toHaveLength(3);
    expect(listImportFiles([root], watch('too small', 4, 99))).toHaveLength(3);
    expect(heard).toEqual(['by count', 'by size']);
  });

  it('lists YAML files and partials at any depth, shown from the chosen folder, with sizes', () => {
    const root = tree('lib', {
      'a.yaml': 'id: a',
      'nested/deeper/b.yml': 'id: bb',
      'partials/footer.hbs': 'Bye',
      'notes.txt': 'ignored',
    });
    const listed = listImportFiles([root]);
    expect(listed.map((file) => file.path).sort()).toEqual([
      'lib/a.yaml',
      'lib/nested/deeper/b.yml',
      'lib/partials/footer.hbs',
    ]);
    expect(listed.find((file) => file.path === 'lib/nested/deeper/b.yml')).toMatchObject({
      file: join(root, 'nested/deeper/b.yml'),
      bytes: 6,
    });
  });

  it('lists a file given twice (directly and through its folder) once', () => {
    const root = tree('twice', { 'a.yaml': 'id: a' });
    expect(listImportFiles([root, join(root, 'a.yaml')])).toHaveLength(1);
  });

  it('does not follow symbolic links', () => {
    const outside = tree('outside', { 'far.yaml': 'id: far' });
    const root = tree('linked', { 'here.yaml': 'id: here' });
    symlinkSync(outside, join(root, 'link'));
    symlinkSync(join(outside, 'far.yaml'), join(root, 'far.yaml'));
    expect(listImportFiles([root]).map((file) => file.path)).toEqual(['linked/here.yaml']);
  });

  it('refuses a file over the size limit before reading anything, naming it', () => {
    const root = tree('big', { 'big.yaml': 'x'.repeat(MAX_YAML_BYTES + 1) });
    const error = refusal(() => listImportFiles([root]));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/^big\/big\.yaml: file is \d+ bytes/);
    expect(error.details).toEqual({ file: 'big/big.yaml' });
  });

  it('refuses a missing path, a file that is not YAML, and a device', () => {
    expect(refusal(() => listImportFiles([join(dir, 'nope')])).code).toBe('not_found');
    const root = tree('text', { 'a.txt': 'hello' });
    expect(refusal(() => listImportFiles([join(root, 'a.txt')])).message).toMatch(
      /not a YAML or JSON file/,
    );
    expect(refusal(() => listImportFiles(['/dev/null'])).message).toMatch(/not a file or folder/);
  });
});

describe('readSource', () => {
  it('reads UTF-8 text', () => {
    const root = tree('utf8', { 'a.yaml': 'content: "héllo ✓"' });
    const [listed] = listImportFiles([root]);
    expect(listed && readSource(listed)).toBe('content: "héllo ✓"');
  });

  it('refuses invalid UTF-8, naming the file', () => {
    const root = tree('latin1', { 'a.yaml': new Uint8Array([0x69, 0x64, 0x3a, 0x20, 0xe9]) });
    const [listed] = listImportFiles([root]);
    const error = refusal(() => listed && readSource(listed));
    expect(error.toJSON()).toEqual({
      code: 'invalid_input',
      message: 'latin1/a.yaml: not valid UTF-8 text',
      details: { file: 'latin1/a.yaml' },
    });
  });

  it('names a file that vanished or cannot be read since it was listed', () => {
    const root = tree('vanish', { 'a.yaml': 'id: a' });
    const [listed] = listImportFiles([root]);
    rmSync(join(root, 'a.yaml'));
    const error = refusal(() => listed && readSource(listed));
    expect(error.message).toBe('vanish/a.yaml: the file could not be read (ENOENT)');
  });

  it.skipIf(process.getuid?.() === 0)('names a file it may not read', () => {
    const root = tree('locked', { 'a.yaml': 'id: a' });
    chmodSync(join(root, 'a.yaml'), 0o000);
    const [listed] = listImportFiles([root]);
    expect(refusal(() => listed && readSource(listed)).message).toMatch(/EACCES/);
  });
});
