// Model providers and model names (`provider:model`): the built-ins, the rules for user-defined
// providers, and how a bare model recommendation finds its provider.

/** The protocols a provider speaks; each kind has one adapter on the Node side. */
export const PROVIDER_KINDS = ['openai', 'anthropic', 'openai-compatible'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Kinds a person may give a provider they add. */
export const USER_PROVIDER_KINDS = ['openai-compatible', 'anthropic'] as const;
export type UserProviderKind = (typeof USER_PROVIDER_KINDS)[number];

/** A provider as stored and listed (never a key: only the name of the variable holding it). */
export interface ProviderInfo {
  name: string;
  kind: ProviderKind;
  base_url: string;
  /** The environment variable the key is read from at call time; null when none is sent. */
  api_key_env: string | null;
  builtin: boolean;
}

/** The providers every library has. */
export const BUILTIN_PROVIDERS: readonly ProviderInfo[] = [
  {
    name: 'openai',
    kind: 'openai',
    base_url: 'https://api.openai.com/v1',
    api_key_env: 'OPENAI_API_KEY',
    builtin: true,
  },
  {
    name: 'anthropic',
    kind: 'anthropic',
    base_url: 'https://api.anthropic.com',
    api_key_env: 'ANTHROPIC_API_KEY',
    builtin: true,
  },
  {
    name: 'ollama',
    kind: 'openai-compatible',
    base_url: 'http://127.0.0.1:11434/v1',
    api_key_env: null,
    builtin: true,
  },
];

/** Provider names: lower case, as they appear before the colon of a model name. */
export const PROVIDER_NAME_PATTERN = '^[a-z][a-z0-9_-]{0,31}$';
/** Environment variable names a key may be read from. */
export const KEY_ENV_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,127}$';

/** A model named by its provider. */
export interface ModelName {
  provider: string;
  model: string;
}

/**
 * Splits `provider:model` at the first colon (model ids such as `llama3.2:1b` keep theirs).
 * A bare id maps by prefix: `gpt-`, `o1`…`o9`, `chatgpt-` to openai, `claude-` to anthropic.
 * Returns null when a bare id maps to no provider.
 */
export function parseModelName(name: string): ModelName | null {
  const trimmed = name.trim();
  const colon = trimmed.indexOf(':');
  if (colon > 0 && new RegExp(PROVIDER_NAME_PATTERN).test(trimmed.slice(0, colon))) {
    const model = trimmed.slice(colon + 1);
    return model === '' ? null : { provider: trimmed.slice(0, colon), model };
  }
  const provider = providerByPrefix(trimmed);
  return provider === null ? null : { provider, model: trimmed };
}

function providerByPrefix(model: string): string | null {
  if (/^(gpt-|chatgpt-|o[1-9](?![0-9a-z]))/.test(model)) return 'openai';
  if (model.startsWith('claude-')) return 'anthropic';
  return null;
}

/** `provider:model`. */
export const modelLabel = (name: ModelName): string => `${name.provider}:${name.model}`;

/** Where keys a person types are kept: the OS keychain (the app) or nowhere (environment only). */
export type KeyStoreKind = 'keychain' | 'environment';

/** Which keys the providers need and whether one is there (never the keys themselves). */
export interface ProviderKeys {
  store: KeyStoreKind;
  keys: { variable: string; providers: string[]; set: boolean }[];
}
