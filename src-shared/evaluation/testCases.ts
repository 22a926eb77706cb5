// Test cases of a prompt: their shape, the assertion types, and reading them from untrusted data
// (`<id>.tests.yaml`, the contract, CSV/JSONL rows) with every problem named.
import { AppError, type FieldIssue } from '../errors';
import { defineOwn, isPlainRecord } from '../plainData';
import { safeRegex } from 'safe-regex2';
import { compileUserPattern, findBacktrackingHazard } from '../schema/regexSafety';

/** Every assertion type a test case may use (SPEC "Test cases and evaluation"). */
export const ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'not-contains',
  'starts-with',
  'regex',
  'is-json',
  'matches-output-schema',
  'max-latency-ms',
  'max-cost-usd',
  'max-output-tokens',
  'llm-rubric',
] as const;
export type AssertionType = (typeof ASSERTION_TYPES)[number];

/** What `value` an assertion type takes. */
export type AssertionValueKind = 'text' | 'texts' | 'number' | 'none';

/** The value each type needs: a compile error until a new type says what it takes. */
export const ASSERTION_VALUES: Record<AssertionType, AssertionValueKind> = {
  equals: 'text',
  contains: 'text',
  icontains: 'text',
  'contains-any': 'texts',
  'contains-all': 'texts',
  'not-contains': 'text',
  'starts-with': 'text',
  regex: 'text',
  'is-json': 'none',
  'matches-output-schema': 'none',
  'max-latency-ms': 'number',
  'max-cost-usd': 'number',
  'max-output-tokens': 'number',
  'llm-rubric': 'text',
};

/** One check of an answer. */
export interface Assertion {
  type: AssertionType;
  value?: string | string[] | number;
  /** Weighs the score printed beside pass/fail; never changes pass/fail (default 1). */
  weight?: number;
}

/** One test case: variables to render with and what the answer must satisfy. */
export interface TestCase {
  name: string;
  description?: string;
  vars: Record<string, unknown>;
  assert: Assertion[];
}

/** Longest regex an assertion may carry (they run on model output, which can be long). */
const MAX_PATTERN_LENGTH = 500;
const MAX_CASES = 10_000;

/**
 * Reads a list of test cases from untrusted data, every problem listed with its path
 * (`tests.2.assert.0.value`). Names must be unique within the list. `where` names the file.
 */
export function readTestCases(value: unknown, where: string): TestCase[] {
  const issues: FieldIssue[] = [];
  const cases: TestCase[] = [];
  if (!Array.isArray(value)) {
    throw invalid(where, [{ path: 'tests', rule: 'type', message: 'tests must be a list' }]);
  }
  if (value.length > MAX_CASES) {
    throw invalid(where, [
      { path: 'tests', rule: 'max_items', message: `at most ${MAX_CASES} test cases` },
    ]);
  }
  const names = new Set<string>();
  value.forEach((item, index) => {
    const found = readCase(item, `tests.${index}`, issues);
    if (!found) return;
    if (names.has(found.name)) {
      issues.push({
        path: `tests.${index}.name`,
        rule: 'unique',
        message: `another test case is already named '${found.name}'`,
      });
      return;
    }
    names.add(found.name);
    cases.push(found);
  });
  if (issues.length > 0) throw invalid(where, issues);
  return cases;
}

function invalid(where: string, issues: FieldIssue[]): AppError {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
  return new AppError(
    'invalid_input',
    `${where}: invalid test cases: ${first?.path}: ${first?.message}${more}`,
    { file: where, issues },
  );
}

