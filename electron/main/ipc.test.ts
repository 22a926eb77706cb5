import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { OPERATION_NAMES, channelOf } from '../../src-shared/contract/operations';
import { createDispatcher } from '../services/dispatch';
import type { HandlerContext, Handlers } from '../services/dispatch';
import {
  EVAL_EVENT_CHANNEL,
  LIBRARY_EVENT_CHANNEL,
  PROGRESS_CHANNEL,
} from '../../src-shared/contract/events';
import { forwardLibraryChanges, registerIpc } from './ipc';
import type { IpcMainLike } from './ipc';
import { isExternalLink, isTrustedSender, secureWebPreferences } from './security';

type Listener = (event: IpcMainInvokeEvent, request: unknown) => Promise<unknown>;

function fakeIpcMain(): IpcMainLike & { listeners: Map<string, Listener> } {
  const listeners = new Map<string, Listener>();
  return {
    listeners,
    handle: (channel: string, listener: Listener) => void listeners.set(channel, listener),
    removeHandler: (channel: string) => void listeners.delete(channel),
  } as IpcMainLike & { listeners: Map<string, Listener> };
}

function eventFrom(url: string, parent: unknown = null): IpcMainInvokeEvent {
  return { senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}

let calls = 0;
const handlers = {
  appInfo: () => {
    calls += 1;
    return { version: 't', dbPath: 'x', transport: 'ipc' as const };
  },
} as unknown as Handlers;

describe('IPC bridge', () => {
  it('registers one pwb:<name> channel per contract operation and removes them all', () => {
    const ipc = fakeIpcMain();
    const dispose = registerIpc(ipc, createDispatcher(handlers));
    expect([...ipc.listeners.keys()].sort()).toEqual(OPERATION_NAMES.map(channelOf).sort());
    dispose();
    expect(ipc.listeners.size).toBe(0);
  });

  it('serves our own page', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, createDispatcher(handlers));
    const reply = await ipc.listeners.get('pwb:appInfo')?.(
      eventFrom('app://workbench/index.html'),
      {},
    );
    expect(reply).toEqual({ ok: true, value: { version: 't', dbPath: 'x', transport: 'ipc' } });
  });

  it('refuses a call from a foreign origin or a subframe before the service runs', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, createDispatcher(handlers));
    const before = calls;
    for (const event of [
      eventFrom('https://evil.example/'),
      eventFrom('file:///tmp/x.html'),
      eventFrom('app://workbench/index.html', { url: 'app://workbench/' }),
      eventFrom('not a url'),
    ]) {
      const reply = (await ipc.listeners.get('pwb:appInfo')?.(event, {})) as {
        ok: boolean;
        error: { code: string };
      };
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toBe('forbidden');
    }
    expect(calls).toBe(before);
  });

  it('rejects a malformed payload from our own page with a typed error', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, createDispatcher(handlers));
    const reply = (await ipc.listeners.get('pwb:appInfo')?.(eventFrom('app://workbench/'), {
      x: 1,
    })) as { ok: boolean; error: { code: string } };
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('accepts the dev server origin only when it is configured', () => {
    const frame = { url: 'http://localhost:5173/', parent: null };
    expect(isTrustedSender(frame)).toBe(false);
    expect(isTrustedSender(frame, 'http://localhost:5173')).toBe(true);
  });
});

/** A main frame of our page that records what main sends it. */
function recordingFrame(destroyed = false) {
  const sent: { channel: string; payload: unknown }[] = [];
  const frame = {
    url: 'app://workbench/index.html',
    parent: null,
    isDestroyed: () => destroyed,
    send: (channel: string, payload: unknown) => void sent.push({ channel, payload }),
  };
  return { sent, event: { senderFrame: frame } as unknown as IpcMainInvokeEvent };
}

const progressHandlers = {
  importFolder: (_request: unknown, context: HandlerContext) => {
    context.progress({ stage: 'reading', done: 0, total: 2 });
    context.progress({ stage: 'writing', done: 2, total: 2 });
    return { files: 2, prompts: 0, versions: 0, schemas: 0, conflicts: [] };
  },
} as unknown as Handlers;

