import { describe, expect, it } from 'vitest';
import { caught } from '../testKit/caught';
import type { AppError } from '../errors';
import { parsePrompt } from '../model/validatePrompt';
import { MAX_YAML_BYTES, MAX_YAML_SEPARATORS, parseYaml } from './parseYaml';

/** The AppError thrown when parsing `text` as `file`. */
function failure(text: string, file = 'bad.yaml'): AppError {
  return caught(() => parseYaml(text, file));
}

describe('parseYaml on good input', () => {
  it('reads a mapping with the YAML 1.2 core schema: versions and timestamps stay strings', () => {
    expect(
      parseYaml('version: 1.0.0\ncreated_at: 2025-11-26T22:42:52.450262\nyes: on\n', 'a.yaml'),
    ).toEqual({
      version: '1.0.0',
      created_at: '2025-11-26T22:42:52.450262',
      yes: 'on',
    });
  });

  it('reads `version: 1.0` as a number, which parsePrompt then rejects', () => {
    const value = parseYaml(
      'id: x\nversion: 1.0\nformat: text\ntemplate: {content: hi}\n',
      'x.yaml',
    );
    expect((value as { version: unknown }).version).toBe(1);
    expect(() => parsePrompt(value, 'x.yaml')).toThrow(/version must be a string like "1.0.0"/);
  });

  it('gives null for an empty file or a comment-only file', () => {
    expect(parseYaml('', 'empty.yaml')).toBeNull();
    expect(parseYaml('# nothing here\n', 'c.yaml')).toBeNull();
  });

  it('accepts explicit core tags and a few harmless aliases', () => {
    expect(parseYaml('a: !!str 12\nb: &x [1]\nc: *x\n', 'ok.yaml')).toEqual({
      a: '12',
      b: [1],
      c: [1],
    });
  });

  it('accepts nesting up to the limit', () => {
    const lines = Array.from({ length: 60 }, (_, depth) => `${' '.repeat(depth)}a:`);
    expect(parseYaml(`${lines.join('\n')} 1\n`, 'deep-ok.yaml')).toBeTypeOf('object');
  });
});

