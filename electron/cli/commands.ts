// The `pwb` commands: each parses its flags, builds a contract request and prints the answer.
import { resolve } from 'node:path';
import { AppError } from '../../src-shared/errors';
import { PROVIDERS } from '../../src-shared/contract/dto';
import type { PromptPage, Provider } from '../../src-shared/contract/dto';
import { BUMP_LEVELS, PROMPT_FORMATS, PROMPT_STATUSES } from '../../src-shared/model/prompt';
import { EXPORT_FORMATS, type ExportFormat } from '../../src-shared/formats/exportFormats';
import type { BumpLevel, Prompt, PromptFormat, PromptStatus } from '../../src-shared/model/prompt';
import { MAX_YAML_BYTES, parseYaml } from '../../src-shared/yaml/parseYaml';
import { stringifyPrompt } from '../../src-shared/yaml/stringifyDocuments';
import type { Dispatcher } from '../services/dispatch';
import type { CliIo } from './io';
import { MAX_JSON_INPUT_BYTES, readInputFile } from './readInput';
import { UsageError } from './usage';
import { readVariables } from './variables';
import { RUN_COMMANDS } from './runCommands';
import { TEST_COMMANDS } from './testCommands';
import { TEAM_COMMANDS } from './teamCommands';
import { call, flags, json } from './commandKit';

/** What a command gets to work with. */
export interface CommandContext {
  dispatcher: Dispatcher;
  io: CliIo;
  args: string[];
}

function positional(values: string[], index: number, name: string, command: string): string {
  const value = values[index];
  if (value === undefined || value === '') throw new UsageError(`${command}: missing <${name}>`);
  return value;
}

function noExtra(values: string[], count: number, command: string): void {
  if (values.length > count) {
    throw new UsageError(`${command}: unexpected argument '${values[count]}'`);
  }
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Most prompts asked for in one listPrompts call (the API's own largest page). */
const LIST_PAGE = 10_000;

/** A flag's value as a whole number of at least `min`; anything else is a usage error. */
function wholeNumber(value: string, flag: string, min: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min) {
    throw new UsageError(`${flag} must be a whole number, ${min} or more`);
  }
  return number;
}

const variableOptions = {
  vars: { type: 'string' },
  'vars-file': { type: 'string' },
  var: { type: 'string', multiple: true },
  version: { type: 'string' },
  label: { type: 'string' },
} as const;

/** `--version V` or `--label L` (not both), as a prompt reference's fields. */
function versionOrLabel(values: { version?: string; label?: string }, command: string) {
  if (values.version !== undefined && values.label !== undefined) {
    throw new UsageError(`${command}: --version and --label name the same thing; give one`);
  }
  return {
    ...(values.version !== undefined ? { version: values.version } : {}),
    ...(values.label !== undefined ? { label: values.label } : {}),
  };
}

async function importCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(
    ctx.args,
    { json: { type: 'boolean' }, 'allow-secrets': { type: 'boolean' } },
    'import',
  );
  if (positionals.length === 0) throw new UsageError('import: missing <path>');
  const paths = positionals.map((path) => resolve(ctx.io.cwd, path));
  const report = await call(ctx, 'importFolder', {
    paths,
    allowSecrets: values['allow-secrets'] === true,
  });
  if (values.json) {
    ctx.io.stdout(json(report));
    return;
  }
  const cases = report.tests > 0 ? `, ${report.tests} test case(s)` : '';
  const labels = report.labels > 0 ? `, ${report.labels} label(s)` : '';
  ctx.io.stdout(
    `Imported ${report.prompts} prompt(s), ${report.versions} version(s), ${report.schemas} schema(s)${cases}${labels}.\n`,
  );
  for (const conflict of report.conflicts) {
    ctx.io.stdout(
      `conflict: ${conflict.id} ${conflict.version} differs between ${conflict.files.join(' and ')} (kept ${conflict.files[0]})\n`,
    );
  }
  for (const conflict of report.schema_conflicts) {
    ctx.io.stdout(
      `conflict: schema ${conflict.name} differs between ${conflict.files.join(' and ')} (kept ${conflict.files[0]}, the last in path order)\n`,
    );
  }
  for (const file of report.skipped) {
    const item = file.item === undefined ? '' : ` ${file.item}`;
    ctx.io.stdout(`skipped: ${file.file}${item}: ${file.reason}\n`);
  }
}

