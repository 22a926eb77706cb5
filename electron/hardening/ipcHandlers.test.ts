import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src-shared/errors';
import { registerIpc } from '../main/ipc';
import type { IpcMainLike } from '../main/ipc';
import {
  GREETING,
  REFUSAL_BUDGET_MS,
  RUN_TABLES,
  nestedObject,
  openHostileLibraryForFile,
  prototypeKeys,
} from './hostileLibrary';

type Listener = (event: IpcMainInvokeEvent, request: unknown) => Promise<Outcome<unknown>>;

const { lib, before } = await openHostileLibraryForFile(RUN_TABLES);
const listeners = new Map<string, Listener>();
const ipcMain = {
  handle: (channel: string, listener: Listener) => void listeners.set(channel, listener),
  removeHandler: (channel: string) => void listeners.delete(channel),
} as unknown as IpcMainLike;
registerIpc(ipcMain, lib.dispatcher);

const ourPage = { senderFrame: { url: 'app://workbench/index.html', parent: null } };

/** Invokes a channel as Electron would after structured-cloning the payload. */
async function invoke(
  operation: string,
  payload: unknown,
  event: unknown = ourPage,
): Promise<{ outcome: Outcome<unknown>; ms: number }> {
  const listener = listeners.get(`pwb:${operation}`);
  if (!listener) throw new Error(`no channel for ${operation}`);
  const started = performance.now();
  const outcome = await listener(event as IpcMainInvokeEvent, structuredClone(payload));
  return { outcome, ms: performance.now() - started };
}

function expectError(
  result: { outcome: Outcome<unknown>; ms: number },
  code: string,
  message: string | RegExp,
): void {
  expect(result.outcome.ok, JSON.stringify(result.outcome).slice(0, 300)).toBe(false);
  if (result.outcome.ok) return;
  expect(result.outcome.error.code).toBe(code);
  if (typeof message === 'string') expect(result.outcome.error.message).toBe(message);
  else expect(result.outcome.error.message).toMatch(message);
  expect(result.ms).toBeLessThan(REFUSAL_BUDGET_MS);
}

function cyclic(): Record<string, unknown> {
  const node: Record<string, unknown> = { id: 'greeting', format: 'text' };
  // The cycle hides where the door lets any value through: metadata keeps unknown keys.
  node.metadata = { loop: node };
  return node;
}

describe('IPC handlers with payloads only structured clone can carry', () => {
  it('refuses a cyclic document on save and on draft', async () => {
    expectError(
      await invoke('savePrompt', { document: cyclic() }),
      'invalid_input',
      'the document: invalid prompt: metadata.loop: refers to itself (a cyclic value is not plain data) [cycle]',
    );
    expectError(
      await invoke('putDraft', { id: 'greeting', document: cyclic(), base: null }),
      'invalid_input',
      'The draft cannot be stored as JSON',
    );
  });

  it('refuses shared references that multiply into 2^60 paths, quickly', async () => {
    let node: Record<string, unknown> = { leaf: 'x' };
    for (let level = 0; level < 60; level += 1) node = { left: node, right: node };
    expectError(
      await invoke('savePrompt', { document: { ...GREETING, metadata: { custom: node } } }),
      'invalid_input',
      /^the document: invalid prompt: metadata\.custom\.(left|right)[.a-z]*: holds more than 1000000 values \[size\]/,
    );
  });

  it('bounds every other walker of shared references: data, drafts, variables', async () => {
    let node: Record<string, unknown> = { leaf: 'x' };
    for (let level = 0; level < 60; level += 1) node = { left: node, right: node };
    const draftDoc = { id: 'x', format: 'text', template: { content: '{{a}}' } };
    expectError(
      await invoke('testSchema', { name: 'person', data: { name: 'Ann', team: node } }),
      'too_large',
      'Data holds more than 100000 objects and lists',
    );
    expectError(
      await invoke('validateOutput', {
        document: { ...draftDoc, output_schema: 'person' },
        data: node,
      }),
      'too_large',
      'Data holds more than 100000 objects and lists',
    );
    expectError(
      await invoke('putDraft', {
        id: 'greeting',
        document: { ...draftDoc, metadata: { custom: node } },
        base: null,
      }),
      'too_large',
      'The draft is larger than 1 MB',
    );
    expectError(
      await invoke('renderPreview', { document: draftDoc, variables: { a: node } }),
      'too_large',
      'Template variables hold more than 1000000 values.',
    );
  });

  it('refuses cyclic variables', async () => {
    const variables: Record<string, unknown> = {};
    variables.name = variables;
    expectError(
      await invoke('renderPreview', {
        document: { id: 'x', format: 'text', template: { content: '{{name}}' } },
        variables,
      }),
      'invalid_input',
      /^Template variables nest more than 64 levels deep \(at 'name(\.name)+'\)\.$/,
    );
  });

  it('refuses Maps, Sets, typed arrays and BigInts inside a document', async () => {
    for (const value of [new Map([['a', 1]]), new Uint8Array(4), 10n, new Set([1])]) {
      const result = await invoke('savePrompt', {
        document: { ...GREETING, metadata: { custom: { value } } },
      });
      expectError(
        result,
        'invalid_input',
        /^the document: invalid prompt: metadata\.custom\.value: /,
      );
    }
  });

  it('refuses a request that is not an object, or has the wrong types', async () => {
    for (const payload of [null, 'greeting', 42, [GREETING], new Map()]) {
      expectError(await invoke('getPrompt', payload), 'invalid_input', /^getPrompt: /);
    }
    expectError(
      await invoke('getPrompt', { id: { toString: 'greeting' } }),
      'invalid_input',
      'getPrompt: id must be string',
    );
  });

  it('refuses prototype keys and deep nesting', async () => {
    expectError(
      await invoke('getPrompt', { id: 'greeting', ...prototypeKeys() }),
      'invalid_input',
      /^getPrompt: unknown field '(__proto__|constructor)' in request$/,
    );
    expectError(
      // Structured clone recurses (it overflows near 2,000 levels here): a sender cannot go deeper.
      await invoke('savePrompt', { document: { ...GREETING, metadata: nestedObject(500) } }),
      'invalid_input',
      /^the document: invalid prompt: metadata(\.a)+: nested deeper than 64 levels \[depth\]$/,
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses oversized strings in requests', async () => {
    expectError(
      await invoke('savePartial', { name: 'big', content: 'x'.repeat(1024 * 1024 + 1) }),
      'invalid_input',
      'savePartial: content must NOT have more than 1048576 characters',
    );
    expectError(
      await invoke('putDraft', {
        id: 'greeting',
        document: { id: 'greeting', format: 'text', metadata: { blob: 'x'.repeat(1024 * 1024) } },
        base: null,
      }),
      'too_large',
      /^The draft is \d+ bytes; drafts are limited to 1 MB$/,
    );
  });

  it('refuses callers other than our own top frame before reading the payload', async () => {
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://workbench/index.html', parent: { url: 'app://workbench/' } },
      { url: 'app://evil/index.html', parent: null },
      { url: '', parent: null },
    ]) {
      expectError(
        await invoke('deletePrompt', { id: 'greeting' }, { senderFrame: frame }),
        'forbidden',
        'This window may not call the workbench.',
      );
    }
    expectError(
      await invoke('deletePrompt', { id: 'greeting' }, { senderFrame: null }),
      'forbidden',
      'This window may not call the workbench.',
    );
  });

  it('leaves the library unchanged', () => {
    expect(lib.dump(RUN_TABLES)).toBe(before);
    expect(lib.logged).toEqual([]);
  });
});
