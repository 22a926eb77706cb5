import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { renderWithHandlebars, type ReferenceFlavour } from '../testKit/handlebarsReference';
import { renderTemplateLocally } from './sharedRender';
import { renderTemplate } from './nodeRender';

type Outcome = { ok: true; text: string } | { ok: false; code: string; message: string };

function outcome(render: () => string): Outcome {
  try {
    return { ok: true, text: render() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, code: error.code, message: error.message };
  }
}

const VARIABLES = {
  name: 'Ann',
  count: 0,
  price: 3.5,
  flag: true,
  off: false,
  empty: '',
  none: [],
  items: ['a', 'b', 'c'],
  user: { name: 'Bo', nick: 'b', tags: ['x', 'y'], address: { city: 'Oslo' } },
  people: [
    { name: 'Cy', age: 30, tags: ['p'] },
    { name: 'Di', age: 41, tags: [] },
  ],
  map: { one: 1, two: 2 },
  p: 'part',
};

const PARTIALS = {
  part: 'P({{name}})',
  card: '[{{name}}{{#if tags}}:{{join tags "/"}}{{/if}}]',
  layout: '<{{> @partial-block}}>',
  nested: '{{> part}}+{{> card}}',
  lines: 'one\ntwo\n',
};

/** Variables the copy must convert: null fields (some nullable), a date, a hole, a big number. */
const MESSY = {
  ...VARIABLES,
  name: null,
  user: { name: 'Bo', nick: null, address: { city: null }, when: new Date(0) },
  items: ['a', null, undefined, 'd'],
  count: 10n,
};
const NULLABLE = ['name', 'user.nick'];

/** Both engines on one template: the same text, or the same error. */
function compare(
  source: string,
  variables: Record<string, unknown> = VARIABLES,
  flavour: ReferenceFlavour = 'configured',
): Outcome {
  const options = { partials: PARTIALS, nullable: variables === MESSY ? NULLABLE : [] };
  const ours = outcome(() => renderTemplate(source, variables, options));
  const theirs = outcome(() => renderWithHandlebars(source, variables, options, flavour));
  if (theirs.ok || ours.ok) {
    expect(ours).toEqual(theirs);
  } else {
    expect(ours.code).toBe(theirs.code);
    const missing = /^(?:Could not find variable|Unknown helper) '(.*)'$/;
    const named = missing.exec(ours.message);
    if (named && missing.test(theirs.message)) {
      // Where Handlebars fails with a TypeError it guesses the variable from the property name
      // (the first path in the template reading it); the interpreter knows the path it read.
      // Reading a name from text or a number fails with a TypeError there, too: it then says
      // "Could not find variable" where the interpreter knows a helper call failed.
      const everything = [source, ...Object.values(PARTIALS)].join('\n');
      expect(everything).toContain((named[1] as string).split('.').pop());
    } else {
      expect(ours.message).toBe(theirs.message);
    }
  }
  return ours;
}

const path = fc.constantFrom(
  'name',
  'count',
  'price',
  'flag',
  'off',
  'empty',
  'none',
  'items',
  'user',
  'user.name',
  'user.address.city',
  'user.missing',
  'user.address.missing.deeper',
  'missing',
  'missing.deeper',
  'people',
  'map',
  'map.one',
  'this',
  '.',
  '../name',
  '../../name',
  '@index',
  '@key',
  '@first',
  '@last',
  '@root.name',
  '@root.user.name',
  '@../index',
  'item',
  'item.name',
  'idx',
  'name.length',
  'items.length',
  'user.constructor',
  'age',
  'tags',
  '[name]',
);

const literal = fc.constantFrom('"x"', '"a b"', '1', '0', 'true', 'false', 'null', 'undefined');

const helperCall: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('eq', 'ne', 'gt', 'lt'), path, fc.oneof(path, literal))
    .map(([h, a, b]) => `${h} ${a} ${b}`),
  fc.tuple(fc.constantFrom('and', 'or'), path, path).map(([h, a, b]) => `${h} ${a} ${b}`),
  fc
    .tuple(fc.constantFrom('not', 'json', 'upper', 'lower', 'trim', 'length'), path)
    .map(([h, a]) => `${h} ${a}`),
  fc.tuple(path, fc.oneof(literal, path)).map(([a, b]) => `default ${a} ${b}`),
  fc.tuple(path, fc.constantFrom('', ' "-"', ' ", "')).map(([a, s]) => `join ${a}${s}`),
  fc
    .tuple(path, fc.constantFrom('"name"', '"one"', 'p', '"constructor"'))
    .map(([a, b]) => `lookup ${a} ${b}`),
  fc.constantFrom('length', 'upper', 'log "x"', 'unknown 1', 'eq 1', 'if', 'each'),
  path.map((a) => `upper (lower ${a})`),
  path.map((a) => `eq (length ${a}) 2`),
);

