/**
 * The state of one execution of a flow: plain JSON, so any session store can hold it, and never
 * mutated in place by the engine (each step returns a new one).
 */
import type { FlowDefinition } from './flow.js';
import type { Screen, Submission } from './node-type.js';
import type { Challenge } from './processor.js';

export type Outcome = 'success' | 'failure' | 'cancelled';

/** active -> completed -> redeemed; active -> failed | expired. Terminal states never go back. */
export type ExecutionStatus = 'active' | 'completed' | 'redeemed' | 'failed' | 'expired';
export const terminalStatuses: readonly ExecutionStatus[] = ['completed', 'redeemed', 'failed', 'expired'];

/** Read-only facts from the verified handoff and the request that opened the execution. */
export interface FlowContext {
  issuer: string;
  realm: string;
  client: { id: string };
  /** Absent for journeys without a known user (e.g. registration). */
  user?: {
    id: string;
    username?: string;
    email?: string;
    givenName?: string;
    familyName?: string;
    /** False when Keycloak says the account is disabled; absent when unknown. */
    enabled?: boolean;
  };
  locale?: string;
  acr?: string;
  clientIp?: string;
  userAgent?: string;
  /** Obligations from the handoff, if any (protocol 1.1: `mode` is `mandatory` or `soft`). */
  obligations?: Array<{ type: string; mode?: 'mandatory' | 'soft'; params?: Record<string, unknown> }>;
}

/** One fulfilled step, as carried in the evidence token (`at` in seconds). */
export interface EvidenceEntry {
  type: string;
  step: string;
  at: number;
  payload: Record<string, unknown>;
}

/**
 * Something Keycloak applies when it accepts the evidence: the closed vocabulary of
 * contract/evidence-actions.json (docs/handoff-protocol.md, "Actions vocabulary (1.1)" and
 * "Version 1.4"), exactly as it goes on the wire.
 */
export type Action =
  | { type: 'set_session_note'; name: string; value: string }
  /** Attribute name -> values (at most 32 strings of at most 2048 characters). */
  | { type: 'set_user_attributes'; attributes: Record<string, string[]> }
  | { type: 'mark_email_verified' }
  | { type: 'add_required_action'; action: string }
  | { type: 'remove_required_action'; action: string }
  | { type: 'record_terms_acceptance'; version: string }
  /** Purpose id -> granted (true) or denied (false); optional purpose id -> the version decided on. */
  | { type: 'record_consent'; purposes: Record<string, boolean>; versions?: Record<string, string> }
  /** An acr value of the realm's acr-to-LoA map, or an integer level `0`-`999` as a string. */
  | { type: 'raise_acr'; level: string }
  /** Protocol 1.4: the login continues as the user this journey created (Keycloak checks it did). */
  | { type: 'sign_in_user'; user_id: string }
  /** Protocol 1.4: the login continues as the one user with this email, which the evidence proves. */
  | { type: 'identify_user'; email: string };

export type ActionType = Action['type'];

/** One level of the call stack: the top-level flow, or a library flow called from it. */
export interface Frame {
  flowId: string;
  flowVersion: string;
  /** The node this frame is on. */
  nodeId: string;
  /** Flow-scope variables of this frame. */
  variables: Record<string, unknown>;
  /** How often each node of this frame was reached (loop guards). */
  visits: Record<string, number>;
  /** In a library frame: the calling node in the frame below, whose ports the sub-flow's end chooses. */
  calledFrom?: string;
}

/** Where the current step stands. */
export interface CurrentStep {
  /** Random and unique per execution: a submission names the step it answers. */
  stepId: string;
  /** Interactive steps wait here after `init`; handlers answer the user's requests. */
  phase: 'waiting';
  screen: Screen;
  /** The node's private state between init and its handlers (e.g. an OTP's hash). */
  nodeState?: unknown;
  /** The node's own theme (its `theme`), which wins over the flow's and the realm's. */
  theme?: string;
  /** A processor challenged the last request: the screen shows the challenge until a request passes. */
  challenge?: PendingChallenge;
}

/** A processor's challenge to a request, and the request it held back (its values refill the screen). */
export interface PendingChallenge extends Challenge {
  processor: string;
  /** The request the challenge answered, not processed: its handler and submitted values. */
  submission: Submission;
}

/** A step that is over: enough to answer the same submission again, and to refuse a different one. */
export interface CompletedStep {
  stepId: string;
  flowId: string;
  nodeId: string;
  nodeType: string;
  /** How the step ended: a port, `end`, `call`, or `skipped`. */
  result: string;
  /** Hash of handler + submitted values, for idempotent resubmission; absent for non-interactive steps. */
  submissionHash?: string;
  at: number;
}

/** A compensating action an integration step registered (saga), and what became of it. */
export interface Compensation {
  stepId: string;
  nodeId: string;
  nodeType: string;
  /** What the node needs to undo its effect (e.g. the attributes before the update). */
  data: unknown;
  status: 'registered' | 'compensated' | 'compensation_failed';
  error?: string;
  at?: number;
}

export interface ProcessorDecisionRecord {
  processor: string;
  hook: 'before' | 'after';
  decision: 'continue' | 'stop' | 'challenge';
  error?: string;
  note?: string;
}

/** One step of the debug trace. */
export interface TraceEntry {
  stepId: string;
  flowId: string;
  nodeId: string;
  nodeType: string;
  phase: 'init' | 'handler' | 'skip' | 'compensation';
  handler?: string;
  variablesBefore: { flow: Record<string, unknown>; session: Record<string, unknown> };
  variablesAfter?: { flow: Record<string, unknown>; session: Record<string, unknown> };
  processors: ProcessorDecisionRecord[];
  /** The port taken, or `end` / `call` / `wait`. */
  branch?: string;
  startedAt: number;
  durationMs: number;
  error?: { code: string; message: string };
}

export interface Execution {
  /** Random, unique; also the correlation id of the audit trail. */
  id: string;
  flowId: string;
  flowVersion: string;
  /**
   * A top-level flow that is not in the catalog (generated, e.g. the journey's plan for a handoff's
   * obligations): kept with the execution so any instance can continue it.
   */
  inlineFlow?: FlowDefinition;
  /**
   * `top-level`: only steps of the top-level flow add evidence entries (one entry per obligation);
   * library flows called from it contribute their actions, declared outputs and proof entries
   * (a verified factor, an email code: Keycloak's authorization rules need them).
   */
  evidenceScope?: 'all' | 'top-level';
  status: ExecutionStatus;
  context: FlowContext;
  /** Session variables: live for the whole execution, across sub-flows. */
  session: Record<string, unknown>;
  /** Call stack; the last frame is the one running. */
  frames: Frame[];
  /** Present while an interactive step waits for the user. */
  current?: CurrentStep;
  completed: CompletedStep[];
  /** Tags of this login: handed in from earlier flows of the same Keycloak login, and added by steps. */
  tags: string[];
  /** Node ids activated by earlier steps (`requiresActivation`). */
  activated: string[];
  evidence: EvidenceEntry[];
  actions: Action[];
  compensations: Compensation[];
  /** Warnings recorded for the admin (e.g. a security-essential processor removed by override). */
  warnings: string[];
  trace?: TraceEntry[];
  /** Set when the execution left `active`. */
  outcome?: Outcome;
  error?: string;
  /** Set when a step raised the level of assurance: the adapter must renew the session id. */
  renewSession?: boolean;
  startedAt: number;
  updatedAt: number;
}
