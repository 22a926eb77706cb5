// Prompty (`.prompty`): YAML front matter and a Jinja2 (or mustache) body of role sections.
// Reads the older front matter (model.api/configuration/parameters, inputs, sample) and the
// newer one (model.id/provider/options, inputSchema, template.format); writes the older one.
import { AppError } from '../errors';
import type { Message, Prompt } from '../model/prompt';
import { VERSION_PATTERN } from '../model/prompt';
import type { ValidationSchema } from '../model/schemaDsl';
import { parseTemplate } from '../template/parse';
import { parseYaml } from '../yaml/parseYaml';
import { stringifyYaml } from '../yaml/stringifyDocuments';
import {
  buildPrompt,
  emptyConverted,
  numberOf,
  recordOf,
  schemaNameFor,
  splitFrontMatter,
  stemOf,
  trimMessage,
  type ConvertedFile,
} from './formatTypes';
import {
  dslToJsonSchema,
  jsonSchemaToDsl,
  type JsonObject,
  type SchemaLookup,
} from './schemaMapping';
import { jinjaLikeToHandlebars } from './templates/fromJinjaLike';
import { JINJA2 } from './templates/jinjaDialects';
import { mustacheToHandlebars } from './templates/mustache';
import { handlebarsToJinjaLike } from './templates/toJinjaLike';

const ROLE_LINE = /^[ \t]*#?[ \t]*(system|user|assistant|function|tool)[ \t]*:[ \t]*$/gim;
/** Front matter keys this converter reads; others are kept for the way back. */
const KNOWN_KEYS = new Set([
  'name',
  'description',
  'authors',
  'tags',
  'version',
  'model',
  'inputs',
  'outputs',
  'inputSchema',
  'outputSchema',
  'sample',
  'template',
]);

