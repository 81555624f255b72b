import { codedError, type ErrorCode } from '../errors.js';

export type EngineErrorCode =
  /** A status change that the execution's state machine does not allow (terminal states never go back). */
  | 'invalid_transition'
  /** A different submission for a step that is already over. */
  | 'step_already_completed'
  /** A submission names a step this execution never had. */
  | 'step_unknown'
  /** A submission names a handler the waiting node does not have. */
  | 'handler_unknown'
  /** A submission to an execution that has ended. */
  | 'execution_finished';

/** A request the state machine refuses; the execution is left unchanged. */
export class EngineError extends codedError<EngineErrorCode>() {}

/**
 * Stable codes an execution can fail with (its `error`), besides node end codes, processor stop
 * codes, IoError codes thrown by nodes and the expression codes.
 */
export const failureCodes = {
  nodeFailed: 'node_failed',
  processorFailed: 'processor_failed',
  loopGuard: 'loop_guard_exceeded',
  stepLimit: 'flow_step_limit',
  callDepth: 'call_depth_exceeded',
  flowNotFound: 'flow_not_found',
} as const satisfies Record<string, ErrorCode>;
