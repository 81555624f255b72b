import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { FlowValidationError } from '../errors.js';
import type { Flow, FlowNode } from './flow.js';
import { flowSchema } from './flow-schema.js';
import type { NodeTypeRegistry } from './node-type.js';

const ajv = new Ajv({ allErrors: true });
const validateStructure = ajv.compile(flowSchema);
const configValidators = new WeakMap<object, ValidateFunction>();

/**
 * Validates a parsed flow file against the schema, each node's config against its type, and the
 * graph (links, reachability, end nodes). Throws FlowValidationError listing every issue, each
 * naming its node; returns the flow with defaults filled in.
 */
export function validateFlow(raw: unknown, registry: NodeTypeRegistry, source = 'flow'): Flow {
  if (!validateStructure(raw)) throw new FlowValidationError(source, (validateStructure.errors ?? []).map(describe));
  const flow = raw as unknown as Flow;
  const normalized: Flow = {
    ...flow,
    settings: flow.settings ?? {},
    nodes: flow.nodes.map((node) => ({ ...node, config: node.config ?? {} })),
  };
  const issues = [...nodeIssues(normalized, registry), ...graphIssues(normalized, registry)];
  if (issues.length > 0) throw new FlowValidationError(`${source} (${flow.id})`, issues);
  return normalized;
}

function nodeIssues(flow: Flow, registry: NodeTypeRegistry): string[] {
  const issues: string[] = [];
  const seen = new Set<string>();
  for (const node of flow.nodes) {
    if (seen.has(node.id)) issues.push(`node "${node.id}": duplicate node id`);
    seen.add(node.id);
    const type = registry.get(node.type);
    if (!type) {
      issues.push(`node "${node.id}": unknown node type "${node.type}" (known: ${registry.types().join(', ')})`);
      continue;
    }
    const validateConfig = configValidatorFor(type.configSchema);
    if (!validateConfig(node.config)) {
      issues.push(...(validateConfig.errors ?? []).map((error) => `node "${node.id}": config${describe(error)}`));
      continue;
    }
    issues.push(...(type.check?.(node.config) ?? []).map((message) => `node "${node.id}": ${message}`));
  }
  return issues;
}

function graphIssues(flow: Flow, registry: NodeTypeRegistry): string[] {
  const issues: string[] = [];
  const nodes = new Map(flow.nodes.map((node) => [node.id, node]));
  const outputsOf = (node: FlowNode) => registry.get(node.type)?.outputs(node.config) ?? [];
  if (!nodes.has(flow.start)) issues.push(`start: node "${flow.start}" does not exist`);

  const linked = new Set<string>();
  for (const link of flow.links) {
    const from = nodes.get(link.from);
    if (!from) issues.push(`link ${link.from}.${link.output} -> ${link.to}: node "${link.from}" does not exist`);
    if (!nodes.has(link.to)) issues.push(`node "${link.from}": output "${link.output}" links to missing node "${link.to}"`);
    if (from && registry.get(from.type) && !outputsOf(from).includes(link.output)) {
      issues.push(`node "${link.from}": has no output "${link.output}" (outputs: ${outputsOf(from).join(', ') || 'none'})`);
    }
    const key = `${link.from}\u0000${link.output}`;
    if (linked.has(key)) issues.push(`node "${link.from}": output "${link.output}" is linked more than once`);
    linked.add(key);
  }
  for (const node of flow.nodes) {
    for (const output of outputsOf(node)) {
      if (!linked.has(`${node.id}\u0000${output}`)) issues.push(`node "${node.id}": output "${output}" is not linked`);
    }
  }

  const reachable = reachableFrom(flow);
  for (const node of flow.nodes) {
    if (!reachable.has(node.id)) issues.push(`node "${node.id}": unreachable from start node "${flow.start}"`);
  }
  const endReachable = flow.nodes.some((node) => reachable.has(node.id) && registry.get(node.type) && outputsOf(node).length === 0);
  if (!endReachable) issues.push(`flow has no reachable end node`);
  return issues;
}

function reachableFrom(flow: Flow): Set<string> {
  const reached = new Set<string>();
  const pending = [flow.start];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    pending.push(...flow.links.filter((link) => link.from === id).map((link) => link.to));
  }
  return reached;
}

function configValidatorFor(schema: object): ValidateFunction {
  let validate = configValidators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    configValidators.set(schema, validate);
  }
  return validate;
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || ''} ${error.message ?? 'is invalid'}`.trim();
}
