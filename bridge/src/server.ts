import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { createAuditSink } from './audit/audit-sink.js';
import { createAuditTrail } from './audit/audit-trail.js';
import { createJsonLogger, type Logger } from './audit/logger.js';
import type { BridgeConfig, BridgeConfigInput } from './config/bridge-config.js';
import { resolveConfig } from './config/load-config.js';
import { startExpressionWorkers } from './engine/expressions.js';
import type { FlowCatalog, FlowInput } from './engine/flow-catalog.js';
import { FlowEngine } from './engine/flow-engine.js';
import type { NodeTypeRegistry } from './engine/node-type.js';
import type { ProcessorRegistry } from './engine/processor.js';
import type { CounterStore, Mailer, OrganizationDirectory, Services, UserDirectory } from './engine/services.js';
import { ConfigError, FlowNotFoundError, FlowVersionError, IoError } from './errors.js';
import { loadBridgeKeys, type BridgeKeySet } from './handoff/bridge-keys.js';
import { createEvidenceSigner } from './handoff/evidence-signer.js';
import type { HandoffClaims } from './handoff/handoff-claims.js';
import { createAdminTokenVerifier } from './handoff/admin-token.js';
import { createHandoffVerifier } from './handoff/handoff-verifier.js';
import { realmProcessorsKey, type RealmSettings } from './handoff/realm-settings.js';
import { realmKeys } from './handoff/realm-token.js';
import { createApp } from './http/create-app.js';
import { previewHtml, stepHtml, stepTheme } from './http/pages.js';
import { flowRuntime } from './flow-runtime.js';
import {
  createHttpClient,
  createKeycloakFlowVersions,
  createKeycloakOrganizationDirectory,
  createKeycloakUserDirectory,
  createServiceAccount,
  createSmtpMailer,
  type ServiceAccount,
} from './connectors/index.js';
import type { FlowVersionFetcher } from './handoff/flow-versions.js';
import type { FlowSession, LoginTags } from './journey/flow-session.js';
import { ExecutionRecorder, type ExecutionLogStore } from './journey/execution-log.js';
import { JourneyService, type JourneyRuntime } from './journey/journey-service.js';
import { TryRuns, type TryRun } from './journey/try-runs.js';
import { PublishedFlows } from './journey/published-flows.js';
import { mappingProblems, obligationFlowsFor } from './journey/obligation-plan.js';
import { RealmFlows } from './journey/realm-flows.js';
import { captchaProviderProfiles, HttpCaptchaVerifier } from './processors/index.js';
import { ThemeRegistry } from './theming/theme-registry.js';
import { bridgeReadiness } from './observability/bridge-readiness.js';
import { BridgeMetrics } from './observability/metrics.js';
import { startMetricsServer, type MetricsServer } from './observability/metrics-server.js';
import { LruCache } from './store/lru-cache.js';
import { MemoryCounterStore } from './store/memory-counter-store.js';
import { MemoryExecutionLog } from './store/memory-execution-log.js';
import { RedisExecutionLog } from './store/redis-execution-log.js';
import { MemorySessionStore } from './store/memory-session-store.js';
import { RedisCounterStore } from './store/redis-counter-store.js';
import { RedisSessionStore } from './store/redis-session-store.js';
import type { RedisHooks } from './store/redis-client.js';
import { redisTarget, redisTopologyName } from './config/redis-settings.js';
import type { SessionStore } from './store/session-store.js';

export interface RunningBridge {
  /** Where the server listens, e.g. http://127.0.0.1:3000 (the actual port when 0 was asked). */
  url: string;
  config: BridgeConfig;
  keys: BridgeKeySet;
  store: SessionStore<FlowSession>;
  /** The flows each trusted issuer's realm may run. */
  flows: RealmFlows;
  metrics: BridgeMetrics;
  /** `GET /metrics` on IO_METRICS_PORT; absent when that is not set. */
  metricsUrl?: string;
  /**
   * Stops: not ready at once, no new connections, in-flight requests get `drainMs` to finish
   * (then their connections are cut), then the stores close. 0 (tests): cut at once.
   */
  close(drainMs?: number): Promise<void>;
}

