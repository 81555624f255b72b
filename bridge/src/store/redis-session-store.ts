import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SessionStore, Versioned } from './session-store.js';
import { closeRedis, dataNodes, openRedis, unavailableOnFailure, type RedisConnection, type RedisHooks, type RedisTarget } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';

/** Compare-and-set in one round trip: replace the record only if its version (the digits before the
 * first `:`) still matches, keeping the remaining TTL. Returns 1 on success, 0 on a version mismatch
 * or a missing key. Only the version prefix is read: Redis never parses the record. */
const compareAndSet = `
local current = redis.call('GETRANGE', KEYS[1], 0, 15)
if current == '' then return 0 end
if string.match(current, '^(%d+):') ~= ARGV[1] then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
return 1
`;

/** Reads the generation marker, creating it with ARGV[1] when it is missing; no expiry. */
const generationMarker = `
local value = redis.call('GET', KEYS[1])
if value then return value end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
`;

/** Shared store for multi-instance deployments, on any Redis topology; its keys are named by
 * RedisKeys (sessions, single-use markers, deadlines, generation markers). A failure to reach
 * Redis is a StoreUnavailableError. */
export class RedisSessionStore<T> implements SessionStore<T> {
  private readonly keys: RedisKeys;

  private constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = new RedisKeys(prefix);
  }

  /** Connects eagerly so a wrong Redis setting fails at startup, not on the first login. */
  static async connect<T>(target: RedisTarget, prefix = 'io:', hooks?: RedisHooks): Promise<RedisSessionStore<T>> {
    const redis = await openRedis(target, hooks);
    return unavailableOnFailure(new RedisSessionStore<T>(redis, prefix));
  }

  async create(id: string, data: T, ttlSeconds: number): Promise<boolean> {
    const result = await this.redis.set(this.sessionKey(id), encodeRecord(1, data), 'EX', ttlSeconds, 'NX');
    return result === 'OK';
  }

  async get(id: string): Promise<Versioned<T> | undefined> {
    const value = await this.redis.getBuffer(this.sessionKey(id));
    return value === null ? undefined : decodeRecord<T>(value);
  }

  async update(id: string, expectedVersion: number, data: T): Promise<boolean> {
    const result = await this.redis.eval(compareAndSet, 1, this.sessionKey(id), String(expectedVersion), encodeRecord(expectedVersion + 1, data));
    return result === 1;
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.sessionKey(id));
  }

  async claimOnce(key: string, ttlSeconds: number, journey?: string): Promise<boolean> {
    const result = await this.redis.set(this.keys.once(key, journey), '1', 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX');
    return result === 'OK';
  }

  async addDeadline(id: string, at: number): Promise<void> {
    await this.redis.zadd(this.deadlinesKey(), at, id);
  }

  async removeDeadline(id: string): Promise<void> {
    await this.redis.zrem(this.deadlinesKey(), id);
  }

  async dueDeadlines(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.deadlinesKey(), '-inf', now, 'LIMIT', 0, limit);
  }

  async generation(key?: string): Promise<number> {
    const now = String(Math.floor(Date.now() / 1000));
    if (key !== undefined) return Number(await this.redis.eval(generationMarker, 1, this.keys.generation(key), now));
    const all = await Promise.all(this.keys.generations().map((marker) => this.redis.eval(generationMarker, 1, marker, now)));
    return Math.max(...all.map(Number));
  }

  /** Every server holding data answers (each master of a Cluster). */
  async ping(): Promise<void> {
    await Promise.all(dataNodes(this.redis).map((node) => node.ping()));
  }

  async count(): Promise<number> {
    let total = 0;
    for (const node of dataNodes(this.redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', this.keys.sessionPattern(), 'COUNT', 500);
        total += keys.length;
        cursor = next;
      } while (cursor !== '0');
    }
    return total;
  }

  async ttl(id: string): Promise<number | undefined> {
    const seconds = await this.redis.ttl(this.sessionKey(id));
    return seconds < 0 ? undefined : seconds;
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  private deadlinesKey(): string {
    return this.keys.deadlines();
  }

  private sessionKey(id: string): string {
    return this.keys.session(id);
  }
}

/**
 * A record as Redis keeps it: its version in ASCII digits, `:`, then the data's JSON compressed with
 * raw DEFLATE. A paused journey is mostly JSON names and repeated values: compressed it takes about
 * half the memory (docs/performance.md), for some tens of microseconds of CPU per write.
 */
function encodeRecord(version: number, data: unknown): Buffer {
  return Buffer.concat([Buffer.from(`${version}:`), deflateRawSync(JSON.stringify(data))]);
}

function decodeRecord<T>(value: Buffer): Versioned<T> {
  const separator = value.indexOf(0x3a);
  const version = Number(value.subarray(0, separator).toString('latin1'));
  if (separator < 1 || !Number.isSafeInteger(version)) throw new Error("a session record in Redis is not in the bridge's format");
  return { version, data: JSON.parse(inflateRawSync(value.subarray(separator + 1)).toString('utf8')) as T };
}