function readCase(value: unknown, path: string, issues: FieldIssue[]): TestCase | undefined {
  if (!isPlainRecord(value)) {
    issues.push({ path, rule: 'type', message: 'a test case must be a mapping' });
    return undefined;
  }
  const before = issues.length;
  for (const key of Object.keys(value)) {
    if (!['name', 'description', 'vars', 'assert'].includes(key)) {
      issues.push({ path: `${path}.${key}`, rule: 'unknown', message: `unknown field '${key}'` });
    }
  }
  const name = value['name'];
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    issues.push({
      path: `${path}.name`,
      rule: 'required',
      message: 'name must be text of 1 to 200 characters',
    });
  }
  const description = value['description'];
  if (description !== undefined && description !== null && typeof description !== 'string') {
    issues.push({ path: `${path}.description`, rule: 'type', message: 'description must be text' });
  }
  const vars = value['vars'] ?? {};
  if (!isPlainRecord(vars)) {
    issues.push({ path: `${path}.vars`, rule: 'type', message: 'vars must be a mapping' });
  }
  const asserts = value['assert'] ?? [];
  const assertions: Assertion[] = [];
  if (!Array.isArray(asserts)) {
    issues.push({ path: `${path}.assert`, rule: 'type', message: 'assert must be a list' });
  } else {
    asserts.forEach((item, index) => {
      const assertion = readAssertion(item, `${path}.assert.${index}`, issues);
      if (assertion) assertions.push(assertion);
    });
  }
  if (issues.length > before) return undefined;
  const testCase: TestCase = {
    name: (name as string).trim(),
    vars: copyRecord(vars as Record<string, unknown>),
    assert: assertions,
  };
  if (typeof description === 'string' && description !== '') testCase.description = description;
  return testCase;
}

function copyRecord(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) defineOwn(copy, key, item);
  return copy;
}

/** Reads one assertion; a type we do not know is named with the list of those we do. */
export function readAssertion(
  value: unknown,
  path: string,
  issues: FieldIssue[],
): Assertion | undefined {
  if (!isPlainRecord(value)) {
    issues.push({ path, rule: 'type', message: 'an assertion must be a mapping' });
    return undefined;
  }
  const type = value['type'];
  if (typeof type !== 'string' || !(ASSERTION_TYPES as readonly string[]).includes(type)) {
    issues.push({
      path: `${path}.type`,
      rule: 'enum',
      message: `unknown assertion type '${String(type)}' (known: ${ASSERTION_TYPES.join(', ')})`,
    });
    return undefined;
  }
  const kind = ASSERTION_VALUES[type as AssertionType];
  const raw = value['value'];
  const assertion: Assertion = { type: type as AssertionType };
  const problem = valueProblem(kind, raw, type as AssertionType);
  if (problem) {
    issues.push({ path: `${path}.value`, rule: 'type', message: problem });
    return undefined;
  }
  if (kind !== 'none') assertion.value = raw as string | string[] | number;
  const weight = value['weight'];
  if (weight !== undefined) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      issues.push({
        path: `${path}.weight`,
        rule: 'minimum',
        message: 'weight must be a number of 0 or more',
      });
      return undefined;
    }
    assertion.weight = weight;
  }
  return assertion;
}

function valueProblem(kind: AssertionValueKind, raw: unknown, type: AssertionType): string | null {
  switch (kind) {
    case 'none':
      return raw === undefined || raw === null ? null : `${type} takes no value`;
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0
        ? null
        : `${type} needs a number of 0 or more`;
    case 'texts':
      return Array.isArray(raw) && raw.length > 0 && raw.every((item) => typeof item === 'string')
        ? null
        : `${type} needs a list of texts`;
    case 'text': {
      if (typeof raw !== 'string' || raw === '') return `${type} needs a text value`;
      if (type !== 'regex') return null;
      if (raw.length > MAX_PATTERN_LENGTH) return `regex is longer than ${MAX_PATTERN_LENGTH}`;
      try {
        compileUserPattern(raw);
      } catch (error) {
        return `regex does not compile: ${(error as Error).message}`;
      }
      // Model answers can be long: a pattern that could backtrack for ever is refused up front.
      const hazard = findBacktrackingHazard(raw, !safeRegex(raw));
      return hazard === undefined ? null : `regex ${hazard}`;
    }
  }
}
