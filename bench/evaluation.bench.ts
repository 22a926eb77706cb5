// The evaluation matrix: 50 cases × 2 versions × 2 models against the local protocol server at a
// fixed 20 ms latency (cache off; the server in a process of its own, as a provider is), wall
// time over the ideal; and typing in the editor while a matrix streams into the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import OpenAI from 'openai';
import { createServices } from '../electron/services/index';
import { openaiAdapter } from '../electron/services/models/openaiAdapter';
import { renderPrompt } from '../src-shared/render/renderPrompt';
import { textPrompt } from '../src-shared/testKit/testPrompts';
import { startModelServerChild, type ModelServerChild } from './modelServerChild';
import type { Served } from './serve';
import { median, nowMs } from './stats';
import type { BenchValues } from './ui.bench';
import { runKeystrokeBench } from './ui.bench';

const LATENCY_MS = 20;
const CASES = 50;
/** Cases × 2 versions × 2 models. */
const CELLS = CASES * 4;
const MODELS = ['local:model-a', 'local:model-b'];
export const MATRIX_PROMPT = 'bench_matrix';
const TAIL = 'in one line.';
/** Rounds per concurrency (each runs all three contenders); medians are reported. */
const ROUNDS = 3;

/** Saves the bench prompt at 1.0.0 and 1.1.0 with 50 cases, and the provider `local`. */
export function addMatrixPrompt(dbPath: string, models: { openaiUrl: string }): void {
  const services = createServices({ dbPath, actor: 'bench' });
  try {
    const document = textPrompt(`Tell {{name}} about the weather ${TAIL}`, { id: MATRIX_PROMPT });
    services.prompts.save({ document });
    services.prompts.save({
      document: {
        ...document,
        template: { ...document.template!, content: `Tell {{name}} a joke ${TAIL}` },
      },
      base: '1.0.0',
      bump: 'minor',
    });
    services.tests.replace(
      MATRIX_PROMPT,
      Array.from({ length: CASES }, (_, n) => ({
        name: `case ${n + 1}`,
        vars: { name: `Person ${n + 1}` },
        assert: [{ type: 'contains' as const, value: `Person ${n + 1}` }],
      })),
    );
    services.models.providers.add({
      name: 'local',
      kind: 'openai-compatible',
      base_url: models.openaiUrl,
    });
  } finally {
    void services.dispose();
  }
}

/**
 * Runs the 200-cell matrix at each concurrency (per provider; both models share the provider
 * `local`), cache off, `ROUNDS` times, each round beside the same 200 requests sent straight
 * through the OpenAI SDK and as bare HTTP posts at the same concurrency (see CONTENDERS).
 * Reports each one's median wall time over the ideal (cells × 20 ms / concurrency), the median
 * of the per-round ratio of ours to the SDK's, CPU time per cell of this process (ours, the
 * SDK's) and of the model server, and the process's first (cold) run over the ideal.
 */
