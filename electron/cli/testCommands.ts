// `pwb test`, `pwb tests`, `pwb runs`, `pwb label` and `pwb apikey`: evaluation as a CI gate,
// test cases from rows, stored runs, labels and the read API's keys.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { EvalJobEvent } from '../../src-shared/contract/events';
import type { EvaluationRequest } from '../../src-shared/contract/operations';
import type { EvalCell, EvalRun } from '../../src-shared/evaluation/runs';
import type { Prompt } from '../../src-shared/model/prompt';
import type { CommandContext } from './commands';
import { call, exactly, flags, json, numberFlag } from './commandKit';
import { readInputFile } from './readInput';
import { writeFileDurably } from '../services/files/durableWrite';
import { UsageError } from './usage';
import { readTestsFile } from '../../src-shared/library/readLibrary';
import { MAX_YAML_BYTES, parseYaml } from '../../src-shared/yaml/parseYaml';

/** Largest CSV or JSONL file of test rows. */
const MAX_ROWS_BYTES = 20 * 1024 * 1024;

const FAIL_ON = ['failures', 'regressions'] as const;

async function testCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = flags(
    ctx.args,
    {
      version: { type: 'string', multiple: true },
      label: { type: 'string', multiple: true },
      model: { type: 'string', multiple: true },
      judge: { type: 'string' },
      concurrency: { type: 'string' },
      replay: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      junit: { type: 'string' },
      json: { type: 'boolean' },
      baseline: { type: 'boolean' },
      'fail-on': { type: 'string' },
      estimate: { type: 'boolean' },
      file: { type: 'string' },
    },
    'test',
  );
  const failOn = values['fail-on'] ?? 'failures';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(`test: --fail-on must be one of ${FAIL_ON.join(', ')}`);
  }
  if (values.replay && values['no-cache']) {
    throw new UsageError('test: --replay answers from the cache; it cannot go with --no-cache');
  }
  for (const model of values.model ?? []) {
    if (!/^[^:\s]+:\S+$/.test(model)) {
      throw new UsageError(`test: --model must be provider:model, got '${model}'`);
    }
  }
  const concurrency = numberFlag(values.concurrency, '--concurrency', {
    min: 1,
    max: 64,
    integer: true,
  });
  if (values.file !== undefined && (values.version?.length || values.label?.length)) {
    throw new UsageError('test: --version and --label name saved versions; not with --file');
  }
  const fromFile =
    values.file === undefined ? undefined : await promptFile(ctx, values.file, positionals);
  const request: EvaluationRequest = {
    ...(fromFile ? fromFile : positionals.length > 0 ? { prompts: positionals } : {}),
    ...(values.version?.length ? { versions: values.version } : {}),
    ...(values.label?.length ? { labels: values.label } : {}),
    ...(values.model?.length ? { models: values.model } : {}),
    ...(values.judge !== undefined ? { judge: values.judge } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(values.replay ? { replay: true } : {}),
    ...(values['no-cache'] ? { no_cache: true } : {}),
    ...(values.baseline ? { baseline: true } : {}),
  };
  if (values.estimate) {
    const estimate = await call(ctx, 'estimateEvaluation', request);
    if (values.json) {
      ctx.io.stdout(json(estimate));
      return 0;
    }
    const judge = estimate.judge_calls > 0 ? ` and ${estimate.judge_calls} to the judge` : '';
    ctx.io.stdout(
      `${estimate.calls} call(s)${judge}, about ${estimate.input_tokens} input tokens, ` +
        `about $${estimate.cost_usd.toFixed(4)}\n`,
    );
    if (estimate.unpriced.length > 0) {
      ctx.io.stdout(`no price known for ${estimate.unpriced.join(', ')}: not counted\n`);
    }
    return 0;
  }
  const job = randomUUID();
  const asJson = values.json === true;
  const onEvalEvent = ({ event }: EvalJobEvent): void => {
    if (event.type === 'cell' && !asJson) ctx.io.stderr(progressLine(event.cell));
  };
  // Ctrl+C stops the evaluation (through the contract, as Stop does in the app).
  const onSigint = (): void => void ctx.dispatcher.dispatch('cancelEvaluation', { job });
  process.on('SIGINT', onSigint);
  let run: EvalRun;
  try {
    run = await call(ctx, 'runEvaluation', { ...request, job }, { onEvalEvent });
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (values.junit !== undefined) {
    writeReport(resolve(ctx.io.cwd, values.junit), junitXml(run));
  }
  if (asJson) ctx.io.stdout(json(run));
  else ctx.io.stdout(table(run));
  const failing = failOn === 'regressions' ? run.regressions.length : run.summary.failed;
  return failing > 0 ? 1 : 0;
}

/**
 * `--file PROMPT.yaml`: the prompt as unsaved changes of its id, alone in the run; its cases from
 * `<name>.tests.yaml` beside it, else the library's cases of that id.
 */
async function promptFile(
  ctx: CommandContext,
  file: string,
  positionals: readonly string[],
): Promise<Pick<EvaluationRequest, 'prompts' | 'unsaved' | 'cases'>> {
  if (positionals.length > 1) {
    throw new UsageError('test: --file runs one prompt; name at most its id');
  }
  const path = resolve(ctx.io.cwd, file);
  const document = parseYaml(await readInputFile(path, file, MAX_YAML_BYTES), file);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new AppError('invalid_input', `${file}: expected a prompt document (a mapping)`);
  }
  const docId = (document as { id?: unknown }).id;
  const [named] = positionals;
  if (named !== undefined && docId !== undefined && docId !== named) {
    throw new UsageError(`test: ${file} holds prompt '${String(docId)}', not '${named}'`);
  }
  const id = named ?? docId;
  if (typeof id !== 'string') throw new AppError('invalid_input', `${file}: the prompt has no id`);
  const stem = basename(path).replace(/\.ya?ml$/i, '');
  const casesPath = [`${stem}.tests.yaml`, `${stem}.tests.yml`]
    .map((name) => join(dirname(path), name))
    .find((candidate) => existsSync(candidate));
  const base = { prompts: [id], unsaved: [{ ...(document as Prompt), id }] };
  if (casesPath === undefined) {
    const stored = await call(ctx, 'listTestCases', { id }).catch(() => []);
    if (stored.length > 0) return base;
    throw new AppError(
      'invalid_input',
      `${file}: no test cases: write ${stem}.tests.yaml beside it (tests: a list), or keep cases for '${id}' in the library`,
    );
  }
  const shown = join(dirname(file), basename(casesPath));
  const tests = readTestsFile(
    shown,
    id,
    parseYaml(await readInputFile(casesPath, shown, MAX_YAML_BYTES), shown),
  );
  return { ...base, cases: tests.cases };
}

