import { describe, expect, it } from 'vitest';
import { newPromptDocument, withTemplateContent } from './promptDocument';
import { extractDocumentVariables, isBlankDocument, variablesOfDocument } from './templateInsight';

const NOW = '2025-01-01T00:00:00.000Z';
const text = (id: string, content: string) =>
  withTemplateContent(newPromptDocument(id, 'text', 'u', NOW), content);

describe('variablesOfDocument', () => {
  it('lists the variables of every template, sorted', () => {
    expect(variablesOfDocument(text('a', 'Hi {{name}}, {{#if vip}}{{perk}}{{/if}}'))).toEqual([
      'name',
      'perk',
      'vip',
    ]);
  });

  it('keeps the last good answer for the same prompt while the template does not parse', () => {
    const good = variablesOfDocument(text('b', 'Hi {{name}}'));
    const broken = text('b', 'Hi {{name}} {{#if');
    expect(extractDocumentVariables(broken)).toBeNull();
    expect(variablesOfDocument(broken)).toBe(good);
  });

  it('answers a broken template of another prompt with the same empty list every time', () => {
    const broken = text('c', '{{#each');
    const first = variablesOfDocument(broken);
    expect(first).toEqual([]);
    // A new array per call would make React selectors loop forever.
    expect(variablesOfDocument(text('c', '{{#each'))).toBe(first);
  });

  it('answers the same array for the same template object', () => {
    const document = text('d', '{{x}}');
    expect(variablesOfDocument(document)).toBe(variablesOfDocument(document));
  });
});

describe('isBlankDocument', () => {
  it('is true only when every template is empty or spaces', () => {
    expect(isBlankDocument(text('e', '  \n'))).toBe(true);
    expect(isBlankDocument(text('e', 'x'))).toBe(false);
    expect(isBlankDocument(newPromptDocument('f', 'chat', 'u', NOW))).toBe(false);
  });
});

describe('extractDocumentVariables', () => {
  it('answers the same array when an edit leaves the names as they were', () => {
    const first = extractDocumentVariables(text('g', 'Hi {{name}} and {{topic}}'));
    const typed = extractDocumentVariables(text('g', 'Hi {{name}} and {{topic}}, welcome'));
    expect(typed).toEqual(['name', 'topic']);
    expect(typed).toBe(first);
  });

  it('answers a new array once the names change', () => {
    const first = extractDocumentVariables(text('h', 'Hi {{name}}'));
    const next = extractDocumentVariables(text('h', 'Hi {{name}} {{extra}}'));
    expect(next).toEqual(['extra', 'name']);
    expect(next).not.toBe(first);
  });

  it('follows every edit of a long template, wherever it is made', () => {
    const line = 'Rule: answer {{name}} briefly and quote errors exactly as given.\n';
    const long = line.repeat(300);
    expect(extractDocumentVariables(text('i', long))).toEqual(['name']);
    const middle = long.length / 2 - ((long.length / 2) % line.length);
    const added = `${long.slice(0, middle)}Also {{topic}}.\n${long.slice(middle)}`;
    expect(extractDocumentVariables(text('i', added))).toEqual(['name', 'topic']);
    expect(extractDocumentVariables(text('i', `${added}{{#if`))).toBeNull();
    expect(extractDocumentVariables(text('i', `${added}{{#if vip}}x{{/if}}`))).toEqual([
      'name',
      'topic',
      'vip',
    ]);
  });
});
