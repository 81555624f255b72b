import type { ProcessorDecision } from '../engine/processor.js';
import type { ErrorCode } from '../errors.js';

/** Every error code a built-in processor stops a flow with (the theme has a message for each). */
export const processorErrorCodes = ['user_not_identified', 'user_disabled', 'user_locked_out', 'rate_limited'] as const satisfies readonly ErrorCode[];
export type ProcessorErrorCode = (typeof processorErrorCodes)[number];

export const proceed: ProcessorDecision = Object.freeze({ decision: 'continue' });

export function stop(error: ProcessorErrorCode): ProcessorDecision {
  return { decision: 'stop', error };
}
