// Test cases as the Tests panel edits them: variables as typed text over the stored values, and
// assertions with their value as text, turned back into test cases with each problem named.
import { ASSERTION_VALUES } from '../../../src-shared/evaluation/testCases';
import type { Assertion, AssertionType, TestCase } from '../../../src-shared/evaluation/testCases';
import { convertValues } from '../variables/variableFields';
import type { RawValue, VariableField } from '../variables/variableFields';

/** One assertion being edited: its value and weight as typed. */
export interface AssertionDraft {
  type: AssertionType;
  /** Text; for list types one item a line; for limits a number. */
  value: string;
  /** Empty means the default weight (1). */
  weight: string;
}

/** One test case being edited. */
export interface CaseDraft {
  name: string;
  description: string;
  /** The stored variables; fields the person edits are kept as typed in `typed`. */
  vars: Record<string, unknown>;
  typed: Record<string, RawValue>;
  assert: AssertionDraft[];
}

/** How a stored variable shows in the form (the Variables panel's raw value). */
export function rawOf(value: unknown): RawValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

/** The value a draft's field shows: as typed, else the stored variable. */
export function fieldValue(draft: CaseDraft, name: string): RawValue | undefined {
  if (name in draft.typed) return draft.typed[name];
  return name in draft.vars ? rawOf(draft.vars[name]) : undefined;
}

function valueText(assertion: Assertion): string {
  const { value } = assertion;
  if (Array.isArray(value)) return value.join('\n');
  return value === undefined ? '' : String(value);
}

/** A stored case as a draft. */
export function toDraft(testCase: TestCase): CaseDraft {
  return {
    name: testCase.name,
    description: testCase.description ?? '',
    vars: testCase.vars,
    typed: {},
    assert: testCase.assert.map((assertion) => ({
      type: assertion.type,
      value: valueText(assertion),
      weight: assertion.weight === undefined ? '' : String(assertion.weight),
    })),
  };
}

/** A new draft from the Variables the person typed (as typed, converted on save). */
export function draftFromVariables(name: string, values: Record<string, RawValue>): CaseDraft {
  return { name, description: '', vars: {}, typed: { ...values }, assert: [] };
}

/** A new assertion of `type`, with an empty value. */
export function newAssertion(type: AssertionType = 'contains'): AssertionDraft {
  return { type, value: '', weight: '' };
}

/** A name not yet used by any draft: `case 1`, `case 2`, … */
export function freshCaseName(drafts: readonly CaseDraft[], stem = 'case'): string {
  const used = new Set(drafts.map((draft) => draft.name));
  for (let n = drafts.length + 1; ; n += 1) {
    if (!used.has(`${stem} ${n}`)) return `${stem} ${n}`;
  }
}

function readAssertion(draft: AssertionDraft, where: string, problems: string[]): Assertion {
  const assertion: Assertion = { type: draft.type };
  const kind = ASSERTION_VALUES[draft.type];
  if (kind === 'text') assertion.value = draft.value;
  if (kind === 'texts') {
    assertion.value = draft.value.split('\n').filter((line) => line.trim() !== '');
  }
  if (kind === 'number') {
    const limit = Number(draft.value);
    if (draft.value.trim() === '' || !Number.isFinite(limit)) {
      problems.push(`${where}: ${draft.type} needs a number.`);
    } else {
      assertion.value = limit;
    }
  }
  if (draft.weight.trim() !== '') {
    const weight = Number(draft.weight);
    if (!Number.isFinite(weight) || weight < 0) {
      problems.push(`${where}: the weight must be a number of 0 or more.`);
    } else {
      assertion.weight = weight;
    }
  }
  return assertion;
}

/** The drafts as test cases, or the problems found reading them (the server checks the rest). */
export function fromDrafts(
  drafts: readonly CaseDraft[],
  fields: readonly VariableField[],
): { cases: TestCase[]; problems: string[] } {
  const problems: string[] = [];
  const cases = drafts.map((draft, index) => {
    const where = draft.name.trim() === '' ? `Test case ${index + 1}` : `'${draft.name}'`;
    if (draft.name.trim() === '') problems.push(`${where} needs a name.`);
    const known = fields.filter((field) => field.name in draft.typed);
    const converted = convertValues(known, draft.typed);
    for (const message of Object.values(converted.problems)) problems.push(`${where}: ${message}`);
    const vars: Record<string, unknown> = { ...draft.vars };
    for (const field of known) {
      if (field.name in converted.variables) vars[field.name] = converted.variables[field.name];
      else delete vars[field.name];
    }
    // Typed values of variables the template no longer has are kept as text.
    for (const [name, raw] of Object.entries(draft.typed)) {
      if (!fields.some((field) => field.name === name) && raw !== '') vars[name] = raw;
    }
    const testCase: TestCase = {
      name: draft.name.trim(),
      vars,
      assert: draft.assert.map((assertion, at) =>
        readAssertion(assertion, `${where}, assertion ${at + 1}`, problems),
      ),
    };
    if (draft.description.trim() !== '') testCase.description = draft.description;
    return testCase;
  });
  return { cases, problems };
}
