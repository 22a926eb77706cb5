import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { judgeCase, type AnswerFacts, type AssertionTools } from './assertions';
import { readTestCases, type Assertion } from './testCases';

const facts = (output: string, more: Partial<AnswerFacts> = {}): AnswerFacts => ({
  output,
  latency_ms: 120,
  cost_usd: 0.0004,
  output_tokens: 42,
  ...more,
});

const noSchema: AssertionTools = {
  checkOutputSchema: () => "prompt 'x' has no output schema",
};

async function verdictOf(assertion: Assertion, answer: AnswerFacts, tools = noSchema) {
  const verdict = await judgeCase({ name: 'c', vars: {}, assert: [assertion] }, answer, tools);
  const [result] = verdict.assertions;
  if (!result) expect.unreachable('one assertion gives one result');
  return result;
}

function refusal(value: unknown): AppError {
  try {
    readTestCases(value, 'greeting.tests.yaml');
    expect.unreachable('the cases should be refused');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
}

describe('assertions', () => {
  const cases: [Assertion, string, boolean][] = [
    [{ type: 'equals', value: 'Hi Ada' }, 'Hi Ada', true],
    [{ type: 'equals', value: 'Hi Ada' }, 'Hi Ada!', false],
    [{ type: 'contains', value: 'Ada' }, 'Hello Ada', true],
    [{ type: 'contains', value: 'ada' }, 'Hello Ada', false],
    [{ type: 'icontains', value: 'ada' }, 'Hello ADA', true],
    [{ type: 'icontains', value: 'bob' }, 'Hello ADA', false],
    [{ type: 'contains-any', value: ['x', 'Ada'] }, 'Hello Ada', true],
    [{ type: 'contains-any', value: ['x', 'y'] }, 'Hello Ada', false],
    [{ type: 'contains-all', value: ['Hello', 'Ada'] }, 'Hello Ada', true],
    [{ type: 'contains-all', value: ['Hello', 'Bob'] }, 'Hello Ada', false],
    [{ type: 'not-contains', value: 'sorry' }, 'Hello Ada', true],
    [{ type: 'not-contains', value: 'Ada' }, 'Hello Ada', false],
    [{ type: 'starts-with', value: 'Hello' }, 'Hello Ada', true],
    [{ type: 'starts-with', value: 'Ada' }, 'Hello Ada', false],
    [{ type: 'regex', value: '^Hello \\w+$' }, 'Hello Ada', true],
    [{ type: 'regex', value: '^\\d+$' }, 'Hello Ada', false],
    [{ type: 'is-json' }, '{"a":1}', true],
    [{ type: 'is-json' }, '{a:1}', false],
  ];

  it.each(cases)('%j on %j passes: %s', async (assertion, output, pass) => {
    const result = await verdictOf(assertion, facts(output));
    expect(result.pass).toBe(pass);
    expect(result.reason.length).toBeGreaterThan(10);
  });

  it('says what was expected and what came back', async () => {
    const result = await verdictOf({ type: 'equals', value: 'yes' }, facts('no'));
    expect(result.reason).toBe('expected exactly "yes", got "no"');
  });

  it('checks limits on latency, cost and tokens, and fails an unknown cost', async () => {
    expect((await verdictOf({ type: 'max-latency-ms', value: 200 }, facts(''))).pass).toBe(true);
    expect((await verdictOf({ type: 'max-latency-ms', value: 100 }, facts(''))).reason).toBe(
      'answered in 120 ms, over the limit of 100 ms',
    );
    expect((await verdictOf({ type: 'max-cost-usd', value: 0.001 }, facts(''))).pass).toBe(true);
    const unknown = await verdictOf(
      { type: 'max-cost-usd', value: 1 },
      facts('', { cost_usd: null }),
    );
    expect(unknown).toMatchObject({ pass: false, reason: expect.stringMatching(/unknown/) });
    expect((await verdictOf({ type: 'max-output-tokens', value: 10 }, facts(''))).pass).toBe(false);
  });

  it('checks the answer against the output schema through the given validator', async () => {
    const tools: AssertionTools = {
      checkOutputSchema: (data) =>
        typeof (data as { score?: unknown }).score === 'number'
          ? []
          : [{ path: 'score', rule: 'type', message: 'score must be a number' }],
    };
    const type = 'matches-output-schema';
    expect((await verdictOf({ type }, facts('{"score":3}'), tools)).pass).toBe(true);
    const bad = await verdictOf({ type }, facts('{"score":"3"}'), tools);
    expect(bad).toMatchObject({
      pass: false,
      reason: 'the answer breaks the output schema: score: score must be a number',
    });
    const notJson = await verdictOf({ type }, facts('score: 3'), tools);
    expect(notJson.reason).toMatch(/^the answer is not valid JSON/);
    const without = await verdictOf({ type }, facts('{}'));
    expect(without).toMatchObject({ pass: false, reason: "prompt 'x' has no output schema" });
  });

  it('asks the judge for a rubric, and fails the assertion when the judge fails', async () => {
    const judged: string[] = [];
    const tools: AssertionTools = {
      ...noSchema,
      judge: (rubric, output) => {
        judged.push(`${rubric}|${output}`);
        return Promise.resolve({ pass: output.includes('please'), reason: 'polite enough' });
      },
    };
    const rubric: Assertion = { type: 'llm-rubric', value: 'Is it polite?' };
    expect(await verdictOf(rubric, facts('please sit'), tools)).toMatchObject({
      pass: true,
      reason: 'judge: polite enough',
    });
    expect(judged).toEqual(['Is it polite?|please sit']);
    const failing: AssertionTools = { ...noSchema, judge: () => Promise.reject(new Error('429')) };
    expect(await verdictOf(rubric, facts('x'), failing)).toMatchObject({
      pass: false,
      reason: 'could not be checked: 429',
    });
    expect((await verdictOf(rubric, facts('x'))).reason).toMatch(/needs a judge model/);
  });

  it('passes a case only when every assertion passes, and weighs the score', async () => {
    const verdict = await judgeCase(
      {
        name: 'greets',
        vars: {},
        assert: [
          { type: 'contains', value: 'Ada', weight: 3 },
          { type: 'contains', value: 'Bob', weight: 1 },
        ],
      },
      facts('Hello Ada'),
      noSchema,
    );
    expect(verdict.pass).toBe(false);
    expect(verdict.score).toBe(0.75);
  });
});

describe('readTestCases', () => {
  it('reads cases with their variables and assertions', () => {
    const cases = readTestCases(
      [
        {
          name: ' greets Ada ',
          description: 'the happy path',
          vars: { name: 'Ada', tier: 'pro' },
          assert: [{ type: 'contains', value: 'Ada' }, { type: 'is-json' }],
        },
        { name: 'no asserts', vars: {} },
      ],
      'greeting.tests.yaml',
    );
    expect(cases).toEqual([
      {
        name: 'greets Ada',
        description: 'the happy path',
        vars: { name: 'Ada', tier: 'pro' },
        assert: [{ type: 'contains', value: 'Ada' }, { type: 'is-json' }],
      },
      { name: 'no asserts', vars: {}, assert: [] },
    ]);
  });

  it('names the file, the path and every problem', () => {
    const error = refusal([
      { name: 'a', vars: {} },
      { name: 'a', vars: {} },
      { name: 'x', assert: [{ type: 'contains' }] },
      { name: 'b', assert: [{ type: 'similar', value: 'x' }] },
      { name: 'c', assert: [{ type: 'max-latency-ms', value: '100' }] },
      { name: 'd', assert: [{ type: 'regex', value: '^(a+)+$' }] },
      { name: 'e', surprise: true },
    ]);
    expect(error.message).toBe(
      "greeting.tests.yaml: invalid test cases: tests.1.name: another test case is already named 'a' (and 5 more problem(s))",
    );
    const issues = error.details?.['issues'] as { path: string; message: string }[];
    expect(issues.map((issue) => issue.path)).toEqual([
      'tests.1.name',
      'tests.2.assert.0.value',
      'tests.3.assert.0.type',
      'tests.4.assert.0.value',
      'tests.5.assert.0.value',
      'tests.6.surprise',
    ]);
    expect(issues[2]?.message).toMatch(/unknown assertion type 'similar' \(known: equals, /);
    expect(issues[4]?.message).toMatch(/^regex nests repetitions/);
  });

  it('keeps a __proto__ variable as data', () => {
    const vars = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    const [testCase] = readTestCases([{ name: 'p', vars }], 't.yaml');
    expect(Object.hasOwn(testCase?.vars ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('refuses anything but a list', () => {
    expect(refusal({ name: 'x' }).message).toBe(
      'greeting.tests.yaml: invalid test cases: tests: tests must be a list',
    );
  });
});