export interface StartOptions {
  /** Defaults to JSON lines on stdout at config.logLevel. */
  logger?: Logger;
  /** Flow definitions added to the shared ones of config.flowsDir (tests, embedding). */
  flows?: FlowInput[];
  /** Replaces adapters of the engine's ports (tests: a fake user directory or mailer). */
  services?: Partial<Services>;
  nodeTypes?: NodeTypeRegistry;
  processors?: ProcessorRegistry;
}

/** Wires every part of the bridge from a config object and starts listening. */
export async function startBridge(input: BridgeConfigInput, options: StartOptions = {}): Promise<RunningBridge> {
  const config = resolveConfig(input);
  const logger = options.logger ?? createJsonLogger(config.logLevel);
  // Node's own process metrics only where something scrapes them.
  const metrics = new BridgeMetrics({ processMetrics: config.metricsPort !== undefined });

  const { nodeTypes, processors, validation, resolveProcessorsFor } = flowRuntime(options);
  const flows = RealmFlows.fromDirectory(config.flowsDir, config.trustedIssuers, validation, options.flows);
  for (const warning of flows.warnings) logger.warn('flow_warning', { message: warning });
  checkObligationFlows(config, flows);
  const themes = new ThemeRegistry({
    themesDir: config.themesDir,
    defaultTheme: config.theme,
    themesByIssuer: config.themesByIssuer,
    flowsDir: config.flowsDir,
    hotReload: config.themeHotReload,
    warn: (warning) => logger.warn('theme_warning', { file: warning.file, line: warning.line, message: warning.message }),
    unknownRealmTheme: (issuer, theme) =>
      logger.warn('theme_warning', {
        issuer,
        message: `the realm's theme "${theme}" (stored in Keycloak) does not exist in ${config.themesDir}; its pages use the configured theme`,
      }),
  }).preload();
  for (const [ref, flow] of new Map(flows.entries().flatMap(([, catalog]) => catalog.refs().map((ref) => [ref, catalog.get(ref)] as const)))) {
    const theme = flow?.settings?.theme;
    if (theme && !themes.has(theme))
      logger.warn('flow_warning', { message: `${ref}: settings.theme "${theme}" does not exist in ${config.themesDir}; the realm's or default theme is used` });
    for (const node of flow?.nodes ?? []) {
      if (node.theme && !themes.has(node.theme))
        logger.warn('flow_warning', {
          message: `${ref}: node ${node.id} theme "${node.theme}" does not exist in ${config.themesDir}; the flow's theme is used`,
        });
    }
  }
  const keys = await loadBridgeKeys(config.signingKeys);
  if (keys.ephemeral) {
    logger.warn('ephemeral_signing_key', { message: 'no IO_SIGNING_KEYS_FILE: generated an ES256 key; evidence in flight fails after a restart' });
  }
  const stores = await openStores(config, logger, {
    observe: (command, seconds, failed) => metrics.redisCommand(command, seconds, failed),
    onError: throttled(redisErrorLogIntervalMs, (error) => logger.warn('redis_connection_error', { message: error.message })),
  });
  await startExpressionWorkers();
  const account = serviceAccount(config);
  const services: Services = {
    clock: { now: () => Date.now() },
    random: { bytes: (length) => new Uint8Array(randomBytes(length)), uuid: () => randomUUID() },
    http: createHttpClient({ allowedHosts: config.httpAllowedHosts, allowedNetworks: config.httpAllowedNetworks }),
    users: account ? createKeycloakUserDirectory({ account }) : unconfigured<UserDirectory>('IO_KEYCLOAK_ADMIN_CLIENT_ID'),
    organizations: account ? createKeycloakOrganizationDirectory({ account }) : unconfigured<OrganizationDirectory>('IO_KEYCLOAK_ADMIN_CLIENT_ID'),
    mail: mailer(config),
    counters: stores.counters,
    ...captchaVerifier(config),
    audit: createAuditSink(logger),
    flows: flows.shared,
    ...options.services,
  };
  // An engine's library calls resolve in its catalog only; it runs the realm's processor lists
  // (protocol 1.3 realm_settings.processors), else the built-in default sets.
  const engineFor = (catalog: FlowCatalog, lists?: RealmSettings['processors']) =>
    new FlowEngine({
      nodeTypes,
      services: { ...services, flows: catalog },
      resolveProcessors: resolveProcessorsFor(lists),
      observeStep: (nodeType, phase, seconds) => metrics.step(nodeType, phase, seconds),
    });
  // One engine per realm for its file flows; realms whose handoffs carry processor lists get one per
  // distinct lists (cached under them, so a change of a realm's lists is a new engine, never a stale one).
  const realms = new Map<string, JourneyRuntime>(flows.entries().map(([issuer, catalog]) => [issuer, { catalog, engine: engineFor(catalog) }]));
  const realmListEngines = new LruCache<JourneyRuntime>(config.flowCacheSize);
  // Protocol 1.3: the published versions a handoff names, from its verified issuer's realm.
  const published = new PublishedFlows({
    fetchVersion: flowVersions(account),
    validation,
    engineFor,
    cacheSize: config.flowCacheSize,
    onCacheLookup: (cache, hit) => metrics.flowCacheLookup(cache, hit),
  });
  const runtime = async (claims: HandoffClaims): Promise<JourneyRuntime> => {
    const lists = claims.realm_settings?.processors;
    if (claims.flow_versions) return published.runtime(claims.iss, claims.flow_versions, lists);
    const own = realms.get(claims.iss);
    if (!own) throw new IoError('internal_error', `${claims.iss} is not a trusted issuer`);
    const key = realmProcessorsKey(lists);
    if (key === '') return own;
    return realmListEngines.load(`${claims.iss}|${key}`, async () => ({ catalog: own.catalog, engine: engineFor(own.catalog, lists) }));
  };

  // A realm's processor lists (handoffs, Try it) may name only processors this bridge has.
  const knownProcessor = (id: string) => processors.get(id) !== undefined;
  // The trusted realms' signing keys, for their handoffs and admin calls alike.
  const issuerKeys = realmKeys(config.trustedIssuers);
  const executions = new ExecutionRecorder(stores.executions, (error) => logger.warn('execution_log_failed', { message: (error as Error).message }));
  const tryRuns = new TryRuns({
    store: stores.tryRuns,
    nodeTypes,
    validation,
    resolveProcessorsFor,
    knownProcessor,
    services,
    renderScreen: (execution, flow, messages, { locale, issuer, realmTheme }) => {
      const theme = stepTheme(themes, execution, flow?.settings, issuer, realmTheme);
      const html = stepHtml(theme, execution, {
        csrfToken: '',
        action: '#',
        locale: locale ?? flow?.settings?.defaultLocale ?? theme.defaultLocale,
        flowMessages: messages,
      });
      return previewHtml(html, config.publicUrl);
    },
  });
  const trail = createAuditTrail(logger);
  const journeys = new JourneyService({
    verifyHandoff: createHandoffVerifier({
      keys: issuerKeys,
      audience: config.audience,
      resolveFlow: flowResolver(flows, runtime),
      knownProcessor,
      claimOnce: (key, ttl) => stores.sessions.claimOnce(key, ttl),
      storeGeneration: (key) => stores.sessions.generation(key),
    }),
    runtime,
    store: stores.sessions,
    loginTags: stores.loginTags,
    signEvidence: createEvidenceSigner(config.publicUrl, keys),
    audit: {
      ...trail,
      evidenceRefused: (event) => {
        trail.evidenceRefused(event);
        metrics.evidenceRefused(event.code);
      },
    },
    sessionTtlSeconds: config.sessionTtlSeconds,
    obligationFlows: (issuer) => obligationFlowsFor(config.obligationFlows, config.obligationFlowsByIssuer, issuer),
    executions: {
      progressed: (issuer, before, after, submitted) => {
        executions.progressed(issuer, before, after, submitted);
        metrics.journeyProgressed(issuer, before, after);
      },
    },
  });
  const readiness = bridgeReadiness({
    ping: () => stores.sessions.ping(),
    store: stores.kind,
    keys,
    trustedIssuers: config.trustedIssuers,
    account,
    logger,
  });
  const app = createApp({
    config,
    counters: stores.counters,
    journeys,
    keys,
    themes,
    admin: {
      verifyAdmin: createAdminTokenVerifier({ keys: issuerKeys, audience: config.audience, claimOnce: (key, ttl) => stores.sessions.claimOnce(key, ttl) }),
      validation,
      tryRuns,
      executions,
    },
    flowView: async (session) => {
      const { catalog, messages } = await runtime(session.handoff);
      return { settings: catalog.get(session.flowRef)?.settings, messages };
    },
    logger,
    readiness,
    metrics,
  });

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let metricsServer: MetricsServer | undefined;
  if (config.metricsPort !== undefined) {
    metricsServer = await startMetricsServer(metrics, config.metricsHost ?? config.host, config.metricsPort).catch((error: Error) => {
      server.close();
      throw new ConfigError('IO_METRICS_PORT', `cannot listen: ${error.message}`);
    });
  }
  logger.info('bridge_started', {
    url,
    public_url: config.publicUrl,
    ...(metricsServer ? { metrics_url: metricsServer.url } : {}),
    flows: Object.fromEntries(flows.entries().map(([issuer, catalog]) => [issuer, catalog.refs()])),
    theme: config.theme,
    theme_hot_reload: themes.hotReload,
  });

  // Journeys nobody finishes are expired and compensated in the background.
  const sweeper = setInterval(() => {
    journeys.sweep().catch((error: Error) => logger.warn('sweep_failed', { message: error.message }));
  }, sweepIntervalMs);
  sweeper.unref();

  return {
    url,
    config,
    keys,
    store: stores.sessions,
    flows,
    metrics,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    close: async (drainMs = 0) => {
      readiness.stop();
      clearInterval(sweeper);
      if (drainMs > 0) logger.info('bridge_stopping', { drain_ms: drainMs });
      // Refuses new connections and closes idle ones; resolves once the last connection has closed.
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // A keep-alive connection whose request began before the stop stays open after its answer:
      // closed as soon as it is idle.
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      void drained.then(() => clearInterval(closeIdle));
      const timedOut = drainMs > 0 ? await Promise.race([drained.then(() => false), delay(drainMs).then(() => true)]) : true;
      if (timedOut) {
        if (drainMs > 0) {
          const connections = await new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));
          logger.warn('shutdown_drain_timeout', { drain_ms: drainMs, connections, message: 'connections still open after the drain time are cut' });
        }
        server.closeAllConnections();
        await drained;
      }
      await metricsServer?.close();
      await stores.close();
      if (drainMs > 0) logger.info('bridge_stopped');
    },
  };
}

