/**
 * Flow processors: plugins that run around every step (`before` and `after`), can stop the flow
 * with a stable error code, and see the step but never change its data. Built-in processors live
 * in `src/processors/`, with the default sets per flow category.
 */
import type { Execution, FlowContext } from './execution.js';
import type { NodeDefinition } from './flow.js';
import type { NodeResult, Submission } from './node-type.js';
import type { Services } from './services.js';

/**
 * The note by which a processor asks for a new session id after this step (the `session-renewal`
 * processor is the one that decides it; the adapter then rotates the session cookie).
 */
export const renewSessionNote = 'renew_session';

/**
 * Something the user must do before a request to a step is processed (e.g. solve a CAPTCHA): a
 * theme partial rendered inside the step's form, with its model, and a message saying why.
 */
export interface Challenge {
  /** Partial name in the theme (e.g. `captcha`); the theme renders it only on a challenged screen. */
  partial: string;
  /** Values for the partial. */
  model: Record<string, unknown>;
  /** Message key shown above the screen (e.g. why the check is asked for, or that it failed). */
  message: string;
  /**
   * Third-party origins the partial loads from, per Content-Security-Policy directive: the page
   * allows them only while it shows the challenge.
   */
  sources?: ChallengeSources;
  /** The error the step fails with where no screen can show the challenge (a redirect step's return). */
  error: string;
}

export interface ChallengeSources {
  script?: readonly string[];
  frame?: readonly string[];
  style?: readonly string[];
  connect?: readonly string[];
}

export type ProcessorDecision =
  | { decision: 'continue'; note?: string }
  /** Ends the flow as failed with this error (compensations run); `message` is for the user's page. */
  | { decision: 'stop'; error: string; message?: string }
  /**
   * Only from `before` on a user's request (`handler` phase): the node does not run, the step keeps
   * waiting and its screen is shown again with the challenge and the submitted values; the next
   * request to the step runs the processors again. `note` says why, for the trace (e.g. `captcha_rejected`).
   */
  | { decision: 'challenge'; challenge: Challenge; note?: string };

export interface ProcessorContext {
  /** The execution before the step (read-only: processors decide, they do not edit state). */
  execution: Readonly<Execution>;
  context: Readonly<FlowContext>;
  node: NodeDefinition;
  nodeType: string;
  stepId: string;
  /** `init` when the step starts, `handler` for a user's request to a waiting step. */
  phase: 'init' | 'handler';
  submission?: Submission;
  services: Services;
  /** This processor's options from the flow's settings. */
  options: Record<string, unknown>;
  now: number;
}

export interface ProcessorAfterContext extends ProcessorContext {
  /** What the node produced in this call. */
  result: NodeResult;
}

export interface FlowProcessor {
  readonly id: string;
  readonly description: string;
  /** Security-essential: removing it from authentication or self-service flows needs an override. */
  readonly essential: boolean;
  /** JSON Schema of its options. */
  readonly optionsSchema?: object;
  before?(ctx: ProcessorContext): Promise<ProcessorDecision>;
  after?(ctx: ProcessorAfterContext): Promise<ProcessorDecision>;
}

export interface ProcessorRegistry {
  get(id: string): FlowProcessor | undefined;
  ids(): string[];
}
