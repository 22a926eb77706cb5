// What reading another tool's file gives, and the pieces every format converter shares.
import { AppError } from '../errors';
import type { TestCase } from '../evaluation/testCases';
import type { Message, Prompt, PromptFormat } from '../model/prompt';
import type { ValidationSchema } from '../model/schemaDsl';
import { parsePrompt } from '../model/validatePrompt';
import { extractVariables } from '../template/variables';

export { EXPORT_FORMATS, type ExportFormat } from './exportFormats';

/** One version read from another tool's file, with what our history keeps beside it. */
export interface ConvertedVersion {
  prompt: Prompt;
  changelog: string | null;
}

/** Something a file holds that the import leaves out, and why. */
export interface SkippedItem {
  file: string;
  item: string;
  reason: string;
}

/** Test cases read for a prompt (stored once the library keeps test cases). */
export interface ConvertedTests {
  id: string;
  cases: TestCase[];
}

/** A label another tool's file sets on one version of a prompt (a Langfuse `production`). */
export interface ConvertedLabel {
  id: string;
  label: string;
  version: string;
}

/** Everything one file of another tool gives. */
export interface ConvertedFile {
  versions: ConvertedVersion[];
  schemas: ValidationSchema[];
  tests: ConvertedTests[];
  labels: ConvertedLabel[];
  skipped: SkippedItem[];
}

/** The parts of a prompt another tool can say; the rest takes our defaults. */
export interface PromptParts {
  id: string;
  version?: string;
  format: PromptFormat;
  content?: string;
  messages?: Pick<Message, 'role' | 'content'>[];
  description?: string | null;
  author?: string | null;
  tags?: string[];
  model?: string | null;
  temperature?: number | null;
  max_tokens?: number | null;
  /** Fields kept for the way back to the same tool. */
  custom?: Record<string, unknown>;
  input_schema?: string | null;
  output_schema?: string | null;
  created_at?: string;
}

/** Builds a valid prompt document from parts, through the same checks as a seed file. */
export function buildPrompt(parts: PromptParts, file: string): Prompt {
  const metadata: Record<string, unknown> = {
    description: parts.description ?? null,
    author: parts.author ?? null,
    tags: parts.tags ?? [],
    model_recommendations: parts.model ? [parts.model] : [],
    temperature: parts.temperature ?? null,
    max_tokens: parts.max_tokens ?? null,
    custom: parts.custom ?? {},
  };
  const document: Record<string, unknown> = {
    id: parts.id,
    version: parts.version ?? '1.0.0',
    format: parts.format,
    status: 'active',
    metadata,
    input_schema: parts.input_schema ?? null,
    output_schema: parts.output_schema ?? null,
  };
  if (parts.created_at !== undefined) {
    document['created_at'] = parts.created_at;
    document['updated_at'] = parts.created_at;
  }
  if (parts.format === 'chat') {
    const messages = parts.messages ?? [];
    document['chat_template'] = {
      messages,
      variables: unique(messages.flatMap((message) => safeVariables(message.content))),
    };
  } else {
    const content = parts.content ?? '';
    document['template'] = { content, variables: safeVariables(content) };
  }
  return parsePrompt(document, file);
}

function safeVariables(source: string): string[] {
  try {
    return extractVariables(source).filter((name) => /^[A-Za-z_]\w*$/.test(name));
  } catch {
    // A malformed template is reported by the prompt check with its line.
    return [];
  }
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** The value as a plain object, or undefined. */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A number, or null. */
export function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A file's name without folders and without `ext`. */
export function stemOf(path: string, ext: RegExp): string {
  return (path.split('/').pop() ?? path).replace(ext, '');
}

/** Splits YAML front matter (between `---` lines) from the body; line is the body's first line. */
export function splitFrontMatter(
  text: string,
  file: string,
): { front: string; body: string; bodyLine: number } {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (match === null) {
    throw new AppError('invalid_input', `${file}: no front matter (a --- line, YAML, a --- line)`, {
      file,
    });
  }
  const head = match[0];
  return {
    front: match[1] ?? '',
    body: text.slice(head.length),
    bodyLine: head.split('\n').length,
  };
}

/** The name of a schema read with prompt `id`: schema names allow letters, digits, `_`, `-`. */
export function schemaNameFor(id: string, kind: 'input' | 'output'): string {
  return `${id.replace(/[^A-Za-z0-9_-]/g, '_')}_${kind}`;
}

/** An empty result to fill. */
export function emptyConverted(): ConvertedFile {
  return { versions: [], schemas: [], tests: [], labels: [], skipped: [] };
}

/** Keeps a chat message's text as is, minus the blank lines around it. */
export function trimMessage(text: string): string {
  return text.replace(/^\s*\n/, '').replace(/\s+$/, '');
}
