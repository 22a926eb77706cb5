import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pythonLiteral } from './pythonLiteral';

/** Evaluates a Python literal with the real interpreter and returns it as JSON, if Python exists. */
function roundTrip(literal: string): unknown {
  const script = 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))';
  return JSON.parse(execFileSync('python3', ['-c', script], { input: literal, encoding: 'utf8' }));
}

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}

describe('pythonLiteral', () => {
  it('writes Python spellings of true, false and null', () => {
    expect(pythonLiteral({ a: true, b: false, c: null })).toBe(
      '{\n    "a": True,\n    "b": False,\n    "c": None,\n}',
    );
  });

  it('keeps short lists of plain values on one line', () => {
    expect(pythonLiteral({ id: ['langchain_core', 'prompts'] })).toBe(
      '{\n    "id": ["langchain_core", "prompts"],\n}',
    );
  });

  it('writes empty containers compactly and drops undefined keys', () => {
    expect(pythonLiteral({ xs: [], o: {}, gone: undefined })).toBe(
      '{\n    "xs": [],\n    "o": {},\n}',
    );
  });

  it.runIf(hasPython())('is read back by Python as the same data, awkward strings included', () => {
    const data = {
      messages: [
        { role: 'user', content: 'Quotes \' " and \\ backslash\nnew line\ttab \u2028 é 🎉' },
      ],
      n: 1.5,
      nested: { list: [1, 'two', null, false] },
    };
    expect(roundTrip(pythonLiteral(data))).toEqual(data);
  });
});
