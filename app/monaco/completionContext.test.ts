import { describe, expect, it } from 'vitest';
import { completionSite, lastOpenBlock } from './completionContext';

describe('completionSite', () => {
  it('knows plain text from the inside of a mustache', () => {
    expect(completionSite('Hello ')).toEqual({ kind: 'text' });
    expect(completionSite('Hello {{name}} and ')).toEqual({ kind: 'text' });
    expect(completionSite('Hello {{na')).toEqual({ kind: 'expression' });
    expect(completionSite('Hello {{{na')).toEqual({ kind: 'expression' });
    expect(completionSite('{{upper (lower ')).toEqual({ kind: 'expression' });
  });

  it('offers partials after {{>, block helpers after {{#', () => {
    expect(completionSite('{{> ')).toEqual({ kind: 'partial' });
    expect(completionSite('{{~>foot')).toEqual({ kind: 'partial' });
    expect(completionSite('{{#')).toEqual({ kind: 'block' });
    expect(completionSite('{{#ea')).toEqual({ kind: 'block' });
  });

  it('closes the innermost open block', () => {
    expect(completionSite('{{#each items}}{{#if x}}y{{/')).toEqual({ kind: 'close', open: 'if' });
    expect(completionSite('{{#each items}}{{#if x}}y{{/if}}{{/')).toEqual({
      kind: 'close',
      open: 'each',
    });
  });

  it('stays quiet inside comments', () => {
    expect(completionSite('{{! a note ')).toEqual({ kind: 'text' });
  });
});

describe('lastOpenBlock', () => {
  it('is null when every block is closed', () => {
    expect(lastOpenBlock('{{#if a}}x{{/if}}')).toBeNull();
  });
});
