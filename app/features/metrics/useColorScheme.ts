// The OS colour scheme, live: charts re-create themselves when it flips.
import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = globalThis.matchMedia?.(QUERY);
  media?.addEventListener('change', onChange);
  return () => media?.removeEventListener('change', onChange);
}

const isDark = (): boolean => globalThis.matchMedia?.(QUERY).matches ?? false;

/** 'dark' or 'light', following `prefers-color-scheme`. */
export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribe, isDark) ? 'dark' : 'light';
}
