/**
 * Executions and funnel (issue 10): what the admin console shows about a flow's recent journeys.
 * For every journey the bridge keeps, per issuer (realm) and flow id, a summary — status, times,
 * version, correlation id, outcome or error, and a trace whose personal values are redacted — and
 * per node and day how many journeys reached it and left it by each port. This module is pure: it
 * turns two states of an execution into one write (an ExecutionWrite) that the store applies in one
 * round trip; redaction happens here, before anything is stored.
 */
import type { Execution } from '../engine/execution.js';

/** Recent journeys kept per issuer and flow, newest first. */
export const recentLimit = 200;
/** How long a journey summary and the recent list live after their last write. */
export const executionRetentionSeconds = 7 * 24 * 3600;
/** How long a day's funnel counters live after their last increment. */
export const funnelRetentionSeconds = 31 * 24 * 3600;
/** Trace steps kept in one summary (a journey looping longer keeps its first ones and says so). */
export const maxTraceSteps = 100;

export type ExecutionStatus = 'active' | 'completed' | 'failed' | 'expired';

/** One step of a stored trace: where the journey went; values only as type/length markers. */
export interface RedactedStep {
  flowId: string;
  nodeId: string;
  nodeType: string;
  /** The port taken, or `end`, `call`, `skipped`. */
  result: string;
  at: number;
  /** What the user submitted to this step, as markers (`string(5)`), by field name. */
  submitted?: Record<string, Redacted>;
}

export type Redacted = string | { [name: string]: Redacted } | Redacted[];

export interface ExecutionSummary {
  correlationId: string;
  flowId: string;
  flowVersion: string;
  status: ExecutionStatus;
  startedAt: number;
  /** Set once the journey ended. */
  endedAt?: number;
  durationMs?: number;
  outcome?: string;
  error?: string;
  /** The node the journey waits on (while active). */
  waitingAt?: string;
  /** The variables after the last step, redacted. */
  variables: { flow: Record<string, Redacted>; session: Record<string, Redacted> };
}

/** A summary with its trace (the first maxTraceSteps steps), as the executions list answers it. */
export interface ExecutionRecord extends ExecutionSummary {
  trace: RedactedStep[];
}

/** One funnel counter to add to: `{flowId, day, field}` with field `reached:<node>` or `left:<node>:<port>`. */
export interface FunnelIncrement {
  flowId: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  field: string;
}

/** Everything one step of one journey changes in the log: written together, in one round trip. */
export interface ExecutionWrite {
  issuer: string;
  summary: ExecutionSummary;
  /** The journey just began: it is added to the flow's recent list. */
  began: boolean;
  /** Steps completed since the last write, appended to the journey's trace. */
  steps: RedactedStep[];
  funnel: FunnelIncrement[];
}

export interface FunnelNode {
  reached: number;
  left: Record<string, number>;
}

export interface Funnel {
  flowId: string;
  from: string;
  to: string;
  /** Node id -> counts summed over the days. */
  nodes: Record<string, FunnelNode>;
}

/** Where the log lives (Redis, or memory for a single instance). */
export interface ExecutionLogStore {
  write(write: ExecutionWrite): Promise<void>;
  /** Newest first, at most `limit`. */
  recent(issuer: string, flowId: string, limit: number): Promise<ExecutionRecord[]>;
  /** The counters of each day from `from` to `to` (inclusive, YYYY-MM-DD). */
  funnelDays(issuer: string, flowId: string, days: readonly string[]): Promise<Array<Record<string, number>>>;
  close(): Promise<void>;
}

/**
 * A value as a marker of its type and size, never its content: `string(12)`, `number`, `boolean`,
 * `null`, arrays element by element (at most 20) and objects key by key (3 levels deep).
 */
export function redact(value: unknown, depth = 0): Redacted {
  if (typeof value === 'string') return `string(${value.length})`;
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return typeof value;
  if (depth >= 3) return Array.isArray(value) ? `array(${value.length})` : 'object';
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, depth + 1)]));
}

function redactAll(values: Record<string, unknown>): Record<string, Redacted> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, redact(value)]));
}

