// Runs a prompt against a model: renders it as the preview does, sends it through its provider's
// adapter (wrapped in cache, concurrency limit, retries, idle timeout and cancellation), checks
// the answer against the output schema and records the call in the metrics.
import { AppError } from '../../../src-shared/errors';
import type { FieldIssue } from '../../../src-shared/errors';
import type { PromptRef } from '../../../src-shared/contract/operations';
import type { Prompt } from '../../../src-shared/model/prompt';
import { costOf } from '../../../src-shared/models/prices';
import { modelLabel, parseModelName } from '../../../src-shared/models/providers';
import type { ModelPrice } from '../../../src-shared/models/prices';
import type { ModelName, ProviderInfo } from '../../../src-shared/models/providers';
import { RUN_DEFAULTS } from '../../../src-shared/models/runs';
import type {
  RunEvent,
  RunOptions,
  RunResult,
  RunSettings,
  SchemaError,
} from '../../../src-shared/models/runs';
import { renderPrompt } from '../../../src-shared/render/renderPrompt';
import type { RenderContext } from '../../../src-shared/render/renderPrompt';
import { validateOutput } from '../../../src-shared/render/validateOutput';
import type { MetricsService } from '../metrics/metricsService';
import type { Database } from '../store/database';
import type { AdapterTable, ProviderFailure } from './adapter';
import { ADAPTERS } from './adapters';
import { AnswerCache, cacheKey } from './answerCache';
import type { CachedAnswer } from './answerCache';
import { Limiter, backoffMs, cancelled, sleep, withIdleTimeout } from './callPolicy';
import { PriceStore } from './priceStore';
import { ProviderStore, checkBaseUrl } from './providerStore';
import { redactSecrets } from './redact';

/** Reads a key from where keys live (the environment, or the OS keychain in the app). */
export type KeySource = (variable: string) => string | undefined;

/** A run: which prompt, with which variables, how. */
export interface RunRequest extends PromptRef, RunOptions {
  variables: Record<string, unknown>;
}

/** Who listens to a run, and how to stop it. */
export interface RunHooks {
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
}

/** A value now, or later. */
type Maybe<T> = T | Promise<T>;

/**
 * What model calls read and write in the library: providers, prices and the answer cache. The
 * SQLite stores answer at once; a PostgreSQL library's (`postgres/pgModels.ts`) answer later.
 */
export interface ModelStores {
  providers: { get(name: string): Maybe<ProviderInfo> };
  prices: { find(provider: string, model: string): Maybe<ModelPrice | null> };
  cache: {
    get(key: string): Maybe<CachedAnswer | null>;
    put(key: string, provider: string, model: string, answer: CachedAnswer): Maybe<void>;
  };
}

/** The stores of a SQLite library. */
export interface SqliteModelStores extends ModelStores {
  providers: ProviderStore;
  prices: PriceStore;
  cache: AnswerCache;
}

/** The SQLite stores over one database; `cacheBytes` limits the cache (default 500 MB). */
export function sqliteModelStores(
  db: Database,
  clock: () => Date,
  cacheBytes?: number,
): SqliteModelStores {
  return {
    providers: new ProviderStore(db, clock),
    prices: new PriceStore(db, clock),
    cache: new AnswerCache(db, clock, cacheBytes),
  };
}

/** What the model service needs. */
export interface ModelServiceDeps<S extends ModelStores = SqliteModelStores> {
  stores: S;
  clock: () => Date;
  metrics: Pick<MetricsService, 'record'>;
  /** Resolves a prompt reference (saved version or unsaved document). */
  resolve: (ref: PromptRef) => Maybe<Prompt>;
  /** The library's partials and schemas. */
  context: () => Maybe<RenderContext>;
  keys: KeySource;
  /** Monotonic milliseconds (tests may fake time). */
  nowMs?: () => number;
  /** Waits between retries (tests may fake time). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  adapters?: AdapterTable;
}

/** Runs that share one reading of the library (see `ModelService.batch`). */
export interface ModelCalls {
  run(request: RunRequest, hooks?: RunHooks): Promise<RunResult>;
}

/** What a call reads from the library: the prompt, its provider and price, partials and schemas. */
interface Lookups {
  resolve(ref: PromptRef): Maybe<Prompt>;
  provider(name: string): Maybe<ProviderInfo>;
  price(provider: string, model: string): Maybe<ModelPrice | null>;
  context(): Maybe<RenderContext>;
}

/** What one call gathered from its stream. */
interface Gathered {
  text: string;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  finish: string | null;
}

/** What every metric event of one call names. */
interface CallMetric {
  prompt_id: string;
  version: string | null;
  model: string;
  detail: string;
}

const defaultNowMs = (): number => performance.now();

/** Providers, prices, the answer cache, and runs. */
export class ModelService<S extends ModelStores = SqliteModelStores> {
  readonly providers: S['providers'];
  readonly prices: S['prices'];
  readonly cache: S['cache'];
  private readonly limiters = new Map<string, Limiter>();
  private readonly nowMs: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly adapters: AdapterTable;
  private readonly lookups: Lookups;

