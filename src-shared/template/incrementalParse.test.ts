import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../errors';
import { INCREMENTAL_MIN_LENGTH, parseTemplateIncrementally } from './incrementalParse';
import { parseTemplate } from './parse';
import { extractVariables } from './variables';

const SEED_PROMPTS = resolve(__dirname, '../../../shared/seed/examples/prompts');

/** Either the tree or the error a parse ended in, comparable as data. */
type Outcome = { tree: unknown } | { error: { code: string; message: string; details: unknown } };

function outcome(parse: () => unknown): Outcome {
  try {
    return { tree: parse() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { error: { code: error.code, message: error.message, details: error.details } };
  }
}

/**
 * Compares with the whole parse (the full diff is printed only when they differ); true when the
 * source parses.
 */
function expectSameAsWhole(source: string, partial?: string): boolean {
  const expected = outcome(() => parseTemplate(source, partial));
  const actual = outcome(() => parseTemplateIncrementally(source, partial));
  if (!isDeepStrictEqual(actual, expected)) {
    expect({ source, ...actual }).toStrictEqual({ source, ...expected });
  }
  return 'tree' in expected;
}

/** Every template text of the seed's example prompts (files and history folders). */
function seedTemplates(): string[] {
  const texts: string[] = [];
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    if (!/\.ya?ml$/.test(path)) return;
    const document = parseYaml(readFileSync(path, 'utf8')) as {
      template?: { content?: string } | null;
      chat_template?: { messages?: { content?: string }[] } | null;
    };
    if (document.template?.content) texts.push(document.template.content);
    for (const message of document.chat_template?.messages ?? []) {
      if (message.content) texts.push(message.content);
    }
  };
  visit(SEED_PROMPTS);
  return texts;
}

/** Repeats `parts` (joined by blank lines) until the text is past the incremental threshold. */
function grow(parts: readonly string[], length = 12_000): string {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${parts[i % parts.length]}\n\n`;
  return text;
}

/** The keystroke benchmark's shape: short rules, a variable line every fifth line (~20 KB). */
function longPrompt(length = 20_000): string {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < length; i++) {
    const line =
      i % 5 === 0
        ? `Section ${i}: address {{name}} about {{topic}} in a friendly tone.`
        : `Rule ${i}: keep the answer short, quote errors exactly, never ask for passwords.`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\nTyped so far: `;
}

const STRUCTURED = [
  'Hello {{name}},\n{{#if vip}}\n  Thanks for being a VIP.\n{{else}}\n  Welcome.\n{{/if}}',
  '{{#each items as |item index|}}\n- {{index}}: {{item.title}} ({{../currency}})\n{{/each}}',
  '{{!-- a long comment with {{braces}} --}}\nPlain text after a comment.\n{{! short one }}',
  '{{> header title=name}}\n  {{> footer}}\nIndented {{~ tight ~}} text',
  '{{#with user}}\n{{first}} {{last}}\n{{/with}}\n{{{raw_html}}}\n{{lookup map key}}',
  '{{#unless done}}\r\nTo do: {{task}}\r\n{{/unless}}\r\nWindows lines.',
  '{{#if a}}A{{else if b}}B{{else}}C{{/if}}\n   {{#each list}}{{this}}{{/each}}   \n',
];

/** Lines whose tags strip the whitespace around them, and indented lines after them. */
const TILDES = [
  'Item {{i~}}\n   indented after a tilde',
  '{{#if a}}\n  standalone block\n{{/if}}\n\t tab-indented text {{~x}}',
  '{{! standalone comment }}\n  {{> card}}\n  text',
];

/** Snippets a person types, half-typed tags included. */
const SNIPPETS = [
  '{',
  '}',
  '~',
  '\n',
  '\n\n',
  ' ',
  '  ',
  'a',
  'Z',
  '.',
  '#if',
  '/if',
  '{{',
  '}}',
  '{{!--',
  '--}}',
  '{{name}}',
  '{{#if ok}}',
  '{{/if}}',
  '{{else}}',
  '{{#each xs}}',
  '{{/each}}',
  '{{> p}}',
  '\\',
  '\r\n',
  '\t',
  '{{~',
  '~}}',
  '{{!',
  'word ',
  '{{{',
  '}}}',
  '"',
  "'",
  '(',
  ')',
];

