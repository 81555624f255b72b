/**
 * The canvas of a flow definition: its nodes and links as reactflow draws them, shared by the
 * designer (editable, with selection and validation issues) and read-only views (the executions
 * page's funnel: how many journeys reached each node and left by each port).
 */
import { useTranslation } from 'react-i18next';
import ReactFlow, { Background, Controls, MarkerType, type Edge, type Node, type ReactFlowProps } from 'reactflow';
import 'reactflow/dist/style.css';
import { FlowNode, type FlowNodeData, type NodeCounts } from './FlowNode.js';
import { autoLayout, portsOf, type FlowDefinition, type KnownPorts, type Position, type ValidationIssue } from './model/index.js';
import { nodeTypeCatalog } from './node-types.js';
import './designer.css';

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
}

const nodeTypes = { io: FlowNode };

export const edgeId = (from: string, output: string) => `${from}\u0000${output}`;

/** The reactflow nodes and edges of `flow`: exactly its nodes and links, nothing else. */
export function toCanvas(flow: FlowDefinition, options: CanvasOptions = {}): { nodes: Array<Node<FlowNodeData>>; edges: Edge[] } {
  // Nodes without a saved position are drawn where auto-layout would put them (the definition is unchanged).
  const placed = flow.nodes.some((node) => !node.ui) ? autoLayout(flow) : flow;
  const nodes = flow.nodes.map((node, index) => ({
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
    },
  }));
  const edges = flow.links.map((link) => {
    const id = edgeId(link.from, link.output);
    const count = options.counts ? (options.counts[link.from]?.left[link.output] ?? 0) : undefined;
    const label = count === undefined ? link.output : `${link.output}: ${count}`;
    return {
      id,
      source: link.from,
      sourceHandle: link.output,
      target: link.to,
      label,
      // The accessible name starts with what the edge shows (axe: label-content-name-mismatch).
      ariaLabel: `${label} (${link.from} → ${link.to})`,
      selected: options.selectedEdges?.includes(id) ?? false,
      markerEnd: { type: MarkerType.ArrowClosed },
    };
  });
  return { nodes, edges };
}

/** reactflow with IO's node view, background, zoom/fit controls; editing is whatever the props allow. */
export function FlowCanvas(props: ReactFlowProps) {
  const { t } = useTranslation();
  return (
    <ReactFlow nodeTypes={nodeTypes} fitView aria-label={t('ioDesigner.canvas', 'Flow canvas')} {...props}>
      <Background />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
