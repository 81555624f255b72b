/**
 * Checks across flows, which only the catalog can run (it sees them all): every `call-flow` node
 * names an existing library flow, maps its required inputs with compatible types, reads only its
 * declared outputs, and no flow calls itself, directly or through others.
 */
import type { FlowIssue } from '../errors.js';
import { flowRef, type FlowDefinition, type NodeDefinition } from './flow.js';
import { callFlowNodeType, compatible, declaredFlowVariables, typeOfPath } from './validate-flow.js';

export interface CatalogEntry {
  flow: FlowDefinition;
  /** File or flow reference, for the issues. */
  path: string;
}

const calledRef = (node: NodeDefinition): string | undefined => {
  const ref = node.config?.['flow'];
  return typeof ref === 'string' ? ref : undefined;
};

export function checkCalls(entries: readonly CatalogEntry[], lookup: (ref: string) => FlowDefinition | undefined): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const calls = new Map<string, Array<{ node: NodeDefinition; callee: FlowDefinition; path: string }>>();

  for (const { flow, path } of entries) {
    const edges: Array<{ node: NodeDefinition; callee: FlowDefinition; path: string }> = [];
    calls.set(flowRef(flow), edges);
    for (const node of flow.nodes.filter((candidate) => candidate.type === callFlowNodeType)) {
      const report = (field: string, message: string) => issues.push({ path, node: node.id, field, message });
      const ref = calledRef(node);
      const callee = ref === undefined ? undefined : lookup(ref);
      if (!callee) {
        report('config/flow', `no flow "${ref}" in the catalog`);
        continue;
      }
      if (callee.category !== 'library') {
        report('config/flow', `flow "${ref}" is of category ${callee.category}; only library flows can be called`);
        continue;
      }
      edges.push({ node, callee, path });
      checkCallMappings(flow, node, callee, report);
    }
  }
  issues.push(...recursionIssues(calls));
  return issues;
}

function checkCallMappings(caller: FlowDefinition, node: NodeDefinition, callee: FlowDefinition, report: (field: string, message: string) => void): void {
  const callerVariables = declaredFlowVariables(caller);
  const libraryInputs = callee.inputs ?? {};
  for (const [name, source] of Object.entries(node.inputs ?? {})) {
    const declared = libraryInputs[name];
    if (!declared) {
      report(`inputs/${name}`, `library flow "${callee.id}" has no input "${name}" (inputs: ${Object.keys(libraryInputs).join(', ') || 'none'})`);
      continue;
    }
    const read = typeOfPath(source, callerVariables, undefined);
    if (!read.problem && !compatible(read.type, declared.type))
      report(`inputs/${name}`, `type mismatch: ${source} is ${read.type}, input "${name}" of "${callee.id}" expects ${declared.type}`);
  }
  for (const [name, declared] of Object.entries(libraryInputs)) {
    if (declared.required && node.inputs?.[name] === undefined)
      report(`inputs/${name}`, `required input "${name}" of library flow "${callee.id}" is not mapped`);
  }
  for (const [target, source] of Object.entries(node.outputs ?? {})) {
    const [scope, name] = target.split('.') as [string, string];
    const targetType = scope === 'flow' ? callerVariables[name]?.type : undefined;
    const read = typeOfPath(source, callerVariables, callee.outputs ?? {});
    if (read.problem) report(`outputs/${target}`, read.problem);
    else if (!compatible(read.type, targetType)) report(`outputs/${target}`, `type mismatch: ${source} is ${read.type}, ${target} is ${targetType}`);
  }
}

/** One issue per call node that closes a cycle of calls. */
function recursionIssues(calls: Map<string, Array<{ node: NodeDefinition; callee: FlowDefinition; path: string }>>): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const done = new Set<string>();
  const visit = (ref: string, chain: string[]) => {
    if (done.has(ref)) return;
    for (const edge of calls.get(ref) ?? []) {
      const target = flowRef(edge.callee);
      if (chain.includes(target) || target === ref) {
        const cycle = target === ref ? [ref, ref] : [...chain.slice(chain.indexOf(target)), ref, target];
        issues.push({ path: edge.path, node: edge.node.id, field: 'config/flow', message: `recursive call: ${cycle.join(' -> ')}` });
        continue;
      }
      visit(target, [...chain, ref]);
    }
    done.add(ref);
  };
  for (const ref of calls.keys()) visit(ref, []);
  return issues;
}
