// Validates and normalises one prompt document (SEED-BEHAVIOUR §1.2–1.6) into a fresh Prompt.
import {
  CHAT_KEYS,
  MESSAGE_EXTRA_KEYS,
  MESSAGE_KEYS,
  METADATA_KEYS,
  PROMPT_KEYS,
  TEMPLATE_KEYS,
} from './documentKeys';
import {
  type FieldReader,
  type IssueList,
  clip,
  copyData,
  describeKind,
  isRecord,
  readDocument,
  readOrThrow,
} from './documentReader';
import {
  PROMPT_FORMATS,
  PROMPT_ID_PATTERN,
  PROMPT_STATUSES,
  ROLES,
  VERSION_PATTERN,
  emptyMetadata,
  type ChatPromptTemplate,
  type Message,
  type Prompt,
  type PromptFormat,
  type PromptMetadata,
  type PromptTemplate,
} from './prompt';
import type { AppError } from '../errors';
import { findTemplateProblem } from '../template/templateCheck';

// src-shared has no DOM or Node types; Web Crypto's randomUUID exists in both runtimes.
declare const crypto: { randomUUID(): string };

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Python's str.isidentifier(): XID_Start or '_' first, XID_Continue after; keywords allowed.
const IDENTIFIER_PATTERN = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const NUMERIC_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const WHOLE_NUMBER_TEXT = /^\s*\d+\s*$/;

/** How a prompt document is read. */
export interface ReadPromptOptions {
  /**
   * 'check' (the default, for every document entering the library): each template, chat
   * message and template partial must parse and run on the interpreter. 'skip': for a document
   * only rendered (the editor's unsaved text), whose render reports template errors itself.
   */
  templates?: 'check' | 'skip';
}

/**
 * Validates a single-prompt document and returns a normalised, fresh Prompt: every field
 * present (nulls included), defaults filled, tags normalised. Throws AppError('invalid_input')
 * with `details.issues` listing every problem and `details.file` set to `source`. A template
 * that does not parse is an issue with rule `template_syntax` (see readPrompt).
 */
export function parsePrompt(
  value: unknown,
  source?: string,
  options: ReadPromptOptions = {},
): Prompt {
  return readOrThrow('prompt', source, (issues) => readPrompt(value, issues, options));
}

/**
 * Reads a prompt, recording problems in `issues`; undefined when it cannot be read at all.
 * Once the fields are valid, its templates are checked (unless `options.templates` is 'skip'):
 * a template, chat message or template partial that does not parse, or uses a construct the
 * interpreter does not run, is an issue naming the prompt (and the message, numbered from 1),
 * with `line`, `column`, a `hint` where one helps and, for chat, the 0-based `messageIndex`.
 */
export function readPrompt(
  value: unknown,
  issues: IssueList,
  options: ReadPromptOptions = {},
): Prompt | undefined {
  const issuesBefore = issues.items.length;
  const doc = readDocument(value, issues, 'a prompt document', PROMPT_KEYS);
  if (doc === undefined) return undefined;

  const id = readId(doc);
  const version = readVersion(doc, 'version');
  const uid = readUid(doc);
  const format = doc.oneOf('format', PROMPT_FORMATS);
  const template = readNullable(doc, 'template', readTemplate);
  const chatTemplate = readNullable(doc, 'chat_template', readChatTemplate);
  const status = doc.oneOf('status', PROMPT_STATUSES, 'draft');
  const now = new Date().toISOString();
  const createdAt = readTimestamp(doc, 'created_at') ?? now;
  const updatedAt = readTimestamp(doc, 'updated_at') ?? now;
  const metadata = readMetadata(doc);
  const inputSchema = doc.optionalString('input_schema');
  const outputSchema = doc.optionalString('output_schema');
  if (format !== undefined) checkFormat(doc, format);

  if (id === undefined || format === undefined || version === undefined) return undefined;
  // Message indexes only hold while every message was read, so templates wait for valid fields.
  if (options.templates !== 'skip' && issues.items.length === issuesBefore) {
    checkTemplates(issues, id, template, chatTemplate);
  }
  return {
    id,
    version,
    uid,
    format,
    template,
    chat_template: chatTemplate,
    status: status ?? 'draft',
    created_at: createdAt,
    updated_at: updatedAt,
    metadata,
    input_schema: inputSchema,
    output_schema: outputSchema,
  };
}

