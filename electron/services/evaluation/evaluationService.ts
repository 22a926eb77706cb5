// Runs every test case of prompts against versions × models, checks each answer, keeps the run
// and compares it with each prompt's baseline run.
import { randomBytes } from 'node:crypto';
import { AppError, type FieldIssue } from '../../../src-shared/errors';
import { judgeCase, type AssertionTools } from '../../../src-shared/evaluation/assertions';
import {
  compareToBaseline,
  type EvalCell,
  type EvalEstimate,
  type EvalEvent,
  type EvalRun,
  type EvalRunSummary,
} from '../../../src-shared/evaluation/runs';
import { readTestCases, type TestCase } from '../../../src-shared/evaluation/testCases';
import { emptyMetadata, type Prompt } from '../../../src-shared/model/prompt';
import { parsePrompt } from '../../../src-shared/model/validatePrompt';
import { costOf, type ModelPrice } from '../../../src-shared/models/prices';
import { modelLabel, parseModelName } from '../../../src-shared/models/providers';
import type { ModelName } from '../../../src-shared/models/providers';
import { RUN_DEFAULTS, type RunOptions, type RunResult } from '../../../src-shared/models/runs';
import { renderPrompt, type RenderContext } from '../../../src-shared/render/renderPrompt';
import { validateOutput } from '../../../src-shared/render/validateOutput';
import type { ModelCalls, RunRequest } from '../models/modelService';
import type { EvalRunStore, Maybe, TestCaseStore } from './evalRunStore';
import { requireRun } from './evalRunStore';

/** What to evaluate and how. */
export interface EvaluationRequest extends Pick<
  RunOptions,
  'no_cache' | 'replay' | 'retries' | 'timeout_s' | 'concurrency'
> {
  /** Prompt ids; default: every prompt with test cases. */
  prompts?: string[];
  /** Versions to run for each prompt; default: its current version. */
  versions?: string[];
  /** Labels to run for each prompt, each resolved to the version it points at there. */
  labels?: string[];
  /** Unsaved documents to run as columns of their own (version null); checked here. */
  unsaved?: readonly unknown[];
  /**
   * Cases to run instead of the stored ones (`pwb test --file`: a prompt not in the library);
   * with exactly one prompt. Checked here as a test case file is.
   */
  cases?: readonly unknown[];
  /** `provider:model` names; default: each prompt's own pick. */
  models?: string[];
  /** The judge of `llm-rubric` assertions. */
  judge?: string;
  /** Mark this run as the baseline of every prompt in it. */
  baseline?: boolean;
}

/** How an evaluation reaches prompts and models. */
export interface EvaluationDeps {
  /** Where runs and baselines are kept. */
  runs: EvalRunStore;
  clock: () => Date;
  tests: TestCaseStore;
  prompts: { get(id: string, version?: string): Maybe<Prompt> };
  labels?: { resolve(id: string, label: string): Maybe<string> };
  models: {
    /** Calls that read the library once for the whole run. */
    batch(): ModelCalls;
    pickModel(prompt: Prompt, requested: string | undefined): ModelName;
    prices: { find(provider: string, model: string): Maybe<ModelPrice | null> };
  };
  context: () => Maybe<RenderContext>;
  newId?: () => string;
}

/** One column of the matrix: a prompt at a version (or unsaved) with a model. */
interface Column {
  prompt: Prompt;
  unsaved: boolean;
  model: string;
}

/** One cell to run. */
interface Task {
  column: Column;
  testCase: TestCase;
}

/** What every cell of one run shares: its calls, partials and schemas, the judge's prompt. */
interface RunScope {
  request: EvaluationRequest;
  calls: ModelCalls;
  context: () => RenderContext;
  judgePrompt: () => Prompt;
  signal?: AbortSignal;
}

/** Output length assumed by estimates when a prompt sets no max_tokens. */
export const ASSUMED_OUTPUT_TOKENS = 256;

const JUDGE_SYSTEM =
  'You grade an answer against a rubric. Reply with JSON only, exactly {"pass": true or false, "reason": "one short sentence"}.';

/** Evaluations: running the matrix, keeping runs, baselines. */
export class EvaluationService {
  constructor(private readonly deps: EvaluationDeps) {}

