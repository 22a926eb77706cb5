// The evaluation matrix: 50 cases × 2 versions × 2 models against the local protocol server at a
// fixed 20 ms latency (cache off; the server in a process of its own, as a provider is), wall
// time over the ideal; and typing in the editor while a matrix streams into the page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { createServices } from '../electron/services/index';
import { textPrompt } from '../src-shared/testKit/testPrompts';
import { startModelServerChild } from './modelServerChild';
import type { Served } from './serve';
import { median, nowMs } from './stats';
import type { BenchValues } from './ui.bench';
import { runKeystrokeBench } from './ui.bench';

const LATENCY_MS = 20;
const CASES = 50;
const MODELS = ['local:model-a', 'local:model-b'];
export const MATRIX_PROMPT = 'bench_matrix';
const TAIL = 'in one line.';
/** Rounds per concurrency; the median is reported. */
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
 * `local`), cache off, three times: the median wall time over the ideal (cells × 20 ms /
 * concurrency), and CPU time per cell of this process and of the model server's.
 */
export async function runMatrixBench(concurrencies: readonly number[]): Promise<BenchValues> {
  const dir = mkdtempSync(join(tmpdir(), 'pwb-bench-matrix-'));
  const models = await startModelServerChild({ latencyMs: LATENCY_MS });
  const values: BenchValues = {};
  let services: ReturnType<typeof createServices> | undefined;
  try {
    const dbPath = join(dir, 'library.db');
    addMatrixPrompt(dbPath, models);
    services = createServices({ dbPath, actor: 'bench', keys: () => undefined });
    const request = {
      prompts: [MATRIX_PROMPT],
      versions: ['1.0.0', '1.1.0'],
      models: MODELS,
      no_cache: true,
    };
    await services.evaluation.run({ ...request, concurrency: 8 }); // warm-up: code, SDK, sockets
    for (const concurrency of concurrencies) {
      const walls: number[] = [];
      const cpus: number[] = [];
      const serverCpus: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const cpu = process.cpuUsage();
        const serverCpu = models.cpuMs();
        const started = nowMs();
        const run = await services.evaluation.run({ ...request, concurrency });
        walls.push(nowMs() - started);
        const used = process.cpuUsage(cpu);
        const serverUsed = models.cpuMs() - serverCpu;
        if (run.cells.length !== CASES * 4) throw new Error(`bench: ${run.cells.length} cells`);
        if (run.summary.failed > 0) throw new Error(`bench: ${run.summary.failed} cells failed`);
        cpus.push((used.user + used.system) / 1000 / run.cells.length);
        serverCpus.push(serverUsed / run.cells.length);
      }
      const ideal = (CASES * 4 * LATENCY_MS) / concurrency;
      values[`eval.matrix_200_c${concurrency}_wall_ms`] = median(walls);
      values[`eval.matrix_200_c${concurrency}_vs_ideal`] = median(walls) / ideal;
      // The runner's CPU time per cell (ours and the SDK's): a steadier figure than wall time on
      // a shared machine. The model server's is apart (clock ticks of 10 ms, over 200 cells).
      values[`eval.matrix_200_c${concurrency}_cpu_ms_per_cell`] = median(cpus);
      values[`eval.matrix_200_c${concurrency}_server_cpu_ms_per_cell`] = median(serverCpus);
    }
    return values;
  } finally {
    services?.dispose();
    await models.close();
    rmSync(dir, { recursive: true, force: true });
  }
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