  constructor(private readonly deps: ModelServiceDeps<S>) {
    this.providers = deps.stores.providers;
    this.prices = deps.stores.prices;
    this.cache = deps.stores.cache;
    this.nowMs = deps.nowMs ?? defaultNowMs;
    this.wait = deps.sleep ?? sleep;
    this.adapters = deps.adapters ?? ADAPTERS;
    this.lookups = {
      resolve: (ref) => deps.resolve(ref),
      provider: (name) => this.providers.get(name),
      price: (provider, model) => this.prices.find(provider, model),
      context: () => deps.context(),
    };
  }

  /**
   * Runs for many calls in a row (an evaluation): each reads the library once, when first asked
   * (a prompt version, a provider, a price, the partials and schemas), and keeps what it read for
   * the calls that follow, so a matrix runs against the library as it was when it started.
   */
  batch(): ModelCalls {
    const documents = new WeakMap<object, Maybe<Prompt>>();
    const prompts = new Map<string, Maybe<Prompt>>();
    const providers = new Map<string, Maybe<ProviderInfo>>();
    const prices = new Map<string, Maybe<ModelPrice | null>>();
    let context: Maybe<RenderContext> | undefined;
    const lookups: Lookups = {
      resolve: (ref) => {
        const document = ref.document;
        if (typeof document === 'object' && document !== null) {
          const known = documents.get(document);
          if (known !== undefined) return known;
          const prompt = this.deps.resolve(ref);
          documents.set(document, prompt);
          return prompt;
        }
        if (document !== undefined) return this.deps.resolve(ref);
        const name = `${ref.id ?? ''}\n${ref.version ?? ''}\n${ref.label ?? ''}`;
        return remember(prompts, name, () => this.deps.resolve(ref));
      },
      provider: (name) => remember(providers, name, () => this.providers.get(name)),
      price: (provider, model) =>
        remember(prices, `${provider}\n${model}`, () => this.prices.find(provider, model)),
      context: () => (context ??= this.deps.context()),
    };
    return { run: (request, hooks) => this.runWith(lookups, request, hooks) };
  }

  /** The model a run uses: `--model`, else the prompt's first recommendation that maps. */
  pickModel(prompt: Prompt, requested: string | undefined): ModelName {
    if (requested !== undefined) {
      const name = parseModelName(requested);
      if (name === null) {
        throw new AppError(
          'invalid_input',
          `Model '${requested}' names no provider: write it as provider:model (openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, ollama:llama3.2)`,
          { reason: 'model_required' },
        );
      }
      return name;
    }
    for (const recommended of prompt.metadata?.model_recommendations ?? []) {
      const name = typeof recommended === 'string' ? parseModelName(recommended) : null;
      if (name !== null) return name;
    }
    throw new AppError(
      'invalid_input',
      `Prompt '${prompt.id}' recommends no model we can map to a provider: name one with --model provider:model`,
      { reason: 'model_required' },
    );
  }

  /** Renders and sends a prompt, streaming events to `hooks.onEvent`; resolves with the result. */
  run(request: RunRequest, hooks: RunHooks = {}): Promise<RunResult> {
    return this.runWith(this.lookups, request, hooks);
  }

  private async runWith(
    lookups: Lookups,
    request: RunRequest,
    hooks: RunHooks = {},
  ): Promise<RunResult> {
    const prompt = await lookups.resolve(request);
    const name = this.pickModel(prompt, request.model);
    const provider = await lookups.provider(name.provider);
    const started = this.nowMs();
    const label = modelLabel(name);
    // A run of unsaved changes names no version.
    const version = request.document !== undefined ? null : prompt.version;
    const metric: CallMetric = { prompt_id: prompt.id, version, model: label, detail: label };
    try {
      return await this.call({ prompt, name, provider, metric }, lookups, request, hooks);
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal';
      this.deps.metrics.record({
        kind: 'model',
        ...metric,
        duration_us: Math.max(0, (this.nowMs() - started) * 1000),
        ok: false,
        error_code: code,
      });
      hooks.onEvent?.({
        type: 'error',
        error: {
          code,
          message: error instanceof Error ? error.message : String(error),
          ...(error instanceof AppError && typeof error.details?.status === 'number'
            ? { status: error.details.status }
            : {}),
        },
      });
      throw error;
    }
  }

