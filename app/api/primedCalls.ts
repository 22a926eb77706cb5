// Calls started before the workbench's code arrives, handed to the first identical request.
import type { OperationName } from '../../src-shared/contract/operations';
import type { Outcome } from '../../src-shared/errors';
import type { Transport } from './transport';

/** A transport that can start a call early and answer the same call later from it. */
export interface PrimingTransport extends Transport {
  /** Starts `name(request)` now; the first identical call made later receives its outcome. */
  prime(name: OperationName, request: unknown): void;
  /** Calls primed and not yet claimed. */
  readonly unclaimed: number;
}

/** JSON with object keys sorted, so that `{ a, b }` and `{ b, a }` name the same request. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? {}, (_key, entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(entry).sort())
      sorted[key] = (entry as Record<string, unknown>)[key];
    return sorted;
  });
}

/**
 * Wraps `inner` so the page can ask for data (the library's first page) while its code still
 * downloads. A primed outcome is handed out once, to the first identical call, and only while
 * nothing but primed calls has been asked: any other call could have changed what the primed
 * calls read, so it drops every unclaimed prime.
 */
export function primingTransport(inner: Transport): PrimingTransport {
  const primed = new Map<string, Promise<Outcome<unknown>>>();
  return {
    kind: inner.kind,
    // Progress events pass straight through: the import dialog's bar depends on them.
    ...(inner.subscribe ? { subscribe: (listener) => inner.subscribe!(listener) } : {}),
    ...(inner.subscribeEval ? { subscribeEval: (listener) => inner.subscribeEval!(listener) } : {}),
    ...(inner.subscribeRun ? { subscribeRun: (listener) => inner.subscribeRun!(listener) } : {}),
    ...(inner.subscribeLibrary
      ? { subscribeLibrary: (listener, closed) => inner.subscribeLibrary!(listener, closed) }
      : {}),
    prime(name, request) {
      primed.set(`${name} ${canonical(request)}`, inner.call(name, request));
    },
    get unclaimed() {
      return primed.size;
    },
    call(name, request) {
      if (primed.size > 0) {
        const key = `${name} ${canonical(request)}`;
        const early = primed.get(key);
        // A primed read claimed leaves the other primes valid (nothing was written); any other
        // call might write.
        if (early) {
          primed.delete(key);
          return early;
        }
        primed.clear();
      }
      return inner.call(name, request);
    },
  };
}
