import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { renderTemplate } from '../../template/nodeRender';
import { jinjaLikeToHandlebars } from './fromJinjaLike';
import { JINJA2, NUNJUCKS } from './jinjaDialects';
import { handlebarsToMustache, mustacheToHandlebars } from './mustache';
import { handlebarsToJinjaLike } from './toJinjaLike';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  return expect.unreachable('no refusal');
}

describe('Jinja2 to Handlebars', () => {
  it('maps variables, filters, conditionals, loops and comments', () => {
    const source = [
      'Hello {{ user.name | upper }}!{# greet first #}',
      '{% if tier == "pro" and not muted %}Pro{% elif tier %}Basic{% else %}None{% endif %}',
      '{% for item in items %}{{ loop.index0 }}. {{ item.title }} for {{ user.name }}{% else %}empty{% endfor %}',
      '{{ tags | join(", ") }} {{ data | tojson(indent=2) }} {{ nick | default("friend") }}',
    ].join('\n');
    const hbs = jinjaLikeToHandlebars(source, JINJA2, 'greeting.prompty');
    expect(hbs).toBe(
      [
        'Hello {{upper user.name}}!{{!-- greet first --}}',
        '{{#if (and (eq tier "pro") (not muted))}}Pro{{else if tier}}Basic{{else}}None{{/if}}',
        '{{#each items as |item|}}{{@index}}. {{item.title}} for {{@root.user.name}}{{else}}empty{{/each}}',
        '{{join tags ", "}} {{json data}} {{default nick "friend"}}',
      ].join('\n'),
    );
    const out = renderTemplate(hbs, {
      user: { name: 'ada' },
      tier: 'pro',
      muted: false,
      items: [{ title: 'A' }, { title: 'B' }],
      tags: ['x', 'y'],
      data: { a: 1 },
      nick: '',
    });
    expect(out).toContain('Hello ADA!');
    expect(out).toContain('0. A for ada1. B for ada');
    expect(out).toContain('x, y');
  });

  it('keeps whitespace control and text with braces', () => {
    const hbs = jinjaLikeToHandlebars(
      'a\n{%- if x -%}\n b {% endif %}{% raw %}{{ kept }}{% endraw %}',
      JINJA2,
      't',
    );
    expect(hbs).toBe('a\n{{~#if x~}}\n b {{/if}}{{{{raw}}}}{{ kept }}{{{{/raw}}}}');
    expect(renderTemplate(hbs, { x: true })).toBe('ab {{ kept }}');
  });

  it('refuses what Handlebars cannot say, with the construct and its line', () => {
    const macro = refusal(() =>
      jinjaLikeToHandlebars('line one\n{% macro m() %}x{% endmacro %}', JINJA2, 'a.prompty'),
    );
    expect(macro.code).toBe('invalid_input');
    expect(macro.message).toBe(
      'a.prompty: Jinja2 the {% macro %} statement has no Handlebars equivalent (line 2)',
    );
    expect(
      refusal(() => jinjaLikeToHandlebars('\n\n{{ x | title }}', JINJA2, 't')).details,
    ).toMatchObject({
      construct: "the filter 'title'",
      line: 3,
    });
    expect(
      refusal(() =>
        jinjaLikeToHandlebars('{% for x in xs %}{{ loop.index }}{% endfor %}', JINJA2, 't'),
      ).details,
    ).toMatchObject({ construct: 'loop.index', line: 1 });
    expect(refusal(() => jinjaLikeToHandlebars('{{ a + b }}', JINJA2, 't')).details).toMatchObject({
      construct: "the operator '+'",
    });
    expect(refusal(() => jinjaLikeToHandlebars('{% if x %}', JINJA2, 't')).code).toBe(
      'invalid_input',
    );
  });
});

describe('Nunjucks to Handlebars', () => {
  it('maps the same constructs with nunjucks’ parser', () => {
    const hbs = jinjaLikeToHandlebars(
      '{# c #}Q: {{ question | trim }}{% if context %}\nContext: {{ context }}{% endif %}{% for d in docs %}- {{ d }}{% endfor %}',
      NUNJUCKS,
      'promptfooconfig.yaml',
    );
    expect(hbs).toBe(
      '{{!-- c --}}Q: {{trim question}}{{#if context}}\nContext: {{context}}{{/if}}{{#each docs as |d|}}- {{d}}{{/each}}',
    );
  });

  it('refuses with the line', () => {
    const error = refusal(() => jinjaLikeToHandlebars('a\nb\n{% set x = 1 %}', NUNJUCKS, 'p'));
    expect(error.details).toMatchObject({ construct: 'the {% set %} statement', line: 3 });
  });
});