/** Writes a report whole or not at all (a CI reading it half-written would misreport). */
function writeReport(target: string, text: string): void {
  try {
    writeFileDurably(target, text);
  } catch (error) {
    throw new AppError('invalid_input', `Cannot write ${target}: ${(error as Error).message}`);
  }
}

function progressLine(cell: EvalCell): string {
  const where = `${cell.prompt}@${cell.version ?? 'unsaved'} ${cell.model}`;
  return `pwb: ${cell.pass ? 'pass' : 'FAIL'}  ${where}  ${cell.case}\n`;
}

/** The run as a table: one row per cell, then the summary and what changed since the baseline. */
function table(run: EvalRun): string {
  const rows = run.cells.map((cell) => [
    cell.pass ? 'pass' : 'FAIL',
    cell.prompt,
    cell.version ?? 'unsaved',
    cell.model,
    cell.case,
    cell.latency_ms === null ? '-' : `${Math.round(cell.latency_ms)} ms`,
    cell.cost_usd === null ? '-' : `$${cell.cost_usd.toFixed(6)}`,
    cell.cached ? 'cached' : '',
  ]);
  const header = ['', 'prompt', 'version', 'model', 'case', 'latency', 'cost', ''];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    `${row
      .map((text, column) => text.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  let text = line(header) + rows.map(line).join('');
  for (const cell of run.cells.filter((c) => !c.pass)) {
    const why = cell.error ?? cell.assertions.find((assertion) => !assertion.pass)?.reason ?? '';
    text += `FAIL ${cell.prompt} ${cell.case} (${cell.model}): ${why}\n`;
  }
  text += `${run.summary.passed} passed, ${run.summary.failed} failed (run ${run.id})\n`;
  if (run.baseline !== null) {
    text += `against baseline ${run.baseline}: ${run.regressions.length} regression(s), ${run.fixes.length} fix(es)\n`;
    for (const key of run.regressions) {
      text += `REGRESSION ${key.prompt} ${key.case} (${key.model}, ${key.version ?? 'unsaved'})\n`;
    }
    for (const key of run.fixes) {
      text += `fixed ${key.prompt} ${key.case} (${key.model}, ${key.version ?? 'unsaved'})\n`;
    }
  }
  return text;
}

const xml = (text: string): string =>
  text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** JUnit XML: a suite per prompt, a test case per cell, failures with their reasons. */
export function junitXml(run: EvalRun): string {
  const byPrompt = new Map<string, EvalCell[]>();
  for (const cell of run.cells)
    byPrompt.set(cell.prompt, [...(byPrompt.get(cell.prompt) ?? []), cell]);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="pwb test" tests="${run.cells.length}" failures="${run.summary.failed}">\n`;
  for (const [prompt, cells] of byPrompt) {
    const failures = cells.filter((cell) => !cell.pass).length;
    out += `  <testsuite name="${xml(prompt)}" tests="${cells.length}" failures="${failures}">\n`;
    for (const cell of cells) {
      const name = `${cell.case} [${cell.version ?? 'unsaved'} ${cell.model}]`;
      const time = ((cell.latency_ms ?? 0) / 1000).toFixed(3);
      out += `    <testcase classname="${xml(prompt)}" name="${xml(name)}" time="${time}"`;
      if (cell.pass) {
        out += '/>\n';
        continue;
      }
      const reasons = cell.error
        ? [cell.error]
        : cell.assertions
            .filter((assertion) => !assertion.pass)
            .map((assertion) => `${assertion.type}: ${assertion.reason}`);
      out += `>\n      <failure message="${xml(reasons[0] ?? 'failed')}">${xml(reasons.join('\n'))}</failure>\n    </testcase>\n`;
    }
    out += '  </testsuite>\n';
  }
  return `${out}</testsuites>\n`;
}