/** Reads one `.prompty` file: id from the file name, schemas named `<id>_input`/`<id>_output`. */
export function readPrompty(text: string, file: string): ConvertedFile {
  const { front, body, bodyLine } = splitFrontMatter(text, file);
  const meta = recordOf(parseYaml(front, file)) ?? {};
  const id = stemOf(file, /\.prompty$/i);
  const model = recordOf(meta['model']) ?? {};
  const configuration = recordOf(model['configuration']) ?? {};
  const parameters = {
    ...(recordOf(model['parameters']) ?? {}),
    ...(recordOf(model['options']) ?? {}),
  };
  const api = typeof model['api'] === 'string' ? model['api'] : 'chat';
  if (api !== 'chat' && api !== 'completion') {
    throw new AppError('invalid_input', `${file}: model.api '${api}' is not chat or completion`, {
      file,
    });
  }
  const modelName = firstString(
    model['id'],
    configuration['azure_deployment'],
    configuration['name'],
    configuration['model'],
    typeof meta['model'] === 'string' ? meta['model'] : undefined,
  );
  const converted = emptyConverted();
  const inputSchema = readInputs(
    meta['inputSchema'] ?? meta['inputs'],
    schemaNameFor(id, 'input'),
    file,
    converted.schemas,
  );
  const outputSchema = readInputs(
    meta['outputSchema'] ?? meta['outputs'],
    schemaNameFor(id, 'output'),
    file,
    converted.schemas,
  );
  const syntax = templateSyntax(meta['template']);
  const pad = '\n'.repeat(bodyLine - 1);
  const convert = (source: string) =>
    syntax === 'mustache'
      ? mustacheToHandlebars(source, file)
      : jinjaLikeToHandlebars(source, JINJA2, file);
  const padded = convert(pad + body);
  const handlebars = padded.startsWith(pad) ? padded.slice(pad.length) : convert(body);
  const { temperature, max_tokens, maxOutputTokens, ...otherParameters } = parameters;
  const extra = Object.fromEntries(Object.entries(meta).filter(([key]) => !KNOWN_KEYS.has(key)));
  const prompty: Record<string, unknown> = {
    ...(typeof meta['name'] === 'string' && meta['name'] !== id ? { name: meta['name'] } : {}),
    ...(Object.keys(configuration).length > 0 ? { configuration } : {}),
    ...(typeof model['provider'] === 'string' ? { provider: model['provider'] } : {}),
    ...(Object.keys(otherParameters).length > 0 ? { parameters: otherParameters } : {}),
    ...(meta['sample'] !== undefined ? { sample: meta['sample'] } : {}),
    ...(typeof meta['version'] === 'string' && !VERSION_PATTERN.test(meta['version'])
      ? { version: meta['version'] }
      : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
  const authors = Array.isArray(meta['authors']) ? meta['authors'].map(String) : [];
  const parts = {
    id,
    version:
      typeof meta['version'] === 'string' && VERSION_PATTERN.test(meta['version'])
        ? meta['version']
        : '1.0.0',
    description: typeof meta['description'] === 'string' ? meta['description'] : null,
    author: authors.length > 0 ? authors.join(', ') : null,
    tags: Array.isArray(meta['tags']) ? meta['tags'].map(String) : [],
    model: modelName ?? null,
    temperature: numberOf(temperature),
    max_tokens: numberOf(max_tokens ?? maxOutputTokens),
    custom: Object.keys(prompty).length > 0 ? { prompty } : {},
    input_schema: inputSchema,
    output_schema: outputSchema,
  };
  const prompt =
    api === 'completion'
      ? buildPrompt({ ...parts, format: 'completion', content: trimMessage(handlebars) }, file)
      : buildPrompt(
          { ...parts, format: 'chat', messages: roleSections(handlebars, file, bodyLine) },
          file,
        );
  converted.versions.push({ prompt, changelog: null });
  return converted;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '');
}

function templateSyntax(template: unknown): 'jinja2' | 'mustache' {
  const record = recordOf(template);
  const format =
    record === undefined
      ? template
      : (recordOf(record['format'])?.['kind'] ?? record['format'] ?? record['type']);
  if (format === undefined || format === null || format === 'jinja2' || format === 'jinja')
    return 'jinja2';
  if (format === 'mustache') return 'mustache';
  throw new AppError(
    'invalid_input',
    `Prompty template format '${String(format)}' is not jinja2 or mustache`,
  );
}

/** Splits a chat body at `system:`/`user:`/`assistant:` lines (text before the first is system). */
function roleSections(
  body: string,
  file: string,
  bodyLine: number,
): Pick<Message, 'role' | 'content'>[] {
  const messages: Pick<Message, 'role' | 'content'>[] = [];
  const marks = [...body.matchAll(ROLE_LINE)];
  const push = (role: Message['role'], text: string, offset: number) => {
    const content = trimMessage(text);
    if (content === '') return;
    try {
      parseTemplate(content);
    } catch {
      const line = bodyLine + body.slice(0, offset).split('\n').length - 1;
      throw new AppError(
        'invalid_input',
        `${file}: a block spans a role line; each message must be whole (line ${line})`,
        { file, line, construct: 'a block across roles' },
      );
    }
    messages.push({ role, content });
  };
  push('system', body.slice(0, marks[0]?.index ?? body.length), 0);
  marks.forEach((mark, index) => {
    const start = (mark.index ?? 0) + mark[0].length;
    const end = marks[index + 1]?.index ?? body.length;
    push(
      (mark[1] ?? 'user').toLowerCase() as Message['role'],
      body.slice(start, end),
      mark.index ?? 0,
    );
  });
  if (messages.length === 0) {
    throw new AppError('invalid_input', `${file}: the prompt has no text`, { file });
  }
  return messages;
}

/** Reads `inputs:` (a map of specs), or `inputSchema:` (properties as a list or a map). */
function readInputs(
  value: unknown,
  name: string,
  file: string,
  schemas: ValidationSchema[],
): string | null {
  const record = recordOf(value);
  if (record === undefined) return null;
  let properties: Record<string, unknown>;
  const list = record['properties'];
  if (Array.isArray(list)) {
    properties = Object.fromEntries(
      list.map((entry) => {
        const spec = recordOf(entry) ?? {};
        return [String(spec['name'] ?? ''), spec];
      }),
    );
  } else {
    properties = recordOf(list) ?? record;
  }
  const json: JsonObject = { type: 'object', properties: {}, required: [] as string[] };
  for (const [key, spec] of Object.entries(properties)) {
    const entry = recordOf(spec) ?? { type: jsonTypeOf(spec), default: spec };
    const { kind, name: _name, sample: _sample, example: _example, ...rest } = entry;
    const field: JsonObject = { ...rest };
    // A boolean `required` marks the field; a list is a nested object's own.
    const required = typeof rest['required'] === 'boolean' ? rest['required'] : undefined;
    if (required !== undefined) delete field['required'];
    if (kind !== undefined && field['type'] === undefined)
      field['type'] = kind === 'float' ? 'number' : kind;
    if (field['type'] === 'list') field['type'] = 'array';
    (json['properties'] as JsonObject)[key] = field;
    if (required === true || (required === undefined && field['default'] === undefined)) {
      (json['required'] as string[]).push(key);
    }
  }
  schemas.push(...jsonSchemaToDsl(json, name, file));
  return name;
}

function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' && value !== null
    ? 'object'
    : typeof value === 'boolean'
      ? 'boolean'
      : 'string';
}

