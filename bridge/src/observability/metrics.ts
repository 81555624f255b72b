/**
 * The bridge's Prometheus metrics (prom-client), one registry per running bridge so tests and
 * embedded bridges never share counters. docs/operators.md lists every metric with its labels and
 * what to alert on; a metric added here belongs there too.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Execution } from '../engine/execution.js';
import { realmOfIssuer } from '../handoff/realm.js';

/** Seconds: from a fraction of a millisecond (a cached step) to an integration call's timeout. */
const stepBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: Redis answers within a millisecond on a healthy network. */
const redisBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** Execution statuses a journey ends in, as the `status` label says them. */
const finished: ReadonlySet<Execution['status']> = new Set(['completed', 'failed', 'expired']);

export class BridgeMetrics {
  readonly registry = new Registry();

  private readonly journeysStarted = new Counter({
    name: 'io_journeys_started_total',
    help: 'Journeys opened from an accepted handoff, by realm, flow and flow version.',
    labelNames: ['realm', 'flow', 'version'] as const,
    registers: [this.registry],
  });

  private readonly journeysFinished = new Counter({
    name: 'io_journeys_finished_total',
    help: 'Journeys that ended: status completed (evidence issued), failed or expired; outcome success, failure or cancelled.',
    labelNames: ['realm', 'flow', 'version', 'status', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly stepDuration = new Histogram({
    name: 'io_step_duration_seconds',
    help: 'Time the engine spent on one step (processors, expressions and the node itself), by node type and phase (init: reaching the node; handler: answering the user).',
    labelNames: ['node_type', 'phase'] as const,
    buckets: stepBuckets,
    registers: [this.registry],
  });

  private readonly handoffFailures = new Counter({
    name: 'io_handoff_failures_total',
    help: 'Handoffs (POST /io/handoff) that opened no journey, by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly evidenceFailures = new Counter({
    name: 'io_evidence_failures_total',
    help: 'Journeys that reached success but whose evidence the bridge refused to sign (outside the handoff grants), by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly requestsRefused = new Counter({
    name: 'io_requests_refused_total',
    help: 'Requests answered with an error page or error body, by route and error code (csrf_invalid, session_expired, handoff_replayed, ...).',
    labelNames: ['route', 'code', 'status'] as const,
    registers: [this.registry],
  });

  private readonly redisDuration = new Histogram({
    name: 'io_redis_command_duration_seconds',
    help: 'Time from sending a Redis command to its reply, by command (a pipeline counts each of its commands).',
    labelNames: ['command'] as const,
    buckets: redisBuckets,
    registers: [this.registry],
  });

  private readonly redisErrors = new Counter({
    name: 'io_redis_errors_total',
    help: 'Redis commands that failed (connection lost, timeout, error reply), by command.',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  private readonly flowCache = new Counter({
    name: 'io_flow_cache_lookups_total',
    help: 'Lookups in the published flow caches (IO_FLOW_CACHE_SIZE): runtime (per handoff and step), version (a miss is a fetch from Keycloak); result hit or miss.',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    // Node's own: CPU, memory, event loop lag, GC (prefixed io_bridge_ to tell them from other processes').
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'io_bridge_' });
  }

  /** A journey began (`before` undefined) or moved; counts its start and its end. */
  journeyProgressed(issuer: string, before: Execution | undefined, after: Execution): void {
    const labels = { realm: realmLabel(issuer), flow: after.flowId, version: after.flowVersion };
    if (!before) this.journeysStarted.inc(labels);
    if (finished.has(after.status) && (!before || !finished.has(before.status))) {
      this.journeysFinished.inc({ ...labels, status: after.status, outcome: after.outcome ?? 'failure' });
    }
  }

  step(nodeType: string, phase: 'init' | 'handler', seconds: number): void {
    this.stepDuration.observe({ node_type: nodeType, phase }, seconds);
  }

  handoffFailed(code: string): void {
    this.handoffFailures.inc({ code });
  }

  evidenceRefused(code: string): void {
    this.evidenceFailures.inc({ code });
  }

  requestRefused(route: string, code: string, status: number): void {
    this.requestsRefused.inc({ route, code, status: String(status) });
  }

  redisCommand(command: string, seconds: number, failed: boolean): void {
    this.redisDuration.observe({ command }, seconds);
    if (failed) this.redisErrors.inc({ command });
  }

  flowCacheLookup(cache: string, hit: boolean): void {
    this.flowCache.inc({ cache, result: hit ? 'hit' : 'miss' });
  }

  /** The text exposition format (what GET /metrics answers). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function realmLabel(issuer: string): string {
  try {
    return realmOfIssuer(issuer);
  } catch {
    return issuer;
  }
}
