// Streaming to the page: the time from a model's token leaving the local protocol server (a
// loopback hop before it reaches `pwb serve`) to the Run panel showing it, in Chromium.
import type { Browser } from '@playwright/test';
import { createServices } from '../electron/services/index';
import { startModelServer } from '../electron/testKit/modelServer';
import type { ModelServer } from '../electron/testKit/modelServer';
import { textPrompt } from '../src-shared/testKit/testPrompts';
import type { Served } from './serve';
import { summarize } from './stats';
import type { BenchValues } from './ui.bench';
import { LIBRARY_INTERACTIVE, freshContext, waitInPage } from './ui.bench';

const PROMPT_ID = 'bench_stream';

/** Adds the prompt and the provider `local` (pointing at `models`) to the library at `dbPath`. */
export function addStreamPrompt(dbPath: string, models: ModelServer): void {
  const services = createServices({ dbPath, actor: 'bench' });
  try {
    services.prompts.save({ document: textPrompt('Tell me about {{topic}}', { id: PROMPT_ID }) });
    services.models.providers.add({
      name: 'local',
      kind: 'openai-compatible',
      base_url: models.openaiUrl,
    });
  } finally {
    void services.dispose();
  }
}

/** Starts the local protocol server the stream bench's provider points at. */
export const startStreamModels = (): Promise<ModelServer> => startModelServer();

/**
 * Opens the prompt, runs it `runs` times against `local:bench` with `tokens` stamped tokens
 * 10 ms apart (cache off), and times each token from the stamp it carries (the wall clock when
 * the server wrote it) to the MutationObserver on the Run region seeing it, by the page's own
 * wall clock (`performance.timeOrigin + performance.now()`, the same OS clock).
 */
export async function runStreamBench(
  browser: Browser,
  served: Served,
  models: ModelServer,
  options: { runs: number; tokens: number },
): Promise<BenchValues> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(served.url);
    await waitInPage(page, LIBRARY_INTERACTIVE);
    const library = page.getByRole('navigation', { name: 'Prompt library' });
    await library.getByRole('searchbox', { name: 'Search prompts' }).fill(PROMPT_ID);
    await library.getByRole('option', { name: new RegExp(`^${PROMPT_ID}(,|$)`) }).click();
    await page.getByRole('region', { name: 'Variables' }).getByLabel('topic').fill('streams');
    await page.getByRole('tab', { name: 'Run', exact: true }).click();
    const run = page.getByRole('region', { name: 'Run' });
    await run.getByRole('combobox', { name: 'Model' }).fill('local:bench');
    await run.getByRole('button', { name: 'Add model' }).click();
    await run.getByRole('checkbox', { name: 'Skip the cache' }).check();
    await page.evaluate(STREAM_PROBE);
    const words = Array.from({ length: options.tokens }, (_, index) => `w${index}`).join(' ');
    for (let round = 0; round < options.runs; round += 1) {
      models.script({ kind: 'answer', text: words, chunkDelayMs: 10, stampChunks: true });
      await run.getByRole('button', { name: 'Run', exact: true }).click();
      await waitInPage(
        page,
        `window.__pwbStream.latencies.length >= ${(round + 1) * options.tokens}`,
      );
      // The next run starts once this one has ended (the Run button is enabled again).
      await run.getByRole('button', { name: 'Run', exact: true }).waitFor();
      await waitInPage(
        page,
        `!document.querySelector('section[aria-label="Run"] [aria-busy="true"]')`,
      );
    }
    const latencies = (await page.evaluate('window.__pwbStream.latencies')) as number[];
    if (latencies.length < options.runs * options.tokens) {
      throw new Error(
        `bench: saw ${latencies.length} of ${options.runs * options.tokens} streamed tokens`,
      );
    }
    const summary = summarize(latencies);
    return {
      'ui.token_to_page_p50_ms': summary.median,
      'ui.token_to_page_p95_ms': summary.p95,
      'ui.token_to_page_max_ms': summary.max,
      'ui.token_to_page_n': summary.n,
    };
  } finally {
    await context.close();
  }
}

/** In-page probe: every stamp that appears in the Run region, timed against the page's clock. */
const STREAM_PROBE = `(() => {
  const region = document.querySelector('section[aria-label="Run"]');
  if (!region) throw new Error('no Run region');
  const seen = new Set();
  const probe = { latencies: [] };
  const check = () => {
    const now = performance.timeOrigin + performance.now();
    for (const pre of region.querySelectorAll('pre')) {
      for (const match of (pre.textContent || '').matchAll(/⟦([0-9.]+)⟧/g)) {
        if (seen.has(match[1])) continue;
        seen.add(match[1]);
        probe.latencies.push(now - Number(match[1]));
      }
    }
  };
  new MutationObserver(check).observe(region, { subtree: true, childList: true, characterData: true });
  window.__pwbStream = probe;
})()`;