/** Records every template of the prompt that cannot enter the library (see readPrompt). */
function checkTemplates(
  issues: IssueList,
  id: string,
  template: PromptTemplate | null,
  chat: ChatPromptTemplate | null,
): void {
  const prompt = `Prompt '${id}'`;
  if (template !== null) {
    addTemplateIssue(issues, 'template.content', prompt, findTemplateProblem(template.content));
    for (const [name, source] of Object.entries(template.partials)) {
      const problem = findTemplateProblem(source, name);
      addTemplateIssue(issues, `template.partials.${name}`, prompt, problem);
    }
  }
  chat?.messages.forEach((message, index) => {
    const where = `${prompt}, message ${index + 1} (${message.role})`;
    const path = `chat_template.messages.${index}.content`;
    addTemplateIssue(issues, path, where, findTemplateProblem(message.content), index);
  });
}

function addTemplateIssue(
  issues: IssueList,
  path: string,
  where: string,
  problem: AppError | undefined,
  messageIndex?: number,
): void {
  if (problem === undefined) return;
  const details = problem.details ?? {};
  const located: Partial<Record<'line' | 'column' | 'messageIndex', number>> & { hint?: string } =
    {};
  if (typeof details.line === 'number') located.line = details.line;
  if (typeof details.column === 'number') located.column = details.column;
  if (messageIndex !== undefined) located.messageIndex = messageIndex;
  if (typeof details.hint === 'string') located.hint = details.hint;
  issues.items.push({
    path,
    rule: problem.code,
    message: `${where}: ${problem.message}`,
    ...located,
  });
}

function readId(doc: FieldReader): string | undefined {
  const id = doc.requiredString('id');
  if (id === undefined) return undefined;
  if (!PROMPT_ID_PATTERN.test(id)) {
    doc.issues.add(
      'id',
      'pattern',
      `id '${clip(id)}' is not allowed: use 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit`,
    );
    return undefined;
  }
  // `<id>.tests.yaml` is the file of prompt <id>'s test cases: a prompt named `x.tests` would be
  // read back as the test cases of `x`.
  if (/\.tests$/i.test(id)) {
    doc.issues.add(
      'id',
      'pattern',
      `id '${clip(id)}' is not allowed: ids ending in '.tests' name test case files (<id>.tests.yaml)`,
    );
    return undefined;
  }
  return id;
}

/** Reads a `MAJOR.MINOR.PATCH` version (default 1.0.0); YAML floats like 1.0 are rejected. */
export function readVersion(doc: FieldReader, key: string): string | undefined {
  const value = doc.record[key];
  if (value === undefined) return '1.0.0';
  if (typeof value !== 'string') {
    const got = typeof value === 'number' ? 'a number; quote it in YAML' : describeKind(value);
    doc.issues.add(doc.at(key), 'type', `${key} must be a string like "1.0.0" (got ${got})`);
    return undefined;
  }
  if (!VERSION_PATTERN.test(value)) {
    doc.issues.add(
      doc.at(key),
      'pattern',
      `${key} '${clip(value)}' must be MAJOR.MINOR.PATCH digits, e.g. 1.0.0`,
    );
    return undefined;
  }
  if (value.split('.').some((part) => !Number.isSafeInteger(Number(part)))) {
    doc.issues.add(doc.at(key), 'pattern', `${key} '${clip(value)}' has a part that is too large`);
    return undefined;
  }
  return value;
}

function readUid(doc: FieldReader): string {
  const value = doc.record.uid;
  if (value === undefined || value === null) return crypto.randomUUID();
  if (typeof value !== 'string' || !UUID_PATTERN.test(value)) {
    doc.issues.add('uid', 'uuid', 'uid must be a UUID (8-4-4-4-12 hexadecimal digits)');
    return '';
  }
  return value.toLowerCase();
}

