import { performance } from 'node:perf_hooks';
import { Cluster, Redis, type Command, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '../errors.js';

/** Told about every command a Redis client sends: its name, how long its reply took, whether it failed. */
export type RedisObserver = (command: string, seconds: number, failed: boolean) => void;

export interface RedisHooks {
  observe?: RedisObserver;
  /** A connection error (the client reconnects by itself); without it ioredis prints every one to stderr. */
  onError?: (error: Error) => void;
}

/** `host:port` of a Sentinel or a Cluster node. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and TLS of the data nodes (a URL carries its own). */
export interface RedisAuth {
  username?: string;
  password?: string;
  /** TLS to every node (and, with Sentinel, to the sentinels); CAs beyond Node's: NODE_EXTRA_CA_CERTS. */
  tls?: boolean;
}

/**
 * Where the bridge's Redis is: one server (a URL, `redis://` or `rediss://`, with its credentials),
 * a master found through Sentinel, or a Redis Cluster. A bare string is a URL.
 */
export type RedisTarget =
  | string
  | { kind: 'standalone'; url: string }
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; name: string; sentinelPassword?: string } & RedisAuth)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & RedisAuth);

/** A client of any topology: the stores use only what both offer. */
export type RedisConnection = Redis | Cluster;

/**
 * A connected client for one of the bridge's stores. Connects eagerly, so a wrong REDIS_URL fails
 * at startup, not on the first login; fails commands at once while disconnected (no offline queue),
 * so a request waits for Redis at most a couple of retries. Every command (also each command of a
 * pipeline or transaction) is reported to `observe` when its reply arrives. After a Sentinel
 * failover a connection still on the demoted master (READONLY) reconnects to the new one.
 */
export async function openRedis(target: RedisTarget, { observe, onError }: RedisHooks = {}): Promise<RedisConnection> {
  const redis = client(typeof target === 'string' ? { kind: 'standalone', url: target } : target);
  if (observe) instrument(redis, observe);
  if (onError) redis.on('error', onError);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}

const common = {
  lazyConnect: true,
  maxRetriesPerRequest: 2,
  enableOfflineQueue: false,
  reconnectOnError: (error: Error) => error.message.startsWith('READONLY'),
  // Back within half a second of Redis (ioredis waits up to 2 s between attempts by default).
  retryStrategy: (attempt: number) => Math.min(attempt * 50, reconnectCapMs),
} satisfies RedisOptions;

const reconnectCapMs = 500;

function client(target: Exclude<RedisTarget, string>): RedisConnection {
  switch (target.kind) {
    case 'standalone':
      return new Redis(target.url, common);
    case 'sentinel':
      return new Redis({
        ...common,
        ...auth(target),
        sentinels: target.sentinels,
        name: target.name,
        ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
        ...(target.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      });
    case 'cluster': {
      const { lazyConnect, enableOfflineQueue, retryStrategy, ...perNode } = common;
      return new Cluster(target.nodes, { lazyConnect, enableOfflineQueue, clusterRetryStrategy: retryStrategy, redisOptions: { ...perNode, ...auth(target) } });
    }
  }
}

function auth({ username, password, tls }: RedisAuth): RedisOptions {
  return { ...(username ? { username } : {}), ...(password ? { password } : {}), ...(tls ? { tls: {} } : {}) };
}

function instrument(redis: RedisConnection, observe: RedisObserver): void {
  const send = redis.sendCommand.bind(redis) as (command: Command, ...rest: unknown[]) => unknown;
  (redis as { sendCommand: unknown }).sendCommand = (command: Command, ...rest: unknown[]) => {
    const started = performance.now();
    const settled = (failed: boolean) => () => observe(command.name.toLowerCase(), (performance.now() - started) / 1000, failed);
    command.promise.then(settled(false), settled(true));
    return send(command, ...rest);
  };
}

/** The servers that hold the data: every master of a Cluster, else the one server. */
export function dataNodes(redis: RedisConnection): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/** Closes politely (QUIT), or at once when the connection is down: a bridge stops even while Redis does not answer. */
export async function closeRedis(redis: RedisConnection): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/**
 * The store with every method's failure reported as StoreUnavailableError (503, a page that says to
 * try again), except a reply that says the command itself is wrong (a bug, 500).
 */
export function unavailableOnFailure<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise
          ? result.catch((error: unknown) => Promise.reject(isAvailabilityFailure(error) ? new StoreUnavailableError(error) : error))
          : result;
      };
    },
  });
}

/** Replies that mean "not now" rather than "wrong command". */
const transientReplies = /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY|NOREPLICAS|MOVED|ASK)\b/;

function isAvailabilityFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return transientReplies.test(error.message);
  // A record that does not parse, a bug in the store's code: not Redis's availability.
  return !(error instanceof SyntaxError || error instanceof TypeError || error instanceof RangeError);
}
