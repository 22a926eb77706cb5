import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chatDoc,
  countRows,
  openTestLibrary,
  textDoc,
  type TestLibrary,
} from './fixtures/testLibrary';

let lib: TestLibrary;
beforeEach(() => {
  lib = openTestLibrary();
  const meta = (tags: string[], extra: Record<string, unknown> = {}) => ({
    metadata: { tags, ...extra },
  });
  lib.prompts.save({
    document: textDoc('support_reply', 'Answer the customer politely about {{topic}}', {
      ...meta(['Support', 'email'], { category: 'support', description: 'Replies to tickets' }),
    }),
  });
  lib.prompts.save({
    document: textDoc('code_review', 'Review this diff for bugs', {
      status: 'draft',
      ...meta(['engineering', 'review'], { category: 'engineering' }),
    }),
  });
  lib.prompts.save({
    document: chatDoc(
      'triage_chat',
      [
        { role: 'system', content: 'You sort incoming tickets by urgency.' },
        { role: 'user', content: 'Ticket: {{ticket}}' },
      ],
      { status: 'active', ...meta(['support'], { category: 'Support' }) },
    ),
  });
  lib.prompts.save({
    document: textDoc('release_notes', 'Summarise the changelog into release notes', {
      status: 'deprecated',
      ...meta(['writing', 'email', 'support']),
    }),
  });
});
afterEach(() => lib.close());

const ids = (query: Parameters<TestLibrary['prompts']['list']>[0]) =>
  lib.prompts.list(query).items.map((item) => item.id);

