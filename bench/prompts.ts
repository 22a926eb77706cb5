// The prompts the benchmarks render, save and import: realistic sizes, built in code.
import type { Prompt } from '../src-shared/model/prompt';
import { parsePrompt } from '../src-shared/model/validatePrompt';

const BRIEFING =
  'Read the whole conversation before answering. Prefer concrete steps over general advice, ' +
  'and say plainly when you do not know something instead of guessing. Keep the answer short ' +
  'enough to read on a phone: a one-line summary first, then at most five numbered steps. ' +
  'Quote error messages exactly as the customer gave them. Never ask for passwords, tokens or ' +
  'full card numbers, and remove any that the customer pasted by mistake. When a ticket below ' +
  'already solved the same problem, point to it by number rather than repeating it. ';

/**
 * The ~1 KB text template of the render benchmark: five variables (four scalars and the list
 * `tickets`) and one `#each` over that list.
 */
export const TEXT_TEMPLATE =
  'You are {{assistant_name}}, a senior support engineer at {{company}}.\n\n' +
  BRIEFING +
  '\n\n' +
  'Customer: {{customer_name}}\n' +
  'Their question:\n{{question}}\n\n' +
  'Related tickets:\n' +
  '{{#each tickets}}- #{{id}} ({{status}}): {{title}}\n{{/each}}' +
  '\nAnswer the question now.';

/** Variables of TEXT_TEMPLATE. */
export const TEXT_VARIABLES = {
  assistant_name: 'Ada',
  company: 'Acme Widgets',
  customer_name: 'Grace Hopper',
  question: 'My export to the LangChain format fails with "Messages must alternate". Why?',
  tickets: [
    { id: 1042, status: 'solved', title: 'Export fails when two user messages follow each other' },
    { id: 1077, status: 'open', title: 'Anthropic export drops the system message' },
    { id: 1101, status: 'solved', title: 'Merge consecutive messages option is hidden' },
  ],
};

/** The ~600-character system message of the chat benchmark (variables: persona, product). */
export const CHAT_SYSTEM =
  'You are {{persona}}, the assistant inside {{product}}. ' +
  'Answer questions about writing, versioning and exporting prompt templates. ' +
  BRIEFING.slice(0, 420);

/** The user message of the chat benchmark (variable: question). */
export const CHAT_USER = 'Question: {{question}}';

/** Variables of the chat benchmark. */
export const CHAT_VARIABLES = {
  persona: 'Workbench Helper',
  product: 'Prompt Workbench',
  question: 'How do I compare two versions of a prompt side by side?',
};

const STAMP = '2025-01-01T00:00:00.000Z';

function metadata(index: number) {
  return {
    author: 'Bench',
    description: `Benchmark prompt number ${index} about ${TOPICS[index % TOPICS.length]}`,
    tags: ['bench', TOPICS[index % TOPICS.length] as string, `group${index % 50}`],
    category: `category${index % 20}`,
    use_cases: [],
    model_recommendations: [],
    temperature: null,
    max_tokens: null,
    custom: {},
  };
}

/** Topics mixed into generated prompts so that full-text searches match some, not all. */
export const TOPICS = [
  'invoices',
  'refunds',
  'onboarding',
  'summaries',
  'translation',
  'code review',
  'marketing',
  'security',
  'legal',
  'recruiting',
  'analytics',
  'support',
] as const;

/** The text prompt of the render benchmark, parsed as the services would. */
export function textPrompt(id = 'bench_text'): Prompt {
  return parsePrompt({
    id,
    version: '1.0.0',
    format: 'text',
    template: { content: TEXT_TEMPLATE, variables: [], partials: {}, helpers: {} },
    status: 'active',
    created_at: STAMP,
    updated_at: STAMP,
    metadata: metadata(0),
  });
}

/** The chat prompt of the chat benchmark. */
export function chatPrompt(id = 'bench_chat'): Prompt {
  return parsePrompt({
    id,
    version: '1.0.0',
    format: 'chat',
    chat_template: {
      messages: [
        { role: 'system', content: CHAT_SYSTEM },
        { role: 'user', content: CHAT_USER },
      ],
      variables: [],
    },
    status: 'active',
    created_at: STAMP,
    updated_at: STAMP,
    metadata: metadata(0),
  });
}

/**
 * A plain document (not yet parsed) for the generated library: ids `p00000`…, varied topics
 * and words so searches are selective, about 600 bytes of template each.
 */
export function libraryDocument(index: number): Record<string, unknown> {
  const topic = TOPICS[index % TOPICS.length] as string;
  const id = `p${String(index).padStart(5, '0')}`;
  return {
    id,
    version: '1.0.0',
    uid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    format: 'text',
    template: {
      content:
        `Prompt ${id} helps with ${topic} (word${index % 997}). ` +
        `Hello {{name}}, here is your ${topic} request about {{subject}}.\n` +
        BRIEFING.slice(0, 400),
      variables: ['name', 'subject'],
      partials: {},
      helpers: {},
    },
    chat_template: null,
    status: 'active',
    created_at: STAMP,
    updated_at: STAMP,
    metadata: metadata(index),
    input_schema: null,
    output_schema: null,
  };
}

/**
 * A ~20 KB text template for the keystroke benchmark: many short paragraphs with a variable
 * every few lines, as a long system prompt looks.
 */
export function largeTemplate(targetBytes = 20_000): string {
  const lines: string[] = [];
  let size = 0;
  for (let index = 0; size < targetBytes; index += 1) {
    const line =
      index % 5 === 0
        ? `Section ${index}: address {{name}} about {{topic}} in a friendly tone.`
        : `Rule ${index}: ${BRIEFING.slice((index * 37) % 200, ((index * 37) % 200) + 90).trim()}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}