describe('parseYaml on hostile input', () => {
  it('refuses an alias bomb', () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ]) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const error = failure(rows.join('\n'), 'bomb.yaml');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('bomb.yaml: document uses too many aliases (the limit is 100)');
    expect(error.details).toEqual({ file: 'bomb.yaml' });
  });

  it('refuses a 20,000-deep flow sequence with a clean error', () => {
    const error = failure(`${'['.repeat(20_000)}${']'.repeat(20_000)}`, 'flow.yaml');
    expect(error.message).toMatch(
      /^flow\.yaml: document is nested too deeply \(the limit is 64 levels\)/,
    );
    expect(error.details).toMatchObject({ file: 'flow.yaml', line: 1 });
  });

  it('refuses a 20,000-deep block sequence written compactly (`- - - … x`)', () => {
    const error = failure(`${'- '.repeat(20_000)}x\n`, 'seq.yaml');
    expect(error.message).toMatch(/^seq\.yaml: document is nested too deeply/);
  });

  it('refuses a block mapping too deep to fit in the size limit (20,000 levels need 200 MB)', () => {
    const lines = Array.from({ length: 2_100 }, (_, depth) => `${' '.repeat(depth)}a:`);
    expect(failure(lines.join('\n'), 'block.yaml').message).toMatch(
      /^block\.yaml: file is too large/,
    );
  });

  it('refuses a deep block mapping that fits in the size limit, with its position', () => {
    const lines = Array.from({ length: 1_500 }, (_, depth) => `${' '.repeat(depth)}a:`);
    const error = failure(`${lines.join('\n')} 1\n`, 'block.yaml');
    expect(error.message).toMatch(
      /^block\.yaml: document is nested too deeply .*\(line \d+, column \d+\)$/,
    );
  });

  it('refuses nesting just past the limit and names the line', () => {
    const lines = Array.from({ length: 70 }, (_, depth) => `${' '.repeat(depth)}a:`);
    const error = failure(`${lines.join('\n')} 1\n`, 'deep.yaml');
    expect(error.message).toBe(
      'deep.yaml: document is nested too deeply (the limit is 64 levels) (line 65, column 65)',
    );
    expect(error.details).toEqual({ file: 'deep.yaml', line: 65, column: 65 });
  });

  it('refuses an alias that contains itself', () => {
    expect(failure('a: &a [1, *a]\n', 'loop.yaml').message).toMatch(
      /^loop\.yaml: document is nested too deeply/,
    );
  });

  it('refuses text larger than MAX_YAML_BYTES, counting UTF-8 bytes not characters', () => {
    const ascii = `a: "${'x'.repeat(MAX_YAML_BYTES)}"\n`;
    expect(failure(ascii, 'big.yaml').message).toMatch(
      /^big\.yaml: file is too large \(\d+ bytes; the limit is 2097152 bytes\)$/,
    );
    const multiByte = `a: "${'é'.repeat(MAX_YAML_BYTES / 2)}"\n`;
    expect(multiByte.length).toBeLessThan(MAX_YAML_BYTES);
    expect(failure(multiByte, 'utf8.yaml').message).toMatch(/file is too large/);
  });

  it('accepts multi-byte text just under the byte limit', () => {
    // 3 bytes a character, so its length alone could not tell it is small enough.
    const text = `a: "${'€'.repeat(Math.floor(MAX_YAML_BYTES / 3) - 4)}"\n`;
    expect(text.length * 3).toBeGreaterThan(MAX_YAML_BYTES);
    expect(parseYaml(text, 'euro.yaml')).toEqual({
      a: '€'.repeat(Math.floor(MAX_YAML_BYTES / 3) - 4),
    });
  });

  it('refuses NUL bytes (binary files) and replacement characters (bad UTF-8)', () => {
    const binary = failure('a: 1\nb: x\u0000y\n', 'image.yaml');
    expect(binary.message).toBe(
      'image.yaml: file looks binary: it contains a NUL byte (line 2, column 5)',
    );
    expect(failure('a: \uFFFD\n', 'latin1.yaml').message).toMatch(/not valid UTF-8/);
  });

  it("refuses a '__proto__' key and reports where it is", () => {
    const error = failure('prompt:\n  __proto__:\n    polluted: true\n', 'proto.yaml');
    expect(error.message).toBe("proto.yaml: the key '__proto__' is not allowed (line 2, column 3)");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses duplicate keys', () => {
    const error = failure('id: a\nformat: text\nid: b\n', 'dup.yaml');
    expect(error.message).toBe(
      'dup.yaml: duplicate key: each key may appear only once in a mapping (line 3, column 1)',
    );
  });

  it('refuses custom and language-specific tags', () => {
    expect(failure('a: !!python/object:os.system x\n').message).toMatch(
      /custom YAML tags are not allowed/,
    );
    expect(failure('a: !!binary aGk=\n').message).toMatch(
      /custom YAML tags are not allowed \(tag:yaml.org,2002:binary\)/,
    );
    expect(failure('a: !shell ls\n').message).toMatch(
      /custom YAML tags are not allowed \(!shell\)/,
    );
  });

  it('refuses malformed YAML with line and column', () => {
    const error = failure('a: [1, 2\nb: }\n', 'broken.yaml');
    expect(error.message).toMatch(/^broken\.yaml: invalid YAML: .+ \(line 2, column 1\)$/);
    expect(failure('a:\n\tb: 1\n', 'tabs.yaml').message).toMatch(/Tabs are not allowed/);
  });

  it('refuses a file of too many tiny values before the slow parse', () => {
    const started = Date.now();
    const error = failure('- 1\n'.repeat(MAX_YAML_SEPARATORS), 'many.yaml');
    expect(error.message).toMatch(/^many\.yaml: file holds too many values to read safely/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses two million open brackets quickly (size within the limit)', () => {
    const started = Date.now();
    expect(failure('['.repeat(2_000_000), 'brackets.yaml').message).toMatch(/too many values/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('survives repeated deep documents in one process (no V8 abort after a stack overflow)', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(failure(`${'- '.repeat(20_000)}x\n`).message).toMatch(/nested too deeply/);
      expect(failure(`${'{a: '.repeat(20_000)}1`).message).toMatch(/nested too deeply/);
    }
  });

  it('refuses a duplicate key that comes late in a large mapping', () => {
    const keys = Array.from({ length: 5_000 }, (_, index) => `k${index}: v`).join('\n');
    expect(failure(`${keys}\nk7: again\n`, 'late.yaml').message).toBe(
      'late.yaml: duplicate key: each key may appear only once in a mapping (line 5001, column 1)',
    );
  });

  it('refuses several documents in one file', () => {
    expect(failure('a: 1\n---\nb: 2\n', 'multi.yaml').message).toMatch(
      /more than one YAML document/,
    );
  });

  it('refuses mapping keys that are collections', () => {
    expect(failure('? [a, b]\n: 1\n').message).toMatch(/mapping keys must be plain values/);
  });
});
