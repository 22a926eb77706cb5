import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parsePrompt } from '../model/validatePrompt';
import { parseYaml } from './parseYaml';
import { stringifyPrompt } from './stringifyDocuments';

// Any UTF-16 text, lone surrogates included (what a file decoded leniently could hold).
const anyText = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 120 })
  .map((codes) => String.fromCharCode(...codes));

/** Text a UTF-8 file can hold: any code point but lone surrogates, YAML's specials likely. */
const fileText = (minLength: number, maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          ':',
          '-',
          '#',
          '"',
          "'",
          '\\',
          '\n',
          '\t',
          ' ',
          '{{',
          '}}',
          '\r\n',
          '\u00a0',
        ),
        fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
        fc
          .integer({ min: 0, max: 0x10ffff })
          .filter((code) => code < 0xd800 || code > 0xdfff)
          .map((code) => String.fromCodePoint(code)),
      ),
      { minLength, maxLength },
    )
    .map((pieces) => pieces.join(''));

/** Runs parseYaml and returns what it did; anything thrown but an AppError fails the property. */
function attempt(text: string): { ok: true; value: unknown } | { ok: false; error: AppError } {
  try {
    return { ok: true, value: parseYaml(text, 'fuzz.yaml') };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, error };
  }
}

function expectCleanRefusal(error: AppError): void {
  expect(error.code).toBe('invalid_input');
  expect(error.message.startsWith('fuzz.yaml: ')).toBe(true);
  expect(error.details).toMatchObject({ file: 'fuzz.yaml' });
}

// Pieces of YAML syntax, so random sequences reach deep into the parser, not just its first line.
const yamlPiece = fc.constantFrom(
  'a',
  'key',
  ': ',
  ':',
  '- ',
  '\n',
  '\n  ',
  '\n    ',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '&x ',
  '*x',
  '&y ',
  '*y',
  '!!str ',
  '!!python/object ',
  '!custom ',
  '? ',
  '"',
  "'",
  '|\n  ',
  '>-\n  ',
  '# c\n',
  '---\n',
  '...\n',
  '__proto__',
  'constructor',
  '1.0.0',
  '0x1F',
  '~',
  'null',
  '\t',
  '\\',
  '%YAML 1.1\n',
  '<<: ',
);
const yamlSoup = fc.array(yamlPiece, { maxLength: 60 }).map((pieces) => pieces.join(''));

/** Plain data as a YAML file holds it: no prototype keys, finite numbers, bounded depth. */
const plainData = fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.parse(JSON.stringify(value)));

const hasForbiddenKey = (value: unknown): boolean =>
  JSON.stringify(value)?.includes('"__proto__":') ?? false;

describe('parseYaml under fuzzing', () => {
  it('never throws anything but a located invalid_input for arbitrary text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = attempt(text);
        if (!result.ok) expectCleanRefusal(result.error);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws anything but invalid_input for YAML-like token soup', () => {
    fc.assert(
      fc.property(yamlSoup, (text) => {
        const result = attempt(text);
        if (!result.ok) expectCleanRefusal(result.error);
        else expect(hasForbiddenKey(result.value)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('gives back exactly the plain data it was given (stringify, then parse)', () => {
    fc.assert(
      fc.property(plainData, (value) => {
        fc.pre(!hasForbiddenKey(value));
        const result = attempt(stringify(value, { version: '1.2' }));
        expect(result.ok).toBe(true);
        if (result.ok) expect(JSON.parse(JSON.stringify(result.value))).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips prompt documents through the seed writer', () => {
    const text = fileText(0, 80);
    const prompt = fc.record({
      id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/),
      content: fileText(0, 80).map((body) => `Say ${body}`),
      description: fc.option(text, { nil: null }),
      tags: fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { maxLength: 4 }),
      temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: null }),
      custom: fc.dictionary(
        fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/),
        fc.oneof(text, fc.integer(), fc.boolean()),
        { maxKeys: 3 },
      ),
    });
    fc.assert(
      fc.property(prompt, (input) => {
        // Any text round-trips; whether it parses as a template is not this test's concern.
        const unchecked = { templates: 'skip' } as const;
        const original = parsePrompt(
          {
            id: input.id,
            format: 'text',
            template: { content: input.content },
            metadata: {
              description: input.description,
              tags: [...new Set(input.tags)],
              temperature: input.temperature,
              custom: input.custom,
            },
          },
          undefined,
          unchecked,
        );
        const written = stringifyPrompt(original);
        const read = parsePrompt(parseYaml(written, 'round.yaml'), 'round.yaml', unchecked);
        expect(read).toEqual(original);
      }),
      { numRuns: 150 },
    );
  });
});
