// Dotprompt (`.prompt`, Genkit): YAML front matter (model, config, input and output schemas in
// Picoschema or JSON Schema, input defaults) and a Handlebars body with `{{role "…"}}` markers.
// `a.b.prompt` is prompt `a`, variant `b`: it becomes our prompt id `a.b` (variants are
// alternatives that live side by side, not successive versions).
import { Dotprompt, picoschema } from 'dotprompt';
import { AppError } from '../errors';
import type { Message, Prompt } from '../model/prompt';
import { HELPER_DOCS } from '../template/helperDocs';
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
  dslToPicoschema,
  jsonSchemaToDsl,
  topLevelDefaults,
  type JsonObject,
  type SchemaLookup,
} from './schemaMapping';
import { helperCalls } from './templates/helperCalls';

const DOTPROMPT_BARE_HELPERS = new Set(['history', 'section', 'media']);
/** Every helper our templates may call. */
const OUR_HELPERS = new Set(HELPER_DOCS.map((doc) => doc.name));
const ROLES: Readonly<Record<string, Message['role']>> = {
  system: 'system',
  user: 'user',
  model: 'assistant',
  assistant: 'assistant',
  tool: 'tool',
};
/** Helpers Dotprompt's Handlebars has that a template written for it may call. */
const DOTPROMPT_HELPERS = new Set([
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'json',
  'ifEquals',
  'unlessEquals',
  'role',
]);

/** Reads one `.prompt` file (async: Dotprompt's Picoschema expansion is). */
export async function readDotprompt(text: string, file: string): Promise<ConvertedFile> {
  const { front, body, bodyLine } = splitFrontMatter(text, file);
  parseYaml(front, file); // our limits and a located message for malformed YAML
  const parsed = new Dotprompt().parse(text);
  const id = stemOf(file, /\.prompt$/i);
  if (
    (
      stemOf(file, /\.prompt$/i)
        .split('/')
        .pop() ?? ''
    ).startsWith('_')
  ) {
    throw new AppError(
      'invalid_input',
      `${file}: a Dotprompt partial (_name.prompt) is not a prompt`,
      { file },
    );
  }
  const converted = emptyConverted();
  const input = recordOf(parsed.input) ?? {};
  const defaults = recordOf(input['default']) ?? {};
  const inputSchema = await readSchema(
    input['schema'],
    defaults,
    schemaNameFor(id, 'input'),
    file,
    converted,
  );
  const output = recordOf(parsed.output) ?? {};
  const outputSchema = await readSchema(
    output['schema'],
    {},
    schemaNameFor(id, 'output'),
    file,
    converted,
  );
  const config = recordOf(parsed.config) ?? {};
  const { temperature, maxOutputTokens, ...otherConfig } = config;
  const dotprompt: Record<string, unknown> = {};
  if (Object.keys(otherConfig).length > 0) dotprompt['config'] = otherConfig;
  if (typeof output['format'] === 'string') dotprompt['output_format'] = output['format'];
  const source = toOurHelpers(body, bodyLine, file);
  const messages = splitRoles(source, file, bodyLine);
  const raw = recordOf(parsed.raw) ?? {};
  const parts = {
    id,
    version:
      typeof raw['version'] === 'string' && /^\d+\.\d+\.\d+$/.test(raw['version'])
        ? raw['version']
        : '1.0.0',
    description: typeof parsed.description === 'string' ? parsed.description : null,
    model: typeof parsed.model === 'string' ? parsed.model : null,
    temperature: numberOf(temperature),
    max_tokens: numberOf(maxOutputTokens),
    custom: Object.keys(dotprompt).length > 0 ? { dotprompt } : {},
    input_schema: inputSchema,
    output_schema: outputSchema,
  };
  const prompt =
    messages === null
      ? buildPrompt({ ...parts, format: 'text', content: trimMessage(source) }, file)
      : buildPrompt({ ...parts, format: 'chat', messages }, file);
  converted.versions.push({ prompt, changelog: null });
  return converted;
}

