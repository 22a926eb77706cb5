import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught } from '../../../src-shared/testKit/caught';
import {
  chatDoc,
  countRows,
  openTestLibrary,
  textDoc,
  type TestLibrary,
} from '../prompts/fixtures/testLibrary';
import { PartialService } from './partialService';

let lib: TestLibrary;
let partials: PartialService;
beforeEach(() => {
  lib = openTestLibrary();
  partials = new PartialService(lib.db, { clock: lib.clock, actor: 'tester', audit: lib.audit });
});
afterEach(() => lib.close());

describe('PartialService', () => {
  it('saves, reads, replaces and lists partials', () => {
    partials.save('signature', '-- {{author}}');
    partials.save('footer', 'Thanks!');
    partials.save('signature', '-- {{author}}, Support');
    expect(partials.get('signature')).toBe('-- {{author}}, Support');
    expect(partials.all()).toEqual({ footer: 'Thanks!', signature: '-- {{author}}, Support' });
    expect(partials.list().map((partial) => partial.name)).toEqual(['footer', 'signature']);
    expect(partials.list()[0]?.updated_at).toMatch(/^2024-05-01T/);
  });

  it('reports a missing partial by name', () => {
    const error = caught(() => partials.get('nope'));
    expect(error.code).toBe('not_found');
    expect(error.message).toBe("Partial 'nope' not found");
  });

  it('finds the prompts whose current template includes a partial', () => {
    partials.save('signature', 'Bob');
    partials.save('footer', 'Bye');
    partials.save('sig', 'short');
    lib.prompts.save({ document: textDoc('mail', 'Hi\n{{> signature}}') });
    lib.prompts.save({ document: textDoc('note', 'Hi {{~> signature }} and {{>footer}}') });
    lib.prompts.save({
      document: chatDoc('chat', [{ role: 'user', content: 'Hello {{> footer}}' }]),
    });
    lib.prompts.save({ document: textDoc('plain', 'no partials, a > b') });
    const usedBy = Object.fromEntries(partials.list().map((entry) => [entry.name, entry.used_by]));
    expect(usedBy).toEqual({ footer: ['chat', 'note'], sig: [], signature: ['mail', 'note'] });
  });

  it('stops counting a prompt once its current version drops the partial', () => {
    partials.save('signature', 'Bob');
    lib.prompts.save({ document: textDoc('mail', 'Hi {{> signature}}') });
    lib.prompts.save({ document: textDoc('mail', 'Hi there'), base: '1.0.0' });
    expect(partials.list()[0]?.used_by).toEqual([]);
  });

  it('refuses to delete a partial in use, and deletes it once unused', () => {
    partials.save('signature', 'Bob');
    lib.prompts.save({ document: textDoc('mail', 'Hi {{> signature}}') });
    const error = caught(() => partials.delete('signature'));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('mail');
    lib.prompts.delete('mail');
    partials.delete('signature');
    expect(partials.all()).toEqual({});
    expect(caught(() => partials.delete('signature')).code).toBe('not_found');
  });

  it('validates names and size', () => {
    for (const bad of ['', 'has space', 'dot.name', '__proto__', 'x'.repeat(129)]) {
      expect(caught(() => partials.save(bad, 'x')).code, bad).toBe('invalid_input');
    }
    expect(() => partials.save('ok_name-2', 'x')).not.toThrow();
    expect(caught(() => partials.save('big', 'x'.repeat(1024 * 1024 + 1))).code).toBe('too_large');
    expect(countRows(lib.db, 'partials')).toBe(1);
  });

  it('keeps history and audits saves and deletes with hashes', () => {
    partials.save('sig', 'one');
    partials.save('sig', 'one'); // identical: nothing recorded
    partials.save('sig', 'two');
    partials.delete('sig');
    expect(countRows(lib.db, 'partial_history')).toBe(3);
    const entries = lib.audit.list({ entity_type: 'partial' });
    expect(entries.map((entry) => entry.action)).toEqual([
      'partial_delete',
      'partial_save',
      'partial_save',
    ]);
    expect(entries[0]?.before_hash).toBe(entries[1]?.after_hash);
    expect(entries[1]?.before_hash).toBe(entries[2]?.after_hash);
  });
});