/** Writes a prompt as a `.prompty` file (older front matter, Jinja2 body). */
export function writePrompty(prompt: Prompt, lookup: SchemaLookup): string {
  const where = `prompt '${prompt.id}'`;
  const custom = recordOf(recordOf(prompt.metadata.custom)?.['prompty']) ?? {};
  const model: Record<string, unknown> = { api: prompt.format === 'chat' ? 'chat' : 'completion' };
  const configuration =
    recordOf(custom['configuration']) ??
    (prompt.metadata.model_recommendations[0]
      ? { type: 'openai', name: prompt.metadata.model_recommendations[0] }
      : undefined);
  if (configuration !== undefined) model['configuration'] = configuration;
  const parameters: Record<string, unknown> = { ...(recordOf(custom['parameters']) ?? {}) };
  if (prompt.metadata.temperature != null) parameters['temperature'] = prompt.metadata.temperature;
  if (prompt.metadata.max_tokens != null) parameters['max_tokens'] = prompt.metadata.max_tokens;
  if (Object.keys(parameters).length > 0) model['parameters'] = parameters;
  if (typeof custom['provider'] === 'string') model['provider'] = custom['provider'];
  const front: Record<string, unknown> = {
    name: typeof custom['name'] === 'string' ? custom['name'] : prompt.id,
  };
  if (prompt.metadata.description) front['description'] = prompt.metadata.description;
  if (prompt.metadata.author) front['authors'] = prompt.metadata.author.split(', ');
  if (prompt.metadata.tags.length > 0) front['tags'] = prompt.metadata.tags;
  front['version'] = typeof custom['version'] === 'string' ? custom['version'] : prompt.version;
  front['model'] = model;
  const inputs = schemaEntries(prompt.input_schema, lookup);
  if (inputs !== undefined) front['inputs'] = inputs;
  const outputs = schemaEntries(prompt.output_schema, lookup);
  if (outputs !== undefined) front['outputs'] = outputs;
  if (custom['sample'] !== undefined) front['sample'] = custom['sample'];
  Object.assign(front, recordOf(custom['extra']) ?? {});
  const convert = (source: string, at: string) =>
    handlebarsToJinjaLike(source, JINJA2, 'Prompty', at);
  const body =
    prompt.format === 'chat'
      ? (prompt.chat_template?.messages ?? [])
          .map(
            (message, index) =>
              `${message.role}:\n${convert(message.content, `${where}, message ${index + 1}`)}`,
          )
          .join('\n\n')
      : convert(prompt.template?.content ?? '', where);
  return `---\n${stringifyYaml(front)}---\n${body}\n`;
}

/** A schema as Prompty `inputs:` entries: JSON Schema per field, `required` beside it. */
function schemaEntries(
  name: string | null | undefined,
  lookup: SchemaLookup,
): Record<string, unknown> | undefined {
  if (!name) return undefined;
  const schema = lookup(name);
  if (schema === undefined) {
    throw new AppError('not_found', `Schema '${name}' is not in the library`, { schema: name });
  }
  const json = dslToJsonSchema(schema, lookup, 'Prompty');
  const required = new Set((json['required'] as string[] | undefined) ?? []);
  return Object.fromEntries(
    Object.entries(recordOf(json['properties']) ?? {}).map(([key, spec]) => {
      const entry = { ...(recordOf(spec) ?? {}) };
      // A field without a default reads back as required; say it when it is not.
      if (!required.has(key) && entry['default'] === undefined) entry['required'] = false;
      if (required.has(key) && entry['default'] !== undefined) entry['required'] = true;
      return [key, entry];
    }),
  );
}
