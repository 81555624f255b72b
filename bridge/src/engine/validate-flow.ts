/**
 * Validation of one flow at save and at load: the JSON Schema, each node against its type (config
 * schema, `check()`, ports, declared inputs and outputs), the graph (links, reachability, an end
 * node), the mappings (expressions compile, types of plain paths agree), the processor
 * selection and the permissions (flow-permissions.ts). Checks that need other flows (library calls) are in validate-calls.ts.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { FlowValidationError, type FlowIssue } from '../errors.js';
import { compileExpression, plainPath } from './expressions.js';
import type { FlowDefinition, NodeDefinition, VariableDeclaration, VariableType } from './flow.js';
import { permissionIssues } from './flow-permissions.js';
import { flowSchema } from './flow-schema.js';
import type { NodeType, NodeTypeRegistry } from './node-type.js';
import type { ProcessorRegistry } from './processor.js';
import { selectProcessors, type DefaultSets } from './processor-selection.js';
import { untrustedInputIssues } from './untrusted-values.js';

/** The node type that ends a flow; every flow must reach one. */
export const endNodeType = 'end';
/** The node type that calls a library flow (`config.flow`); its inputs and outputs are the library's. */
export const callFlowNodeType = 'call-flow';

/** What validation needs to know besides the flow; given by the composition root. */
export interface FlowValidationContext {
  nodeTypes: NodeTypeRegistry;
  processors: ProcessorRegistry;
  defaultSets: DefaultSets;
  categorySet: (flow: FlowDefinition) => string;
}

export interface ValidatedFlow {
  flow: FlowDefinition;
  /** Accepted but worth an admin's attention (e.g. an essential processor removed by override). */
  warnings: string[];
}

const structureAjv = new Ajv({ allErrors: true });
const validateStructure = structureAjv.compile(flowSchema);
// Node and processor schemas come from other modules: be lenient about unknown keywords.
const pluginAjv = new Ajv({ allErrors: true, strict: false });
const schemaValidators = new WeakMap<object, ValidateFunction>();

/** Validates a parsed flow file; throws FlowValidationError listing every issue. */
export function validateFlow(raw: unknown, env: FlowValidationContext, path = 'flow'): ValidatedFlow {
  const { flow, issues, warnings } = inspectFlow(raw, env, path);
  if (!flow || issues.length > 0) throw new FlowValidationError(issues);
  return { flow, warnings };
}

/** Like validateFlow, but returns the issues (the catalog gathers them over all files). */
export function inspectFlow(raw: unknown, env: FlowValidationContext, path: string): { flow?: FlowDefinition; issues: FlowIssue[]; warnings: string[] } {
  if (!validateStructure(raw)) {
    return { issues: (validateStructure.errors ?? []).map((error) => schemaIssue(path, raw, error)), warnings: [] };
  }
  const flow = raw as unknown as FlowDefinition;
  const issues: FlowIssue[] = [];
  const report = (field: string, message: string, node?: string) => issues.push({ path, ...(node ? { node } : {}), field, message });

  const selection = selectProcessors(flow, env.processors, env.defaultSets, env.categorySet);
  selection.errors.forEach(({ field, message }) => report(field, message));
  for (const [id, options] of Object.entries(flow.settings?.processors?.options ?? {})) {
    const schema = env.processors.get(id)?.optionsSchema;
    if (!schema) continue;
    const validate = validatorFor(schema);
    if (!validate(options)) schemaErrors(validate).forEach((e) => report(`settings/processors/options/${id}${e.instancePath}`, e.message ?? 'is invalid'));
  }

  const resolved = new Map<string, NodeType>();
  const seen = new Set<string>();
  const warnings = [...selection.warnings];
  flow.nodes.forEach((node, index) => {
    if (seen.has(node.id)) report(`nodes/${index}/id`, `duplicate node id "${node.id}"`, node.id);
    seen.add(node.id);
    const type = checkNodeType(node, env.nodeTypes, (field, message) => report(field, message, node.id));
    if (type) resolved.set(node.id, type);
    for (const warning of type?.warnings?.(node.config ?? {}) ?? []) warnings.push(`${path} node "${node.id}": ${warning}`);
  });
  const flowVariables = declaredFlowVariables(flow);
  for (const node of flow.nodes) {
    checkMappings(node, resolved.get(node.id), flowVariables, (field, message) => report(field, message, node.id));
  }
  checkGraph(flow, resolved, report);
  issues.push(...untrustedInputIssues(flow, resolved, path));
  permissionIssues(flow).forEach(({ field, message, node }) => report(field, message, node));
  return { flow, issues, warnings };
}