describe('PromptService.list', () => {
  it('lists every prompt once, sorted by id, with its current version summary', () => {
    lib.prompts.save({
      document: textDoc('code_review', 'Review this diff for bugs and style', {
        status: 'draft',
        metadata: { tags: ['engineering', 'review'], category: 'engineering' },
      }),
      base: '1.0.0',
    });
    const page = lib.prompts.list();
    expect(page.total).toBe(4);
    expect(page.items.map((item) => item.id)).toEqual([
      'code_review',
      'release_notes',
      'support_reply',
      'triage_chat',
    ]);
    expect(page.items[0]).toMatchObject({ id: 'code_review', version: '1.0.1', format: 'text' });
    expect(page.items[2]).toEqual({
      id: 'support_reply',
      version: '1.0.0',
      format: 'text',
      status: 'active',
      tags: ['support', 'email'],
      category: 'support',
      description: 'Replies to tickets',
      updated_at: expect.any(String),
    });
    expect(page.items[1]).toMatchObject({ category: null, description: null });
  });

  it('requires ALL given tags, case-insensitively', () => {
    expect(ids({ tags: ['support'] })).toEqual(['release_notes', 'support_reply', 'triage_chat']);
    expect(ids({ tags: ['SUPPORT', 'Email'] })).toEqual(['release_notes', 'support_reply']);
    expect(ids({ tags: ['support', 'email', 'writing'] })).toEqual(['release_notes']);
    expect(ids({ tags: ['support', 'nosuchtag'] })).toEqual([]);
    expect(ids({ tags: ['email', 'EMAIL'] })).toEqual(['release_notes', 'support_reply']);
  });

  it('filters by status, format and exact category', () => {
    expect(ids({ status: 'draft' })).toEqual(['code_review']);
    expect(ids({ format: 'chat' })).toEqual(['triage_chat']);
    expect(ids({ category: 'support' })).toEqual(['support_reply']);
    expect(ids({ category: 'Support' })).toEqual(['triage_chat']);
    expect(ids({ status: 'active', tags: ['support'] })).toEqual(['support_reply', 'triage_chat']);
  });

  it('searches id, description, tags and template text, chat messages included', () => {
    expect(ids({ search: 'politely' })).toEqual(['support_reply']);
    expect(ids({ search: 'tickets' })).toEqual(['support_reply', 'triage_chat']);
    expect(ids({ search: 'engineering' })).toEqual(['code_review']);
    expect(ids({ search: 'urgency' })).toEqual(['triage_chat']);
    expect(ids({ search: 'code_review' })).toEqual(['code_review']);
  });

  it('matches the last word as a prefix while typing and needs every word', () => {
    expect(ids({ search: 'relea' })).toEqual(['release_notes']);
    expect(ids({ search: 'customer pol' })).toEqual(['support_reply']);
    expect(ids({ search: 'customer bugs' })).toEqual([]);
  });

  it('indexes the current version only', () => {
    lib.prompts.save({
      document: textDoc('support_reply', 'Apologise to the client', {
        metadata: { tags: ['support'] },
      }),
      base: '1.0.0',
    });
    expect(ids({ search: 'politely' })).toEqual([]);
    expect(ids({ search: 'apologise' })).toEqual(['support_reply']);
    expect(ids({ tags: ['email'] })).toEqual(['release_notes']);
    expect(countRows(lib.db, 'prompt_search')).toBe(4);
    lib.prompts.delete('support_reply');
    expect(countRows(lib.db, 'prompt_search')).toBe(3);
    expect(ids({ search: 'apologise' })).toEqual([]);
  });

  it('follows tag, status and category changes from one version to the next', () => {
    const save = (base: string, status: string, tags: string[], category?: string) =>
      lib.prompts.save({
        document: textDoc('code_review', `Review ${base}`, {
          status,
          metadata: { tags, ...(category ? { category } : {}) },
        }),
        base,
      });
    save('1.0.0', 'draft', ['Engineering', 'review']);
    expect(ids({ tags: ['engineering'] })).toEqual(['code_review']);
    expect(ids({ category: 'engineering' })).toEqual([]);
    save('1.0.1', 'active', ['review', 'Security', 'security']);
    expect(ids({ tags: ['engineering'] })).toEqual([]);
    expect(ids({ tags: ['security', 'review'] })).toEqual(['code_review']);
    expect(ids({ status: 'draft' })).toEqual([]);
    expect(ids({ status: 'active' })).toContain('code_review');
    save('1.0.2', 'active', ['review', 'security'], 'quality');
    expect(ids({ category: 'quality' })).toEqual(['code_review']);
    expect(lib.prompts.list({ search: 'code_review' }).items[0]).toMatchObject({
      version: '1.0.3',
      status: 'active',
      tags: ['review', 'security'],
      category: 'quality',
    });
    expect(
      lib.db
        .prepare("SELECT count(*) FROM prompt_tags WHERE prompt_id = 'code_review'")
        .pluck()
        .get(),
    ).toBe(2);
  });

  it('treats hostile FTS syntax as plain text and never throws', () => {
    for (const search of [
      '"',
      '""',
      '*',
      'NEAR(',
      'NEAR(support reply, 2)',
      'OR',
      'support OR',
      '-',
      '-support',
      'support -email',
      'id:support',
      '{id}: x',
      '(((',
      "'; DROP TABLE prompts; --",
      '^bugs',
      'a"b',
    ]) {
      expect(() => lib.prompts.list({ search }), search).not.toThrow();
    }
    expect(ids({ search: 'support OR' })).toEqual([]);
    expect(ids({ search: '-support' })).toEqual(['release_notes', 'support_reply', 'triage_chat']);
    expect(ids({ search: 'NEAR(' })).toEqual([]);
    expect(lib.prompts.list().total).toBe(4);
  });

  it('counts search results alone and together with filters, after edits and deletes', () => {
    expect(lib.prompts.list({ search: 'support', limit: 1 }).total).toBe(3);
    expect(lib.prompts.list({ search: 'support', status: 'deprecated' }).total).toBe(1);
    expect(lib.prompts.list({ search: 'support', tags: ['email'] }).total).toBe(2);
    lib.prompts.save({
      document: textDoc('support_reply', 'Answer politely', { metadata: { tags: ['misc'] } }),
      base: '1.0.0',
    });
    lib.prompts.delete('triage_chat');
    const page = lib.prompts.list({ search: 'support' });
    expect(page.items.map((item) => item.id)).toEqual(['release_notes', 'support_reply']);
    expect(page.total).toBe(2);
  });

  it('treats a search with no words as no search', () => {
    expect(lib.prompts.list({ search: '  *  ' }).total).toBe(4);
    expect(lib.prompts.list({ search: '' }).total).toBe(4);
  });

  it('pages with limit and offset and reports the full total', () => {
    const first = lib.prompts.list({ limit: 2 });
    const second = lib.prompts.list({ limit: 2, offset: 2 });
    expect(first.total).toBe(4);
    expect(first.items.map((item) => item.id)).toEqual(['code_review', 'release_notes']);
    expect(second.items.map((item) => item.id)).toEqual(['support_reply', 'triage_chat']);
    expect(lib.prompts.list({ limit: 2, offset: 4 }).items).toEqual([]);
    expect(lib.prompts.list({ tags: ['support'], limit: 1 }).total).toBe(3);
  });

  it('refuses nonsense paging and unknown enum values', () => {
    expect(() => lib.prompts.list({ limit: 0 })).toThrow(/limit/);
    expect(() => lib.prompts.list({ offset: -1 })).toThrow(/offset/);
    expect(() => lib.prompts.list({ status: 'gone' as never })).toThrow(/Unknown status/);
    expect(lib.prompts.list({ limit: 1_000_000 }).items).toHaveLength(4);
  });
});
