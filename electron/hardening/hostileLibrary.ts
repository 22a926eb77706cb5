// Test kit for the hostile-input suite: a seeded library in a temp folder, its dispatcher, and
// checks that a refused request named its problem quickly and left the library as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { Outcome, SerializedError } from '../../src-shared/errors';
import { createServices } from '../services';
import type { Services } from '../services';
import { createDispatcher } from '../services/dispatch';
import type { Dispatcher } from '../services/dispatch';
import { createHandlers } from '../services/handlers';
import { dumpLibrary } from './libraryDump';
import type { DumpOptions } from './libraryDump';

/** How long any refusal may take on a loaded CI machine; hostile input must not hang. */
export const REFUSAL_BUDGET_MS = 5_000;

/** A library seeded with prompts, versions, a schema, a partial and a draft. */
export interface HostileLibrary {
  dir: string;
  dbPath: string;
  services: Services;
  dispatcher: Dispatcher;
  /** Every line the dispatcher logged (unexpected errors only). */
  logged: string[];
  /** The full dump of the library now. */
  dump(options?: DumpOptions): string;
  /** Calls an operation and reports how long it took. */
  call(name: string, request: unknown): Promise<{ outcome: Outcome<unknown>; ms: number }>;
  dispose(): void;
}

/** The tables a refused render, export or validation writes to on purpose (its metrics event). */
export const RUN_TABLES: DumpOptions = { exclude: ['metric_events', 'metric_hists'] };

/** A text prompt whose template uses the seeded partial and schema. */
export const GREETING = {
  id: 'greeting',
  format: 'text',
  template: { content: 'Hello {{name}}! {{> signature}}' },
  input_schema: 'person',
  metadata: { tags: ['demo'], description: 'Greets a person' },
};

const SUPPORT_CHAT = {
  id: 'support-chat',
  format: 'chat',
  chat_template: {
    messages: [
      { role: 'system', content: 'You help with {{product}}.' },
      { role: 'user', content: '{{question}}' },
    ],
  },
  metadata: { tags: ['support'], category: 'help' },
};

const PERSON_SCHEMA = {
  name: 'person',
  fields: [
    {
      name: 'name',
      type: 'string',
      validators: [
        { type: 'min_length', min_value: 1 },
        { type: 'regex', pattern: '^[A-Za-z ]+$' },
      ],
    },
    { name: 'team', type: 'string', required: false, default: 'Workbench' },
  ],
};

/** Opens a fresh library in a temp folder and seeds it through the contract. */
export async function openHostileLibrary(): Promise<HostileLibrary> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-hostile-'));
  const dbPath = join(dir, 'library.db');
  const services = createServices({ dbPath, actor: 'hardening' });
  const logged: string[] = [];
  const dispatcher = createDispatcher(createHandlers(services, { dbPath, transport: 'http' }), {
    error: (message, cause) => void logged.push(`${message}: ${String(cause)}`),
  });
  await seedThrough(dispatcher);
  return {
    dir,
    dbPath,
    services,
    dispatcher,
    logged,
    dump: (options) => dumpLibrary(services.db, options),
    async call(name, request) {
      const start = performance.now();
      const outcome = await dispatcher.dispatch(name, request);
      return { outcome, ms: performance.now() - start };
    },
    dispose() {
      services.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a seeded library for a whole test file (await it at the top level), removes it after
 * the file's tests, and hands back its dump as seeded so tests can prove they changed nothing.
 */
export async function openHostileLibraryForFile(
  options?: DumpOptions,
): Promise<{ lib: HostileLibrary; before: string }> {
  const lib = await openHostileLibrary();
  afterAll(() => lib.dispose());
  return { lib, before: lib.dump(options) };
}

/** Seeds the library database at `dbPath` as `pwb` would find it, then closes it. */
export async function seedDatabase(dbPath: string): Promise<void> {
  const services = createServices({ dbPath, actor: 'hardening' });
  try {
    await seedThrough(createDispatcher(createHandlers(services, { dbPath, transport: 'cli' })));
  } finally {
    services.dispose();
  }
}

/** Writes the seed content through a dispatcher (so every transport sees the same library). */
export async function seedThrough(dispatcher: Dispatcher): Promise<void> {
  const steps: [string, unknown][] = [
    ['saveSchema', { schema: PERSON_SCHEMA }],
    ['savePartial', { name: 'signature', content: '-- The {{team}} team' }],
    ['savePrompt', { document: GREETING }],
    [
      'savePrompt',
      {
        document: { ...GREETING, template: { content: 'Hi {{name}}! {{> signature}}' } },
        base: '1.0.0',
        bump: 'minor',
        changelog: 'Shorter greeting',
      },
    ],
    ['savePrompt', { document: SUPPORT_CHAT }],
    [
      'putDraft',
      {
        id: 'greeting',
        document: { id: 'greeting', format: 'text', metadata: { note: 'unsaved' } },
        base: '1.1.0',
      },
    ],
  ];
  for (const [name, request] of steps) {
    const outcome = await dispatcher.dispatch(name, request);
    if (!outcome.ok) throw new Error(`seeding ${name} failed: ${outcome.error.message}`);
  }
}

/**
 * Asserts a refusal: the exact error code, a message matching `message`, within the time
 * budget. Returns the error for further checks.
 */
export function expectRefused(
  result: { outcome: Outcome<unknown>; ms: number },
  code: SerializedError['code'],
  message: RegExp | string,
): SerializedError {
  const { outcome, ms } = result;
  expect(outcome.ok, `expected ${code}, got ${JSON.stringify(outcome).slice(0, 300)}`).toBe(false);
  if (outcome.ok) throw new Error('unreachable');
  expect(outcome.error.code).toBe(code);
  if (typeof message === 'string') expect(outcome.error.message).toBe(message);
  else expect(outcome.error.message).toMatch(message);
  expect(ms).toBeLessThan(REFUSAL_BUDGET_MS);
  return outcome.error;
}

/** Nested objects `{a: {a: … {}}}` `depth` levels deep, built without recursion. */
export function nestedObject(depth: number, key = 'a'): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let level = 0; level < depth; level += 1) {
    const child: Record<string, unknown> = {};
    node[key] = child;
    node = child;
  }
  return root;
}

/** JSON text of `{"a": {"a": … {}}}` nested `depth` deep (JSON.stringify itself overflows). */
export function nestedJsonObject(depth: number, key = 'a'): string {
  return `${`{"${key}": `.repeat(depth)}{}${'}'.repeat(depth)}`;
}

/** JSON text of `depth` nested arrays, too deep for any recursive reader. */
export function nestedJsonArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** An object whose own key is literally `__proto__` (as JSON.parse makes it), plus `constructor`. */
export function prototypeKeys(inner: unknown = { polluted: 'yes' }): Record<string, unknown> {
  return JSON.parse(
    `{"__proto__": ${JSON.stringify(inner)}, "constructor": {"prototype": {"polluted": "yes"}}}`,
  ) as Record<string, unknown>;
}
