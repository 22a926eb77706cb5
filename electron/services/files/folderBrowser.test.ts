import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught } from '../../../src-shared/testKit/caught';
import { listFolders, resolveFolderPath } from './folderBrowser';

let dir: string;
let places: { home: string; base: string };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pwb-folders-'));
  places = { home: join(dir, 'home'), base: join(dir, 'work') };
  mkdirSync(join(places.home, 'prompts'), { recursive: true });
  mkdirSync(join(places.base, 'b-lib'), { recursive: true });
  mkdirSync(join(places.base, 'a-lib'));
  mkdirSync(join(places.base, '.git'));
  writeFileSync(join(places.base, 'notes.txt'), 'x');
  symlinkSync(places.home, join(places.base, 'to-home'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('folder paths', () => {
  it('expand ~ to the home folder and start relative paths at the base', () => {
    expect(resolveFolderPath('~', places)).toBe(places.home);
    expect(resolveFolderPath('~/prompts', places)).toBe(join(places.home, 'prompts'));
    expect(resolveFolderPath('a-lib', places)).toBe(join(places.base, 'a-lib'));
    expect(resolveFolderPath(' /abs/x ', places)).toBe('/abs/x');
    // Only a leading ~ is the home folder.
    expect(resolveFolderPath('x/~', places)).toBe(join(places.base, 'x/~'));
  });

  it('refuse a NUL character', () => {
    expect(caught(() => resolveFolderPath('a\0b', places)).code).toBe('invalid_input');
  });
});

describe('listFolders', () => {
  it('lists real folders only: no files, hidden folders or symbolic links', () => {
    const listing = listFolders(undefined, places);
    expect(listing).toEqual({
      path: places.base,
      parent: dir,
      folders: ['a-lib', 'b-lib'],
      truncated: false,
      base: places.base,
      home: places.home,
    });
    expect(listFolders('~', places).folders).toEqual(['prompts']);
    expect(listFolders('/', places).parent).toBeNull();
  });

  it('says what is wrong with a path that is not a readable folder', () => {
    expect(caught(() => listFolders('missing', places)).code).toBe('not_found');
    const file = caught(() => listFolders('notes.txt', places));
    expect(file.code).toBe('invalid_input');
    expect(file.message).toBe(`${join(places.base, 'notes.txt')} is not a folder`);
  });
});
