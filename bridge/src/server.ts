import type { AddressInfo } from 'node:net';
import { createAuditTrail } from './audit/audit-trail.js';
import { createJsonLogger, type Logger } from './audit/logger.js';
import type { BridgeConfig, BridgeConfigInput } from './config/bridge-config.js';
import { resolveConfig } from './config/load-config.js';
import { FlowCatalog } from './engine/flow-catalog.js';
import { FlowEngine } from './engine/flow-engine.js';
import { ConfigError, FlowNotFoundError } from './errors.js';
import { loadBridgeKeys, type BridgeKeySet } from './handoff/bridge-keys.js';
import { createEvidenceSigner } from './handoff/evidence-signer.js';
import type { HandoffClaims } from './handoff/handoff-claims.js';
import { createHandoffVerifier } from './handoff/handoff-verifier.js';
import { createApp } from './http/create-app.js';
import type { FlowSession } from './journey/flow-session.js';
import { JourneyService } from './journey/journey-service.js';
import { builtInNodeTypes } from './nodes/node-registry.js';
import { ThemeRenderer } from './screens/theme-renderer.js';
import { MemorySessionStore } from './store/memory-session-store.js';
import { RedisSessionStore } from './store/redis-session-store.js';
import type { SessionStore } from './store/session-store.js';

export interface RunningBridge {
  /** Where the server listens, e.g. http://127.0.0.1:3000 (the actual port when 0 was asked). */
  url: string;
  config: BridgeConfig;
  keys: BridgeKeySet;
  store: SessionStore<FlowSession>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Defaults to JSON lines on stdout at config.logLevel. */
  logger?: Logger;
}

/** Wires every part of the bridge from a config object and starts listening. */
export async function startBridge(input: BridgeConfigInput, options: StartOptions = {}): Promise<RunningBridge> {
  const config = resolveConfig(input);
  const logger = options.logger ?? createJsonLogger(config.logLevel);

  const registry = builtInNodeTypes();
  const catalog = FlowCatalog.fromDirectory(config.flowsDir, registry);
  if (config.defaultFlow && !catalog.has(config.defaultFlow)) {
    throw new ConfigError('IO_DEFAULT_FLOW', `no flow "${config.defaultFlow}" in ${config.flowsDir} (have: ${catalog.refs().join(', ')})`);
  }
  const renderer = ThemeRenderer.load(config.themesDir, config.theme);
  const keys = await loadBridgeKeys(config.signingKeys);
  if (keys.ephemeral) {
    logger.warn('ephemeral_signing_key', { message: 'no IO_SIGNING_KEYS_FILE: generated an ES256 key; evidence in flight fails after a restart' });
  }
  const store = await openStore(config, logger);

  const engine = new FlowEngine(registry);
  const journeys = new JourneyService({
    verifyHandoff: createHandoffVerifier({
      trustedIssuers: config.trustedIssuers,
      audience: config.audience,
      resolveFlow: flowResolver(catalog, config.defaultFlow),
      claimOnce: (key, ttl) => store.claimOnce(key, ttl),
    }),
    catalog,
    engine,
    store,
    signEvidence: createEvidenceSigner(config.publicUrl, keys),
    audit: createAuditTrail(logger),
    sessionTtlSeconds: config.sessionTtlSeconds,
  });
  const app = createApp({ config, journeys, catalog, engine, keys, renderer, logger });

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info('bridge_started', { url, public_url: config.publicUrl, flows: catalog.refs(), theme: config.theme });

  return {
    url,
    config,
    keys,
    store,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}

async function openStore(config: BridgeConfig, logger: Logger): Promise<SessionStore<FlowSession>> {
  if (!config.redisUrl) {
    logger.info('session_store', { message: 'no REDIS_URL: using the in-memory session store (single instance only)' });
    return new MemorySessionStore<FlowSession>();
  }
  try {
    const store = await RedisSessionStore.connect<FlowSession>(config.redisUrl, config.redisKeyPrefix);
    logger.info('session_store', { message: 'using Redis', prefix: config.redisKeyPrefix });
    return store;
  } catch (error) {
    throw new ConfigError('REDIS_URL', `cannot connect to Redis: ${(error as Error).message}`);
  }
}

/** `flow` names the flow; obligations map to the default flow until obligation mapping exists. */
function flowResolver(catalog: FlowCatalog, defaultFlow: string | undefined) {
  return (claims: HandoffClaims): string => {
    const ref = claims.flow ?? defaultFlow;
    if (!ref || !catalog.has(ref)) throw new FlowNotFoundError(ref ?? '(none)');
    return ref;
  };
}