  private async call(
    target: { prompt: Prompt; name: ModelName; provider: ProviderInfo; metric: CallMetric },
    lookups: Lookups,
    request: RunRequest,
    hooks: RunHooks,
  ): Promise<RunResult> {
    const { prompt, name, provider, metric } = target;
    const baseUrl =
      request.base_url !== undefined ? checkBaseUrl(request.base_url) : provider.base_url;
    const context = await lookups.context();
    const output = renderPrompt(prompt, request.variables, context);
    const adapter = this.adapters[provider.kind];
    const settings: RunSettings = {};
    if (request.temperature !== undefined) settings.temperature = request.temperature;
    if (request.max_tokens !== undefined) settings.max_tokens = request.max_tokens;
    const body = adapter.body(prompt, output, name.model, settings);
    // The cache is read unless the call skips it (or replays from it), written unless it skips it.
    const cached = request.no_cache !== true || request.replay === true;
    const key = cached ? cacheKey({ kind: provider.kind, baseUrl, model: name.model, body }) : '';

    if (cached) {
      const lookup = this.nowMs();
      const hit = await this.cache.get(key);
      if (hit !== null) {
        const result = this.finish(prompt, name, context, hit, true);
        if (hit.output !== '') hooks.onEvent?.({ type: 'delta', text: hit.output });
        hooks.onEvent?.({
          type: 'usage',
          input_tokens: hit.input_tokens,
          output_tokens: hit.output_tokens,
        });
        this.deps.metrics.record({
          kind: 'model',
          ...metric,
          duration_us: Math.max(0, (this.nowMs() - lookup) * 1000),
          ok: true,
          ttft_us: null,
          input_tokens: hit.input_tokens,
          output_tokens: hit.output_tokens,
          cost_usd: 0,
          cached: true,
        });
        hooks.onEvent?.({ type: 'done', result });
        return result;
      }
    }

    if (request.replay === true) {
      // Replay answers from the cache alone: a miss fails this call and never reaches the network.
      throw new AppError(
        'not_found',
        `No cached answer for this call to ${modelLabel(name)}: --replay answers only from the cache (run once without it to record answers)`,
        { reason: 'cache_miss' },
      );
    }
    // The key is read only for a call that goes out (a cached or replayed answer needs none).
    const apiKey = this.keyOf(provider);
    const limit = request.concurrency ?? RUN_DEFAULTS.concurrency;
    const release = await this.limiter(provider.name, limit).acquire(hooks.signal);
    let gathered: Gathered;
    let latencyMs: number;
    try {
      const start = this.nowMs();
      gathered = await this.attempts(
        { baseUrl, apiKey, body, adapter, start, providerName: provider.name },
        request,
        hooks,
      );
      latencyMs = this.nowMs() - start;
    } finally {
      release();
    }
    const price = await lookups.price(name.provider, name.model);
    const answer: CachedAnswer = {
      output: gathered.text,
      finish_reason: gathered.finish,
      input_tokens: gathered.inputTokens,
      output_tokens: gathered.outputTokens,
      latency_ms: round(latencyMs),
      ttft_ms: gathered.ttftMs === null ? null : round(gathered.ttftMs),
      cost_usd: costOf(price, gathered.inputTokens, gathered.outputTokens),
    };
    if (request.no_cache !== true) await this.cache.put(key, provider.name, name.model, answer);
    const result = this.finish(prompt, name, context, answer, false);
    hooks.onEvent?.({
      type: 'usage',
      input_tokens: answer.input_tokens,
      output_tokens: answer.output_tokens,
    });
    this.deps.metrics.record({
      kind: 'model',
      ...metric,
      duration_us: latencyMs * 1000,
      ok: true,
      ttft_us: gathered.ttftMs === null ? null : gathered.ttftMs * 1000,
      input_tokens: answer.input_tokens,
      output_tokens: answer.output_tokens,
      cost_usd: answer.cost_usd,
      cached: false,
    });
    hooks.onEvent?.({ type: 'done', result });
    return result;
  }

