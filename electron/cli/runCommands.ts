// `pwb run`, `pwb providers` and `pwb cache`: model runs streamed to stdout, providers, the cache.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { RunJobEvent } from '../../src-shared/contract/events';
import type { RunRequest } from '../../src-shared/contract/operations';
import type { Prompt } from '../../src-shared/model/prompt';
import { USER_PROVIDER_KINDS } from '../../src-shared/models/providers';
import type { UserProviderKind } from '../../src-shared/models/providers';
import type { RunResult } from '../../src-shared/models/runs';
import { MAX_YAML_BYTES, parseYaml } from '../../src-shared/yaml/parseYaml';
import type { CommandContext } from './commands';
import { call, flags, numberFlag } from './commandKit';
import { readInputFile } from './readInput';
import { UsageError } from './usage';
import { readVariables } from './variables';

const runOptions = {
  version: { type: 'string' },
  label: { type: 'string' },
  file: { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  vars: { type: 'string' },
  'vars-file': { type: 'string' },
  var: { type: 'string', multiple: true },
  temperature: { type: 'string' },
  'max-tokens': { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  concurrency: { type: 'string' },
  json: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
} as const;

/** The prompt a run names: an id in the library, or a document read from --file. */
async function promptOf(
  ctx: CommandContext,
  id: string | undefined,
  file: string | undefined,
  version: string | undefined,
  label: string | undefined,
): Promise<Pick<RunRequest, 'id' | 'version' | 'label' | 'document'>> {
  if (version !== undefined && label !== undefined) {
    throw new UsageError('run: --version and --label name the same thing; give one');
  }
  if (file === undefined) {
    if (id === undefined) throw new UsageError('run: missing <id> (or --file PROMPT.yaml)');
    return {
      id,
      ...(version !== undefined ? { version } : {}),
      ...(label !== undefined ? { label } : {}),
    };
  }
  if (version !== undefined || label !== undefined)
    throw new UsageError('run: --version and --label name saved versions; not with --file');
  const text = await readInputFile(resolve(ctx.io.cwd, file), file, MAX_YAML_BYTES);
  const document = parseYaml(text, file);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new AppError('invalid_input', `${file}: expected a prompt document (a mapping)`);
  }
  const docId = (document as { id?: unknown }).id;
  if (id !== undefined && docId !== undefined && docId !== id) {
    throw new UsageError(`run: ${file} holds prompt '${String(docId)}', not '${id}'`);
  }
  return { document: { ...(document as Prompt), ...(id !== undefined ? { id } : {}) } };
}

/** One line about a finished run, for stderr (stdout keeps the answer alone). */
function summary(result: RunResult): string {
  const parts = [result.model, `${Math.round(result.latency_ms)} ms`];
  if (result.ttft_ms !== null) parts.push(`first token ${Math.round(result.ttft_ms)} ms`);
  if (result.input_tokens !== null || result.output_tokens !== null) {
    parts.push(`${result.input_tokens ?? '?'} in / ${result.output_tokens ?? '?'} out tokens`);
  }
  parts.push(result.cost_usd === null ? 'cost unknown' : `$${result.cost_usd.toFixed(6)}`);
  if (result.finish_reason !== null) parts.push(result.finish_reason);
  if (result.cached) parts.push('cached');
  return `pwb: ${parts.join(' · ')}\n`;
}

async function runCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(ctx.args, runOptions, 'run');
  if (positionals.length > 1) throw new UsageError(`run: unexpected argument '${positionals[1]}'`);
  const prompt = await promptOf(ctx, positionals[0], values.file, values.version, values.label);
  if (values.model !== undefined && values.model.trim() === '') {
    throw new UsageError('run: --model needs a value such as openai:gpt-4o-mini');
  }
  const settings = {
    temperature: numberFlag(values.temperature, '--temperature', { min: 0, max: 2 }),
    max_tokens: numberFlag(values['max-tokens'], '--max-tokens', {
      min: 1,
      max: 1_000_000,
      integer: true,
    }),
    timeout_s: numberFlag(values.timeout, '--timeout', { min: 0, max: 3600, above: true }),
    retries: numberFlag(values.retries, '--retries', { min: 0, max: 10, integer: true }),
    concurrency: numberFlag(values.concurrency, '--concurrency', {
      min: 1,
      max: 64,
      integer: true,
    }),
  };
  const variables = await readVariables(values, ctx.io.cwd);
  const job = randomUUID();
  const request: RunRequest = {
    ...prompt,
    variables,
    job,
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['base-url'] !== undefined ? { base_url: values['base-url'] } : {}),
    ...(values['no-cache'] ? { no_cache: true } : {}),
  };
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined) Object.assign(request, { [key]: value });
  }
  const asJson = values.json === true;
  let printed = '';
  const onEvent = ({ event }: RunJobEvent): void => {
    if (event.type === 'delta' && !asJson) {
      printed += event.text;
      ctx.io.stdout(event.text);
    } else if (event.type === 'retry') {
      ctx.io.stderr(`pwb: retrying in ${(event.delay_ms / 1000).toFixed(1)} s (${event.reason})\n`);
    }
  };
  // Ctrl+C cancels the run (through the contract, as Stop does in the app).
  const onSigint = (): void => void ctx.dispatcher.dispatch('cancelRun', { job });
  process.on('SIGINT', onSigint);
  let result: RunResult;
  try {
    result = await call(ctx, 'runPrompt', request, { onRunEvent: onEvent });
  } catch (error) {
    if (printed !== '' && !printed.endsWith('\n')) ctx.io.stdout('\n');
    if (error instanceof AppError && error.details?.reason === 'model_required') {
      throw new UsageError(`run: ${error.message}`);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (asJson) {
    ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (!result.output.endsWith('\n')) ctx.io.stdout('\n');
  ctx.io.stderr(summary(result));
  for (const issue of result.schema_errors) {
    ctx.io.stderr(
      `pwb: output schema: ${issue.path || '(root)'}: ${issue.message} [${issue.rule}]\n`,
    );
  }
}

async function providersCommand(ctx: CommandContext): Promise<void> {
  const [action, ...rest] = ctx.args;
  if (action === 'list') {
    const { values, positionals } = flags(rest, { json: { type: 'boolean' } }, 'providers list');
    if (positionals.length > 0)
      throw new UsageError(`providers list: unexpected argument '${positionals[0]}'`);
    const providers = (await call(ctx, 'listProviders', {})).map(
      ({ name, kind, base_url, api_key_env }) => ({
        name,
        kind,
        base_url,
        api_key_env,
      }),
    );
    if (values.json) {
      ctx.io.stdout(`${JSON.stringify(providers, null, 2)}\n`);
      return;
    }
    const width = Math.max(...providers.map((provider) => provider.name.length));
    for (const provider of providers) {
      const key = provider.api_key_env === null ? 'no key' : `key from $${provider.api_key_env}`;
      ctx.io.stdout(
        `${provider.name.padEnd(width)}  ${provider.kind.padEnd(17)}  ${provider.base_url}  (${key})\n`,
      );
    }
    return;
  }
  if (action === 'add') {
    const { values, positionals } = flags(
      rest,
      {
        kind: { type: 'string' },
        'base-url': { type: 'string' },
        'api-key-env': { type: 'string' },
      },
      'providers add',
    );
    const name = positionals[0];
    if (name === undefined || name === '') throw new UsageError('providers add: missing <name>');
    if (positionals.length > 1)
      throw new UsageError(`providers add: unexpected argument '${positionals[1]}'`);
    if (values.kind === undefined) {
      throw new UsageError(`providers add: missing --kind ${USER_PROVIDER_KINDS.join('|')}`);
    }
    if (!(USER_PROVIDER_KINDS as readonly string[]).includes(values.kind)) {
      throw new UsageError(
        `providers add: --kind must be one of ${USER_PROVIDER_KINDS.join(', ')}`,
      );
    }
    if (values['base-url'] === undefined)
      throw new UsageError('providers add: missing --base-url URL');
    const added = await call(ctx, 'addProvider', {
      name,
      kind: values.kind as UserProviderKind,
      base_url: values['base-url'],
      ...(values['api-key-env'] !== undefined ? { api_key_env: values['api-key-env'] } : {}),
    });
    ctx.io.stdout(`Added provider '${added.name}' (${added.kind}, ${added.base_url})\n`);
    return;
  }
  if (action === 'remove') {
    const { positionals } = flags(rest, {}, 'providers remove');
    const name = positionals[0];
    if (name === undefined || name === '') throw new UsageError('providers remove: missing <name>');
    if (positionals.length > 1)
      throw new UsageError(`providers remove: unexpected argument '${positionals[1]}'`);
    await call(ctx, 'removeProvider', { name });
    ctx.io.stdout(`Removed provider '${name}'\n`);
    return;
  }
  throw new UsageError(
    action === undefined
      ? 'providers: missing add|list|remove'
      : `providers: unknown action '${action}' (add, list, remove)`,
  );
}

async function cacheCommand(ctx: CommandContext): Promise<void> {
  const [action, ...rest] = ctx.args;
  if (action !== 'clear') {
    throw new UsageError(
      action === undefined ? 'cache: missing clear' : `cache: unknown action '${action}' (clear)`,
    );
  }
  const { positionals } = flags(rest, {}, 'cache clear');
  if (positionals.length > 0)
    throw new UsageError(`cache clear: unexpected argument '${positionals[0]}'`);
  const { cleared } = await call(ctx, 'clearCache', {});
  ctx.io.stdout(`Cleared ${cleared} cached answer(s)\n`);
}

/** The model commands, merged into the command table. */
export const RUN_COMMANDS: Record<string, (ctx: CommandContext) => Promise<void>> = {
  run: runCommand,
  providers: providersCommand,
  cache: cacheCommand,
};
