/**
 * What a kind of node is: its config schema, its data inputs and outputs, its ports, and how it
 * runs. Node types live in `src/nodes/`; the engine only knows this contract.
 */
import type { Action, EvidenceEntry, FlowContext, Outcome } from './execution.js';
import type { NodeDefinition, VariableDeclaration } from './flow.js';
import type { Services } from './services.js';

export type NodeKind = 'frontend' | 'backend' | 'decision' | 'integration';

/** What an interactive step asks the screens layer to render: a theme partial and its model. */
export interface Screen {
  /** Partial name in the theme (`form`, `message`, `choice`, `terms`, `consent`, `otp`, ...). */
  partial: string;
  /** Values for the partial; strings that are message keys are translated by the theme. */
  model: Record<string, unknown>;
  /** Handlers the screen's forms may name (`_handler`); the first is the default. */
  handlers: string[];
  /**
   * Instead of rendering, send the browser to this URL (the wait/redirect node), with the URL to come
   * back to (`io_return`, carrying a single-use state); the return calls the handler `return` with the query values.
   */
  redirectTo?: string;
}

/** A user's request to an interactive step: which handler, and the submitted fields. */
export interface Submission {
  handler: string;
  values: Record<string, string>;
}

/** A problem with a node's config beyond its JSON Schema, naming the field. */
export interface ConfigIssue {
  field: string;
  message: string;
}

export interface NodeContext<Config = Record<string, unknown>> {
  node: NodeDefinition & { config: Config };
  /** The node's inputs, already evaluated from the node's `inputs` mapping. */
  input: Readonly<Record<string, unknown>>;
  /** Flow and session variables, read-only, for expressions in the node's own config (absent: none). */
  variables?: Readonly<{ flow: Readonly<Record<string, unknown>>; session: Readonly<Record<string, unknown>> }>;
  context: Readonly<FlowContext>;
  /** Private state the node returned from an earlier call in this step (init -> handlers). */
  nodeState?: unknown;
  services: Services;
  executionId: string;
  stepId: string;
  /** Locale for messages (handoff locale, else the flow's default). */
  locale: string;
  /** Milliseconds since the epoch (from services.clock). */
  now: number;
}

/** What a node produces when it moves the flow on. */
export interface NodeNext {
  kind: 'next';
  port: string;
  /** Values of the node's declared outputs; the node's `outputs` mapping stores them. */
  outputs?: Record<string, unknown>;
  evidence?: EvidenceEntry[];
  /** Registers a compensating action (saga) with the data needed to undo this step. */
  compensation?: unknown;
  tags?: string[];
  /** Node ids this step activates for later (`requiresActivation`). */
  activate?: string[];
  /** This step raised the level of assurance (e.g. a second factor): renew the session id. */
  raisesAssurance?: boolean;
  /** The step leaves because the user's input was refused once too often (e.g. the last wrong code): a failed attempt, like a rejected `wait`. */
  rejected?: boolean;
}

export type NodeResult =
  /** Interactive: show this screen and wait for a handler. `rejected` marks a failed attempt (e.g. a wrong OTP). */
  | { kind: 'wait'; screen: Screen; nodeState?: unknown; rejected?: boolean }
  | NodeNext
  /** End of the flow (or of a library sub-flow, which returns to its caller). */
  | { kind: 'end'; outcome: Outcome; error?: string; actions?: Action[]; evidence?: EvidenceEntry[] }
  /** Run a library flow. When it ends, the engine continues at this node's `success` or `failure`
   *  port and hands the sub-flow's declared outputs to this node's `outputs` mapping as `result`. */
  | { kind: 'call'; flow: string; inputs: Record<string, unknown> }
  /** The node failed (e.g. an integration error without a failure port): the flow fails, compensations run. */
  | { kind: 'fail'; error: string; message?: string };

/** Context for undoing a step when the flow fails after it. */
export interface CompensationContext {
  context: Readonly<FlowContext>;
  services: Services;
  executionId: string;
  node: NodeDefinition;
}

export interface NodeType<Config = Record<string, unknown>> {
  readonly type: string;
  readonly kind: NodeKind;
  /** One line for the node reference and the designer. */
  readonly description: string;
  /** JSON Schema of the node's `config`. */
  readonly configSchema: object;
  /** Interactive types show a screen in `init` and wait for handlers; the others finish in `init`. */
  readonly interactive: boolean;
  /** Declared data inputs (may depend on the config). */
  inputs(config: Config): Record<string, VariableDeclaration>;
  /** Declared data outputs (may depend on the config, e.g. a form's fields). */
  outputs(config: Config): Record<string, VariableDeclaration>;
  /** Ports links can leave from; none means the node ends the flow. */
  ports(config: Config): readonly string[];
  /** Semantic checks beyond the schema (a regex that does not compile, a host not in the allow-list...). */
  check?(config: Config): ConfigIssue[];
  /** Accepted settings worth an admin's attention (e.g. acting on another user); validation reports them as warnings. */
  warnings?(config: Config): string[];
  /** Everything before the first response (e.g. send an OTP); non-interactive nodes finish here. */
  init(ctx: NodeContext<Config>): Promise<NodeResult>;
  /** Named handlers for the user's following requests (e.g. `submit`, `verify`, `resend`). */
  handlers?: Record<string, (ctx: NodeContext<Config>, submission: Submission) => Promise<NodeResult>>;
  /** Undoes this node's effect when the flow fails later (saga). Throws if it cannot. */
  compensate?(ctx: CompensationContext, data: unknown): Promise<void>;
}

export interface NodeTypeRegistry {
  get(type: string): NodeType | undefined;
  types(): string[];
}
