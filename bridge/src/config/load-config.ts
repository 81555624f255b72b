import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { JWK } from 'jose';
import { ConfigError } from '../errors.js';
import type { BridgeConfig, BridgeConfigInput } from './bridge-config.js';
import { requireOneRedisTopology } from './redis-settings.js';
import { bridgeConfigSchema } from './schema.js';

const bridgeDir = fileURLToPath(new URL('../../', import.meta.url));
const repoDir = fileURLToPath(new URL('../../../', import.meta.url));

/** Environment variable for each config key, so validation errors name what the operator set. */
const variableFor: Record<keyof BridgeConfig, string> = {
  publicUrl: 'IO_PUBLIC_URL',
  host: 'IO_HOST',
  port: 'IO_PORT',
  metricsPort: 'IO_METRICS_PORT',
  metricsHost: 'IO_METRICS_HOST',
  trustedIssuers: 'IO_TRUSTED_ISSUERS',
  trustedProxies: 'IO_TRUSTED_PROXIES',
  rateLimitWindowSeconds: 'IO_RATE_LIMIT_WINDOW_SECONDS',
  rateLimitHandoff: 'IO_RATE_LIMIT_HANDOFF',
  rateLimitFormPosts: 'IO_RATE_LIMIT_FORM_POSTS',
  shutdownDrainSeconds: 'IO_SHUTDOWN_DRAIN_SECONDS',
  allowHttp: 'IO_ALLOW_HTTP',
  audience: 'IO_AUDIENCE',
  redisUrl: 'REDIS_URL',
  redisSentinels: 'IO_REDIS_SENTINELS',
  redisSentinelName: 'IO_REDIS_SENTINEL_NAME',
  redisSentinelPassword: 'IO_REDIS_SENTINEL_PASSWORD',
  redisClusterNodes: 'IO_REDIS_CLUSTER_NODES',
  redisUsername: 'IO_REDIS_USERNAME',
  redisPassword: 'IO_REDIS_PASSWORD',
  redisTls: 'IO_REDIS_TLS',
  redisKeyPrefix: 'IO_REDIS_KEY_PREFIX',
  signingKeys: 'IO_SIGNING_KEYS_FILE',
  sessionTtlSeconds: 'IO_SESSION_TTL_SECONDS',
  flowsDir: 'IO_FLOWS_DIR',
  flowCacheSize: 'IO_FLOW_CACHE_SIZE',
  themesDir: 'IO_THEMES_DIR',
  theme: 'IO_THEME',
  themesByIssuer: 'IO_THEME_BY_ISSUER',
  themeHotReload: 'IO_THEME_HOT_RELOAD',
  obligationFlows: 'IO_OBLIGATION_FLOWS',
  obligationFlowsByIssuer: 'obligationFlowsByIssuer (IO_CONFIG_FILE)',
  logLevel: 'IO_LOG_LEVEL',
  keycloakAdminClientId: 'IO_KEYCLOAK_ADMIN_CLIENT_ID',
  keycloakAdminClientSecret: 'IO_KEYCLOAK_ADMIN_CLIENT_SECRET',
  smtpUrl: 'IO_SMTP_URL',
  mailFrom: 'IO_MAIL_FROM',
  httpAllowedHosts: 'IO_HTTP_ALLOWED_HOSTS',
  httpAllowedNetworks: 'IO_HTTP_ALLOWED_NETWORKS',
  captchaProvider: 'IO_CAPTCHA_PROVIDER',
  captchaSecret: 'IO_CAPTCHA_SECRET',
  captchaSiteKey: 'IO_CAPTCHA_SITE_KEY',
  captchaVerifyUrl: 'IO_CAPTCHA_VERIFY_URL',
};

/** Settings whose values are secrets. */
const secretKeys: ReadonlySet<keyof BridgeConfig> = new Set([
  'signingKeys',
  'keycloakAdminClientSecret',
  'smtpUrl',
  'redisUrl',
  'redisPassword',
  'redisSentinelPassword',
  'captchaSecret',
]);