const text = fc.constantFrom('', 'x', ' ', '\n', '  \n', 'a b', '-', '\n  ', '\t');

const mustache = fc.oneof(
  path.map((p) => `{{${p}}}`),
  helperCall.map((h) => `{{${h}}}`),
  path.map((p) => `{{~${p}~}}`),
  path.map((p) => `{{{${p}}}}`),
  fc.constantFrom('{{! note }}', '{{!-- long --}}', '\\{{name}}', '{{"a b"}}', '{{1}}'),
);

const partial = fc.oneof(
  fc.constantFrom(
    '{{> part}}',
    '{{> card}}',
    '{{> nested}}',
    '{{> lines}}',
    '  {{> lines}}\n',
    '{{> part user}}',
    '{{> card name="Zed"}}',
    '{{> (lookup this "p")}}',
    '{{> (lookup . "p")}}',
    '{{#> layout}}in{{/layout}}',
    '{{#> layout}}{{name}}{{/layout}}',
    '{{#> absent}}fallback {{name}}{{/absent}}',
    '{{#*inline "mine"}}I({{name}}){{/inline}}{{> mine}}',
    '{{#*inline "a"}}A{{> b}}{{/inline}}{{#*inline "b"}}B{{name}}{{/inline}}{{> a}}',
    '{{#> layout}}{{#*inline "x"}}X{{/inline}}{{> x}}{{/layout}}',
    '{{#> layout}}{{#> layout}}{{name}}{{/layout}}{{/layout}}',
    '{{> @partial-block}}',
    '{{#each people}}{{> card}}{{/each}}',
    '{{#each people as |p|}}{{> card p}}{{/each}}',
    '{{#with user}}{{> part ../this}}{{/with}}',
    '{{> card tags=../items}}',
    '{{> part a b}}',
  ),
);

const block = (inner: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom('if', 'unless'), path, inner, fc.option(inner))
      .map(([h, c, a, b]) => `{{#${h} ${c}}}${a}${b === null ? '' : `{{else}}${b}`}{{/${h}}}`),
    fc
      .tuple(path, inner, inner)
      .map(([c, a, b]) => `{{#if ${c}}}${a}{{else if count}}${b}{{else}}z{{/if}}`),
    fc
      .tuple(path, inner, fc.boolean())
      .map(
        ([c, a, params]) => `{{#each ${c}${params ? ' as |item idx|' : ''}}}${a}{{else}}E{{/each}}`,
      ),
    fc.tuple(path, inner).map(([c, a]) => `{{#with ${c} as |item|}}${a}{{else}}W{{/with}}`),
    fc.tuple(path, inner).map(([c, a]) => `{{#${c}}}${a}{{/${c}}}`),
    fc.tuple(path, inner).map(([c, a]) => `{{^${c}}}${a}{{/${c}}}`),
    fc.tuple(path, inner).map(([c, a]) => `{{#if ${c} includeZero=true}}${a}{{/if}}`),
    inner.map((a) => `{{#each people}}\n  {{#if @first}}F{{/if}}${a}\n{{/each}}\n`),
    inner.map((a) => `{{#each map}}{{@key}}={{this}}${a};{{/each}}`),
    inner.map((a) => `{{{{raw}}}}{{${a}}}{{{{/raw}}}}`),
  );

/** Generated templates; `outputs` may dress each mustache (see `stockTemplate`). */
function templates(outputs: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.letrec<{ t: string }>((tie) => ({
    t: fc
      .array(
        fc.oneof(
          { weight: 3, arbitrary: text },
          { weight: 4, arbitrary: outputs },
          { weight: 1, arbitrary: partial },
          { weight: 2, arbitrary: block(tie('t')) },
        ),
        { maxLength: 5 },
      )
      .map((pieces) => pieces.join('')),
  })).t;
}

const template = templates(mustache);

/**
 * Templates for stock Handlebars, whose generated code joins outputs with `+` (with noEscape,
 * `{{a}}{{b}}` with a=1, b=2 prints "3"; our configured reference and the interpreter print
 * "12"). Text before every mustache makes each join a text join, so the two agree.
 */
const stockTemplate = templates(mustache.map((output) => `<${output}`));

