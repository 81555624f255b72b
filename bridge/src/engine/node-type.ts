import type { FlowNode } from './flow.js';
import type { Action, EvidenceEntry, FieldErrors, Outcome } from './flow-state.js';

/** What an interactive node asks the screens layer to render: a theme partial and its model. */
export interface Screen {
  partial: string;
  model: Record<string, unknown>;
}

/** Values and errors of a rejected submission, so the screen can be shown again with them. */
export interface Feedback {
  values: Record<string, string>;
  errors: FieldErrors;
}

export interface NodeContext {
  variables: Readonly<Record<string, string>>;
  /** The user's submission; only interactive nodes receive one. */
  input?: Readonly<Record<string, string>>;
  /** Seconds since the epoch. */
  now: number;
}

export type NodeResult =
  | { kind: 'rejected'; feedback: Feedback }
  | { kind: 'next'; output: string; variables?: Record<string, string>; evidence?: EvidenceEntry[] }
  | { kind: 'end'; outcome: Outcome; error?: string; actions: Action[] };

/**
 * A kind of node. Interactive types (with `screen`) wait for the user; the others run as soon as
 * the flow reaches them. Types are pure: no I/O, the engine passes everything in.
 */
export interface NodeType<Config = unknown> {
  readonly type: string;
  /** JSON Schema of the node's `config`. */
  readonly configSchema: object;
  /** Semantic checks beyond the schema (e.g. a regex that does not compile); messages, not codes. */
  check?(config: Config): string[];
  /** Outputs the node can take; none means the node ends the flow. */
  outputs(config: Config): readonly string[];
  screen?(node: FlowNode<Config>, feedback?: Feedback): Screen;
  run(node: FlowNode<Config>, context: NodeContext): NodeResult;
}

export interface NodeTypeRegistry {
  get(type: string): NodeType | undefined;
  types(): string[];
}
