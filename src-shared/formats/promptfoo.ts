// promptfoo configs (`promptfooconfig.yaml`): inline prompts (Nunjucks text, or a JSON list of
// chat messages) and test cases with the assertion types we support; the rest is reported.
import { AppError } from '../errors';
import { ASSERTION_TYPES, readTestCases, type TestCase } from '../evaluation/testCases';
import type { Message, Prompt } from '../model/prompt';
import { PROMPT_ID_PATTERN, ROLES } from '../model/prompt';
import { parseYaml } from '../yaml/parseYaml';
import { stringifyYaml } from '../yaml/stringifyDocuments';
import {
  buildPrompt,
  emptyConverted,
  numberOf,
  recordOf,
  type ConvertedFile,
  type SkippedItem,
} from './formatTypes';
import { jinjaLikeToHandlebars } from './templates/fromJinjaLike';
import { NUNJUCKS } from './templates/jinjaDialects';
import { handlebarsToJinjaLike } from './templates/toJinjaLike';

/** True for a file the import reads as a promptfoo config. */
export function isPromptfooConfig(path: string): boolean {
  return /(^|\/)promptfooconfig\.ya?ml$/i.test(path);
}

/** promptfoo assertion types that are ours under another name, with how their value maps. */
const RENAMED: Readonly<Record<string, string>> = {
  latency: 'max-latency-ms',
  cost: 'max-cost-usd',
};
const READ_KEYS = new Set(['description', 'prompts', 'providers', 'tests']);

/**
 * Reads a promptfoo config: each inline prompt becomes a prompt (id from its label, else
 * `<folder>_<n>`), the providers' models its recommendations, and the tests become test cases
 * of every prompt. File references and other keys are reported as skipped.
 */
