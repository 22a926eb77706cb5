import { describe, expect, it } from 'vitest';
import { extractMessageVariables, extractVariables } from './variables';

describe('extractVariables (seed §3.6 examples, corrected)', () => {
  it.each([
    ['Hello {{name}}', ['name']],
    ['{{ name }} {{ service }}', ['name', 'service']],
    ['{{#if show}}{{detail}}{{/if}}', ['detail', 'show']],
    ['{{#each items}}{{this.name}}{{/each}}', ['items']],
    ['{{upper name}}', ['name']],
    ['{{> header}}', []],
    ['{{user.name}} {{@index}}', ['user']],
    ['{{{raw}}}', ['raw']],
    ['{{lookup obj key}}', ['key', 'obj']],
    ['{{#if a}}x{{else}}y{{/if}}', ['a']],
    ['{{name~}}', ['name']],
    ['{{../parent}}', ['parent']],
    ['{{! c}}{{!-- long comment {{x}} --}}', []],
  ])('%s → %j', (source, expected) => {
    expect(extractVariables(source)).toEqual(expected);
  });
});

describe('extractVariables scoping', () => {
  it('ignores names read against the item inside #each and #with', () => {
    expect(extractVariables('{{#each items}}{{title}} {{price}}{{/each}}')).toEqual(['items']);
    expect(extractVariables('{{#with user}}{{first}} {{last}}{{/with}}')).toEqual(['user']);
  });

  it('climbs back to the root with ../ at depth 1 and with @root', () => {
    expect(extractVariables('{{#each items}}{{../currency}} {{@root.tax}}{{/each}}')).toEqual([
      'currency',
      'items',
      'tax',
    ]);
  });

  it('keeps ../ paths that only climb part way out of nested loops local', () => {
    expect(
      extractVariables('{{#each a}}{{#each b}}{{../c}} {{../../d}}{{/each}}{{/each}}'),
    ).toEqual(['a', 'd']);
  });

  it('does not treat block parameters as variables', () => {
    expect(extractVariables('{{#each items as |item i|}}{{item.name}} {{i}}{{/each}}')).toEqual([
      'items',
    ]);
  });

  it('reads the {{else}} of #each in the outer context', () => {
    expect(extractVariables('{{#each items}}{{x}}{{else}}{{empty_note}}{{/each}}')).toEqual([
      'empty_note',
      'items',
    ]);
  });

  it('collects helper arguments, subexpressions and hash values but not helper names', () => {
    expect(
      extractVariables(
        '{{#if (and (eq status "open") (gt count 3))}}{{join tags sep=glue}}{{/if}}',
      ),
    ).toEqual(['count', 'glue', 'status', 'tags']);
  });

  it('treats an unknown helper called with arguments as a helper, not a variable', () => {
    expect(extractVariables('{{shout name}}')).toEqual(['name']);
  });

  it('reads a bare name of one of our helpers as a variable (the seed uses {{length}})', () => {
    expect(extractVariables('in {{length}} length')).toEqual(['length']);
  });

  it('skips data variables and this', () => {
    expect(
      extractVariables('{{#each xs}}{{@index}}{{@key}}{{this}}{{/each}}{{this}}{{.}}'),
    ).toEqual(['xs']);
  });

  it('ignores the helper name of raw blocks and their content', () => {
    expect(extractVariables('{{{{raw}}}}{{not_a_var}}{{{{/raw}}}}')).toEqual([]);
  });

  it('counts variables used inside partials, recursively, without looping on cycles', () => {
    const partials = { header: 'Hi {{user}} {{> footer}}', footer: '{{year}} {{> header}}' };
    expect(extractVariables('{{> header}} {{body}}', partials)).toEqual(['body', 'user', 'year']);
  });

  it('does not ask for partial hash arguments and resolves a partial context argument', () => {
    const partials = { card: '{{title}} {{subtitle}}' };
    expect(extractVariables('{{> card title=heading}}', partials)).toEqual(['heading', 'subtitle']);
    expect(extractVariables('{{> card product}}', partials)).toEqual(['product']);
  });

  it('propagates syntax errors instead of guessing', () => {
    expect(() => extractVariables('{{#if x}}')).toThrowError(
      expect.objectContaining({ code: 'template_syntax' }),
    );
  });
});

describe('extractMessageVariables', () => {
  it('returns the sorted union over all messages', () => {
    expect(
      extractMessageVariables([
        { content: 'You work for {{company}}.' },
        { content: '{{customer_query}} ({{company}})' },
      ]),
    ).toEqual(['company', 'customer_query']);
  });
});