function readNullable<T>(
  doc: FieldReader,
  key: string,
  read: (reader: FieldReader) => T,
): T | null {
  if (doc.record[key] === undefined || doc.record[key] === null) return null;
  const child = doc.child(key);
  return child === undefined ? null : read(child);
}

function readTemplate(reader: FieldReader): PromptTemplate {
  reader.allowOnly(TEMPLATE_KEYS, 'a template');
  const content = readContent(reader, 'Template content cannot be empty');
  const variables = reader.stringList('variables');
  variables.forEach((name, index) => {
    if (!IDENTIFIER_PATTERN.test(name)) {
      reader.issues.add(
        reader.at('variables') + `.${index}`,
        'identifier',
        `variable name '${clip(name)}' is not valid: all variable names must be valid Python identifiers (letters, digits, '_', not starting with a digit)`,
      );
    }
  });
  return {
    content: content ?? '',
    variables,
    partials: reader.stringMap('partials'),
    helpers: reader.stringMap('helpers'),
  };
}

function readContent(reader: FieldReader, emptyMessage: string): string | undefined {
  const content = reader.requiredString('content');
  if (content !== undefined && content.trim() === '') {
    reader.issues.add(reader.at('content'), 'not_empty', emptyMessage);
  }
  return content;
}

function readChatTemplate(reader: FieldReader): ChatPromptTemplate {
  reader.allowOnly(CHAT_KEYS, 'a chat_template');
  const raw = reader.record.messages;
  const messages: Message[] = [];
  if (raw === undefined || raw === null) {
    reader.issues.add(reader.at('messages'), 'required', 'messages is required');
  } else if (!Array.isArray(raw)) {
    reader.issues.add(
      reader.at('messages'),
      'type',
      `messages must be a list (got ${describeKind(raw)})`,
    );
  } else if (raw.length === 0) {
    reader.issues.add(
      reader.at('messages'),
      'min_items',
      'Chat prompt must have at least one message',
    );
  } else {
    messages.push(...reader.readItems('messages', raw, 'message', readMessage));
  }
  return { messages, variables: reader.stringList('variables') };
}

const ALLOWED_MESSAGE_KEYS: readonly string[] = [...MESSAGE_KEYS, ...MESSAGE_EXTRA_KEYS];

function readMessage(reader: FieldReader): Message | undefined {
  reader.allowOnly(ALLOWED_MESSAGE_KEYS, 'a message');
  const role = reader.oneOf('role', ROLES);
  const content = readContent(reader, 'Message content cannot be empty');
  const name = reader.optionalString('name');
  const functionCall = readOptionalMapping(reader, 'function_call');
  const toolCalls = readToolCalls(reader);
  const toolCallId = reader.optionalString('tool_call_id');
  if (role === undefined || content === undefined) return undefined;
  const message: Message = {
    role,
    content,
    name,
    function_call: functionCall,
    tool_calls: toolCalls,
  };
  // Absent unless set: documents without it keep their shape and checksum.
  if (toolCallId !== null) message.tool_call_id = toolCallId;
  return message;
}

function readOptionalMapping(reader: FieldReader, key: string): Record<string, unknown> | null {
  const value = reader.record[key];
  if (value === undefined || value === null) return null;
  return reader.mapping(key);
}

function readToolCalls(reader: FieldReader): Record<string, unknown>[] | null {
  const value = reader.record.tool_calls;
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every(isRecord)) {
    reader.issues.add(reader.at('tool_calls'), 'type', 'tool_calls must be a list of mappings');
    return null;
  }
  return value.map((call) => copyData(call) as Record<string, unknown>);
}

function readTimestamp(doc: FieldReader, key: string): string | undefined {
  const value = doc.record[key];
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value.toISOString();
  } else if (typeof value === 'string') {
    const iso = normaliseIsoTimestamp(value);
    if (iso !== undefined) return iso;
  }
  doc.issues.add(key, 'datetime', `${key} ${TIMESTAMP_RULE}`);
  return undefined;
}

/** What a timestamp that is not ISO 8601 is told (prompts, history files, snapshots). */
export const TIMESTAMP_RULE = 'must be an ISO 8601 date or date-time such as 2024-01-31T12:00:00';

