// The export targets as the panel's tabs name them.
import { PROVIDERS } from '../../../src-shared/contract/dto';
import type { Provider } from '../../../src-shared/contract/dto';

/** Tab labels, exactly as the SPEC's accessible names. */
export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  langchain: 'LangChain',
  litellm: 'LiteLLM',
};

/** Providers in tab order. */
export const PROVIDER_TABS: readonly Provider[] = PROVIDERS;