async function readSchema(
  schema: unknown,
  defaults: Record<string, unknown>,
  name: string,
  file: string,
  converted: ConvertedFile,
): Promise<string | null> {
  if (schema === undefined || schema === null) return null;
  let json: JsonObject | null;
  try {
    json = (await picoschema(schema)) as JsonObject | null;
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `${file}: schema ${name}: ${error instanceof Error ? error.message : String(error)}`,
      { file },
    );
  }
  if (json === null) return null;
  const properties = recordOf(json['properties']) ?? {};
  for (const [key, value] of Object.entries(defaults)) {
    const property = recordOf(properties[key]);
    if (property === undefined) continue;
    property['default'] = value;
    // Picoschema's `name?` is nullable; with a default the default fills it instead.
    if (Array.isArray(property['type'])) {
      const types = property['type'].filter((type) => type !== 'null');
      property['type'] = types.length === 1 ? types[0] : types;
    }
    if (Array.isArray(property['enum']))
      property['enum'] = property['enum'].filter((item) => item !== null);
  }
  converted.schemas.push(...jsonSchemaToDsl(json, name, file));
  return name;
}

/** Maps Dotprompt's helpers to ours and refuses those we do not have, with their lines. */
function toOurHelpers(body: string, bodyLine: number, file: string): string {
  const source = body
    .replace(
      /\{\{(~?)#(ifEquals|unlessEquals)\s+([^}]*?)(~?)\}\}/g,
      (_m, a: string, helper: string, args: string, b: string) =>
        `{{${a}#${helper === 'ifEquals' ? 'if' : 'unless'} (eq ${args.trim()})${b}}}`,
    )
    .replace(
      /\{\{(~?)\/(ifEquals|unlessEquals)(~?)\}\}/g,
      (_m, a: string, helper: string, b: string) =>
        `{{${a}/${helper === 'ifEquals' ? 'if' : 'unless'}${b}}}`,
    )
    .replace(/\{\{(~?)json\s+([^}\s]+)\s+indent=\d+(~?)\}\}/g, '{{$1json $2$3}}');
  let calls;
  try {
    calls = helperCalls(source, DOTPROMPT_BARE_HELPERS);
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `${file}: ${error instanceof Error ? error.message.split('\n')[0] : 'malformed template'}`,
      { file },
    );
  }
  for (const call of calls) {
    if (call.name === 'role' && !call.block) continue;
    if (OUR_HELPERS.has(call.name) && !DOTPROMPT_BARE_HELPERS.has(call.name)) continue;
    const line = bodyLine + call.line - 1;
    const construct =
      call.name === 'history'
        ? '{{history}} (the conversation so far)'
        : `the helper {{${call.name}}}`;
    throw new AppError(
      'invalid_input',
      `${file}: Dotprompt ${construct} has no equivalent here (line ${line})`,
      {
        file,
        construct,
        line,
      },
    );
  }
  return source;
}