/** A small deterministic random source (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Applies `count` random small edits, checking each result against the whole parse. */
function fuzz(start: string, count: number, seed: number, partial?: string): void {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  let source = start;
  let cursor = Math.floor(next() * source.length);
  const good = [start];
  for (let step = 0; step < count; step++) {
    const roll = next();
    if (roll < 0.35) {
      // Typing: a run of keys at one place, as in the editor.
      const text = pick(SNIPPETS);
      source = source.slice(0, cursor) + text + source.slice(cursor);
      cursor += text.length;
    } else if (roll < 0.55) {
      const length = 1 + Math.floor(next() * 4);
      const from = Math.max(0, cursor - length);
      source = source.slice(0, from) + source.slice(cursor);
      cursor = from;
    } else if (roll < 0.75) {
      cursor = Math.floor(next() * (source.length + 1));
      const text = pick(SNIPPETS);
      source = source.slice(0, cursor) + text + source.slice(cursor);
    } else if (roll < 0.85) {
      // A paste of a whole line elsewhere, or a cut of one.
      const at = source.indexOf('\n', Math.floor(next() * source.length));
      const end = at < 0 ? -1 : source.indexOf('\n', at + 1);
      if (end > at && at >= 0) {
        source =
          next() < 0.5 ? source.slice(0, at) + source.slice(end) : source + source.slice(at, end);
      }
      cursor = Math.min(cursor, source.length);
    } else {
      // Back to an earlier text that parsed, so runs do not drift into permanent breakage.
      source = pick(good);
      cursor = Math.floor(next() * (source.length + 1));
    }
    const parses = expectSameAsWhole(source, partial);
    if (parses && good.length < 50 && next() < 0.1) good.push(source);
  }
}