describe('Handlebars to Jinja2 and Nunjucks', () => {
  const source = [
    '{{!-- note --}}Hi {{upper user.name}}',
    '{{#if (eq tier "pro")}}Pro{{else if tier}}Basic{{else}}None{{/if}}{{#unless muted}}!{{/unless}}',
    '{{#each items}}{{@index}} {{title}} of {{../owner}}{{else}}none{{/each}}',
    '{{#each tags as |tag|}}{{tag}}{{/each}} {{join tags}} {{json data}}',
  ].join('\n');

  it('writes Jinja2 that reads back to an equivalent template', () => {
    const jinja = handlebarsToJinjaLike(source, JINJA2, 'Prompty', "prompt 'p'");
    expect(jinja).toBe(
      [
        '{# note #}Hi {{ user.name | upper }}',
        '{% if tier == "pro" %}Pro{% elif tier %}Basic{% else %}None{% endif %}{% if not muted %}!{% endif %}',
        '{% for item in items %}{{ loop.index0 }} {{ item.title }} of {{ owner }}{% else %}none{% endfor %}',
        '{% for tag in tags %}{{ tag }}{% endfor %} {{ tags | join(", ") }} {{ data | tojson(indent=2) }}',
      ].join('\n'),
    );
    const back = jinjaLikeToHandlebars(jinja, JINJA2, 'p');
    const data = {
      user: { name: 'bo' },
      tier: 'pro',
      muted: false,
      items: [{ title: 'T' }],
      owner: 'O',
      tags: ['a', 'b'],
      data: { k: 1 },
    };
    expect(renderTemplate(back, data)).toBe(renderTemplate(source, data));
  });

  it('round-trips a template written in the shared forms unchanged', () => {
    const canonical =
      'Dear {{name}},{{#if vip}} thanks{{else}} hi{{/if}}\n{{#each items as |it|}}- {{it.sku}} x{{@root.qty}}\n{{/each}}';
    for (const dialect of [JINJA2, NUNJUCKS]) {
      const there = handlebarsToJinjaLike(canonical, dialect, dialect.name, 't');
      expect(jinjaLikeToHandlebars(there, dialect, 't')).toBe(canonical);
    }
  });

  it('writes dump(2) for Nunjucks', () => {
    expect(handlebarsToJinjaLike('{{json x}}', NUNJUCKS, 'promptfoo', 't')).toBe(
      '{{ x | dump(2) }}',
    );
  });

  it('refuses helpers, partials and options with the line', () => {
    const error = refusal(() =>
      handlebarsToJinjaLike('a\n{{lookup map key}}', JINJA2, 'Prompty', "prompt 'p'"),
    );
    expect(error.code).toBe('export_rule');
    expect(error.message).toBe(
      "Prompty export cannot express the helper call {{lookup …}} (prompt 'p', line 2)",
    );
    expect(
      refusal(() => handlebarsToJinjaLike('x\n\n{{> footer}}', JINJA2, 'Prompty', 'p')).details,
    ).toMatchObject({ line: 3, construct: 'a partial {{> …}}' });
    expect(
      refusal(() => handlebarsToJinjaLike('{{#with a}}{{b}}{{/with}}', NUNJUCKS, 'promptfoo', 'p'))
        .details,
    ).toMatchObject({ line: 1, construct: 'the block {{#with}}' });
  });
});

describe('mustache and Handlebars', () => {
  it('reads variables, sections, inverted sections and comments as they are', () => {
    const source = 'Hi {{name}}{{! c }}{{#items}}- {{.}}\n{{/items}}{{^items}}none{{/items}}';
    expect(mustacheToHandlebars(source, 'p.json')).toBe(source);
    expect(renderTemplate(source, { name: 'A', items: ['x', 'y'] })).toBe('Hi A- x\n- y\n');
  });

  it('refuses partials and delimiter changes with the line', () => {
    expect(refusal(() => mustacheToHandlebars('a\n{{> part}}', 'p.json')).details).toMatchObject({
      line: 2,
      construct: 'a partial {{> …}}',
    });
    expect(refusal(() => mustacheToHandlebars('{{=<% %>=}}', 'p.json')).details).toMatchObject({
      construct: 'a delimiter change {{= =}}',
    });
  });

  it('writes double-brace variables for Langfuse and refuses helpers', () => {
    expect(handlebarsToMustache('Hi {{name}}{{#if vip}}!{{/if}}', {}, 'p')).toBe(
      'Hi {{name}}{{#vip}}!{{/vip}}',
    );
    const error = refusal(() => handlebarsToMustache('\n{{upper name}}', {}, "prompt 'p'"));
    expect(error.message).toBe(
      "Langfuse export cannot express the helper call {{upper …}} (prompt 'p', line 2)",
    );
  });
});
