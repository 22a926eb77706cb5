// One conformance suite for the library's storage port, run against both engines: a SQLite file
// in a temp folder and a fresh database on the real PostgreSQL server the test kit starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { rejection } from '../../../src-shared/testKit/caught';
import { usePostgres } from '../../testKit/postgres';
import { createServices } from '../index';
import { openPostgresLibrary } from '../postgres/pgLibrary';
import { textDoc } from '../prompts/fixtures/testLibrary';
import type { LibraryChange, LibraryStore } from './libraryStore';
import { SqliteLibrary } from './sqliteLibrary';

const postgres = usePostgres();

/** A library on one engine; `client()` opens another connection to the same library. */
interface Opened {
  client(): Promise<LibraryStore>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(store: LibraryStore): LibraryStore {
  cleanups.push(() => store.close());
  return store;
}

const engines: { name: string; open(): Promise<Opened> }[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'pwb-port-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const dbPath = join(dir, 'library.db');
      return {
        async client() {
          const services = createServices({ dbPath, actor: 'tester' });
          return track(new SqliteLibrary({ services, actor: 'tester', owned: services }));
        },
      };
    },
  },
  {
    name: 'postgres',
    async open() {
      const url = await postgres.freshDatabase();
      return { client: async () => track(await openPostgresLibrary({ url })) };
    },
  },
];