  /** Runs the matrix, streaming each cell as it is checked; stores and returns the run. */
  async run(
    request: EvaluationRequest,
    hooks: { onEvent?: (event: EvalEvent) => void; signal?: AbortSignal } = {},
  ): Promise<EvalRun> {
    const started = this.deps.clock().toISOString();
    const tasks = await this.plan(request);
    hooks.onEvent?.({ type: 'planned', total: tasks.length });
    const cells = new Array<EvalCell>(tasks.length);
    // Each provider's limiter keeps its calls to `concurrency` at once. Twice as many workers
    // keep every slot busy: while a call is out, another worker renders its next cell and waits
    // for the slot, and a finished call's slot goes to it before the answer is checked and sent.
    const width = Math.max(
      1,
      2 * (request.concurrency ?? RUN_DEFAULTS.concurrency) * providersIn(tasks),
    );
    // The library's partials and schemas, read once for the whole run.
    const context = await this.deps.context();
    let judge: Prompt | undefined;
    const scope: RunScope = {
      request,
      calls: this.deps.models.batch(),
      context: () => context,
      judgePrompt: () => (judge ??= judgePrompt(this.deps.clock().toISOString())),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    };
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        if (hooks.signal?.aborted) return;
        const index = next++;
        const task = tasks[index] as Task;
        const cell = await this.cell(task, scope);
        cells[index] = cell;
        hooks.onEvent?.({ type: 'cell', cell });
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
    if (hooks.signal?.aborted) {
      throw new AppError('cancelled', 'The evaluation was stopped; nothing was kept.');
    }
    const run = await this.keep(started, cells, request.baseline === true);
    hooks.onEvent?.({ type: 'done', run });
    return run;
  }

  /**
   * What the run would cost, calling nothing: the calls, their input tokens (o200k counts of the
   * rendered prompts) and, where the price table knows the model, the cost with each answer
   * assumed as long as the prompt's max_tokens (else ASSUMED_OUTPUT_TOKENS).
   */
  async estimate(request: EvaluationRequest): Promise<EvalEstimate> {
    const tasks = await this.plan(request);
    // The encoding's tables take about 70 MB: loaded only when an estimate is asked for.
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    const context = await this.deps.context();
    let inputTokens = 0;
    let cost = 0;
    const unpriced = new Set<string>();
    let judgeCalls = 0;
    for (const { column, testCase } of tasks) {
      const rendered = renderPrompt(column.prompt, testCase.vars, context);
      const text =
        rendered.kind === 'chat'
          ? rendered.messages.map((message) => message.content).join('\n')
          : rendered.text;
      const input = countTokens(text, { disallowedSpecial: new Set() });
      inputTokens += input;
      const output = column.prompt.metadata.max_tokens ?? ASSUMED_OUTPUT_TOKENS;
      const name = parseModelName(column.model);
      const price = name ? await this.deps.models.prices.find(name.provider, name.model) : null;
      const callCost = costOf(price, input, output);
      if (callCost === null) unpriced.add(column.model);
      else cost += callCost;
      if (request.judge !== undefined) {
        judgeCalls += testCase.assert.filter((assertion) => assertion.type === 'llm-rubric').length;
      }
    }
    return {
      calls: tasks.length,
      judge_calls: judgeCalls,
      input_tokens: inputTokens,
      cost_usd: Math.round(cost * 1e6) / 1e6,
      unpriced: [...unpriced].sort(),
    };
  }

  /** Runs newest first, of one prompt or all. */
  async list(promptId?: string): Promise<EvalRunSummary[]> {
    return this.deps.runs.list(promptId);
  }

  /** One stored run with its cells. */
  async get(id: string): Promise<EvalRun> {
    return requireRun(this.deps.runs, id);
  }

  /** Makes a stored run the baseline of the prompts it ran (or of those named). */
  async markBaseline(id: string, prompts?: string[]): Promise<string[]> {
    const run = await this.get(id);
    const ran = [...new Set(run.cells.map((cell) => cell.prompt))];
    const chosen = prompts ?? ran;
    for (const prompt of chosen) {
      if (!ran.includes(prompt)) {
        throw new AppError('invalid_input', `run '${id}' did not run prompt '${prompt}'`, {
          run: id,
          prompt,
        });
      }
    }
    await this.deps.runs.mark(id, chosen, this.deps.clock().toISOString());
    return chosen;
  }

