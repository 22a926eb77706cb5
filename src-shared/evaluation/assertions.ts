// Checks one model answer against a test case's assertions; every result says why, in words.
import type { FieldIssue } from '../errors';
import { compileUserPattern } from '../schema/regexSafety';
import type { Assertion, AssertionType, TestCase } from './testCases';

/** What an assertion may look at besides the answer's text. */
export interface AnswerFacts {
  output: string;
  latency_ms: number;
  cost_usd: number | null;
  output_tokens: number | null;
}

/** How the answer fared against one assertion. */
export interface AssertionResult {
  type: AssertionType;
  pass: boolean;
  /** A sentence a person can read: what was expected and what was found. */
  reason: string;
  weight: number;
}

/** The collaborators the non-textual assertions need. */
export interface AssertionTools {
  /**
   * Checks parsed JSON against the prompt's output schema: the issues found ([] when valid), or
   * a sentence saying why it cannot be checked (the prompt has no output schema).
   */
  checkOutputSchema(data: unknown): FieldIssue[] | string;
  /** Asks the judge model whether the answer meets the rubric. */
  judge?(rubric: string, output: string): Promise<{ pass: boolean; reason: string }>;
}

/** The verdict on one case: it passes when every assertion passes. */
export interface CaseVerdict {
  pass: boolean;
  /** Weighted share of assertions passed, 0 to 1 (1 when there are none). */
  score: number;
  assertions: AssertionResult[];
}

/** Longest answer text quoted in a reason. */
const QUOTE = 80;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > QUOTE ? `${flat.slice(0, QUOTE)}…` : flat);
}

type Check = (assertion: Assertion, facts: AnswerFacts, tools: AssertionTools) => Verdict;
type Verdict = { pass: boolean; reason: string } | Promise<{ pass: boolean; reason: string }>;

const text = (assertion: Assertion) => String(assertion.value ?? '');
const texts = (assertion: Assertion) => (assertion.value as string[] | undefined) ?? [];
const limit = (assertion: Assertion) => Number(assertion.value ?? 0);

