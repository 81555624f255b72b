import type { Grant } from '../handoff/grants.js';

/**
 * The IO flow format (schemaVersion 1): what a flow file says, before any execution. Everything is
 * plain JSON; `flow-schema.ts` is its JSON Schema and `validate-flow.ts` the checks beyond it.
 */

/** Flow ids and node ids; Keycloak's FlowDefinitions.IDENTIFIER is the same rule. */
export const identifierPattern = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';

export const flowCategories = ['authentication', 'self-service', 'admin', 'api', 'consent', 'custom', 'library'] as const;
export type FlowCategory = (typeof flowCategories)[number];

export const variableTypes = ['string', 'number', 'boolean', 'object', 'array', 'any'] as const;
export type VariableType = (typeof variableTypes)[number];

/** A declared variable, node input or node output. */
export interface VariableDeclaration {
  type: VariableType;
  description?: string;
  /** Only for inputs: the call or mapping must provide it. */
  required?: boolean;
  /** Only for flow variables: the value before any node wrote it. */
  default?: unknown;
  /**
   * Only for node inputs: the mapping must not read a value that a screen or the request supplied
   * (validation's taint rule, untrusted-values.ts), e.g. the user id a Keycloak node acts on.
   */
  serverSideOnly?: boolean;
  /**
   * Only for node outputs: a value the server issued whatever the node read, e.g. the id Keycloak
   * gave a user the node created. A mapping of exactly `result.<name>` keeps its target trusted even
   * when the node's config read screen input (the taint rule, untrusted-values.ts).
   */
  serverIssued?: boolean;
}

/**
 * Which flow processors run around the flow's steps. Without `use`, the default set of the flow's
 * category applies (see processors/default-sets.ts); `add`/`remove` adjust it. Removing a
 * security-essential processor from an authentication or self-service flow is refused unless
 * `override` gives a reason, which is then recorded as a warning.
 */
export interface ProcessorSelection {
  /** A named default set instead of the category's, e.g. "registration" or "self-service-public". */
  set?: string;
  /** An explicit list of processor ids (replaces the set). */
  use?: string[];
  add?: string[];
  remove?: string[];
  /** Per-processor options, by processor id. */
  options?: Record<string, Record<string, unknown>>;
  override?: { reason: string };
}

export interface FlowSettings {
  /** Lifetime of an execution of this flow; the bridge default otherwise. */
  sessionTtlSeconds?: number;
  processors?: ProcessorSelection;
  theme?: string;
  defaultLocale?: string;
  /** Record a debug trace (variables before/after, processor decisions, timings) for each step. */
  trace?: boolean;
}

/**
 * A node of the graph. `inputs` maps each node input to a JSONata expression over the scopes
 * (`context`, `session`, `flow`); `outputs` maps a target variable (`flow.x` or `session.x`) to an
 * expression over the same scopes plus `result` (what the node produced). Data only moves through
 * these mappings: a node never writes variables itself.
 */
export interface NodeDefinition {
  id: string;
  type: string;
  /** Shown in the designer and the trace; never to end users. */
  name?: string;
  description?: string;
  config?: Record<string, unknown>;
  inputs?: Record<string, string>;
  outputs?: Record<string, string>;
  /** Precondition (expression): when false the step is skipped and leaves through `skipPort`. */
  when?: string;
  /** Skip rule (expression): when true the step is skipped and leaves through `skipPort`. */
  skipIf?: string;
  /** Port taken when the step is skipped; defaults to the node type's first port. */
  skipPort?: string;
  /** This node's screens use this theme instead of the flow's (`settings.theme`) or the realm's. */
  theme?: string;
  /** Only runs when an earlier step activated it (its id is in the execution's activated set). */
  requiresActivation?: boolean;
  /** Loop guard: reaching the node more often fails the flow with `loop_guard_exceeded`, or follows `guardPort`. */
  maxVisits?: number;
  guardPort?: string;
  /** Editor metadata: the node's position on the designer's canvas. The engine ignores it. */
  ui?: { x: number; y: number };
}

/** Leaving node `from` through its port `output` continues at node `to`. */
export interface LinkDefinition {
  from: string;
  output: string;
  to: string;
}

export interface FlowDefinition {
  /** Version of this file format. */
  schemaVersion: 1;
  id: string;
  name: string;
  description?: string;
  category: FlowCategory;
  /** The flow's own version; executions pin it. */
  version: string;
  /**
   * What the flow's evidence may do, in the shape of the handoff's grants (contract/evidence-actions.json):
   * every action its end nodes can produce must be covered. Keycloak grants a journey these (and only
   * these); the bridge refuses to sign success evidence outside the handoff's grants.
   */
  permissions?: Grant[];
  settings?: FlowSettings;
  /** Library flows: what a caller must or may pass in (they become flow variables). */
  inputs?: Record<string, VariableDeclaration>;
  /** Library flows: flow variables handed back to the caller when the sub-flow ends. */
  outputs?: Record<string, VariableDeclaration>;
  /** Flow variables, shared by this flow's nodes. */
  variables?: Record<string, VariableDeclaration>;
  start: string;
  nodes: NodeDefinition[];
  links: LinkDefinition[];
}

/** `id@version`, the way executions and evidence name a flow. */
export const flowRef = (flow: Pick<FlowDefinition, 'id' | 'version'>): string => `${flow.id}@${flow.version}`;