  /** Every cell of the run, in order: prompt, column (version, then model), case. */
  private async plan(request: EvaluationRequest): Promise<Task[]> {
    const ids = request.prompts?.length
      ? unique(request.prompts)
      : await this.deps.tests.promptsWithCases();
    if (ids.length === 0) {
      throw new AppError(
        'invalid_input',
        'No prompt has test cases: add some first (pwb tests import, or the Tests panel)',
      );
    }
    const given = request.cases === undefined ? undefined : readTestCases(request.cases, 'cases');
    if (given !== undefined && (request.prompts?.length ?? 0) !== 1) {
      throw new AppError(
        'invalid_input',
        'Test cases given with the request need exactly one prompt',
      );
    }
    const tasks: Task[] = [];
    for (const id of ids) {
      const cases = given ?? (await this.deps.tests.list(id));
      if (cases.length === 0) {
        throw new AppError('invalid_input', `Prompt '${id}' has no test cases`, { prompt: id });
      }
      const drafts = (request.unsaved ?? []).flatMap((document, index) => {
        const parsed = parsePrompt(document, `unsaved changes ${index + 1}`);
        return parsed.id === id ? [{ prompt: parsed, unsaved: true }] : [];
      });
      // Unsaved changes alone run alone; the current version joins them only when named.
      const named = (request.versions?.length ?? 0) + (request.labels?.length ?? 0) > 0;
      const saved = named || drafts.length === 0 ? await this.versionsOf(id, request) : [];
      const prompts = [
        ...(await Promise.all(
          saved.map(async (version) => ({
            prompt: await this.deps.prompts.get(id, version),
            unsaved: false,
          })),
        )),
        ...drafts,
      ];
      for (const { prompt, unsaved } of prompts) {
        const models = request.models?.length
          ? unique(request.models)
          : [modelLabel(this.deps.models.pickModel(prompt, undefined))];
        for (const model of models) {
          for (const testCase of cases)
            tasks.push({ column: { prompt, unsaved, model }, testCase });
        }
      }
    }
    return tasks;
  }

  /** The saved versions a prompt runs at: those named, those its labels name, else current. */
  private async versionsOf(
    id: string,
    request: EvaluationRequest,
  ): Promise<(string | undefined)[]> {
    const versions = [...(request.versions ?? [])];
    for (const label of request.labels ?? []) {
      if (!this.deps.labels) throw new AppError('invalid_input', 'Labels are not available here');
      versions.push(await this.deps.labels.resolve(id, label));
    }
    return versions.length > 0 ? unique(versions) : [undefined];
  }

  private async cell(task: Task, scope: RunScope): Promise<EvalCell> {
    const { request, signal } = scope;
    const { prompt, unsaved, model } = task.column;
    const cell: EvalCell = {
      prompt: prompt.id,
      version: unsaved ? null : prompt.version,
      ...(unsaved ? { unsaved: true as const } : {}),
      model,
      case: task.testCase.name,
      pass: false,
      score: 0,
      output: '',
      assertions: [],
      latency_ms: null,
      cost_usd: null,
      cached: false,
    };
    let result: RunResult;
    try {
      result = await scope.calls.run(
        { ...this.ref(task.column), variables: task.testCase.vars, model, ...callOptions(request) },
        signal ? { signal } : {},
      );
    } catch (error) {
      return { ...cell, error: error instanceof Error ? error.message : String(error) };
    }
    const verdict = await judgeCase(
      task.testCase,
      {
        output: result.output,
        latency_ms: result.latency_ms,
        cost_usd: result.cost_usd,
        output_tokens: result.output_tokens,
      },
      this.tools(prompt, scope),
    );
    return {
      ...cell,
      pass: verdict.pass,
      score: verdict.score,
      output: result.output,
      assertions: verdict.assertions.map(({ type, pass, reason }) => ({ type, pass, reason })),
      latency_ms: result.latency_ms,
      cost_usd: result.cost_usd,
      cached: result.cached,
    };
  }

  private ref(column: Column): Pick<RunRequest, 'id' | 'version' | 'document'> {
    return column.unsaved
      ? { document: column.prompt }
      : { id: column.prompt.id, version: column.prompt.version };
  }

