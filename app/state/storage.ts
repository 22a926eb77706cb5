// Page-local memory (localStorage in the browser, a Map in tests) for UI state and variable values.

/** The part of the Web Storage interface we use. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** An in-memory storage, for tests and for pages where localStorage is unavailable. */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** Reads a JSON value, or `fallback` when absent or unreadable. */
export function readJson<T>(storage: KeyValueStorage, key: string, fallback: T): T {
  const text = storage.getItem(key);
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Writes a JSON value; a full storage quota loses only this convenience, never user data. */
export function writeJson(storage: KeyValueStorage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Quota exceeded or storage disabled: remembered UI state is best effort.
  }
}

/** The storage keys the page uses, in one place. */
export const STORAGE_KEYS = {
  lastPrompt: 'pwb.lastPrompt',
  layout: 'pwb.layout',
  variables: (promptId: string) => `pwb.vars.${promptId}`,
} as const;
