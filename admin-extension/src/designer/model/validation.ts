/** The validate answer of `POST /io/flows/{id}/validate` and where its issues belong on the canvas. */
import type { KnownPorts } from './catalog.js';

export interface ValidationIssue {
  /** The flow the issue is in: the candidate (`{id}@{n}` or `flow`) or a library flow. */
  path: string;
  node?: string | null;
  field: string;
  message: string;
}

export interface ValidationAnswer {
  valid: boolean;
  issues: ValidationIssue[];
  warnings: unknown[];
  /** Each node's ports as the bridge's node types compute them from its config. */
  nodes?: KnownPorts;
}

export interface PlacedIssues {
  /** Issues of the candidate naming one of its nodes, by node id. */
  byNode: Map<string, ValidationIssue[]>;
  /** Everything else: the flow's own fields, library flows, nodes no longer on the canvas. */
  flowLevel: ValidationIssue[];
}

const inCandidate = (flowId: string, path: string) => path === 'flow' || path === flowId || path.startsWith(`${flowId}@`);

export function placeIssues(flowId: string, nodeIds: Iterable<string>, issues: readonly ValidationIssue[]): PlacedIssues {
  const present = new Set(nodeIds);
  const byNode = new Map<string, ValidationIssue[]>();
  const flowLevel: ValidationIssue[] = [];
  for (const issue of issues) {
    const node = issue.node ?? undefined;
    if (node !== undefined && present.has(node) && inCandidate(flowId, issue.path)) byNode.set(node, [...(byNode.get(node) ?? []), issue]);
    else flowLevel.push(issue);
  }
  return { byNode, flowLevel };
}
