import type { SessionStore, Versioned } from './session-store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** Process-local store for development and single-instance setups. Values are kept serialized so
 * callers can never mutate stored state by reference (same semantics as Redis). */
export class MemorySessionStore<T> implements SessionStore<T> {
  private readonly sessions = new Map<string, Entry>();
  private readonly claims = new Map<string, number>();
  private readonly deadlines = new Map<string, number>();

  /** The process's memory is the store: it began when this object did. */
  private readonly began: number;

  constructor(private readonly now: () => number = Date.now) {
    this.began = Math.floor(now() / 1000);
  }

  async create(id: string, data: T, ttlSeconds: number): Promise<boolean> {
    if (this.live(id)) return false;
    this.sessions.set(id, { value: JSON.stringify({ version: 1, data }), expiresAt: this.now() + ttlSeconds * 1000 });
    return true;
  }

  async get(id: string): Promise<Versioned<T> | undefined> {
    const entry = this.live(id);
    return entry ? (JSON.parse(entry.value) as Versioned<T>) : undefined;
  }

  async update(id: string, expectedVersion: number, data: T): Promise<boolean> {
    const entry = this.live(id);
    if (!entry || (JSON.parse(entry.value) as Versioned<T>).version !== expectedVersion) return false;
    entry.value = JSON.stringify({ version: expectedVersion + 1, data });
    return true;
  }

  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async claimOnce(key: string, ttlSeconds: number, journey?: string): Promise<boolean> {
    const marker = journey === undefined ? key : `${journey}|${key}`;
    const expiresAt = this.claims.get(marker);
    if (expiresAt !== undefined && expiresAt > this.now()) return false;
    this.claims.set(marker, this.now() + ttlSeconds * 1000);
    return true;
  }

  async addDeadline(id: string, at: number): Promise<void> {
    this.deadlines.set(id, at);
  }

  async removeDeadline(id: string): Promise<void> {
    this.deadlines.delete(id);
  }

  async dueDeadlines(now: number, limit: number): Promise<string[]> {
    return [...this.deadlines]
      .filter(([, at]) => at <= now)
      .sort(([, a], [, b]) => a - b)
      .slice(0, limit)
      .map(([id]) => id);
  }

  /** One process's memory: its data began with it, for every key. */
  async generation(_key?: string): Promise<number> {
    return this.began;
  }

  async ping(): Promise<void> {}

  async count(): Promise<number> {
    return [...this.sessions.keys()].filter((id) => this.live(id)).length;
  }

  async ttl(id: string): Promise<number | undefined> {
    const entry = this.live(id);
    return entry ? Math.ceil((entry.expiresAt - this.now()) / 1000) : undefined;
  }

  async close(): Promise<void> {
    this.sessions.clear();
    this.claims.clear();
    this.deadlines.clear();
  }

  private live(id: string): Entry | undefined {
    const entry = this.sessions.get(id);
    if (entry && entry.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return entry;
  }
}
