import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_LENGTH } from '../../src-shared/template/parse';
import { MAX_OUTPUT_LENGTH } from '../../src-shared/template/nodeRender';
import {
  RUN_TABLES,
  expectRefused,
  nestedObject,
  openHostileLibraryForFile,
  prototypeKeys,
} from './hostileLibrary';

const { lib, before } = await openHostileLibraryForFile(RUN_TABLES);

/** An unsaved text prompt as the editor sends it for a preview. */
const draft = (content: string, partials: Record<string, string> = {}) => ({
  document: { id: 'hostile', format: 'text', template: { content, partials } },
});

const preview = (content: string, variables: unknown = {}, partials?: Record<string, string>) =>
  lib.call('renderPreview', { ...draft(content, partials), variables });

declare global {
  var __pwbPwned: unknown;
}

// The published Handlebars prototype-chain exploit, aimed at setting a global.
const RCE_PAYLOAD = `{{#with "s" as |string|}}
  {{#with "e"}}
    {{#with split as |conslist|}}
      {{this.pop}}
      {{this.push (lookup string.sub "constructor")}}
      {{this.pop}}
      {{#with string.split as |codelist|}}
        {{this.pop}}
        {{this.push "globalThis.__pwbPwned = 1; return 1;"}}
        {{this.pop}}
        {{#each conslist}}
          {{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}
        {{/each}}
      {{/with}}
    {{/with}}
  {{/with}}
{{/with}}`;

