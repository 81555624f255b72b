import { type CounterStore, wholeSeconds } from './counter-store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** Writes between two sweeps of expired entries: keys nobody reads again (a past rate-limit window) must not pile up. */
const sweepEvery = 1000;

/** Process-local counters for development, tests and single-instance setups (same semantics as Redis). */
export class MemoryCounterStore implements CounterStore {
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, ttlSeconds: number): Promise<number> {
    this.wrote();
    const entry = this.live(key);
    if (!entry) {
      this.entries.set(key, { value: '1', expiresAt: this.expiry(ttlSeconds) });
      return 1;
    }
    const value = Number(entry.value) + 1;
    if (!Number.isSafeInteger(value)) throw new Error(`counter "${key}" holds a value that is not an integer`);
    entry.value = String(value);
    return value;
  }

  async get(key: string): Promise<number> {
    const entry = this.live(key);
    return entry ? Number(entry.value) : 0;
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async put(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.wrote();
    this.entries.set(key, { value, expiresAt: this.expiry(ttlSeconds) });
  }

  async read(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  /** Remaining lifetime in seconds, undefined when the key does not exist (diagnostics and tests). */
  async ttl(key: string): Promise<number | undefined> {
    const entry = this.live(key);
    return entry ? Math.ceil((entry.expiresAt - this.now()) / 1000) : undefined;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  /** Entries expire like Redis keys; the ones never read again go with the sweep every `sweepEvery` writes. */
  private wrote(): void {
    this.writes += 1;
    if (this.writes % sweepEvery !== 0) return;
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  /** How many entries it holds, expired ones not yet swept included (tests). */
  get size(): number {
    return this.entries.size;
  }

  private expiry(ttlSeconds: number): number {
    return this.now() + wholeSeconds(ttlSeconds) * 1000;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