/** Resolves after `ms`, without keeping the process alive for it. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** While Redis is unreachable every client reports each reconnect attempt: one log line per this interval. */
const redisErrorLogIntervalMs = 10_000;

/** `report`, at most once per `intervalMs` (the calls in between are dropped). */
function throttled<T>(intervalMs: number, report: (value: T) => void): (value: T) => void {
  let last = -Infinity;
  return (value) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    report(value);
  };
}

/** How often the bridge looks for journeys past their deadline (well under the sessions' grace period). */
const sweepIntervalMs = 30_000;

interface Stores {
  /** `memory`, or `redis` with its topology: `redis`, `redis-sentinel`, `redis-cluster`. */
  kind: string;
  sessions: SessionStore<FlowSession>;
  loginTags: SessionStore<LoginTags>;
  counters: CounterStore & { close(): Promise<void> };
  /** Try it runs: a namespace of their own, never the journeys'. */
  tryRuns: SessionStore<TryRun>;
  executions: ExecutionLogStore;
  close(): Promise<void>;
}

/** The stores with one close() that closes them all. */
function withClose(stores: Omit<Stores, 'close'>): Stores {
  const { sessions, loginTags, counters, tryRuns, executions } = stores;
  return {
    ...stores,
    close: async () => void (await Promise.all([sessions.close(), loginTags.close(), counters.close(), tryRuns.close(), executions.close()])),
  };
}