describe('templates that reach for prototypes', () => {
  const cases: [string, string, RegExp][] = [
    ['{{constructor}}', 'constructor', /^Could not find variable 'constructor'$/],
    ['{{__proto__}}', '__proto__', /^Could not find variable '__proto__'$/],
    [
      '{{constructor.constructor}}',
      'constructor.constructor',
      /^Could not find variable 'constructor\.constructor'$/,
    ],
    ['{{name.constructor}}', 'name.constructor', /^Could not find variable 'name\.constructor'$/],
    [
      '{{#with this}}{{constructor.name}}{{/with}}',
      'with this',
      /^Could not find variable 'constructor\.name'$/,
    ],
    ['{{@root.constructor}}', '@root', /^Could not find variable '(@root\.)?constructor'$/],
  ];
  for (const [template, title, message] of cases) {
    it(`refuses ${title} as a missing variable`, async () => {
      const error = expectRefused(
        await preview(template, { name: 'Ann' }),
        'template_render',
        message,
      );
      expect(error.details).toMatchObject({ line: 1 });
    });
  }

  it('gives lookup of constructor nothing from Object.prototype', async () => {
    const { outcome } = await preview(
      '[{{lookup this "constructor"}}][{{lookup this "__proto__"}}]',
      {
        name: 'Ann',
      },
    );
    expect(outcome).toMatchObject({ ok: true, value: { text: '[][]' } });
  });

  it('does not run the published prototype-chain exploit', async () => {
    const result = await preview(RCE_PAYLOAD);
    // Every step finds nothing (no prototype members), so the whole payload renders as blanks.
    expect(result.outcome).toMatchObject({
      ok: true,
      value: { text: expect.stringMatching(/^\s*$/) },
    });
    expect(globalThis.__pwbPwned).toBeUndefined();
    expect(result.ms).toBeLessThan(5_000);
  });

  it('keeps __proto__ and constructor variables as plain data', async () => {
    const { outcome } = await preview(
      '{{user.__proto__.polluted}}|{{user.constructor.prototype.polluted}}',
      {
        user: prototypeKeys(),
      },
    );
    expect(outcome).toMatchObject({ ok: true, value: { text: 'yes|yes' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses a __proto__ partial name in a document', async () => {
    const partials = JSON.parse('{"__proto__": "x"}') as Record<string, string>;
    expectRefused(
      await preview('{{> __proto__}}', {}, partials),
      'invalid_input',
      /^the editor: invalid prompt: template\.partials\.__proto__: the key '__proto__' is not allowed \[forbidden_key\]$/,
    );
  });
});

describe('templates that recurse through partials', () => {
  it('refuses a partial that includes itself', async () => {
    expectRefused(
      await preview('{{> a}}', {}, { a: 'again {{> a}}' }),
      'template_render',
      "Partial 'a' includes itself (a → a)",
    );
  });

  it('refuses partials that include each other', async () => {
    expectRefused(
      await preview('{{> a}}', {}, { a: '{{> b}}', b: '{{> c}}', c: '{{> a}}' }),
      'template_render',
      /^Partial 'a' includes itself \(a → b → c → a\)$/,
    );
  });

  it('stops a dynamic partial that recurses at run time', async () => {
    expectRefused(
      await preview('{{> (lookup this "p")}}', { p: 'a' }, { a: 'x{{> (lookup this "p")}}' }),
      'template_render',
      /^Partials nest more than 32 levels deep \(a → a → a → a …\)$/,
    );
  });

  it('stops partials that double their output at every level (a partial bomb)', async () => {
    const partials: Record<string, string> = { p0: 'x'.repeat(1000) };
    for (let level = 1; level <= 30; level += 1) {
      partials[`p${level}`] = `{{> p${level - 1}}}{{> p${level - 1}}}`;
    }
    expectRefused(
      await preview('{{> p30}}', {}, partials),
      'too_large',
      `The rendered prompt is longer than ${MAX_OUTPUT_LENGTH} characters.`,
    );
  });
});

describe('templates nested beyond reason', () => {
  const deep = 20_000;
  const cases: [string, string, string][] = [
    [
      'blocks 20,000 deep',
      `${'{{#if a}}'.repeat(deep)}x${'{{/if}}'.repeat(deep)}`,
      'The template nests blocks more than 100 levels deep.',
    ],
    [
      'an else-if chain 20,000 long',
      `{{#if a}}${'{{else if a}}x'.repeat(deep)}{{/if}}`,
      'The template nests blocks more than 100 levels deep (each {{else …}} link of a chain counts as one level).',
    ],
    [
      'sub-expressions 20,000 deep',
      `{{upper ${'(upper '.repeat(deep)}a${')'.repeat(deep)}}}`,
      'The template nests sub-expressions more than 100 levels deep.',
    ],
    [
      'a partial with blocks 20,000 deep',
      '{{> deep}}',
      "The template in partial 'deep' nests blocks more than 100 levels deep.",
    ],
  ];
  for (const [title, content, message] of cases) {
    it(`refuses ${title} quickly`, async () => {
      const partials = { deep: `${'{{#each a}}'.repeat(deep)}${'{{/each}}'.repeat(deep)}` };
      expectRefused(await preview(content, { a: 1 }, partials), 'too_large', message);
      // The same text through export takes the same door.
      expectRefused(
        await lib.call('exportPrompt', {
          ...draft(content, partials),
          provider: 'langchain',
          variables: { a: 1 },
        }),
        'too_large',
        message,
      );
    });
  }

  it('refuses a template over the length limit', async () => {
    expectRefused(
      await preview('x'.repeat(MAX_TEMPLATE_LENGTH + 1)),
      'too_large',
      `The template is longer than ${MAX_TEMPLATE_LENGTH} characters.`,
    );
  });

  it('names the line and column of a malformed template', async () => {
    const error = expectRefused(
      await preview('Hi {{name}}\n{{#if x}}open'),
      'template_syntax',
      /^Parse error on line 2, column \d+: /,
    );
    expect(error.details).toMatchObject({ line: 2 });
  });

  it('refuses output that grows past the limit', async () => {
    expectRefused(
      await preview('{{#each items}}{{../big}}{{/each}}', {
        items: Array.from({ length: 12 }, (_, n) => n),
        big: 'y'.repeat(512 * 1024),
      }),
      'too_large',
      `The rendered prompt is longer than ${MAX_OUTPUT_LENGTH} characters.`,
    );
  });
});

describe('hostile variable values', () => {
  it('refuses variables nested 20,000 deep', async () => {
    expectRefused(
      await preview('{{a}}', nestedObject(20_000)),
      'invalid_input',
      /^Template variables nest more than 64 levels deep \(at 'a(\.a)+'\)\.$/,
    );
  });

  it('refuses variables of the wrong type at the door', async () => {
    for (const variables of [[1, 2], 'name=Ann', null, 42]) {
      expectRefused(
        await preview('{{a}}', variables),
        'invalid_input',
        /^renderPreview: variables must be object$/,
      );
    }
  });

  it('refuses more than 1,000 variables at the door', async () => {
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, n) => [`v${n}`, n]));
    expectRefused(
      await preview('{{v1}}', many),
      'invalid_input',
      /^renderPreview: variables must NOT have more than 1000 properties$/,
    );
  });

  it('names a missing variable without echoing the values given', async () => {
    const error = expectRefused(
      await preview('{{secret_name}} {{missing}}', { secret_name: 'hunter2-value' }),
      'template_render',
      "Could not find variable 'missing'",
    );
    expect(JSON.stringify(error)).not.toContain('hunter2-value');
  });
});

describe('the library after every refusal', () => {
  it('is unchanged (failed runs only add their metrics events)', async () => {
    expect(lib.dump(RUN_TABLES)).toBe(before);
    lib.services.metrics.flush();
    const failures = lib.services.db
      .prepare('SELECT count(*) FROM metric_events WHERE ok = 0')
      .pluck()
      .get() as number;
    expect(failures).toBeGreaterThan(20);
    expect(lib.logged).toEqual([]);
  });
});

describe('a recursive partial stored in the library', () => {
  it('stops a recursive partial stored in the library', async () => {
    expect(
      (await lib.call('savePartial', { name: 'loop', content: '{{> loop}}' })).outcome.ok,
    ).toBe(true);
    const stored = lib.dump(RUN_TABLES);
    expectRefused(
      await preview('{{> loop}}'),
      'template_render',
      "Partial 'loop' includes itself (loop → loop)",
    );
    expect(
      (await lib.call('partialImpact', { name: 'loop', content: '{{> loop}}{{> loop}}' })).outcome,
    ).toMatchObject({ ok: true });
    expect(lib.dump(RUN_TABLES)).toBe(stored);
    expect((await lib.call('deletePartial', { name: 'loop' })).outcome.ok).toBe(true);
  });
});