/** Keeps a valid ISO timestamp as written; a bare date becomes midnight (as the seed reads it). */
export function normaliseIsoTimestamp(text: string): string | undefined {
  const match = ISO_DATETIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  const validDay = date.getUTCMonth() === (month ?? 1) - 1 && date.getUTCDate() === day;
  if (!validDay || (hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) {
    return undefined;
  }
  return match[4] === undefined ? `${text}T00:00:00` : text;
}

function readMetadata(doc: FieldReader): PromptMetadata {
  if (!doc.has('metadata')) return emptyMetadata();
  const reader = doc.child('metadata');
  if (reader === undefined) return emptyMetadata();
  const metadata: PromptMetadata = {
    author: reader.optionalString('author'),
    description: reader.optionalString('description'),
    tags: normaliseTags(reader.stringList('tags')),
    category: reader.optionalString('category'),
    use_cases: reader.stringList('use_cases'),
    model_recommendations: reader.stringList('model_recommendations'),
    temperature: readNumberSetting(
      reader,
      'temperature',
      NUMERIC_TEXT,
      (number) => number >= 0 && number <= 2,
      'range',
      'a number from 0 to 2',
    ),
    max_tokens: readNumberSetting(
      reader,
      'max_tokens',
      WHOLE_NUMBER_TEXT,
      (number) => Number.isSafeInteger(number) && number > 0,
      'positive_integer',
      'a whole number greater than 0',
    ),
    custom: reader.mapping('custom'),
  };
  if (reader.record.tags === null) {
    reader.issues.add(reader.at('tags'), 'type', 'tags must be a list of strings (got null)');
  }
  if (reader.record.custom === null) {
    reader.issues.add(reader.at('custom'), 'type', 'custom must be a mapping (got null)');
  }
  for (const key of ['use_cases', 'model_recommendations']) {
    if (reader.record[key] === null) {
      reader.issues.add(reader.at(key), 'type', `${key} must be a list of strings (got null)`);
    }
  }
  for (const [key, value] of Object.entries(reader.record)) {
    if (!(METADATA_KEYS as readonly string[]).includes(key) && value !== undefined) {
      metadata[key] = copyData(value);
    }
  }
  return metadata;
}

/** Trimmed, lower-cased, empties dropped, duplicates dropped keeping the first (a fix). */
function normaliseTags(tags: string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase();
    if (clean !== '' && !out.includes(clean)) out.push(clean);
  }
  return out;
}

/**
 * A numeric metadata setting (null when unset). A number, or text that `text` accepts, must
 * pass `valid`; otherwise it is a `rule` issue saying the key must be `expected`.
 */
function readNumberSetting(
  reader: FieldReader,
  key: string,
  text: RegExp,
  valid: (number: number) => boolean,
  rule: string,
  expected: string,
): number | null {
  const value = reader.record[key];
  if (value === undefined || value === null) return null;
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && text.test(value)
        ? Number(value)
        : NaN;
  if (!valid(number)) {
    reader.issues.add(reader.at(key), rule, `${key} must be ${expected} (got ${shown(value)})`);
    return null;
  }
  return number;
}

/** The seed's cross-field rules, with the format printed plainly (a fix). */
function checkFormat(doc: FieldReader, format: PromptFormat): void {
  const hasTemplate = doc.record.template !== undefined && doc.record.template !== null;
  const hasChat = doc.record.chat_template !== undefined && doc.record.chat_template !== null;
  if (format === 'chat') {
    if (!hasChat) doc.issues.add('chat_template', 'format', 'Chat format requires chat_template');
    if (hasTemplate) {
      doc.issues.add(
        'template',
        'format',
        'Chat format cannot have both template and chat_template',
      );
    }
    return;
  }
  if (!hasTemplate) doc.issues.add('template', 'format', `${format} format requires template`);
  if (hasChat)
    doc.issues.add('chat_template', 'format', `${format} format cannot have chat_template`);
}

/** A short rendering of a rejected scalar for messages. */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${clip(value, 20)}'`;
  return describeKind(value);
}