function parseJson(output: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(output) as unknown };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** One check per type: a compile error until a new type is handled here. */
const CHECKS: Record<AssertionType, Check> = {
  equals: (a, { output }) =>
    output === text(a)
      ? { pass: true, reason: 'the answer equals the expected text' }
      : { pass: false, reason: `expected exactly ${quote(text(a))}, got ${quote(output)}` },
  contains: (a, { output }) =>
    output.includes(text(a))
      ? { pass: true, reason: `the answer contains ${quote(text(a))}` }
      : { pass: false, reason: `the answer does not contain ${quote(text(a))}` },
  icontains: (a, { output }) =>
    output.toLowerCase().includes(text(a).toLowerCase())
      ? { pass: true, reason: `the answer contains ${quote(text(a))} (ignoring case)` }
      : { pass: false, reason: `the answer does not contain ${quote(text(a))}, in any case` },
  'contains-any': (a, { output }) => {
    const found = texts(a).find((item) => output.includes(item));
    return found !== undefined
      ? { pass: true, reason: `the answer contains ${quote(found)}` }
      : { pass: false, reason: `the answer contains none of ${texts(a).map(quote).join(', ')}` };
  },
  'contains-all': (a, { output }) => {
    const missing = texts(a).filter((item) => !output.includes(item));
    return missing.length === 0
      ? { pass: true, reason: `the answer contains all ${texts(a).length} texts` }
      : { pass: false, reason: `the answer lacks ${missing.map(quote).join(', ')}` };
  },
  'not-contains': (a, { output }) =>
    output.includes(text(a))
      ? { pass: false, reason: `the answer contains ${quote(text(a))}, which it must not` }
      : { pass: true, reason: `the answer does not contain ${quote(text(a))}` },
  'starts-with': (a, { output }) =>
    output.startsWith(text(a))
      ? { pass: true, reason: `the answer starts with ${quote(text(a))}` }
      : {
          pass: false,
          reason: `expected the answer to start with ${quote(text(a))}, got ${quote(output)}`,
        },
  regex: (a, { output }) =>
    compileUserPattern(text(a)).test(output)
      ? { pass: true, reason: `the answer matches /${text(a)}/` }
      : { pass: false, reason: `the answer does not match /${text(a)}/` },
  'is-json': (_a, { output }) => {
    const parsed = parseJson(output);
    return parsed.ok
      ? { pass: true, reason: 'the answer is valid JSON' }
      : { pass: false, reason: `the answer is not valid JSON: ${parsed.message}` };
  },
  'matches-output-schema': (_a, { output }, tools) => {
    const parsed = parseJson(output);
    if (!parsed.ok)
      return { pass: false, reason: `the answer is not valid JSON: ${parsed.message}` };
    const issues = tools.checkOutputSchema(parsed.value);
    if (typeof issues === 'string') return { pass: false, reason: issues };
    if (issues.length === 0) return { pass: true, reason: 'the answer matches the output schema' };
    const listed = issues
      .slice(0, 3)
      .map((issue) => `${issue.path || 'answer'}: ${issue.message}`)
      .join('; ');
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    return { pass: false, reason: `the answer breaks the output schema: ${listed}${more}` };
  },
  'max-latency-ms': (a, { latency_ms }) =>
    latency_ms <= limit(a)
      ? { pass: true, reason: `answered in ${Math.round(latency_ms)} ms (limit ${limit(a)} ms)` }
      : {
          pass: false,
          reason: `answered in ${Math.round(latency_ms)} ms, over the limit of ${limit(a)} ms`,
        },
  'max-cost-usd': (a, { cost_usd }) => {
    if (cost_usd === null) {
      return {
        pass: false,
        reason: 'the cost is unknown: the model has no price in the price table',
      };
    }
    return cost_usd <= limit(a)
      ? { pass: true, reason: `cost $${cost_usd.toFixed(6)} (limit $${limit(a)})` }
      : { pass: false, reason: `cost $${cost_usd.toFixed(6)}, over the limit of $${limit(a)}` };
  },
  'max-output-tokens': (a, { output_tokens }) => {
    if (output_tokens === null) {
      return { pass: false, reason: 'the provider did not report the output tokens' };
    }
    return output_tokens <= limit(a)
      ? { pass: true, reason: `${output_tokens} output tokens (limit ${limit(a)})` }
      : { pass: false, reason: `${output_tokens} output tokens, over the limit of ${limit(a)}` };
  },
  'llm-rubric': async (a, { output }, tools) => {
    if (!tools.judge) {
      return { pass: false, reason: 'llm-rubric needs a judge model (--judge)' };
    }
    const verdict = await tools.judge(text(a), output);
    return { pass: verdict.pass, reason: `judge: ${verdict.reason}` };
  },
};

/** Checks `facts` against every assertion of `testCase`, in order. */
export async function judgeCase(
  testCase: TestCase,
  facts: AnswerFacts,
  tools: AssertionTools,
): Promise<CaseVerdict> {
  const assertions: AssertionResult[] = [];
  for (const assertion of testCase.assert) {
    const weight = assertion.weight ?? 1;
    let verdict: { pass: boolean; reason: string };
    try {
      verdict = await CHECKS[assertion.type](assertion, facts, tools);
    } catch (error) {
      // A judge that fails (network, refusal) fails its assertion, with what went wrong.
      verdict = { pass: false, reason: `could not be checked: ${(error as Error).message}` };
    }
    assertions.push({ type: assertion.type, pass: verdict.pass, reason: verdict.reason, weight });
  }
  const total = assertions.reduce((sum, result) => sum + result.weight, 0);
  const passed = assertions.reduce((sum, result) => sum + (result.pass ? result.weight : 0), 0);
  return {
    pass: assertions.every((result) => result.pass),
    score: total === 0 ? 1 : passed / total,
    assertions,
  };
}
