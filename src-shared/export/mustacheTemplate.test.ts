import Handlebars from 'handlebars';
import { PromptTemplate } from '@langchain/core/prompts';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { mustacheLiteral, toMustache } from './mustacheTemplate';

/** Renders mustache text the way LangChain (JS) does for a `template_format: mustache` prompt. */
async function langchainRender(template: string, values: Record<string, unknown>) {
  const prompt = new PromptTemplate({
    template,
    templateFormat: 'mustache',
    inputVariables: [],
    validateTemplate: false,
  });
  return prompt.format(values);
}

function handlebarsRender(
  source: string,
  values: Record<string, unknown>,
  partials: Record<string, string> = {},
) {
  return Handlebars.compile(source, { noEscape: true })(values, { partials });
}

function expectError(run: () => unknown, code: string, pattern: RegExp): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).toMatch(pattern);
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('toMustache', () => {
  it('keeps plain text and turns variables into unescaped mustache variables', () => {
    expect(toMustache('Hello {{name}} & {{{html}}}!', {}, 'test')).toBe(
      'Hello {{{name}}} & {{{html}}}!',
    );
  });

  it('maps #each to a section and {{this}} to {{.}}', () => {
    expect(toMustache('{{#each xs}}- {{this}} {{/each}}', {}, 't')).toBe(
      '{{#xs}}- {{{.}}} {{/xs}}',
    );
  });

  it('maps #if/#unless/#with to sections and inverted sections, else included', () => {
    expect(toMustache('{{#if a}}A{{else}}B{{/if}}', {}, 't')).toBe('{{#a}}A{{/a}}{{^a}}B{{/a}}');
    expect(toMustache('{{#unless a}}N{{/unless}}', {}, 't')).toBe('{{^a}}N{{/a}}');
    expect(toMustache('{{#with user}}{{name}}{{/with}}', {}, 't')).toBe(
      '{{#user}}{{{name}}}{{/user}}',
    );
  });

  it('keeps plain mustache sections and inverted sections', () => {
    expect(toMustache('{{#xs}}x{{/xs}}{{^ys}}none{{/ys}}', {}, 't')).toBe(
      '{{#xs}}x{{/xs}}{{^ys}}none{{/ys}}',
    );
  });

  it('inlines partials, recursively', () => {
    const partials = { sig: 'Regards, {{> name}}', name: '{{company}}' };
    expect(toMustache('Hi.\n{{> sig}}', partials, 't')).toBe('Hi.\nRegards, {{{company}}}');
  });

  it('renders like Handlebars for the seed loop, conditionals and a standalone else', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [
        'Datasets:\n\n{{#each datasets}}\n- {{name}}: {{rows}} rows\n{{/each}}\n\nDone.',
        {
          datasets: [
            { name: 'a', rows: 1 },
            { name: 'b', rows: 2 },
          ],
        },
      ],
      ['Text\n\n{{#if focus}}\nFocus on: {{focus}}\n{{/if}}\n', { focus: 'x' }],
      ['Text\n\n{{#if focus}}\nFocus on: {{focus}}\n{{/if}}\n', {}],
      ['{{#if a}}\n  yes {{a}}\n{{else}}\n  no\n{{/if}}\nend', { a: 'A' }],
      ['{{#if a}}\n  yes {{a}}\n{{else}}\n  no\n{{/if}}\nend', {}],
      ['{{! a comment }}\nLine {{x}}\n{{!-- another --}}\n', { x: '<b>&' }],
      ['a {{~ x ~}} b', { x: 'X' }],
    ];
    for (const [source, values] of cases) {
      const converted = toMustache(source, {}, 't');
      expect(await langchainRender(converted, values)).toBe(handlebarsRender(source, values));
    }
  });

  it('indents a standalone partial like Handlebars does', async () => {
    const partials = { rules: '- be kind\n- be brief {{who}}\n', empty: '' };
    const source = 'Rules:\n  {{> rules}}\nEnd\n  {{> empty}}\nTail';
    const converted = toMustache(source, partials, 't');
    const values = { who: 'W' };
    expect(converted).toBe('Rules:\n  - be kind\n  - be brief {{{who}}}\nEnd\nTail');
    expect(await langchainRender(converted, values)).toBe(
      handlebarsRender(source, values, partials),
    );
  });

  it('does not HTML-escape values (LangChain Python escapes {{x}}, so {{{x}}} is used)', async () => {
    const converted = toMustache('Code: {{code}}', {}, 't');
    expect(await langchainRender(converted, { code: 'a < b && c' })).toBe('Code: a < b && c');
  });

  it('keeps escaped Handlebars braces literal', async () => {
    const converted = toMustache('Use \\{{name}} for {{x}}', {}, 't');
    expect(await langchainRender(converted, { x: 'X', name: 'N' })).toBe('Use {{name}} for X');
  });

  it('keeps a bare name that is also one of our helpers as a variable, as rendering does', () => {
    expect(toMustache('in {{length}} length', {}, 't')).toBe('in {{{length}}} length');
  });

  it('rejects built-in helpers called without arguments', () => {
    expectError(() => toMustache('{{log}}', {}, 't'), 'export_rule', /helper call \{\{log/);
  });

  it('rejects helpers, naming the construct and its line', () => {
    const error = expectError(
      () => toMustache('line one\n{{upper name}}', {}, "prompt 'p'"),
      'export_rule',
      /helper call \{\{upper …\}\}.*prompt 'p', line 2/,
    );
    expect(error.details).toMatchObject({ rule: 'mustache', line: 2 });
  });

  it('rejects block helpers without a mustache equivalent', () => {
    expectError(
      () => toMustache('{{#each xs as |x|}}{{x}}{{/each}}', {}, 't'),
      'export_rule',
      /block parameters/,
    );
    expectError(
      () => toMustache('{{#custom a}}x{{/custom}}', {}, 't'),
      'export_rule',
      /block helper \{\{#custom/,
    );
    expectError(
      () => toMustache('{{#if a}}x{{else if b}}y{{/if}}', {}, 't'),
      'export_rule',
      /else if/,
    );
  });

  it('rejects @data variables and parent references', () => {
    expectError(
      () => toMustache('{{#each xs}}{{@index}}{{/each}}', {}, 't'),
      'export_rule',
      /@index/,
    );
    expectError(
      () => toMustache('{{#each xs}}{{../title}}{{/each}}', {}, 't'),
      'export_rule',
      /\.\.\/title/,
    );
  });

  it('rejects partial arguments, unknown partials and partials that include themselves', () => {
    expectError(() => toMustache('{{> p name="x"}}', { p: 'x' }, 't'), 'export_rule', /arguments/);
    expectError(() => toMustache('{{> missing}}', {}, 't'), 'not_found', /Partial 'missing'/);
    expectError(
      () => toMustache('{{> loop}}', { loop: 'again {{> loop}}' }, 't'),
      'export_rule',
      /includes itself/,
    );
  });

  it('reports malformed templates as template_syntax with the line', () => {
    const error = expectError(
      () => toMustache('ok\n{{#if x}}', {}, 't'),
      'template_syntax',
      /Parse error on line 2/,
    );
    expect(error.details).toMatchObject({ line: 2 });
  });
});

describe('mustacheLiteral', () => {
  it('returns text without braces unchanged', () => {
    expect(mustacheLiteral('# Output Requirements\n{ "a": 1 }')).toBe(
      '# Output Requirements\n{ "a": 1 }',
    );
  });

  it('protects {{ with a set-delimiter pair so LangChain prints it literally', async () => {
    const text = 'Literal {{x}} and <% also %>';
    expect(await langchainRender(`${mustacheLiteral(text)} {{{y}}}`, { x: 'NO', y: 'Y' })).toBe(
      `${text} Y`,
    );
  });
});
