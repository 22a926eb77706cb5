// The export targets by provider: one record each place keys by provider, so a provider added to
// the contract's PROVIDERS does not compile until it has a name here and an exporter in ./index.
import { PROVIDERS, type Provider } from '../contract/dto';

export { PROVIDERS, type Provider };

/** Each target's name as people read it: the export panel's tabs, help texts. */
export const EXPORT_TARGET_NAMES: Readonly<Record<Provider, string>> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  langchain: 'LangChain',
  litellm: 'LiteLLM',
};

/** True when `value` names an export target. */
export function isProvider(value: unknown): value is Provider {
  return (
    typeof value === 'string' && Object.prototype.hasOwnProperty.call(EXPORT_TARGET_NAMES, value)
  );
}
