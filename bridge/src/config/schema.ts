import type { JSONSchemaType } from 'ajv';
import { realmIssuerPattern } from '../handoff/realm.js';
import { captchaProviders, type BridgeConfig } from './bridge-config.js';

/** `host:port` (a host name, IPv4, or [IPv6]). */
const redisNode = { type: 'string', pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$' } as const;

const httpUrl = { type: 'string', pattern: '^https?://[^\\s]+$' } as const;

/** Obligation type (as the protocol allows it) -> flow reference (`id` or `id@version`). */
const obligationFlowMap = {
  type: 'object',
  required: [],
  propertyNames: { pattern: '^[A-Za-z0-9_.:-]{1,64}$' },
  additionalProperties: { type: 'string', pattern: '^[^@\\s]+(@[^@\\s]+)?$' },
} as const;

export const bridgeConfigSchema: JSONSchemaType<BridgeConfig> = {
  type: 'object',
  additionalProperties: false,
  required: [
    'publicUrl',
    'host',
    'port',
    'trustedIssuers',
    'audience',
    'redisKeyPrefix',
    'sessionTtlSeconds',
    'flowsDir',
    'flowCacheSize',
    'themesDir',
    'theme',
    'logLevel',
    'httpAllowedHosts',
    'httpAllowedNetworks',
    'obligationFlows',
    'rateLimitWindowSeconds',
    'rateLimitHandoff',
    'rateLimitFormPosts',
    'shutdownDrainSeconds',
  ],
  properties: {
    publicUrl: httpUrl,
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    metricsPort: { type: 'integer', minimum: 0, maximum: 65535, nullable: true },
    metricsHost: { type: 'string', minLength: 1, nullable: true },
    trustedIssuers: { type: 'array', minItems: 1, items: { type: 'string', pattern: realmIssuerPattern } },
    // A hop count, or addresses, ranges and names: checked in load-config.ts, whose messages say
    // which entry is wrong and what is allowed.
    trustedProxies: {} as unknown as JSONSchemaType<BridgeConfig>['properties']['trustedProxies'],
    rateLimitWindowSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
    rateLimitHandoff: { type: 'integer', minimum: 0, maximum: 1000000 },
    rateLimitFormPosts: { type: 'integer', minimum: 0, maximum: 1000000 },
    shutdownDrainSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
    allowHttp: { type: 'boolean', nullable: true },
    audience: { type: 'string', minLength: 1 },
    redisUrl: { type: 'string', pattern: '^rediss?://', nullable: true },
    redisSentinels: { type: 'array', nullable: true, minItems: 1, items: redisNode },
    redisSentinelName: { type: 'string', nullable: true, minLength: 1 },
    redisSentinelPassword: { type: 'string', nullable: true, minLength: 1 },
    redisClusterNodes: { type: 'array', nullable: true, minItems: 1, items: redisNode },
    redisUsername: { type: 'string', nullable: true, minLength: 1 },
    redisPassword: { type: 'string', nullable: true, minLength: 1 },
    redisTls: { type: 'boolean', nullable: true },
    redisKeyPrefix: { type: 'string', pattern: '^[^{}\\s]+$' },
    signingKeys: {
      type: 'array',
      nullable: true,
      minItems: 1,
      items: {
        type: 'object',
        required: ['kty', 'kid', 'alg'],
        properties: {
          kty: { type: 'string' },
          kid: { type: 'string', minLength: 1 },
          alg: { type: 'string', pattern: '^(RS|PS|ES)(256|384|512)$|^EdDSA$' },
        },
      },
    } as unknown as JSONSchemaType<BridgeConfig>['properties']['signingKeys'],
    sessionTtlSeconds: { type: 'integer', minimum: 60, maximum: 86400 },
    flowsDir: { type: 'string', minLength: 1 },
    flowCacheSize: { type: 'integer', minimum: 1, maximum: 100000 },
    themesDir: { type: 'string', minLength: 1 },
    theme: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
    themesByIssuer: {
      type: 'object',
      nullable: true,
      required: [],
      propertyNames: { pattern: '^https?://[^\\s]+$' },
      additionalProperties: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
    } as unknown as JSONSchemaType<BridgeConfig>['properties']['themesByIssuer'],
    themeHotReload: { type: 'boolean', nullable: true },
    obligationFlows: obligationFlowMap as unknown as JSONSchemaType<BridgeConfig>['properties']['obligationFlows'],
    obligationFlowsByIssuer: {
      type: 'object',
      nullable: true,
      required: [],
      propertyNames: { pattern: '^https?://[^\\s]+$' },
      additionalProperties: obligationFlowMap,
    } as unknown as JSONSchemaType<BridgeConfig>['properties']['obligationFlowsByIssuer'],
    logLevel: { type: 'string', enum: ['debug', 'info', 'warn', 'error', 'silent'] },
    keycloakAdminClientId: { type: 'string', minLength: 1, nullable: true },
    keycloakAdminClientSecret: { type: 'string', minLength: 1, nullable: true },
    smtpUrl: { type: 'string', pattern: '^smtps?://[^\\s]+$', nullable: true },
    mailFrom: { type: 'string', minLength: 3, nullable: true },
    httpAllowedHosts: { type: 'array', items: { type: 'string', pattern: '^(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?$' } },
    httpAllowedNetworks: { type: 'array', items: { type: 'string', pattern: '^[0-9A-Fa-f.:]+(/[0-9]{1,3})?$' } },
    captchaProvider: {
      type: 'string',
      enum: [...captchaProviders],
      nullable: true,
    } as unknown as JSONSchemaType<BridgeConfig>['properties']['captchaProvider'],
    captchaSecret: { type: 'string', minLength: 1, nullable: true },
    captchaSiteKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$', nullable: true },
    captchaVerifyUrl: { type: 'string', pattern: '^https?://[^\\s?#]+$', nullable: true },
  },
  dependencies: {
    keycloakAdminClientId: ['keycloakAdminClientSecret'],
    keycloakAdminClientSecret: ['keycloakAdminClientId'],
    smtpUrl: ['mailFrom'],
    captchaProvider: ['captchaSecret', 'captchaSiteKey'],
    captchaSecret: ['captchaProvider'],
    captchaSiteKey: ['captchaProvider'],
    captchaVerifyUrl: ['captchaProvider'],
  },
};