/** Resolves the node's type and checks its config; undefined when the type or config is unusable. */
function checkNodeType(node: NodeDefinition, registry: NodeTypeRegistry, report: (field: string, message: string) => void): NodeType | undefined {
  const type = registry.get(node.type);
  if (!type) {
    report('type', `unknown node type "${node.type}" (known: ${registry.types().join(', ')})`);
    return undefined;
  }
  const config = node.config ?? {};
  const validate = validatorFor(type.configSchema);
  if (!validate(config)) {
    schemaErrors(validate).forEach((error) => report(`config${error.instancePath}`, error.message ?? 'is invalid'));
    return undefined;
  }
  try {
    for (const issue of type.check?.(config) ?? []) report(`config/${issue.field}`, issue.message);
  } catch (error) {
    report('config', `the node type could not check this config: ${(error as Error).message}`);
    return undefined;
  }
  const ports = type.ports(config);
  for (const key of ['skipPort', 'guardPort'] as const) {
    const port = node[key];
    if (port !== undefined && !ports.includes(port)) report(key, `"${port}" is not a port of node type "${node.type}" (ports: ${ports.join(', ') || 'none'})`);
  }
  if (node.guardPort !== undefined && node.maxVisits === undefined) report('guardPort', 'a guard port needs maxVisits');
  if ((node.when !== undefined || node.skipIf !== undefined || node.requiresActivation) && ports.length === 0) {
    report('when', 'a node without ports cannot be skipped');
  }
  return type;
}

export function declaredFlowVariables(flow: FlowDefinition): Record<string, VariableDeclaration> {
  return { ...flow.inputs, ...flow.outputs, ...flow.variables };
}

const contextTypes: Record<string, VariableType> = {
  issuer: 'string',
  realm: 'string',
  client: 'object',
  'client.id': 'string',
  user: 'object',
  'user.id': 'string',
  'user.username': 'string',
  'user.email': 'string',
  'user.givenName': 'string',
  'user.familyName': 'string',
  'user.enabled': 'boolean',
  locale: 'string',
  acr: 'string',
  clientIp: 'string',
  userAgent: 'string',
  obligations: 'array',
};

/**
 * The type a plain-path expression reads, when it can be known: `flow.x` (must be declared),
 * `result.x` (a declared output of the node, when `outputs` is given), `context.*`.
 */
export function typeOfPath(
  source: string,
  flowVariables: Record<string, VariableDeclaration>,
  nodeOutputs: Record<string, VariableDeclaration> | undefined,
): { type?: VariableType; problem?: string } {
  const path = plainPath(source);
  if (!path) return {};
  const [scope, name, ...rest] = path as [string, string, ...string[]];
  if (scope === 'flow') {
    const declared = flowVariables[name];
    if (!declared) return { problem: `reads flow.${name}, which is not a declared flow variable` };
    return rest.length === 0 ? { type: declared.type } : {};
  }
  if (scope === 'result' && nodeOutputs) {
    const declared = nodeOutputs[name];
    if (!declared) return { problem: `reads result.${name}, which is not an output of this node (outputs: ${Object.keys(nodeOutputs).join(', ') || 'none'})` };
    return rest.length === 0 ? { type: declared.type } : {};
  }
  if (scope === 'context') return { type: contextTypes[[name, ...rest].join('.')] ?? 'any' };
  return {};
}

export const compatible = (a: VariableType | undefined, b: VariableType | undefined) => !a || !b || a === 'any' || b === 'any' || a === b;

function compiles(source: string, field: string, report: (field: string, message: string) => void): boolean {
  try {
    compileExpression(source);
    return true;
  } catch (error) {
    report(field, (error as Error).message);
    return false;
  }
}

