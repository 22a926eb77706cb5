import { describe, expect, it } from 'vitest';
import { checkTemplate, listPartialReferences } from './diagnostics';
import { HELPER_DOCS } from './helperDocs';

describe('checkTemplate', () => {
  it('finds nothing wrong in a good template', () => {
    expect(checkTemplate('Hi {{upper name}}{{#each xs}}{{@index}}{{/each}}')).toEqual([]);
  });

  it('returns one error with the position of a parse error', () => {
    expect(checkTemplate('ok\n{{#if x}')).toEqual([
      {
        message: "Parse error on line 2, column 8: unexpected '}'",
        line: 2,
        column: 8,
        endLine: 2,
        endColumn: 9,
        severity: 'error',
      },
    ]);
  });

  it('warns about unknown helpers called with arguments, at the helper name', () => {
    expect(checkTemplate('A\n  {{shout name}} {{#if (nope x)}}y{{/if}} {{plain}}')).toEqual([
      {
        message: "Unknown helper 'shout'",
        line: 2,
        column: 5,
        endLine: 2,
        endColumn: 10,
        severity: 'warning',
      },
      expect.objectContaining({ message: "Unknown helper 'nope'", line: 2, severity: 'warning' }),
    ]);
  });
});

describe('listPartialReferences', () => {
  it('lists static partial names once, sorted, without inline or @partial-block names', () => {
    const source =
      '{{> footer}}{{> header title="x"}}{{#> layout}}{{> footer}}{{/layout}}' +
      '{{#*inline "local"}}x{{/inline}}{{> local}}{{> @partial-block}}{{> (dynamic)}}';
    expect(listPartialReferences(source)).toEqual(['footer', 'header', 'layout']);
  });
});

describe('HELPER_DOCS', () => {
  it('documents every helper of the set with a signature and a description', () => {
    const names = HELPER_DOCS.map((doc) => doc.name);
    for (const name of ['eq', 'ne', 'gt', 'lt', 'and', 'or', 'not', 'json', 'join', 'upper']) {
      expect(names).toContain(name);
    }
    for (const name of ['lower', 'trim', 'default', 'length', 'if', 'unless', 'each', 'with']) {
      expect(names).toContain(name);
    }
    expect(HELPER_DOCS.every((doc) => doc.signature.includes(doc.name) && doc.description)).toBe(
      true,
    );
  });
});
