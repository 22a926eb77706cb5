import { describe, expect, it } from 'vitest';
import { caught } from '../testKit/caught';
import type { AppError } from '../errors';
import { MAX_BLOCK_DEPTH, parseTemplate } from './parse';

const syntaxError = (source: string): AppError => caught(() => parseTemplate(source));

describe('parseTemplate', () => {
  it('parses a well-formed template into a program', () => {
    expect(parseTemplate('Hello {{name}}!').body.map((node) => node.type)).toEqual([
      'ContentStatement',
      'MustacheStatement',
      'ContentStatement',
    ]);
  });

  it('reports an unclosed tag with its line and column', () => {
    const error = syntaxError('Hello {{#if unclosed}');
    expect(error.code).toBe('template_syntax');
    expect(error.message).toBe("Parse error on line 1, column 21: unexpected '}'");
    expect(error.details).toMatchObject({ line: 1, column: 21 });
  });

  it('reports an unclosed block at the end of the template (a fix over the seed)', () => {
    const error = syntaxError('line one\n{{#if x}}a');
    expect(error.message).toMatch(/^Parse error on line 2, column 11: unexpected end of template/);
  });

  it('reports a mismatched closing block with the position of the open block', () => {
    const error = syntaxError('x\n{{#if x}}a{{/unless}}');
    expect(error.message).toBe(
      'Parse error on line 2, column 4: {{/unless}} does not close the open {{#if}} block',
    );
    expect(error.details).toMatchObject({ line: 2, column: 4 });
  });

  it('reports a dangling open tag on a later line', () => {
    const error = syntaxError('first\nsecond {{invalid');
    expect(error.details).toMatchObject({ line: 2 });
    expect(error.message).toMatch(/^Parse error on line 2, column \d+: /);
  });

  it('names the partial a syntax error is in', () => {
    try {
      parseTemplate('{{#each}', 'footer');
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).message).toMatch(/^Parse error in partial 'footer' on line 1/);
      expect((error as AppError).details).toMatchObject({ partial: 'footer' });
    }
  });

  it('rejects anything but text with invalid_input', () => {
    expect(() => parseTemplate({ type: 'Program', body: [] })).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('refuses blocks nested deeper than the limit instead of exhausting the stack', () => {
    const depth = MAX_BLOCK_DEPTH + 5;
    const source = '{{#if a}}'.repeat(depth) + 'x' + '{{/if}}'.repeat(depth);
    expect(() => parseTemplate(source)).toThrowError(
      expect.objectContaining({ code: 'too_large' }),
    );
  });

  it('accepts a long flat {{else if}} chain up to the limit', () => {
    const links = Array.from({ length: MAX_BLOCK_DEPTH - 2 }, (_, i) => `{{else if c${i}}}${i}`);
    const source = `{{#if a}}a${links.join('')}{{else}}none{{/if}}`;
    expect(parseTemplate(source).body).toHaveLength(1);
  });

  it('explains that chain links count as levels when a flat chain is too long', () => {
    const links = Array.from({ length: MAX_BLOCK_DEPTH + 5 }, (_, i) => `{{else if c${i}}}${i}`);
    expect(() => parseTemplate(`{{#if a}}a${links.join('')}{{/if}}`)).toThrowError(
      `The template nests blocks more than ${MAX_BLOCK_DEPTH} levels deep (each {{else …}} link of a chain counts as one level).`,
    );
  });

  it('does not mention chains when plain blocks nest too deeply', () => {
    const depth = MAX_BLOCK_DEPTH + 5;
    const source = '{{#each a}}'.repeat(depth) + 'x' + '{{/each}}'.repeat(depth);
    expect(() => parseTemplate(source)).toThrowError(
      `The template nests blocks more than ${MAX_BLOCK_DEPTH} levels deep.`,
    );
  });
});
