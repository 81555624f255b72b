import { createHash } from 'node:crypto';
import type { Submission } from './node-type.js';

/** JSON with object keys sorted, so equal values always serialize the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha-256 of handler + values: recognises a repeated submission of a completed step. */
export function submissionHash(submission: Submission): string {
  return createHash('sha256')
    .update(canonicalJson({ handler: submission.handler, values: submission.values }))
    .digest('base64url');
}
