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
import { closeRedis, openRedis, unavailableOnFailure, type RedisConnection, type RedisHooks, type RedisTarget } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';

/**
 * The execution log in Redis, per flow of a realm under RedisKeys.executions (one hash slot):
 * `recent` (list of correlation ids, newest first, trimmed to 200), `run:{id}` (the summary JSON),
 * `trace:{id}` (list of redacted steps, first 100 kept), `funnel:{YYYY-MM-DD}` (hash of counters).
 * A step is one pipeline per flow it touched (one, unless a called flow's funnel moved too): no
 * read, one round trip.
 */
export class RedisExecutionLog implements ExecutionLogStore {
  private readonly keys: RedisKeys;

  private constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = new RedisKeys(prefix);
  }

  static async connect(target: RedisTarget, prefix = 'io:', hooks?: RedisHooks): Promise<RedisExecutionLog> {
    const redis = await openRedis(target, hooks);
    return unavailableOnFailure(new RedisExecutionLog(redis, prefix));
  }

  async write({ issuer, summary, began, steps, funnel }: ExecutionWrite): Promise<void> {
    const base = this.base(issuer, summary.flowId);
    // One pipeline per flow: a Redis Cluster takes a pipeline only when its keys are in one slot.
    const pipelines = new Map([[base, this.redis.pipeline()]]);
    const pipelineOf = (key: string) => pipelines.get(key) ?? pipelines.set(key, this.redis.pipeline()).get(key)!;
    const pipeline = pipelineOf(base);
    pipeline.set(`${base}run:${summary.correlationId}`, JSON.stringify(summary), 'EX', executionRetentionSeconds);
    if (steps.length > 0) {
      const trace = `${base}trace:${summary.correlationId}`;
      pipeline.rpush(trace, ...steps.map((step) => JSON.stringify(step)));
      pipeline.ltrim(trace, 0, maxTraceSteps - 1);
      pipeline.expire(trace, executionRetentionSeconds);
    }
    if (began) {
      pipeline.lpush(`${base}recent`, summary.correlationId);
      pipeline.ltrim(`${base}recent`, 0, recentLimit - 1);
      pipeline.expire(`${base}recent`, executionRetentionSeconds);
    }
    for (const { flowId, day, field } of funnel) {
      const flowBase = this.base(issuer, flowId);
      const key = `${flowBase}funnel:${day}`;
      pipelineOf(flowBase).hincrby(key, field, 1).expire(key, funnelRetentionSeconds);
    }
    const results = (await Promise.all([...pipelines.values()].map(async (each) => (await each.exec()) ?? []))).flat();
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async recent(issuer: string, flowId: string, limit: number): Promise<ExecutionRecord[]> {
    const base = this.base(issuer, flowId);
    const ids = await this.redis.lrange(`${base}recent`, 0, Math.min(limit, recentLimit) - 1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) {
      pipeline.get(`${base}run:${id}`);
      pipeline.lrange(`${base}trace:${id}`, 0, -1);
    }
    const results = (await pipeline.exec()) ?? [];
    const records: ExecutionRecord[] = [];
    for (let index = 0; index < ids.length; index++) {
      const summary = results[index * 2]?.[1] as string | null;
      const trace = (results[index * 2 + 1]?.[1] as string[] | null) ?? [];
      // A summary that expired before its id left the list is skipped.
      if (summary) records.push({ ...(JSON.parse(summary) as ExecutionSummary), trace: trace.map((step) => JSON.parse(step) as RedactedStep) });
    }
    return records;
  }

  async funnelDays(issuer: string, flowId: string, days: readonly string[]): Promise<Array<Record<string, number>>> {
    if (days.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const day of days) pipeline.hgetall(`${this.base(issuer, flowId)}funnel:${day}`);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([, value]) =>
      Object.fromEntries(Object.entries((value ?? {}) as Record<string, string>).map(([field, count]) => [field, Number(count)])),
    );
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  private base(issuer: string, flowId: string): string {
    return this.keys.executions(issuer, flowId);
  }
}
