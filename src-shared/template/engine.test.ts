import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { callsPartials } from './astNodes';
import { compileTemplate, NO_PARTIALS, runTemplate } from './engine';
import { toTemplateContext } from './templateValues';

function run(source: string, variables: Record<string, unknown> = {}): string {
  return runTemplate(compileTemplate(source), toTemplateContext(variables), NO_PARTIALS);
}

describe('compileTemplate', () => {
  it('compiles a source once and serves it from the cache after that', () => {
    const source = `cached {{x}} ${Math.random()}`;
    expect(compileTemplate(source)).toBe(compileTemplate(source));
  });

  it.each([
    ['Hi {{name}}', false],
    ['{{#each items}}{{this}}{{/each}}', false],
    ['{{#*inline "row"}}r{{/inline}}no call', false],
    ['{{> header}}', true],
    ['{{#> layout}}body{{/layout}}', true],
    ['{{#if x}}{{#each y}}{{> row}}{{/each}}{{/if}}', true],
    ['{{> (lookup . "kind")}}', true],
  ])('knows whether %j calls a partial', (source, calls) => {
    expect(callsPartials(compileTemplate(source).ast)).toBe(calls);
  });
});

describe('runTemplate', () => {
  // The engine hands Handlebars the tree it parsed itself; whitespace control must still be
  // applied exactly once, as when Handlebars compiles the text.
  it.each([
    '{{#each items}}\n  - {{this}}\n{{/each}}\n',
    '{{#if on}}\n  yes\n{{else}}\n  no\n{{/if}}\nend',
    '  {{~#each items~}}  [{{this}}]  {{~/each~}}  ',
    'a {{~x~}} b\n\n{{#if on~}}\n\n  c  \n{{~/if}}\n',
    '{{#each items}}\n{{#if @first}}\n  first\n{{/if}}\n{{this}}\n{{/each}}',
    '{{! comment }}\n{{!-- long --}}\ntext\n',
    '{{#with o}}\n  {{x}}\n{{/with}}\n',
  ])('renders %j exactly as Handlebars does from the text', (source) => {
    const variables = { items: ['a', 'b'], on: true, x: 'X', o: { x: 'Y' } };
    const reference = Handlebars.create().compile(source, { noEscape: true })(variables);
    expect(run(source, variables)).toBe(reference);
  });

  it('treats a bare name that is no helper as a variable, in mustaches and sections', () => {
    expect(run('{{shout}}', { shout: 'loud' })).toBe('loud');
    expect(run('{{#user}}{{name}}{{/user}}', { user: { name: 'Ada' } })).toBe('Ada');
    expect(run('{{#user}}x{{else}}none{{/user}}', { user: [] })).toBe('none');
  });

  it('still lets a variable named like a helper be read without arguments', () => {
    expect(run('{{length}} {{length items}}', { length: 'long', items: [1, 2] })).toBe('long 2');
  });

  it('gives the lookup helper own properties only', () => {
    expect(run('{{lookup s "length"}}|{{lookup o "k"}}', { s: 'abc', o: { k: 'v' } })).toBe('3|v');
    expect(run('[{{lookup o "constructor"}}][{{lookup s "toString"}}]', { o: {}, s: 's' })).toBe(
      '[][]',
    );
  });

  it('gives each run its own root', () => {
    const first = toTemplateContext({ who: 'first' });
    const second = toTemplateContext({ who: 'second' });
    const template = compileTemplate('{{@root.who}}/{{who}}');
    expect(runTemplate(template, first, NO_PARTIALS)).toBe('first/first');
    expect(runTemplate(template, second, NO_PARTIALS)).toBe('second/second');
  });
});
