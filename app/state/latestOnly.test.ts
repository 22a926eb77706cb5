import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { latestOnly } from './latestOnly';

/** A load the test settles by hand, to make answers arrive out of order. */
function pending<T>() {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

/** A line of loads that writes down every outcome it applies: a value, or an error's code. */
function recordedLine() {
  const line = latestOnly();
  const seen: string[] = [];
  const run = (load: () => Promise<string>) =>
    line.run(
      load,
      (value) => seen.push(value),
      (error) => seen.push(error.code),
    );
  return { line, seen, run };
}

describe('latestOnly', () => {
  it('applies the newest answer and drops an older one that arrives later', async () => {
    const { seen, run } = recordedLine();
    const slow = pending<string>();
    const fast = pending<string>();
    const first = run(() => slow.promise);
    const second = run(() => fast.promise);
    fast.resolve('new');
    await second;
    slow.resolve('old');
    await first;
    expect(seen).toEqual(['new']);
  });

  it('hands a failure of the newest load over as a UiError with its code and message', async () => {
    const failures: string[] = [];
    await latestOnly().run(
      () => Promise.reject(new AppError('not_found', 'No such prompt')),
      () => failures.push('applied'),
      (error) => failures.push(`${error.code}: ${error.message}`),
    );
    expect(failures).toEqual(['not_found: No such prompt']);
  });

  it('drops the failure of a load that a newer one replaced', async () => {
    const { seen, run } = recordedLine();
    const old = pending<string>();
    const first = run(() => old.promise);
    await run(() => Promise.resolve('fresh'));
    old.reject(new AppError('internal', 'late'));
    await first;
    expect(seen).toEqual(['fresh']);
  });

  it('voids loads in flight on drop', async () => {
    const { line, seen, run } = recordedLine();
    const load = pending<string>();
    const running = run(() => load.promise);
    line.drop();
    load.resolve('stale');
    await running;
    expect(seen).toEqual([]);
  });
});