function checkMappings(
  node: NodeDefinition,
  type: NodeType | undefined,
  flowVariables: Record<string, VariableDeclaration>,
  report: (field: string, message: string) => void,
): void {
  for (const key of ['when', 'skipIf'] as const) {
    const source = node[key];
    if (source !== undefined) compiles(source, key, report);
  }
  const config = node.config ?? {};
  // A call-flow node's inputs and outputs are its library's: checked across flows.
  const typed = type && node.type !== callFlowNodeType;
  const declaredInputs = typed ? type.inputs(config) : undefined;
  const declaredOutputs = typed ? type.outputs(config) : undefined;

  for (const [name, source] of Object.entries(node.inputs ?? {})) {
    const field = `inputs/${name}`;
    if (!compiles(source, field, report)) continue;
    if (declaredInputs && !declaredInputs[name]) {
      report(field, `"${name}" is not an input of node type "${node.type}" (inputs: ${Object.keys(declaredInputs).join(', ') || 'none'})`);
      continue;
    }
    const read = typeOfPath(source, flowVariables, undefined);
    if (read.problem) report(field, read.problem);
    else if (!compatible(read.type, declaredInputs?.[name]?.type))
      report(field, `type mismatch: ${source} is ${read.type}, input "${name}" expects ${declaredInputs?.[name]?.type}`);
  }
  for (const [name, declaration] of Object.entries(declaredInputs ?? {})) {
    if (declaration.required && node.inputs?.[name] === undefined) report(`inputs/${name}`, `required input "${name}" is not mapped`);
  }

  for (const [target, source] of Object.entries(node.outputs ?? {})) {
    const field = `outputs/${target}`;
    if (!compiles(source, field, report)) continue;
    const [scope, name] = target.split('.') as [string, string];
    const targetType = scope === 'flow' ? flowVariables[name]?.type : undefined;
    if (scope === 'flow' && !targetType) {
      report(field, `flow.${name} is not a declared flow variable`);
      continue;
    }
    const read = typeOfPath(source, flowVariables, declaredOutputs);
    if (read.problem) report(field, read.problem);
    else if (!compatible(read.type, targetType)) report(field, `type mismatch: ${source} is ${read.type}, ${target} is ${targetType}`);
  }
}

function checkGraph(flow: FlowDefinition, types: Map<string, NodeType>, report: (field: string, message: string, node?: string) => void): void {
  const nodes = new Map(flow.nodes.map((node) => [node.id, node]));
  if (!nodes.has(flow.start)) report('start', `start node "${flow.start}" does not exist`);
  const portsOf = (node: NodeDefinition) => types.get(node.id)?.ports(node.config ?? {});

  const linked = new Set<string>();
  flow.links.forEach((link, index) => {
    const from = nodes.get(link.from);
    if (!from) report(`links/${index}/from`, `link leaves from unknown node "${link.from}"`);
    if (!nodes.has(link.to)) report(`links/${index}/to`, `port "${link.output}" links to unknown node "${link.to}"`, link.from);
    const ports = from && portsOf(from);
    if (ports && !ports.includes(link.output)) {
      report(`links/${index}/output`, `node type "${from.type}" has no port "${link.output}" (ports: ${ports.join(', ') || 'none'})`, link.from);
    }
    const key = `${link.from}\u0000${link.output}`;
    if (linked.has(key)) report(`links/${index}`, `port "${link.output}" is linked more than once`, link.from);
    linked.add(key);
  });
  for (const node of flow.nodes) {
    for (const port of portsOf(node) ?? []) {
      if (!linked.has(`${node.id}\u0000${port}`)) report(`ports/${port}`, `port "${port}" is not linked`, node.id);
    }
  }

  const reachable = reachableFrom(flow);
  for (const node of flow.nodes) {
    if (!reachable.has(node.id)) report('id', `unreachable from the start node "${flow.start}"`, node.id);
  }
  const ends = flow.nodes.filter((node) => node.type === endNodeType);
  if (ends.length === 0) report('nodes', `the flow has no end node (type "${endNodeType}")`);
  else if (!ends.some((node) => reachable.has(node.id))) report('nodes', 'no end node is reachable from the start node');
}

function reachableFrom(flow: FlowDefinition): Set<string> {
  const reached = new Set<string>();
  const pending = [flow.start];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const link of flow.links) if (link.from === id) pending.push(link.to);
  }
  return reached;
}

function validatorFor(schema: object): ValidateFunction {
  let validate = schemaValidators.get(schema);
  if (!validate) {
    validate = pluginAjv.compile(schema);
    schemaValidators.set(schema, validate);
  }
  return validate;
}

function schemaErrors(validate: ValidateFunction): ErrorObject[] {
  return validate.errors ?? [];
}

/** A schema error as an issue; an error inside a node names that node (by id, else by position). */
function schemaIssue(path: string, raw: unknown, error: ErrorObject): FlowIssue {
  const pointer = error.instancePath.replace(/^\//, '');
  const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params['additionalProperty'])}"` : '';
  const message = `${error.message ?? 'is invalid'}${extra}`;
  const inNode = /^nodes\/(\d+)(?:\/(.*))?$/.exec(pointer);
  if (!inNode) return { path, field: pointer || '(root)', message };
  const id = (raw as { nodes: Array<{ id?: unknown }> }).nodes[Number(inNode[1])]?.id;
  return { path, node: typeof id === 'string' ? id : `#${inNode[1]}`, field: inNode[2] ?? '(node)', message };
}
