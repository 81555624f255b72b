/**
 * The taint rule of flow validation: a node input declared `serverSideOnly` (e.g. the user id a
 * Keycloak node acts on) must not read a value that a screen or the request supplied.
 *
 * Untrusted at the source:
 * - every variable an interactive node (a screen, a redirect's return) writes with its outputs;
 * - what the request says about itself: `context.clientIp`, `context.userAgent`;
 * - a library flow's declared `inputs` (its caller may pass screen input), and what a `call-flow`
 *   node outputs (its library may have taken it from a screen).
 * Propagation: a variable is untrusted when any node writes it from an untrusted value, i.e. when
 * the output mapping, the node's input mappings or the node's config expressions read an untrusted
 * variable. Exception: a non-interactive node's output its type declares `serverIssued` (an id
 * Keycloak generated for what the node created), mapped as exactly `result.<name>`, is trusted
 * whatever the node read: a screen chose the new user's name, not which user the id names.
 * The analysis ignores the order of the steps (a write anywhere in the flow counts), and an
 * expression that reads a whole scope (`$lookup(flow, ...)`, `$`, wildcards) reads every variable
 * in it. Both err on the side of refusing.
 */
import type { FlowIssue } from '../errors.js';
import { compileExpression } from './expressions.js';
import type { FlowDefinition, NodeDefinition } from './flow.js';
import type { NodeType } from './node-type.js';
import { callFlowNodeType } from './validate-flow.js';

/** `flow.x`, `session.x`, `context.x`; `flow.*` etc. for a whole scope, `*` for everything. */
type Read = string;

const requestFacts = ['context.clientIp', 'context.userAgent'];
const scopes = ['flow', 'session', 'context'];

export function untrustedInputIssues(flow: FlowDefinition, types: ReadonlyMap<string, NodeType>, path: string): FlowIssue[] {
  const origins = untrustedVariables(flow, types);
  const issues: FlowIssue[] = [];
  for (const node of flow.nodes) {
    const type = types.get(node.id);
    if (!type || node.type === callFlowNodeType) continue;
    for (const [name, declaration] of Object.entries(type.inputs(node.config ?? {}))) {
      const source = node.inputs?.[name];
      if (!declaration.serverSideOnly || source === undefined) continue;
      const tainted = firstUntrusted(readsOf(source), origins);
      if (tainted)
        issues.push({
          path,
          node: node.id,
          field: `inputs/${name}`,
          message: `must not come from a screen or the request, but reads ${tainted.read} (${tainted.origin})`,
        });
    }
  }
  return issues;
}

/** Untrusted variable -> why, to a fixed point. */
function untrustedVariables(flow: FlowDefinition, types: ReadonlyMap<string, NodeType>): Map<string, string> {
  const origins = new Map<string, string>(requestFacts.map((fact) => [fact, 'supplied by the request']));
  for (const name of Object.keys(flow.inputs ?? {})) origins.set(`flow.${name}`, "a flow input: its caller may pass a screen's value");
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of flow.nodes) {
      const type = types.get(node.id);
      const nodeOrigin = type?.interactive
        ? `written by node "${node.id}" from what the browser sent`
        : node.type === callFlowNodeType
          ? `output of library call "${node.id}"`
          : undefined;
      const fromInputs = firstUntrusted(nodeReads(node), origins);
      const issued = nodeOrigin === undefined && type ? serverIssuedOutputs(type, node) : new Set<string>();
      for (const [target, source] of Object.entries(node.outputs ?? {})) {
        if (origins.has(target)) continue;
        const from = firstUntrusted(readsOf(source), origins) ?? (issued.has(source.trim()) ? undefined : fromInputs);
        const origin = nodeOrigin ?? (from ? `written by node "${node.id}" from ${from.read}` : undefined);
        if (!origin) continue;
        origins.set(target, origin);
        changed = true;
      }
    }
  }
  return origins;
}

/** The mapping sources `result.<name>` of the outputs the node's type declares server-issued. */
function serverIssuedOutputs(type: NodeType, node: NodeDefinition): Set<string> {
  const outputs = Object.entries(type.outputs(node.config ?? {}));
  return new Set(outputs.filter(([, declaration]) => declaration.serverIssued).map(([name]) => `result.${name}`));
}

/** What a node's input mappings and config expressions read (its results may derive from them). */
function nodeReads(node: NodeDefinition): Read[] {
  return [...Object.values(node.inputs ?? {}), ...strings(node.config)].flatMap(readsOf);
}

function firstUntrusted(reads: Read[], origins: Map<string, string>): { read: string; origin: string } | undefined {
  for (const read of reads) {
    const wildcard = read === '*' ? '' : read.endsWith('.*') ? read.slice(0, -1) : undefined;
    for (const [variable, origin] of origins) {
      if (variable === read || (wildcard !== undefined && variable.startsWith(wildcard))) return { read: wildcard === undefined ? read : variable, origin };
    }
  }
  return undefined;
}

/** The variables an expression reads; a string that is not an expression reads nothing. */
function readsOf(source: string): Read[] {
  if (!/\b(flow|session|context)\b|\$|\*/.test(source)) return [];
  let ast: unknown;
  try {
    ast = compileExpression(source).ast();
  } catch {
    return [];
  }
  const reads: Read[] = [];
  walk(ast, reads, new Set());
  return reads;
}

type Ast = { type?: string; value?: unknown; steps?: Ast[]; stages?: unknown; predicate?: unknown; [key: string]: unknown };

function walk(node: unknown, reads: Read[], seen: Set<object>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const ast = node as Ast;
  if (ast.type === 'path' && Array.isArray(ast.steps)) {
    const [first, second] = ast.steps;
    if (first?.type === 'name' && scopes.includes(first.value as string)) {
      const named = second?.type === 'name' && first.stages === undefined && first.predicate === undefined;
      reads.push(named ? `${first.value as string}.${second.value as string}` : `${first.value as string}.*`);
      if (named) seen.add(first); // not a read of the whole scope
    } else if (first?.type === 'wildcard' || first?.type === 'descendant') reads.push('*');
  } else if (ast.type === 'name' && scopes.includes(ast.value as string)) reads.push(`${ast.value as string}.*`);
  else if (ast.type === 'variable' && (ast.value === '' || ast.value === '$')) reads.push('*');
  for (const child of Object.values(ast)) walk(child, reads, seen);
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(strings);
}
