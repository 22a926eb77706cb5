// The export targets as the panel's tabs name them.
import { EXPORT_TARGET_NAMES, PROVIDERS } from '../../../src-shared/export/targets';
import type { Provider } from '../../../src-shared/export/targets';

/** Tab labels, exactly as the SPEC's accessible names (one record for every target). */
export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = EXPORT_TARGET_NAMES;

/** Providers in tab order. */
export const PROVIDER_TABS: readonly Provider[] = PROVIDERS;