export function readPromptfoo(text: string, file: string): ConvertedFile {
  const config = recordOf(parseYaml(text, file));
  if (config === undefined)
    throw new AppError('invalid_input', `${file}: not a promptfoo config (a YAML map)`, { file });
  const converted = emptyConverted();
  const skip = (item: string, reason: string) => converted.skipped.push({ file, item, reason });
  for (const key of Object.keys(config)) if (!READ_KEYS.has(key)) skip(key, 'not imported');
  const models = providerModels(config['providers'], skip);
  const folder = file.split('/').slice(-2, -1)[0] ?? 'promptfoo';
  const known: { id: string; names: string[] }[] = [];
  const prompts =
    config['prompts'] === undefined
      ? []
      : Array.isArray(config['prompts'])
        ? config['prompts']
        : [config['prompts']];
  prompts.forEach((entry, index) => {
    const record = recordOf(entry);
    const raw = typeof entry === 'string' ? entry : (record?.['raw'] ?? record?.['id']);
    const label = typeof record?.['label'] === 'string' ? record['label'] : undefined;
    const name = `prompts[${index}]`;
    // What a test's `prompts:` filter may call this prompt: its label or its id.
    const names = [label, typeof record?.['id'] === 'string' ? record['id'] : undefined].filter(
      (text): text is string => text !== undefined,
    );
    if (typeof raw !== 'string') return skip(name, 'not an inline prompt');
    if (/^file:\/\//.test(raw)) return skip(name, `prompt files (${raw}) are not read`);
    const id =
      label !== undefined && PROMPT_ID_PATTERN.test(label)
        ? label
        : `${safeId(folder)}_${index + 1}`;
    const where = `${file} ${name}`;
    const messages = chatMessages(raw, where);
    const common = {
      id,
      description: typeof config['description'] === 'string' ? config['description'] : null,
      model: models.model,
      temperature: models.temperature,
      max_tokens: models.max_tokens,
      custom: models.all.length > 1 ? { promptfoo: { providers: models.all } } : {},
    };
    const prompt: Prompt =
      messages === null
        ? buildPrompt(
            { ...common, format: 'text', content: jinjaLikeToHandlebars(raw, NUNJUCKS, where) },
            file,
          )
        : buildPrompt({ ...common, format: 'chat', messages }, file);
    converted.versions.push({ prompt, changelog: null });
    known.push({ id, names: [...names, id] });
  });
  const cases = readPromptfooTests(config['tests'], file, converted.skipped);
  for (const { id, names } of known) {
    const mine = cases.filter(({ prompts }) => prompts === null || prompts.some(matching(names)));
    if (mine.length > 0) converted.tests.push({ id, cases: mine.map((entry) => entry.testCase) });
  }
  return converted;
}

/** A test's `prompts:` entry names a prompt by label or id; `Name:*` matches by prefix. */
function matching(names: readonly string[]) {
  return (pattern: string) =>
    pattern.endsWith('*')
      ? names.some((name) => name.startsWith(pattern.slice(0, -1)))
      : names.includes(pattern);
}

function safeId(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned === '' ? 'promptfoo' : cleaned.slice(0, 100);
}

/** A prompt written as a JSON list of `{role, content}` is a chat prompt. */
function chatMessages(raw: string, where: string): Pick<Message, 'role' | 'content'>[] | null {
  if (!raw.trimStart().startsWith('[')) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  return value.map((entry, index) => {
    const message = recordOf(entry) ?? {};
    const role = message['role'];
    if (
      typeof role !== 'string' ||
      !(ROLES as readonly string[]).includes(role) ||
      typeof message['content'] !== 'string'
    ) {
      throw new AppError(
        'invalid_input',
        `${where}: message ${index + 1} needs a role (${ROLES.join(', ')}) and text content`,
      );
    }
    return {
      role: role as Message['role'],
      content: jinjaLikeToHandlebars(message['content'], NUNJUCKS, `${where} message ${index + 1}`),
    };
  });
}

interface Models {
  model: string | null;
  temperature: number | null;
  max_tokens: number | null;
  all: string[];
}

function providerModels(value: unknown, skip: (item: string, reason: string) => void): Models {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const all: string[] = [];
  let temperature: number | null = null;
  let maxTokens: number | null = null;
  list.forEach((entry, index) => {
    const record = recordOf(entry);
    const id = typeof entry === 'string' ? entry : record?.['id'];
    if (typeof id !== 'string' || id.startsWith('file://'))
      return skip(`providers[${index}]`, 'not a provider id');
    all.push(modelOf(id));
    const config = recordOf(record?.['config']);
    if (index === 0 && config !== undefined) {
      temperature = numberOf(config['temperature']);
      maxTokens = numberOf(config['max_tokens']);
    }
  });
  return { model: all[0] ?? null, temperature, max_tokens: maxTokens, all };
}

/** `openai:chat:gpt-4o` names the model `gpt-4o`. */
function modelOf(provider: string): string {
  return provider.split(':').pop() ?? provider;
}

/** A promptfoo test case, and the prompts its `prompts:` filter keeps it to (null: all). */
export interface PromptfooTest {
  testCase: TestCase;
  prompts: string[] | null;
}

/**
 * Reads promptfoo `tests:` into our test cases. A case with an assertion type we do not support
 * is skipped and reported (never imported with that assertion dropped); so are file references.
 */
export function readPromptfooTests(
  value: unknown,
  file: string,
  skipped: SkippedItem[],
): PromptfooTest[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    skipped.push({ file, item: 'tests', reason: 'test files are not read' });
    return [];
  }
  const cases: unknown[] = [];
  const filters: (string[] | null)[] = [];
  value.forEach((entry, index) => {
    const test = recordOf(entry);
    const item = `tests[${index}]`;
    if (test === undefined) return skipped.push({ file, item, reason: 'not a test case' });
    const assertions = Array.isArray(test['assert']) ? test['assert'] : [];
    const mapped: unknown[] = [];
    for (const assertion of assertions) {
      const record = recordOf(assertion) ?? {};
      const type = String(record['type'] ?? '');
      const ours = RENAMED[type] ?? type;
      if (!(ASSERTION_TYPES as readonly string[]).includes(ours)) {
        return skipped.push({
          file,
          item,
          reason: `the assertion type '${type}' is not supported`,
        });
      }
      const value = type in RENAMED ? record['threshold'] : record['value'];
      mapped.push({
        type: ours,
        ...(value === undefined ? {} : { value }),
        ...(typeof record['weight'] === 'number' ? { weight: record['weight'] } : {}),
      });
    }
    const name =
      typeof test['description'] === 'string' ? test['description'] : `case ${index + 1}`;
    cases.push({ name, vars: recordOf(test['vars']) ?? {}, assert: mapped });
    filters.push(
      Array.isArray(test['prompts'])
        ? test['prompts'].filter((name): name is string => typeof name === 'string')
        : null,
    );
  });
  return readTestCases(cases, file).map((testCase, index) => ({
    testCase,
    prompts: filters[index] ?? null,
  }));
}