export async function runMatrixBench(concurrencies: readonly number[]): Promise<BenchValues> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-matrix-'));
  const models = await startModelServerChild({ latencyMs: LATENCY_MS });
  const agent = new Agent({ keepAlive: true });
  const values: BenchValues = {};
  let services: ReturnType<typeof createServices> | undefined;
  try {
    const dbPath = join(dir, 'library.db');
    addMatrixPrompt(dbPath, models);
    services = createServices({ dbPath, actor: 'bench', keys: () => undefined });
    const evaluation = services.evaluation;
    const request = {
      prompts: [MATRIX_PROMPT],
      versions: ['1.0.0', '1.1.0'],
      models: MODELS,
      no_cache: true,
    };
    const ours = (concurrency: number): Promise<Timed> =>
      timeRun(async () => {
        const run = await evaluation.run({ ...request, concurrency });
        if (run.cells.length !== CELLS) throw new Error(`bench: ${run.cells.length} cells`);
        if (run.summary.failed > 0) throw new Error(`bench: ${run.summary.failed} cells failed`);
      }, models);
    const bodies = matrixBodies(services);
    // Built as our OpenAI adapter builds its client, and called as it calls (with a signal).
    const client = new OpenAI({
      apiKey: 'no-key',
      baseURL: models.openaiUrl,
      maxRetries: 0,
      timeout: 24 * 3_600_000,
      logLevel: 'off',
    });
    const contenders: Record<Contender, (concurrency: number) => Promise<Timed>> = {
      ours,
      sdk: (concurrency) => timeRun(() => sendAll(client, bodies, concurrency), models),
      http: (concurrency) =>
        timeRun(() => postAll(agent, models.openaiUrl, bodies, concurrency), models),
    };

    // The first run in this process: code not yet optimised, sockets not yet open.
    const first = concurrencies[0] ?? 4;
    values[`eval.matrix_200_c${first}_cold_vs_ideal`] = (await ours(first)).wallMs / ideal(first);
    // Warm-up: V8 keeps optimising the SDK's and our code over the first few hundred calls.
    for (let n = 0; n < 2; n += 1) {
      for (const contender of CONTENDERS) await contenders[contender](8);
    }
    for (const concurrency of concurrencies) {
      const rounds: Record<Contender, Timed>[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        // The order rotates each round, so drift in the machine's load hits all three alike.
        const times: Partial<Record<Contender, Timed>> = {};
        for (let n = 0; n < CONTENDERS.length; n += 1) {
          const contender = CONTENDERS[(round + n) % CONTENDERS.length] as Contender;
          times[contender] = await contenders[contender](concurrency);
        }
        rounds.push(times as Record<Contender, Timed>);
      }
      const name = `eval.matrix_200_c${concurrency}`;
      const wall = (contender: Contender): number =>
        median(rounds.map((round) => round[contender].wallMs));
      const cpuPerCell = (contender: Contender): number =>
        median(rounds.map((round) => round[contender].cpuMs / CELLS));
      values[`${name}_wall_ms`] = wall('ours');
      values[`${name}_vs_ideal`] = wall('ours') / ideal(concurrency);
      values[`${name}_sdk_direct_vs_ideal`] = wall('sdk') / ideal(concurrency);
      values[`${name}_http_floor_vs_ideal`] = wall('http') / ideal(concurrency);
      values[`${name}_vs_sdk_direct`] = median(
        rounds.map((round) => round.ours.wallMs / round.sdk.wallMs),
      );
      // The runner's CPU time per cell (ours and the SDK's): a steadier figure than wall time on
      // a shared machine. The model server's is apart (clock ticks of 10 ms, over 200 cells).
      values[`${name}_cpu_ms_per_cell`] = cpuPerCell('ours');
      values[`${name}_sdk_direct_cpu_ms_per_cell`] = cpuPerCell('sdk');
      values[`${name}_server_cpu_ms_per_cell`] = median(
        rounds.map((round) => round.ours.serverCpuMs / CELLS),
      );
    }
    return values;
  } finally {
    services?.dispose();
    agent.destroy();
    await models.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The matrix through the evaluation service; the same requests straight through the OpenAI
 * SDK; the same requests as bare HTTP posts reading the answer's bytes (what the model server,
 * the loopback and the machine allow, with no client library at all).
 */
const CONTENDERS = ['ours', 'sdk', 'http'] as const;
type Contender = (typeof CONTENDERS)[number];

/** The matrix's wall time at `concurrency` if every call took exactly the server's latency. */
const ideal = (concurrency: number): number => (CELLS * LATENCY_MS) / concurrency;

/** One timed run: wall time, this process's CPU time and the model server's, in ms. */
interface Timed {
  wallMs: number;
  cpuMs: number;
  serverCpuMs: number;
}

async function timeRun(work: () => Promise<void>, models: ModelServerChild): Promise<Timed> {
  const cpu = process.cpuUsage();
  const serverCpu = models.cpuMs();
  const started = nowMs();
  await work();
  const wallMs = nowMs() - started;
  const used = process.cpuUsage(cpu);
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    serverCpuMs: models.cpuMs() - serverCpu,
  };
}

