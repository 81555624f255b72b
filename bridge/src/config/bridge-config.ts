import type { JWK } from 'jose';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Fully resolved bridge configuration (every default applied). */
export interface BridgeConfig {
  /** Public base URL: evidence `iss`, default handoff audience, decides the cookie name. */
  publicUrl: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Prometheus metrics (`GET /metrics`) on a port of their own; absent: no metrics endpoint. 0 picks a free port (tests). */
  metricsPort?: number;
  /** Where the metrics port listens; default `host`. */
  metricsHost?: string;
  /**
   * Proxies in front of the bridge whose X-Forwarded-For is believed (express's `trust proxy`):
   * addresses, CIDR ranges and the names `loopback`, `linklocal`, `uniquelocal`, or the number of
   * proxy hops. Absent: nobody; the client IP is the connection's peer.
   */
  trustedProxies?: string[] | number;
  /** Length of a request rate-limit window, in seconds. */
  rateLimitWindowSeconds: number;
  /** Handoffs (`/io/handoff`) one client IP may send per window; 0: no limit. */
  rateLimitHandoff: number;
  /** Form posts (`POST /io/j/:handle/step`) one client IP may send per window; 0: no limit. */
  rateLimitFormPosts: number;
  /** On SIGTERM, how long in-flight requests may take to finish before their connections are cut. */
  shutdownDrainSeconds: number;
  /** Realm issuer URLs (`{base}/realms/{name}`) whose handoffs are accepted (exact match). */
  trustedIssuers: string[];
  /** Development only: accept plain http for the public URL and the trusted issuers (and their keys). */
  allowHttp?: boolean;
  /** Expected handoff `aud`. */
  audience: string;
  /**
   * Redis, one of three topologies (config/redis-settings.ts), or none: the in-memory session store
   * (single instance only). One server: its URL (`redis://` or `rediss://`, credentials inside).
   */
  redisUrl?: string;
  /** Sentinel: the sentinels (`host:port`) and the name of the master they watch. */
  redisSentinels?: string[];
  redisSentinelName?: string;
  /** The sentinels' own password (requirepass on the sentinels), when they have one. */
  redisSentinelPassword?: string;
  /** Cluster: some of its nodes (`host:port`); the client learns the rest from them. */
  redisClusterNodes?: string[];
  /** Sentinel and Cluster: the data nodes' ACL user and password, and TLS to every node. */
  redisUsername?: string;
  redisPassword?: string;
  redisTls?: boolean;
  /** Starts every key; no braces (they would put every key in one Cluster hash slot). */
  redisKeyPrefix: string;
  /** Private JWKs (with kid and alg); the first one signs evidence, all are published. */
  signingKeys?: JWK[];
  sessionTtlSeconds: number;
  flowsDir: string;
  /** Published flow versions (protocol 1.3) kept in memory, and validated version sets (runtimes) kept. */
  flowCacheSize: number;
  themesDir: string;
  theme: string;
  /** A theme per realm: issuer URL -> theme name (a flow's `settings.theme` still wins). */
  themesByIssuer?: Record<string, string>;
  /** Re-read theme files on every render (themers' workflow); off in production. */
  themeHotReload?: boolean;
  /** Obligation type -> library flow (`id` or `id@version`) that fulfils it; the same for every trusted issuer. */
  obligationFlows: Record<string, string>;
  /** Per trusted issuer (realm): obligation type -> library flow, over `obligationFlows`. */
  obligationFlowsByIssuer?: Record<string, Record<string, string>>;
  logLevel: LogLevel;
  /** Confidential client with a service account in each trusted realm (Keycloak admin API); base URL and realm come from the issuer. */
  keycloakAdminClientId?: string;
  keycloakAdminClientSecret?: string;
  /** Outbound mail for the send-email node, e.g. smtp://127.0.0.1:2525. */
  smtpUrl?: string;
  mailFrom?: string;
  /** Hosts integration nodes may call (host patterns); empty: none. */
  httpAllowedHosts: string[];
  /** CIDR ranges integration nodes may reach although the address policy refuses them (loopback, private...); empty: none. */
  httpAllowedNetworks: string[];
  /**
   * The CAPTCHA the rate-limit processor challenges with over its limit: the screen shows the
   * provider's widget (the site key is the widget's) and the provider's siteverify API checks its
   * response with the secret. Absent: over the limit is refused (`rate_limited`).
   */
  captchaProvider?: CaptchaProvider;
  captchaSecret?: string;
  captchaSiteKey?: string;
  /** Another siteverify URL than the provider's own (an enterprise endpoint, a proxy); default: the provider's. */
  captchaVerifyUrl?: string;
}

export const captchaProviders = ['hcaptcha', 'turnstile'] as const;
export type CaptchaProvider = (typeof captchaProviders)[number];

/** What a caller must provide; everything else has a default. */
export type BridgeConfigInput = Partial<BridgeConfig> & Pick<BridgeConfig, 'trustedIssuers'>;