async function openStores(config: BridgeConfig, logger: Logger, hooks: RedisHooks): Promise<Stores> {
  const target = redisTarget(config);
  if (!target) {
    logger.info('session_store', {
      message: 'no Redis (REDIS_URL, IO_REDIS_SENTINELS or IO_REDIS_CLUSTER_NODES): using the in-memory session store (single instance only)',
    });
    return withClose({
      kind: 'memory',
      sessions: new MemorySessionStore<FlowSession>(),
      loginTags: new MemorySessionStore<LoginTags>(),
      counters: new MemoryCounterStore(),
      tryRuns: new MemorySessionStore<TryRun>(),
      executions: new MemoryExecutionLog(),
    });
  }
  const topology = redisTopologyName(target);
  try {
    const sessions = await RedisSessionStore.connect<FlowSession>(target, config.redisKeyPrefix, hooks);
    // Same key space, own namespace: `{prefix}login:session:{<hash>}`.
    const loginTags = await RedisSessionStore.connect<LoginTags>(target, `${config.redisKeyPrefix}login:`, hooks);
    const counters = await RedisCounterStore.connect(target, config.redisKeyPrefix, hooks);
    // `{prefix}try:session:{<runId>}`: test runs never share a key with a journey.
    const tryRuns = await RedisSessionStore.connect<TryRun>(target, `${config.redisKeyPrefix}try:`, hooks);
    const executions = await RedisExecutionLog.connect(target, config.redisKeyPrefix, hooks);
    // The generation markers exist from the start, so the first handoffs never race their creation.
    const generation = await sessions.generation();
    logger.info('session_store', { message: 'using Redis', topology, prefix: config.redisKeyPrefix, generation: new Date(generation * 1000).toISOString() });
    return withClose({ kind: topology === 'standalone' ? 'redis' : `redis-${topology}`, sessions, loginTags, counters, tryRuns, executions });
  } catch (error) {
    throw new ConfigError(redisVariable[topology], `cannot connect to Redis (${topology}): ${(error as Error).message}`);
  }
}