/** The request bodies of the matrix's 200 calls, as our OpenAI adapter builds them. */
function matrixBodies(
  services: ReturnType<typeof createServices>,
): OpenAI.Chat.ChatCompletionCreateParamsStreaming[] {
  const context = services.render.context();
  const bodies: OpenAI.Chat.ChatCompletionCreateParamsStreaming[] = [];
  for (const version of ['1.0.0', '1.1.0']) {
    const prompt = services.prompts.get(MATRIX_PROMPT, version);
    for (const model of MODELS) {
      for (const testCase of services.tests.list(MATRIX_PROMPT)) {
        const output = renderPrompt(prompt, testCase.vars, context);
        const body = openaiAdapter.body(prompt, output, model.split(':')[1] ?? model, {});
        bodies.push(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming);
      }
    }
  }
  if (bodies.length !== CELLS) throw new Error(`bench: ${bodies.length} bodies`);
  return bodies;
}

/** Posts every body with node:http, `concurrency` at a time, reading each answer to its end. */
async function postAll(
  agent: Agent,
  openaiUrl: string,
  bodies: readonly OpenAI.Chat.ChatCompletionCreateParamsStreaming[],
  concurrency: number,
): Promise<void> {
  const texts = bodies.map((body) => JSON.stringify(body));
  const post = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const call = request(
        `${openaiUrl}/chat/completions`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          },
        },
        (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('error', reject);
          response.on('end', () =>
            response.statusCode === 200 && bytes > 0
              ? resolve()
              : reject(new Error(`bench: a bare post got ${response.statusCode}`)),
          );
        },
      );
      call.on('error', reject);
      call.end(text);
    });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < texts.length) await post(texts[next++] as string);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Streams every body through the SDK, `concurrency` at a time, reading each answer whole. */
async function sendAll(
  client: OpenAI,
  bodies: readonly OpenAI.Chat.ChatCompletionCreateParamsStreaming[],
  concurrency: number,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++] as OpenAI.Chat.ChatCompletionCreateParamsStreaming;
      const stream = await client.chat.completions.create(body, {
        signal: new AbortController().signal,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      if (text === '') throw new Error('bench: a direct call got no text');
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Starts the matrix in the Evaluation panel (both versions, both models, against a slow server so
 * it runs for the whole typing), goes back to the editor and times each keystroke to the preview.
 */
export async function runTypingDuringMatrixBench(
  browser: Browser,
  served: Served,
  keystrokes: number,
): Promise<BenchValues> {
  let runningAtEnd = false;
  const panel = (page: Page) => page.getByRole('region', { name: 'Evaluation' });
  const startMatrix = async (page: Page): Promise<void> => {
    await page.getByRole('tab', { name: 'Evaluation', exact: true }).click();
    await panel(page).getByRole('checkbox', { name: '1.0.0', exact: true }).check();
    for (const model of MODELS) {
      await panel(page).getByRole('combobox', { name: 'Model' }).fill(model);
      await panel(page).getByRole('button', { name: 'Add model' }).click();
      await panel(page)
        .getByRole('list', { name: 'Chosen models' })
        .getByText(model, { exact: true })
        .waitFor();
    }
    await panel(page).getByRole('button', { name: 'Run tests' }).click();
    await panel(page)
      .getByRole('status')
      .getByText(/Running: [1-9]\d* of 200 cells/)
      .waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Editor', exact: true }).click();
  };
  const values = await runKeystrokeBench(
    browser,
    served,
    { id: MATRIX_PROMPT, variables: { name: 'Ada' }, tail: TAIL },
    keystrokes,
    {
      before: startMatrix,
      // The figure counts only if cells were still streaming in when the last key was typed.
      after: async (page) => {
        // The panel is hidden behind the Editor tab: read its status line by selector.
        const line = page.locator('section[aria-label="Evaluation"] [role="status"]');
        const status = (await line.textContent()) ?? '';
        runningAtEnd = /Running: \d+ of 200/.test(status);
      },
    },
  );
  if (!runningAtEnd) throw new Error('bench: the matrix finished before the typing did');
  return {
    'ui.keystroke_during_matrix_p95_ms': values['ui.keystroke_preview_p95_ms'] ?? Number.NaN,
    'ui.keystroke_during_matrix_p50_ms': values['ui.keystroke_preview_p50_ms'] ?? Number.NaN,
    'ui.keystroke_during_matrix_n': values['ui.keystroke_preview_n'] ?? Number.NaN,
  };
}
