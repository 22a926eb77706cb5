// Token counts with the o200k encoding (GPT-4o family): in a worker when the page has one (the
// table is 2 MB and a 20 KB prompt takes milliseconds), else loaded into the page on first use.

/** A count asked of the worker. */
export interface TokenJob {
  id: number;
  text: string;
}

/** The worker's answer; null when the text could not be counted. */
export interface TokenAnswer {
  id: number;
  tokens: number | null;
}

type Counter = (text: string) => Promise<number | null>;

let inPage: Promise<(text: string) => number> | null = null;

function countInPage(text: string): Promise<number | null> {
  inPage ??= import('gpt-tokenizer/encoding/o200k_base').then(
    (encoding) => (source: string) =>
      encoding.countTokens(source, { disallowedSpecial: new Set() }),
  );
  return inPage.then((count) => count(text)).catch(() => null);
}

/** A counter backed by one worker; if the worker cannot start, counting moves into the page. */
function workerCounter(): Counter {
  let worker: Worker | null = null;
  let broken = false;
  let nextId = 0;
  const waiting = new Map<number, { text: string; done: (tokens: number | null) => void }>();
  const fail = (): void => {
    broken = true;
    worker?.terminate();
    worker = null;
    for (const [id, job] of waiting) {
      waiting.delete(id);
      void countInPage(job.text).then(job.done);
    }
  };
  const start = (): Worker => {
    const started = new Worker(new URL('./tokenWorker.ts', import.meta.url), { type: 'module' });
    started.onmessage = (event: MessageEvent<TokenAnswer>) => {
      const job = waiting.get(event.data.id);
      waiting.delete(event.data.id);
      job?.done(event.data.tokens);
    };
    started.onerror = fail;
    started.onmessageerror = fail;
    return started;
  };
  return (text) => {
    if (broken) return countInPage(text);
    return new Promise((done) => {
      const id = ++nextId;
      waiting.set(id, { text, done });
      try {
        worker ??= start();
        worker.postMessage({ id, text } satisfies TokenJob);
      } catch {
        fail();
      }
    });
  };
}

let shared: Counter | null = null;

/** The number of o200k tokens in `text` (null when it cannot be counted). */
export function countTokens(text: string): Promise<number | null> {
  shared ??= typeof Worker === 'function' ? workerCounter() : countInPage;
  return shared(text);
}

/** Counts that only matter for the newest text, such as the preview's while someone types. */
export interface LatestTokenCount {
  /** Counts `text`, tagged `tag`; replaces any count that has not started yet. */
  count(text: string, tag: number): void;
}

/**
 * One count at a time, newest first: a count asked for while another runs waits, and a newer
 * ask replaces it, so typing never queues a backlog of 20 KB counts. `done` hears only a count
 * with nothing newer waiting behind it.
 */
export function latestTokenCount(
  done: (tokens: number | null, tag: number) => void,
  counter: (text: string) => Promise<number | null> = countTokens,
): LatestTokenCount {
  let next: { text: string; tag: number } | null = null;
  let running = false;
  const drain = async (): Promise<void> => {
    running = true;
    while (next) {
      const job = next;
      next = null;
      const tokens = await counter(job.text).catch(() => null);
      if (!next) done(tokens, job.tag);
    }
    running = false;
  };
  return {
    count(text, tag) {
      next = { text, tag };
      if (!running) void drain();
    },
  };
}
