import { describe, expect, it } from 'vitest';
import { caught as failure } from '../testKit/caught';
import { MAX_OUTPUT_LENGTH, MAX_PARTIAL_DEPTH, renderTemplate } from './nodeRender';

describe('missing and null values (seed §3.3 with our fixes)', () => {
  it('names a missing variable with its line and column', () => {
    const error = failure(() => renderTemplate('Hello {{name}}!', {}));
    expect(error.code).toBe('template_render');
    expect(error.message).toBe("Could not find variable 'name'");
    expect(error.details).toEqual({ variable: 'name', line: 1, column: 9 });
  });

  it('treats null as missing unless the variable is nullable', () => {
    expect(failure(() => renderTemplate('Hello {{name}}!', { name: null })).message).toBe(
      "Could not find variable 'name'",
    );
    expect(renderTemplate('Hello {{name}}!', { name: null }, { nullable: ['name'] })).toBe(
      'Hello !',
    );
    expect(renderTemplate('Hello {{name}}!', {}, { nullable: ['name'] })).toBe('Hello !');
  });

  it('renders empty text as empty text', () => {
    expect(renderTemplate('Hello {{name}}!', { name: '' })).toBe('Hello !');
  });

  it('names the whole nested path that is missing', () => {
    for (const variables of [{ user: {} }, {}]) {
      const error = failure(() => renderTemplate('line\nHello {{user.name}}!', variables));
      expect(error.message).toBe("Could not find variable 'user.name'");
      expect(error.details).toMatchObject({ variable: 'user.name', line: 2, column: 9 });
    }
  });

  it('applies nullable to nested paths', () => {
    expect(
      renderTemplate('[{{user.nick}}]', { user: { nick: null } }, { nullable: ['user.nick'] }),
    ).toBe('[]');
  });

  it('keeps block parameters lenient', () => {
    for (const focus of [undefined, '', [], 0, null]) {
      expect(renderTemplate('{{#if focus}}F{{/if}}', { focus })).toBe('');
    }
    expect(renderTemplate('{{#each items}}x{{/each}}', {})).toBe('');
    expect(renderTemplate('{{#each items}}x{{else}}empty{{/each}}', { items: [] })).toBe('empty');
    expect(renderTemplate('{{#unless x}}no{{else}}yes{{/unless}}', {})).toBe('no');
  });

  it('does not look up the parent context implicitly inside #each', () => {
    const variables = { items: [{}], title: 'T' };
    expect(
      failure(() => renderTemplate('{{#each items}}{{title}}{{/each}}', variables)).message,
    ).toBe("Could not find variable 'title'");
    expect(renderTemplate('{{#each items}}{{../title}}{{/each}}', variables)).toBe('T');
  });

  it('reports an unknown helper by name', () => {
    const error = failure(() => renderTemplate('{{shout name}}', { name: 'x' }));
    expect(error.message).toBe("Unknown helper 'shout'");
    expect(error.details).toMatchObject({ helper: 'shout', line: 1, column: 3 });
  });

  it('reports an unknown helper only when the call runs', () => {
    expect(renderTemplate('{{#if no}}{{shout x}}{{/if}}ok', { no: false, x: 1 })).toBe('ok');
  });

  it('reports a missing partial by name', () => {
    const error = failure(() => renderTemplate('{{> missing}}', {}));
    expect(error.code).toBe('template_render');
    expect(error.message).toBe("The partial 'missing' could not be found");
  });

  it('reports a missing property of a text value without printing the value', () => {
    const error = failure(() => renderTemplate('{{secret.field}}', { secret: 'hunter2' }));
    expect(error.message).toBe("Could not find variable 'secret.field'");
    expect(JSON.stringify(error.details)).not.toContain('hunter2');
  });
});

describe('syntax errors', () => {
  it.each(['{{invalid', '{{#if x}}a', 'Hello {{#if unclosed}', '{{#if x}}a{{/unless}}'])(
    '%j is a template_syntax error with a position',
    (source) => {
      const error = failure(() => renderTemplate(source, { x: 1 }));
      expect(error.code).toBe('template_syntax');
      expect(error.message).toMatch(/^Parse error on line 1, column \d+: .+/);
    },
  );
});

