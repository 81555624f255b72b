import { ConfigError } from '../errors.js';
import type { RedisNode, RedisTarget } from '../store/redis-client.js';
import type { BridgeConfig } from './bridge-config.js';

type RedisSettings = Pick<
  BridgeConfig,
  'redisUrl' | 'redisSentinels' | 'redisSentinelName' | 'redisSentinelPassword' | 'redisClusterNodes' | 'redisUsername' | 'redisPassword' | 'redisTls'
>;

/**
 * At most one Redis topology, and each with what it needs: REDIS_URL (credentials and TLS in the
 * URL), or IO_REDIS_SENTINELS with IO_REDIS_SENTINEL_NAME, or IO_REDIS_CLUSTER_NODES; the
 * credential and TLS settings only with Sentinel or Cluster. Values of secrets never appear.
 */
export function requireOneRedisTopology(config: RedisSettings): void {
  const chosen = [
    config.redisUrl !== undefined && 'REDIS_URL',
    config.redisSentinels !== undefined && 'IO_REDIS_SENTINELS',
    config.redisClusterNodes !== undefined && 'IO_REDIS_CLUSTER_NODES',
  ].filter((name): name is string => name !== false);
  if (chosen.length > 1) throw new ConfigError(chosen[1]!, `cannot be combined with ${chosen[0]}: set one Redis topology (one server, Sentinel or Cluster)`);
  if (config.redisSentinels && !config.redisSentinelName) {
    throw new ConfigError(
      'IO_REDIS_SENTINEL_NAME',
      'is required with IO_REDIS_SENTINELS: the name of the master the sentinels watch (sentinel monitor <name> ...)',
    );
  }
  if (!config.redisSentinels) {
    if (config.redisSentinelName) throw new ConfigError('IO_REDIS_SENTINEL_NAME', 'is only for Sentinel: set IO_REDIS_SENTINELS too');
    if (config.redisSentinelPassword) throw new ConfigError('IO_REDIS_SENTINEL_PASSWORD', 'is only for Sentinel: set IO_REDIS_SENTINELS too');
  }
  const perNode = [
    config.redisUsername !== undefined && 'IO_REDIS_USERNAME',
    config.redisPassword !== undefined && 'IO_REDIS_PASSWORD',
    config.redisTls !== undefined && 'IO_REDIS_TLS',
  ].find((name): name is string => name !== false);
  if (perNode && !config.redisSentinels && !config.redisClusterNodes) {
    throw new ConfigError(
      perNode,
      config.redisUrl
        ? 'is for Sentinel or Cluster: with REDIS_URL put credentials and TLS in the URL (rediss://user:password@host:port)'
        : 'is for Sentinel or Cluster: set IO_REDIS_SENTINELS or IO_REDIS_CLUSTER_NODES',
    );
  }
}

/** The Redis the settings name; undefined: none (the in-memory stores). */
export function redisTarget(config: RedisSettings): RedisTarget | undefined {
  const auth = {
    ...(config.redisUsername ? { username: config.redisUsername } : {}),
    ...(config.redisPassword ? { password: config.redisPassword } : {}),
    ...(config.redisTls ? { tls: true } : {}),
  };
  if (config.redisSentinels) {
    return {
      kind: 'sentinel',
      sentinels: config.redisSentinels.map(node),
      name: config.redisSentinelName!,
      ...(config.redisSentinelPassword ? { sentinelPassword: config.redisSentinelPassword } : {}),
      ...auth,
    };
  }
  if (config.redisClusterNodes) return { kind: 'cluster', nodes: config.redisClusterNodes.map(node), ...auth };
  return config.redisUrl ? { kind: 'standalone', url: config.redisUrl } : undefined;
}

/** A topology's name for logs and readiness: never an address or a secret. */
export function redisTopologyName(target: RedisTarget): 'standalone' | 'sentinel' | 'cluster' {
  return typeof target === 'string' ? 'standalone' : target.kind;
}

/** `host:port`, `[v6]:port` (validated by the schema). */
function node(text: string): RedisNode {
  const at = text.lastIndexOf(':');
  return { host: text.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(text.slice(at + 1)) };
}
