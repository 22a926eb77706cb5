// Turns a prompt into two plain texts (template, settings) that line diffs read well.
import { stringify } from 'yaml';
import type { Prompt } from '../model/prompt';

/** The diffable texts of one prompt version. */
export interface DiffSides {
  /** The template text, or for chat every message under a `## <n>. <role> [name]` header. */
  template: string;
  /** Everything else that matters (format, status, metadata, schemas, variables…), one key a line. */
  settings: string;
}

/** Renders a prompt as its template text and a stable, sorted YAML dump of its settings. */
export function promptToDiffText(prompt: Prompt): DiffSides {
  return { template: templateText(prompt), settings: settingsText(prompt) };
}

function templateText(prompt: Prompt): string {
  if (prompt.chat_template) {
    return prompt.chat_template.messages
      .map((message, index) => {
        const name = message.name ? ` [${message.name}]` : '';
        return `## ${index + 1}. ${message.role}${name}\n${message.content}`;
      })
      .join('\n\n');
  }
  return prompt.template?.content ?? '';
}

function settingsText(prompt: Prompt): string {
  const settings: Record<string, unknown> = {
    format: prompt.format,
    status: prompt.status,
    input_schema: prompt.input_schema ?? null,
    output_schema: prompt.output_schema ?? null,
    metadata: prompt.metadata,
  };
  if (prompt.template) {
    // Inline partials and declared variables are content too, but not part of the text.
    settings.variables = prompt.template.variables;
    settings.partials = prompt.template.partials;
    settings.helpers = prompt.template.helpers;
  }
  if (prompt.chat_template) {
    settings.variables = prompt.chat_template.variables;
    const calls: Record<string, unknown> = {};
    prompt.chat_template.messages.forEach((message, index) => {
      if (message.function_call) calls[`${index + 1}.function_call`] = message.function_call;
      if (message.tool_calls) calls[`${index + 1}.tool_calls`] = message.tool_calls;
    });
    if (Object.keys(calls).length > 0) settings.message_calls = calls;
  }
  // lineWidth 0: never fold long strings, so one change stays one changed line.
  return stringify(settings, { sortMapEntries: true, lineWidth: 0, minContentWidth: 0 });
}