describe('escaping and stringification', () => {
  it('never HTML-escapes, in double or triple braces', () => {
    const value = `<b>&"'\`=</b>`;
    expect(renderTemplate('{{v}}|{{{v}}}', { v: value })).toBe(`${value}|${value}`);
  });

  it('prints numbers and booleans as text, also side by side', () => {
    expect(
      renderTemplate('{{a}}{{b}} {{t}}{{f}} {{x}} {{big}}', {
        a: 1,
        b: 2,
        t: true,
        f: false,
        x: 3.5,
        big: 1e21,
      }),
    ).toBe('12 truefalse 3.5 1e+21');
  });

  it('joins arrays with ", " and prints objects as JSON', () => {
    expect(
      renderTemplate('{{tags}} / {{obj}} / {{mixed}}', {
        tags: ['security', 'perf'],
        obj: { a: 1, b: [1, 2] },
        mixed: ['a', 1, { k: 'v' }, null],
      }),
    ).toBe('security, perf / {"a":1,"b":[1,2]} / a, 1, {"k":"v"}, ');
  });

  it('passes unicode through and never re-renders values', () => {
    expect(renderTemplate('{{a}}', { a: 'héllo ✓ {{y}}' })).toBe('héllo ✓ {{y}}');
  });

  it('rejects variables that are not an object', () => {
    expect(() => renderTemplate('x', [] as unknown as Record<string, unknown>)).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('Handlebars features (seed §3.5)', () => {
  const items = ['a', 'b', 'c'];

  it('@index, @first and @last in #each', () => {
    expect(
      renderTemplate(
        '{{#each items}}{{@index}}{{#if @first}}^{{/if}}{{this}}{{#if @last}}${{/if}} {{/each}}',
        {
          items,
        },
      ),
    ).toBe('0^a 1b 2c$ ');
  });

  it('@key over objects', () => {
    expect(renderTemplate('{{#each o}}{{@key}}={{this}};{{/each}}', { o: { x: 1, y: 'z' } })).toBe(
      'x=1;y=z;',
    );
  });

  it('{{else}} of #if', () => {
    expect(renderTemplate('{{#if on}}yes{{else}}no{{/if}}', { on: false })).toBe('no');
  });

  it('#with changes the context', () => {
    expect(
      renderTemplate('{{#with user}}{{first}} {{last}}{{/with}}', {
        user: { first: 'Ada', last: 'Lovelace' },
      }),
    ).toBe('Ada Lovelace');
  });

  it('lookup by a dynamic key, also as a subexpression', () => {
    const variables = { obj: { b: 'B' }, key: 'b' };
    expect(renderTemplate('{{lookup obj key}} {{#if (lookup obj "b")}}ok{{/if}}', variables)).toBe(
      'B ok',
    );
  });

  it('@root from inside a loop', () => {
    expect(
      renderTemplate('{{#each items}}{{@root.sep}}{{this}}{{/each}}', { items, sep: '-' }),
    ).toBe('-a-b-c');
  });

  it('segment literals, index access and array length', () => {
    expect(
      renderTemplate('{{a.[b c]}} {{items.[0]}} {{items.length}}', { a: { 'b c': 'X' }, items }),
    ).toBe('X a 3');
  });

  it('partials with hash arguments', () => {
    expect(
      renderTemplate('{{> greet name="Bob"}}', {}, { partials: { greet: 'Hi {{name}}' } }),
    ).toBe('Hi Bob');
  });

  it('dynamic partial names', () => {
    const partials = { short: 'S', long: 'L' };
    expect(renderTemplate('{{> (lookup . "kind")}}', { kind: 'long' }, { partials })).toBe('L');
  });

  it('raw blocks keep their braces', () => {
    expect(renderTemplate('{{{{raw}}}}{{x}}{{{{/raw}}}}', {})).toBe('{{x}}');
  });

  it('comments render nothing', () => {
    expect(renderTemplate('a{{! c }}b{{!-- {{x}} --}}c', {})).toBe('abc');
  });

  it('whitespace control and standalone block lines', () => {
    expect(renderTemplate('[ {{~name~}} ]', { name: 'n' })).toBe('[n]');
    expect(renderTemplate('{{#each items}}\n- {{this}}\n{{/each}}\n', { items: ['a', 'b'] })).toBe(
      '- a\n- b\n',
    );
  });

  it('log outputs nothing', () => {
    expect(renderTemplate('{{log "note" x}}ok', { x: 1 })).toBe('ok');
  });
});

describe('prototype access is impossible', () => {
  it.each(['{{constructor}}', '{{__proto__}}', '{{x.constructor.name}}', '{{toString}}'])(
    '%s fails cleanly as a missing variable',
    (source) => {
      const error = failure(() => renderTemplate(source, { x: { y: 1 } }));
      expect(error.code).toBe('template_render');
      expect(error.message).toMatch(/^Could not find variable '/);
    },
  );

  it('lookup cannot reach prototypes either', () => {
    expect(
      renderTemplate('[{{lookup this "constructor"}}][{{lookup x "__proto__"}}]', { x: {} }),
    ).toBe('[][]');
  });

  it('a __proto__ key in the variables stays plain data', () => {
    const variables = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "A"}') as Record<
      string,
      unknown
    >;
    expect(failure(() => renderTemplate('{{polluted}}', variables)).message).toBe(
      "Could not find variable 'polluted'",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not reach array or string prototypes', () => {
    expect(failure(() => renderTemplate('{{items.constructor}}', { items: [1] })).code).toBe(
      'template_render',
    );
    expect(renderTemplate('{{#if items.map}}leak{{/if}}done', { items: [1] })).toBe('done');
  });
});

describe('partials', () => {
  it('detects a partial that includes itself directly', () => {
    const error = failure(() => renderTemplate('{{> a}}', {}, { partials: { a: 'x{{> a}}' } }));
    expect(error.message).toBe("Partial 'a' includes itself (a → a)");
  });

  it('detects an indirect cycle and names its path', () => {
    const partials = { a: '{{> b}}', b: '{{#if x}}{{> a}}{{/if}}' };
    const error = failure(() => renderTemplate('top {{> a}}', {}, { partials }));
    expect(error.code).toBe('template_render');
    expect(error.message).toBe("Partial 'a' includes itself (a → b → a)");
  });

  it('caps run-time partial recursion through dynamic names', () => {
    const partials = { a: '{{> (lookup . "next")}}' };
    const error = failure(() => renderTemplate('{{> a}}', { next: 'a' }, { partials }));
    expect(error.message).toMatch(
      new RegExp(`^Partials nest more than ${MAX_PARTIAL_DEPTH} levels`),
    );
  });

  it('caps the output of exponentially expanding partials', () => {
    const partials: Record<string, string> = { p0: 'x'.repeat(1000) };
    for (let i = 1; i <= 20; i++) partials[`p${i}`] = `{{> p${i - 1}}}{{> p${i - 1}}}`;
    const error = failure(() => renderTemplate('{{> p20}}', {}, { partials }));
    expect(error.code).toBe('too_large');
    expect(error.details).toMatchObject({ limit: MAX_OUTPUT_LENGTH });
  });

  it('locates a missing variable inside the partial that reads it', () => {
    const error = failure(() =>
      renderTemplate('{{> card}}', {}, { partials: { card: 'Title:\n  {{title}}' } }),
    );
    expect(error.message).toBe("Could not find variable 'title'");
    expect(error.details).toMatchObject({ partial: 'card', line: 2, column: 5 });
  });

  it('reports a syntax error inside a partial as template_syntax naming the partial', () => {
    const error = failure(() => renderTemplate('{{> bad}}', {}, { partials: { bad: '{{#if}}' } }));
    expect(error.code).toBe('template_syntax');
    expect(error.message).toMatch(/in partial 'bad'/);
  });

  it('renders the fallback of a partial block whose partial is absent', () => {
    expect(renderTemplate('{{#> layout}}fallback{{/layout}}', {})).toBe('fallback');
  });

  it('indents standalone partials like Handlebars', () => {
    expect(renderTemplate('  {{> p}}\nend', {}, { partials: { p: 'one\ntwo\n' } })).toBe(
      '  one\n  two\nend',
    );
  });

  it('cannot use Object.prototype members as partials', () => {
    expect(failure(() => renderTemplate('{{> constructor}}', {})).message).toBe(
      "The partial 'constructor' could not be found",
    );
  });

  it('ignores the library partials, broken ones too, in a template that calls none', () => {
    const partials = { bad: '{{#if}}', loop: '{{> loop}}' };
    expect(renderTemplate('Hi {{x}}', { x: 1 }, { partials })).toBe('Hi 1');
    expect(failure(() => renderTemplate('{{> bad}}', {}, { partials })).code).toBe(
      'template_syntax',
    );
  });

  it('rejects partials that are not text', () => {
    const partials = { p: 42 } as unknown as Record<string, string>;
    expect(failure(() => renderTemplate('{{> p}}', {}, { partials })).code).toBe('invalid_input');
  });
});

describe('compile input and limits', () => {
  it('only ever compiles text', () => {
    const ast = { type: 'Program', body: [] } as unknown as string;
    expect(failure(() => renderTemplate(ast, {})).code).toBe('invalid_input');
  });

  it('rejects variables nested absurdly deep', () => {
    let value: Record<string, unknown> = {};
    const root = value;
    for (let i = 0; i < 200; i++) {
      const next = {};
      value.n = next;
      value = next;
    }
    expect(failure(() => renderTemplate('x', root)).code).toBe('invalid_input');
  });

  it('renders the same source repeatedly from the cache with fresh variables', () => {
    for (const name of ['a', 'b', 'c'])
      expect(renderTemplate('<{{name}}>', { name })).toBe(`<${name}>`);
  });
});
