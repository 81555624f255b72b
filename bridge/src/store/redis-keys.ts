import { createHash } from 'node:crypto';

/**
 * Every key the bridge keeps in Redis is named here, and only here.
 *
 * Redis Cluster runs a Lua script, a MULTI transaction or a pipeline only when all of its keys are in
 * one hash slot (a pipeline: on one node); a key's slot is the CRC16 of its hash tag, the text
 * between the first `{` and the next `}`, else of the whole key. Hence (the prefix may hold no brace):
 * - a journey's keys carry its handle as tag: `{prefix}session:{<handle>}`, `{prefix}once:{<handle>}:<what>`,
 *   so a script or transaction over one journey stays atomic on any topology;
 * - single-use markers of outside tokens (handoff and admin `jti`s) spread over 16 buckets, each
 *   with its own generation marker in the same slot: `{prefix}once:{g<n>}:<key>` and
 *   `{prefix}generation:{g<n>}`. A node that loses its data loses a bucket's markers together with
 *   the bucket's generation, so the loss is seen (see SessionStore.generation) whichever node it was;
 * - an execution log's keys of one flow share the tag `{<issuer>|<flowId>}`, so one step's writes
 *   (run, trace, recent list, funnel day) are one pipeline;
 * - the keys used alone need no tag: the deadlines sorted set (one key, single-key commands) and
 *   each counter (INCR and EXPIRE in a one-key script).
 */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  /** A journey's session record (also a Try it run's, a login's tags: each store its own prefix). */
  session(handle: string): string {
    return `${this.prefix}session:{${handle}}`;
  }

  /** Every session key of this prefix, as a SCAN pattern. */
  sessionPattern(): string {
    return `${escapeGlob(this.prefix)}session:*`;
  }

  /** A single-use marker: in the journey's slot when it belongs to one, else in its bucket. */
  once(key: string, journey?: string): string {
    return `${this.prefix}once:{${journey ?? bucketOf(key)}}:${key}`;
  }

  /** The generation marker of the bucket holding `once(key)` (a key without journey). */
  generation(key: string): string {
    return `${this.prefix}generation:{${bucketOf(key)}}`;
  }

  /** The generation marker of every bucket. */
  generations(): string[] {
    return Array.from({ length: buckets }, (_, n) => `${this.prefix}generation:{g${n}}`);
  }

  deadlines(): string {
    return `${this.prefix}deadlines`;
  }

  counter(key: string): string {
    return `${this.prefix}counter:${key}`;
  }

  /** The execution log of one flow of one realm: `recent`, `run:<id>`, `trace:<id>`, `funnel:<day>` follow. */
  executions(issuer: string, flowId: string): string {
    // encodeURIComponent leaves no brace: the tag ends where it should.
    return `${this.prefix}exec:{${encodeURIComponent(issuer)}|${encodeURIComponent(flowId)}}:`;
  }
}

const buckets = 16;

function bucketOf(key: string): string {
  return `g${createHash('sha256').update(key).digest()[0]! % buckets}`;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
