import { describe, expect, it } from 'vitest';
import { BUILTIN_HELPER_NAMES, KNOWN_HELPER_NAMES } from './helperDocs';
import { renderTemplate } from './nodeRender';
import {
  BUILT_IN_HELPER_NAMES,
  HELPER_DOCS,
  TEMPLATE_HELPERS,
  type HelperDefinition,
} from './templateHelpers';

const render = (source: string, variables: Record<string, unknown> = {}) =>
  renderTemplate(source, variables);

describe('comparison and logic helpers', () => {
  it('eq and ne compare strictly', () => {
    expect(render('{{eq a "x"}} {{eq n 1}} {{eq n "1"}} {{ne a "y"}}', { a: 'x', n: 1 })).toBe(
      'true true false true',
    );
  });

  it('gt and lt compare numbers numerically and text alphabetically', () => {
    expect(render('{{gt 10 9}} {{lt 10 9}} {{gt "b" "a"}} {{lt n 3}}', { n: 2 })).toBe(
      'true false true true',
    );
  });

  it('and, or and not follow #if truthiness (empty lists and 0 are false)', () => {
    expect(
      render(
        '{{and a b}} {{and a list}} {{or zero empty list}} {{or zero a}} {{not list}} {{not a}}',
        {
          a: 'x',
          b: 1,
          list: [],
          zero: 0,
          empty: '',
        },
      ),
    ).toBe('true false false true true false');
  });

  it('work as subexpressions inside #if', () => {
    const source = '{{#if (and (eq role "admin") (not (lt level 3)))}}full{{else}}limited{{/if}}';
    expect(render(source, { role: 'admin', level: 5 })).toBe('full');
    expect(render(source, { role: 'admin', level: 1 })).toBe('limited');
  });
});

describe('formatting helpers', () => {
  it('json prints with a 2-space indent', () => {
    expect(render('{{json v}}', { v: { a: [1, 'b'], n: 2 } })).toBe(
      '{\n  "a": [\n    1,\n    "b"\n  ],\n  "n": 2\n}',
    );
    // Null fields are missing values by the null rule, so they are left out.
    expect(render('{{json v}}', { v: { c: null, d: [null] } })).toBe(
      '{\n  "d": [\n    null\n  ]\n}',
    );
    expect(render('{{json "x"}}')).toBe('"x"');
  });

  it('join uses ", " by default and a given separator otherwise', () => {
    expect(
      render('{{join tags}} | {{join tags " / "}} | {{join word}}', {
        tags: ['a', 'b', 3],
        word: 'w',
      }),
    ).toBe('a, b, 3 | a / b / 3 | w');
  });

  it('upper, lower and trim change text', () => {
    expect(render('{{upper s}}|{{lower s}}|{{trim s}}|', { s: '  MiXed  ' })).toBe(
      '  MIXED  |  mixed  |MiXed|',
    );
  });

  it('default replaces null, missing and empty text but keeps 0 and false', () => {
    const source =
      '{{default a "A"}} {{default b "B"}} {{default c "C"}} {{default z "Z"}} {{default f "F"}}';
    expect(renderTemplate(source, { a: '', b: null, z: 0, f: false }, { nullable: ['b'] })).toBe(
      'A B C 0 false',
    );
  });

  it('length counts list items, characters and object keys', () => {
    expect(
      render('{{length xs}} {{length s}} {{length o}} {{length nothing}}', {
        xs: [1, 2],
        s: 'abc',
        o: { a: 1 },
      }),
    ).toBe('2 3 1 0');
  });
});

describe('helper misuse and names shared with variables', () => {
  it('a helper given the wrong number of values fails cleanly with where it was called', () => {
    expect(() => render('ok\n{{eq 1}}')).toThrowError(
      expect.objectContaining({
        code: 'template_render',
        message: "The helper 'eq' takes 2 values, but was given 1.",
        details: expect.objectContaining({ helper: 'eq', line: 2 }),
      }),
    );
  });

  it('a bare helper name reads the variable of that name', () => {
    expect(render('{{length}} / {{default}}', { length: 'short', default: 'd' })).toBe('short / d');
    expect(() => render('{{length}}')).toThrowError(
      expect.objectContaining({ message: "Could not find variable 'length'" }),
    );
  });
});

describe('one list of helpers, each with its documentation', () => {
  it('documents exactly the helpers templates can call: ours and the built-ins', () => {
    const documented = HELPER_DOCS.map((doc) => doc.name).sort();
    const runnable = [...Object.keys(TEMPLATE_HELPERS), ...BUILT_IN_HELPER_NAMES];
    expect(documented).toEqual([...new Set(runnable)].sort());
    expect(HELPER_DOCS.filter((doc) => doc.block).map((doc) => doc.name)).toEqual([
      'raw',
      'if',
      'unless',
      'each',
      'with',
    ]);
  });

  it('refuses, at compile time, a helper without documentation', () => {
    const undocumented = {
      // @ts-expect-error: a helper needs a signature and a description
      shout: { run: (text: unknown) => String(text).toUpperCase() },
    } satisfies Record<string, HelperDefinition>;
    expect(Object.keys(undocumented)).toEqual(['shout']);
  });

  it('gives every built-in name to the name extraction, diagnostics and the exports', () => {
    for (const name of BUILT_IN_HELPER_NAMES) {
      expect(BUILTIN_HELPER_NAMES.has(name)).toBe(true);
      expect(KNOWN_HELPER_NAMES.has(name)).toBe(true);
    }
  });
});
