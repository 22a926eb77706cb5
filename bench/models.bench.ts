// Model runs against the local protocol server: the run path's added latency over calling the
// SDK directly, and a 200-cell batch at concurrency 8 against a fixed 50 ms latency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { textPrompt } from '../src-shared/testKit/testPrompts';
import { createServices } from '../electron/services/index';
import { startModelServer } from '../electron/testKit/modelServer';
import { median, nowMs } from './stats';

const KEY = 'sk-bench-local';

/** Options of the model benchmarks. */
export interface ModelBenchOptions {
  /** Paired rounds of the overhead comparison. */
  rounds: number;
  /** Cells of the batch. */
  cells: number;
}

/** Runs both benchmarks; every run skips the cache (`no_cache`), as the SPEC's setup says. */
export async function runModelBench(options: ModelBenchOptions): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-models-'));
  const services = createServices({ dbPath: join(dir, 'library.db'), keys: () => KEY });
  try {
    return {
      ...(await overhead(services, options.rounds)),
      ...(await batch(services, options.cells)),
    };
  } finally {
    services.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

const prompt = (n: number) => textPrompt(`Write a short story about {{topic}} number ${n}`);

/** Direct SDK streaming call and our run, alternated round by round, at 20 ms server latency. */
async function overhead(
  services: ReturnType<typeof createServices>,
  rounds: number,
): Promise<Record<string, number>> {
  const server = await startModelServer({ apiKey: KEY, latencyMs: 20 });
  try {
    const client = new OpenAI({ apiKey: KEY, baseURL: server.openaiUrl, maxRetries: 0 });
    const direct = async (): Promise<number> => {
      const started = nowMs();
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Write a short story about tests number 1' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      if (text === '') throw new Error('bench: the direct call got no text');
      return nowMs() - started;
    };
    const ours = async (): Promise<number> => {
      const started = nowMs();
      await services.models.run({
        document: prompt(1),
        variables: { topic: 'tests' },
        model: 'openai:gpt-4o-mini',
        base_url: server.openaiUrl,
        no_cache: true,
      });
      return nowMs() - started;
    };
    for (let n = 0; n < 5; n += 1) await Promise.all([direct(), ours()]);
    const directMs: number[] = [];
    const oursMs: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      // Alternate who goes first, so drift in the machine's load hits both alike.
      if (round % 2 === 0) {
        directMs.push(await direct());
        oursMs.push(await ours());
      } else {
        oursMs.push(await ours());
        directMs.push(await direct());
      }
    }
    return {
      'models.direct_p50_ms': median(directMs),
      'models.run_p50_ms': median(oursMs),
      'models.run_vs_direct_p50': median(oursMs) / median(directMs),
    };
  } finally {
    await server.close();
  }
}

/** `cells` runs at once with concurrency 8 against a 50 ms server: wall time over the ideal. */
async function batch(
  services: ReturnType<typeof createServices>,
  cells: number,
): Promise<Record<string, number>> {
  const server = await startModelServer({ apiKey: KEY, latencyMs: 50 });
  try {
    const started = nowMs();
    await Promise.all(
      Array.from({ length: cells }, (_, n) =>
        services.models.run({
          document: prompt(n),
          variables: { topic: 'batches' },
          model: 'openai:gpt-4o-mini',
          base_url: server.openaiUrl,
          no_cache: true,
          concurrency: 8,
        }),
      ),
    );
    const wall = nowMs() - started;
    const ideal = (cells * 50) / 8;
    if (server.maxInFlight() > 8) throw new Error(`bench: ${server.maxInFlight()} calls in flight`);
    // The same batch straight through the SDK, eight at a time: what the machine itself allows.
    const client = new OpenAI({ apiKey: KEY, baseURL: server.openaiUrl, maxRetries: 0 });
    const queue = Array.from({ length: cells }, (_, n) => n);
    const directStarted = nowMs();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let n = queue.pop(); n !== undefined; n = queue.pop()) {
          const stream = await client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `Write a short story about batches number ${n}` }],
            stream: true,
            stream_options: { include_usage: true },
          });
          for await (const chunk of stream) void chunk;
        }
      }),
    );
    const direct = nowMs() - directStarted;
    return {
      'models.batch_200_wall_ms': wall,
      'models.batch_200_vs_ideal': wall / ideal,
      'models.batch_200_direct_wall_ms': direct,
      'models.batch_200_vs_direct': wall / direct,
    };
  } finally {
    await server.close();
  }
}