  /** Tries the call until it answers, fails for good, or runs out of retries. */
  private async attempts(
    call: {
      baseUrl: string;
      apiKey: string | null;
      body: Record<string, unknown>;
      adapter: AdapterTable[keyof AdapterTable];
      start: number;
      providerName: string;
    },
    request: RunRequest,
    hooks: RunHooks,
  ): Promise<Gathered> {
    const retries = request.retries ?? RUN_DEFAULTS.retries;
    const idleMs = (request.timeout_s ?? RUN_DEFAULTS.timeout_s) * 1000;
    for (let attempt = 0; ; attempt += 1) {
      if (hooks.signal?.aborted) throw cancelled();
      const controller = new AbortController();
      const onAbort = (): void => controller.abort();
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      const gathered: Gathered = {
        text: '',
        ttftMs: null,
        inputTokens: null,
        outputTokens: null,
        finish: null,
      };
      let failure: ProviderFailure | null = null;
      try {
        const events = withIdleTimeout(
          call.adapter.stream({
            baseUrl: call.baseUrl,
            apiKey: call.apiKey,
            body: call.body,
            signal: controller.signal,
          }),
          idleMs,
          () => controller.abort(),
        );
        for await (const event of events) {
          if (event.type === 'delta') {
            if (gathered.ttftMs === null) gathered.ttftMs = this.nowMs() - call.start;
            gathered.text += event.text;
            hooks.onEvent?.({ type: 'delta', text: event.text });
          } else if (event.type === 'usage') {
            if (event.input_tokens !== undefined) gathered.inputTokens = event.input_tokens;
            if (event.output_tokens !== undefined) gathered.outputTokens = event.output_tokens;
          } else if (event.type === 'done') {
            gathered.finish = event.finish_reason;
          } else {
            failure = event.failure;
          }
        }
      } finally {
        hooks.signal?.removeEventListener('abort', onAbort);
      }
      // An SDK may end an aborted stream quietly, as if it were complete.
      if (hooks.signal?.aborted) throw cancelled();
      if (failure === null) return gathered;
      if (failure.aborted) throw cancelled();
      const said = redactSecrets(failure.message, call.apiKey === null ? [] : [call.apiKey]);
      // A connection that never answered: name where it went (base URLs carry no credentials).
      const message =
        failure.status === null && failure.retryable && gathered.text === ''
          ? `${said} (${call.baseUrl})`
          : said;
      // Text already streamed cannot be taken back, so a call that broke after it is not retried.
      if (failure.retryable && gathered.text === '' && attempt < retries) {
        const delay = backoffMs(attempt + 1, failure);
        hooks.onEvent?.({
          type: 'retry',
          attempt: attempt + 1,
          delay_ms: delay,
          reason: failure.status === null ? message : `${failure.status} ${message}`,
        });
        await this.wait(delay, hooks.signal);
        continue;
      }
      const status = failure.status === null ? '' : ` ${failure.status}`;
      const partial = gathered.text === '' ? '' : ` after ${gathered.text.length} characters`;
      const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
      throw new AppError(
        'provider_error',
        `Provider '${call.providerName}' failed${status}${partial}: ${message}${tries}`,
        {
          provider: call.providerName,
          ...(failure.status === null ? {} : { status: failure.status }),
        },
      );
    }
  }

  /** The result of a call (fresh or cached), with the answer checked against the output schema. */
  private finish(
    prompt: Prompt,
    name: ModelName,
    context: RenderContext,
    answer: CachedAnswer,
    cached: boolean,
  ): RunResult {
    return {
      output: answer.output,
      model: modelLabel(name),
      provider: name.provider,
      latency_ms: answer.latency_ms,
      ttft_ms: answer.ttft_ms,
      input_tokens: answer.input_tokens,
      output_tokens: answer.output_tokens,
      cost_usd: answer.cost_usd,
      finish_reason: answer.finish_reason,
      cached,
      schema_errors: schemaErrors(prompt, answer.output, context),
    };
  }

  /** The key for a provider, read now from where keys live; an error names the variable. */
  private keyOf(provider: ProviderInfo): string | null {
    if (provider.api_key_env === null) return null;
    const key = this.deps.keys(provider.api_key_env);
    if (key === undefined || key.trim() === '') {
      throw new AppError(
        'invalid_input',
        `Provider '${provider.name}' needs a key: set ${provider.api_key_env} in the environment`,
        { provider: provider.name, variable: provider.api_key_env },
      );
    }
    return key.trim();
  }

  private limiter(provider: string, limit: number): Limiter {
    const name = `${provider}#${limit}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = new Limiter(limit);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** The value kept under `name`, read once. */
function remember<T>(kept: Map<string, T>, name: string, read: () => T): T {
  if (kept.has(name)) return kept.get(name) as T;
  const value = read();
  kept.set(name, value);
  return value;
}

/** The answer checked against the prompt's output schema; [] without one. */
export function schemaErrors(
  prompt: Prompt,
  output: string,
  context: RenderContext,
): SchemaError[] {
  if (
    prompt.output_schema === null ||
    prompt.output_schema === undefined ||
    prompt.output_schema === ''
  ) {
    return [];
  }
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(output);
  let data: unknown;
  try {
    data = JSON.parse(fenced ? (fenced[1] ?? '') : output);
  } catch {
    return [{ path: '', rule: 'json', message: 'The answer is not valid JSON' }];
  }
  try {
    validateOutput(prompt, data, context);
    return [];
  } catch (error) {
    if (error instanceof AppError && error.code === 'schema_violation') {
      const issues = (error.details?.issues ?? []) as FieldIssue[];
      return issues.map((issue) => ({
        path: issue.path,
        message: issue.message,
        rule: issue.rule,
      }));
    }
    const message = error instanceof Error ? error.message : String(error);
    return [{ path: '', rule: 'schema', message }];
  }
}
