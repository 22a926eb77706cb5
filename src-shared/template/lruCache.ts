// A small least-recently-used map, bounding caches that untrusted input could otherwise grow.

interface Entry<V> {
  value: V;
  /** When the entry was last used, on the cache's own counter. */
  used: number;
}

/**
 * A Map that keeps at most `capacity` entries, dropping the least recently used first. A hit
 * only stamps its entry (renders hit the compile cache on every call); the oldest stamp is
 * searched for only when a new entry must make room, which follows a compile anyway.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private clock = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
  }

  /** The cached value, marked as most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = ++this.clock;
    return entry.value;
  }

  /** Stores a value, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      entry.used = ++this.clock;
      return;
    }
    if (this.entries.size >= this.capacity) this.evictOldest();
    this.entries.set(key, { value, used: ++this.clock });
  }

  /** Number of cached entries. */
  get size(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    let oldest: K | undefined;
    let oldestUse = Infinity;
    for (const [key, entry] of this.entries) {
      if (entry.used < oldestUse) {
        oldest = key;
        oldestUse = entry.used;
      }
    }
    if (oldestUse !== Infinity) this.entries.delete(oldest as K);
  }
}
