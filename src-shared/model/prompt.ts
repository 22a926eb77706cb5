// The prompt document: the seed's data model (SEED-BEHAVIOUR §1), with its field names kept.

/** Prompt formats; `chat` holds messages, the others one text template. */
export const PROMPT_FORMATS = ['text', 'chat', 'completion', 'instruction'] as const;
export type PromptFormat = (typeof PROMPT_FORMATS)[number];

/** Lifecycle states of a prompt. */
export const PROMPT_STATUSES = ['draft', 'active', 'deprecated', 'archived'] as const;
export type PromptStatus = (typeof PROMPT_STATUSES)[number];

/** Chat message roles. */
export const ROLES = ['system', 'user', 'assistant', 'function', 'tool'] as const;
export type Role = (typeof ROLES)[number];

/** Prompt ids: no path tricks, no spaces (a fix over the seed, which accepted anything). */
export const PROMPT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Versions are plain `MAJOR.MINOR.PATCH` (the seed's rule; no pre-release suffixes). */
export const VERSION_PATTERN = /^\d+\.\d+\.\d+$/;

/**
 * One chat message. `name`, `function_call`, `tool_calls` and `tool_call_id` are carried
 * through render and the OpenAI/LiteLLM exports untouched (never rendered as templates).
 */
export interface Message {
  role: Role;
  content: string;
  name?: string | null;
  function_call?: Record<string, unknown> | null;
  tool_calls?: Record<string, unknown>[] | null;
  tool_call_id?: string | null;
}

/** The message keys besides role and content, which travel with a message unchanged. */
export const MESSAGE_PASSENGER_KEYS = [
  'name',
  'function_call',
  'tool_calls',
  'tool_call_id',
] as const;

/** The template of a text, completion or instruction prompt. */
export interface PromptTemplate {
  content: string;
  variables: string[];
  partials: Record<string, string>;
  helpers: Record<string, string>;
}

/** The template of a chat prompt. */
export interface ChatPromptTemplate {
  messages: Message[];
  variables: string[];
}

/** Descriptive metadata; unknown keys are kept verbatim (the seed allows extras). */
export interface PromptMetadata {
  author?: string | null;
  description?: string | null;
  tags: string[];
  category?: string | null;
  use_cases: string[];
  model_recommendations: string[];
  temperature?: number | null;
  max_tokens?: number | null;
  custom: Record<string, unknown>;
  [extra: string]: unknown;
}

/** A whole prompt document at one version. */
export interface Prompt {
  id: string;
  version: string;
  uid: string;
  format: PromptFormat;
  template?: PromptTemplate | null;
  chat_template?: ChatPromptTemplate | null;
  status: PromptStatus;
  created_at: string;
  updated_at: string;
  metadata: PromptMetadata;
  input_schema?: string | null;
  output_schema?: string | null;
}

/** One immutable entry of a prompt's history. */
export interface PromptVersionRecord {
  id: string;
  version: string;
  changelog: string | null;
  created_at: string;
  author: string | null;
  parent_version: string | null;
  checksum: string;
}

/** Semver bump levels for saving a new version. */
export const BUMP_LEVELS = ['patch', 'minor', 'major'] as const;
export type BumpLevel = (typeof BUMP_LEVELS)[number];

/** Metadata with every field at its default: nulls, empty lists, no custom entries. */
export function emptyMetadata(): PromptMetadata {
  return {
    author: null,
    description: null,
    tags: [],
    category: null,
    use_cases: [],
    model_recommendations: [],
    temperature: null,
    max_tokens: null,
    custom: {},
  };
}
