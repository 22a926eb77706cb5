import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src-shared/contract/events';
import { httpTransport, ipcTransport } from './transport';

const event: ProgressEvent = {
  job: 'j1',
  operation: 'importFolder',
  stage: 'reading',
  done: 1,
  total: 2,
};

/** A stand-in for the preload's bridge: it keeps the page's listener so a test can "send". */
function fakeBridge() {
  const listeners = new Set<(event: unknown) => void>();
  return {
    listeners,
    send: (payload: unknown) => listeners.forEach((listener) => listener(payload)),
    bridge: {
      onProgress: (listener: (event: unknown) => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
  };
}

describe('progress over the Electron bridge', () => {
  it('hands well-formed events to the listener until it unsubscribes', async () => {
    const fake = fakeBridge();
    const seen: ProgressEvent[] = [];
    const stop = await ipcTransport(fake.bridge as never).subscribe?.((e) => seen.push(e));
    fake.send(event);
    stop?.();
    fake.send({ ...event, done: 2 });
    expect(seen).toEqual([event]);
    expect(fake.listeners.size).toBe(0);
  });

  it('drops malformed events', async () => {
    const fake = fakeBridge();
    const seen: ProgressEvent[] = [];
    await ipcTransport(fake.bridge as never).subscribe?.((e) => seen.push(e));
    fake.send({ ...event, job: '../x' });
    fake.send('progress');
    expect(seen).toEqual([]);
  });

  it('subscribes to nothing where the bridge has no progress (an older preload)', async () => {
    const stop = await ipcTransport({} as never).subscribe?.(() => undefined);
    expect(typeof stop).toBe('function');
  });
});

describe('progress over HTTP', () => {
  it('resolves with nothing to stop when the server cannot be reached', async () => {
    const stop = await httpTransport('token', 'http://127.0.0.1:9').subscribe?.(() => undefined);
    expect(typeof stop).toBe('function');
    stop?.();
  });
});