async function testsCommand(ctx: CommandContext): Promise<void> {
  const [action, ...rest] = ctx.args;
  if (action === 'import') {
    const { values, positionals } = flags(rest, { replace: { type: 'boolean' } }, 'tests import');
    const [id, file] = exactly(positionals, ['id', 'file'], 'tests import') as [string, string];
    const text = await readInputFile(resolve(ctx.io.cwd, file), file, MAX_ROWS_BYTES);
    const { added, cases } = await call(ctx, 'addTestRows', {
      id,
      file,
      text,
      ...(values.replace ? { replace: true } : {}),
    });
    ctx.io.stdout(`Added ${added} test case(s) to '${id}' (${cases.length} in all)\n`);
    return;
  }
  if (action === 'list') {
    const { values, positionals } = flags(rest, { json: { type: 'boolean' } }, 'tests list');
    const [id] = exactly(positionals, ['id'], 'tests list') as [string];
    const cases = await call(ctx, 'listTestCases', { id });
    if (values.json) {
      ctx.io.stdout(json(cases));
      return;
    }
    for (const testCase of cases) {
      const checks = testCase.assert.map((assertion) => assertion.type).join(', ') || 'no checks';
      ctx.io.stdout(`${testCase.name}  (${checks})\n`);
    }
    return;
  }
  throw new UsageError(
    action === undefined
      ? 'tests: missing import|list'
      : `tests: unknown action '${action}' (import, list)`,
  );
}

async function runsCommand(ctx: CommandContext): Promise<void> {
  const [action, ...rest] = ctx.args;
  if (action === 'list') {
    const { values, positionals } = flags(rest, { json: { type: 'boolean' } }, 'runs list');
    if (positionals.length > 1) {
      throw new UsageError(`runs list: unexpected argument '${positionals[1]}'`);
    }
    const id = positionals[0];
    const runs = await call(ctx, 'listEvalRuns', id !== undefined ? { id } : {});
    if (values.json) {
      ctx.io.stdout(json(runs));
      return;
    }
    for (const run of runs) {
      const baseline =
        run.baseline_of.length > 0 ? `  baseline of ${run.baseline_of.join(', ')}` : '';
      ctx.io.stdout(
        `${run.id}  ${run.started_at}  ${run.passed} passed, ${run.failed} failed  ${run.prompts.join(', ')}${baseline}\n`,
      );
    }
    return;
  }
  if (action === 'show') {
    const { values, positionals } = flags(rest, { json: { type: 'boolean' } }, 'runs show');
    const [run] = exactly(positionals, ['run'], 'runs show') as [string];
    const found = await call(ctx, 'getEvalRun', { run });
    ctx.io.stdout(values.json ? json(found) : table(found));
    return;
  }
  if (action === 'baseline') {
    const { positionals } = flags(rest, {}, 'runs baseline');
    if (positionals.length === 0) throw new UsageError('runs baseline: missing <run>');
    const [run, ...prompts] = positionals as [string, ...string[]];
    const marked = await call(ctx, 'markBaseline', {
      run,
      ...(prompts.length > 0 ? { prompts } : {}),
    });
    ctx.io.stdout(`Run ${run} is now the baseline of ${marked.prompts.join(', ')}\n`);
    return;
  }
  throw new UsageError(
    action === undefined
      ? 'runs: missing list|show|baseline'
      : `runs: unknown action '${action}' (list, show, baseline)`,
  );
}

