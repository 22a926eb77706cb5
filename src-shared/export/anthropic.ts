// Anthropic Messages export: the system message lifted out, user/assistant turns that alternate.
import { AppError } from '../errors';
import type { Prompt } from '../model/prompt';
import type { RenderOutput } from '../render/renderPrompt';
import { settingsFromMetadata } from './modelSettings';
import { pythonLiteral } from './pythonLiteral';
import { code, MODEL_PLACEHOLDER, tsLiteral } from './snippets';
import type { Snippets } from './snippets';

/** One Messages API turn. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** The body for `client.messages.create`. */
export interface AnthropicPayload {
  model?: string;
  max_tokens: number;
  temperature?: number;
  system?: string;
  messages: AnthropicMessage[];
}

/** Options for the Anthropic conversion. */
export interface AnthropicOptions {
  /** Join consecutive same-role messages with a blank line instead of rejecting them. */
  mergeConsecutive?: boolean;
}

/**
 * The Messages API requires `max_tokens`; prompts that recommend none get this ceiling so the
 * payload is ready to send (the seed left the key out, which the API rejects).
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 1024;

/**
 * Converts a rendered prompt. The single system message becomes `system` (present only when
 * non-empty; two are refused), function/tool turns become user turns, then the first turn must
 * be the user's and turns must alternate, unless `mergeConsecutive` joins same-role runs.
 * Errors are `export_rule` with `{ rule, index }`; index counts turns without the system message.
 */
export function toAnthropicPayload(
  prompt: Prompt,
  output: RenderOutput,
  options: AnthropicOptions = {},
): AnthropicPayload {
  const source =
    output.kind === 'chat' ? output.messages : [{ role: 'user' as const, content: output.text }];
  let system: string | undefined;
  let turns: AnthropicMessage[] = [];
  // Where each turn stands in the prompt (0-based), to name it as the editor numbers it.
  const positions: number[] = [];
  for (const [index, message] of source.entries()) {
    if (message.role !== 'system') {
      turns.push({
        role: message.role === 'assistant' ? 'assistant' : 'user',
        content: message.content,
      });
      positions.push(index);
      continue;
    }
    if (system !== undefined) {
      throw new AppError(
        'export_rule',
        `Anthropic only supports one system message (prompt '${prompt.id}')`,
        { rule: 'one_system', index, prompt: prompt.id },
      );
    }
    system = message.content;
  }
  // Merged runs keep their first turn's position, the only one a merged list can still break.
  if (options.mergeConsecutive === true) turns = mergeRuns(turns);
  checkTurns(prompt.id, turns, positions);
  // Only Claude models make sense here, whatever else the metadata recommends first.
  const settings = settingsFromMetadata(prompt.metadata, (model) => model.startsWith('claude'));
  const hasSystem = system !== undefined && system.trim() !== '';
  const payload: AnthropicPayload = {
    ...(settings.model === undefined ? {} : { model: settings.model }),
    max_tokens: settings.max_tokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
    ...(hasSystem ? { system } : {}),
    messages: turns,
  };
  return payload;
}

function mergeRuns(turns: AnthropicMessage[]): AnthropicMessage[] {
  const merged: AnthropicMessage[] = [];
  for (const turn of turns) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.role === turn.role) {
      last.content = `${last.content}\n\n${turn.content}`;
    } else {
      merged.push({ ...turn });
    }
  }
  return merged;
}

/**
 * The seed's rules and wording, plus the message as the editor numbers it (from 1, the system
 * message included); `details.index` counts turns (0-based), `details.position` is the message's
 * 0-based place in the prompt.
 */
function checkTurns(promptId: string, turns: AnthropicMessage[], positions: number[]): void {
  const first = turns[0];
  if (first !== undefined && first.role !== 'user') {
    const position = positions[0] ?? 0;
    throw new AppError(
      'export_rule',
      `First message must be from user in Anthropic format (prompt '${promptId}', message ${position + 1} is '${first.role}')`,
      { rule: 'first_user', index: 0, position, prompt: promptId },
    );
  }
  for (let index = 1; index < turns.length; index += 1) {
    const role = turns[index]?.role;
    if (role === turns[index - 1]?.role) {
      const position = positions[index] ?? index;
      throw new AppError(
        'export_rule',
        `Messages must alternate between user and assistant roles. Found consecutive '${role}' messages at position ${index} (prompt '${promptId}', message ${position + 1}).`,
        { rule: 'alternation', index, position, prompt: promptId },
      );
    }
  }
}

/** Python and TypeScript calls of the official SDK with this payload. */
export function anthropicSnippets(payload: AnthropicPayload): Snippets {
  const body = payload.model === undefined ? { model: MODEL_PLACEHOLDER, ...payload } : payload;
  return {
    python: code([
      'import anthropic',
      '',
      'client = anthropic.Anthropic()',
      `payload = ${pythonLiteral(body)}`,
      'message = client.messages.create(**payload)',
      'print(message.content[0].text)',
    ]),
    typescript: code([
      "import Anthropic from '@anthropic-ai/sdk';",
      '',
      'const client = new Anthropic();',
      `const payload: Anthropic.MessageCreateParamsNonStreaming = ${tsLiteral(body)};`,
      'const message = await client.messages.create(payload);',
      "console.log(message.content[0]?.type === 'text' ? message.content[0].text : message.content);",
    ]),
  };
}