async function exportCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(ctx.args, { format: { type: 'string' } }, 'export');
  const dir = positional(positionals, 0, 'dir', 'export');
  noExtra(positionals, 1, 'export');
  const format = oneOf<ExportFormat>(values.format, EXPORT_FORMATS, '--format');
  const result = await call(ctx, 'exportFolder', {
    path: resolve(ctx.io.cwd, dir),
    ...(format === undefined ? {} : { format }),
  });
  ctx.io.stdout(`Wrote ${result.files} file(s) to ${dir}\n`);
}

async function listCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(
    ctx.args,
    {
      tag: { type: 'string', multiple: true },
      status: { type: 'string' },
      category: { type: 'string' },
      format: { type: 'string' },
      search: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      json: { type: 'boolean' },
    },
    'list',
  );
  noExtra(positionals, 0, 'list');
  const status = oneOf<PromptStatus>(values.status, PROMPT_STATUSES, '--status');
  const format = oneOf<PromptFormat>(values.format, PROMPT_FORMATS, '--format');
  const limit = values.limit === undefined ? undefined : wholeNumber(values.limit, '--limit', 1);
  const offset = values.offset === undefined ? 0 : wholeNumber(values.offset, '--offset', 0);
  const query = {
    ...(values.tag ? { tags: values.tag } : {}),
    ...(status ? { status } : {}),
    ...(values.category !== undefined ? { category: values.category } : {}),
    ...(format ? { format } : {}),
    ...(values.search !== undefined ? { search: values.search } : {}),
  };
  // No default limit: the API answers in pages of at most LIST_PAGE, so read page after page.
  const items: PromptPage['items'] = [];
  let total: number;
  for (;;) {
    const want = limit === undefined ? LIST_PAGE : Math.min(LIST_PAGE, limit - items.length);
    const page = await call(ctx, 'listPrompts', {
      ...query,
      limit: want,
      offset: offset + items.length,
    });
    items.push(...page.items);
    total = page.total;
    const done = limit !== undefined && items.length >= limit;
    if (done || page.items.length < want || offset + items.length >= total) break;
  }
  if (items.length > 0 && (offset > 0 || offset + items.length < total)) {
    ctx.io.stderr(`${offset + 1}–${offset + items.length} of ${total}\n`);
  } else if (items.length === 0 && total > 0) {
    ctx.io.stderr(`none from ${offset + 1}: ${total} in all\n`);
  }
  const rows = items.map((item) =>
    pick(item, ['id', 'version', 'format', 'status', 'tags', 'category', 'description']),
  );
  const width = Math.max(0, ...rows.map((row) => row.id.length));
  printRows(ctx, rows, values.json, {
    empty: 'No prompts. Import some with: pwb import <folder>\n',
    line: (row) => {
      const tags = row.tags.length > 0 ? `  [${row.tags.join(', ')}]` : '';
      return `${row.id.padEnd(width)}  ${row.version.padEnd(8)} ${row.format.padEnd(11)} ${row.status}${tags}\n`;
    },
  });
}

async function showCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(
    ctx.args,
    { version: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' } },
    'show',
  );
  const id = positional(positionals, 0, 'id', 'show');
  noExtra(positionals, 1, 'show');
  const prompt = await call(ctx, 'getPrompt', { id, ...versionOrLabel(values, 'show') });
  ctx.io.stdout(values.json ? json(prompt) : stringifyPrompt(prompt));
}

async function historyCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(ctx.args, { json: { type: 'boolean' } }, 'history');
  const id = positional(positionals, 0, 'id', 'history');
  noExtra(positionals, 1, 'history');
  const versions = await call(ctx, 'getHistory', { id });
  const rows = versions.map((v) => pick(v, ['version', 'changelog', 'created_at', 'author']));
  printRows(ctx, rows, values.json, {
    line: (row) =>
      `${row.version.padEnd(10)} ${row.created_at}  ${row.author ?? '-'}  ${row.changelog ?? ''}\n`,
  });
}

/** The listed keys of `source` in that order: the stable shape of the CLI's JSON rows. */
function pick<T, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = source[key];
  return out;
}

/** Prints rows as one JSON list with --json; else a line each, or `empty` when there are none. */
function printRows<T>(
  ctx: CommandContext,
  rows: readonly T[],
  asJson: boolean | undefined,
  text: { line: (row: T) => string; empty?: string },
): void {
  if (asJson) ctx.io.stdout(json(rows));
  else if (rows.length > 0) for (const row of rows) ctx.io.stdout(text.line(row));
  else if (text.empty !== undefined) ctx.io.stdout(text.empty);
}

