// The page hears an evaluation's events over the real HTTP server's event stream.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvalJobEvent } from '../../src-shared/contract/events';

import { startLiveLibrary } from '../testing/liveLibrary';
import type { LiveLibrary } from '../testing/liveLibrary';
import { startLocalModels } from '../testing/localModels';
import type { ModelServer } from '../testing/localModels';
import { draftTextPrompt } from '../testing/prompts';
import { createClient } from './client';
import { primingTransport } from './primedCalls';

let live: LiveLibrary;
let models: ModelServer;

beforeEach(async () => {
  live = await startLiveLibrary();
  const api = createClient(live.transport);
  models = await startLocalModels(api);
  await api.savePrompt({ document: draftTextPrompt('hello', 'Hello {{name}}') });
  await api.saveTestCases({
    id: 'hello',
    cases: [{ name: 'Ada', vars: { name: 'Ada' }, assert: [{ type: 'contains', value: 'Ada' }] }],
  });
});

afterEach(async () => {
  await live.close();
  await models.close();
});

describe('subscribeEvaluation', () => {
  it('delivers planned, cell and done events of the page’s own job', async () => {
    const api = createClient(primingTransport(live.transport));
    const seen: EvalJobEvent[] = [];
    const stop = await api.subscribeEvaluation?.((event) => void seen.push(event));
    try {
      const run = await api.runEvaluation({ prompts: ['hello'], models: ['local:m'], job: 'ev-7' });
      await expect.poll(() => seen.at(-1)?.event.type).toBe('done');
      expect(seen.map(({ event }) => event.type)).toEqual(['planned', 'cell', 'done']);
      const cell = seen[1]?.event;
      expect(cell?.type === 'cell' && cell.cell).toMatchObject({ case: 'Ada', pass: true });
      expect(run.summary).toEqual({ passed: 1, failed: 0 });
    } finally {
      stop?.();
    }
  });
});
