import { performance } from 'node:perf_hooks';
import { Redis, type Command } from 'ioredis';

/** Told about every command a Redis client sends: its name, how long its reply took, whether it failed. */
export type RedisObserver = (command: string, seconds: number, failed: boolean) => void;

export interface RedisHooks {
  observe?: RedisObserver;
  /** A connection error (the client reconnects by itself); without it ioredis prints every one to stderr. */
  onError?: (error: Error) => void;
}

/**
 * A connected client for one of the bridge's stores. Connects eagerly, so a wrong REDIS_URL fails
 * at startup, not on the first login; fails commands at once while disconnected (no offline queue),
 * so a request waits for Redis at most a couple of retries. Every command (also each command of a
 * pipeline or transaction) is reported to `observe` when its reply arrives.
 */
export async function openRedis(url: string, { observe, onError }: RedisHooks = {}): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  if (observe) instrument(redis, observe);
  if (onError) redis.on('error', onError);
  await redis.connect();
  return redis;
}

function instrument(redis: Redis, observe: RedisObserver): void {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command: Command, stream?: Parameters<Redis['sendCommand']>[1]) => {
    const started = performance.now();
    const settled = (failed: boolean) => () => observe(command.name.toLowerCase(), (performance.now() - started) / 1000, failed);
    command.promise.then(settled(false), settled(true));
    return send(command, stream);
  };
}

/** Closes politely (QUIT), or at once when the connection is down: a bridge stops even while Redis does not answer. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
