import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileDurably } from './durableWrite';

describe('writeFileDurably', () => {
  it('replaces the file and leaves no temporary file beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwb-durable-'));
    const target = join(dir, 'report.xml');
    writeFileSync(target, 'old');
    writeFileDurably(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['report.xml']);
  });

  it('creates the file with the mode asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwb-durable-'));
    const target = join(dir, 'keys.json');
    writeFileDurably(target, '{}', { mode: 0o600 });
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('passes the error on, keeps the old file and removes the temporary one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwb-durable-'));
    // A folder where the file should go: the rename over it fails after the temp file exists.
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    expect(() => writeFileDurably(target, 'text')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });
});
