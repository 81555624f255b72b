/**
 * Readiness (GET /readyz): whether this bridge can serve journeys now. Each check runs with a
 * timeout; results are shared for `cacheMs`, so load balancers and every Keycloak node probing at
 * once cost one round of checks. The public answer names each check and its status only; why a
 * check fails (hosts, addresses, Keycloak's answer) goes to the log when it starts failing.
 */
import { performance } from 'node:perf_hooks';

/** `degraded`: works for part of what it serves (some realms); the bridge stays ready. */
export type CheckStatus = 'ok' | 'degraded' | 'fail';

export interface CheckResult {
  status: CheckStatus;
  /** Shown in the answer: names and statuses, never a reason that could reveal internals. */
  details?: Record<string, unknown>;
  /** For the log only. */
  reason?: string;
}

export type ReadinessCheck = () => Promise<CheckResult>;

export interface ReadinessReport {
  ready: boolean;
  /** The bridge is shutting down: not ready whatever the checks say (they are not run). */
  stopping?: true;
  checks: Record<string, { status: CheckStatus; duration_ms: number } & Record<string, unknown>>;
}

export interface ReadinessOptions {
  checks: Record<string, ReadinessCheck>;
  /** Per check; a check that takes longer fails. */
  timeoutMs?: number;
  /** How long one round of results answers later probes. */
  cacheMs?: number;
  /** A check changed status (the first round reports every check that is not ok). */
  onChange?: (check: string, result: CheckResult, previous: CheckStatus | undefined) => void;
  now?: () => number;
}

export class Readiness {
  private last: { at: number; report: Promise<ReadinessReport> } | undefined;
  private readonly statuses = new Map<string, CheckStatus>();
  private readonly now: () => number;
  private shuttingDown = false;

  constructor(private readonly options: ReadinessOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The bridge is shutting down: from now on it reports not ready, so load balancers and Keycloak send it nothing new. */
  stop(): void {
    this.shuttingDown = true;
  }

  get stopping(): boolean {
    return this.shuttingDown;
  }

  report(): Promise<ReadinessReport> {
    if (this.shuttingDown) return Promise.resolve({ ready: false, stopping: true, checks: {} });
    const at = this.now();
    if (this.last && at - this.last.at < (this.options.cacheMs ?? 1000)) return this.last.report;
    const report = this.run();
    this.last = { at, report };
    return report;
  }

  private async run(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      Object.entries(this.options.checks).map(async ([name, check]) => {
        const started = performance.now();
        const result = await withTimeout(check, this.options.timeoutMs ?? 2000);
        const previous = this.statuses.get(name);
        if (previous !== result.status && (previous !== undefined || result.status !== 'ok')) this.options.onChange?.(name, result, previous);
        this.statuses.set(name, result.status);
        return [name, { status: result.status, duration_ms: Math.round((performance.now() - started) * 10) / 10, ...result.details }] as const;
      }),
    );
    return { ready: entries.every(([, result]) => result.status !== 'fail'), checks: Object.fromEntries(entries) };
  }
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'fail', reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      check().catch((error: unknown): CheckResult => ({ status: 'fail', reason: error instanceof Error ? error.message : String(error) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every part ok: ok; some: degraded; none: fail. */
export function combined(parts: Record<string, boolean>): CheckStatus {
  const values = Object.values(parts);
  if (values.every(Boolean)) return 'ok';
  return values.some(Boolean) ? 'degraded' : 'fail';
}