/** Splits the body at `{{role "…"}}` markers; null when it has none (a text prompt). */
function splitRoles(
  source: string,
  file: string,
  bodyLine: number,
): Pick<Message, 'role' | 'content'>[] | null {
  const marker = /\{\{~?\s*role\s+["']([a-z]+)["']\s*~?\}\}/g;
  const marks = [...source.matchAll(marker)];
  if (marks.length === 0) return null;
  const messages: Pick<Message, 'role' | 'content'>[] = [];
  const push = (role: Message['role'], text: string) => {
    const content = trimMessage(text);
    if (content !== '') messages.push({ role, content });
  };
  push('user', source.slice(0, marks[0]?.index ?? 0));
  marks.forEach((mark, index) => {
    const role = ROLES[mark[1] ?? ''];
    if (role === undefined) {
      const line = bodyLine + source.slice(0, mark.index).split('\n').length - 1;
      throw new AppError(
        'invalid_input',
        `${file}: Dotprompt role '${mark[1] ?? ''}' has no equivalent (line ${line})`,
        { file, line },
      );
    }
    const start = (mark.index ?? 0) + mark[0].length;
    push(role, source.slice(start, marks[index + 1]?.index ?? source.length));
  });
  return messages;
}

/** Writes a prompt as a `.prompt` file; the file name is `<id>.prompt`. */
export function writeDotprompt(prompt: Prompt, lookup: SchemaLookup): string {
  const where = `prompt '${prompt.id}'`;
  const custom = recordOf(recordOf(prompt.metadata.custom)?.['dotprompt']) ?? {};
  const front: Record<string, unknown> = {};
  if (prompt.metadata.model_recommendations[0])
    front['model'] = prompt.metadata.model_recommendations[0];
  if (prompt.metadata.description) front['description'] = prompt.metadata.description;
  const config: Record<string, unknown> = { ...(recordOf(custom['config']) ?? {}) };
  if (prompt.metadata.temperature != null) config['temperature'] = prompt.metadata.temperature;
  if (prompt.metadata.max_tokens != null) config['maxOutputTokens'] = prompt.metadata.max_tokens;
  if (Object.keys(config).length > 0) front['config'] = config;
  if (prompt.input_schema) {
    const schema = mustFind(prompt.input_schema, lookup);
    const input: Record<string, unknown> = {
      schema: dslToPicoschema(schema, lookup) ?? dslToJsonSchema(schema, lookup, 'Dotprompt'),
    };
    const defaults = topLevelDefaults(schema, lookup);
    if (Object.keys(defaults).length > 0) input['default'] = defaults;
    front['input'] = input;
  }
  if (prompt.output_schema) {
    const schema = mustFind(prompt.output_schema, lookup);
    front['output'] = {
      format: typeof custom['output_format'] === 'string' ? custom['output_format'] : 'json',
      schema: dslToPicoschema(schema, lookup) ?? dslToJsonSchema(schema, lookup, 'Dotprompt'),
    };
  }
  const body =
    prompt.format === 'chat'
      ? (prompt.chat_template?.messages ?? [])
          .map(
            (message, index) =>
              `{{role "${dotpromptRole(message.role, `${where}, message ${index + 1}`)}"}}\n${forDotprompt(message.content, `${where}, message ${index + 1}`)}`,
          )
          .join('\n\n')
      : forDotprompt(prompt.template?.content ?? '', where);
  const head = Object.keys(front).length > 0 ? stringifyYaml(front) : '';
  return `---\n${head}---\n${body}\n`;
}

function dotpromptRole(role: Message['role'], where: string): string {
  if (role === 'assistant') return 'model';
  if (role === 'function') {
    throw new AppError(
      'export_rule',
      `Dotprompt export cannot express a function message (${where})`,
      { rule: 'dotprompt', construct: 'a function message', where },
    );
  }
  return role;
}

/** Checks a template uses only helpers Dotprompt has; `json` gets our indent of 2. */
function forDotprompt(source: string, where: string): string {
  for (const call of helperCalls(source, new Set())) {
    if (!DOTPROMPT_HELPERS.has(call.name) || call.name === 'role') {
      throw new AppError(
        'export_rule',
        `Dotprompt export cannot express the helper call {{${call.name} …}} (${where}, line ${call.line})`,
        {
          rule: 'dotprompt',
          construct: `the helper call {{${call.name} …}}`,
          where,
          line: call.line,
        },
      );
    }
  }
  if (/\{\{~?>/.test(source)) {
    const line = source.slice(0, source.search(/\{\{~?>/)).split('\n').length;
    throw new AppError(
      'export_rule',
      `Dotprompt export cannot express a partial {{> …}} (${where}, line ${line})`,
      { rule: 'dotprompt', construct: 'a partial {{> …}}', where, line },
    );
  }
  return source.replace(/\{\{(~?)json\s+([^}\s]+)(~?)\}\}/g, '{{$1json $2 indent=2$3}}');
}

function mustFind(name: string, lookup: SchemaLookup) {
  const schema = lookup(name);
  if (schema === undefined)
    throw new AppError('not_found', `Schema '${name}' is not in the library`, { schema: name });
  return schema;
}