  private tools(prompt: Prompt, scope: RunScope): AssertionTools {
    const { request, signal } = scope;
    const tools: AssertionTools = {
      checkOutputSchema: (data) => {
        try {
          validateOutput(prompt, data, scope.context());
          return [];
        } catch (error) {
          if (error instanceof AppError && error.code === 'schema_violation') {
            return (error.details?.['issues'] ?? []) as FieldIssue[];
          }
          if (error instanceof AppError) return error.message;
          throw error;
        }
      },
    };
    const judge = request.judge;
    if (judge !== undefined) {
      tools.judge = async (rubric, output) => {
        const answer = await scope.calls.run(
          {
            document: scope.judgePrompt(),
            variables: { rubric, output },
            model: judge,
            ...callOptions(request),
          },
          signal ? { signal } : {},
        );
        return readVerdict(answer.output);
      };
    }
    return tools;
  }

  private async keep(started: string, cells: EvalCell[], asBaseline: boolean): Promise<EvalRun> {
    const id = this.deps.newId?.() ?? newRunId(this.deps.clock());
    const prompts = unique(cells.map((cell) => cell.prompt));
    const baseline = await this.deps.runs.baselines(prompts);
    const { regressions, fixes } = compareToBaseline(cells, baseline.cells);
    const passed = cells.filter((cell) => cell.pass).length;
    const run: EvalRun = {
      id,
      started_at: started,
      finished_at: this.deps.clock().toISOString(),
      cells,
      summary: { passed, failed: cells.length - passed },
      baseline: baseline.runs.length === 0 ? null : [...baseline.runs].sort().join(','),
      regressions,
      fixes,
    };
    await this.deps.runs.insert(run, prompts, asBaseline);
    return run;
  }
}

function callOptions(request: EvaluationRequest): Partial<RunRequest> {
  const options: Partial<RunRequest> = {};
  if (request.no_cache !== undefined) options.no_cache = request.no_cache;
  if (request.replay !== undefined) options.replay = request.replay;
  if (request.retries !== undefined) options.retries = request.retries;
  if (request.timeout_s !== undefined) options.timeout_s = request.timeout_s;
  if (request.concurrency !== undefined) options.concurrency = request.concurrency;
  return options;
}

function providersIn(tasks: readonly Task[]): number {
  return new Set(tasks.map((task) => task.column.model.split(':')[0])).size || 1;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** A readable, sortable run id: `r-20261205-124500-3fa9`. */
function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `r-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The judge's prompt: the rubric and the answer, asking for a verdict as JSON. */
function judgePrompt(at: string): Prompt {
  return {
    id: 'pwb-judge',
    version: '1.0.0',
    uid: '7e57ca5e-0000-4000-8000-00000000ad9e',
    format: 'chat',
    template: null,
    chat_template: {
      messages: [
        { role: 'system', content: JUDGE_SYSTEM },
        { role: 'user', content: 'Rubric:\n{{rubric}}\n\nAnswer to grade:\n{{output}}' },
      ],
      variables: ['rubric', 'output'],
    },
    status: 'active',
    created_at: at,
    updated_at: at,
    metadata: emptyMetadata(),
    input_schema: null,
    output_schema: null,
  };
}

/** Reads the judge's verdict: JSON `{pass, reason}` (fenced or not), else a leading PASS/FAIL. */
export function readVerdict(output: string): { pass: boolean; reason: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(output);
  const text = (fenced ? (fenced[1] ?? '') : output).trim();
  try {
    const value = JSON.parse(text) as { pass?: unknown; reason?: unknown };
    if (typeof value.pass === 'boolean') {
      return {
        pass: value.pass,
        reason:
          typeof value.reason === 'string' && value.reason !== ''
            ? value.reason
            : 'no reason given',
      };
    }
  } catch {
    // Not JSON: try the plain form below.
  }
  const plain = /^\s*(pass|fail)\b[\s:.-]*(.*)$/is.exec(output);
  if (plain) {
    return {
      pass: (plain[1] ?? '').toLowerCase() === 'pass',
      reason: (plain[2] ?? '').trim() || 'no reason given',
    };
  }
  throw new Error(`the judge answered without a verdict: ${output.slice(0, 80)}`);
}
