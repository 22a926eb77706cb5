import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught } from '../../../src-shared/testKit/caught';
import {
  countRows,
  openTestLibrary,
  textDoc,
  type TestLibrary,
} from '../prompts/fixtures/testLibrary';
import { LabelService } from './labelService';

let lib: TestLibrary;
let labels: LabelService;
beforeEach(() => {
  lib = openTestLibrary();
  labels = new LabelService(lib.db, { clock: lib.clock, actor: 'tester', audit: lib.audit });
  lib.prompts.save({ document: textDoc('greeting', 'Hi') });
  lib.prompts.save({ document: textDoc('greeting', 'Hello'), base: '1.0.0' });
});
afterEach(() => lib.close());

describe('LabelService', () => {
  it('points labels at versions, moves them and lists only those set', () => {
    expect(labels.list('greeting')).toEqual([]);
    labels.set('greeting', 'staging', '1.0.1');
    labels.set('greeting', 'production', '1.0.0');
    labels.set('greeting', 'canary', '1.0.1');
    expect(labels.list('greeting').map((entry) => [entry.label, entry.version])).toEqual([
      ['production', '1.0.0'],
      ['staging', '1.0.1'],
      ['canary', '1.0.1'],
    ]);
    labels.set('greeting', 'production', '1.0.1');
    expect(labels.resolve('greeting', 'production')).toBe('1.0.1');
    expect(labels.list('greeting')[0]).toMatchObject({ updated_by: 'tester' });
    expect(labels.byPrompt(['greeting', 'none']).get('greeting')).toEqual({
      canary: '1.0.1',
      production: '1.0.1',
      staging: '1.0.1',
    });
  });

  it('audits every move, naming the versions', () => {
    labels.set('greeting', 'production', '1.0.0');
    labels.set('greeting', 'production', '1.0.1');
    labels.set('greeting', 'production', '1.0.1'); // no move, no entry
    labels.remove('greeting', 'production');
    const moves = lib.audit
      .list({ entity_id: 'greeting' })
      .filter((entry) => entry.action.startsWith('label_'))
      .map((entry) => entry.summary);
    expect(moves).toEqual([
      'production removed (was 1.0.1)',
      'production: 1.0.0 → 1.0.1',
      'production → 1.0.0',
    ]);
  });

  it('refuses bad names, unknown versions, prompts and labels, writing nothing', () => {
    expect(caught(() => labels.set('greeting', 'Prod', '1.0.0')).message).toMatch(
      /^Invalid label name 'Prod'/,
    );
    expect(caught(() => labels.set('greeting', 'production', '9.9.9')).message).toBe(
      "prompt 'greeting' version '9.9.9' not found",
    );
    expect(caught(() => labels.set('nope', 'production', '1.0.0')).message).toBe(
      "prompt 'nope' not found",
    );
    expect(caught(() => labels.resolve('greeting', 'production')).message).toBe(
      "prompt 'greeting' has no label 'production'",
    );
    expect(caught(() => labels.remove('greeting', 'staging')).code).toBe('not_found');
    expect(countRows(lib.db, 'prompt_labels')).toBe(0);
  });

  it('drops a prompt’s labels with the prompt', () => {
    labels.set('greeting', 'production', '1.0.0');
    lib.prompts.delete('greeting');
    expect(countRows(lib.db, 'prompt_labels')).toBe(0);
  });
});