/**
 * Writes one promptfoo config for the prompts (Nunjucks text, chat as a JSON message list, each
 * labelled with its id) and their test cases, each kept to its own prompt by a `prompts:` filter.
 */
export function writePromptfoo(
  prompts: readonly Prompt[],
  tests: readonly { id: string; cases: readonly TestCase[] }[] = [],
): string {
  const providers = new Set<string>();
  const entries = prompts.map((prompt) => {
    const where = `prompt '${prompt.id}'`;
    for (const model of prompt.metadata.model_recommendations) providers.add(providerOf(model));
    const raw =
      prompt.format === 'chat'
        ? JSON.stringify(
            (prompt.chat_template?.messages ?? []).map((message, index) => ({
              role: message.role,
              content: handlebarsToJinjaLike(
                message.content,
                NUNJUCKS,
                'promptfoo',
                `${where}, message ${index + 1}`,
              ),
            })),
            null,
            2,
          )
        : handlebarsToJinjaLike(prompt.template?.content ?? '', NUNJUCKS, 'promptfoo', where);
    return { label: prompt.id, raw };
  });
  const config: Record<string, unknown> = {
    description: 'Prompts exported from Prompt Workbench',
    prompts: entries,
  };
  if (providers.size > 0) config['providers'] = [...providers];
  const written = new Set(prompts.map((prompt) => prompt.id));
  const cases = tests
    .filter(({ id }) => written.has(id))
    .flatMap(({ id, cases }) => cases.map((testCase) => writeTest(id, testCase)));
  if (cases.length > 0) config['tests'] = cases;
  return stringifyYaml(config);
}

/** Our assertion types promptfoo knows under another name, and the key their value goes in. */
const THEIRS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RENAMED).map(([theirs, ours]) => [ours, theirs]),
);

/** Our assertion types promptfoo has no equivalent for. */
const UNWRITABLE = new Set(['matches-output-schema', 'max-output-tokens']);

function writeTest(id: string, testCase: TestCase): Record<string, unknown> {
  const refused = testCase.assert.find(({ type }) => UNWRITABLE.has(type));
  if (refused !== undefined) {
    throw new AppError(
      'export_rule',
      `promptfoo export cannot express the assertion type '${refused.type}' (prompt '${id}', test case '${testCase.name}')`,
      { id, construct: refused.type },
    );
  }
  const test: Record<string, unknown> = { description: testCase.name };
  if (Object.keys(testCase.vars).length > 0) test['vars'] = testCase.vars;
  test['prompts'] = [id];
  test['assert'] = testCase.assert.map(({ type, value, weight }) => {
    const theirs = THEIRS[type];
    const assertion: Record<string, unknown> = { type: theirs ?? type };
    if (value !== undefined) assertion[theirs === undefined ? 'value' : 'threshold'] = value;
    if (weight !== undefined) assertion['weight'] = weight;
    return assertion;
  });
  return test;
}

function providerOf(model: string): string {
  if (model.includes(':')) return model;
  return model.startsWith('claude') ? `anthropic:messages:${model}` : `openai:chat:${model}`;
}