async function saveCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(
    ctx.args,
    {
      file: { type: 'string' },
      base: { type: 'string' },
      bump: { type: 'string' },
      changelog: { type: 'string' },
      'allow-secrets': { type: 'boolean' },
    },
    'save',
  );
  const id = positional(positionals, 0, 'id', 'save');
  noExtra(positionals, 1, 'save');
  if (values.file === undefined) throw new UsageError('save: missing --file PROMPT.yaml');
  const bump = oneOf<BumpLevel>(values.bump, BUMP_LEVELS, '--bump');
  const text = await readInputFile(resolve(ctx.io.cwd, values.file), values.file, MAX_YAML_BYTES);
  const document = parseYaml(text, values.file);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new AppError('invalid_input', `${values.file}: expected a prompt document (a mapping)`);
  }
  const docId = (document as { id?: unknown }).id;
  if (docId !== undefined && docId !== id) {
    throw new AppError(
      'invalid_input',
      `${values.file} holds prompt '${String(docId)}', not '${id}'`,
    );
  }
  const saved = await call(ctx, 'savePrompt', {
    document: { ...(document as Prompt), id },
    base: values.base ?? null,
    ...(bump ? { bump } : {}),
    changelog: values.changelog ?? null,
    ...(values['allow-secrets'] ? { allowSecrets: true } : {}),
  });
  ctx.io.stdout(`${saved.version}\n`);
}

async function renderCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(ctx.args, variableOptions, 'render');
  const id = positional(positionals, 0, 'id', 'render');
  noExtra(positionals, 1, 'render');
  const variables = await readVariables(values, ctx.io.cwd);
  const result = await call(ctx, 'renderPreview', {
    id,
    ...versionOrLabel(values, 'render'),
    variables,
  });
  if (result.kind === 'chat') ctx.io.stdout(json(result.messages));
  else ctx.io.stdout(result.text);
}

async function convertCommand(ctx: CommandContext): Promise<void> {
  const { values, positionals } = flags(
    ctx.args,
    { ...variableOptions, to: { type: 'string' }, merge: { type: 'boolean' } },
    'convert',
  );
  const id = positional(positionals, 0, 'id', 'convert');
  noExtra(positionals, 1, 'convert');
  if (values.to === undefined) throw new UsageError(`convert: missing --to ${PROVIDERS.join('|')}`);
  const provider = oneOf<Provider>(values.to, PROVIDERS, '--to') as Provider;
  const variables = await readVariables(values, ctx.io.cwd);
  const result = await call(ctx, 'exportPrompt', {
    id,
    ...versionOrLabel(values, 'convert'),
    provider,
    variables,
    ...(values.merge ? { mergeConsecutive: true } : {}),
  });
  ctx.io.stdout(json(result.payload));
}

async function validateCommand(ctx: CommandContext): Promise<void> {
  const { positionals } = flags(ctx.args, {}, 'validate');
  const name = positional(positionals, 0, 'schema', 'validate');
  noExtra(positionals, 2, 'validate');
  const source = positionals[1] ?? '-';
  let text: string;
  if (source === '-') text = await ctx.io.readStdin();
  else {
    text = await readInputFile(resolve(ctx.io.cwd, source), source, MAX_JSON_INPUT_BYTES);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError(
      'invalid_input',
      `${source === '-' ? 'standard input' : source} is not valid JSON`,
    );
  }
  const result = await call(ctx, 'testSchema', { name, data });
  if (result.ok) {
    ctx.io.stdout(json(result.value));
    return;
  }
  const lines = result.issues.map(
    (issue) => `  ${issue.path || '(root)'}: ${issue.message} [${issue.rule}]`,
  );
  throw new AppError('schema_violation', `${result.message}\n${lines.join('\n')}`);
}

async function diffCommand(ctx: CommandContext): Promise<void> {
  const { positionals } = flags(ctx.args, {}, 'diff');
  const id = positional(positionals, 0, 'id', 'diff');
  const from = positional(positionals, 1, 'v1', 'diff');
  const to = positional(positionals, 2, 'v2', 'diff');
  noExtra(positionals, 3, 'diff');
  const diff = await call(ctx, 'diffVersions', { id, from, to });
  ctx.io.stdout(diff.unified);
}

/** Every command that works on the library (serve is wired separately: it keeps running). */
export const COMMANDS: Record<string, (ctx: CommandContext) => Promise<void | number>> = {
  import: importCommand,
  export: exportCommand,
  list: listCommand,
  show: showCommand,
  history: historyCommand,
  save: saveCommand,
  render: renderCommand,
  convert: convertCommand,
  validate: validateCommand,
  diff: diffCommand,
  ...RUN_COMMANDS,
  ...TEST_COMMANDS,
  ...TEAM_COMMANDS,
};