describe('IPC progress events', () => {
  it('sends the progress of a call to the calling frame on pwb:progress, tagged with its job', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, createDispatcher(progressHandlers));
    const caller = recordingFrame();
    const other = recordingFrame();
    const reply = await ipc.listeners.get('pwb:importFolder')?.(caller.event, {
      paths: ['/x'],
      job: 'job-1',
    });
    expect(reply).toMatchObject({ ok: true });
    expect(caller.sent).toEqual([
      {
        channel: PROGRESS_CHANNEL,
        payload: { job: 'job-1', operation: 'importFolder', stage: 'reading', done: 0, total: 2 },
      },
      {
        channel: PROGRESS_CHANNEL,
        payload: { job: 'job-1', operation: 'importFolder', stage: 'writing', done: 2, total: 2 },
      },
    ]);
    expect(other.sent).toEqual([]);
  });

  it('sends nothing to a frame that is gone, and the call still answers', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, createDispatcher(progressHandlers));
    const gone = recordingFrame(true);
    const reply = await ipc.listeners.get('pwb:importFolder')?.(gone.event, {
      paths: ['/x'],
      job: 'job-2',
    });
    expect(reply).toMatchObject({ ok: true, value: { files: 2 } });
    expect(gone.sent).toEqual([]);
  });

  it('registers no channel of its own for progress (it only flows main to page)', () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, createDispatcher(handlers));
    expect(ipc.listeners.has(PROGRESS_CHANNEL)).toBe(false);
  });
});

const evalHandlers = {
  runEvaluation: (_request: unknown, context: HandlerContext) => {
    context.evalEvent({ type: 'planned', total: 0 });
    return { id: 'run-1', cells: [] };
  },
} as unknown as Handlers;

describe('IPC evaluation events', () => {
  it('sends the events of an evaluation to the calling frame on pwb:eval-event', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, createDispatcher(evalHandlers));
    const caller = recordingFrame();
    const other = recordingFrame();
    const reply = await ipc.listeners.get('pwb:runEvaluation')?.(caller.event, { job: 'ev-1' });
    expect(reply).toMatchObject({ ok: true, value: { id: 'run-1' } });
    expect(caller.sent).toEqual([
      {
        channel: EVAL_EVENT_CHANNEL,
        payload: { job: 'ev-1', operation: 'runEvaluation', event: { type: 'planned', total: 0 } },
      },
    ]);
    expect(other.sent).toEqual([]);
  });

  it('sends nothing for an evaluation without a job, nor to a frame that is gone', async () => {
    const ipc = fakeIpcMain();
    registerIpc(ipc, createDispatcher(evalHandlers));
    const caller = recordingFrame();
    await ipc.listeners.get('pwb:runEvaluation')?.(caller.event, {});
    const gone = recordingFrame(true);
    const reply = await ipc.listeners.get('pwb:runEvaluation')?.(gone.event, { job: 'ev-2' });
    expect(reply).toMatchObject({ ok: true });
    expect(caller.sent).toEqual([]);
    expect(gone.sent).toEqual([]);
  });
});

describe('window hardening', () => {
  it('builds web preferences with isolation, sandbox and no Node in the page', () => {
    const prefs = secureWebPreferences('/app/preload.js');
    expect(prefs.preload).toBe('/app/preload.js');
    // Each setting by name, so a failure says which protection was lost.
    const required = ['contextIsolation', 'sandbox', 'webSecurity'] as const;
    for (const setting of required) expect(prefs[setting], setting).toBe(true);
    const forbidden = [
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'webviewTag',
      'allowRunningInsecureContent',
    ] as const;
    for (const setting of forbidden) expect(prefs[setting], setting).toBe(false);
  });

  it('opens only http(s) links externally', () => {
    expect(isExternalLink('https://docs.anthropic.com')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(isExternalLink('smb://host/share')).toBe(false);
  });
});

describe('library changes', () => {
  it('go to every open window on pwb:library-event, never to a closed one', () => {
    const sent: [string, string, unknown][] = [];
    const window = (name: string, destroyed: boolean) => ({
      isDestroyed: () => destroyed,
      webContents: {
        send: (channel: string, payload: unknown) => sent.push([name, channel, payload]),
      },
    });
    const forward = forwardLibraryChanges(() => [window('open', false), window('closed', true)]);
    forward({ kind: 'label', id: 'greet', label: 'production', version: '1.0.1' });
    expect(sent).toEqual([
      [
        'open',
        LIBRARY_EVENT_CHANNEL,
        {
          operation: 'library',
          change: { kind: 'label', id: 'greet', label: 'production', version: '1.0.1' },
        },
      ],
    ]);
  });
});
