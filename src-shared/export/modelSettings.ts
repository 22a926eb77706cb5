// The request settings a prompt's metadata recommends: model, temperature, max_tokens.
import type { PromptMetadata } from '../model/prompt';

/** Settings copied into a provider payload; absent keys are left to the SDK's defaults. */
export interface ModelSettings {
  model?: string;
  temperature?: number;
  max_tokens?: number;
}

/**
 * Settings from metadata. `model` is the first recommended model that `accepts` (by default
 * the first of all); temperature and max_tokens only when set.
 */
export function settingsFromMetadata(
  metadata: PromptMetadata | undefined,
  accepts: (model: string) => boolean = () => true,
): ModelSettings {
  const settings: ModelSettings = {};
  const model = (metadata?.model_recommendations ?? []).find(
    (name) => typeof name === 'string' && name.trim() !== '' && accepts(name),
  );
  if (model !== undefined) settings.model = model;
  if (typeof metadata?.temperature === 'number') settings.temperature = metadata.temperature;
  if (typeof metadata?.max_tokens === 'number') settings.max_tokens = metadata.max_tokens;
  return settings;
}