const validate = new Ajv({ allErrors: false }).compile(bridgeConfigSchema);

/** Applies defaults to a config object and validates it. */
export function resolveConfig(input: BridgeConfigInput): BridgeConfig {
  const publicUrl = (input.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  const config: BridgeConfig = {
    publicUrl,
    host: '127.0.0.1',
    port: 3000,
    audience: publicUrl,
    redisKeyPrefix: 'io:',
    sessionTtlSeconds: 900,
    flowsDir: `${bridgeDir}flows`,
    flowCacheSize: 256,
    themesDir: `${repoDir}themes`,
    theme: 'default',
    logLevel: 'info',
    httpAllowedHosts: [],
    httpAllowedNetworks: [],
    obligationFlows: {},
    ...requestLimitDefaults,
    shutdownDrainSeconds: 20,
    ...withoutUndefined(input),
    trustedIssuers: input.trustedIssuers,
  };
  if (!validate(config)) {
    const [error] = validate.errors ?? [];
    const key = (error?.instancePath.split('/')[1] ?? error?.params['missingProperty'] ?? 'config') as keyof BridgeConfig;
    // A secret's value never goes into the message (it ends up in logs): only what is wrong with it.
    const got = secretKeys.has(key) ? '' : ` (got ${JSON.stringify(config[key])})`;
    throw new ConfigError(variableFor[key] ?? key, `${error?.message ?? 'is invalid'}${got}`);
  }
  requireHttps(config);
  checkTrustedProxies(config.trustedProxies);
  requireOneRedisTopology(config);
  return config;
}

/**
 * Why these numbers (docs/operators.md, Rate limits): one person sends one handoff per login and a
 * few form posts per screen, so the limits only bite on floods; they stay generous because many
 * users can share one address (an office or a carrier's NAT): 60 logins a minute from one address,
 * and 5 form posts a second.
 */
const requestLimitDefaults = { rateLimitWindowSeconds: 60, rateLimitHandoff: 60, rateLimitFormPosts: 300 };

/** What express's `trust proxy` accepts besides addresses and ranges (proxy-addr's names). */
const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * A hop count, or addresses, CIDR ranges and names; anything else (a typo, `true`, which would let
 * every client choose the address it is counted under) fails the start.
 */
function checkTrustedProxies(proxies: unknown): void {
  if (proxies === undefined) return;
  const usage = `a number of proxy hops (1 to 20) alone, or a list of IP addresses, CIDR ranges (10.0.0.0/8, fd00::/8) and ${[...proxyNames].join(', ')}`;
  if (typeof proxies === 'number') {
    if (!Number.isInteger(proxies) || proxies < 1 || proxies > 20)
      throw new ConfigError('IO_TRUSTED_PROXIES', `must be ${usage} (got ${proxies}; unset it to trust no proxy)`);
    return;
  }
  if (!Array.isArray(proxies) || proxies.length === 0) throw new ConfigError('IO_TRUSTED_PROXIES', `must be ${usage} (got ${JSON.stringify(proxies)})`);
  for (const entry of proxies as unknown[]) {
    if (typeof entry !== 'string' || !isProxyEntry(entry))
      throw new ConfigError('IO_TRUSTED_PROXIES', `${JSON.stringify(entry)} is not valid: must be ${usage}`);
  }
}

function isProxyEntry(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
}

/**
 * The handoff's keys, the evidence's audience and the user's pages travel over these URLs: plain
 * http is for development only, and only when IO_ALLOW_HTTP says so.
 */
function requireHttps(config: BridgeConfig): void {
  if (config.allowHttp) return;
  const plain = (url: string) => url.startsWith('http:');
  if (plain(config.publicUrl))
    throw new ConfigError('IO_PUBLIC_URL', `must be https (got ${config.publicUrl}); plain http only for development with IO_ALLOW_HTTP=1`);
  const issuer = config.trustedIssuers.find(plain);
  if (issuer) throw new ConfigError('IO_TRUSTED_ISSUERS', `must be https (got ${issuer}); plain http only for development with IO_ALLOW_HTTP=1`);
  // The CAPTCHA secret travels in the siteverify request's body.
  if (config.captchaVerifyUrl && plain(config.captchaVerifyUrl)) {
    throw new ConfigError('IO_CAPTCHA_VERIFY_URL', `must be https (got ${config.captchaVerifyUrl}); plain http only for development with IO_ALLOW_HTTP=1`);
  }
}

/**
 * Reads the configuration from environment variables, on top of the optional JSON file named by
 * IO_CONFIG_FILE (same keys as BridgeConfig). Environment variables win over the file.
 */
export function loadConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const file = env['IO_CONFIG_FILE'] ? readJson('IO_CONFIG_FILE', env['IO_CONFIG_FILE']) : {};
  const fromEnv: Partial<BridgeConfig> = {
    publicUrl: env['IO_PUBLIC_URL'],
    host: env['IO_HOST'],
    port: integer(env, 'IO_PORT'),
    metricsPort: integer(env, 'IO_METRICS_PORT'),
    metricsHost: env['IO_METRICS_HOST'] || undefined,
    trustedIssuers: list(env['IO_TRUSTED_ISSUERS']),
    trustedProxies: proxies(env['IO_TRUSTED_PROXIES']),
    rateLimitWindowSeconds: integer(env, 'IO_RATE_LIMIT_WINDOW_SECONDS'),
    rateLimitHandoff: integer(env, 'IO_RATE_LIMIT_HANDOFF'),
    rateLimitFormPosts: integer(env, 'IO_RATE_LIMIT_FORM_POSTS'),
    shutdownDrainSeconds: integer(env, 'IO_SHUTDOWN_DRAIN_SECONDS'),
    allowHttp: env['IO_ALLOW_HTTP'] ? flag(env['IO_ALLOW_HTTP']) : undefined,
    audience: env['IO_AUDIENCE'],
    redisUrl: env['REDIS_URL'] || undefined,
    redisSentinels: env['IO_REDIS_SENTINELS'] ? list(env['IO_REDIS_SENTINELS']) : undefined,
    redisSentinelName: env['IO_REDIS_SENTINEL_NAME'] || undefined,
    redisSentinelPassword: env['IO_REDIS_SENTINEL_PASSWORD'] || undefined,
    redisClusterNodes: env['IO_REDIS_CLUSTER_NODES'] ? list(env['IO_REDIS_CLUSTER_NODES']) : undefined,
    redisUsername: env['IO_REDIS_USERNAME'] || undefined,
    redisPassword: env['IO_REDIS_PASSWORD'] || undefined,
    redisTls: env['IO_REDIS_TLS'] ? flag(env['IO_REDIS_TLS']) : undefined,
    redisKeyPrefix: env['IO_REDIS_KEY_PREFIX'],
    signingKeys: env['IO_SIGNING_KEYS_FILE'] ? readSigningKeys(env['IO_SIGNING_KEYS_FILE']) : undefined,
    sessionTtlSeconds: integer(env, 'IO_SESSION_TTL_SECONDS'),
    flowsDir: env['IO_FLOWS_DIR'],
    flowCacheSize: integer(env, 'IO_FLOW_CACHE_SIZE'),
    themesDir: env['IO_THEMES_DIR'],
    theme: env['IO_THEME'],
    themesByIssuer: pairs(env['IO_THEME_BY_ISSUER']),
    themeHotReload: env['IO_THEME_HOT_RELOAD'] ? flag(env['IO_THEME_HOT_RELOAD']) : undefined,
    obligationFlows: env['IO_OBLIGATION_FLOWS'] ? (jsonObject('IO_OBLIGATION_FLOWS', env['IO_OBLIGATION_FLOWS']) as Record<string, string>) : undefined,
    logLevel: env['IO_LOG_LEVEL'] as BridgeConfig['logLevel'] | undefined,
    keycloakAdminClientId: env['IO_KEYCLOAK_ADMIN_CLIENT_ID'] || undefined,
    keycloakAdminClientSecret: env['IO_KEYCLOAK_ADMIN_CLIENT_SECRET'] || undefined,
    smtpUrl: env['IO_SMTP_URL'] || undefined,
    mailFrom: env['IO_MAIL_FROM'] || undefined,
    httpAllowedHosts: list(env['IO_HTTP_ALLOWED_HOSTS']),
    httpAllowedNetworks: list(env['IO_HTTP_ALLOWED_NETWORKS']),
    captchaProvider: (env['IO_CAPTCHA_PROVIDER'] || undefined) as BridgeConfig['captchaProvider'],
    captchaSecret: env['IO_CAPTCHA_SECRET'] || undefined,
    captchaSiteKey: env['IO_CAPTCHA_SITE_KEY'] || undefined,
    captchaVerifyUrl: env['IO_CAPTCHA_VERIFY_URL'] || undefined,
  };
  if (env['IO_DEFAULT_FLOW'] || 'defaultFlow' in file) {
    // Removed with protocol 1.1: obligations now map to flows by type.
    throw new ConfigError('IO_DEFAULT_FLOW', 'was removed: map obligation types to library flows with IO_OBLIGATION_FLOWS (docs/obligations.md)');
  }
  const merged = { ...(file as Partial<BridgeConfig>), ...withoutUndefined(fromEnv) };
  if (!merged.trustedIssuers?.length) {
    throw new ConfigError('IO_TRUSTED_ISSUERS', 'is required: comma-separated realm issuer URLs, e.g. http://localhost:8080/realms/demo');
  }
  return resolveConfig(merged as BridgeConfigInput);
}

