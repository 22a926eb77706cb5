import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { extractVariables } from './variables';
import { renderTemplate } from './nodeRender';

const RENDER_CODES = ['template_syntax', 'template_render', 'too_large', 'invalid_input'];

/** Renders and reports; anything thrown but an AppError with a render code fails the property. */
function attempt(
  source: string,
  variables: Record<string, unknown> = {},
  partials: Record<string, string> = {},
): { ok: true; text: string } | { ok: false; error: AppError } {
  try {
    return { ok: true, text: renderTemplate(source, variables, { partials }) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(RENDER_CODES).toContain(error.code);
    return { ok: false, error };
  }
}

const anyText = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 100 })
  .map((codes) => String.fromCharCode(...codes));

// Handlebars syntax in pieces, so random sequences open, close and misnest real constructs.
const piece = fc.constantFrom(
  '{{',
  '}}',
  '{{{',
  '}}}',
  '{{name}}',
  '{{user.name}}',
  '{{#if flag}}',
  '{{/if}}',
  '{{#each items}}',
  '{{/each}}',
  '{{else}}',
  '{{else if flag}}',
  '{{^}}',
  '{{#with user}}',
  '{{/with}}',
  '{{> part}}',
  '{{> (lookup this "p")}}',
  '{{#> part}}',
  '{{/part}}',
  '{{!-- c --}}',
  '{{! c }}',
  '{{{{raw}}}}',
  '{{{{/raw}}}}',
  '\\{{',
  '{{~',
  '~}}',
  '(',
  ')',
  'upper',
  'lookup',
  '"',
  "'",
  '=',
  ' ',
  '\n',
  'x',
  '@index',
  '@root',
  '../',
  'this',
  'constructor',
  '__proto__',
  '[',
  ']',
  '{{json user}}',
  '{{join items ", "}}',
  '{{*inline}}',
  '{{#*inline "part"}}',
  '{{/inline}}',
);
const soup = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));

const VARIABLES = {
  name: 'Ann',
  flag: true,
  items: ['a', 'b'],
  user: { name: 'Bo', constructor: 'data' },
  p: 'part',
};
const PARTIALS = { part: 'P({{name}}{{> (lookup this "p")}})' };

describe('renderTemplate under fuzzing', () => {
  it('never throws anything but a render AppError for arbitrary text', () => {
    fc.assert(
      fc.property(anyText, (source) => {
        attempt(source, VARIABLES, PARTIALS);
      }),
      { numRuns: 300 },
    );
  });

  it('never escapes as another error, nor reaches a prototype, for Handlebars soup', () => {
    fc.assert(
      fc.property(soup, (source) => {
        const result = attempt(source, VARIABLES, PARTIALS);
        if (result.ok) {
          expect(result.text).not.toMatch(/function \w*\(|\[native code\]|\[object /);
        } else if (result.error.code === 'template_syntax') {
          expect(result.error.message).toMatch(
            /^(?:Parse error|Unsupported) on line \d+, column \d+: /,
          );
        }
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      { numRuns: 400 },
    );
  });

  it('prints text without mustaches exactly as written', () => {
    const plain = anyText.filter((text) => !text.includes('{{') && !text.includes('\\'));
    fc.assert(
      fc.property(plain, (text) => {
        const result = attempt(text);
        if (text.includes('\u0000')) {
          expect(result.ok || result.error.message).toMatch(
            /: the template contains a NUL character$/,
          );
        } else {
          expect(result).toEqual({ ok: true, text });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('inserts any variable value verbatim, never HTML-escaped', () => {
    fc.assert(
      fc.property(anyText, anyText, (before, value) => {
        fc.pre(!before.includes('{{') && !before.includes('\\') && !before.includes('\u0000'));
        expect(renderTemplate(`${before}{{v}}`, { v: value })).toBe(`${before}${value}`);
      }),
      { numRuns: 200 },
    );
  });

  it('finds every variable a template uses, so supplying them renders without a missing one', () => {
    const name = fc
      .stringMatching(/^[a-z][a-z0-9_]{0,8}$/)
      .filter((n) => !['else', 'this', 'true', 'false', 'null', 'undefined'].includes(n))
      // Built-in helper names (`{{if}}`) call the helper, not a variable.
      .filter((n) => !['if', 'unless', 'each', 'with', 'lookup', 'log'].includes(n));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), fc.boolean(), (names, nested) => {
        const source = names
          .map((n, index) => (nested && index === 0 ? `{{#if ${n}}}[{{${n}}}]{{/if}}` : `{{${n}}}`))
          .join(' ');
        const found = extractVariables(source);
        for (const n of names) expect(found).toContain(n);
        const values = Object.fromEntries(found.map((n) => [n, `<${n}>`]));
        expect(attempt(source, values).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('treats prototype member names as missing variables, whatever the path', () => {
    const member = fc.constantFrom(
      'constructor',
      '__proto__',
      'prototype',
      'toString',
      'valueOf',
      'hasOwnProperty',
      '__defineGetter__',
      '__lookupGetter__',
      'isPrototypeOf',
    );
    fc.assert(
      fc.property(
        fc.array(member, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (path, viaUser) => {
          const variable = [...(viaUser ? ['user'] : []), ...path].join('.');
          const result = attempt(`{{${variable}}}`, VARIABLES);
          if (result.ok) {
            // Only a variable the caller set may print: user.constructor is data here.
            expect(variable).toBe('user.constructor');
            expect(result.text).toBe('data');
          } else {
            expect(result.error.code).toBe('template_render');
            expect(result.error.message).toMatch(/^Could not find variable '/);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
