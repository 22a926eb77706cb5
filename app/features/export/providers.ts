// The export targets as the panel's tabs name them, from the one record keyed by provider
// (src-shared/export/targets): a provider added to the contract has no tab until it has a name.
import { EXPORT_TARGET_NAMES, PROVIDERS } from '../../../src-shared/export/targets';
import type { Provider } from '../../../src-shared/export/targets';

export { isProvider } from '../../../src-shared/export/targets';

/** Tab labels, exactly as the SPEC's accessible names. */
export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = EXPORT_TARGET_NAMES;

/** The provider tabs, in the contract's order. */
export const PROVIDER_TABS: readonly { id: Provider; title: string }[] = PROVIDERS.map((id) => ({
  id,
  title: PROVIDER_LABELS[id],
}));