describe.each(engines)('the library on $name', (engine) => {
  it('saves versions, reads them back and lists the history newest first', async () => {
    const store = await (await engine.open()).client();
    const first = await store.save({ document: textDoc('greet', 'Hi {{name}}') });
    expect(first).toMatchObject({ id: 'greet', version: '1.0.0', previous: null });
    await store.save({ document: textDoc('greet', 'Hello {{name}}'), base: '1.0.0' });
    const third = await store.save({
      document: textDoc('greet', 'Hey {{name}}'),
      base: '1.0.1',
      bump: 'minor',
      changelog: 'shorter',
    });
    expect(third.version).toBe('1.1.0');
    expect((await store.get('greet')).template?.content).toBe('Hey {{name}}');
    expect((await store.get('greet', { version: '1.0.0' })).template?.content).toBe('Hi {{name}}');
    const history = await store.history('greet');
    const { user } = await store.whoami();
    expect(history.map((entry) => [entry.version, entry.parent_version, entry.author])).toEqual([
      ['1.1.0', '1.0.1', user],
      ['1.0.1', '1.0.0', user],
      ['1.0.0', null, user],
    ]);
    expect(history[0]?.changelog).toBe('shorter');
    expect(history[0]?.created_at).toBe(third.created_at);
    const current = await store.get('greet');
    expect(current.uid).toBe((await store.get('greet', { version: '1.0.0' })).uid);
  });

  it('refuses stale, baseless and empty saves, writing nothing', async () => {
    const store = await (await engine.open()).client();
    await store.save({ document: textDoc('greet', 'one') });
    await store.save({ document: textDoc('greet', 'two'), base: '1.0.0' });
    const stale = await rejection(store.save({ document: textDoc('greet', 'x'), base: '1.0.0' }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toBe(
      "Prompt 'greet' changed since 1.0.0: the current version is 1.0.1. Reload it and save again.",
    );
    expect((await rejection(store.save({ document: textDoc('greet', 'x') }))).code).toBe(
      'conflict',
    );
    expect(
      (await rejection(store.save({ document: textDoc('other', 'x'), base: '1.0.0' }))).code,
    ).toBe('conflict');
    const same = await rejection(store.save({ document: textDoc('greet', 'two'), base: '1.0.1' }));
    expect(same.code).toBe('invalid_input');
    expect(
      (await rejection(store.save({ document: { id: '../etc', format: 'text' } as never }))).code,
    ).toBe('invalid_input');
    expect((await store.history('greet')).map((entry) => entry.version)).toEqual([
      '1.0.1',
      '1.0.0',
    ]);
    expect((await store.list()).total).toBe(1);
  });

  it('lists with filters, full-text search with prefixes, and pages', async () => {
    const store = await (await engine.open()).client();
    await store.save({
      document: textDoc('code-review', 'Review this pull request carefully', {
        status: 'active',
        metadata: { tags: ['Code', 'review'], category: 'dev', description: 'Reviews code' },
      }),
    });
    await store.save({
      document: textDoc('summarize', 'Summarize the article in three sentences', {
        status: 'draft',
        metadata: { tags: ['writing'], category: 'text', description: 'Short summaries' },
      }),
    });
    await store.save({
      document: textDoc('translate', 'Translate into French', {
        metadata: { tags: ['writing', 'code'], description: 'Translations' },
      }),
    });
    const ids = async (query: Parameters<LibraryStore['list']>[0]) =>
      (await store.list(query)).items.map((item) => item.id);
    expect(await ids({})).toEqual(['code-review', 'summarize', 'translate']);
    expect(await ids({ tags: ['CODE'] })).toEqual(['code-review', 'translate']);
    expect(await ids({ tags: ['code', 'writing'] })).toEqual(['translate']);
    expect(await ids({ status: 'draft' })).toEqual(['summarize']);
    expect(await ids({ category: 'dev' })).toEqual(['code-review']);
    expect(await ids({ search: 'artic' })).toEqual(['summarize']);
    expect(await ids({ search: 'pull requ' })).toEqual(['code-review']);
    expect(await ids({ search: 'french transl' })).toEqual(['translate']);
    expect(await ids({ search: 'OR NEAR( "*' })).toEqual([]);
    expect(await ids({ search: 'nothing-like-this' })).toEqual([]);
    // A search alone is counted on the index; with a filter, with the filter.
    const searched = await store.list({ search: 't', limit: 1 });
    expect([searched.total, searched.items.map((item) => item.id)]).toEqual([3, ['code-review']]);
    expect((await store.list({ search: 't', status: 'draft', limit: 1 })).total).toBe(1);
    const page = await store.list({ limit: 2, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.id)).toEqual(['summarize', 'translate']);
    expect(page.items[0]).toMatchObject({
      version: '1.0.0',
      format: 'text',
      status: 'draft',
      tags: ['writing'],
      category: 'text',
      description: 'Short summaries',
    });
    expect((await rejection(store.list({ status: 'nope' as never }))).code).toBe('invalid_input');
  });

  it('moves labels between versions, resolves them and audits every move', async () => {
    const store = await (await engine.open()).client();
    await store.save({ document: textDoc('greet', 'one') });
    await store.save({ document: textDoc('greet', 'two'), base: '1.0.0' });
    await store.setLabel('greet', 'staging', '1.0.1');
    await store.setLabel('greet', 'production', '1.0.0');
    await store.setLabel('greet', 'canary', '1.0.1');
    const { user } = await store.whoami();
    const labels = await store.labels('greet');
    expect(labels.map((entry) => [entry.label, entry.version, entry.updated_by])).toEqual([
      ['production', '1.0.0', user],
      ['staging', '1.0.1', user],
      ['canary', '1.0.1', user],
    ]);
    expect((await store.get('greet', { label: 'production' })).template?.content).toBe('one');
    await store.setLabel('greet', 'production', '1.0.1');
    await store.setLabel('greet', 'production', '1.0.1');
    expect((await store.get('greet', { label: 'production' })).template?.content).toBe('two');
    await store.removeLabel('greet', 'canary');
    expect((await store.labels('greet')).map((entry) => entry.label)).toEqual([
      'production',
      'staging',
    ]);
    const moves = (await store.audit({ entity_id: 'greet' }))
      .filter((entry) => entry.action.startsWith('label_'))
      .map((entry) => entry.summary);
    expect(moves).toEqual([
      'canary removed (was 1.0.1)',
      'production: 1.0.0 → 1.0.1',
      'canary → 1.0.1',
      'production → 1.0.0',
      'staging → 1.0.1',
    ]);
    expect((await rejection(store.setLabel('greet', 'Prod', '1.0.0'))).message).toMatch(
      /^Invalid label name 'Prod'/,
    );
    expect((await rejection(store.setLabel('greet', 'qa', '9.9.9'))).message).toBe(
      "prompt 'greet' version '9.9.9' not found",
    );
    expect((await rejection(store.setLabel('nope', 'qa', '1.0.0'))).message).toBe(
      "prompt 'nope' not found",
    );
    expect((await rejection(store.get('greet', { label: 'qa' }))).message).toBe(
      "prompt 'greet' has no label 'qa'",
    );
    expect((await rejection(store.removeLabel('greet', 'qa'))).code).toBe('not_found');
  });

  it('keeps an audit log of saves and deletes, newest first, naming the user', async () => {
    const store = await (await engine.open()).client();
    await store.save({ document: textDoc('greet', 'one') });
    await store.save({ document: textDoc('greet', 'two'), base: '1.0.0', changelog: 'why' });
    await store.delete('greet');
    const { user } = await store.whoami();
    const entries = await store.audit();
    expect(entries.map((entry) => [entry.action, entry.version, entry.summary])).toEqual([
      ['delete', '1.0.1', 'deleted with its history'],
      ['save', '1.0.1', 'why'],
      ['create', '1.0.0', 'created'],
    ]);
    expect(new Set(entries.map((entry) => entry.actor))).toEqual(new Set([user]));
    expect((await rejection(store.get('greet'))).code).toBe('not_found');
    expect((await rejection(store.history('greet'))).code).toBe('not_found');
    expect((await rejection(store.delete('greet'))).code).toBe('not_found');
    expect((await store.list()).total).toBe(0);
  });

  it('never loses a version to 20 concurrent writers: one wins, the others get conflict', async () => {
    const library = await engine.open();
    const first = await library.client();
    await first.save({ document: textDoc('shared', 'base') });
    const clients = await Promise.all(Array.from({ length: 20 }, () => library.client()));
    const outcomes = await Promise.allSettled(
      clients.map((client, index) =>
        client.save({ document: textDoc('shared', `edit ${index}`), base: '1.0.0' }),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as AppError] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost.map((error) => error.code)).toEqual(Array(19).fill('conflict'));
    const history = await first.history('shared');
    expect(history.map((entry) => entry.version)).toEqual(['1.0.1', '1.0.0']);
    const winner = won[0]?.status === 'fulfilled' ? won[0].value : undefined;
    expect(winner?.version).toBe('1.0.1');
  });

  it('lets concurrent writers on distinct prompts all save', async () => {
    const library = await engine.open();
    const clients = await Promise.all(Array.from({ length: 20 }, () => library.client()));
    const saved = await Promise.all(
      clients.map((client, index) => client.save({ document: textDoc(`p${index}`, 'text') })),
    );
    expect(saved.map((entry) => entry.version)).toEqual(Array(20).fill('1.0.0'));
    expect((await clients[0]!.list()).total).toBe(20);
  });

  it('keeps every version of 20 writers saving at once, some on one prompt: none lost, doubled or misplaced', async () => {
    const library = await engine.open();
    const clients = await Promise.all(Array.from({ length: 20 }, () => library.client()));
    const rounds = 5;
    // Twenty first saves of one id at once: one creates it, the others hear it exists.
    const created = await Promise.allSettled(
      clients.map((client, index) => client.save({ document: textDoc('hot', `first ${index}`) })),
    );
    const creators = created.filter((outcome) => outcome.status === 'fulfilled');
    expect(creators).toHaveLength(1);
    for (const outcome of created) {
      if (outcome.status === 'fulfilled') continue;
      const error = outcome.reason as AppError;
      expect(error.code).toBe('conflict');
      expect(error.message).toBe(
        "Prompt 'hot' already exists at version 1.0.0. Save with base 1.0.0 to add a version.",
      );
    }
    const won: { version: string; previous: string | null; content: string }[] = [];
    const conflicts: AppError[] = [];
    await Promise.all(
      clients.map(async (client, index) => {
        let own = (await client.save({ document: textDoc(`own${index}`, `own ${index} r0`) }))
          .version;
        for (let round = 1; round <= rounds; round += 1) {
          own = (
            await client.save({
              document: textDoc(`own${index}`, `own ${index} r${round}`),
              base: own,
            })
          ).version;
          const base = (await client.get('hot')).version;
          const content = `hot ${index} r${round}`;
          try {
            const saved = await client.save({ document: textDoc('hot', content), base });
            won.push({ version: saved.version, previous: saved.previous, content });
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            conflicts.push(error);
          }
        }
      }),
    );
    const reader = clients[0]!;
    // Each writer's own prompt holds exactly its saves, in order, each parented on the last.
    for (let index = 0; index < clients.length; index += 1) {
      const history = (await reader.history(`own${index}`)).reverse();
      expect(history.map((entry) => [entry.version, entry.parent_version])).toEqual(
        Array.from({ length: rounds + 1 }, (_, round) => [
          `1.0.${round}`,
          round === 0 ? null : `1.0.${round - 1}`,
        ]),
      );
      for (const entry of history) {
        const round = Number(entry.version.split('.')[2]);
        expect(
          (await reader.get(`own${index}`, { version: entry.version })).template?.content,
        ).toBe(`own ${index} r${round}`);
      }
    }
    // The shared prompt: every attempt either won a version of its own or got a clean conflict.
    expect(won.length + conflicts.length).toBe(clients.length * rounds);
    expect(won.length).toBeGreaterThan(0);
    for (const error of conflicts) {
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(
        /^Prompt 'hot' changed since 1\.0\.\d+: the current version is 1\.0\.\d+\. Reload it and save again\.$/,
      );
    }
    expect(new Set(won.map((entry) => entry.version)).size).toBe(won.length);
    const history = (await reader.history('hot')).reverse();
    expect(history.map((entry) => entry.version)).toEqual(
      Array.from({ length: won.length + 1 }, (_, at) => `1.0.${at}`),
    );
    const first = await reader.get('hot', { version: '1.0.0' });
    for (const entry of won) {
      expect(history.find((row) => row.version === entry.version)?.parent_version).toBe(
        entry.previous,
      );
      const stored = await reader.get('hot', { version: entry.version });
      expect(stored.template?.content).toBe(entry.content);
      expect([stored.uid, stored.created_at]).toEqual([first.uid, first.created_at]);
    }
    const audit = await reader.audit({ entity_id: 'hot', limit: 500 });
    expect(audit.filter((row) => row.action === 'save')).toHaveLength(won.length);
    expect(audit.filter((row) => row.action === 'create')).toHaveLength(1);
  });

  it("stores a new version with the first version's uid and creation time, keys in order", async () => {
    const store = await (await engine.open()).client();
    const first = await store.save({ document: textDoc('greet', 'one') });
    const edited = {
      ...(await store.get('greet')),
      uid: '00000000-0000-4000-8000-000000000000',
      created_at: '2001-01-01T00:00:00.000Z',
    };
    const second = await store.save({
      document: { ...edited, template: { ...edited.template, content: 'two' } },
      base: first.version,
    });
    const stored = await store.get('greet');
    const original = await store.get('greet', { version: '1.0.0' });
    expect(stored).toEqual({
      ...original,
      template: { ...original.template, content: 'two' },
      version: '1.0.1',
      updated_at: second.created_at,
    });
    expect(Object.keys(stored)).toEqual(Object.keys(original));
  });

  it('reads the labels of many prompts at once, only those set', async () => {
    const store = await (await engine.open()).client();
    await store.save({ document: textDoc('greet', 'one') });
    await store.save({ document: textDoc('greet', 'two'), base: '1.0.0' });
    await store.save({ document: textDoc('bye', 'three') });
    await store.save({ document: textDoc('plain', 'four') });
    await store.setLabel('greet', 'production', '1.0.0');
    await store.setLabel('greet', 'staging', '1.0.1');
    await store.setLabel('bye', 'canary', '1.0.0');
    expect(await store.labelsFor(['greet', 'bye', 'plain', 'missing'])).toEqual({
      greet: { production: '1.0.0', staging: '1.0.1' },
      bye: { canary: '1.0.0' },
    });
    expect(await store.labelsFor([])).toEqual({});
  });

  it('tells subscribers about saves and label moves', async () => {
    const store = await (await engine.open()).client();
    const seen: LibraryChange[] = [];
    let labelMoved: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (labelMoved = resolve));
    const undo = await store.subscribe((change) => {
      seen.push(change);
      if (change.kind === 'label') labelMoved();
    });
    cleanups.push(undo);
    await store.save({ document: textDoc('greet', 'one') });
    await store.setLabel('greet', 'staging', '1.0.0');
    await arrived;
    expect(seen).toEqual([
      { kind: 'saved', id: 'greet', version: '1.0.0' },
      { kind: 'label', id: 'greet', label: 'staging', version: '1.0.0' },
    ]);
  });
});