describe('the interpreter against the compiling engine', () => {
  it('renders generated templates exactly as Handlebars does, errors included', () => {
    fc.assert(
      fc.property(template, fc.boolean(), (source, messy) => {
        compare(source, messy ? MESSY : VARIABLES);
      }),
      { numRuns: 4000 },
    );
  });

  it('agrees on Handlebars soup, malformed input included', () => {
    const piece = fc.constantFrom(
      '{{',
      '}}',
      '{{name}}',
      '{{#if flag}}',
      '{{/if}}',
      '{{#each items}}',
      '{{/each}}',
      '{{else}}',
      '{{^}}',
      '{{#with user}}',
      '{{/with}}',
      '{{> part}}',
      '{{#> layout}}',
      '{{/layout}}',
      '{{~',
      '~}}',
      'x',
      '\n',
      ' ',
      '@index',
      '../',
      'this',
      '{{upper name}}',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        compare(pieces.join(''));
        // The soup prints text values only, so stock Handlebars' `+` joins are text joins.
        compare(pieces.join(''), VARIABLES, 'stock');
      }),
      { numRuns: 1500 },
    );
  });

  it('renders generated templates as stock, unpatched Handlebars does', () => {
    fc.assert(
      fc.property(stockTemplate, fc.boolean(), (source, messy) => {
        compare(source, messy ? MESSY : VARIABLES, 'stock');
      }),
      { numRuns: 2000 },
    );
  });

  it('renders block params, parent paths and data variables as Handlebars does', () => {
    expect(
      compare('{{#each people as |person i|}}{{i}}:{{person.name}}/{{../name}}{{/each}}'),
    ).toEqual({ ok: true, text: '0:Cy/Ann1:Di/Ann' });
    expect(compare('{{#each map}}{{@key}}{{#if @last}}.{{else}},{{/if}}{{/each}}')).toEqual({
      ok: true,
      text: 'one,two.',
    });
    expect(
      compare('{{#each people}}{{#each tags}}{{@../index}}{{this}}{{/each}}{{/each}}'),
    ).toEqual({ ok: true, text: '0p' });
  });

  it('indents every line of a standalone partial by its call', () => {
    expect(compare('a\n  {{> lines}}\nb')).toEqual({ ok: true, text: 'a\n  one\n  two\nb' });
  });

  it('renders partial blocks, their fallbacks and inline partials', () => {
    expect(compare('{{#> layout}}{{name}}{{/layout}}')).toEqual({ ok: true, text: '<Ann>' });
    expect(compare('{{#> absent}}none{{/absent}}')).toEqual({ ok: true, text: 'none' });
    expect(compare('{{#*inline "x"}}[{{name}}]{{/inline}}{{> x}}{{> x}}')).toEqual({
      ok: true,
      text: '[Ann][Ann]',
    });
  });

  it('lets inline partials call each other, and stops one that calls itself forever', () => {
    expect(
      compare('{{#*inline "a"}}A{{> b}}{{/inline}}{{#*inline "b"}}B{{/inline}}{{> a}}'),
    ).toEqual({ ok: true, text: 'AB' });
    expect(compare('{{#*inline "a"}}x{{> a}}{{/inline}}{{> a}}')).toEqual({
      ok: false,
      code: 'template_render',
      message: 'The template nests too deeply to render.',
    });
  });

  it('names the missing variable and where it is read', () => {
    const error = outcome(() => renderTemplate('ok\n  {{user.address.missing.deeper}}', VARIABLES));
    expect(error).toEqual({
      ok: false,
      code: 'template_render',
      message: "Could not find variable 'user.address.missing.deeper'",
    });
    expect(() => renderTemplate('ok\n  {{user.address.zip}}', VARIABLES)).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ variable: 'user.address.zip', line: 2, column: 5 }),
      }),
    );
  });
});

describe('rendering without generated code', () => {
  it('renders when the page forbids eval and new Function, as its CSP does', () => {
    const original = globalThis.Function;
    const forbidden = new Proxy(original, {
      construct() {
        throw new EvalError('Code generation from strings disallowed for this context');
      },
      apply() {
        throw new EvalError('Code generation from strings disallowed for this context');
      },
    });
    globalThis.Function = forbidden;
    try {
      const source = '{{#each people as |p|}}{{p.name}} ({{upper p.name}}){{/each}} {{> card}}';
      expect(renderTemplateLocally(source, VARIABLES, { partials: PARTIALS })).toBe(
        'Cy (CY)Di (DI) [Ann]',
      );
    } finally {
      globalThis.Function = original;
    }
  });
});