/** The setting an operator checks when Redis cannot be reached at start. */
const redisVariable = { standalone: 'REDIS_URL', sentinel: 'IO_REDIS_SENTINELS', cluster: 'IO_REDIS_CLUSTER_NODES' } as const;

/** The service account of the trusted realms (Keycloak admin API), when its client is configured. */
function serviceAccount(config: BridgeConfig): ServiceAccount | undefined {
  if (!config.keycloakAdminClientId || !config.keycloakAdminClientSecret) return undefined;
  return createServiceAccount({ clientId: config.keycloakAdminClientId, clientSecret: config.keycloakAdminClientSecret, issuers: config.trustedIssuers });
}

/** Published flow versions come from Keycloak with the service account's token; without one, none can. */
function flowVersions(account: ServiceAccount | undefined): FlowVersionFetcher {
  if (account) return createKeycloakFlowVersions({ account });
  return async (issuer, ref) => {
    throw new FlowVersionError(
      'flow_version_unavailable',
      `${ref.id} version ${ref.version} of ${issuer}: set IO_KEYCLOAK_ADMIN_CLIENT_ID to run published flows`,
    );
  };
}

/**
 * The CAPTCHA the rate-limit processor challenges with over its limit, when configured. Its
 * siteverify calls go through an HTTP client of their own that reaches the verify URL's host only
 * (the flows' allow-list is not widened for it; IO_HTTP_ALLOWED_NETWORKS still decides whether a
 * private or loopback address may be reached).
 */
