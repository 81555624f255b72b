import type { CounterStore } from './services.js';

/**
 * The counter store as one engine call (a start or a submit: one request) sees it: a key is read
 * from the store once, and read again only after this call changed it. Several processors ask the
 * same question of one step (`user-valid` and `failed-attempts` both read the lockout, before each
 * node the step passes through): one request, one read. Writes go straight to the store.
 */
export function runCounters(store: CounterStore): CounterStore {
  const reads = new Map<string, Promise<string | undefined>>();
  const counts = new Map<string, Promise<number>>();
  const remembered = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let value = cache.get(key);
    if (!value) {
      value = load();
      cache.set(key, value);
      // A failed read is not remembered: the next one asks the store again.
      value.catch(() => cache.delete(key));
    }
    return value;
  };
  const changed = (key: string): void => {
    reads.delete(key);
    counts.delete(key);
  };
  return {
    read: (key) => remembered(reads, key, () => store.read(key)),
    get: (key) => remembered(counts, key, () => store.get(key)),
    async increment(key, ttlSeconds) {
      changed(key);
      return store.increment(key, ttlSeconds);
    },
    async reset(key) {
      changed(key);
      await store.reset(key);
    },
    async put(key, value, ttlSeconds) {
      changed(key);
      await store.put(key, value, ttlSeconds);
    },
  };
}