/** YYYY-MM-DD (UTC) of a time in ms. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The days from `from` to `to`, inclusive; at most `maxDays`. */
export function daysBetween(from: string, to: string, maxDays: number): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`) && days.length < maxDays; at += 86_400_000) days.push(dayOf(at));
  return days;
}

const statusOf = (execution: Execution): ExecutionStatus => (execution.status === 'redeemed' ? 'completed' : execution.status);

/**
 * What changed between two states of a journey's execution (`before` undefined: it just began):
 * its new summary, and the funnel counters of the steps reached and left in between. `submitted`
 * are the values the user sent with this request (redacted here).
 */
export function executionWrite(issuer: string, before: Execution | undefined, after: Execution, submitted?: Record<string, string>): ExecutionWrite {
  const known = before?.completed.length ?? 0;
  const fresh = after.completed.slice(known);
  const day = dayOf(after.updatedAt);
  const funnel: FunnelIncrement[] = [];
  const waitingBefore = before?.current?.stepId;
  for (const step of fresh) {
    // A step that waited was counted as reached when it began waiting.
    if (step.stepId !== waitingBefore) funnel.push({ flowId: step.flowId, day, field: `reached:${step.nodeId}` });
    funnel.push({ flowId: step.flowId, day, field: `left:${step.nodeId}:${step.result}` });
  }
  const waiting = after.current && after.current.stepId !== waitingBefore ? after.frames.at(-1) : undefined;
  if (waiting) funnel.push({ flowId: waiting.flowId, day, field: `reached:${waiting.nodeId}` });

  const steps: RedactedStep[] = [];
  fresh.forEach((step, index) => {
    const entry: RedactedStep = { flowId: step.flowId, nodeId: step.nodeId, nodeType: step.nodeType, result: step.result, at: step.at };
    // The user's values answered the step that was waiting, the first one completed by this request.
    if (index === 0 && submitted && step.stepId === waitingBefore) entry.submitted = redactAll(submitted);
    steps.push(entry);
  });
  const status = statusOf(after);
  const ended = status !== 'active';
  const frame = after.frames.at(-1);
  const summary: ExecutionSummary = {
    correlationId: after.id,
    flowId: after.flowId,
    flowVersion: after.flowVersion,
    status,
    startedAt: after.startedAt,
    ...(ended ? { endedAt: after.updatedAt, durationMs: after.updatedAt - after.startedAt } : {}),
    ...(after.outcome ? { outcome: after.outcome } : {}),
    ...(after.error ? { error: after.error } : {}),
    ...(!ended && after.current && frame ? { waitingAt: frame.nodeId } : {}),
    variables: { flow: redactAll(after.frames[0]?.variables ?? {}), session: redactAll(after.session) },
  };
  return { issuer, summary, began: before === undefined, steps, funnel };
}

/** Sums the days' counters into nodes: `reached:<node>` and `left:<node>:<port>`. */
export function funnelOf(flowId: string, from: string, to: string, days: ReadonlyArray<Record<string, number>>): Funnel {
  const nodes: Record<string, FunnelNode> = {};
  const nodeOf = (id: string) => (nodes[id] ??= { reached: 0, left: {} });
  for (const counters of days) {
    for (const [field, count] of Object.entries(counters)) {
      const [kind, node, ...port] = field.split(':');
      if (!node) continue;
      if (kind === 'reached') nodeOf(node).reached += count;
      else if (kind === 'left' && port.length > 0) {
        const left = nodeOf(node).left;
        left[port.join(':')] = (left[port.join(':')] ?? 0) + count;
      }
    }
  }
  return { flowId, from, to, nodes };
}

/** At most this many days per funnel request. */
export const maxFunnelDays = 31;

/**
 * What the journey service calls as journeys move, and what the admin routes read. Recording never
 * fails or delays a journey: the write is sent without waiting for it, and a failure is only logged.
 */
export class ExecutionRecorder {
  constructor(
    private readonly store: ExecutionLogStore,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** A journey began (`before` undefined) or moved from `before` to `after`. */
  progressed(issuer: string, before: Execution | undefined, after: Execution, submitted?: Record<string, string>): void {
    try {
      this.store.write(executionWrite(issuer, before, after, submitted)).catch(this.onError);
    } catch (error) {
      this.onError(error);
    }
  }

  recent(issuer: string, flowId: string, limit: number): Promise<ExecutionRecord[]> {
    return this.store.recent(issuer, flowId, Math.min(limit, recentLimit));
  }

  async funnel(issuer: string, flowId: string, from: string, to: string): Promise<Funnel> {
    return funnelOf(flowId, from, to, await this.store.funnelDays(issuer, flowId, daysBetween(from, to, maxFunnelDays)));
  }
}
