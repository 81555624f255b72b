import {
  executionRetentionSeconds,
  funnelRetentionSeconds,
  maxTraceSteps,
  recentLimit,
  type ExecutionLogStore,
  type ExecutionRecord,
  type ExecutionSummary,
  type ExecutionWrite,
  type RedactedStep,
} from '../journey/execution-log.js';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** The execution log of a single instance, with the Redis store's bounds and retention. */
export class MemoryExecutionLog implements ExecutionLogStore {
  private readonly recentIds = new Map<string, Expiring<string[]>>();
  private readonly runs = new Map<string, Expiring<{ summary: string; trace: string[] }>>();
  private readonly funnels = new Map<string, Expiring<Map<string, number>>>();

  constructor(private readonly now: () => number = Date.now) {}

  async write({ issuer, summary, began, steps, funnel }: ExecutionWrite): Promise<void> {
    const base = baseOf(issuer, summary.flowId);
    const runKey = `${base}${summary.correlationId}`;
    const trace = [...(this.live(this.runs, runKey)?.trace ?? []), ...steps.map((step) => JSON.stringify(step))].slice(0, maxTraceSteps);
    this.runs.set(runKey, { value: { summary: JSON.stringify(summary), trace }, expiresAt: this.expiry(executionRetentionSeconds) });
    if (began) {
      const all = [summary.correlationId, ...(this.live(this.recentIds, base) ?? [])];
      const ids = all.slice(0, recentLimit);
      // A journey that falls off the list is gone, with its trace.
      for (const dropped of all.slice(recentLimit)) this.runs.delete(`${base}${dropped}`);
      this.recentIds.set(base, { value: ids, expiresAt: this.expiry(executionRetentionSeconds) });
    }
    for (const { flowId, day, field } of funnel) {
      const key = `${baseOf(issuer, flowId)}${day}`;
      const counters = this.live(this.funnels, key) ?? new Map<string, number>();
      counters.set(field, (counters.get(field) ?? 0) + 1);
      this.funnels.set(key, { value: counters, expiresAt: this.expiry(funnelRetentionSeconds) });
    }
    this.sweep();
  }

  async recent(issuer: string, flowId: string, limit: number): Promise<ExecutionRecord[]> {
    const base = baseOf(issuer, flowId);
    return (this.live(this.recentIds, base) ?? []).slice(0, limit).flatMap((id) => {
      const run = this.live(this.runs, `${base}${id}`);
      return run ? [{ ...(JSON.parse(run.summary) as ExecutionSummary), trace: run.trace.map((step) => JSON.parse(step) as RedactedStep) }] : [];
    });
  }

  async funnelDays(issuer: string, flowId: string, days: readonly string[]): Promise<Array<Record<string, number>>> {
    return days.map((day) => Object.fromEntries(this.live(this.funnels, `${baseOf(issuer, flowId)}${day}`) ?? []));
  }

  async close(): Promise<void> {}

  private live<T>(map: Map<string, Expiring<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    map.delete(key);
    return undefined;
  }

  private expiry(seconds: number): number {
    return this.now() + seconds * 1000;
  }

  /** Drops what expired, a little at a time, so memory stays bounded by the retention. */
  private sweep(): void {
    const now = this.now();
    for (const map of [this.runs, this.recentIds, this.funnels] as Array<Map<string, Expiring<unknown>>>) {
      let checked = 0;
      for (const [key, entry] of map) {
        if (entry.expiresAt <= now) map.delete(key);
        if (++checked >= 20) break;
      }
    }
  }
}

const baseOf = (issuer: string, flowId: string) => `${issuer}\u0000${flowId}\u0000`;