function captchaVerifier(config: BridgeConfig): Pick<Services, 'captcha'> {
  if (!config.captchaProvider || !config.captchaSecret || !config.captchaSiteKey) return {};
  const verifyUrl = config.captchaVerifyUrl ?? captchaProviderProfiles[config.captchaProvider].verifyUrl;
  const http = createHttpClient({ allowedHosts: [new URL(verifyUrl).host], allowedNetworks: config.httpAllowedNetworks });
  return {
    captcha: new HttpCaptchaVerifier(http, { provider: config.captchaProvider, secret: config.captchaSecret, siteKey: config.captchaSiteKey, verifyUrl }),
  };
}

function mailer(config: BridgeConfig): Mailer {
  if (!config.smtpUrl || !config.mailFrom) return unconfigured<Mailer>('IO_SMTP_URL');
  return createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom });
}

/** A port whose adapter is not configured: any use fails the step with `integration_unconfigured`. */
function unconfigured<T extends object>(variable: string): T {
  return new Proxy({} as T, {
    get: (_target, method) => async () => {
      throw new IoError('integration_unconfigured', `${String(method)}: set ${variable} to use this integration`);
    },
  });
}

/**
 * `flow` names a flow the issuer's realm may run; obligations (no `flow`) are mapped to flows by the
 * journey. A handoff naming published versions (protocol 1.3) runs entry 0 at its version, and
 * those versions are loaded here, before its jti is spent.
 */
function flowResolver(flows: RealmFlows, runtime: (claims: HandoffClaims) => Promise<JourneyRuntime>) {
  return async (claims: HandoffClaims): Promise<string | undefined> => {
    if (claims.flow_versions) {
      await runtime(claims);
      const [top] = claims.flow_versions;
      return claims.flow === undefined ? undefined : `${top!.id}@${top!.version}`;
    }
    if (claims.flow === undefined) return undefined;
    if (!flows.for(claims.iss).has(claims.flow)) throw new FlowNotFoundError(claims.flow);
    return claims.flow;
  };
}

/**
 * Every mapped obligation flow must be a library flow the realm can run: the general mapping in
 * every realm, a per-issuer mapping in its own; per-issuer mappings must name trusted issuers.
 */
function checkObligationFlows(config: BridgeConfig, flows: RealmFlows): void {
  const check = (mapping: Record<string, string>, catalog: FlowCatalog, where: string, variable: string) => {
    const problems = mappingProblems(mapping, catalog, where);
    if (problems.length > 0) throw new ConfigError(variable, `${problems.join('; ')} (have: ${catalog.refs().join(', ')})`);
  };
  for (const [issuer, catalog] of flows.entries()) check(config.obligationFlows, catalog, `IO_OBLIGATION_FLOWS (realm of ${issuer})`, 'IO_OBLIGATION_FLOWS');
  for (const [issuer, mapping] of Object.entries(config.obligationFlowsByIssuer ?? {})) {
    const where = `obligationFlowsByIssuer["${issuer}"]`;
    if (!config.trustedIssuers.includes(issuer)) throw new ConfigError('IO_CONFIG_FILE', `${where}: ${issuer} is not one of IO_TRUSTED_ISSUERS`);
    check(mapping, flows.for(issuer), where, 'IO_CONFIG_FILE');
  }
}
