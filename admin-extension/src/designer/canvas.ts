/**
 * The reactflow nodes and edges of a flow definition, for every canvas (`FlowCanvas`): the
 * designer's (editable, with selection and validation issues) and the read-only views' (the
 * executions page's funnel: how many journeys reached each node and left by each port; the
 * versions page's diff: the union of two versions, what was added, removed or changed marked).
 * Pure (no React rendering, no styles), so it is tested in node.
 */
import { MarkerType, type Edge, type Node } from 'reactflow';
import type { FlowNodeData, NodeCounts } from './FlowNode.js';
import {
  autoLayout,
  linkKey,
  portsOf,
  type DiffMark,
  type DiffMarks,
  type FlowDefinition,
  type KnownPorts,
  type Position,
  type ValidationIssue,
} from './model/index.js';
import { nodeTypeCatalog } from './node-types.js';

export type { NodeCounts } from './FlowNode.js';

export interface CanvasOptions {
  /** Ports by node id from the bridge's validate answer (else the catalog's). */
  ports?: KnownPorts;
  issues?: ReadonlyMap<string, ValidationIssue[]>;
  selectedNodes?: readonly string[];
  selectedEdges?: readonly string[];
  /** Nodes being dragged, drawn where they are now. */
  dragging?: Readonly<Record<string, Position>>;
  /** Funnel numbers by node id: drawn on the nodes ("reached N") and on the links (port: N). */
  counts?: Readonly<Record<string, NodeCounts>>;
  /**
   * A version diff (`diffGraph`): the marks, drawn on the nodes and links with their names (the
   * words are the caller's translations, e.g. "added"), never by colour alone.
   */
  diff?: { marks: DiffMarks; names: Readonly<Record<DiffMark, string>> };
}

export const edgeId = (from: string, output: string) => `${from}\u0000${output}`;

/** The reactflow nodes and edges of `flow`: exactly its nodes and links, nothing else. */
export function toCanvas(flow: FlowDefinition, options: CanvasOptions = {}): { nodes: Array<Node<FlowNodeData>>; edges: Edge[] } {
  // Nodes without a saved position are drawn where auto-layout would put them (the definition is unchanged).
  const placed = flow.nodes.some((node) => !node.ui) ? autoLayout(flow) : flow;
  const nodes = flow.nodes.map((node, index) => {
    const marked = options.diff?.marks.nodes[node.id];
    return {
      id: node.id,
      type: 'io',
      position: options.dragging?.[node.id] ?? node.ui ?? placed.nodes[index]!.ui!,
      selected: options.selectedNodes?.includes(node.id) ?? false,
      data: {
        node,
        kind: nodeTypeCatalog.get(node.type)?.kind,
        ports: portsOf(flow, node, nodeTypeCatalog, options.ports),
        issues: options.issues?.get(node.id) ?? [],
        isStart: node.id === flow.start,
        counts: options.counts ? (options.counts[node.id] ?? { reached: 0, left: {} }) : undefined,
        diff: marked && { ...marked, name: options.diff!.names[marked.mark] },
      },
    };
  });
  const edges = flow.links.map((link) => {
    // A diff's union may link one port twice (the removed link and the added one).
    const id = options.diff ? linkKey(link) : edgeId(link.from, link.output);
    const count = options.counts ? (options.counts[link.from]?.left[link.output] ?? 0) : undefined;
    const mark = options.diff?.marks.links[linkKey(link)];
    const label = count !== undefined ? `${link.output}: ${count}` : mark ? `${link.output} (${options.diff!.names[mark]})` : link.output;
    return {
      id,
      source: link.from,
      sourceHandle: link.output,
      target: link.to,
      label,
      // The accessible name starts with what the edge shows (axe: label-content-name-mismatch).
      ariaLabel: `${label} (${link.from} → ${link.to})`,
      className: mark && `io-diff-edge io-diff-edge--${mark}`,
      selected: options.selectedEdges?.includes(id) ?? false,
      markerEnd: { type: MarkerType.ArrowClosed },
    };
  });
  return { nodes, edges };
}
