// The OS colour scheme, live: charts re-create themselves when it flips.
import { useEffect, useState } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

/** 'dark' or 'light', following `prefers-color-scheme`. */
export function useColorScheme(): 'light' | 'dark' {
  const [dark, setDark] = useState(() => globalThis.matchMedia?.(QUERY).matches ?? false);
  useEffect(() => {
    const media = globalThis.matchMedia?.(QUERY);
    if (!media) return;
    const onChange = (event: MediaQueryListEvent): void => setDark(event.matches);
    media.addEventListener('change', onChange);
    setDark(media.matches);
    return () => media.removeEventListener('change', onChange);
  }, []);
  return dark ? 'dark' : 'light';
}
