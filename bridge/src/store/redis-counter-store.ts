import { type CounterStore, wholeSeconds } from './counter-store.js';
import { closeRedis, openRedis, unavailableOnFailure, type RedisConnection, type RedisHooks, type RedisTarget } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';

/** INCR and the first expiry in one atomic step: the window starts at the first increment and later
 * increments never extend it (EXPIRE NX needs Redis 7). */
const incrementWithExpiry = `
local value = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
return value
`;

/** Shared counters for multi-instance deployments, each its own key (RedisKeys.counter). */
export class RedisCounterStore implements CounterStore {
  private readonly keys: RedisKeys;

  private constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = new RedisKeys(prefix);
  }

  /** Connects eagerly so a wrong Redis setting fails at startup, not on the first failed attempt. */
  static async connect(target: RedisTarget, prefix = 'io:', hooks?: RedisHooks): Promise<RedisCounterStore> {
    const redis = await openRedis(target, hooks);
    return unavailableOnFailure(new RedisCounterStore(redis, prefix));
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    return (await this.redis.eval(incrementWithExpiry, 1, this.key(key), wholeSeconds(ttlSeconds))) as number;
  }

  async get(key: string): Promise<number> {
    const value = await this.redis.get(this.key(key));
    return value === null ? 0 : Number(value);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  async put(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.key(key), value, 'EX', wholeSeconds(ttlSeconds));
  }

  async read(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(key))) ?? undefined;
  }

  /** Remaining lifetime in seconds, undefined when the key does not exist (diagnostics and tests). */
  async ttl(key: string): Promise<number | undefined> {
    const seconds = await this.redis.ttl(this.key(key));
    return seconds < 0 ? undefined : seconds;
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  private key(key: string): string {
    return this.keys.counter(key);
  }
}
