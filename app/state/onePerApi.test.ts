import { describe, expect, it } from 'vitest';
import type { Api } from '../../src-shared/contract/operations';
import { onePerApi } from './onePerApi';

// Only identity matters here: the wrapped function never calls the client.
const client = (): Api => ({}) as Api;

describe('onePerApi', () => {
  it('makes the value once per client and returns the same one afterwards', () => {
    let made = 0;
    const storeFor = onePerApi(() => ({ serial: ++made }));
    const api = client();
    expect(storeFor(api)).toBe(storeFor(api));
    expect(made).toBe(1);
  });

  it('gives another client its own value', () => {
    const storeFor = onePerApi((api) => ({ api }));
    const first = client();
    const second = client();
    expect(storeFor(first).api).toBe(first);
    expect(storeFor(second).api).toBe(second);
    expect(storeFor(first)).not.toBe(storeFor(second));
  });
});
