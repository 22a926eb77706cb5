// Langfuse prompt objects (the shape of its prompts API) as JSON: one object or a list of them.
// Version N is our N.0.0; `commitMessage` is the changelog; its labels are our labels (`latest`,
// which Langfuse moves by itself, is the newest version on the way out and nothing on the way in).
import { AppError } from '../errors';
import type { Message, Prompt } from '../model/prompt';
import { ROLES } from '../model/prompt';
import { LABEL_PATTERN } from '../model/labels';
import { buildPrompt, emptyConverted, numberOf, recordOf, type ConvertedFile } from './formatTypes';
import { handlebarsToMustache, mustacheToHandlebars } from './templates/mustache';

/** True when a parsed JSON value is a Langfuse prompt object (or a list of them). */
export function isLangfuseDocument(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : value;
  const record = recordOf(first);
  return record !== undefined && 'name' in record && 'type' in record && 'prompt' in record;
}

/** Reads Langfuse prompt objects; every object is one version of the prompt it names. */
export function readLangfuse(value: unknown, file: string): ConvertedFile {
  const converted = emptyConverted();
  const objects = Array.isArray(value) ? value : [value];
  objects.forEach((entry, index) => {
    const at = objects.length > 1 ? `${file} [${index}]` : file;
    const object = recordOf(entry);
    if (object === undefined)
      throw new AppError('invalid_input', `${at}: not a Langfuse prompt object`, { file });
    const version = readObject(object, at, file);
    converted.versions.push(version);
    for (const label of stringList(object['labels'])) {
      if (label === LATEST) continue;
      if (!LABEL.test(label)) {
        converted.skipped.push({
          file,
          item: `label '${label}'`,
          reason: 'label names are a lower-case letter, then lower-case letters, digits, _ or -',
        });
        continue;
      }
      const id = version.prompt.id;
      const other = converted.labels.find((entry) => entry.id === id && entry.label === label);
      if (other !== undefined) {
        throw new AppError(
          'invalid_input',
          `${at}: the label '${label}' is on versions ${other.version} and ${version.prompt.version} of '${id}'`,
          { file },
        );
      }
      converted.labels.push({ id, label, version: version.prompt.version });
    }
  });
  return converted;
}

/** The label Langfuse keeps on the newest version by itself. */
const LATEST = 'latest';
const LABEL = new RegExp(LABEL_PATTERN);

function readObject(object: Record<string, unknown>, at: string, file: string) {
  const name = object['name'];
  if (typeof name !== 'string')
    throw new AppError('invalid_input', `${at}: name must be a string`, { file });
  const version = object['version'] ?? 1;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new AppError('invalid_input', `${at}: version must be a whole number from 1`, { file });
  }
  const config = recordOf(object['config']) ?? {};
  const { model, temperature, max_tokens, maxTokens, ...otherConfig } = config;
  const langfuse: Record<string, unknown> = {};
  if (Object.keys(otherConfig).length > 0) langfuse['config'] = otherConfig;
  const parts = {
    id: name,
    version: `${version}.0.0`,
    tags: stringList(object['tags']),
    model: typeof model === 'string' ? model : null,
    temperature: numberOf(temperature),
    max_tokens: numberOf(max_tokens ?? maxTokens),
    custom: Object.keys(langfuse).length > 0 ? { langfuse } : {},
    ...(typeof object['createdAt'] === 'string' ? { created_at: object['createdAt'] } : {}),
  };
  const changelog = typeof object['commitMessage'] === 'string' ? object['commitMessage'] : null;
  if (object['type'] === 'text') {
    if (typeof object['prompt'] !== 'string')
      throw new AppError('invalid_input', `${at}: a text prompt's prompt must be a string`, {
        file,
      });
    return {
      prompt: buildPrompt(
        { ...parts, format: 'text', content: mustacheToHandlebars(object['prompt'], at) },
        file,
      ),
      changelog,
    };
  }
  if (object['type'] !== 'chat' || !Array.isArray(object['prompt'])) {
    throw new AppError(
      'invalid_input',
      `${at}: type must be text (a string prompt) or chat (a list of messages)`,
      { file },
    );
  }
  const messages = object['prompt'].map((entry, index) =>
    readMessage(entry, `${at} message ${index + 1}`, file),
  );
  return { prompt: buildPrompt({ ...parts, format: 'chat', messages }, file), changelog };
}

function readMessage(entry: unknown, at: string, file: string): Pick<Message, 'role' | 'content'> {
  const message = recordOf(entry) ?? {};
  if (message['type'] === 'placeholder') {
    throw new AppError(
      'invalid_input',
      `${at}: a message placeholder ('${String(message['name'])}') has no equivalent here`,
      { file, construct: 'a message placeholder' },
    );
  }
  const role = message['role'];
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new AppError(
      'invalid_input',
      `${at}: the role '${String(role)}' is not one of ${ROLES.join(', ')}`,
      { file },
    );
  }
  if (typeof message['content'] !== 'string')
    throw new AppError('invalid_input', `${at}: content must be a string`, { file });
  return { role: role as Message['role'], content: mustacheToHandlebars(message['content'], at) };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** One version to write, with its changelog. */
export interface LangfuseVersion {
  prompt: Prompt;
  changelog: string | null;
}

/**
 * Writes every version of a prompt as Langfuse objects, oldest first. Versions all of the form
 * N.0.0 keep N; otherwise they are numbered 1, 2, … in order (Langfuse numbers are integers).
 * `labels` (label → version) go on the versions they point at, and `latest` on the newest.
 */
export function writeLangfuse(
  versions: readonly LangfuseVersion[],
  partials: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>> = {},
): Record<string, unknown>[] {
  const whole = versions.every(({ prompt }) => /^[1-9]\d*\.0\.0$/.test(prompt.version));
  return versions.map(({ prompt, changelog }, index) => {
    const labelled = Object.keys(labels)
      .filter((label) => labels[label] === prompt.version)
      .sort();
    if (index === versions.length - 1) labelled.push(LATEST);
    const where = `prompt '${prompt.id}' ${prompt.version}`;
    const custom = recordOf(recordOf(prompt.metadata.custom)?.['langfuse']) ?? {};
    const config: Record<string, unknown> = { ...(recordOf(custom['config']) ?? {}) };
    if (prompt.metadata.model_recommendations[0])
      config['model'] = prompt.metadata.model_recommendations[0];
    if (prompt.metadata.temperature != null) config['temperature'] = prompt.metadata.temperature;
    if (prompt.metadata.max_tokens != null) config['max_tokens'] = prompt.metadata.max_tokens;
    const all = { ...partials, ...(prompt.template?.partials ?? {}) };
    const object: Record<string, unknown> = {
      name: prompt.id,
      version: whole ? Number(prompt.version.split('.')[0]) : index + 1,
      type: prompt.format === 'chat' ? 'chat' : 'text',
      prompt:
        prompt.format === 'chat'
          ? (prompt.chat_template?.messages ?? []).map((message, at) => ({
              role: message.role,
              content: handlebarsToMustache(message.content, all, `${where}, message ${at + 1}`),
            }))
          : handlebarsToMustache(prompt.template?.content ?? '', all, where),
      config,
      labels: labelled,
      tags: prompt.metadata.tags,
    };
    if (changelog !== null) object['commitMessage'] = changelog;
    return object;
  });
}
