import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught } from '../../../src-shared/testKit/caught';
import {
  countRows,
  openTestLibrary,
  textDoc,
  type TestLibrary,
} from '../prompts/fixtures/testLibrary';
import { AuditService } from '../audit/auditService';
import { openDatabase } from '../store/database';
import { TestCaseService } from './testCaseService';

let lib: TestLibrary;
let tests: TestCaseService;
beforeEach(() => {
  lib = openTestLibrary();
  tests = new TestCaseService(lib.db, { clock: lib.clock, audit: lib.audit });
  lib.prompts.save({ document: textDoc('greeting', 'Hi {{name}}') });
});
afterEach(() => lib.close());

const greetsAda = {
  name: 'greets Ada',
  vars: { name: 'Ada' },
  assert: [{ type: 'contains', value: 'Ada' }],
};

describe('TestCaseService', () => {
  it('keeps a prompt’s cases in order across reopening, and audits the change', () => {
    const second = { name: 'greets Bo', vars: { name: 'Bo' }, assert: [] };
    tests.replace('greeting', [greetsAda, second]);
    lib.db.close();
    // The same file opened anew: what was saved is what a later session reads.
    const db = openDatabase(lib.file);
    const audit = new AuditService(db, { clock: lib.clock, actor: 'tester' });
    const reopened = new TestCaseService(db, { clock: lib.clock, audit });
    expect(reopened.list('greeting')).toEqual([greetsAda, second]);
    expect(reopened.promptsWithCases()).toEqual(['greeting']);
    const entries = audit.list({ entity_id: 'greeting' });
    db.close();
    expect(entries[0]).toMatchObject({ action: 'tests_save', summary: '2 test case(s)' });
  });

  it('refuses invalid cases and writes nothing', () => {
    tests.replace('greeting', [greetsAda]);
    const error = caught(() =>
      tests.replace('greeting', [{ name: 'x', assert: [{ type: 'nope' }] }]),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/tests\.0\.assert\.0\.type: unknown assertion type 'nope'/);
    expect(tests.list('greeting')).toEqual([greetsAda]);
  });

  it('adds rows after the existing cases, refusing a name in use unless asked to replace', () => {
    tests.replace('greeting', [greetsAda]);
    const row = { name: 'row 1', vars: { name: 'Cy' }, assert: [] };
    expect(tests.add('greeting', [row]).map((c) => c.name)).toEqual(['greets Ada', 'row 1']);
    const clash = caught(() => tests.add('greeting', [{ ...row, vars: { name: 'Di' } }]));
    expect(clash.code).toBe('conflict');
    expect(clash.message).toBe("Prompt 'greeting' already has a test case named 'row 1'");
    const replaced = tests.add('greeting', [{ ...row, vars: { name: 'Di' } }], 'replace');
    expect(replaced[1]?.vars).toEqual({ name: 'Di' });
  });

  it('names a prompt that does not exist', () => {
    expect(caught(() => tests.list('nope')).message).toBe("prompt 'nope' not found");
    expect(caught(() => tests.replace('nope', [])).code).toBe('not_found');
  });

  it('drops a prompt’s cases with the prompt', () => {
    tests.replace('greeting', [greetsAda]);
    lib.prompts.delete('greeting');
    expect(countRows(lib.db, 'test_cases')).toBe(0);
  });
});