async function labelCommand(ctx: CommandContext): Promise<void> {
  const [action, ...rest] = ctx.args;
  if (action === 'set') {
    const { positionals } = flags(rest, {}, 'label set');
    const [id, label, version] = exactly(positionals, ['id', 'label', 'version'], 'label set') as [
      string,
      string,
      string,
    ];
    await call(ctx, 'setLabel', { id, label, version });
    ctx.io.stdout(`${id}: ${label} → ${version}\n`);
    return;
  }
  if (action === 'rm') {
    const { positionals } = flags(rest, {}, 'label rm');
    const [id, label] = exactly(positionals, ['id', 'label'], 'label rm') as [string, string];
    await call(ctx, 'removeLabel', { id, label });
    ctx.io.stdout(`${id}: ${label} removed\n`);
    return;
  }
  if (action === 'list') {
    const { values, positionals } = flags(rest, { json: { type: 'boolean' } }, 'label list');
    const [id] = exactly(positionals, ['id'], 'label list') as [string];
    const labels = await call(ctx, 'listLabels', { id });
    if (values.json) {
      ctx.io.stdout(json(labels));
      return;
    }
    for (const entry of labels) {
      ctx.io.stdout(`${entry.label}  ${entry.version}  ${entry.updated_at}  ${entry.updated_by}\n`);
    }
    return;
  }
  throw new UsageError(
    action === undefined
      ? 'label: missing set|rm|list'
      : `label: unknown action '${action}' (set, rm, list)`,
  );
}

async function apikeyCommand(ctx: CommandContext): Promise<void> {
  const [action, ...rest] = ctx.args;
  if (action === 'create') {
    const { positionals } = flags(rest, {}, 'apikey create');
    const [name] = exactly(positionals, ['name'], 'apikey create') as [string];
    const { secret } = await call(ctx, 'createApiKey', { name });
    // The bare secret alone on stdout (scripts capture it); the message on stderr.
    ctx.io.stderr(`pwb: API key '${name}' created; it is shown only now:\n`);
    ctx.io.stdout(`${secret}\n`);
    return;
  }
  if (action === 'revoke') {
    const { positionals } = flags(rest, {}, 'apikey revoke');
    const [name] = exactly(positionals, ['name'], 'apikey revoke') as [string];
    await call(ctx, 'revokeApiKey', { name });
    ctx.io.stdout(`API key '${name}' revoked\n`);
    return;
  }
  if (action === 'list') {
    const { values, positionals } = flags(rest, { json: { type: 'boolean' } }, 'apikey list');
    exactly(positionals, [], 'apikey list');
    const keys = await call(ctx, 'listApiKeys', {});
    if (values.json) {
      ctx.io.stdout(json(keys));
      return;
    }
    for (const key of keys) {
      const state = key.revoked_at === null ? 'active' : `revoked ${key.revoked_at}`;
      ctx.io.stdout(`${key.name}  ${key.created_at}  ${key.created_by}  ${state}\n`);
    }
    return;
  }
  throw new UsageError(
    action === undefined
      ? 'apikey: missing create|revoke|list'
      : `apikey: unknown action '${action}' (create, revoke, list)`,
  );
}

/** The evaluation, label and key commands, merged into the command table. */
export const TEST_COMMANDS: Record<string, (ctx: CommandContext) => Promise<void | number>> = {
  test: testCommand,
  tests: testsCommand,
  runs: runsCommand,
  label: labelCommand,
  apikey: apikeyCommand,
};
