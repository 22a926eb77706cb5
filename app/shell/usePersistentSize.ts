// A pane size remembered across sessions (UI state stays in the page, in localStorage).
import { useCallback, useState } from 'react';
import { STORAGE_KEYS, readJson, writeJson } from '../state/storage';

function pageStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** A size in pixels under `name`, starting at `fallback`. */
export function usePersistentSize(
  name: string,
  fallback: number,
): [number, (size: number) => void] {
  const [size, setSize] = useState(() => {
    const storage = pageStorage();
    const sizes = storage ? readJson<Record<string, number>>(storage, STORAGE_KEYS.layout, {}) : {};
    const stored = sizes[name];
    return typeof stored === 'number' && Number.isFinite(stored) ? stored : fallback;
  });
  const update = useCallback(
    (next: number) => {
      setSize(next);
      const storage = pageStorage();
      if (!storage) return;
      const sizes = readJson<Record<string, number>>(storage, STORAGE_KEYS.layout, {});
      writeJson(storage, STORAGE_KEYS.layout, { ...sizes, [name]: next });
    },
    [name],
  );
  return [size, update];
}
