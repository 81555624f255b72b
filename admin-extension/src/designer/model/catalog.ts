/**
 * The node catalog, generated from the bridge's registry (scripts/node-catalog.ts), and the ports a
 * node is drawn with: those the bridge computed for its config (the validate answer's `nodes`), else
 * the type's ports for an empty config, plus any port a link already leaves from.
 */
import type { FlowDefinition, NodeDefinition } from './flow.js';

export type NodeKind = 'frontend' | 'backend' | 'decision' | 'integration';

export interface NodeTypeInfo {
  type: string;
  kind: NodeKind;
  description: string;
  interactive: boolean;
  configSchema: JsonSchema;
  /** The ports of an empty config. */
  ports: string[];
  /** The real ports depend on the config: ask the bridge (validate) for them. */
  portsFromConfig: boolean;
  outputs: Record<string, { type: string; description?: string }>;
  outputsFromConfig: boolean;
}

/** The part of JSON Schema the node types use and the settings form reads. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | JsonSchema;
  [keyword: string]: unknown;
}

/** Ports by node id, as the bridge's validate answer gives them. */
export type KnownPorts = Record<string, { ports: string[] }>;

export function portsOf(flow: FlowDefinition, node: NodeDefinition, catalog: ReadonlyMap<string, NodeTypeInfo>, known: KnownPorts = {}): string[] {
  const computed = Object.hasOwn(known, node.id) ? known[node.id]!.ports : (catalog.get(node.type)?.ports ?? []);
  const linked = flow.links.filter((link) => link.from === node.id).map((link) => link.output);
  return [...new Set([...computed, ...linked])];
}

export const catalogByType = (types: readonly NodeTypeInfo[]): ReadonlyMap<string, NodeTypeInfo> => new Map(types.map((type) => [type.type, type]));
