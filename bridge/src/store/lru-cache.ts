/**
 * A bounded in-memory cache of values loaded asynchronously: at most `capacity` entries, the least
 * recently used one forgotten first. Concurrent loads of one key share one pending promise, and a
 * load that fails is forgotten, so the next request tries again.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, Promise<V>>();

  /** `onLookup` is told whether each load found the key (metrics). */
  constructor(
    readonly capacity: number,
    private readonly onLookup?: (hit: boolean) => void,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer (got ${capacity})`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached (or pending) value of `key`, else what `load` gives, cached. */
  load(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    this.onLookup?.(cached !== undefined);
    if (cached) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const pending = load();
    this.entries.set(key, pending);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    return pending;
  }
}
