import { connect } from 'node:net';
import { Redis } from 'ioredis';

export const testRedisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Random per-run prefix, so tests never touch real data and can clean up after themselves. */
export function testKeyPrefix(): string {
  return `io-test-${crypto.randomUUID()}:`;
}

export function redisReachable(url = testRedisUrl): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket
      .once('connect', () => done(true))
      .once('error', () => done(false))
      .once('timeout', () => done(false));
  });
}

export async function deleteKeys(prefix: string, url = testRedisUrl): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
