import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { callsPartials } from '../template/astNodes';
import { parseTemplate } from '../template/parse';
import { renderTemplate } from '../template/nodeRender';
import { renderWithHandlebars } from './handlebarsReference';

describe('the Handlebars reference', () => {
  it.each([
    ['Hi {{name}}', false],
    ['{{#each items}}{{this}}{{/each}}', false],
    ['{{#*inline "row"}}r{{/inline}}no call', false],
    ['{{> header}}', true],
    ['{{#> layout}}body{{/layout}}', true],
    ['{{#if x}}{{#each y}}{{> row}}{{/each}}{{/if}}', true],
    ['{{> (lookup . "kind")}}', true],
  ])('knows whether %j calls a partial', (source, calls) => {
    expect(callsPartials(parseTemplate(source))).toBe(calls);
  });

  // The reference hands Handlebars the tree our parser made; whitespace control must still be
  // applied exactly once, as when Handlebars compiles the text. The interpreter must agree.
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
    expect(renderWithHandlebars(source, variables)).toBe(reference);
    expect(renderWithHandlebars(source, variables, {}, 'stock')).toBe(reference);
    expect(renderTemplate(source, variables)).toBe(reference);
  });

  it('joins outputs as text where stock Handlebars adds numbers', () => {
    const variables = { a: 1, b: 2 };
    expect(renderWithHandlebars('{{a}}{{b}}', variables, {}, 'stock')).toBe('3');
    expect(renderWithHandlebars('{{a}}{{b}}', variables)).toBe('12');
    expect(renderTemplate('{{a}}{{b}}', variables)).toBe('12');
  });

  it('treats a bare name that is no helper as a variable, in mustaches and sections', () => {
    for (const render of [renderWithHandlebars, renderTemplate]) {
      expect(render('{{shout}}', { shout: 'loud' })).toBe('loud');
      expect(render('{{#user}}{{name}}{{/user}}', { user: { name: 'Ada' } })).toBe('Ada');
      expect(render('{{#user}}x{{else}}none{{/user}}', { user: [] })).toBe('none');
      expect(render('{{length}} {{length items}}', { length: 'long', items: [1, 2] })).toBe(
        'long 2',
      );
    }
  });

  it('gives the lookup helper own properties only', () => {
    for (const render of [renderWithHandlebars, renderTemplate]) {
      expect(render('{{lookup s "length"}}|{{lookup o "k"}}', { s: 'abc', o: { k: 'v' } })).toBe(
        '3|v',
      );
      expect(
        render('[{{lookup o "constructor"}}][{{lookup s "toString"}}]', { o: {}, s: 's' }),
      ).toBe('[][]');
    }
  });
});