describe('parseTemplateIncrementally', () => {
  it('gives the whole parse for short templates', () => {
    for (const source of ['Hello {{name}}', '', '{{#if x}}', 'a\n{{/if}}'])
      expectSameAsWhole(source);
  });

  it('gives the same tree as the whole parse after a run of typing at the end', () => {
    let source = longPrompt();
    for (const letter of 'the quick brown fox {{jumps}} over\nthe lazy dog') {
      source += letter;
      expectSameAsWhole(source, 'typing-end');
    }
  });

  it('reuses the unchanged parts of the tree instead of parsing them again', () => {
    const source = longPrompt();
    const before = parseTemplateIncrementally(source, 'reuse');
    parseTemplateIncrementally(`${source}a`, 'reuse');
    const after = parseTemplateIncrementally(`${source}ab`, 'reuse');
    expect(after).toStrictEqual(parseTemplate(`${source}ab`));
    // The first chunk's nodes are shared, which is what makes a keystroke cheap.
    expect(after.body[1]).toBe(parseTemplateIncrementally(`${source}ab`, 'reuse').body[1]);
    expect(before.body.length).toBe(after.body.length);
    const middle = parseTemplateIncrementally(`${source}abc`, 'reuse').body[1];
    expect(middle).toBe(after.body[1]);
  });

  it('moves the lines of later nodes when a line is added or removed above them', () => {
    const source = longPrompt();
    parseTemplateIncrementally(source, 'lines');
    const cut = source.indexOf('\n', 100);
    expectSameAsWhole(`${source.slice(0, cut)}\n{{extra}}\n${source.slice(cut)}`, 'lines');
    expectSameAsWhole(source.slice(0, cut) + source.slice(cut + 1), 'lines');
    expectSameAsWhole(source, 'lines');
  });

  it.each([
    ['the benchmark shape', longPrompt(10_000), 1],
    ['tags that strip whitespace', grow(TILDES, 9_000), 12],
    ['a tilde before every indented line', 'Item {{i~}}\n   indented\n'.repeat(360), 13],
  ])(
    'matches the whole parse when a line break, an indent or a tag meets line starts of %s',
    (_, source, step) => {
      const starts = [...source.matchAll(/\n/g)].map((match) => match.index + 1);
      for (const at of starts.filter((_, index) => index % step === 0)) {
        parseTemplateIncrementally(source, 'seams');
        expectSameAsWhole(source.slice(0, at - 1) + source.slice(at), 'seams');
        parseTemplateIncrementally(source, 'seams');
        expectSameAsWhole(`${source.slice(0, at)} ${source.slice(at)}`, 'seams');
        expectSameAsWhole(`${source.slice(0, at)}{{x}}${source.slice(at)}`, 'seams');
      }
    },
  );

  it('reports the same syntax error as the whole parse, then recovers', () => {
    const source = longPrompt();
    parseTemplateIncrementally(source);
    const middle = source.indexOf('\n', 9_000) + 1;
    const broken = `${source.slice(0, middle)}{{#if open}}${source.slice(middle)}`;
    expectSameAsWhole(broken);
    expectSameAsWhole(`${broken.slice(0, middle + 12)}{{/if}}${broken.slice(middle + 12)}`);
    expectSameAsWhole(`${source.slice(0, middle)}{{/if}}${source.slice(middle)}`);
    expectSameAsWhole(source);
  });

  it('names the partial in errors and keeps one state per partial', () => {
    const a = longPrompt();
    const b = grow(STRUCTURED);
    parseTemplateIncrementally(a, 'a');
    parseTemplateIncrementally(b, 'b');
    expectSameAsWhole(`${a}{{`, 'a');
    expectSameAsWhole(`${b}x`, 'b');
    expectSameAsWhole(`${a}{{/each}}`, 'a');
  });

  it('matches a comment opened in one chunk and closed in a later one', () => {
    const source = longPrompt();
    parseTemplateIncrementally(source, 'comment');
    const open = source.indexOf('\n', 3_000) + 1;
    const close = source.indexOf('\n', 15_000) + 1;
    const commented = `${source.slice(0, open)}{{!-- ${source.slice(open, close)} --}}${source.slice(close)}`;
    expectSameAsWhole(`${source.slice(0, open)}{{!-- ${source.slice(open)}`, 'comment');
    expectSameAsWhole(commented, 'comment');
  });

  it('handles escapes, raw blocks and decorators by parsing the whole template', () => {
    const base = longPrompt();
    for (const extra of [
      '\\{{name}}',
      '{{{{raw}}}} {{x}} {{{{/raw}}}}',
      '{{#*inline "p"}}x{{/inline}}',
    ]) {
      parseTemplateIncrementally(base, 'unusual');
      expectSameAsWhole(`${base}\n${extra}`, 'unusual');
      expectSameAsWhole(`${extra}\n${base}`, 'unusual');
    }
  });

  it('matches the whole parse over random edits of the keystroke benchmark shape', () => {
    fuzz(longPrompt(), 600, 1, 'fuzz-long');
  });

  it('matches the whole parse over random edits of blocks, comments, partials and CRLF', () => {
    fuzz(grow(STRUCTURED, 9_000), 300, 2, 'fuzz-structured');
  });

  it('matches the whole parse over random edits of the seed example templates', () => {
    const seed = seedTemplates();
    expect(seed.length).toBeGreaterThan(5);
    const source = grow(seed, 10_000);
    expect(source.length).toBeGreaterThan(INCREMENTAL_MIN_LENGTH);
    fuzz(source, 500, 3, 'fuzz-seed');
  });
});

describe('extractVariables with the incremental parser', () => {
  it('finds the same names, in the template and in its partials', () => {
    const source = `${longPrompt()}{{> card}}{{#each items}}{{title}}{{/each}}`;
    const partials = { card: `${longPrompt(9_000)}{{card_title}}` };
    const options = { parse: parseTemplateIncrementally };
    expect(extractVariables(source, partials, options)).toEqual(extractVariables(source, partials));
    const edited = `${source}{{late}}`;
    expect(extractVariables(edited, partials, options)).toEqual([
      'card_title',
      'items',
      'late',
      'name',
      'topic',
    ]);
  });
});
