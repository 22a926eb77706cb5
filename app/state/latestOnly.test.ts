import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { latestOnly } from './latestOnly';

/** A load the test settles by hand, to make answers arrive out of order. */
function pending<T>() {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

describe('latestOnly', () => {
  it('applies the newest answer and drops an older one that arrives later', async () => {
    const line = latestOnly();
    const applied: string[] = [];
    const slow = pending<string>();
    const fast = pending<string>();
    const first = line.run(
      () => slow.promise,
      (v) => applied.push(v),
      () => applied.push('error'),
    );
    const second = line.run(
      () => fast.promise,
      (v) => applied.push(v),
      () => applied.push('error'),
    );
    fast.resolve('new');
    await second;
    slow.resolve('old');
    await first;
    expect(applied).toEqual(['new']);
  });

  it('hands a failure of the newest load over as a UiError with its code', async () => {
    const line = latestOnly();
    const failures: string[] = [];
    await line.run(
      () => Promise.reject(new AppError('not_found', 'No such prompt')),
      () => failures.push('applied'),
      (error) => failures.push(`${error.code}: ${error.message}`),
    );
    expect(failures).toEqual(['not_found: No such prompt']);
  });

  it('drops the failure of a load that a newer one replaced', async () => {
    const line = latestOnly();
    const seen: string[] = [];
    const old = pending<string>();
    const first = line.run(
      () => old.promise,
      (v) => seen.push(v),
      (e) => seen.push(e.code),
    );
    await line.run(
      () => Promise.resolve('fresh'),
      (v) => seen.push(v),
      (e) => seen.push(e.code),
    );
    old.reject(new AppError('internal', 'late'));
    await first;
    expect(seen).toEqual(['fresh']);
  });

  it('voids loads in flight on drop', async () => {
    const line = latestOnly();
    const seen: string[] = [];
    const load = pending<string>();
    const running = line.run(
      () => load.promise,
      (v) => seen.push(v),
      (e) => seen.push(e.code),
    );
    line.drop();
    load.resolve('stale');
    await running;
    expect(seen).toEqual([]);
  });
});