/** `1`, `true` or `yes` (any case) turn a switch on. */
function flag(raw: string): boolean {
  return ['1', 'true', 'yes'].includes(raw.toLowerCase());
}

/** A comma-separated list; undefined when the variable is not set. */
function list(raw: string | undefined): string[] | undefined {
  return raw
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A hop count (`2`) or a list of addresses, ranges and names (`10.0.0.0/8,loopback`). */
function proxies(raw: string | undefined): string[] | number | undefined {
  const trimmed = raw?.trim();
  if (!trimmed) return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : list(trimmed);
}

/** `issuer=theme,issuer=theme` (split at the last `=`, issuer URLs may hold one). */
function pairs(raw: string | undefined): Record<string, string> | undefined {
  const items = list(raw);
  if (!items?.length) return undefined;
  return Object.fromEntries(items.map((item) => [item.slice(0, item.lastIndexOf('=')).trim(), item.slice(item.lastIndexOf('=') + 1).trim()]));
}

/** A JSON object in an environment variable, e.g. IO_OBLIGATION_FLOWS='{"require_attributes": "collect-attributes"}'. */
function jsonObject(variable: string, raw: string): object {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed;
  } catch (error) {
    throw new ConfigError(variable, `must be a JSON object (got ${JSON.stringify(raw.slice(0, 80))}: ${(error as Error).message})`);
  }
}

function integer(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  const raw = env[variable];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new ConfigError(variable, `must be a non-negative integer (got "${raw}")`);
  return Number(raw);
}

function readSigningKeys(path: string): JWK[] {
  const parsed = readJson('IO_SIGNING_KEYS_FILE', path) as { keys?: unknown };
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new ConfigError('IO_SIGNING_KEYS_FILE', `${path} must hold {"keys": [<private JWK with kid and alg>, ...]}`);
  }
  return parsed.keys as JWK[];
}

function readJson(variable: string, path: string): object {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed;
  } catch (error) {
    // JSON.parse quotes the text around a syntax error: of a key file, that could be key material.
    const reason = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message;
    throw new ConfigError(variable, `${path} is not a JSON object: ${reason}`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
